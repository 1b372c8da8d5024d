import { type Kysely, sql } from 'kysely'
import type { Schema } from '../../schema.ts'
import { personName } from '../people/rules.ts'
import { SHORT_TERM_REVIEW_REASON } from './inputs.ts'
import type { PlannedService } from './review-schedule.ts'

type Db = Kysely<Schema>

/**
 * The services a plan is made of: long-term support in any setting, and an
 * unpaid carer's own support (a carer's support plan is reviewed too).
 */
export const PLAN_SERVICE_TYPES = [
  'Long term support: Nursing care',
  'Long term support: Residential care',
  'Long term support: Community',
  'Long term support: Prison',
  'Unpaid carer support: Direct to unpaid carer',
  'Unpaid carer support: Support involving the person cared-for',
] as const

/** A review as pages and the API read it. */
export interface StoredReview {
  id: string
  personId: string
  personName: string
  laPersonId: string
  reviewReason: string
  startedOn: string
  completedOn: string
  outcomesAchieved: string | null
  methodOfReview: string
  eventOutcome: string
  notes: string | null
  wasDueOn: string | null
  wasDueReason: string | null
  reviewerId: string
  reviewerName: string | null
  createdAt: Date
}

/** A person's name, or words saying it is not recorded (people a CLD file brought have none). */
export { personName }

const reviewQuery = (db: Db, councilId: string) =>
  db
    .selectFrom('reviews as r')
    .innerJoin('people as p', (join) =>
      join.onRef('p.id', '=', 'r.person_id').onRef('p.council_id', '=', 'r.council_id'),
    )
    .leftJoin('users as u', 'u.id', 'r.reviewer_id')
    .selectAll('r')
    .select(['p.given_name', 'p.family_name', 'p.la_person_id', 'u.display_name as reviewer_name'])
    .where('r.council_id', '=', councilId)

type ReviewRow = Awaited<ReturnType<ReturnType<typeof reviewQuery>['executeTakeFirstOrThrow']>>

const toReview = (row: ReviewRow): StoredReview => ({
  id: row.id,
  personId: row.person_id,
  personName: personName(row),
  laPersonId: row.la_person_id,
  reviewReason: row.review_reason,
  startedOn: row.started_on,
  completedOn: row.completed_on,
  outcomesAchieved: row.outcomes_achieved,
  methodOfReview: row.method_of_review,
  eventOutcome: row.event_outcome,
  notes: row.notes,
  wasDueOn: row.was_due_on,
  wasDueReason: row.was_due_reason,
  reviewerId: row.reviewer_id,
  reviewerName: row.reviewer_name,
  createdAt: row.created_at,
})

/**
 * One review of a council, or undefined (also for another council's).
 *
 * @example
 * const review = await findReview(db, user.councilId, id)
 */
export async function findReview(db: Db, councilId: string, id: string): Promise<StoredReview | undefined> {
  const row = await reviewQuery(db, councilId).where('r.id', '=', id).executeTakeFirst()
  return row ? toReview(row) : undefined
}

/**
 * The reviews recorded in ASCEND for a person, newest first.
 *
 * @example
 * const reviews = await listReviewsForPerson(db, user.councilId, personId)
 */
export async function listReviewsForPerson(db: Db, councilId: string, personId: string) {
  const rows = await reviewQuery(db, councilId)
    .where('r.person_id', '=', personId)
    .orderBy('r.completed_on', 'desc')
    .orderBy('r.created_at', 'desc')
    .execute()
  return rows.map(toReview)
}

export interface NewReview {
  councilId: string
  personId: string
  reviewReason: string
  startedOn: string
  completedOn: string
  outcomesAchieved: string | null
  methodOfReview: string
  eventOutcome: string
  notes: string | null
  wasDueOn: string | null
  wasDueReason: string | null
  reviewerId: string
}

/**
 * Inserts a review and returns its id; the caller records its CLD Review
 * event and the audit entry in the same transaction.
 *
 * @example
 * const id = await insertReview(tx, { councilId, personId, reviewReason: 'Planned', … })
 */
export async function insertReview(db: Db, review: NewReview): Promise<string> {
  const row = await db
    .insertInto('reviews')
    .values({
      council_id: review.councilId,
      person_id: review.personId,
      review_reason: review.reviewReason,
      started_on: review.startedOn,
      completed_on: review.completedOn,
      outcomes_achieved: review.outcomesAchieved,
      method_of_review: review.methodOfReview,
      event_outcome: review.eventOutcome,
      notes: review.notes,
      was_due_on: review.wasDueOn,
      was_due_reason: review.wasDueReason,
      reviewer_id: review.reviewerId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** What the scheduler needs to know about one person. */
export interface ScheduleFacts {
  services: PlannedService[]
  reviewsOn: string[]
}

/**
 * Who a list of reviews is about: everyone of the council with a plan open
 * today and alive, or only those whose latest request is with a team.
 */
export type ReviewScope = { personId: string } | { teamId: string } | 'council'

/** A person in an overdue list, with the team and worker of their latest request. */
export interface ScopedPerson {
  personId: string
  personName: string
  laPersonId: string
  teamId: string | null
  teamName: string | null
  workerId: string | null
  workerName: string | null
}

/** The ids of the people in scope (for a person: that person, whatever their support). */
function peopleInScope(db: Db, councilId: string, scope: ReviewScope, today: string) {
  if (typeof scope === 'object' && 'personId' in scope) {
    return db
      .selectFrom('people')
      .select('id as person_id')
      .where('council_id', '=', councilId)
      .where('id', '=', scope.personId)
  }
  let query = db
    .selectFrom('cld_events_live as e')
    .innerJoin('people_live as p', 'p.id', 'e.person_id')
    .select('e.person_id')
    .distinct()
    .where('e.council_id', '=', councilId)
    .where('p.council_id', '=', councilId)
    .where('e.event_type', '=', 'Service')
    .where('e.service_type', 'in', PLAN_SERVICE_TYPES)
    .where('e.event_start_on', '<=', today)
    .where((eb) => eb.or([eb('e.event_end_on', 'is', null), eb('e.event_end_on', '>=', today)]))
    .where((eb) => eb.or([eb('p.date_of_death', 'is', null), eb('p.date_of_death', '>', today)]))
  if (typeof scope === 'object' && 'teamId' in scope) {
    // The team's people: its requests that no later request of the same person follows.
    query = query.where('e.person_id', 'in', (eb) =>
      eb
        .selectFrom('support_requests as sr')
        .select('sr.person_id')
        .where('sr.council_id', '=', councilId)
        .where('sr.team_id', '=', scope.teamId)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('support_requests as later')
                .select('later.id')
                .whereRef('later.person_id', '=', 'sr.person_id')
                .where(
                  sql<boolean>`(later.requested_on, later.created_at, later.id) > (sr.requested_on, sr.created_at, sr.id)`,
                ),
            ),
          ),
        ),
    )
  }
  return query
}

/**
 * Each person in scope's plan services and completed reviews, for the
 * scheduler. One query, whose two lists each come back as one JSON value
 * rather than a row per event: on the embedded database, handing rows over
 * one by one costs far more than the query itself.
 *
 * @example
 * const facts = await scheduleFacts(db, user.councilId, { teamId }, '2026-06-15')
 * facts.get(personId) // { services: [{ startOn, endOn, directPayment }], reviewsOn: ['2025-03-01'] }
 */
export async function scheduleFacts(
  db: Db,
  councilId: string,
  scope: ReviewScope,
  today: string,
): Promise<Map<string, ScheduleFacts>> {
  const row = await db
    .with(
      (cte) => cte('in_scope').materialized(),
      () => peopleInScope(db, councilId, scope, today),
    )
    .selectNoFrom((eb) => [
      // A direct payment as DHSC's ASCOF 3D reads it: the delivery mechanism, or a direct payment component.
      eb
        .selectFrom('cld_events_live as e')
        .select(
          sql<
            [string, string, string | null, boolean][] | string | null
          >`json_agg(json_build_array(e.person_id, e.event_start_on, e.event_end_on,
            coalesce(e.delivery_mechanism = 'Direct Payment' OR e.service_component = 'Direct payment', false)))`.as(
            'rows',
          ),
        )
        .where('e.council_id', '=', councilId)
        .where('e.event_type', '=', 'Service')
        .where('e.service_type', 'in', PLAN_SERVICE_TYPES)
        .where('e.person_id', 'in', eb.selectFrom('in_scope').select('in_scope.person_id'))
        .as('services'),
      eb
        .selectFrom('cld_events_live as e')
        .select(
          sql<[string, string][] | string | null>`json_agg(json_build_array(e.person_id, e.event_end_on))`.as(
            'rows',
          ),
        )
        .where('e.council_id', '=', councilId)
        .where('e.event_type', '=', 'Review')
        .where('e.event_end_on', 'is not', null)
        .where((w) =>
          w.or([w('e.review_reason', 'is', null), w('e.review_reason', '<>', SHORT_TERM_REVIEW_REASON)]),
        )
        .where('e.person_id', 'in', eb.selectFrom('in_scope').select('in_scope.person_id'))
        .as('reviews'),
    ])
    .executeTakeFirstOrThrow()

  const facts = new Map<string, ScheduleFacts>()
  const of = (personId: string) => {
    const mine = facts.get(personId) ?? { services: [], reviewsOn: [] }
    facts.set(personId, mine)
    return mine
  }
  for (const [personId, startOn, endOn, directPayment] of parsed(row.services)) {
    of(personId).services.push({ startOn, endOn, directPayment })
  }
  for (const [personId, on] of parsed(row.reviews)) of(personId).reviewsOn.push(on)
  return facts
}

/** json_agg comes back parsed from one driver and as text from the other; null when nothing matched. */
function parsed<T>(value: T[] | string | null | undefined): T[] {
  if (value === undefined) return []
  if (value === null) return []
  return typeof value === 'string' ? (JSON.parse(value) as T[]) : value
}

/**
 * People of a council by id, with the team and worker of their latest
 * request, for the lists.
 *
 * @example
 * const people = await peopleWithTheirTeams(db, user.councilId, ['9b2…'])
 */
export async function peopleWithTheirTeams(
  db: Db,
  councilId: string,
  personIds: string[],
): Promise<ScopedPerson[]> {
  if (personIds.length === 0) return []
  const rows = await db
    .selectFrom('people as p')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('support_requests as sr')
          .select(['sr.team_id', 'sr.worker_id'])
          .whereRef('sr.person_id', '=', 'p.id')
          .where('sr.council_id', '=', councilId)
          .orderBy('sr.requested_on', 'desc')
          .orderBy('sr.created_at', 'desc')
          .orderBy('sr.id', 'desc')
          .limit(1)
          .as('r'),
      (join) => join.onTrue(),
    )
    .leftJoin('teams as t', 't.id', 'r.team_id')
    .leftJoin('users as w', 'w.id', 'r.worker_id')
    .select([
      'p.id',
      'p.given_name',
      'p.family_name',
      'p.la_person_id',
      'r.team_id',
      't.name as team_name',
      'r.worker_id',
      'w.display_name as worker_name',
    ])
    .where('p.council_id', '=', councilId)
    // One parameter however many people: a list of ids as JSON.
    .where(
      sql<boolean>`p.id IN (SELECT value::uuid FROM json_array_elements_text(${JSON.stringify(personIds)}::json))`,
    )
    .execute()
  return rows.map((p) => ({
    personId: p.id,
    personName: personName(p),
    laPersonId: p.la_person_id,
    teamId: p.team_id,
    teamName: p.team_name,
    workerId: p.worker_id,
    workerName: p.worker_name,
  }))
}
