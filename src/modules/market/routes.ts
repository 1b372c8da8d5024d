import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { SERVICE_COMPONENTS } from '../../kernel/code-lists/cld.ts'
import { pathId } from '../../kernel/path-id.ts'
import { postcodeDistrict } from '../../kernel/postcode.ts'
import { type FieldError, ValidationProblem } from '../../kernel/problem.ts'
import { absent, openApiBody, pageNumber, parseInput } from '../../kernel/validation.ts'
import { can } from '../identity/roles.ts'
import {
  addProvider,
  addService,
  changeProvider,
  changeService,
  readProvider,
  readService,
} from './actions.ts'
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
import { type DirectoryFilter, type ProviderRow, type ServiceRow, searchDirectory } from './store.ts'

type Form = Record<string, unknown>
const PER_PAGE = 25
const BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Providers and services', href: '/market' },
]

const PAYMENT_CHOICES = ['direct_payment', 'individual_service_fund'] as const

/** The directory's search as a page or the API asks it. */
const directoryQuery = z.object({
  q: z.preprocess(absent, z.string().max(100, { error: 'Search for 100 characters or fewer' }).optional()),
  component: z.preprocess(
    absent,
    z.enum(SERVICE_COMPONENTS, { error: 'Choose a kind of service from the list' }).optional(),
  ),
  district: z.preprocess(
    absent,
    z
      .string()
      .transform((value, context) => {
        const district = postcodeDistrict(value)
        if (district === undefined) {
          context.addIssue({
            code: 'custom',
            message: 'Enter a postcode district like DN4, or a whole postcode',
          })
          return z.NEVER
        }
        return district
      })
      .optional(),
  ),
  payment: z.preprocess(
    absent,
    z.enum(PAYMENT_CHOICES, { error: 'Choose how the money is held from the list' }).optional(),
  ),
  all: z.preprocess(
    absent,
    z.literal('yes', { error: 'Give all=yes to include inactive services' }).optional(),
  ),
  page: pageNumber,
})

/**
 * The market (DESIGN.md capability 7): the council's directory of providers,
 * micro-providers and personal assistants and their services, kept by
 * commissioners, searched by those who plan care, and published openly as
 * Open Referral UK (HSDS 3.0 UK profile) at /hsds/{council code}/.
 */
export async function marketRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const read = { preHandler: allow('readMarket') }
  const manage = { preHandler: allow('manageMarket') }
  const body = (request: FastifyRequest) => (request.body ?? {}) as Form
  const id = (request: FastifyRequest, what: string) => pathId((request.params as { id: string }).id, what)

  app.get('/market', { ...read, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const asked = request.query as Form
    const parsed = directoryQuery.safeParse(asked)
    const errors: FieldError[] = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'q'), message: i.message }))
    const filter = parsed.success ? parsed.data : { page: 1 }
    const found = parsed.success
      ? await searchDirectory(database.db, user.councilId, toFilter(parsed.data), {
          page: filter.page,
          perPage: PER_PAGE,
        })
      : { rows: [], total: 0 }
    const pages = Math.max(1, Math.ceil(found.total / PER_PAGE))
    const link = (page: number) =>
      `/market?${new URLSearchParams({ ...stringsOf(asked), page: String(page) })}`
    return reply.code(errors.length ? 422 : 200).view('market/views/market.njk', {
      title: 'Providers and services',
      errors,
      values: stringsOf(asked),
      canManage: can(user.role, 'manageMarket'),
      componentItems: [
        { value: '', text: 'Any kind of service' },
        ...SERVICE_COMPONENTS.map((c) => ({ value: c, text: c, selected: c === asked.component })),
      ],
      paymentItems: [
        { value: '', text: 'Any way' },
        {
          value: 'direct_payment',
          text: 'Takes direct payments',
          selected: asked.payment === 'direct_payment',
        },
        {
          value: 'individual_service_fund',
          text: 'Holds individual service funds',
          selected: asked.payment === 'individual_service_fund',
        },
      ],
      total: found.total,
      rows: found.rows.map((r) => serviceRowView(r, r.provider)),
      previous: filter.page > 1 ? { href: link(filter.page - 1) } : undefined,
      next: filter.page < pages ? { href: link(filter.page + 1) } : undefined,
      page: filter.page,
      pages,
    })
  })

  app.get('/market/providers/new', { ...manage, schema: { hide: true } }, async (_request, reply) =>
    providerForm(reply, { values: { kind: '', status: 'active' } }),
  )

  app.post('/market/providers/new', { ...manage, schema: { hide: true } }, async (request, reply) => {
    const form = body(request)
    try {
      const provider = await addProvider(database, currentUser(request), providerFromForm(form))
      return reply.redirect(`/market/providers/${provider.id}?done=added`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return providerForm(reply.code(422), { values: form, errors: error.errors })
    }
  })

  app.get('/market/providers/:id', { ...read, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const { provider, services } = await readProvider(database, user, id(request, 'Provider'))
    const done = String((request.query as Form).done ?? '')
    return reply.view('market/views/provider.njk', {
      title: provider.name,
      breadcrumbs: BREADCRUMBS,
      flash: { added: 'Provider added', changed: 'Provider changed', service: 'Service saved' }[done],
      canManage: can(user.role, 'manageMarket'),
      links: {
        edit: `/market/providers/${provider.id}/edit`,
        addService: `/market/providers/${provider.id}/services/new`,
        services: '/market/services',
      },
      provider: providerView(provider),
      services: services.map((s) => serviceRowView(s, provider)),
    })
  })

  app.get('/market/providers/:id/edit', { ...manage, schema: { hide: true } }, async (request, reply) => {
    const { provider } = await readProvider(database, currentUser(request), id(request, 'Provider'))
    return providerForm(reply, { provider, values: providerFormValues(provider) })
  })

  app.post('/market/providers/:id/edit', { ...manage, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const providerId = id(request, 'Provider')
    const form = body(request)
    try {
      await changeProvider(database, user, providerId, providerFromForm(form))
      return reply.redirect(`/market/providers/${providerId}?done=changed`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const { provider } = await readProvider(database, user, providerId)
      return providerForm(reply.code(422), { provider, values: form, errors: error.errors })
    }
  })

  app.get(
    '/market/providers/:id/services/new',
    { ...manage, schema: { hide: true } },
    async (request, reply) => {
      const { provider } = await readProvider(database, currentUser(request), id(request, 'Provider'))
      return serviceForm(reply, provider, { values: { status: 'active' } })
    },
  )

  app.post(
    '/market/providers/:id/services/new',
    { ...manage, schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const providerId = id(request, 'Provider')
      const form = body(request)
      try {
        await addService(database, user, providerId, serviceFromForm(form))
        return reply.redirect(`/market/providers/${providerId}?done=service`, 303)
      } catch (error) {
        if (!(error instanceof ValidationProblem)) throw error
        const { provider } = await readProvider(database, user, providerId)
        return serviceForm(reply.code(422), provider, { values: form, errors: error.errors })
      }
    },
  )

  app.get('/market/services/:id/edit', { ...manage, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const service = await readService(database, user, id(request, 'Service'))
    const { provider } = await readProvider(database, user, service.provider_id)
    return serviceForm(reply, provider, { service, values: serviceFormValues(service) })
  })

  app.post('/market/services/:id/edit', { ...manage, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const service = await readService(database, user, id(request, 'Service'))
    const form = body(request)
    try {
      await changeService(database, user, service.id, serviceFromForm(form))
      return reply.redirect(`/market/providers/${service.provider_id}?done=service`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const { provider } = await readProvider(database, user, service.provider_id)
      return serviceForm(reply.code(422), provider, { service, values: form, errors: error.errors })
    }
  })

  function providerForm(
    reply: FastifyReply,
    options: { provider?: ProviderRow; values: Form; errors?: FieldError[] },
  ) {
    const { provider } = options
    return renderProviderForm(reply, {
      ...options,
      action: provider ? `/market/providers/${provider.id}/edit` : '/market/providers/new',
      breadcrumbs: provider
        ? [...BREADCRUMBS, { text: provider.name, href: `/market/providers/${provider.id}` }]
        : BREADCRUMBS,
    })
  }

  function serviceForm(
    reply: FastifyReply,
    provider: ProviderRow,
    options: { service?: ServiceRow; values: Form; errors?: FieldError[] },
  ) {
    return renderServiceForm(reply, provider, {
      ...options,
      action: options.service
        ? `/market/services/${options.service.id}/edit`
        : `/market/providers/${provider.id}/services/new`,
      breadcrumbs: [...BREADCRUMBS, { text: provider.name, href: `/market/providers/${provider.id}` }],
    })
  }

  // API
  const idParams = z.toJSONSchema(z.object({ id: z.uuid() }))

  app.get(
    '/api/v1/market/services',
    {
      ...read,
      schema: {
        tags: ['market'],
        summary:
          'Search the council’s directory of services: ?q=, component= (a CLD service component), district= (DN4 or a postcode), payment=, all=yes, page=',
        querystring: z.toJSONSchema(directoryQuery, { io: 'input', unrepresentable: 'any' }),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const query = parseInput(directoryQuery, request.query)
      const found = await searchDirectory(database.db, user.councilId, toFilter(query), {
        page: query.page,
        perPage: PER_PAGE,
      })
      return {
        total: found.total,
        page: query.page,
        perPage: PER_PAGE,
        services: found.rows.map((r) => ({ ...serviceJson(r), provider: providerJson(r.provider) })),
      }
    },
  )

  app.post(
    '/api/v1/providers',
    {
      ...manage,
      schema: {
        tags: ['market'],
        summary: 'Add a provider to the directory',
        body: openApiBody(providerSchema),
      },
    },
    async (request, reply) => {
      const provider = await addProvider(database, currentUser(request), request.body)
      return reply.code(201).send(providerJson(provider, []))
    },
  )

  app.get(
    '/api/v1/providers/:id',
    { ...read, schema: { tags: ['market'], summary: 'A provider and its services', params: idParams } },
    async (request) => {
      const { provider, services } = await readProvider(
        database,
        currentUser(request),
        id(request, 'Provider'),
      )
      return providerJson(provider, services)
    },
  )

  app.put(
    '/api/v1/providers/:id',
    {
      ...manage,
      schema: {
        tags: ['market'],
        summary: 'Replace a provider’s details',
        params: idParams,
        body: openApiBody(providerSchema),
      },
    },
    async (request) =>
      providerJson(
        await changeProvider(database, currentUser(request), id(request, 'Provider'), request.body),
      ),
  )

  app.post(
    '/api/v1/providers/:id/services',
    {
      ...manage,
      schema: {
        tags: ['market'],
        summary: 'Add a service to a provider',
        params: idParams,
        body: openApiBody(serviceSchema),
      },
    },
    async (request, reply) => {
      const service = await addService(database, currentUser(request), id(request, 'Provider'), request.body)
      return reply.code(201).send(serviceJson(service))
    },
  )

  app.put(
    '/api/v1/provider-services/:id',
    {
      ...manage,
      schema: {
        tags: ['market'],
        summary: 'Replace a service’s details',
        params: idParams,
        body: openApiBody(serviceSchema),
      },
    },
    async (request) =>
      serviceJson(await changeService(database, currentUser(request), id(request, 'Service'), request.body)),
  )
}

function toFilter(query: z.output<typeof directoryQuery>): DirectoryFilter {
  return {
    text: query.q,
    serviceComponent: query.component,
    district: query.district,
    payment: query.payment,
    activeOnly: query.all !== 'yes',
  }
}

const stringsOf = (form: Form) =>
  Object.fromEntries(
    Object.entries(form).filter(([key, v]) => typeof v === 'string' && v !== '' && key !== 'page'),
  ) as Record<string, string>
