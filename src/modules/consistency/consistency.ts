import type { Database } from '../../kernel/db/connect.ts'
import type { CurrentUser } from '../identity/store.ts'
import type { Period } from '../measures/periods.ts'
import { costFunnel, decisionFunnel, type Funnel, type FunnelPoint, type Position } from './funnel.ts'
import { type PlannedRequest, requestsSubmittedBetween } from './store.ts'

/** What the points of the funnels are. */
export const COMPARISONS = ['practitioner', 'team'] as const
export type Comparison = (typeof COMPARISONS)[number]

/** Decisions that weigh a plan; a request returned is sent back for more, not decided on its amount. */
const WEIGHED = new Set<PlannedRequest['status']>(['approved', 'amended', 'refused'])

/** The group of practitioners with no team. */
const NO_TEAM = 'none'

export interface Consistency {
  cost: Funnel
  decisions: Funnel
  /** Requests the cost funnel leaves out: no indicative budget, or no weekly cost. */
  leftOut: number
  /** Only the user's own team's practitioners are shown (a team manager), against the council's limits. */
  ownTeamOnly: boolean
  nameOf(group: string): string
  /** A practitioner's team's name (null with no team); null for a team. */
  teamOf(group: string): string | null
}

/** Those far from the council's figure first, then those outside the 95% limits, then by name. */
const ORDER: Record<Position, number> = { 'far-above': 0, 'far-below': 0, above: 1, below: 1, within: 2 }

/**
 * Practice consistency in a period, by practitioner or team: need-adjusted
 * cost over every request submitted in it, and the share amended or refused
 * over those decided above the practitioner. Limits are always the whole
 * council's; a team manager sees their own team's practitioners (every team
 * when comparing teams), a head of service everyone.
 *
 * @example
 * const found = await practiceConsistency(database, user, financialYear('2025-26'), 'practitioner')
 */
export async function practiceConsistency(
  database: Database,
  user: CurrentUser,
  period: Period,
  by: Comparison,
): Promise<Consistency> {
  const requests = await requestsSubmittedBetween(database.db, user.councilId, period.start, period.end)
  const groupOf = (r: PlannedRequest) => (by === 'team' ? (r.teamId ?? NO_TEAM) : r.practitionerId)
  const names = new Map<string, string>()
  const teams = new Map<string, string | null>()
  for (const r of requests) {
    if (by === 'team') names.set(groupOf(r), r.teamName ?? 'No team')
    else {
      names.set(r.practitionerId, r.practitionerName)
      teams.set(r.practitionerId, r.teamName)
    }
  }
  const cost = costFunnel(
    requests.map((r) => ({
      group: groupOf(r),
      weeklyCostPence: r.weeklyCostPence,
      indicativeWeeklyPence: r.indicativeWeeklyPence,
    })),
  )
  const decisions = decisionFunnel(
    requests
      .filter((r) => r.route !== 'practitioner' && WEIGHED.has(r.status))
      .map((r) => ({ group: groupOf(r), changed: r.status === 'amended' || r.status === 'refused' })),
  )
  const ownTeamOnly = by === 'practitioner' && user.role !== 'head_of_service'
  const ownTeam = new Set(
    requests.filter((r) => user.teamId !== null && r.teamId === user.teamId).map((r) => r.practitionerId),
  )
  const nameOf = (group: string) => names.get(group) ?? group
  const shown = (funnel: Funnel): Funnel => ({
    ...funnel,
    points: funnel.points
      .filter((p) => !ownTeamOnly || ownTeam.has(p.group))
      .sort((a, b) => rank(a) - rank(b) || nameOf(a.group).localeCompare(nameOf(b.group), 'en-GB')),
  })
  return {
    cost: shown(cost),
    decisions: shown(decisions),
    leftOut: requests.length - cost.requests,
    ownTeamOnly,
    nameOf,
    teamOf: (group) => (by === 'team' ? null : (teams.get(group) ?? null)),
  }
}

const rank = (p: FunnelPoint) => (p.position ? ORDER[p.position] : 3)
