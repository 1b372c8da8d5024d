import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  bearerToken,
  forgetSession,
  SESSION_COOKIE,
  setSessionCookie,
} from '../../app/plugins/authentication.ts'
import type { AppServices } from '../../app/services.ts'
import { Problem } from '../../kernel/problem.ts'
import { fieldErrors } from '../../kernel/validation.ts'
import { recordAudit } from '../audit/store.ts'
import { can } from './roles.ts'
import { credentialsSchema, SIGN_IN_FAILED, signIn } from './sign-in.ts'
import { API_TOKEN_DAYS, endSession, WEB_SESSION_HOURS } from './store.ts'
import { workWaiting } from './work-waiting.ts'

/** Sign in and out, on pages and on the API, and the home page. */
export async function identityRoutes(app: FastifyInstance, services: AppServices) {
  const { database, config } = services
  const limit = services.loginRateLimit ?? { max: 10, timeWindowMs: 15 * 60_000 }
  // preHandler, not onRequest: the key needs the email, which is in the parsed body.
  await app.register(rateLimit, { global: false, hook: 'preHandler' })
  // Per address and email, so one person's mistakes do not lock out a shared office.
  const signInLimit = {
    rateLimit: {
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      keyGenerator: (request: FastifyRequest) =>
        `${request.ip}|${String((request.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
    },
  }

  app.get('/sign-in', { schema: { hide: true } }, async (request, reply) => {
    if (request.user) return reply.redirect('/')
    const done = (request.query as { done?: unknown }).done
    return reply.view('identity/views/sign-in.njk', {
      title: 'Sign in',
      returnTo: safeReturnTo(request),
      flash: done === 'password-set' ? 'Your password is set: sign in with it' : undefined,
    })
  })

  app.post('/sign-in', { schema: { hide: true }, config: signInLimit }, async (request, reply) => {
    const returnTo = safeReturnTo(request)
    const parsed = credentialsSchema.safeParse(request.body ?? {})
    const email = String((request.body as { email?: unknown } | undefined)?.email ?? '')
    if (!parsed.success) {
      return reply.code(422).view('identity/views/sign-in.njk', {
        title: 'Sign in',
        errors: fieldErrors(parsed.error),
        email,
        returnTo,
      })
    }
    const token = await signIn(database, 'web', parsed.data, services.now())
    if (!token) {
      return reply.code(401).view('identity/views/sign-in.njk', {
        title: 'Sign in',
        errors: [{ field: 'email', message: SIGN_IN_FAILED }],
        email,
        returnTo,
      })
    }
    setSessionCookie(reply, token, config.secureCookies, WEB_SESSION_HOURS * 3600)
    return reply.redirect(returnTo)
  })

  app.post('/sign-out', { schema: { hide: true } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE]
    if (token) {
      await endSession(database.db, token)
      forgetSession(app, 'web', token)
    }
    if (request.user) {
      await recordAudit(database.db, {
        councilId: request.user.councilId,
        userId: request.user.id,
        action: 'sign-out',
        recordType: 'session',
      })
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.redirect('/sign-in')
  })

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    if (!request.user) return reply.redirect('/sign-in')
    const user = request.user
    return reply.view('identity/views/home.njk', {
      title: 'Home',
      canCaseWork: can(user.role, 'caseWork'),
      canAllocate: can(user.role, 'allocate'),
      canArrange: can(user.role, 'arrangePackages'),
      work: await workWaiting(database, user, services.now()),
    })
  })

  app.post(
    '/api/v1/session',
    {
      config: signInLimit,
      schema: {
        tags: ['session'],
        summary: 'Sign in and get a bearer token',
        body: z.toJSONSchema(
          z.object({ email: z.string(), password: z.string() }).meta({ description: 'Credentials' }),
        ),
      },
    },
    async (request, reply) => {
      const parsed = credentialsSchema.safeParse(request.body ?? {})
      const token = parsed.success ? await signIn(database, 'api', parsed.data, services.now()) : undefined
      if (!token) throw new Problem(401, 'Sign in failed', SIGN_IN_FAILED)
      return reply.code(201).send({ token, expiresInSeconds: API_TOKEN_DAYS * 86_400 })
    },
  )

  app.delete(
    '/api/v1/session',
    { schema: { tags: ['session'], summary: 'End the bearer token’s session' } },
    async (request, reply) => {
      const token = bearerToken(request)
      if (!request.user || !token) throw new Problem(401, 'Sign in required', 'Send the bearer token to end')
      await endSession(database.db, token)
      forgetSession(app, 'api', token)
      return reply.code(204).send()
    },
  )
}

/** Only a local path may be returned to, never another site. */
function safeReturnTo(request: FastifyRequest): string {
  const raw =
    (request.body as { returnTo?: unknown } | undefined)?.returnTo ??
    (request.query as { returnTo?: unknown } | undefined)?.returnTo
  return typeof raw === 'string' && /^\/(?!\/)[^\s\\]*$/.test(raw) ? raw : '/'
}
