import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { type CurrentUser, userForSession } from '../../modules/identity/store.ts'
import type { AppServices } from '../services.ts'

export const SESSION_COOKIE = 'ascend_session'

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null. */
    user: CurrentUser | null
  }
}

/**
 * Finds who is asking: pages by the session cookie, the API by a bearer token.
 * Each token works only on its own side, so a stolen cookie is no API token.
 */
export const authentication = fp(async (app: FastifyInstance, services: AppServices) => {
  app.decorateRequest('user', null)
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (isAssetUrl(request.url)) return
    const now = services.now()
    if (request.url.startsWith('/api/')) {
      const header = request.headers.authorization
      const match = header?.match(/^Bearer\s+(\S+)$/i)
      if (match?.[1]) request.user = (await userForSession(services.database.db, match[1], 'api', now)) ?? null
      return
    }
    const token = request.cookies[SESSION_COOKIE]
    if (token) request.user = (await userForSession(services.database.db, token, 'web', now)) ?? null
  })
})

export const isAssetUrl = (url: string) => /^\/(assets|govuk|moj|public)\//.test(url)

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure when configured. */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean, maxAgeSeconds: number) {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: maxAgeSeconds })
}
