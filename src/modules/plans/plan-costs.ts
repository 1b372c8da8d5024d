/**
 * What a support plan costs. Pure and in whole pence: a line's cost a week is
 * its unit cost times its planned units a week (CLD's rule), with costs given
 * per fortnight, month, quarter or year spread evenly over the 52 weeks of a
 * year; a one-off cost counts once, in the year. A year is 52 weeks.
 */

import type { COST_FREQUENCY_UNIT_TYPES } from '../../kernel/code-lists/cld.ts'

/** CLD Cost_Frequency_Unit_Type: what one unit of a line's cost is. */
export type CostUnit = (typeof COST_FREQUENCY_UNIT_TYPES)[number]

/** The cost units in the order the plan pages offer them (commonest first). */
export const COST_UNITS: readonly CostUnit[] = [
  'Hourly',
  'Daily',
  'Per session',
  'Weekly',
  'Fortnightly',
  '4-weekly',
  'Monthly',
  'Quarterly',
  'Annually',
  'One-off',
]

export const WEEKS_IN_YEAR = 52

/**
 * How many of each period a year holds, for costs given per period. Time
 * units (hour, day, session, week) are counted in the week itself.
 */
const PERIODS_PER_YEAR: Partial<Record<CostUnit, number>> = {
  Fortnightly: 26,
  '4-weekly': 13,
  Monthly: 12,
  Quarterly: 4,
  Annually: 1,
}

/** Plain words people type for each cost unit, so the API and forms accept either. */
const COST_UNIT_WORDS: Record<string, CostUnit> = {
  hour: 'Hourly',
  'per hour': 'Hourly',
  day: 'Daily',
  'per day': 'Daily',
  session: 'Per session',
  week: 'Weekly',
  'per week': 'Weekly',
  fortnight: 'Fortnightly',
  '4 weeks': '4-weekly',
  'four-weekly': '4-weekly',
  month: 'Monthly',
  'per month': 'Monthly',
  quarter: 'Quarterly',
  year: 'Annually',
  'per year': 'Annually',
  yearly: 'Annually',
  'one off': 'One-off',
  once: 'One-off',
}

/** The cost units' names as the plan pages show them. */
export const COST_UNIT_LABELS: Record<CostUnit, string> = {
  Hourly: 'an hour',
  Daily: 'a day',
  'Per session': 'a session',
  Weekly: 'a week',
  Fortnightly: 'a fortnight',
  '4-weekly': 'every 4 weeks',
  Monthly: 'a month',
  Quarterly: 'a quarter',
  Annually: 'a year',
  'One-off': 'one-off',
}

/**
 * The cost unit a submitted string names, ignoring case: a CLD value or a
 * plain word. Undefined when it names none.
 *
 * @example
 * matchCostUnit('hourly') // 'Hourly'
 * matchCostUnit('per month') // 'Monthly'
 * matchCostUnit('fortnightish') // undefined
 */
export function matchCostUnit(value: string): CostUnit | undefined {
  const key = value.trim().toLowerCase().replace(/\s+/g, ' ')
  return COST_UNITS.find((unit) => unit.toLowerCase() === key) ?? COST_UNIT_WORDS[key]
}

export interface LineCostInput {
  unitCostPence: number
  /** Units in hundredths (10.5 hours a week is 1050), so arithmetic stays whole. */
  unitsHundredths: number
  costUnit: CostUnit
}

export interface LineCost {
  /** The line's cost in an ordinary week. */
  weeklyPence: number
  /** A one-off cost, counted once in the year (0 for recurring lines). */
  oneOffPence: number
  /**
   * CLD Planned_units_per_week: the units of the line's cost unit used in a
   * week, so that unit cost × planned units = cost a week. Null for one-off costs.
   */
  plannedUnitsPerWeek: number | null
}

/** a × b / c rounded half up, for non-negative whole numbers. */
function mulDivRound(a: number, b: number, c: number): number {
  return Math.floor((2 * a * b + c) / (2 * c))
}

/**
 * What one plan line costs a week (and once, if one-off), in whole pence.
 *
 * @example
 * lineCost({ unitCostPence: 2450, unitsHundredths: 1050, costUnit: 'Hourly' })
 * // { weeklyPence: 25725, oneOffPence: 0, plannedUnitsPerWeek: 10.5 }
 * lineCost({ unitCostPence: 40000, unitsHundredths: 100, costUnit: 'Monthly' }).weeklyPence // 9231
 */
export function lineCost(line: LineCostInput): LineCost {
  const { unitCostPence, unitsHundredths, costUnit } = line
  if (costUnit === 'One-off') {
    return {
      weeklyPence: 0,
      oneOffPence: mulDivRound(unitCostPence, unitsHundredths, 100),
      plannedUnitsPerWeek: null,
    }
  }
  const perYear = PERIODS_PER_YEAR[costUnit]
  if (perYear === undefined) {
    return {
      weeklyPence: mulDivRound(unitCostPence, unitsHundredths, 100),
      oneOffPence: 0,
      plannedUnitsPerWeek: unitsHundredths / 100,
    }
  }
  return {
    weeklyPence: mulDivRound(unitCostPence, unitsHundredths * perYear, 100 * WEEKS_IN_YEAR),
    oneOffPence: 0,
    plannedUnitsPerWeek: Math.round((unitsHundredths * perYear * 10_000) / (100 * WEEKS_IN_YEAR)) / 10_000,
  }
}

export interface PlanCost {
  weeklyPence: number
  /** 52 weeks of the weekly cost plus any one-off costs. */
  annualPence: number
  lines: LineCost[]
}

/**
 * A plan's cost a week and a year from its lines.
 *
 * @example
 * planCost([
 *   { unitCostPence: 2400, unitsHundredths: 1000, costUnit: 'Hourly' },
 *   { unitCostPence: 50000, unitsHundredths: 100, costUnit: 'One-off' },
 * ]) // { weeklyPence: 24000, annualPence: 1298000, lines: [...] }
 */
export function planCost(lines: readonly LineCostInput[]): PlanCost {
  const costs = lines.map(lineCost)
  const weeklyPence = costs.reduce((sum, c) => sum + c.weeklyPence, 0)
  const oneOffPence = costs.reduce((sum, c) => sum + c.oneOffPence, 0)
  return { weeklyPence, annualPence: weeklyPence * WEEKS_IN_YEAR + oneOffPence, lines: costs }
}

/**
 * A number of units as hundredths, or undefined when it has more than two
 * decimal places or is not a positive finite number.
 *
 * @example
 * toHundredths(10.5) // 1050
 * toHundredths(0.333) // undefined
 */
export function toHundredths(units: number): number | undefined {
  if (!Number.isFinite(units) || units <= 0) return undefined
  const hundredths = Math.round(units * 100)
  return Math.abs(hundredths - units * 100) < 1e-6 ? hundredths : undefined
}
