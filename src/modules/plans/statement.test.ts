import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FUNDING_SOURCES, PLAN_DELIVERY_MECHANISMS } from './plan-input.ts'
import { personalBudgetStatement, type StatementLine } from './statement.ts'

const line = (
  weeklyPence: number,
  fundingSource: StatementLine['fundingSource'] = 'council',
  deliveryMechanism: StatementLine['deliveryMechanism'] = 'direct_payment',
  oneOffPence = 0,
): StatementLine => ({ weeklyPence, oneOffPence, fundingSource, deliveryMechanism })

describe('personalBudgetStatement', () => {
  it('splits the budget into the person’s contribution and the council’s', () => {
    expect(personalBudgetStatement([line(30_000), line(5_000, 'person_contribution')], 35_000)).toEqual({
      weeklyPence: 35_000,
      annualPence: 35_000 * 52,
      personContributionWeeklyPence: 5_000,
      councilContributionWeeklyPence: 30_000,
      nhsWeeklyPence: 0,
      held: [{ deliveryMechanism: 'direct_payment', label: 'Direct payment', weeklyPence: 35_000 }],
      amended: false,
    })
  })

  it('keeps NHS-funded support outside the personal budget', () => {
    const statement = personalBudgetStatement(
      [
        line(20_000, 'council', 'commissioned'),
        line(10_000, 'nhs', 'commissioned'),
        line(6_000, 'pooled_fund', 'managed_budget'),
      ],
      36_000,
    )
    expect(statement.weeklyPence).toBe(26_000)
    expect(statement.nhsWeeklyPence).toBe(10_000)
    expect(statement.held).toEqual([
      { deliveryMechanism: 'managed_budget', label: 'Council-managed personal budget', weeklyPence: 6_000 },
      { deliveryMechanism: 'commissioned', label: 'Council-commissioned support', weeklyPence: 20_000 },
    ])
  })

  it('counts one-off costs once in the year', () => {
    expect(
      personalBudgetStatement([line(10_000, 'council', 'direct_payment', 45_000)], 10_000).annualPence,
    ).toBe(10_000 * 52 + 45_000)
  })

  it('scales the ways of holding the budget to an amended amount', () => {
    const statement = personalBudgetStatement(
      [line(30_000, 'council', 'direct_payment'), line(10_000, 'council', 'individual_service_fund')],
      30_001,
    )
    expect(statement.amended).toBe(true)
    expect(statement.weeklyPence).toBe(30_001)
    expect(statement.held.map((h) => h.weeklyPence)).toEqual([22_501, 7_500])
  })

  it('always adds up: contributions and ways of holding make the budget', () => {
    const anyLine = fc.record({
      weeklyPence: fc.integer({ min: 0, max: 200_000 }),
      oneOffPence: fc.integer({ min: 0, max: 100_000 }),
      fundingSource: fc.constantFrom(...FUNDING_SOURCES),
      deliveryMechanism: fc.constantFrom(...PLAN_DELIVERY_MECHANISMS),
    })
    fc.assert(
      fc.property(
        fc.array(anyLine, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        (lines, approved) => {
          const s = personalBudgetStatement(lines, approved)
          expect(s.personContributionWeeklyPence + s.councilContributionWeeklyPence).toBe(s.weeklyPence)
          expect(s.councilContributionWeeklyPence).toBeGreaterThanOrEqual(0)
          if (s.held.length) expect(s.held.reduce((sum, h) => sum + h.weeklyPence, 0)).toBe(s.weeklyPence)
        },
      ),
    )
  })
})
