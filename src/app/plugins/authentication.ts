import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { type CurrentUser, userForSession } from '../../modules/identity/store.ts'
import type { AppServices } from '../services.ts'
import { SessionCache } from '../session-cache.ts'

export const SESSION_COOKIE = 'ascend_session'

declare module 'fastify' {
  interface FastifyInstance {
    sessionCache: SessionCache
  }
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
  const cache = new SessionCache()
  app.decorate('sessionCache', cache)
  app.decorateRequest('user', null)

  const lookUp = async (token: string, kind: 'web' | 'api') => {
    const key = `${kind}:${token}`
    const cached = cache.get(key, Date.now())
    if (cached) return cached
    const user = await userForSession(services.database.db, token, kind, services.now())
    if (user) cache.set(key, user, Date.now())
    return user ?? null
  }

  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (isAssetUrl(request.url)) return
    if (request.url.startsWith('/api/')) {
      const token = bearerToken(request)
      if (token) request.user = await lookUp(token, 'api')
      return
    }
    const token = request.cookies[SESSION_COOKIE]
    if (token) request.user = await lookUp(token, 'web')
  })
})

/** The token of an `Authorization: Bearer …` header. */
export const bearerToken = (request: FastifyRequest): string | undefined =>
  request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1]

/** Forgets a session this instance remembers, when it ends. */
export const forgetSession = (app: FastifyInstance, kind: 'web' | 'api', token: string) =>
  app.sessionCache.forget(`${kind}:${token}`)

export const isAssetUrl = (url: string) => /^\/(assets|govuk|moj|public)\//.test(url)

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure when configured. */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean, maxAgeSeconds: number) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: maxAgeSeconds,
  })
}
