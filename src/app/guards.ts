import type { FastifyReply, FastifyRequest } from 'fastify'
import { forbidden, Problem } from '../kernel/problem.ts'
import { can, type Permission } from '../modules/identity/roles.ts'
import type { CurrentUser } from '../modules/identity/store.ts'

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/')

/**
 * preHandler: the request must come from a signed-in user. Pages send the
 * visitor to sign in and back; the API answers 401.
 *
 * @example
 * app.get('/people', { preHandler: signedIn }, handler)
 */
export async function signedIn(request: FastifyRequest, reply: FastifyReply) {
  if (request.user) return
  if (isApi(request))
    throw new Problem(401, 'Sign in required', 'Send a bearer token from POST /api/v1/session')
  return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`)
}

/**
 * preHandler: signed in and holding a permission, else 403.
 *
 * @example
 * app.get('/audit', { preHandler: allow('audit') }, handler)
 */
export function allow(permission: Permission) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.user) return signedIn(request, reply)
    if (!can(request.user.role, permission)) throw forbidden()
  }
}

/** The signed-in user of a guarded route. */
export function currentUser(request: FastifyRequest): CurrentUser {
  if (!request.user) throw new Problem(401, 'Sign in required', 'Sign in required')
  return request.user
}
