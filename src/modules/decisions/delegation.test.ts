import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SERVICE_TYPES } from '../../kernel/code-lists/cld.ts'
import { COST_UNITS, planCost } from '../plans/plan-costs.ts'
import {
  AUTHORITY_LEVELS,
  type AuthorityLevel,
  DEMO_SCHEME,
  type DelegationRule,
  type DelegationScheme,
  describeRule,
  levelRank,
  mayDecide,
  ownQueue,
  queuesForRole,
  type RoutingFacts,
  routeFundingRequest,
  schemeProblems,
} from './delegation.ts'

const COMMUNITY = 'Long term support: Community'
const budget = 50_000 // £500 a week

/** A community plan's facts; annual defaults to 52 weeks of the weekly cost. */
function facts(weeklyCostPence: number, overrides: Partial<RoutingFacts> = {}): RoutingFacts {
  return {
    weeklyCostPence,
    annualCostPence: weeklyCostPence * 52,
    indicativeWeeklyPence: budget,
    serviceTypes: [COMMUNITY],
    ...overrides,
  }
}

describe('the demo scheme', () => {
  it.each<[string, RoutingFacts, AuthorityLevel, number]>([
    [
      'residential care at any cost',
      facts(100, { serviceTypes: [COMMUNITY, 'Long term support: Residential care'] }),
      'panel',
      1,
    ],
    ['nursing care at any cost', facts(0, { serviceTypes: ['Long term support: Nursing care'] }), 'panel', 1],
    // Rule 2: 125% of £500 is £625.
    ['weekly 1p above 125% of the budget', facts(62_501, { annualCostPence: 100 }), 'panel', 2],
    ['weekly exactly 125% of the budget', facts(62_500, { annualCostPence: 100 }), 'team_manager', 5],
    [
      '125% of a budget of nothing, costing 1p',
      facts(1, { indicativeWeeklyPence: 0, annualCostPence: 1 }),
      'panel',
      2,
    ],
    ['a budget of nothing, costing nothing', facts(0, { indicativeWeeklyPence: 0 }), 'practitioner', 6],
    // Rule 3: above £49,000 a year.
    ['annual £49,000.01', facts(1000, { annualCostPence: 4_900_001 }), 'panel', 3],
    ['annual exactly £49,000', facts(1000, { annualCostPence: 4_900_000 }), 'head_of_service', 4],
    ['annual £48,999.99', facts(1000, { annualCostPence: 4_899_999 }), 'head_of_service', 4],
    // Rule 4: above £35,000 a year.
    ['annual £35,000.01', facts(1000, { annualCostPence: 3_500_001 }), 'head_of_service', 4],
    ['annual exactly £35,000', facts(1000, { annualCostPence: 3_500_000 }), 'team_manager', 5],
    ['annual £34,999.99', facts(1000, { annualCostPence: 3_499_999 }), 'team_manager', 5],
    // Rule 5: above £15,000 a year, or weekly above 110% of the budget (£550).
    ['annual £15,000.01', facts(1000, { annualCostPence: 1_500_001 }), 'team_manager', 5],
    ['annual exactly £15,000', facts(1000, { annualCostPence: 1_500_000 }), 'practitioner', 6],
    ['annual £14,999.99', facts(1000, { annualCostPence: 1_499_999 }), 'practitioner', 6],
    ['weekly 1p above 110% of the budget', facts(55_001, { annualCostPence: 100 }), 'team_manager', 5],
    ['weekly exactly 110% of the budget', facts(55_000, { annualCostPence: 100 }), 'practitioner', 6],
    ['weekly 1p below 110% of the budget', facts(54_999, { annualCostPence: 100 }), 'practitioner', 6],
    // Rule 6: otherwise.
    ['a small community plan', facts(20_000), 'practitioner', 6],
    ['a plan costing nothing', facts(0), 'practitioner', 6],
  ])('%s → %s (rule %i)', (_name, input, level, ruleNumber) => {
    const route = routeFundingRequest(DEMO_SCHEME, input)
    expect(route.level).toBe(level)
    expect(route.ruleNumber).toBe(ruleNumber)
    expect(route.reason).toMatch(new RegExp(`^Rule ${ruleNumber}: `))
  })

  it('says why in words', () => {
    expect(routeFundingRequest(DEMO_SCHEME, facts(40_000)).reason).toBe(
      'Rule 5: it costs £20,800 a year, above £15,000',
    )
    expect(routeFundingRequest(DEMO_SCHEME, facts(70_000)).reason).toBe(
      'Rule 2: it costs £700 a week, more than 125% of the indicative budget of £500',
    )
  })

  it('has no problems, and reads as the council wrote it', () => {
    expect(schemeProblems(DEMO_SCHEME)).toEqual([])
    expect(DEMO_SCHEME.rules.map(describeRule)).toEqual([
      'If any line is “Long term support: Residential care” or “Long term support: Nursing care”: panel',
      'If the weekly cost is above 125% of the indicative budget: panel',
      'If the annual cost is above £49,000: panel',
      'If the annual cost is above £35,000: head of service',
      'If the annual cost is above £15,000, or the weekly cost is above 110% of the indicative budget: team manager',
      'Otherwise: practitioner (delegated)',
    ])
  })

  const line = fc.record({
    serviceType: fc.constantFrom(...SERVICE_TYPES),
    unitCostPence: fc.integer({ min: 0, max: 500_000 }),
    unitsHundredths: fc.integer({ min: 1, max: 16_800 }),
    costUnit: fc.constantFrom(...COST_UNITS),
  })

  it('never routes a dearer plan lower: raising any line’s unit cost or units', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 200_000 }),
        (lines, which, more, raiseUnits, indicativeWeeklyPence) => {
          const route = (ls: typeof lines) => {
            const cost = planCost(ls)
            return routeFundingRequest(DEMO_SCHEME, {
              weeklyCostPence: cost.weeklyPence,
              annualCostPence: cost.annualPence,
              indicativeWeeklyPence,
              serviceTypes: ls.map((l) => l.serviceType),
            }).level
          }
          const i = which % lines.length
          const dearer = lines.map((l, j) =>
            j !== i
              ? l
              : raiseUnits
                ? { ...l, unitsHundredths: l.unitsHundredths + more }
                : { ...l, unitCostPence: l.unitCostPence + more },
          )
          expect(levelRank(route(dearer))).toBeGreaterThanOrEqual(levelRank(route(lines)))
        },
      ),
    )
  })
})

describe('any scheme without problems', () => {
  const rule: fc.Arbitrary<DelegationRule> = fc.record({
    level: fc.constantFrom(...AUTHORITY_LEVELS),
    when: fc.record(
      {
        anyLineServiceType: fc.subarray([...SERVICE_TYPES], { maxLength: 2 }),
        annualCostAbovePence: fc.integer({ min: 0, max: 10_000_000 }),
        weeklyCostAbovePence: fc.integer({ min: 0, max: 200_000 }),
        weeklyCostAboveIndicativePercent: fc.integer({ min: 0, max: 300 }),
      },
      { requiredKeys: [] },
    ),
  })
  const scheme: fc.Arbitrary<DelegationScheme> = fc
    .array(rule, { maxLength: 7 })
    .map((rules) => ({ rules }))
    .filter((s) => schemeProblems(s).length === 0)

  it('never routes a dearer plan lower', () => {
    fc.assert(
      fc.property(
        scheme,
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.subarray([...SERVICE_TYPES]),
        (s, weekly, budgetPence, moreWeekly, moreOneOff, serviceTypes) => {
          const before = {
            weeklyCostPence: weekly,
            annualCostPence: weekly * 52,
            indicativeWeeklyPence: budgetPence,
            serviceTypes,
          }
          const after = {
            ...before,
            weeklyCostPence: weekly + moreWeekly,
            annualCostPence: (weekly + moreWeekly) * 52 + moreOneOff,
          }
          expect(levelRank(routeFundingRequest(s, after).level)).toBeGreaterThanOrEqual(
            levelRank(routeFundingRequest(s, before).level),
          )
        },
      ),
    )
  })

  it('routes to the practitioner when there are no rules', () => {
    expect(routeFundingRequest({ rules: [] }, facts(10_000_000)).level).toBe('practitioner')
  })
})

describe('schemeProblems', () => {
  it('finds a cost rule that sends dearer plans lower than a later rule', () => {
    expect(
      schemeProblems({
        rules: [
          { when: { annualCostAbovePence: 1_000_000 }, level: 'team_manager' },
          { when: { annualCostAbovePence: 4_900_000 }, level: 'panel' },
        ],
      }),
    ).toEqual([
      'Rule 1 sends dearer plans to team manager, below rule 2 (panel): a dearer plan could go to a lower level. Put the higher level first',
    ])
  })

  it('allows a lower level first when that rule does not look at cost', () => {
    expect(
      schemeProblems({
        rules: [
          { when: { anyLineServiceType: ['Long term support: Residential care'] }, level: 'head_of_service' },
          { when: { annualCostAbovePence: 4_900_000 }, level: 'panel' },
        ],
      }),
    ).toEqual([])
  })

  it('finds rules that can never apply after an unconditional one', () => {
    expect(
      schemeProblems({
        rules: [
          { when: {}, level: 'practitioner' },
          { when: { weeklyCostAbovePence: 1 }, level: 'practitioner' },
        ],
      }),
    ).toEqual([
      'Rule 1 has no conditions, so the rules after it can never apply. Remove them or add conditions',
    ])
  })
})

describe('who may decide', () => {
  it.each<[string, AuthorityLevel, boolean]>([
    ['practitioner', 'practitioner', true],
    ['practitioner', 'team_manager', false],
    ['team_manager', 'team_manager', true],
    ['team_manager', 'head_of_service', false],
    ['head_of_service', 'team_manager', true],
    ['head_of_service', 'head_of_service', true],
    ['head_of_service', 'panel', false],
    ['panel_member', 'panel', true],
    ['panel_member', 'head_of_service', true],
    ['team_manager', 'panel', false],
    ['finance', 'team_manager', false],
    ['admin', 'practitioner', false],
  ])('%s at %s: %s', (role, level, expected) => {
    expect(mayDecide(role, level)).toBe(expected)
  })

  it('gives each role the queues it may work', () => {
    expect(queuesForRole('practitioner')).toEqual([])
    expect(queuesForRole('team_manager')).toEqual(['team_manager'])
    expect(queuesForRole('head_of_service')).toEqual(['team_manager', 'head_of_service'])
    expect(queuesForRole('panel_member')).toEqual(['team_manager', 'head_of_service', 'panel'])
  })

  it.each([
    ['practitioner', undefined],
    ['team_manager', 'team_manager'],
    ['head_of_service', 'head_of_service'],
    ['panel_member', 'panel'],
    ['finance', undefined],
  ])('opens the %s on the queue of their own level: %s', (role, queue) => {
    expect(ownQueue(role)).toBe(queue)
  })
})
