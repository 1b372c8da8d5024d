import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { type DateInput, dateInputErrors, readDateInputs } from '../../kernel/date-input.ts'
import { ValidationProblem } from '../../kernel/problem.ts'
import { blankToUndefined, fieldErrors, isoDate } from '../../kernel/validation.ts'
import type { Schema } from '../../schema.ts'
import { recordsMergedInto } from '../people/merge-store.ts'
import { type AuditFilter, listAudit } from './store.ts'

const PAGE_SIZE = 50

/** The page's filter takes its dates as GOV.UK date inputs; the API as `from` and `to`. */
const FILTER_DATES: readonly DateInput[] = [
  { field: 'from', name: 'The “from” date', missing: '', optional: true },
  { field: 'to', name: 'The “to” date', missing: '', optional: true },
]

const filterSchema = z.object({
  user: z.preprocess(blankToUndefined, z.string().max(200).optional()),
  action: z.preprocess(
    blankToUndefined,
    z
      .enum(['read', 'search', 'create', 'update', 'sign-in', 'sign-in-failed', 'sign-out'], {
        error: 'Choose an action from the list',
      })
      .optional(),
  ),
  recordType: z.preprocess(blankToUndefined, z.string().max(50).optional()),
  personId: z.preprocess(blankToUndefined, z.uuid({ error: 'Enter a person’s ASCEND ID' }).optional()),
  from: z.preprocess(blankToUndefined, isoDate('Enter the “from” date as YYYY-MM-DD').optional()),
  to: z.preprocess(blankToUndefined, isoDate('Enter the “to” date as YYYY-MM-DD').optional()),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
})

/** The audit log: administrators browse and filter it; nothing edits it. */
export async function auditRoutes(app: FastifyInstance, { database }: AppServices) {
  app.get('/audit', { preHandler: allow('audit'), schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const query = request.query as Record<string, string>
    const dates = readDateInputs(query, FILTER_DATES)
    const parsed = filterSchema.safeParse({ ...query, ...dates.values })
    if (!parsed.success) {
      return reply.code(422).view('audit/views/audit-log.njk', {
        title: 'Audit log',
        errors: dateInputErrors(dates, fieldErrors(parsed.error)),
        filter: query,
        entries: [],
      })
    }
    const filter = parsed.data
    const { rows, hasNext } = await listAudit(
      database.db,
      await auditFilter(database.db, user.councilId, filter),
    )
    const base = new URLSearchParams(
      Object.entries(query).filter(([k, v]) => k !== 'page' && typeof v === 'string' && v !== ''),
    )
    const pageUrl = (page: number) => `/audit?${new URLSearchParams([...base, ['page', String(page)]])}`
    return reply.view('audit/views/audit-log.njk', {
      title: 'Audit log',
      filter: query,
      entries: rows.map((row) => ({ ...row, detail: row.detail ? JSON.stringify(row.detail) : '' })),
      previous: filter.page > 1 ? { href: pageUrl(filter.page - 1) } : undefined,
      next: hasNext ? { href: pageUrl(filter.page + 1) } : undefined,
    })
  })

  app.get(
    '/api/v1/audit',
    { preHandler: allow('audit'), schema: { tags: ['audit'], summary: 'Read the audit log, newest first' } },
    async (request) => {
      const user = currentUser(request)
      const parsed = filterSchema.safeParse(request.query ?? {})
      if (!parsed.success) throw new ValidationProblem(fieldErrors(parsed.error))
      const { rows, hasNext } = await listAudit(
        database.db,
        await auditFilter(database.db, user.councilId, parsed.data),
      )
      return {
        entries: rows.map((row) => ({
          id: row.id,
          at: row.at,
          action: row.action,
          recordType: row.record_type,
          recordId: row.record_id,
          personId: row.person_id,
          user: row.email,
          detail: row.detail,
        })),
        hasNext,
      }
    },
  )
}

/** The store's filter; a person's trail takes in the records merged into them. */
async function auditFilter(
  db: Kysely<Schema>,
  councilId: string,
  filter: z.output<typeof filterSchema>,
): Promise<AuditFilter> {
  return {
    councilId,
    userEmail: filter.user,
    action: filter.action,
    recordType: filter.recordType,
    personIds: filter.personId
      ? [
          filter.personId,
          ...((await recordsMergedInto(db, [{ councilId, personId: filter.personId }]))[0] ?? []).map(
            (r) => r.id,
          ),
        ]
      : undefined,
    from: filter.from,
    to: filter.to,
    page: filter.page,
    pageSize: PAGE_SIZE,
  }
}
