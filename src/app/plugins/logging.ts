import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import fp from 'fastify-plugin'
import pino from 'pino'
import type { Config } from '../../config.ts'

/** Where log lines go instead of standard output (tests). */
interface LogStream {
  write(line: string): void
}

/**
 * pino options that keep personal data out of the logs: a request is logged
 * by method and path only (a search's query string names people), and no
 * header that carries a credential is ever written.
 *
 * Lines go to standard output without waiting for it: pino's default writes
 * each line with a blocking write() on the thread that answers requests, a
 * twentieth of a page's CPU under load. Written asynchronously, a line goes
 * out as soon as the one before has (those that come meanwhile go together),
 * and pino writes out what is left when the process exits.
 */
export function loggerOptions(config: Config, stream?: LogStream): FastifyServerOptions['logger'] {
  if (config.logLevel === 'silent') return false
  return {
    level: config.logLevel,
    stream: stream ?? pino.destination({ dest: 1, sync: false }),
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    serializers: {
      req: (request: { method: string; url: string; id: string }) => ({
        id: request.id,
        method: request.method,
        path: request.url.split('?')[0],
      }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
  }
}

/**
 * One line a request, once it is answered (method, path, status and time),
 * in place of Fastify's two (one as it arrives, one as it is answered): the
 * second held all the first did, and each line is serialised and written on
 * the thread that answers every request. Build the app with
 * `disableRequestLogging` (through its `LogController`). Errors are still logged as they happen.
 */
export const requestLog = fp(async (app: FastifyInstance) => {
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed')
    done()
  })
})
