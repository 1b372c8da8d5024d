import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CostStep } from './decision-cost.ts'
import { DEMO_SCHEME, type DelegationScheme, routeFundingRequest } from './delegation.ts'
import { type ReplayedRequest, replayRequests } from './replay.ts'
import { DEFAULT_DECISION_SETTINGS as SETTINGS } from './settings.ts'

const COMMUNITY = 'Long term support: Community'
const day = (d: number, hour = 10) => new Date(Date.UTC(2025, 5, d, hour))

/** A request routed by the demo scheme, decided after `days`, with the given steps' recorded minutes. */
function request(
  weekly: number,
  options: {
    days?: number
    status?: ReplayedRequest['status']
    approved?: number
    minutes?: number
    serviceTypes?: string[]
    indicative?: number
  } = {},
): ReplayedRequest {
  const facts = {
    weeklyCostPence: weekly,
    annualCostPence: weekly * 52,
    indicativeWeeklyPence: options.indicative ?? weekly,
    serviceTypes: options.serviceTypes ?? [COMMUNITY],
  }
  const route = routeFundingRequest(DEMO_SCHEME, facts).level
  const status = options.status ?? 'approved'
  const steps: CostStep[] = [
    { step: 'submitted', level: route, minutes: 30 },
    { step: status, level: route, minutes: route === 'practitioner' ? 0 : (options.minutes ?? 20) },
  ]
  return {
    route,
    status,
    submittedAt: day(1),
    decidedAt: day(1 + (route === 'practitioner' ? 0 : (options.days ?? 10))),
    weeklyCostPence: weekly,
    approvedWeeklyPence:
      status === 'amended' ? (options.approved ?? weekly - 2_000) : status === 'refused' ? null : weekly,
    steps,
    facts,
  }
}

/** Everything within the practitioner's delegation. */
const ALL_DELEGATED: DelegationScheme = { rules: [] }
/** Everything to the panel. */
const ALL_TO_PANEL: DelegationScheme = { rules: [{ when: {}, level: 'panel' }] }

describe('replayRequests', () => {
  // £200 a week (£10,400 a year): the practitioner's; £400 (£20,800): a team manager's; £800 (£41,600): head of service.
  const requests = [
    request(20_000),
    request(20_000),
    request(40_000, { days: 6, minutes: 20 }),
    request(40_000, { days: 10, status: 'amended', approved: 36_000, minutes: 40 }),
    request(40_000, { days: 14, status: 'refused', minutes: 30 }),
    request(80_000, { days: 20, minutes: 45 }),
  ]

  it('routes the requests as they were routed under the scheme that routed them, changing nothing', () => {
    const replay = replayRequests(requests, DEMO_SCHEME, SETTINGS)
    expect(replay.moves).toEqual([])
    expect(replay.underScheme).toEqual(replay.asDecided)
    expect(replay.asDecided.levels.map((l) => [l.level, l.requests])).toEqual([
      ['practitioner', 2],
      ['team_manager', 3],
      ['head_of_service', 1],
      ['panel', 0],
    ])
    const manager = replay.asDecided.levels[1]
    expect(manager).toMatchObject({ medianDays: 10, refused: 1, annualChangePence: -4_000 * 52 })
    expect(manager?.staffHours).toBeCloseTo((3 * 30 + 20 + 40 + 30) / 60, 12)
  })

  it('gives the practitioner every request when the scheme delegates all: their days and time, no amendments', () => {
    const replay = replayRequests(requests, ALL_DELEGATED, SETTINGS)
    expect(replay.underScheme.levels.map((l) => l.requests)).toEqual([6, 0, 0, 0])
    expect(replay.moves).toEqual([
      { from: 'head_of_service', to: 'practitioner', requests: 1 },
      { from: 'team_manager', to: 'practitioner', requests: 3 },
    ])
    expect(replay.underScheme.all).toMatchObject({ medianDays: 0, annualChangePence: 0, refused: 0 })
    // The practitioner's own requests took 30 minutes each: so does every request moved to them.
    expect(replay.underScheme.all.staffHours).toBeCloseTo((6 * 30) / 60, 12)
    expect(replay.refusedNowDelegated).toBe(1)
    expect(replay.withoutHistory).toBe(0)
  })

  it('takes the council’s default minutes for a level that decided nothing, and says its days are not known', () => {
    const replay = replayRequests(requests, ALL_TO_PANEL, SETTINGS)
    expect(replay.withoutHistory).toBe(6)
    const panel = replay.underScheme.levels[3]
    expect(panel).toMatchObject({ requests: 6, medianDays: null, annualChangePence: 0 })
    const perRequest =
      SETTINGS.submissionMinutes +
      SETTINGS.panelPreparationMinutes +
      SETTINGS.panelSittingMinutesPerMember * SETTINGS.panelMembers
    expect(panel?.staffHours).toBeCloseTo((6 * perRequest) / 60, 12)
  })

  it('gives a request moved to another level that level’s mean change, amended or not', () => {
    // A team manager for anything above £10,000 a year: the two £200 requests move up, the £800 one down.
    const stricter: DelegationScheme = {
      rules: [{ when: { annualCostAbovePence: 1_000_000 }, level: 'team_manager' }],
    }
    const replay = replayRequests(requests, stricter, SETTINGS)
    const manager = replay.underScheme.levels[1]
    expect(manager?.requests).toBe(6)
    // As decided, the manager's three changed −£208 a week in a year in all: −£69.33 × 52 a request on average.
    const meanChange = (-4_000 * 52) / 3
    expect(manager?.annualChangePence).toBe(Math.round(-4_000 * 52 + 3 * meanChange))
    expect(manager?.medianDays).toBe(10)
  })

  it('keeps every request and accounts for every move (property)', () => {
    const arbitrary = fc.record({
      weekly: fc.integer({ min: 1_000, max: 200_000 }),
      indicative: fc.integer({ min: 1_000, max: 200_000 }),
      residential: fc.boolean(),
      days: fc.integer({ min: 0, max: 60 }),
      status: fc.constantFrom('approved', 'amended', 'refused', 'returned' as const),
    })
    const scheme = fc.constantFrom(DEMO_SCHEME, ALL_DELEGATED, ALL_TO_PANEL, {
      rules: [{ when: { weeklyCostAbovePence: 50_000 }, level: 'head_of_service' as const }],
    })
    fc.assert(
      fc.property(fc.array(arbitrary, { maxLength: 40 }), scheme, (rows, proposed) => {
        const made = rows.map((r) =>
          request(r.weekly, {
            indicative: r.indicative,
            days: r.days,
            status: r.status,
            serviceTypes: r.residential ? ['Long term support: Residential care'] : [COMMUNITY],
          }),
        )
        const replay = replayRequests(made, proposed, SETTINGS)
        const total = (levels: { requests: number }[]) => levels.reduce((sum, l) => sum + l.requests, 0)
        expect(total(replay.underScheme.levels)).toBe(made.length)
        expect(total(replay.asDecided.levels)).toBe(made.length)
        const moved = replay.moves.reduce((sum, m) => sum + m.requests, 0)
        const stayed = made.filter((r) => routeFundingRequest(proposed, r.facts).level === r.route).length
        expect(moved + stayed).toBe(made.length)
        for (const m of replay.moves) expect(m.from).not.toBe(m.to)
        // Under the scheme that routed them, nothing changes.
        expect(replayRequests(made, DEMO_SCHEME, SETTINGS).underScheme).toEqual(
          replayRequests(made, DEMO_SCHEME, SETTINGS).asDecided,
        )
      }),
    )
  })
})
