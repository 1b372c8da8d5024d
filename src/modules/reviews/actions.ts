import type { Database } from '../../kernel/db/connect.ts'
import { forbidden, notFound } from '../../kernel/problem.ts'
import { parseInput } from '../../kernel/validation.ts'
import { accountConcernsByPerson } from '../accounts/actions.ts'
import { recordAuditBy } from '../audit/store.ts'
import { fundingStatusOn, recordEvent } from '../events/store.ts'
import { can } from '../identity/roles.ts'
import { type CurrentUser, listTeams } from '../identity/store.ts'
import { personForUser } from '../people/store.ts'
import { reviewAnchors, reviewSchema, SHORT_TERM_REVIEW_REASON } from './inputs.ts'
import {
  daysOverdue,
  REVIEW_DUE_TEXT,
  type ReviewSchedule,
  reviewDueState,
  reviewSchedule,
} from './review-schedule.ts'
import {
  findReview,
  insertReview,
  listReviewsForPerson,
  peopleWithTheirTeams,
  personName,
  type ReviewScope,
  type StoredReview,
  scheduleFacts,
} from './store.ts'

/*
 * What pages and the API both do with reviews. Recording one is one
 * transaction holding the review, its CLD Review event and its audit entry;
 * each read of someone's records, and each overdue list, is audited.
 */

type Db = Database['db']

/** When a person's plan is next due for review, from their services and reviews as CLD events. */
async function scheduleOf(db: Db, councilId: string, personId: string, today: string) {
  const facts = await scheduleFacts(db, councilId, { personId }, today)
  const mine = facts.get(personId) ?? { services: [], reviewsOn: [] }
  return reviewSchedule(mine.services, mine.reviewsOn, today)
}

/**
 * A person's review schedule and the reviews recorded for them, auditing the
 * read unless told not to.
 *
 * @example
 * const { person, schedule, reviews } = await readPersonReviews(database, user, personId, today)
 */
export async function readPersonReviews(
  database: Database,
  user: CurrentUser,
  personId: string,
  today: string,
  options: { audit?: boolean } = {},
) {
  return database.db.transaction().execute(async (tx) => {
    const row = await personForUser(tx, user, personId)
    const schedule = await scheduleOf(tx, user.councilId, personId, today)
    const reviews = await listReviewsForPerson(tx, user.councilId, personId)
    if (options.audit !== false) {
      await recordAuditBy(tx, user, {
        action: 'read',
        recordType: 'review',
        personId,
        detail: { list: reviews.length },
      })
    }
    return { person: { id: row.id, name: personName(row), laPersonId: row.la_person_id }, schedule, reviews }
  })
}

/**
 * Records a completed review of a person of the user's council as a CLD
 * Review event, keeping what the schedule said was owed at the time.
 *
 * @example
 * const review = await recordReview(database, user, personId, { reviewReason: 'Planned', startedOn: '2026-06-10',
 *   completedOn: '2026-06-12', outcomesAchieved: 'Fully Met', methodOfReview: 'Service user only',
 *   eventOutcome: 'Continuation of support or services' }, '2026-06-15')
 */
export async function recordReview(
  database: Database,
  user: CurrentUser,
  personId: string,
  input: unknown,
  today: string,
): Promise<StoredReview> {
  return database.db.transaction().execute(async (tx) => {
    const person = await personForUser(tx, user, personId)
    const body = parseInput(reviewSchema(today, reviewAnchors(input, today)), input)
    const owed =
      body.reviewReason === SHORT_TERM_REVIEW_REASON
        ? null
        : await scheduleOf(tx, user.councilId, personId, today)
    const id = await insertReview(tx, {
      councilId: user.councilId,
      personId,
      reviewReason: body.reviewReason,
      startedOn: body.startedOn,
      completedOn: body.completedOn,
      outcomesAchieved: body.outcomesAchieved ?? null,
      methodOfReview: body.methodOfReview,
      eventOutcome: body.eventOutcome,
      notes: body.notes ?? null,
      wasDueOn: owed?.next.dueOn ?? null,
      wasDueReason: owed?.next.reason ?? null,
      reviewerId: user.id,
    })
    await recordEvent(tx, {
      council_id: user.councilId,
      person_id: personId,
      client_type: person.client_type,
      client_funding_status:
        person.client_type === 'Service user'
          ? await fundingStatusOn(tx, user.councilId, personId, body.completedOn)
          : null,
      event_type: 'Review',
      event_start_on: body.startedOn,
      event_end_on: body.completedOn,
      event_outcome: body.eventOutcome,
      review_reason: body.reviewReason,
      review_outcomes_achieved: body.outcomesAchieved ?? null,
      method_of_review: body.methodOfReview,
      source_record_id: id,
    })
    await recordAuditBy(tx, user, {
      action: 'create',
      recordType: 'review',
      recordId: id,
      personId,
      detail: {
        reviewReason: body.reviewReason,
        completedOn: body.completedOn,
        eventOutcome: body.eventOutcome,
        wasDueOn: owed?.next.dueOn ?? null,
      },
    })
    return (await findReview(tx, user.councilId, id)) as StoredReview
  })
}

/**
 * Reads one review, auditing the read.
 *
 * @example
 * const review = await readReview(database, user, id)
 */
export async function readReview(database: Database, user: CurrentUser, id: string): Promise<StoredReview> {
  return database.db.transaction().execute(async (tx) => {
    const review = await findReview(tx, user.councilId, id)
    if (!review) throw notFound('Review')
    await recordAuditBy(tx, user, {
      action: 'read',
      recordType: 'review',
      recordId: id,
      personId: review.personId,
    })
    return review
  })
}

/**
 * Whose overdue reviews a user may see: a team of their council (their own
 * only, unless they allocate work), or, for a head of service, the whole
 * council (`'all'`). With nothing asked for: their own team, or for a head of
 * service without one the whole council.
 *
 * @example
 * const { team, teams } = await overdueScope(database, user, query.team)
 */
export async function overdueScope(database: Database, user: CurrentUser, wanted: string | undefined) {
  const teams = await listTeams(database.db, user.councilId)
  const isHead = user.role === 'head_of_service'
  if (wanted === 'all' || (wanted === undefined && !user.teamId && isHead)) {
    if (!isHead) throw forbidden()
    return { team: null, teams }
  }
  const team = teams.find((t) => t.id === (wanted ?? user.teamId))
  if (!team) throw notFound('Team')
  if (!can(user.role, 'allocate') && team.id !== user.teamId) throw forbidden()
  return { team, teams }
}

/** A person whose review is overdue or due soon, as lists show them. */
export interface ReviewListRow {
  personId: string
  personName: string
  laPersonId: string
  teamId: string | null
  teamName: string | null
  workerId: string | null
  workerName: string | null
  dueOn: string
  reason: string
  reasonText: string
  daysOverdue: number
  planStartOn: string
  lastReviewOn: string | null
}

/**
 * The people of a team (or of the council) whose review is overdue, most
 * overdue first, those due within the next weeks, and those whose budget
 * account finance's checks flag. The read is audited.
 *
 * @example
 * const { overdue, dueSoon } = await readOverdueReviews(database, user, { teamId }, '2026-06-15')
 */
export async function readOverdueReviews(
  database: Database,
  user: CurrentUser,
  scope: { teamId: string } | 'council',
  today: string,
) {
  return database.db.transaction().execute(async (tx) => {
    const facts = await scheduleFacts(tx, user.councilId, scope as ReviewScope, today)
    const owed = new Map<string, { schedule: ReviewSchedule; state: 'overdue' | 'due soon' }>()
    for (const [personId, mine] of facts) {
      const schedule = reviewSchedule(mine.services, mine.reviewsOn, today)
      if (!schedule) continue
      const state = reviewDueState(schedule.next.dueOn, today)
      if (state !== 'scheduled') owed.set(personId, { schedule, state })
    }
    const overdue: ReviewListRow[] = []
    const dueSoon: ReviewListRow[] = []
    for (const person of await peopleWithTheirTeams(tx, user.councilId, [...owed.keys()])) {
      const { schedule, state } = owed.get(person.personId) as { schedule: ReviewSchedule; state: string }
      const row: ReviewListRow = {
        ...person,
        dueOn: schedule.next.dueOn,
        reason: schedule.next.reason,
        reasonText: REVIEW_DUE_TEXT[schedule.next.reason],
        daysOverdue: daysOverdue(schedule.next.dueOn, today),
        planStartOn: schedule.planStartOn,
        lastReviewOn: schedule.lastReviewOn,
      }
      ;(state === 'overdue' ? overdue : dueSoon).push(row)
    }
    const byDue = (a: ReviewListRow, b: ReviewListRow) =>
      a.dueOn.localeCompare(b.dueOn) || a.personName.localeCompare(b.personName)
    overdue.sort(byDue)
    dueSoon.sort(byDue)

    // People in scope whose direct payment or individual service fund account finance's checks flag
    // (a surplus, returns stopped): the review a direct payment's rules ask for when its use is in doubt.
    const concerns = await accountConcernsByPerson(tx, user.councilId, today, [...facts.keys()])
    const flaggedIds = [...concerns.keys()]
    const accountsFlagged = (await peopleWithTheirTeams(tx, user.councilId, flaggedIds))
      .map((person) => ({ ...person, concerns: concerns.get(person.personId) ?? [] }))
      .sort((a, b) => a.personName.localeCompare(b.personName))
    await recordAuditBy(tx, user, {
      action: 'read',
      recordType: 'overdue-reviews',
      recordId: scope === 'council' ? null : scope.teamId,
      detail: {
        scope: scope === 'council' ? 'council' : 'team',
        overdue: overdue.length,
        dueSoon: dueSoon.length,
        accountsFlagged: accountsFlagged.length,
      },
    })
    return { overdue, dueSoon, accountsFlagged }
  })
}

/**
 * A schedule as the API gives it: the review due next, why, and how it
 * stands today; null when no plan is open.
 *
 * @example
 * scheduleJson(schedule, '2026-06-15')?.nextReview.state // 'overdue'
 */
export function scheduleJson(schedule: ReviewSchedule | null, today: string) {
  if (!schedule) return null
  const due = (d: ReviewSchedule['next']) => ({
    dueOn: d.dueOn,
    reason: d.reason,
    reasonText: REVIEW_DUE_TEXT[d.reason],
    state: reviewDueState(d.dueOn, today),
    daysOverdue: daysOverdue(d.dueOn, today),
  })
  return {
    planStartOn: schedule.planStartOn,
    directPaymentStartOn: schedule.directPaymentStartOn,
    lastReviewOn: schedule.lastReviewOn,
    nextReview: due(schedule.next),
    owed: schedule.owed.map(due),
  }
}

/**
 * A review as the API gives it: camelCase, planned or not, and what was owed
 * when it was recorded.
 *
 * @example
 * reply.code(201).send(reviewJson(review))
 */
export function reviewJson(review: StoredReview) {
  return {
    id: review.id,
    personId: review.personId,
    personName: review.personName,
    reviewReason: review.reviewReason,
    planned: review.reviewReason === 'Planned',
    startedOn: review.startedOn,
    completedOn: review.completedOn,
    outcomesAchieved: review.outcomesAchieved,
    methodOfReview: review.methodOfReview,
    eventOutcome: review.eventOutcome,
    notes: review.notes,
    wasDue: review.wasDueOn
      ? {
          dueOn: review.wasDueOn,
          reason: review.wasDueReason,
          reasonText: REVIEW_DUE_TEXT[review.wasDueReason as keyof typeof REVIEW_DUE_TEXT] ?? null,
        }
      : null,
    reviewerId: review.reviewerId,
    reviewerName: review.reviewerName,
    createdAt: review.createdAt,
  }
}
