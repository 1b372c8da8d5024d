import type { Kysely } from 'kysely'
import { isoDay } from '../../kernel/dates.ts'
import type { Database } from '../../kernel/db/connect.ts'
import { conflict, notFound, Problem } from '../../kernel/problem.ts'
import { parseInput } from '../../kernel/validation.ts'
import type { Schema } from '../../schema.ts'
import { recordAudit, recordAuditBy } from '../audit/store.ts'
import type { Actor } from '../budgets/actions.ts'
import { findBudget } from '../budgets/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { afterDeath } from '../people/support-ended-at-death.ts'
import { putPlanIntoEffect } from '../plans/actions.ts'
import { findPlan, moveStatus } from '../plans/store.ts'
import {
  type AuthorityLevel,
  type DelegationScheme,
  mayDecide,
  queuesForRole,
  routeFundingRequest,
} from './delegation.ts'
import { type DecisionInput, type DecisionOutcome, parseDecision, submitBodySchema } from './inputs.ts'
import {
  currentScheme,
  findFundingRequest,
  findRequestForPlan,
  insertFundingRequest,
  listRequests,
  listSteps,
  type RequestStatus,
  recordDecision,
  recordStep,
  type StoredFundingRequest,
  saveScheme,
  WAITING,
} from './store.ts'

/*
 * Funding requests and their decisions, for pages and the API. Each change is
 * one transaction holding the change, its timed step and its audit entry.
 */

const STATUS_OF: Record<DecisionOutcome, Exclude<RequestStatus, 'pending'>> = {
  approve: 'approved',
  amend: 'amended',
  refuse: 'refused',
  defer: 'deferred',
  return: 'returned',
}

/**
 * Submits a draft plan for funding. The council's scheme of delegation
 * routes it; within the practitioner's delegation the submission is the
 * approval and the plan takes effect at once, otherwise the request waits
 * in its level's queue. Submitting twice is a conflict (409).
 *
 * @example
 * const request = await submitForFunding(database, user, planId, { minutes: 15 }, now)
 * request.route // 'team_manager'
 */
export async function submitForFunding(
  database: Database,
  user: CurrentUser,
  planId: string,
  body: unknown,
  now: Date,
) {
  return oneActivePlan(
    database.db.transaction().execute(async (tx) => {
      const plan = await findPlan(tx, user.councilId, planId)
      if (!plan) throw notFound('Plan')
      if (plan.status !== 'draft') {
        const existing = await findRequestForPlan(tx, user.councilId, planId)
        throw conflict(
          existing
            ? 'This plan version has already been submitted for funding'
            : 'Only a draft can be submitted: change the plan to make a new version, then submit that',
          existing ? { fundingRequestId: existing.id } : {},
        )
      }
      if (plan.date_of_death !== null) {
        throw afterDeath(plan.date_of_death, 'a plan cannot be submitted for funding after a death')
      }
      const { minutes } = parseInput(submitBodySchema, body)
      if (!(await moveStatus(tx, user.councilId, planId, ['draft'], 'submitted'))) {
        throw conflict('This plan version has already been submitted for funding')
      }
      const budget = await findBudget(tx, user.councilId, plan.indicative_budget_id)
      const indicativeWeeklyPence = budget?.weeklyPence ?? 0
      const { version, scheme } = await currentScheme(tx, user.councilId)
      const route = routeFundingRequest(scheme, {
        weeklyCostPence: plan.weekly_cost_pence,
        annualCostPence: plan.annual_cost_pence,
        indicativeWeeklyPence,
        serviceTypes: plan.lines.map((l) => l.service_type),
      })
      const delegated = route.level === 'practitioner'
      const id = await insertFundingRequest(tx, {
        councilId: user.councilId,
        personId: plan.person_id,
        planId,
        route: route.level,
        schemeVersion: version,
        ruleNumber: route.ruleNumber,
        routeReason: route.reason,
        weeklyCostPence: plan.weekly_cost_pence,
        annualCostPence: plan.annual_cost_pence,
        indicativeWeeklyPence,
        submittedBy: user.id,
        submittedAt: now,
        approvedAtOnce: delegated,
      })
      const step = { councilId: user.councilId, requestId: id, personId: plan.person_id, at: now }
      await recordStep(tx, {
        ...step,
        step: 'submitted',
        level: route.level,
        userId: user.id,
        minutes: minutes ?? null,
      })
      await recordStep(tx, {
        ...step,
        step: 'routed',
        level: route.level,
        userId: null,
        detail: { schemeVersion: version, ruleNumber: route.ruleNumber, reason: route.reason },
      })
      if (delegated) {
        await recordStep(tx, {
          ...step,
          step: 'approved',
          level: route.level,
          userId: user.id,
          detail: { delegated: true },
        })
        await putPlanIntoEffect(tx, user, planId, plan.weekly_cost_pence, isoDay(now))
      }
      await recordAuditBy(tx, user, {
        action: 'create',
        recordType: 'funding_request',
        recordId: id,
        personId: plan.person_id,
        detail: {
          planId,
          route: route.level,
          ruleNumber: route.ruleNumber,
          schemeVersion: version,
          delegated,
        },
      })
      return (await findFundingRequest(tx, user.councilId, id)) as StoredFundingRequest
    }),
  )
}

/**
 * Two plans of one person approved at the same moment would both become
 * active; the database allows one, and the other is told to try again.
 *
 * @example
 * return oneActivePlan(database.db.transaction().execute((tx) => decideWithin(tx, user, id, body, now)))
 */
export async function oneActivePlan<T>(work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw conflict(
        'Another plan for this person was approved at the same moment: reload the page and try again',
      )
    }
    throw error
  }
}

/**
 * Decides a waiting funding request: approve, amend (a new weekly amount),
 * refuse, defer or return for changes. Only a user at the request's level
 * or higher may (panel requests only the panel), never the one who
 * submitted it (403); a decided request answers 409 and nothing changes,
 * and of two deciders at once exactly one wins.
 *
 * @example
 * await decideFundingRequest(database, user, id, { outcome: 'amend', weeklyPence: 41_500, reasons: '…' }, now)
 */
export async function decideFundingRequest(
  database: Database,
  user: CurrentUser,
  id: string,
  body: unknown,
  now: Date,
  parse: (body: unknown, planWeeklyPence: number) => DecisionInput = parseDecision,
) {
  return oneActivePlan(
    database.db
      .transaction()
      .execute(async (tx) => (await decideWithin(tx, user, id, body, now, { parse })).request),
  )
}

/**
 * The decision itself, inside a transaction the caller holds, so that a
 * panel can record its agenda item in the same one. `stepDetail` is kept
 * with the decision's step (a panel meeting's id, say). Returns the request
 * as decided and the decision as parsed.
 *
 * @example
 * const { request, decision } = await decideWithin(tx, user, id, body, now, { stepDetail: { meetingId } })
 */
export async function decideWithin(
  tx: Kysely<Schema>,
  user: CurrentUser,
  id: string,
  body: unknown,
  now: Date,
  options: {
    parse?: (body: unknown, planWeeklyPence: number) => DecisionInput
    stepDetail?: Record<string, unknown>
  } = {},
): Promise<{ request: StoredFundingRequest; decision: DecisionInput }> {
  const parse = options.parse ?? parseDecision
  const request = await findFundingRequest(tx, user.councilId, id)
  if (!request) throw notFound('Funding request')
  assertMayDecide(user, request)
  if (!WAITING.includes(request.status)) throw alreadyDecided(request)
  const decision = parse(body, request.weekly_cost_pence)
  const status = STATUS_OF[decision.outcome]
  const approvedWeeklyPence =
    decision.outcome === 'approve'
      ? request.weekly_cost_pence
      : decision.outcome === 'amend'
        ? (decision.weeklyPence as number)
        : null
  if (approvedWeeklyPence !== null && request.date_of_death !== null) {
    throw afterDeath(request.date_of_death, 'refuse the request or return it, as it cannot be approved')
  }
  const recorded = await recordDecision(tx, user.councilId, id, request.decision_count, {
    status,
    decidedBy: user.id,
    decidedAt: now,
    approvedWeeklyPence,
    reasons: decision.reasons ?? null,
  })
  if (!recorded) throw alreadyDecided(request)
  const detail = {
    ...(approvedWeeklyPence === null ? {} : { approvedWeeklyPence }),
    ...(options.stepDetail ?? {}),
  }
  await recordStep(tx, {
    councilId: user.councilId,
    requestId: id,
    personId: request.person_id,
    step: status,
    level: request.route,
    at: now,
    userId: user.id,
    minutes: decision.minutes ?? null,
    reasons: decision.reasons ?? null,
    detail: Object.keys(detail).length ? detail : undefined,
  })
  if (approvedWeeklyPence !== null) {
    await putPlanIntoEffect(tx, user, request.plan_id, approvedWeeklyPence, isoDay(now))
  } else if (status === 'refused' || status === 'returned') {
    await moveStatus(tx, user.councilId, request.plan_id, ['submitted'], status)
  }
  await recordAuditBy(tx, user, {
    action: 'update',
    recordType: 'funding_request',
    recordId: id,
    personId: request.person_id,
    detail: {
      outcome: decision.outcome,
      approvedWeeklyPence,
      level: request.route,
      ...(options.stepDetail ?? {}),
    },
  })
  return { request: (await findFundingRequest(tx, user.councilId, id)) as StoredFundingRequest, decision }
}

function assertMayDecide(user: CurrentUser, request: StoredFundingRequest) {
  if (!mayDecide(user.role, request.route)) {
    throw new Problem(
      403,
      'You do not have permission to do this',
      request.route === 'panel'
        ? 'Only the panel can decide a request routed to the panel'
        : 'This request needs a decision at a higher level than yours',
    )
  }
  if (request.submitted_by === user.id) {
    throw new Problem(
      403,
      'You do not have permission to do this',
      'Someone other than the person who submitted it must decide it',
    )
  }
}

/** Whether this user may decide this request now (for showing the decision form). */
export function canDecideNow(user: CurrentUser, request: StoredFundingRequest): boolean {
  return (
    mayDecide(user.role, request.route) &&
    request.submitted_by !== user.id &&
    WAITING.includes(request.status)
  )
}

function alreadyDecided(request: StoredFundingRequest) {
  return conflict('This request has already been decided: the decision stands and nothing was changed', {
    requestStatus: request.status,
  })
}

/**
 * Reads a funding request with its steps, auditing the read unless told not to.
 *
 * @example
 * const { request, steps } = await readFundingRequest(database, user, id)
 */
export async function readFundingRequest(
  database: Database,
  user: CurrentUser,
  id: string,
  options: { audit?: boolean } = {},
) {
  return database.db.transaction().execute(async (tx) => {
    const request = await findFundingRequest(tx, user.councilId, id)
    if (!request) throw notFound('Funding request')
    const steps = await listSteps(tx, user.councilId, id)
    if (options.audit !== false) {
      await recordAuditBy(tx, user, {
        action: 'read',
        recordType: 'funding_request',
        recordId: id,
        personId: request.person_id,
      })
    }
    return { request, steps }
  })
}

/**
 * A queue of waiting requests at the levels this user may decide (one level
 * when asked), with the latest decided ones below it. Listing a queue reads
 * several people's names: audited as a search.
 *
 * @example
 * const queue = await readQueue(database, user, 'team_manager')
 */
export async function readQueue(database: Database, user: CurrentUser, level: AuthorityLevel | undefined) {
  const levels = queuesForRole(user.role).filter((l) => !level || l === level)
  return database.db.transaction().execute(async (tx) => {
    const waiting = await listRequests(tx, user.councilId, levels, WAITING)
    const decided = await listRequests(
      tx,
      user.councilId,
      levels,
      ['approved', 'amended', 'refused', 'returned'],
      {
        newestFirst: true,
        limit: 20,
      },
    )
    await recordAuditBy(tx, user, {
      action: 'search',
      recordType: 'funding_request',
      detail: { queue: levels, waiting: waiting.length },
    })
    return { levels, waiting, decided }
  })
}

/**
 * Saves a new version of the council's scheme of delegation, audited.
 *
 * @example
 * const version = await saveDelegationScheme(database, { councilId, userId: user.id }, scheme)
 */
export async function saveDelegationScheme(database: Database, actor: Actor, scheme: DelegationScheme) {
  return database.db.transaction().execute(async (tx) => {
    let version: number
    try {
      version = await saveScheme(tx, actor.councilId, scheme, actor.userId)
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw conflict('Someone saved the scheme at the same moment: reload the page and try again')
      }
      throw error
    }
    await recordAudit(tx, {
      councilId: actor.councilId,
      userId: actor.userId,
      action: 'update',
      recordType: 'delegation_scheme',
      recordId: String(version),
      detail: { version, rules: scheme.rules.length },
    })
    return version
  })
}

/**
 * A funding request as the API gives it.
 *
 * @example
 * reply.send(fundingRequestJson(request))
 */
export function fundingRequestJson(r: StoredFundingRequest, steps?: Awaited<ReturnType<typeof listSteps>>) {
  return {
    id: r.id,
    planId: r.plan_id,
    personId: r.person_id,
    route: r.route,
    routeReason: r.route_reason,
    ruleNumber: r.rule_number,
    schemeVersion: r.scheme_version,
    status: r.status,
    weeklyCostPence: r.weekly_cost_pence,
    annualCostPence: r.annual_cost_pence,
    indicativeWeeklyPence: r.indicative_weekly_pence,
    approvedWeeklyPence: r.approved_weekly_pence,
    reasons: r.reasons,
    submittedBy: { id: r.submitted_by, name: r.submitter_name },
    submittedAt: r.submitted_at,
    decidedBy: r.decided_by ? { id: r.decided_by, name: r.decider_name } : null,
    decidedAt: r.decided_at,
    ...(steps
      ? {
          steps: steps.map((s) => ({
            step: s.step,
            level: s.level,
            at: s.at,
            by: s.display_name,
            minutes: s.minutes,
            reasons: s.reasons,
          })),
        }
      : {}),
  }
}
