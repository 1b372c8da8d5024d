import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { dateInputErrors, dateInputValues, readDateInputs } from '../../kernel/date-input.ts'
import { isoDay } from '../../kernel/dates.ts'
import { pathId } from '../../kernel/path-id.ts'
import { forbidden, notFound, ValidationProblem } from '../../kernel/problem.ts'
import { openApiBody } from '../../kernel/validation.ts'
import { fundStatement, fundsHeldBy } from '../accounts/actions.ts'
import { STATEMENT_FROM, STATEMENT_TO } from '../accounts/inputs.ts'
import type { CurrentUser } from '../identity/store.ts'
import { addService, changeProvider, changeService, readProvider, readService } from './actions.ts'
import { providerFromForm, providerSchema, serviceFromForm, serviceSchema } from './inputs.ts'
import {
  providerFormValues,
  providerJson,
  providerView,
  renderProviderForm,
  renderServiceForm,
  serviceFormValues,
  serviceJson,
  serviceRowView,
} from './listing-views.ts'
import type { ProviderRow } from './store.ts'

type Form = Record<string, unknown>
const BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Your listing', href: '/provider' },
]

/**
 * A provider's own pages and API: its users keep its directory listing (its
 * details and services) as the council's commissioners do, except whether
 * it is listed at all, which stays the council's. Every change is audited
 * as theirs.
 */
export async function providerPortalRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const own = { preHandler: allow('ownListing') }
  const today = () => isoDay(services.now())
  const form = (request: FastifyRequest) => (request.body ?? {}) as Form

  /** The user's own provider: a provider user belongs to one (the database holds them to it). */
  async function ownProvider(user: CurrentUser) {
    if (!user.providerId) throw forbidden()
    return readProvider(database, user, user.providerId)
  }
  /** A service of the user's own provider; another's is not found. */
  async function ownService(user: CurrentUser, request: FastifyRequest) {
    const service = await readService(
      database,
      user,
      pathId((request.params as { id: string }).id, 'Service'),
    )
    if (service.provider_id !== user.providerId) throw notFound('Service')
    return service
  }
  /** A change to the details keeps the status: whether a provider is listed is the council's to say. */
  const keepingStatus = (provider: ProviderRow, body: unknown) => ({
    ...(typeof body === 'object' && body !== null ? body : {}),
    status: provider.status,
  })

  app.get(
    '/api/v1/provider',
    {
      ...own,
      schema: {
        tags: ['provider'],
        summary: 'Your provider’s listing in the council’s directory, with its services',
      },
    },
    async (request) => {
      const { provider, services: list } = await ownProvider(currentUser(request))
      return providerJson(provider, list)
    },
  )

  app.put(
    '/api/v1/provider',
    {
      ...own,
      schema: {
        tags: ['provider'],
        summary: 'Change your provider’s details (its status stays the council’s)',
        body: openApiBody(providerSchema.omit({ status: true })),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const { provider } = await ownProvider(user)
      return providerJson(
        await changeProvider(database, user, provider.id, keepingStatus(provider, request.body)),
      )
    },
  )

  app.post(
    '/api/v1/provider/services',
    {
      ...own,
      schema: {
        tags: ['provider'],
        summary: 'Add a service to your listing',
        body: openApiBody(serviceSchema),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const { provider } = await ownProvider(user)
      return reply.code(201).send(serviceJson(await addService(database, user, provider.id, request.body)))
    },
  )

  app.put(
    '/api/v1/provider/services/:id',
    {
      ...own,
      schema: {
        tags: ['provider'],
        summary: 'Change one of your services',
        params: z.toJSONSchema(z.object({ id: z.uuid() })),
        body: openApiBody(serviceSchema),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const service = await ownService(user, request)
      return serviceJson(await changeService(database, user, service.id, request.body))
    },
  )

  // Pages

  app.get('/provider', { ...own, schema: { hide: true } }, async (request, reply) => {
    const { provider, services: list } = await ownProvider(currentUser(request))
    const done = String((request.query as Form).done ?? '')
    return reply.view('market/views/provider.njk', {
      title: `Your listing: ${provider.name}`,
      breadcrumbs: [{ text: 'Home', href: '/' }],
      flash: { changed: 'Your details are saved', service: 'Service saved' }[done],
      canManage: true,
      own: true,
      links: { edit: '/provider/edit', addService: '/provider/services/new', services: '/provider/services' },
      provider: providerView(provider),
      services: list.map((s) => serviceRowView(s, provider)),
      funds: await fundsHeldBy(database, currentUser(request), today()),
    })
  })

  app.get('/provider/funds/:id/statement', { ...own, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const accountId = pathId((request.params as { id: string }).id, 'Budget account')
    const asked = request.query as Form
    const dates = readDateInputs(asked, [STATEMENT_FROM, STATEMENT_TO])
    const page = {
      statementHref: `/provider/funds/${accountId}/statement`,
      back: { href: '/provider', text: 'Back to your listing' },
      breadcrumbs: BREADCRUMBS,
    }
    try {
      if (dates.errors.length > 0) throw new ValidationProblem([])
      const statement = await fundStatement(database, user, accountId, dates.values, today())
      return reply.view('accounts/views/statement.njk', {
        ...page,
        title: `Statement: individual service fund of ${statement.account.personName}`,
        ...statement,
        values: { ...dateInputValues('from', statement.from), ...dateInputValues('to', statement.to) },
      })
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const statement = await fundStatement(database, user, accountId, {}, today())
      return reply.code(422).view('accounts/views/statement.njk', {
        ...page,
        title: `Statement: individual service fund of ${statement.account.personName}`,
        account: statement.account,
        values: asked,
        errors: dateInputErrors(dates, error.errors),
      })
    }
  })

  app.get(
    '/api/v1/provider/funds',
    { ...own, schema: { tags: ['provider'], summary: 'The individual service funds your provider holds' } },
    async (request) => ({ funds: await fundsHeldBy(database, currentUser(request), today()) }),
  )

  app.get(
    '/api/v1/provider/funds/:id/statement',
    {
      ...own,
      schema: {
        tags: ['provider'],
        summary:
          'The statement of a fund your provider holds: ?from=&to= (ISO dates), by default the last three months',
        params: z.toJSONSchema(z.object({ id: z.uuid() })),
      },
    },
    async (request) =>
      fundStatement(
        database,
        currentUser(request),
        pathId((request.params as { id: string }).id, 'Budget account'),
        request.query,
        today(),
      ),
  )

  app.get('/provider/edit', { ...own, schema: { hide: true } }, async (request, reply) => {
    const { provider } = await ownProvider(currentUser(request))
    return providerPage(reply, provider, providerFormValues(provider))
  })

  app.post('/provider/edit', { ...own, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const { provider } = await ownProvider(user)
    const values = form(request)
    try {
      await changeProvider(database, user, provider.id, keepingStatus(provider, providerFromForm(values)))
      return reply.redirect('/provider?done=changed', 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return providerPage(reply.code(422), provider, values, error.errors)
    }
  })

  app.get('/provider/services/new', { ...own, schema: { hide: true } }, async (request, reply) => {
    const { provider } = await ownProvider(currentUser(request))
    return servicePage(reply, provider, undefined, { status: 'active' })
  })

  app.post('/provider/services/new', { ...own, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const { provider } = await ownProvider(user)
    const values = form(request)
    try {
      await addService(database, user, provider.id, serviceFromForm(values))
      return reply.redirect('/provider?done=service', 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return servicePage(reply.code(422), provider, undefined, values, error.errors)
    }
  })

  app.get('/provider/services/:id/edit', { ...own, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const service = await ownService(user, request)
    const { provider } = await ownProvider(user)
    return servicePage(reply, provider, service, serviceFormValues(service))
  })

  app.post('/provider/services/:id/edit', { ...own, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const service = await ownService(user, request)
    const { provider } = await ownProvider(user)
    const values = form(request)
    try {
      await changeService(database, user, service.id, serviceFromForm(values))
      return reply.redirect('/provider?done=service', 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return servicePage(reply.code(422), provider, service, values, error.errors)
    }
  })

  function providerPage(
    reply: FastifyReply,
    provider: ProviderRow,
    values: Form,
    errors?: ValidationProblem['errors'],
  ) {
    return renderProviderForm(reply, {
      provider,
      values,
      errors,
      action: '/provider/edit',
      breadcrumbs: BREADCRUMBS,
      withStatus: false,
    })
  }

  function servicePage(
    reply: FastifyReply,
    provider: ProviderRow,
    service: Awaited<ReturnType<typeof readService>> | undefined,
    values: Form,
    errors?: ValidationProblem['errors'],
  ) {
    return renderServiceForm(reply, provider, {
      service,
      values,
      errors,
      action: service ? `/provider/services/${service.id}/edit` : '/provider/services/new',
      breadcrumbs: BREADCRUMBS,
    })
  }
}
