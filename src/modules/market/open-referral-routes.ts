import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AppServices } from '../../app/services.ts'
import { pathId } from '../../kernel/path-id.ts'
import { notFound } from '../../kernel/problem.ts'
import { absent, pageNumber, parseInput } from '../../kernel/validation.ts'
import {
  HSDS_OPENAPI,
  HSDS_PROFILE,
  HSDS_VERSION,
  hsdsOrganization,
  hsdsPage,
  hsdsService,
  hsdsServiceSummary,
} from './hsds.ts'
import { councilByCode, findProvider, searchDirectory } from './store.ts'

const HSDS_PAGE_DEFAULT = 50
const HSDS_PAGE_MAX = 200
const hsdsQuery = z.object({
  search: z.preprocess(
    absent,
    z.string().max(100, { error: 'search must be 100 characters or fewer' }).optional(),
  ),
  page: pageNumber,
  per_page: z.preprocess(
    absent,
    z.coerce
      .number({ error: `per_page must be a whole number from 1 to ${HSDS_PAGE_MAX}` })
      .int({ error: `per_page must be a whole number from 1 to ${HSDS_PAGE_MAX}` })
      .min(1, { error: `per_page must be a whole number from 1 to ${HSDS_PAGE_MAX}` })
      .max(HSDS_PAGE_MAX, { error: `per_page must be a whole number from 1 to ${HSDS_PAGE_MAX}` })
      .default(HSDS_PAGE_DEFAULT),
  ),
  organization_id: z.preprocess(absent, z.uuid({ error: 'organization_id must be a UUID' }).optional()),
  modified_after: z.preprocess(
    absent,
    z.iso
      .datetime({ offset: true, error: 'modified_after must be a date and time like 2026-01-31T00:00:00Z' })
      .optional(),
  ),
  minimal: z.preprocess(
    absent,
    z.enum(['true', 'false'], { error: 'minimal must be true or false' }).optional(),
  ),
  full: z.preprocess(absent, z.enum(['true', 'false'], { error: 'full must be true or false' }).optional()),
})

/**
 * Open Referral UK's read API for the council's directory: open (no sign-in,
 * no keys) and readable from any site (CORS *), as the UK profile asks; only
 * active providers' active services are published. Its description is HSDS's
 * own OpenAPI document (the feed's root names it), so these routes are left
 * out of ASCEND's.
 */
export async function openReferralRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const council = async (request: FastifyRequest) => {
    const code = String((request.params as { council: string }).council ?? '')
    const found = /^[A-Za-z0-9_-]{1,40}$/.test(code) ? await councilByCode(database.db, code) : undefined
    if (!found) throw notFound('Council')
    return found
  }
  const open = {
    onSend: async (_request: FastifyRequest, reply: FastifyReply) => {
      reply.header('access-control-allow-origin', '*')
    },
  }
  const councilParams = z.toJSONSchema(
    z.object({ council: z.string().meta({ description: 'The council’s code' }) }),
  )

  app.get(
    '/hsds/:council/',
    {
      ...open,
      schema: {
        hide: true,
        tags: ['open referral'],
        summary: 'Open Referral UK: what this feed is',
        params: councilParams,
      },
    },
    async (request) => {
      await council(request)
      return { version: HSDS_VERSION, profile: HSDS_PROFILE, openapi_url: HSDS_OPENAPI }
    },
  )

  app.get(
    '/hsds/:council/services',
    {
      ...open,
      schema: {
        hide: true,
        tags: ['open referral'],
        summary:
          'Open Referral UK: the council’s active services, a page at a time (search, page, per_page, organization_id, modified_after, minimal, full)',
        params: councilParams,
        querystring: z.toJSONSchema(hsdsQuery, { io: 'input', unrepresentable: 'any' }),
      },
    },
    async (request) => {
      const { id: councilId } = await council(request)
      const query = parseInput(hsdsQuery, request.query)
      const found = await searchDirectory(
        database.db,
        councilId,
        {
          text: query.search,
          activeOnly: true,
          modifiedAfter: query.modified_after ? new Date(query.modified_after) : undefined,
          providerId: query.organization_id,
        },
        { page: query.page, perPage: query.per_page },
      )
      const contents = found.rows.map((row) => {
        const summary = hsdsServiceSummary(row, row.provider)
        if (query.minimal === 'true') return { id: summary.id, last_modified: summary.last_modified }
        return query.full === 'true' ? hsdsService(row) : summary
      })
      return hsdsPage(contents, { page: query.page, perPage: query.per_page, total: found.total })
    },
  )

  app.get(
    '/hsds/:council/services/:id',
    {
      ...open,
      schema: {
        hide: true,
        tags: ['open referral'],
        summary: 'Open Referral UK: one active service, fully nested',
        params: councilParams,
      },
    },
    async (request) => {
      const { id: councilId } = await council(request)
      const serviceId = pathId((request.params as { id: string }).id, 'Service')
      const found = await searchDirectory(
        database.db,
        councilId,
        { activeOnly: true, serviceId },
        { page: 1, perPage: 1 },
      )
      const row = found.rows[0]
      if (!row) throw notFound('Service')
      return hsdsService(row)
    },
  )

  app.get(
    '/hsds/:council/organizations/:id',
    {
      ...open,
      schema: {
        hide: true,
        tags: ['open referral'],
        summary: 'Open Referral UK: one active provider as an organization',
        params: councilParams,
      },
    },
    async (request) => {
      const { id: councilId } = await council(request)
      const providerId = pathId((request.params as { id: string }).id, 'Organization')
      const provider = await findProvider(database.db, councilId, providerId)
      if (provider?.status !== 'active') throw notFound('Organization')
      return hsdsOrganization(provider)
    },
  )
}
