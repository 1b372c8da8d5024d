import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  allRoutes,
  type CostStep,
  type DecidedRequest,
  daysToDecision,
  median,
  percentile,
  routeCosts,
  stepMinutes,
} from './decision-cost.ts'
import { DEFAULT_DECISION_SETTINGS as DEFAULTS } from './settings.ts'

describe('percentile', () => {
  it.each([
    { values: [], p: 50, expected: null },
    { values: [7], p: 50, expected: 7 },
    { values: [7], p: 90, expected: 7 },
    { values: [1, 2, 3, 4], p: 50, expected: 2.5 },
    { values: [4, 1, 3, 2], p: 50, expected: 2.5 },
    { values: [10, 20, 30, 40, 50], p: 90, expected: 46 },
    { values: [10, 20, 30, 40, 50], p: 0, expected: 10 },
    { values: [10, 20, 30, 40, 50], p: 100, expected: 50 },
    { values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], p: 90, expected: 9.1 },
    { values: [0, 0, 0, 100], p: 50, expected: 0 },
  ])('the $p th percentile of $values is $expected', ({ values, p, expected }) => {
    const result = percentile(values, p)
    if (expected === null) expect(result).toBeNull()
    else expect(result).toBeCloseTo(expected, 10)
  })

  it.each([
    { values: [5, 1, 3], expected: 3 },
    { values: [5, 1, 3, 9], expected: 4 },
    { values: [], expected: null },
  ])('the median of $values is $expected', ({ values, expected }) => {
    expect(median(values)).toBe(expected)
  })

  it('refuses a percentile outside 0 to 100', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError)
    expect(() => percentile([1], -1)).toThrow(RangeError)
  })

  it('lies between the smallest and largest value and never falls as p rises', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (values, p, q) => {
          const [lo, hi] = p <= q ? [p, q] : [q, p]
          const a = percentile(values, lo) as number
          const b = percentile(values, hi) as number
          expect(a).toBeGreaterThanOrEqual(Math.min(...values))
          expect(b).toBeLessThanOrEqual(Math.max(...values))
          expect(b).toBeGreaterThanOrEqual(a - 1e-9)
        },
      ),
    )
  })
})

describe('stepMinutes', () => {
  const step = (overrides: Partial<CostStep>): CostStep => ({
    step: 'approved',
    level: 'team_manager',
    minutes: null,
    ...overrides,
  })
  it.each([
    { what: 'recorded minutes win', s: step({ minutes: 45 }), expected: { minutes: 45, recorded: true } },
    { what: 'recorded zero is recorded', s: step({ minutes: 0 }), expected: { minutes: 0, recorded: true } },
    {
      what: 'submitting',
      s: step({ step: 'submitted', level: 'panel' }),
      expected: { minutes: 30, recorded: false },
    },
    { what: 'routing costs nothing', s: step({ step: 'routed' }), expected: { minutes: 0, recorded: false } },
    { what: 'a team manager', s: step({}), expected: { minutes: 20, recorded: false } },
    {
      what: 'a head of service refusing',
      s: step({ step: 'refused', level: 'head_of_service' }),
      expected: { minutes: 30, recorded: false },
    },
    {
      what: 'a panel paper',
      s: step({ step: 'listed', level: 'panel' }),
      expected: { minutes: 60, recorded: false },
    },
    {
      what: 'a panel of five deciding',
      s: step({ step: 'amended', level: 'panel', panelMembers: 5 }),
      expected: { minutes: 75, recorded: false },
    },
    {
      what: 'a panel deferring outside a meeting (4 members assumed)',
      s: step({ step: 'deferred', level: 'panel' }),
      expected: { minutes: 60, recorded: false },
    },
    {
      what: 'a practitioner’s own approval',
      s: step({ level: 'practitioner' }),
      expected: { minutes: 0, recorded: false },
    },
  ])('$what', ({ s, expected }) => {
    expect(stepMinutes(s, DEFAULTS)).toEqual(expected)
  })
})

describe('daysToDecision', () => {
  it.each([
    { from: '2026-06-01T09:00:00Z', to: '2026-06-01T17:00:00Z', days: 0 },
    { from: '2026-06-01T23:00:00Z', to: '2026-06-02T01:00:00Z', days: 1 },
    { from: '2026-03-30T10:00:00Z', to: '2026-04-27T10:00:00Z', days: 28 },
  ])('$from to $to is $days days', ({ from, to, days }) => {
    expect(daysToDecision(new Date(from), new Date(to))).toBe(days)
  })
})

describe('routeCosts', () => {
  const at = (day: string) => new Date(`${day}T10:00:00Z`)
  const request = (overrides: Partial<DecidedRequest>): DecidedRequest => ({
    route: 'team_manager',
    status: 'approved',
    submittedAt: at('2026-05-01'),
    decidedAt: at('2026-05-05'),
    weeklyCostPence: 30_000,
    approvedWeeklyPence: 30_000,
    steps: [
      { step: 'submitted', level: 'team_manager', minutes: null },
      { step: 'routed', level: 'team_manager', minutes: null },
      { step: 'approved', level: 'team_manager', minutes: null },
    ],
    ...overrides,
  })

  it('lists every route, lowest first, with zeros where nothing was decided', () => {
    const rows = routeCosts([], DEFAULTS)
    expect(rows.map((r) => r.route)).toEqual(['practitioner', 'team_manager', 'head_of_service', 'panel'])
    expect(rows[3]).toMatchObject({
      decided: 0,
      medianDays: null,
      p90Days: null,
      staffHours: 0,
      hoursPerRequest: null,
      amendedOrRefusedShare: null,
      annualChangePence: 0,
    })
  })

  it('works out days, hours, shares and the money amendments changed, per route', () => {
    const requests = [
      request({ decidedAt: at('2026-05-04') }), // 3 days, 30 + 20 minutes
      request({
        status: 'amended',
        decidedAt: at('2026-05-08'), // 7 days
        approvedWeeklyPence: 27_500, // £25 a week less: £1,300 a year
        steps: [
          { step: 'submitted', level: 'team_manager', minutes: 40 },
          { step: 'routed', level: 'team_manager', minutes: null },
          { step: 'amended', level: 'team_manager', minutes: 20 },
        ],
      }),
      request({ status: 'refused', approvedWeeklyPence: null, decidedAt: at('2026-05-06') }), // 5 days
      request({ status: 'returned', approvedWeeklyPence: null, decidedAt: at('2026-05-06') }), // 5 days
      request({
        route: 'panel',
        status: 'amended',
        weeklyCostPence: 90_000,
        approvedWeeklyPence: 85_000,
        decidedAt: at('2026-05-29'), // 28 days
        steps: [
          { step: 'submitted', level: 'panel', minutes: null }, // 30
          { step: 'routed', level: 'panel', minutes: null },
          { step: 'listed', level: 'panel', minutes: null }, // 60
          { step: 'deferred', level: 'panel', minutes: null, panelMembers: 3 }, // 45
          { step: 'listed', level: 'panel', minutes: null }, // 60
          { step: 'amended', level: 'panel', minutes: null, panelMembers: 5 }, // 75
        ],
      }),
    ]
    const rows = routeCosts(requests, DEFAULTS)
    const manager = rows.find((r) => r.route === 'team_manager')
    expect(manager).toMatchObject({
      decided: 4,
      medianDays: 5,
      amended: 1,
      refused: 1,
      returned: 1,
      amendedOrRefusedShare: 0.5,
      annualChangePence: -130_000,
    })
    expect(manager?.p90Days).toBeCloseTo(6.4, 10)
    // 3 × (30 + 20) at the defaults, and 40 + 20 recorded.
    expect(manager?.staffHours).toBeCloseTo(210 / 60, 10)
    expect(manager?.recordedShare).toBeCloseTo(60 / 210, 10)
    const panel = rows.find((r) => r.route === 'panel')
    expect(panel).toMatchObject({ decided: 1, medianDays: 28, p90Days: 28, annualChangePence: -260_000 })
    expect(panel?.staffHours).toBeCloseTo(270 / 60, 10)
    expect(allRoutes(requests, DEFAULTS)).toMatchObject({
      decided: 5,
      amended: 2,
      annualChangePence: -390_000,
    })
  })
})
