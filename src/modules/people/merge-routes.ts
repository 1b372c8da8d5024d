import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { isoDay } from '../../kernel/dates.ts'
import { isUuid, pathId } from '../../kernel/path-id.ts'
import { type FieldError, Problem, ValidationProblem } from '../../kernel/problem.ts'
import { openApiBody } from '../../kernel/validation.ts'
import type { CurrentUser } from '../identity/store.ts'
import { auditedPersonReads } from './audited-reads.ts'
import { likelyDuplicates, type MergePreview, mergePeople, mergePreview, mergeSchema } from './merge.ts'
import { personView } from './person-json.ts'
import { classifyQuery, describeQuery, personName } from './rules.ts'
import { type PersonRow, personForUser } from './store.ts'

const params = z.toJSONSchema(z.object({ id: z.uuid() }))

function previewJson(preview: MergePreview, today: string) {
  return {
    kept: personView(preview.kept, today),
    duplicate: personView(preview.duplicate, today),
    moves: preview.moves,
    fills: preview.fills,
    canMerge: preview.refusals.length === 0,
    refusals: preview.refusals,
  }
}

/**
 * Merging a person recorded twice, for team managers and heads of service:
 * from the record kept, find the duplicate (likely ones offered first), see
 * what would move and what it fills in, confirm; and the same on the API.
 */
export async function mergeRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const merging = { preHandler: allow('mergePeople') }
  const today = () => isoDay(services.now())
  const reads = auditedPersonReads(database.db)
  const keptId = (request: FastifyRequest) => pathId((request.params as { id: string }).id, 'Person')

  app.get(
    '/api/v1/people/:id/merge',
    {
      ...merging,
      schema: {
        tags: ['people'],
        summary:
          'What merging a duplicate record into this person would move and fill in, or why it cannot be done',
        params,
        querystring: z.toJSONSchema(mergeSchema),
      },
    },
    async (request) => {
      const preview = await mergePreview(
        database,
        currentUser(request),
        keptId(request),
        request.query,
        'api',
      )
      return previewJson(preview, today())
    },
  )

  app.post(
    '/api/v1/people/:id/merge',
    {
      ...merging,
      schema: {
        tags: ['people'],
        summary: 'Merge a duplicate record into this person: every record of the duplicate moves here',
        params,
        body: openApiBody(mergeSchema),
      },
    },
    async (request) => {
      const merged = await mergePeople(
        database,
        currentUser(request),
        keptId(request),
        request.body,
        services.now(),
      )
      return {
        person: personView(merged.person, today()),
        mergedFrom: merged.duplicate.id,
        moved: merged.moved,
      }
    },
  )

  app.get('/people/:id/merge', { ...merging, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = keptId(request)
    const query = request.query as { q?: unknown; duplicate?: unknown }
    if (typeof query.duplicate === 'string') {
      try {
        const preview = await mergePreview(database, user, id, { duplicateId: query.duplicate }, 'page')
        return previewPage(reply, preview)
      } catch (error) {
        if (!(error instanceof ValidationProblem)) throw error
        return findPage(reply.code(422), user, await personForUser(database.db, user, id), '', [
          { field: 'q', message: error.errors[0]?.message ?? 'Choose the duplicate record' },
        ])
      }
    }
    const kept = await personForUser(database.db, user, id)
    return findPage(reply, user, kept, typeof query.q === 'string' ? query.q : '')
  })

  app.post('/people/:id/merge', { ...merging, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = keptId(request)
    const form = (request.body ?? {}) as Record<string, unknown>
    try {
      await mergePeople(database, user, id, form, services.now(), { confirmed: 'form' })
      return reply.redirect(`/people/${id}?saved=merged`, 303)
    } catch (error) {
      const status =
        error instanceof ValidationProblem ? 422 : error instanceof Problem && error.status === 409 ? 409 : 0
      if (!status) throw error
      const duplicateId =
        typeof form.duplicateId === 'string' && isUuid(form.duplicateId) ? form.duplicateId : ''
      let preview: MergePreview
      try {
        preview = await mergePreview(database, user, id, { duplicateId }, 'page')
      } catch (again) {
        if (!(again instanceof ValidationProblem)) throw again
        return findPage(reply.code(422), user, await personForUser(database.db, user, id), '', [
          { field: 'q', message: 'Choose the duplicate record' },
        ])
      }
      const errors = error instanceof ValidationProblem ? error.errors : []
      return previewPage(reply.code(status), preview, errors)
    }
  })

  async function findPage(
    reply: FastifyReply,
    user: CurrentUser,
    kept: PersonRow,
    q: string,
    errors?: FieldError[],
  ) {
    const day = today()
    const likely = await likelyDuplicates(database, user, kept)
    const page = {
      title: `Merge a duplicate into ${personName(kept)}’s record`,
      breadcrumbs: [
        { text: 'People', href: '/people' },
        { text: personName(kept), href: `/people/${kept.id}` },
      ],
      kept: personView(kept, day),
      likely: likely.map((match) => ({ ...personView(match.person, day), reasons: match.reasons })),
      q,
      errors,
    }
    const query = classifyQuery(q)
    if (errors || query.kind === 'empty') return reply.view('people/views/merge-find.njk', page)
    if (query.kind === 'invalid')
      return reply
        .code(422)
        .view('people/views/merge-find.njk', { ...page, errors: [{ field: 'q', message: query.message }] })
    const { people, more } = await reads.search(user, query, 'page')
    return reply.view('people/views/merge-find.njk', {
      ...page,
      searched: describeQuery(query),
      more,
      found: people.filter((p) => p.id !== kept.id).map((p) => personView(p, day)),
    })
  }

  function previewPage(reply: FastifyReply, preview: MergePreview, errors?: FieldError[]) {
    const json = previewJson(preview, today())
    return reply.view('people/views/merge-preview.njk', {
      title: `Merge ${json.duplicate.name} (${json.duplicate.laPersonId}) into ${json.kept.name} (${json.kept.laPersonId})`,
      breadcrumbs: [
        { text: 'People', href: '/people' },
        { text: json.kept.name, href: json.kept.href },
      ],
      ...json,
      errors,
    })
  }
}
