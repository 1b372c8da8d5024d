import type { Kysely } from 'kysely'
import type { DecisionStepsTable, FundingRequestsTable, Schema } from '../../schema.ts'
import { type AuthorityLevel, DEMO_SCHEME, type DelegationScheme } from './delegation.ts'

type Db = Kysely<Schema>

export type RequestStatus = FundingRequestsTable['status']
export type StepKind = DecisionStepsTable['step']

/** Requests still waiting for a decision (a deferred one comes back to its queue). */
export const WAITING: RequestStatus[] = ['pending', 'deferred']

export interface SchemeVersion {
  /** 0 for ASCEND's default (the demo scheme), used until the council saves its own. */
  version: number
  scheme: DelegationScheme
  createdAt: Date | null
  createdByName: string | null
}

/**
 * The council's scheme of delegation in force: its latest saved version, or
 * ASCEND's default (the demo council's scheme) until it saves one.
 *
 * @example
 * const { version, scheme } = await currentScheme(db, user.councilId)
 */
export async function currentScheme(db: Db, councilId: string): Promise<SchemeVersion> {
  const row = await db
    .selectFrom('delegation_schemes as s')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .select(['s.version', 's.scheme', 's.created_at', 'u.display_name'])
    .where('s.council_id', '=', councilId)
    .orderBy('s.version', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!row) return { version: 0, scheme: DEMO_SCHEME, createdAt: null, createdByName: null }
  return {
    version: row.version,
    scheme: row.scheme as DelegationScheme,
    createdAt: row.created_at,
    createdByName: row.display_name,
  }
}

/**
 * Saves a new version of the council's scheme and returns its number.
 * Requests already routed keep the version that routed them.
 *
 * @example
 * const version = await saveScheme(tx, user.councilId, scheme, user.id)
 */
export async function saveScheme(db: Db, councilId: string, scheme: DelegationScheme, userId: string | null) {
  const latest = await db
    .selectFrom('delegation_schemes')
    .select((eb) => eb.fn.max<number>('version').as('version'))
    .where('council_id', '=', councilId)
    .executeTakeFirst()
  const version = Number(latest?.version ?? 0) + 1
  await db
    .insertInto('delegation_schemes')
    .values({ council_id: councilId, version, scheme: JSON.stringify(scheme), created_by: userId })
    .execute()
  return version
}

export interface NewFundingRequest {
  councilId: string
  personId: string
  planId: string
  route: AuthorityLevel
  schemeVersion: number
  ruleNumber: number | null
  routeReason: string
  weeklyCostPence: number
  annualCostPence: number
  indicativeWeeklyPence: number
  submittedBy: string
  submittedAt: Date
  /** Set when the submitter's own delegation approves it at once. */
  approvedAtOnce: boolean
}

/**
 * Stores a routed funding request: waiting in its level's queue, or
 * approved at once when it is within the submitter's delegation.
 *
 * @example
 * const id = await insertFundingRequest(tx, { ...request, approvedAtOnce: route.level === 'practitioner' })
 */
export async function insertFundingRequest(db: Db, request: NewFundingRequest): Promise<string> {
  const row = await db
    .insertInto('funding_requests')
    .values({
      council_id: request.councilId,
      person_id: request.personId,
      plan_id: request.planId,
      route: request.route,
      scheme_version: request.schemeVersion,
      rule_number: request.ruleNumber,
      route_reason: request.routeReason,
      weekly_cost_pence: request.weeklyCostPence,
      annual_cost_pence: request.annualCostPence,
      indicative_weekly_pence: request.indicativeWeeklyPence,
      status: request.approvedAtOnce ? 'approved' : 'pending',
      decision_count: request.approvedAtOnce ? 1 : 0,
      submitted_by: request.submittedBy,
      submitted_at: request.submittedAt,
      decided_by: request.approvedAtOnce ? request.submittedBy : null,
      decided_at: request.approvedAtOnce ? request.submittedAt : null,
      approved_weekly_pence: request.approvedAtOnce ? request.weeklyCostPence : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/**
 * Records a step in deciding a request, with when, who and the minutes it took.
 *
 * @example
 * await recordStep(tx, { councilId, requestId, personId, step: 'submitted', level: 'practitioner', at: now, userId: user.id, minutes: 20 })
 */
export async function recordStep(
  db: Db,
  step: {
    councilId: string
    requestId: string
    personId: string
    step: StepKind
    level: AuthorityLevel
    at: Date
    userId: string | null
    minutes?: number | null
    reasons?: string | null
    detail?: Record<string, unknown>
  },
): Promise<void> {
  await db
    .insertInto('decision_steps')
    .values({
      council_id: step.councilId,
      funding_request_id: step.requestId,
      person_id: step.personId,
      step: step.step,
      level: step.level,
      at: step.at,
      user_id: step.userId,
      minutes: step.minutes ?? null,
      reasons: step.reasons ?? null,
      detail: step.detail ? JSON.stringify(step.detail) : null,
    })
    .execute()
}

/**
 * A funding request in this council, with its person and the people who
 * submitted and decided it; undefined when there is none.
 *
 * @example
 * const request = await findFundingRequest(db, user.councilId, id)
 */
export async function findFundingRequest(db: Db, councilId: string, id: string) {
  return db
    .selectFrom('funding_requests as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .innerJoin('support_plans as plan', 'plan.id', 'r.plan_id')
    .innerJoin('users as submitter', 'submitter.id', 'r.submitted_by')
    .leftJoin('users as decider', 'decider.id', 'r.decided_by')
    .selectAll('r')
    .select([
      'p.given_name',
      'p.family_name',
      'p.la_person_id',
      'p.date_of_death',
      'plan.version as plan_version',
      'plan.status as plan_status',
      'submitter.display_name as submitter_name',
      'submitter.role as submitter_role',
      'decider.display_name as decider_name',
      'decider.role as decider_role',
    ])
    .where('r.council_id', '=', councilId)
    .where('r.id', '=', id)
    .executeTakeFirst()
}

export type StoredFundingRequest = NonNullable<Awaited<ReturnType<typeof findFundingRequest>>>

/** The funding request made for a plan version, if any. */
export async function findRequestForPlan(db: Db, councilId: string, planId: string) {
  return db
    .selectFrom('funding_requests')
    .select(['id', 'route', 'status', 'submitted_at', 'decided_at'])
    .where('council_id', '=', councilId)
    .where('plan_id', '=', planId)
    .executeTakeFirst()
}

/** A request's steps, in the order they happened, with who took them. */
export async function listSteps(db: Db, councilId: string, requestId: string) {
  return db
    .selectFrom('decision_steps as s')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id',
      's.step',
      's.level',
      's.at',
      's.minutes',
      's.reasons',
      's.detail',
      'u.display_name',
      'u.role',
    ])
    .where('s.council_id', '=', councilId)
    .where('s.funding_request_id', '=', requestId)
    .orderBy('s.id')
    .execute()
}

/**
 * Requests at the given levels in the given statuses, oldest first: a queue
 * to work, or what was decided lately.
 *
 * @example
 * const waiting = await listRequests(db, councilId, ['team_manager'], WAITING)
 */
export async function listRequests(
  db: Db,
  councilId: string,
  levels: AuthorityLevel[],
  statuses: RequestStatus[],
  options: { newestFirst?: boolean; limit?: number } = {},
) {
  if (levels.length === 0 || statuses.length === 0) return []
  return db
    .selectFrom('funding_requests as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .innerJoin('users as submitter', 'submitter.id', 'r.submitted_by')
    .select([
      'r.id',
      'r.route',
      'r.status',
      'r.plan_id',
      'r.person_id',
      'r.weekly_cost_pence',
      'r.annual_cost_pence',
      'r.indicative_weekly_pence',
      'r.route_reason',
      'r.submitted_at',
      'r.decided_at',
      'r.submitted_by',
      'p.given_name',
      'p.family_name',
      'submitter.display_name as submitter_name',
    ])
    .where('r.council_id', '=', councilId)
    .where('r.route', 'in', levels)
    .where('r.status', 'in', statuses)
    .orderBy(options.newestFirst ? 'r.decided_at' : 'r.submitted_at', options.newestFirst ? 'desc' : 'asc')
    .limit(options.limit ?? 200)
    .execute()
}

/**
 * When each request waiting at a level was submitted: what counting a queue
 * needs, naming no one.
 *
 * @example
 * const since = await waitingSince(db, councilId, 'panel') // [Date, …]
 */
export async function waitingSince(db: Db, councilId: string, level: AuthorityLevel): Promise<Date[]> {
  const rows = await db
    .selectFrom('funding_requests')
    .select('submitted_at')
    .where('council_id', '=', councilId)
    .where('route', '=', level)
    .where('status', 'in', WAITING)
    .execute()
  return rows.map((row) => row.submitted_at as Date)
}

/**
 * Records a decision on a waiting request, only if no one else decided it
 * since it was read (`seenDecisions`): false when someone did, so exactly
 * one of two deciders at once wins and the other changes nothing.
 *
 * @example
 * if (!(await recordDecision(tx, councilId, id, request.decision_count, {...}))) throw conflict('Already decided')
 */
export async function recordDecision(
  db: Db,
  councilId: string,
  id: string,
  seenDecisions: number,
  decision: {
    status: RequestStatus
    decidedBy: string
    decidedAt: Date
    approvedWeeklyPence: number | null
    reasons: string | null
  },
): Promise<boolean> {
  const row = await db
    .updateTable('funding_requests')
    .set((eb) => ({
      status: decision.status,
      decision_count: eb('decision_count', '+', 1),
      decided_by: decision.decidedBy,
      decided_at: decision.decidedAt,
      approved_weekly_pence: decision.approvedWeeklyPence,
      reasons: decision.reasons,
    }))
    .where('council_id', '=', councilId)
    .where('id', '=', id)
    .where('status', 'in', WAITING)
    .where('decision_count', '=', seenDecisions)
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}
