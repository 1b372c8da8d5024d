/**
 * The cost of deciding, per route: how many requests were decided, how many
 * days they took from submission to decision (median and 90th percentile),
 * the staff hours spent (the minutes people recorded, else the council's
 * defaults), the share amended or refused, and the money amendments changed.
 * Pure: requests and their steps in, figures out.
 */
import { daysBetween, isoDay } from '../../kernel/dates.ts'
import { WEEKS_IN_YEAR } from '../plans/plan-costs.ts'
import { AUTHORITY_LEVELS, type AuthorityLevel } from './delegation.ts'
import type { DecisionSettings } from './settings.ts'

/**
 * The p-th percentile (0–100) of some numbers, interpolating between the two
 * nearest ranks (as a spreadsheet's PERCENTILE.INC does); null for none.
 *
 * @example
 * percentile([1, 2, 3, 4], 50) // 2.5
 * percentile([10, 20, 30, 40, 50], 90) // 46
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null
  if (!(p >= 0 && p <= 100)) throw new RangeError('p must be from 0 to 100')
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (p / 100) * (sorted.length - 1)
  const below = Math.floor(rank)
  const above = Math.ceil(rank)
  const low = sorted[below] as number
  const high = sorted[above] as number
  return low + (high - low) * (rank - below)
}

/**
 * The middle value of some numbers (the mean of the two middle ones when
 * there is an even number); null for none.
 *
 * @example
 * median([5, 1, 3]) // 3
 */
export const median = (values: readonly number[]): number | null => percentile(values, 50)

/** A step of deciding, as the cost needs it. */
export interface CostStep {
  step: 'submitted' | 'routed' | 'listed' | 'approved' | 'amended' | 'refused' | 'deferred' | 'returned'
  level: AuthorityLevel
  /** Minutes someone recorded, or null. */
  minutes: number | null
  /** For a decision at a panel meeting: how many sat on it. */
  panelMembers?: number | null
}

/** A decided request, as the cost needs it. */
export interface DecidedRequest {
  route: AuthorityLevel
  status: 'approved' | 'amended' | 'refused' | 'returned'
  submittedAt: Date
  decidedAt: Date
  weeklyCostPence: number
  approvedWeeklyPence: number | null
  steps: readonly CostStep[]
}

const DECISION_STEPS = new Set(['approved', 'amended', 'refused', 'deferred', 'returned'])

/**
 * A step's staff minutes: what someone recorded, else the council's default
 * for that step at that level. Routing is the scheme's and costs nothing; a
 * practitioner's own approval is part of submitting.
 *
 * @example
 * stepMinutes({ step: 'approved', level: 'team_manager', minutes: null }, DEFAULT_DECISION_SETTINGS)
 * // { minutes: 20, recorded: false }
 */
export function stepMinutes(
  step: CostStep,
  settings: DecisionSettings,
): { minutes: number; recorded: boolean } {
  if (step.minutes !== null) return { minutes: step.minutes, recorded: true }
  const assumed = (minutes: number) => ({ minutes, recorded: false })
  if (step.step === 'submitted') return assumed(settings.submissionMinutes)
  if (step.step === 'listed') return assumed(settings.panelPreparationMinutes)
  if (!DECISION_STEPS.has(step.step)) return assumed(0)
  switch (step.level) {
    case 'team_manager':
      return assumed(settings.teamManagerMinutes)
    case 'head_of_service':
      return assumed(settings.headOfServiceMinutes)
    case 'panel':
      return assumed(settings.panelSittingMinutesPerMember * (step.panelMembers ?? settings.panelMembers))
    default:
      return assumed(0)
  }
}

export interface RouteCost {
  route: AuthorityLevel
  decided: number
  medianDays: number | null
  p90Days: number | null
  staffHours: number
  /** Hours of staff time per request decided; null when none was. */
  hoursPerRequest: number | null
  /** Of the staff minutes, the share that someone recorded (the rest are defaults). */
  recordedShare: number | null
  amended: number
  refused: number
  returned: number
  /** (amended + refused) ÷ decided; null when none was. */
  amendedOrRefusedShare: number | null
  /** Σ (approved − asked) × 52 over the amended requests: negative when amendments saved money. */
  annualChangePence: number
}

/**
 * Days from the day a request was submitted to the day it was decided.
 *
 * @example
 * daysToDecision(new Date('2026-06-01T15:00:00Z'), new Date('2026-06-03T09:00:00Z')) // 2
 */
export function daysToDecision(submittedAt: Date, decidedAt: Date): number {
  return Math.max(0, daysBetween(isoDay(submittedAt), isoDay(decidedAt)))
}

/**
 * The cost of deciding for each route, every route listed (with zeros when
 * none was decided there), lowest level first.
 *
 * @example
 * const rows = routeCosts(requests, settings)
 * rows.find((r) => r.route === 'panel')?.medianDays // 21
 */
export function routeCosts(requests: readonly DecidedRequest[], settings: DecisionSettings): RouteCost[] {
  return AUTHORITY_LEVELS.map((route) => ({
    route,
    ...summarise(
      requests.filter((r) => r.route === route),
      settings,
    ),
  }))
}

/**
 * The same figures for every route together.
 *
 * @example
 * allRoutes(requests, settings).decided // requests.length
 */
export function allRoutes(
  requests: readonly DecidedRequest[],
  settings: DecisionSettings,
): Omit<RouteCost, 'route'> {
  return summarise(requests, settings)
}

function summarise(
  requests: readonly DecidedRequest[],
  settings: DecisionSettings,
): Omit<RouteCost, 'route'> {
  const days = requests.map((r) => daysToDecision(r.submittedAt, r.decidedAt))
  let minutes = 0
  let recorded = 0
  for (const request of requests) {
    for (const step of request.steps) {
      const cost = stepMinutes(step, settings)
      minutes += cost.minutes
      if (cost.recorded) recorded += cost.minutes
    }
  }
  const count = (status: DecidedRequest['status']) => requests.filter((r) => r.status === status).length
  const amended = count('amended')
  const refused = count('refused')
  const annualChangePence = requests
    .filter((r) => r.status === 'amended' && r.approvedWeeklyPence !== null)
    .reduce((sum, r) => sum + ((r.approvedWeeklyPence as number) - r.weeklyCostPence) * WEEKS_IN_YEAR, 0)
  const staffHours = minutes / 60
  return {
    decided: requests.length,
    medianDays: median(days),
    p90Days: percentile(days, 90),
    staffHours,
    hoursPerRequest: requests.length ? staffHours / requests.length : null,
    recordedShare: minutes > 0 ? recorded / minutes : null,
    amended,
    refused,
    returned: count('returned'),
    amendedOrRefusedShare: requests.length ? (amended + refused) / requests.length : null,
    annualChangePence,
  }
}
