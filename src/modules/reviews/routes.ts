import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { METHODS_OF_REVIEW, REVIEW_OUTCOMES_ACHIEVED, REVIEW_REASONS } from '../../kernel/code-lists/cld.ts'
import { dateInputErrors, dateInputValues, readDateInputs } from '../../kernel/date-input.ts'
import { isoDay } from '../../kernel/dates.ts'
import { isUuid, pathId } from '../../kernel/path-id.ts'
import { type FieldError, notFound, ValidationProblem } from '../../kernel/problem.ts'
import { openApiBody } from '../../kernel/validation.ts'
import {
  overdueScope,
  readOverdueReviews,
  readPersonReviews,
  readReview,
  recordReview,
  reviewJson,
  scheduleJson,
} from './actions.ts'
import {
  NOTES_MAX,
  REVIEW_COMPLETED_DATE,
  REVIEW_EVENT_OUTCOMES,
  REVIEW_STARTED_DATE,
  reviewSchema,
} from './inputs.ts'
import { DUE_SOON_DAYS, REVIEW_DUE_TEXT } from './review-schedule.ts'

const idParams = z.toJSONSchema(z.object({ id: z.uuid() }))

/** Banners after a change; keyed so that no input is ever echoed into the page. */
const DONE_MESSAGES: Record<string, string> = { recorded: 'Review recorded.' }

/** `?team=` as asked: a team's id, 'all' (the whole council) or nothing (the user's own). */
function teamParam(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined
  if (value === 'all' || isUuid(value)) return value
  throw notFound('Team')
}

/** GOV.UK radio items from a code list, the one sent checked (the `options` filter selects, for selects). */
const radioItems = (list: readonly string[], selected: unknown) =>
  list.map((value) => ({ value, text: value, checked: value === selected }))

/** Reviews: the schedule, recording planned and unplanned reviews, and overdue lists. Pages and API. */
export async function reviewRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const today = () => isoDay(services.now())
  const caseWork = { preHandler: allow('caseWork') }
  const params = (request: FastifyRequest) => request.params as Record<string, string>
  const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>

  // ── Pages ────────────────────────────────────────────────────────────────

  app.get('/people/:id/reviews/new', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const found = await readPersonReviews(database, user, pathId(params(request).id, 'Person'), today())
    return newReviewPage(reply, found, {
      ...dateInputValues('startedOn', today()),
      ...dateInputValues('completedOn', today()),
    })
  })

  app.post('/people/:id/reviews/new', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const personId = pathId(params(request).id, 'Person')
    const form = body(request)
    const dates = readDateInputs(form, [REVIEW_STARTED_DATE, REVIEW_COMPLETED_DATE])
    try {
      const review = await recordReview(database, user, personId, { ...form, ...dates.values }, today())
      return reply.redirect(`/reviews/${review.id}?done=recorded`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const found = await readPersonReviews(database, user, personId, today(), { audit: false })
      return newReviewPage(reply.code(422), found, form, dateInputErrors(dates, error.errors))
    }
  })

  function newReviewPage(
    reply: FastifyReply,
    found: Awaited<ReturnType<typeof readPersonReviews>>,
    values: Record<string, unknown>,
    errors?: FieldError[],
  ) {
    const { person } = found
    return reply.view('reviews/views/new-review.njk', {
      title: `Record a review for ${person.name}`,
      breadcrumbs: [
        { text: 'Home', href: '/' },
        { text: 'People', href: '/people' },
        { text: person.name, href: `/people/${person.id}` },
      ],
      person,
      schedule: scheduleJson(found.schedule, today()),
      reviews: found.reviews.slice(0, 5),
      values,
      errors,
      reasonItems: radioItems(REVIEW_REASONS, values.reviewReason),
      outcomesAchievedItems: radioItems(REVIEW_OUTCOMES_ACHIEVED, values.outcomesAchieved),
      methodItems: radioItems(METHODS_OF_REVIEW, values.methodOfReview),
      eventOutcomes: REVIEW_EVENT_OUTCOMES,
      notesMax: NOTES_MAX,
    })
  }

  app.get('/reviews/overdue', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const { team, teams } = await overdueScope(
      database,
      user,
      teamParam((request.query as { team?: unknown }).team),
    )
    const { overdue, dueSoon, accountsFlagged } = await readOverdueReviews(
      database,
      user,
      team ? { teamId: team.id } : 'council',
      today(),
    )
    const canPick = user.role === 'head_of_service' || user.role === 'team_manager'
    return reply.view('reviews/views/overdue.njk', {
      title: team ? `Reviews overdue: ${team.name}` : 'Reviews overdue: the whole council',
      breadcrumbs: [{ text: 'Home', href: '/' }],
      team,
      teams,
      canPick,
      canPickAll: user.role === 'head_of_service',
      overdue,
      dueSoon,
      accountsFlagged,
      dueSoonDays: DUE_SOON_DAYS,
    })
  })

  app.get('/reviews/:id', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const review = await readReview(database, user, pathId(params(request).id, 'Review'))
    const done = String((request.query as { done?: unknown }).done ?? '')
    return reply.view('reviews/views/review.njk', {
      title: `Review for ${review.personName}`,
      breadcrumbs: [
        { text: 'Home', href: '/' },
        { text: 'People', href: '/people' },
        { text: review.personName, href: `/people/${review.personId}` },
      ],
      review: reviewJson(review),
      laPersonId: review.laPersonId,
      flash: DONE_MESSAGES[done],
    })
  })

  // ── API ──────────────────────────────────────────────────────────────────

  app.post(
    '/api/v1/people/:id/reviews',
    {
      ...caseWork,
      schema: {
        tags: ['reviews'],
        summary: 'Record a completed review of a person’s care and support',
        description:
          'Records the review and its CLD Review event, with what the schedule said was owed at the time. ' +
          'outcomesAchieved is required when the reason is “Planned”. Release 1 spellings of the code lists are accepted.',
        params: idParams,
        body: openApiBody(reviewSchema('2099-12-31', { reviewReason: 'Planned' })),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const review = await recordReview(
        database,
        user,
        pathId(params(request).id, 'Person'),
        request.body,
        today(),
      )
      return reply.code(201).send(reviewJson(review))
    },
  )

  app.get(
    '/api/v1/people/:id/reviews',
    {
      ...caseWork,
      schema: {
        tags: ['reviews'],
        summary: 'When a person’s plan is next due for review and why, and the reviews recorded for them',
        description:
          'The schedule reads the person’s long-term (and unpaid carer) Service events and completed reviews, ' +
          `ASCEND’s and imported: ${Object.values(REVIEW_DUE_TEXT).join('; ')}. It is null when no plan is open.`,
        params: idParams,
      },
    },
    async (request) => {
      const user = currentUser(request)
      const found = await readPersonReviews(database, user, pathId(params(request).id, 'Person'), today())
      return { schedule: scheduleJson(found.schedule, today()), reviews: found.reviews.map(reviewJson) }
    },
  )

  app.get(
    '/api/v1/reviews/overdue',
    {
      ...caseWork,
      schema: {
        tags: ['reviews'],
        summary: 'People whose review is overdue, and due soon, for a team or the whole council',
        description:
          'A team’s people are those whose latest request is with the team. Practitioners see their own team; ' +
          'team managers and heads of service any team of the council; heads of service also team=all. ' +
          `Due soon means within ${DUE_SOON_DAYS} days. accountsFlagged lists the people whose direct payment or ` +
          'individual service fund account holds a surplus or has had no spending recorded for eight weeks.',
        querystring: z.toJSONSchema(
          z.object({ team: z.string().optional().meta({ description: 'A team id, or all' }) }),
        ),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const { team } = await overdueScope(
        database,
        user,
        teamParam((request.query as { team?: unknown }).team),
      )
      const lists = await readOverdueReviews(database, user, team ? { teamId: team.id } : 'council', today())
      return { team, today: today(), ...lists }
    },
  )

  app.get(
    '/api/v1/reviews/:id',
    { ...caseWork, schema: { tags: ['reviews'], summary: 'Read a review', params: idParams } },
    async (request) => {
      const user = currentUser(request)
      return reviewJson(await readReview(database, user, pathId(params(request).id, 'Review')))
    },
  )
}
