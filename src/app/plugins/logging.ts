import type { FastifyServerOptions } from 'fastify'
import type { Config } from '../../config.ts'

/**
 * pino options that keep personal data out of the logs: a request is logged
 * by method and path only (a search's query string names people), and no
 * header that carries a credential is ever written.
 */
export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  if (config.logLevel === 'silent') return false
  return {
    level: config.logLevel,
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
