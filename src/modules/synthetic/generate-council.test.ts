import { describe, expect, it } from 'vitest'
import {
  ACCOMMODATION_STATUSES,
  ASSESSMENT_TYPES,
  CLIENT_TYPES,
  COST_FREQUENCY_UNIT_TYPES,
  DELIVERY_MECHANISMS,
  ELIGIBLE_NEEDS_IDENTIFIED,
  EMPLOYMENT_STATUSES,
  ETHNICITIES,
  EVENT_OUTCOMES,
  EVENT_TYPES,
  GENDERS,
  HAS_UNPAID_CARER,
  METHODS_OF_ASSESSMENT,
  METHODS_OF_REVIEW,
  PRIMARY_SUPPORT_REASONS,
  REQUEST_ROUTES_OF_ACCESS,
  REVIEW_OUTCOMES_ACHIEVED,
  REVIEW_REASONS,
  SERVICE_COMPONENTS,
  SERVICE_TYPES,
} from '../../kernel/code-lists/cld.ts'
import { ageOn } from '../../kernel/dates.ts'
import { isValidNhsNumber } from '../../kernel/nhs-number.ts'
import { isValidPostcode } from '../../kernel/postcode.ts'
import {
  type AdultEligibilityInput,
  type CarerEligibilityInput,
  determineEligibility,
} from '../assessments/eligibility.ts'
import { verifyPassword } from '../identity/passwords.ts'
import {
  COUNCIL_SIZES,
  type GeneratedCouncil,
  generateCouncil,
  historyStart,
  type SyntheticEvent,
} from './generate-council.ts'

const AS_OF = '2026-06-15'
const options = { people: COUNCIL_SIZES.small, seed: 1, asOf: AS_OF, councilCode: 'SYNTH' }
const council = generateCouncil(options)

const share = (part: number, whole: number) => part / whole
const isLongTerm = (e: SyntheticEvent) =>
  e.event_type === 'Service' && (e.service_type ?? '').startsWith('Long term')
const openOn = (e: SyntheticEvent, day: string) =>
  e.event_start_on <= day && (e.event_end_on === null || e.event_end_on >= day)

/** People in long-term support on a day, with their events then. */
function longTermClientsOn(c: GeneratedCouncil, day: string) {
  const clients = new Map<number, SyntheticEvent[]>()
  for (const e of c.events) {
    if (isLongTerm(e) && openOn(e, day)) clients.set(e.person, [...(clients.get(e.person) ?? []), e])
  }
  return clients
}

describe('historyStart', () => {
  it.each([
    ['2026-06-15', '2024-04-01'],
    ['2026-04-01', '2024-04-01'],
    ['2026-03-31', '2023-04-01'],
    ['2025-01-01', '2022-04-01'],
  ])('history for %s starts on %s', (asOf, start) => {
    expect(historyStart(asOf)).toBe(start)
  })
})

describe('generateCouncil: determinism', () => {
  it('gives identical rows for the same seed and as-of date', () => {
    expect(generateCouncil(options)).toEqual(council)
  })

  it('gives different rows for another seed', () => {
    const other = generateCouncil({ ...options, seed: 2 })
    expect(other.people.slice(0, 20)).not.toEqual(council.people.slice(0, 20))
    expect(other.events.length).not.toBe(council.events.length)
  })

  it('gives different rows for another as-of date', () => {
    const other = generateCouncil({ ...options, asOf: '2025-11-30' })
    expect(other.startOn).toBe('2023-04-01')
    expect(other.events).not.toEqual(council.events)
  })

  it('refuses nonsense options', () => {
    expect(() => generateCouncil({ ...options, people: 0 })).toThrow(RangeError)
    expect(() => generateCouncil({ ...options, asOf: '15/06/2026' })).toThrow(RangeError)
  })
})

describe('generateCouncil: shape', () => {
  it('makes the number of people asked for, each with their own council id', () => {
    expect(council.people).toHaveLength(COUNCIL_SIZES.small)
    expect(new Set(council.people.map((p) => p.la_person_id)).size).toBe(COUNCIL_SIZES.small)
  })

  it('covers two financial years before the as-of date', () => {
    expect(council.startOn).toBe('2024-04-01')
    const requested = council.requests.map((r) => r.requested_on).sort()
    expect(requested[0]?.slice(0, 7)).toBe('2024-04')
    expect(requested.at(-1)?.slice(0, 7)).toBe('2026-06')
    // The latest complete year (2025-26) is as busy as the one before it.
    const inYear = (from: string, to: string) => requested.filter((d) => d >= from && d <= to).length
    const ratio = inYear('2025-04-01', '2026-03-31') / inYear('2024-04-01', '2025-03-31')
    expect(ratio).toBeGreaterThan(0.85)
    expect(ratio).toBeLessThan(1.15)
  })

  it('gives valid NHS numbers from the 999 test range, none shared', () => {
    const numbers = council.people.flatMap((p) => (p.nhs_number ? [p.nhs_number] : []))
    expect(numbers.length).toBeGreaterThan(COUNCIL_SIZES.small * 0.9)
    for (const number of numbers) {
      expect(isValidNhsNumber(number)).toBe(true)
      expect(number.startsWith('999')).toBe(true)
    }
    expect(new Set(numbers).size).toBe(numbers.length)
  })

  it('gives valid postcodes in an area that does not exist', () => {
    for (const person of council.people) {
      expect(isValidPostcode(person.postcode)).toBe(true)
      expect(person.postcode.startsWith('DM')).toBe(true)
    }
  })

  it('uses only values from the CLD code lists', () => {
    const lists: [string, readonly string[], (string | null)[]][] = [
      ['gender', GENDERS, council.people.map((p) => p.gender)],
      ['ethnicity', ETHNICITIES, council.people.map((p) => p.ethnicity)],
      [
        'primary support reason',
        PRIMARY_SUPPORT_REASONS,
        council.people.map((p) => p.primary_support_reason),
      ],
      ['accommodation', ACCOMMODATION_STATUSES, council.people.map((p) => p.accommodation_status)],
      ['employment', EMPLOYMENT_STATUSES, council.people.map((p) => p.employment_status)],
      ['has unpaid carer', HAS_UNPAID_CARER, council.people.map((p) => p.has_unpaid_carer)],
      [
        'client type',
        CLIENT_TYPES,
        [...council.people.map((p) => p.client_type), ...council.events.map((e) => e.client_type)],
      ],
      ['route', REQUEST_ROUTES_OF_ACCESS, council.requests.map((r) => r.route_of_access)],
      [
        'outcome',
        EVENT_OUTCOMES,
        [
          ...council.requests.map((r) => r.triage_outcome),
          ...council.assessments.map((a) => a.event_outcome),
          ...council.events.map((e) => e.event_outcome),
        ],
      ],
      ['event type', EVENT_TYPES, council.events.map((e) => e.event_type)],
      ['event route', REQUEST_ROUTES_OF_ACCESS, council.events.map((e) => e.request_route_of_access)],
      ['assessment type', ASSESSMENT_TYPES, council.events.map((e) => e.assessment_type)],
      ['eligible needs', ELIGIBLE_NEEDS_IDENTIFIED, council.events.map((e) => e.eligible_needs_identified)],
      ['method of assessment', METHODS_OF_ASSESSMENT, council.events.map((e) => e.method_of_assessment)],
      ['service type', SERVICE_TYPES, council.events.map((e) => e.service_type)],
      ['service component', SERVICE_COMPONENTS, council.events.map((e) => e.service_component)],
      ['delivery mechanism', DELIVERY_MECHANISMS, council.events.map((e) => e.delivery_mechanism)],
      ['cost frequency', COST_FREQUENCY_UNIT_TYPES, council.events.map((e) => e.cost_frequency_unit_type)],
      ['review reason', REVIEW_REASONS, council.events.map((e) => e.review_reason)],
      ['review outcomes', REVIEW_OUTCOMES_ACHIEVED, council.events.map((e) => e.review_outcomes_achieved)],
      ['method of review', METHODS_OF_REVIEW, council.events.map((e) => e.method_of_review)],
    ]
    for (const [name, list, values] of lists) {
      const outside = [...new Set(values)].filter((v) => v !== null && !list.includes(v))
      expect(outside, name).toEqual([])
    }
  })

  it('has every event type and the services the measures need', () => {
    const types = new Set(council.events.map((e) => e.event_type))
    expect([...types].sort()).toEqual(['Assessment', 'Request', 'Review', 'Service'])
    const serviceTypes = new Set(council.events.map((e) => e.service_type))
    for (const type of [
      'Short term support: ST-Max',
      'Short term support: Ongoing low level',
      'Long term support: Nursing care',
      'Long term support: Residential care',
      'Long term support: Community',
      'Unpaid carer support: Direct to unpaid carer',
    ]) {
      expect(serviceTypes.has(type), type).toBe(true)
    }
  })

  it('keeps every date inside the history and every event in order', () => {
    const deaths = new Map(council.people.map((p, i) => [i, p.date_of_death]))
    for (const e of council.events) {
      expect(e.event_start_on <= AS_OF).toBe(true)
      if (e.event_end_on !== null) {
        expect(e.event_end_on >= e.event_start_on).toBe(true)
        expect(e.event_end_on <= AS_OF).toBe(true)
      }
      const died = deaths.get(e.person)
      if (died) expect(e.event_start_on <= died, `${e.event_type} after death`).toBe(true)
      if (e.event_type !== 'Service') expect(e.event_start_on >= '2023-04-01').toBe(true)
    }
    for (const person of council.people) {
      if (person.date_of_death) expect(person.date_of_death <= AS_OF).toBe(true)
      expect(ageOn(person.date_of_birth, AS_OF)).toBeGreaterThanOrEqual(18)
    }
  })

  it('prices services as pence with units a week', () => {
    for (const e of council.events.filter((x) => x.event_type === 'Service')) {
      expect(Number.isInteger(e.unit_cost_pence)).toBe(true)
      expect(e.unit_cost_pence).toBeGreaterThan(0)
      if (e.cost_frequency_unit_type !== 'One-off') expect(e.planned_units_per_week).toBeGreaterThan(0)
    }
  })

  it('points each row at rows that exist', () => {
    for (const e of council.events) {
      expect(council.people[e.person]).toBeDefined()
      if (e.source?.table === 'support_requests')
        expect(council.requests[e.source.index]?.person).toBe(e.person)
      if (e.source?.table === 'assessments')
        expect(council.assessments[e.source.index]?.person).toBe(e.person)
    }
    for (const r of council.requests) {
      expect(council.teams[r.team]).toBeDefined()
      if (r.worker !== null) expect(council.workers[r.worker]?.role).toBe('practitioner')
    }
    for (const t of council.timeEntries) expect(council.workers[t.user]).toBeDefined()
  })
})

describe('generateCouncil: the records tell a consistent story', () => {
  it('closes a request only once it is triaged, and gives its event the triage outcome', () => {
    const events = new Map(
      council.events.filter((e) => e.event_type === 'Request').map((e) => [e.source?.index, e] as const),
    )
    for (const [i, r] of council.requests.entries()) {
      if (r.closed_on !== null) {
        expect(r.triaged_on).not.toBeNull()
        expect(r.closed_on >= (r.triaged_on as string)).toBe(true)
        expect(r.worker).not.toBeNull()
      }
      const event = events.get(i)
      expect(event?.event_outcome).toBe(r.triage_outcome)
      expect(event?.event_end_on).toBe(r.triaged_on)
      expect(event?.request_route_of_access).toBe(r.route_of_access)
    }
  })

  it('decides eligibility with the national rules and records each decision', () => {
    for (const a of council.assessments) {
      const facts =
        a.kind === 'needs'
          ? ({
              kind: 'needs',
              impairmentOrIllness: a.impairment_or_illness,
              outcomes: a.outcomes,
              wellbeingSignificantlyAffected: a.wellbeing_significantly_affected,
            } as AdultEligibilityInput)
          : ({
              kind: 'carer',
              needsFromCaring: a.needs_from_caring,
              carerHealthAtRisk: a.carer_health_at_risk,
              outcomes: a.outcomes,
              wellbeingSignificantlyAffected: a.wellbeing_significantly_affected,
            } as CarerEligibilityInput)
      expect(a.computed_eligibility).toEqual(determineEligibility(facts))
      if (a.completed_on === null) {
        expect([a.eligible, a.decision, a.event_outcome]).toEqual([null, null, null])
        continue
      }
      expect(a.event_outcome).not.toBeNull()
      if (a.decision === 'overridden') {
        expect(a.eligible).toBe(!a.computed_eligibility.eligible)
        expect(a.override_reason).toBeTruthy()
      } else {
        expect(a.decision).toBe('confirmed')
        expect(a.eligible).toBe(a.computed_eligibility.eligible)
      }
    }
  })

  it('records practitioner time in whole minutes against assessments', () => {
    const timed = new Set(
      council.timeEntries.filter((t) => t.activity === 'assessment').map((t) => t.record?.index),
    )
    expect(timed.size).toBe(council.assessments.length)
    for (const t of council.timeEntries) {
      for (const minutes of [t.direct_minutes, t.travel_minutes, t.recording_minutes]) {
        expect(Number.isInteger(minutes) && minutes >= 0).toBe(true)
      }
    }
  })

  it('leaves work open at the as-of date for queues and caseloads', () => {
    const open = council.requests.filter((r) => r.closed_on === null)
    expect(open.filter((r) => r.worker === null).length).toBeGreaterThan(5)
    expect(open.filter((r) => r.worker !== null).length).toBeGreaterThan(5)
    expect(council.assessments.filter((a) => a.completed_on === null).length).toBeGreaterThan(0)
  })

  it('gives synthetic workers a password hash nothing can match', async () => {
    const worker = council.workers[0]
    expect(worker?.email).toMatch(/^worker1@synth\.synthetic\.test$/)
    expect(await verifyPassword(worker?.password_hash, '')).toBe(false)
  })
})

describe('generateCouncil: proportions (REFERENCE §8) on the small council', () => {
  const yearEnd = '2026-03-31'
  const clients = longTermClientsOn(council, yearEnd)

  it('has about a third of people in long-term support aged 18-64', () => {
    const older = [...clients.keys()].filter(
      (p) => ageOn(council.people[p]?.date_of_birth ?? '', yearEnd) >= 65,
    )
    expect(share(older.length, clients.size)).toBeGreaterThan(0.55)
    expect(share(older.length, clients.size)).toBeLessThan(0.75)
  })

  it('keeps the number in long-term support steady from year to year', () => {
    const before = longTermClientsOn(council, '2025-03-31').size
    expect(share(clients.size, before)).toBeGreaterThan(0.85)
    expect(share(clients.size, before)).toBeLessThan(1.2)
  })

  it('pays about a quarter of people supported at home by direct payment', () => {
    const community = [...clients.values()].filter((events) =>
      events.every((e) => e.service_type === 'Long term support: Community'),
    )
    const directPayment = community.filter((events) =>
      events.some((e) => e.delivery_mechanism === 'Direct Payment'),
    )
    expect(share(directPayment.length, community.length)).toBeGreaterThan(0.17)
    expect(share(directPayment.length, community.length)).toBeLessThan(0.33)
  })

  it('finds about three quarters of needs assessments eligible', () => {
    const decided = council.assessments.filter((a) => a.kind === 'needs' && a.completed_on !== null)
    const eligible = decided.filter((a) => a.eligible).length
    expect(share(eligible, decided.length)).toBeGreaterThan(0.68)
    expect(share(eligible, decided.length)).toBeLessThan(0.82)
  })

  it('ends many requests in information and advice and sends some to reablement', () => {
    const triaged = council.requests.filter((r) => r.triage_outcome !== null)
    const count = (outcome: string) => triaged.filter((r) => r.triage_outcome === outcome).length
    const advice = share(count('NFA: Information and advice or signposting'), triaged.length)
    const reablement = share(count('Progress to reablement/ST-Max'), triaged.length)
    expect(advice).toBeGreaterThan(0.22)
    expect(advice).toBeLessThan(0.36)
    expect(reablement).toBeGreaterThan(0.08)
    expect(reablement).toBeLessThan(0.16)
  })

  it('gives reablement mostly to people aged 65 and over, for about six weeks', () => {
    const episodes = council.events.filter((e) => e.service_type === 'Short term support: ST-Max')
    const older = episodes.filter(
      (e) => ageOn(council.people[e.person]?.date_of_birth ?? '', e.event_start_on) >= 65,
    )
    expect(share(older.length, episodes.length)).toBeGreaterThan(0.8)
    const completed = episodes.filter((e) => e.event_outcome === 'NFA: Support ended as planned')
    const days = completed.map(
      (e) => (Date.parse(e.event_end_on ?? '') - Date.parse(e.event_start_on)) / 86_400_000,
    )
    const mean = days.reduce((a, b) => a + b, 0) / days.length
    expect(mean).toBeGreaterThan(28)
    expect(mean).toBeLessThan(49)
  })

  it('prices home care at about £25 an hour and care homes at £900 to £1,300 a week for older people', () => {
    const open = council.events.filter((e) => e.event_type === 'Service' && e.event_end_on === null)
    const homeCare = open.filter((e) => e.service_component === 'Home support or domiciliary care')
    const hourly = homeCare.reduce((sum, e) => sum + (e.unit_cost_pence ?? 0), 0) / homeCare.length
    expect(hourly).toBeGreaterThan(2300)
    expect(hourly).toBeLessThan(2800)
    const olderCareHomes = open.filter(
      (e) =>
        e.service_component === 'Long term residential care' &&
        ageOn(council.people[e.person]?.date_of_birth ?? '', e.event_start_on) >= 66,
    )
    for (const e of olderCareHomes) {
      expect(e.unit_cost_pence).toBeGreaterThanOrEqual(90_000)
      expect(e.unit_cost_pence).toBeLessThanOrEqual(130_000)
    }
  })

  it('reviews most long-term clients, planned reviews mostly, some late', () => {
    const reviews = council.events.filter((e) => e.event_type === 'Review')
    expect(
      share(reviews.filter((e) => e.review_reason === 'Planned').length, reviews.length),
    ).toBeGreaterThan(0.5)
    const reviewedInYear = new Set(
      reviews
        .filter((e) => e.event_end_on !== null && e.event_end_on >= '2025-04-01' && e.event_end_on <= yearEnd)
        .map((e) => e.person),
    )
    const reviewed = [...clients.keys()].filter((p) => reviewedInYear.has(p)).length
    expect(share(reviewed, clients.size)).toBeGreaterThan(0.4)
    expect(share(reviewed, clients.size)).toBeLessThan(0.8)
  })
})
