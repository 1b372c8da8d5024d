import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { pathId } from '../../kernel/path-id.ts'
import { LINK_DAYS, makeHolderLink, statementByLink, withdrawHolderLink } from './holder-links.ts'

const BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Budget accounts', href: '/accounts' },
]

/**
 * Links for an account's holder to read its statement without signing in
 * (holder-links.ts): made and withdrawn by finance on the account's page and
 * the API, opened by anyone holding the link at /statements?link=….
 */
export async function holderLinkRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const accounts = { preHandler: allow('accounts') }
  const ids = (request: FastifyRequest) => {
    const params = request.params as { id: string; linkId?: string }
    return {
      accountId: pathId(params.id, 'Budget account'),
      linkId: params.linkId ? pathId(params.linkId, 'Statement link') : '',
    }
  }
  /** Where the link points: this service, as the person making it reached it. */
  const linkTo = (request: FastifyRequest, secret: string) =>
    `${request.protocol}://${request.host}/statements?link=${secret}`

  app.post('/accounts/:id/holder-links', { ...accounts, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const made = await makeHolderLink(database, user, ids(request).accountId, services.now())
    return reply.header('cache-control', 'no-store').view('accounts/views/holder-link.njk', {
      title: `A link to the statement: ${made.account.personName}`,
      breadcrumbs: [...BREADCRUMBS, { text: made.account.personName, href: `/accounts/${made.account.id}` }],
      account: made.account,
      url: linkTo(request, made.secret),
      expiresOn: made.expiresAt.toISOString().slice(0, 10),
      linkDays: LINK_DAYS,
    })
  })

  app.post(
    '/accounts/:id/holder-links/:linkId/withdraw',
    { ...accounts, schema: { hide: true } },
    async (request, reply) => {
      const { accountId, linkId } = ids(request)
      await withdrawHolderLink(database, currentUser(request), accountId, linkId, services.now())
      return reply.redirect(`/accounts/${accountId}?done=withdrawn`, 303)
    },
  )

  app.get('/statements', { schema: { hide: true } }, async (request, reply) => {
    const secret = String((request.query as { link?: unknown }).link ?? '')
    const statement = await statementByLink(database, secret, services.now())
    // The page names a person: kept out of caches and search engines, and its address out of other sites' logs.
    reply
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      .header('referrer-policy', 'no-referrer')
    if (!statement) return gone(reply)
    return reply.view('accounts/views/holder-statement.njk', {
      title: `Statement: ${statement.account.kindLabel.toLowerCase()} account`,
      ...statement,
      expiresOn: statement.expiresAt.toISOString().slice(0, 10),
    })
  })

  const linkParams = z.toJSONSchema(z.object({ id: z.uuid(), linkId: z.uuid().optional() }))

  app.post(
    '/api/v1/accounts/:id/holder-links',
    {
      ...accounts,
      schema: {
        tags: ['accounts'],
        summary: `Make a link for the account's holder to read its statement without signing in, for ${LINK_DAYS} days (the link is given once)`,
        params: linkParams,
      },
    },
    async (request, reply) => {
      const made = await makeHolderLink(
        database,
        currentUser(request),
        ids(request).accountId,
        services.now(),
      )
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ id: made.id, url: linkTo(request, made.secret), expiresAt: made.expiresAt.toISOString() })
    },
  )

  app.post(
    '/api/v1/accounts/:id/holder-links/:linkId/withdraw',
    {
      ...accounts,
      schema: {
        tags: ['accounts'],
        summary: 'Withdraw a holder’s link before it expires',
        params: linkParams,
      },
    },
    async (request, reply) => {
      const { accountId, linkId } = ids(request)
      await withdrawHolderLink(database, currentUser(request), accountId, linkId, services.now())
      return reply.code(204).send()
    },
  )
}

function gone(reply: FastifyReply) {
  return reply
    .code(404)
    .view('accounts/views/holder-link-gone.njk', { title: 'This link does not open a statement' })
}
