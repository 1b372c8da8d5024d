/**
 * The personal budget statement (Care Act 2014 s26): the cost to the council
 * of meeting the person's needs, the amount the person must pay towards it,
 * and the amount the council pays, with how the money will be held. Pure.
 * Support the NHS funds alone is not part of the personal budget, so it is
 * shown beside it, not in it.
 */

import { WEEKS_IN_YEAR } from './plan-costs.ts'
import type { FundingSource, PlanDeliveryMechanism } from './plan-input.ts'
import { DELIVERY_MECHANISM_LABELS, PLAN_DELIVERY_MECHANISMS } from './plan-input.ts'

export interface StatementLine {
  weeklyPence: number
  oneOffPence: number
  fundingSource: FundingSource
  deliveryMechanism: PlanDeliveryMechanism
}

export interface PersonalBudgetStatement {
  /** The personal budget a week and a year (52 weeks and one-off costs). */
  weeklyPence: number
  annualPence: number
  /** What the person pays a week: their assessed contribution. */
  personContributionWeeklyPence: number
  /** What the council pays a week. */
  councilContributionWeeklyPence: number
  /** Support the NHS pays for, outside the personal budget. */
  nhsWeeklyPence: number
  /** How the personal budget will be held, each way with its weekly amount. */
  held: { deliveryMechanism: PlanDeliveryMechanism; label: string; weeklyPence: number }[]
  /** True when a decision approved a different amount from the plan's cost. */
  amended: boolean
}

/** Splits an amount in proportion to weights, in whole pence that add up exactly. */
function apportion(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0)
  if (total === 0) return weights.map((_, i) => (i === 0 ? amount : 0))
  const shares = weights.map((w) => Math.floor((amount * w) / total))
  let left = amount - shares.reduce((a, b) => a + b, 0)
  const order = weights.map((w, i) => ({ i, r: (amount * w) % total })).sort((a, b) => b.r - a.r || a.i - b.i)
  for (const { i } of order) {
    if (left <= 0) break
    shares[i] = (shares[i] as number) + 1
    left -= 1
  }
  return shares
}

/**
 * The statement for an approved plan. `approvedWeeklyPence` is the plan's
 * weekly cost as approved: when a decision amended it, the personal budget
 * moves by the difference and each way of holding it is scaled to match.
 *
 * @example
 * personalBudgetStatement([
 *   { weeklyPence: 30_000, oneOffPence: 0, fundingSource: 'council', deliveryMechanism: 'direct_payment' },
 *   { weeklyPence: 5_000, oneOffPence: 0, fundingSource: 'person_contribution', deliveryMechanism: 'direct_payment' },
 * ], 35_000)
 * // { weeklyPence: 35_000, personContributionWeeklyPence: 5_000, councilContributionWeeklyPence: 30_000, … }
 */
export function personalBudgetStatement(
  lines: readonly StatementLine[],
  approvedWeeklyPence: number,
): PersonalBudgetStatement {
  const planWeekly = lines.reduce((sum, l) => sum + l.weeklyPence, 0)
  const nhsWeeklyPence = lines
    .filter((l) => l.fundingSource === 'nhs')
    .reduce((sum, l) => sum + l.weeklyPence, 0)
  const inBudget = lines.filter((l) => l.fundingSource !== 'nhs')
  const weeklyPence = Math.max(0, approvedWeeklyPence - nhsWeeklyPence)
  const oneOffPence = inBudget.reduce((sum, l) => sum + l.oneOffPence, 0)
  const contribution = inBudget
    .filter((l) => l.fundingSource === 'person_contribution')
    .reduce((sum, l) => sum + l.weeklyPence, 0)
  const personContributionWeeklyPence = Math.min(contribution, weeklyPence)
  const byMechanism = PLAN_DELIVERY_MECHANISMS.map((m) =>
    inBudget.filter((l) => l.deliveryMechanism === m).reduce((sum, l) => sum + l.weeklyPence, 0),
  )
  const present = PLAN_DELIVERY_MECHANISMS.filter((m) => inBudget.some((l) => l.deliveryMechanism === m))
  const shares = apportion(
    weeklyPence,
    present.map((m) => byMechanism[PLAN_DELIVERY_MECHANISMS.indexOf(m)] as number),
  )
  return {
    weeklyPence,
    annualPence: weeklyPence * WEEKS_IN_YEAR + oneOffPence,
    personContributionWeeklyPence,
    councilContributionWeeklyPence: weeklyPence - personContributionWeeklyPence,
    nhsWeeklyPence,
    held: present.map((m, i) => ({
      deliveryMechanism: m,
      label: DELIVERY_MECHANISM_LABELS[m],
      weeklyPence: shares[i] as number,
    })),
    amended: approvedWeeklyPence !== planWeekly,
  }
}
