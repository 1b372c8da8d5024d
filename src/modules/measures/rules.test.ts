import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ascof2aCount,
  clusterEpisodes,
  deduceAccommodation,
  isExistingClient,
  isKnownAccommodation,
  isReadmission,
  isSettled,
  outcomeOfRank,
  plannedCostInPeriod,
  sequelOutcomeRank,
  sequelServiceRank,
  settingRank,
  unitsPerWeek,
} from './rules.ts'

describe('event outcome ranks for a sequel', () => {
  it.each([
    ['Admitted to hospital', 6],
    ['NFA: Deceased', 13],
    ['NFA: Other', 17],
    ['Progress to reablement/ST-Max', 101],
    ['Continuation of support or services', 105],
    ['Release 1 specification only: Not mapped', 103],
    ['Something else', 999],
    [null, 999],
  ])('%s ranks %i', (outcome, rank) => {
    expect(sequelOutcomeRank(outcome)).toBe(rank)
  })

  it('turns a rank back into its outcome', () => {
    expect(outcomeOfRank(10)).toBe('NFA: Information and advice or signposting')
    expect(outcomeOfRank(999)).toBe('Invalid and not mapped')
  })

  it.each([
    ['Long term support: Nursing care', 1],
    ['Long term support: Prison', 4],
    ['Short term support: Other short term', 7],
    ['Unpaid carer support: Direct to unpaid carer', 99],
    [null, 99],
  ])('service %s ranks %i as a sequel', (type, rank) => {
    expect(sequelServiceRank(type)).toBe(rank)
  })
})

describe('ASCOF 2A counting', () => {
  it.each([
    ['Short term support: Ongoing low level', 'numerator'],
    ['NFA: Support ended as planned', 'numerator'],
    ['NFA: Referral to other service within the local authority', 'numerator'],
    ['Long term support: Community', 'denominator only'],
    ['Short term support: Residential or Nursing care', 'denominator only'],
    ['NFA: Deceased', 'excluded'],
    ['Admitted to hospital', 'excluded'],
    ['NFA: Self-funded client or under 12wk disregard', 'excluded'],
    ['NFA: Support declined', 'excluded'],
    ['NFA: Referral to NHS services or NHS funded social care', 'excluded'],
    ['Continuation of support or services', 'excluded'],
    ['Invalid and not mapped', 'excluded'],
  ])('%s counts as %s', (outcome, count) => {
    expect(ascof2aCount(outcome)).toBe(count)
  })
})

describe('reablement episodes', () => {
  it.each([
    [
      '7 days apart join',
      [
        ['2024-05-01', '2024-05-10'],
        ['2024-05-17', '2024-05-30'],
      ],
      [['2024-05-01', '2024-05-30', 2]],
    ],
    [
      '8 days apart do not',
      [
        ['2024-05-01', '2024-05-10'],
        ['2024-05-18', '2024-05-30'],
      ],
      [
        ['2024-05-01', '2024-05-10', 1],
        ['2024-05-18', '2024-05-30', 1],
      ],
    ],
    [
      'overlapping join',
      [
        ['2024-05-01', '2024-05-20'],
        ['2024-05-05', '2024-05-10'],
      ],
      [['2024-05-01', '2024-05-20', 2]],
    ],
    [
      'the gap counts from the latest end so far',
      [
        ['2024-05-01', '2024-05-30'],
        ['2024-05-02', '2024-05-03'],
        ['2024-06-05', '2024-06-20'],
      ],
      [['2024-05-01', '2024-06-20', 3]],
    ],
    [
      'an open service keeps the episode open',
      [
        ['2024-05-01', null],
        ['2024-09-01', '2024-09-10'],
      ],
      [['2024-05-01', null, 2]],
    ],
    [
      'order of input does not matter',
      [
        ['2024-06-05', '2024-06-20'],
        ['2024-05-01', '2024-05-30'],
      ],
      [['2024-05-01', '2024-06-20', 2]],
    ],
  ] as const)('%s', (_why, events, expected) => {
    const episodes = clusterEpisodes(events.map(([start, end]) => ({ start, end })))
    expect(episodes.map((e) => [e.start, e.end, e.count])).toEqual(expected)
  })

  it('keeps every service in exactly one episode', () => {
    const day = fc
      .integer({ min: 0, max: 400 })
      .map((n) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10))
    const event = fc.tuple(day, fc.integer({ min: 0, max: 60 })).map(([start, length]) => ({
      start,
      end: new Date(Date.parse(`${start}T00:00:00Z`) + length * 86_400_000).toISOString().slice(0, 10),
    }))
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), (events) => {
        const episodes = clusterEpisodes(events)
        expect(episodes.reduce((sum, e) => sum + e.count, 0)).toBe(events.length)
        for (const [i, e] of episodes.entries()) {
          const next = episodes[i + 1]
          if (next && e.end)
            expect(Date.parse(next.start) - Date.parse(e.end)).toBeGreaterThan(7 * 86_400_000)
        }
      }),
    )
  })

  it.each([
    [
      'long-term support ending 90 days before',
      { start: '2024-01-01', end: '2024-01-31' },
      '2024-04-30',
      true,
    ],
    [
      'long-term support ending 91 days before',
      { start: '2024-01-01', end: '2024-01-30' },
      '2024-04-30',
      false,
    ],
    ['open long-term support', { start: '2023-01-01', end: null }, '2024-04-30', true],
    ['long-term support starting the same day', { start: '2024-04-30', end: null }, '2024-04-30', false],
  ] as const)('%s: existing client %s', (_why, service, start, expected) => {
    expect(isExistingClient(service, start)).toBe(expected)
  })
})

describe('admissions to residential and nursing care', () => {
  it.each([
    [
      'a transfer from residential to nursing care',
      { start: '2023-05-01', end: '2024-06-01' },
      '2024-06-01',
      true,
    ],
    ['a stay re-entered after 364 days', { start: '2022-01-01', end: '2023-06-03' }, '2024-06-01', true],
    ['a stay re-entered after 365 days', { start: '2022-01-01', end: '2023-06-02' }, '2024-06-01', false],
    ['a stay still open', { start: '2020-01-01', end: null }, '2024-06-01', true],
    ['a later stay', { start: '2024-07-01', end: null }, '2024-06-01', false],
  ] as const)('%s is a readmission: %s', (_why, stay, start, expected) => {
    expect(isReadmission(stay, start)).toBe(expected)
  })
})

describe('ASCOF 3D settings', () => {
  it.each([
    ['Long term support: Nursing care', 'Direct Payment', null, 1],
    ['Long term support: Residential care', null, null, 2],
    ['Long term support: Community', 'Direct Payment', 'Home support or domiciliary care', 3],
    ['Long term support: Community', null, 'Direct payment', 3],
    ['Long term support: Community', 'CASSR Commissioned Support', 'Direct payment', 3],
    ['Long term support: Community', 'CASSR Managed Personal Budget', null, 4],
    ['Long term support: Community', 'CASSR Commissioned Support', null, 5],
    ['Long term support: Community', null, 'Day support', 6],
    ['Long term support: Community', 'Individual service fund', null, 6],
    ['Long term support: Prison', 'CASSR Managed Personal Budget', null, 7],
    ['Long term support: Prison', 'CASSR Commissioned Support', null, 8],
    ['Long term support: Prison', 'Direct Payment', null, 9],
  ])('%s, mechanism %s, component %s ranks %i', (type, mechanism, component, rank) => {
    expect(settingRank(type, mechanism, component)).toBe(rank)
  })
})

describe('accommodation', () => {
  it.each([
    ['Tenant: Private landlord', true, true],
    ['Registered care home', true, false],
    ['Unknown', false, false],
    ['Bungalow', false, false],
  ])('%s: known %s, settled %s', (status, known, settled) => {
    expect(isKnownAccommodation(status)).toBe(known)
    expect(isSettled(status)).toBe(settled)
  })

  const service = (
    serviceType: string | null,
    component: string | null,
    start: string,
    end: string | null,
  ) => ({
    serviceType,
    component,
    start,
    end,
  })

  it.each([
    [
      'home care in the community',
      [service('Long term support: Community', 'Home support or domiciliary care', '2024-01-01', null)],
      'Unknown: presumed at home',
    ],
    [
      'day support in the community',
      [service('Long term support: Community', 'Day support', '2024-01-01', null)],
      'Unknown: presumed in community',
    ],
    [
      'a care home',
      [service('Long term support: Residential care', 'Long term residential care', '2024-01-01', null)],
      'Registered care home',
    ],
    [
      'extra care housing under short-term support',
      [service('Short term support: Other short term', 'Extra care housing', '2024-01-01', null)],
      'Sheltered housing, extra care housing or other sheltered housing',
    ],
    [
      'the latest service wins',
      [
        service('Long term support: Residential care', null, '2023-01-01', '2023-12-31'),
        service('Long term support: Community', 'Shared Lives', '2024-01-01', null),
      ],
      'Shared Lives scheme',
    ],
    [
      'nursing outranks community ending the same day',
      [
        service(
          'Long term support: Community',
          'Home support or domiciliary care',
          '2024-01-01',
          '2024-06-30',
        ),
        service('Long term support: Nursing care', null, '2024-02-01', '2024-06-30'),
      ],
      'Registered nursing home',
    ],
    [
      'two telling components that disagree',
      [
        service('Long term support: Community', 'Shared Lives', '2024-01-01', null),
        service('Long term support: Community', 'Extra care housing', '2024-01-01', null),
      ],
      'Unknown: presumed in community',
    ],
    [
      'prison',
      [service('Long term support: Prison', null, '2024-01-01', null)],
      'Prison, young offenders institution or detention centre',
    ],
    [
      'only carer support',
      [service('Unpaid carer support: Direct to unpaid carer', null, '2024-01-01', null)],
      'Unknown',
    ],
    ['no services', [], 'Unknown'],
  ])('%s', (_why, services, expected) => {
    expect(deduceAccommodation(services)).toBe(expected)
  })
})

describe('costs', () => {
  it.each([
    ['Weekly', 3, 1],
    ['Fortnightly', null, 0.5],
    ['4-weekly', null, 0.25],
    ['Monthly', null, 12 / 52],
    ['Quarterly', null, 4 / 52],
    ['Annually', null, 1 / 52],
    ['Hourly', 14, 14],
    ['Daily', -7, 7],
    ['Per session', null, null],
  ])('%s with %s planned units is %s units a week', (frequency, planned, units) => {
    expect(unitsPerWeek(frequency, planned)).toBe(units)
  })

  const year = { start: '2024-04-01', end: '2025-03-31' }
  it.each([
    [
      'two weeks of 10 hours at £20',
      {
        unitCostPence: 2000,
        frequency: 'Hourly',
        plannedUnitsPerWeek: 10,
        start: '2024-04-01',
        end: '2024-04-14',
      },
      40_000,
    ],
    [
      'cropped to the period',
      {
        unitCostPence: 70_000,
        frequency: 'Weekly',
        plannedUnitsPerWeek: null,
        start: '2024-01-01',
        end: '2024-04-07',
      },
      70_000,
    ],
    [
      'open to the period end',
      {
        unitCostPence: 70_000,
        frequency: 'Weekly',
        plannedUnitsPerWeek: null,
        start: '2025-03-25',
        end: null,
      },
      70_000,
    ],
    [
      'one-off',
      {
        unitCostPence: 50_000,
        frequency: 'One-off',
        plannedUnitsPerWeek: null,
        start: '2024-06-01',
        end: '2024-06-01',
      },
      50_000,
    ],
    [
      'outside the period',
      {
        unitCostPence: 50_000,
        frequency: 'Weekly',
        plannedUnitsPerWeek: null,
        start: '2023-06-01',
        end: '2023-06-30',
      },
      0,
    ],
    [
      'no cost',
      { unitCostPence: null, frequency: 'Weekly', plannedUnitsPerWeek: null, start: '2024-06-01', end: null },
      null,
    ],
    [
      'no units',
      { unitCostPence: 1500, frequency: 'Hourly', plannedUnitsPerWeek: null, start: '2024-06-01', end: null },
      null,
    ],
  ])('%s', (_why, service, pence) => {
    expect(plannedCostInPeriod(service, year)).toBe(pence)
  })
})
