import fastifyCsrf from '@fastify/csrf-protection'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { isAssetUrl } from './authentication.ts'

/**
 * Every form carries a token tied to a signed cookie; a POST without the right
 * token is refused. The API is exempt: it takes no cookies, only bearer tokens.
 */
export const csrf = fp(async (app: FastifyInstance, options: { secure: boolean }) => {
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'ascend_csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, signed: true, secure: options.secure },
    getToken: (request) => (request.body as { _csrf?: string } | undefined)?._csrf,
  })
  app.addHook('preHandler', (request, reply, done) => {
    const isPage = !request.url.startsWith('/api/') && !isAssetUrl(request.url)
    if (!isPage) return done()
    // A form re-rendered after a POST (with its errors) needs a token as much as a fresh one.
    const exposeToken = () => {
      reply.locals = { ...reply.locals, csrfToken: reply.generateCsrf() }
      done()
    }
    if (request.method === 'GET' || request.method === 'HEAD') return exposeToken()
    app.csrfProtection(request, reply, (error?: Error) => (error ? done(error) : exposeToken()))
  })
})
