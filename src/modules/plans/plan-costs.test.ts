import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { COST_UNITS, type CostUnit, lineCost, matchCostUnit, planCost, toHundredths } from './plan-costs.ts'

describe('lineCost', () => {
  it.each<[string, number, number, CostUnit, number, number, number | null]>([
    ['10.5 hours of home care at £24.50', 2450, 1050, 'Hourly', 25725, 0, 10.5],
    ['2 days at £55', 5500, 200, 'Daily', 11000, 0, 2],
    ['3 sessions at £33.33', 3333, 300, 'Per session', 9999, 0, 3],
    ['a care home at £1,050 a week', 105000, 100, 'Weekly', 105000, 0, 1],
    ['£100 a fortnight', 10000, 100, 'Fortnightly', 5000, 0, 0.5],
    ['£100 every 4 weeks', 10000, 100, '4-weekly', 2500, 0, 0.25],
    ['£400 a month (£92.307… a week, rounded up)', 40000, 100, 'Monthly', 9231, 0, 0.2308],
    ['£130 a quarter', 13000, 100, 'Quarterly', 1000, 0, 0.0769],
    ['£520 a year', 52000, 100, 'Annually', 1000, 0, 0.0192],
    ['a £300 one-off', 30000, 100, 'One-off', 0, 30000, null],
    ['a half-penny rounds up', 1, 50, 'Hourly', 1, 0, 0.5],
    ['under a half-penny rounds down', 1, 49, 'Hourly', 0, 0, 0.49],
  ])('%s', (_name, unitCostPence, unitsHundredths, costUnit, weekly, oneOff, planned) => {
    expect(lineCost({ unitCostPence, unitsHundredths, costUnit })).toEqual({
      weeklyPence: weekly,
      oneOffPence: oneOff,
      plannedUnitsPerWeek: planned,
    })
  })

  it('gives whole pence that never fall as units or the unit cost rise', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom(...COST_UNITS),
        fc.integer({ min: 0, max: 1000 }),
        (unitCostPence, unitsHundredths, costUnit, more) => {
          const base = lineCost({ unitCostPence, unitsHundredths, costUnit })
          const dearer = lineCost({ unitCostPence: unitCostPence + more, unitsHundredths, costUnit })
          const longer = lineCost({ unitCostPence, unitsHundredths: unitsHundredths + more, costUnit })
          expect(Number.isInteger(base.weeklyPence) && Number.isInteger(base.oneOffPence)).toBe(true)
          expect(dearer.weeklyPence + dearer.oneOffPence).toBeGreaterThanOrEqual(
            base.weeklyPence + base.oneOffPence,
          )
          expect(longer.weeklyPence + longer.oneOffPence).toBeGreaterThanOrEqual(
            base.weeklyPence + base.oneOffPence,
          )
        },
      ),
    )
  })
})

describe('planCost', () => {
  it('adds the lines and counts a year as 52 weeks plus one-off costs', () => {
    const cost = planCost([
      { unitCostPence: 2400, unitsHundredths: 1000, costUnit: 'Hourly' },
      { unitCostPence: 4500, unitsHundredths: 200, costUnit: 'Daily' },
      { unitCostPence: 50000, unitsHundredths: 100, costUnit: 'One-off' },
    ])
    expect(cost.weeklyPence).toBe(24000 + 9000)
    expect(cost.annualPence).toBe(33000 * 52 + 50000)
    expect(cost.lines).toHaveLength(3)
  })

  it('costs nothing with no lines', () => {
    expect(planCost([])).toEqual({ weeklyPence: 0, annualPence: 0, lines: [] })
  })
})

describe('matchCostUnit', () => {
  it.each([
    ['Hourly', 'Hourly'],
    ['hourly', 'Hourly'],
    ['  PER   HOUR ', 'Hourly'],
    ['4-WEEKLY', '4-weekly'],
    ['one-off', 'One-off'],
    ['month', 'Monthly'],
    ['fortnightish', undefined],
    ['', undefined],
  ])('%j → %j', (input, expected) => {
    expect(matchCostUnit(input)).toBe(expected)
  })
})

describe('toHundredths', () => {
  it.each([
    [10.5, 1050],
    [0.01, 1],
    [7, 700],
    [0.333, undefined],
    [0, undefined],
    [-1, undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
  ])('%d → %j', (input, expected) => {
    expect(toHundredths(input)).toBe(expected)
  })
})
