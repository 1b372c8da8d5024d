import { type Kysely, sql } from 'kysely'
import type { Schema } from '../../schema.ts'
import type { CostStep, DecidedRequest } from './decision-cost.ts'
import type { ReplayedRequest } from './replay.ts'

type Db = Kysely<Schema>

const DECIDED = ['approved', 'amended', 'refused', 'returned'] as const

/**
 * The council's requests decided from one day to another (both included),
 * each with its steps and, for a decision at a panel meeting, how many sat
 * on it, and what routing reads of its plan: what the cost of deciding and a
 * replay under another scheme are worked out from. No names: the figures
 * are aggregates.
 *
 * @example
 * const requests = await decidedRequestsBetween(db, user.councilId, '2025-04-01', '2026-03-31')
 */
export async function decidedRequestsBetween(
  db: Db,
  councilId: string,
  from: string,
  to: string,
): Promise<ReplayedRequest[]> {
  const start = new Date(`${from}T00:00:00Z`)
  const end = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000)
  const requests = await db
    .selectFrom('funding_requests')
    .select([
      'id',
      'route',
      'status',
      'submitted_at',
      'decided_at',
      'weekly_cost_pence',
      'annual_cost_pence',
      'indicative_weekly_pence',
      'approved_weekly_pence',
      'plan_id',
    ])
    .where('council_id', '=', councilId)
    .where('status', 'in', DECIDED)
    .where('decided_at', '>=', start)
    .where('decided_at', '<', end)
    .execute()
  const steps = await db
    .selectFrom('decision_steps as s')
    .innerJoin('funding_requests as r', 'r.id', 's.funding_request_id')
    .select([
      's.funding_request_id',
      's.step',
      's.level',
      's.minutes',
      sql<number | null>`(SELECT count(*) FROM panel_meeting_members m
        WHERE m.meeting_id = (s.detail ->> 'meetingId')::uuid)`.as('panel_members'),
    ])
    .where('r.council_id', '=', councilId)
    .where('r.status', 'in', DECIDED)
    .where('r.decided_at', '>=', start)
    .where('r.decided_at', '<', end)
    .orderBy('s.id')
    .execute()
  const lines = await db
    .selectFrom('support_plan_lines as l')
    .innerJoin('funding_requests as r', 'r.plan_id', 'l.plan_id')
    .select(['l.plan_id', 'l.service_type'])
    .where('r.council_id', '=', councilId)
    .where('l.council_id', '=', councilId)
    .where('r.status', 'in', DECIDED)
    .where('r.decided_at', '>=', start)
    .where('r.decided_at', '<', end)
    .execute()
  const typesByPlan = new Map<string, string[]>()
  for (const line of lines)
    typesByPlan.set(line.plan_id, [...(typesByPlan.get(line.plan_id) ?? []), line.service_type])
  const byRequest = new Map<string, CostStep[]>()
  for (const s of steps) {
    const list = byRequest.get(s.funding_request_id) ?? []
    const members = s.panel_members === null ? null : Number(s.panel_members)
    list.push({ step: s.step, level: s.level, minutes: s.minutes, panelMembers: members || null })
    byRequest.set(s.funding_request_id, list)
  }
  return requests.map((r) => ({
    route: r.route,
    status: r.status as DecidedRequest['status'],
    submittedAt: r.submitted_at,
    decidedAt: r.decided_at as Date,
    weeklyCostPence: r.weekly_cost_pence,
    approvedWeeklyPence: r.approved_weekly_pence,
    steps: byRequest.get(r.id) ?? [],
    facts: {
      weeklyCostPence: r.weekly_cost_pence,
      annualCostPence: r.annual_cost_pence,
      indicativeWeeklyPence: r.indicative_weekly_pence,
      serviceTypes: typesByPlan.get(r.plan_id) ?? [],
    },
  }))
}
