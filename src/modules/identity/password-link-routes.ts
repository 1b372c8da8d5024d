import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppServices } from '../../app/services.ts'
import { type FieldError, ValidationProblem } from '../../kernel/problem.ts'
import { setPasswordByLink, userOfPasswordLink } from './user-admin.ts'
import { MIN_PASSWORD_LENGTH } from './user-inputs.ts'

/**
 * Where a user sets their password from the link an administrator gave them,
 * signed out: /set-password?link=…. The page names the user: it is kept out
 * of caches, search engines and other sites' logs.
 */
export async function passwordLinkRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const secretOf = (request: FastifyRequest) =>
    String(
      (request.query as { link?: unknown }).link ??
        (request.body as { link?: unknown } | undefined)?.link ??
        '',
    )
  const private_ = (reply: FastifyReply) =>
    reply
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      .header('referrer-policy', 'no-referrer')

  app.get('/set-password', { schema: { hide: true } }, async (request, reply) => {
    const secret = secretOf(request)
    const user = await userOfPasswordLink(database, secret, services.now())
    if (!user) return gone(private_(reply))
    return form(private_(reply), user, secret)
  })

  app.post('/set-password', { schema: { hide: true } }, async (request, reply) => {
    const secret = secretOf(request)
    try {
      const user = await setPasswordByLink(database, secret, request.body, services.now())
      if (!user) return gone(private_(reply))
      return private_(reply).redirect('/sign-in?done=password-set', 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const user = await userOfPasswordLink(database, secret, services.now())
      if (!user) return gone(private_(reply))
      return form(private_(reply.code(422)), user, secret, error.errors)
    }
  })

  function form(
    reply: FastifyReply,
    user: NonNullable<Awaited<ReturnType<typeof userOfPasswordLink>>>,
    secret: string,
    errors?: FieldError[],
  ) {
    return reply.view('identity/views/set-password.njk', {
      title: 'Set your password',
      account: {
        name: user.display_name,
        email: user.email,
        councilName: user.council_name,
        synthetic: user.synthetic,
      },
      link: secret,
      minLength: MIN_PASSWORD_LENGTH,
      errors,
    })
  }

  function gone(reply: FastifyReply) {
    return reply.code(404).view('identity/views/password-link-gone.njk', { title: 'This link does not work' })
  }
}
