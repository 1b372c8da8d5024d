import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  belongsInPeriod,
  CLD_FIELDS,
  compareCopies,
  eventContent,
  eventKey,
  fieldForHeader,
  parseCldDate,
  parseCount,
  parseDecimal,
  parsePoundsToPence,
  parseQuarter,
  REQUIRED_COLUMNS,
  singleSubmissionExtra,
} from './rules.ts'

describe('reading CLD values', () => {
  it.each([
    ['2025-04-01', '2025-04-01'],
    ['01/04/2025', '2025-04-01'],
    ['1/4/2025', '2025-04-01'],
    ['2025-04-01T00:00:00', '2025-04-01'],
    ['2025-04-01 00:00:00.000', '2025-04-01'],
    ['2024-02-29', '2024-02-29'],
    ['2025-02-29', undefined],
    ['2025-13-01', undefined],
    ['31/02/1980', undefined],
    ['2025/04/01', undefined],
    ['2025-0a-01', undefined],
    ['2025-04-01x', undefined],
    ['2025-04-1', undefined],
    ['1 April 2025', undefined],
    ['1850-01-01', undefined],
    ['', undefined],
  ])('reads the date %j as %j', (text, expected) => {
    expect(parseCldDate(text)).toBe(expected)
  })

  it('reads every real calendar date written either way', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString().slice(0, 10)
          const [y, m, d] = iso.split('-')
          expect(parseCldDate(iso)).toBe(iso)
          expect(parseCldDate(`${d}/${m}/${y}`)).toBe(iso)
        },
      ),
    )
  })

  it.each([
    ['22.50', 2250],
    ['£1,234.56', 123456],
    ['0', 0],
    ['12.345', 1235],
    ['-5', undefined],
    ['twelve', undefined],
    ['1e3', undefined],
    ['2000000', undefined],
  ])('reads the amount %j as %j pence', (text, expected) => {
    expect(parsePoundsToPence(text)).toBe(expected)
  })

  it.each([
    ['10', 10],
    ['7.5', 7.5],
    ['0.33333', 0.3333],
    ['-1', undefined],
    ['lots', undefined],
  ])('reads the units %j as %j', (text, expected) => {
    expect(parseDecimal(text)).toBe(expected)
  })

  it.each([
    ['2', 2],
    ['0', 0],
    ['100', undefined],
    ['1.5', undefined],
  ])('reads the count %j as %j', (text, expected) => {
    expect(parseCount(text)).toBe(expected)
  })
})

describe('CLD column names', () => {
  it.each([
    ['LA_Code', 'LA_Code'],
    ['la_code', 'LA_Code'],
    ['LA CODE', 'LA_Code'],
    ['Method_Of_Review', 'Method_of_Review'],
    ['total_hrs_caring_per_week', 'Total_Hrs_Caring_per_week'],
    ['\uFEFFLA_Code', 'LA_Code'],
    ['Request_Route_Of_Access', 'Request_Route_of_Access'],
    ['Favourite colour', undefined],
  ])('reads %j as %j', (header, name) => {
    expect(fieldForHeader(header)?.name).toBe(name)
  })

  it('names every required column among the fields', () => {
    const names = new Set(CLD_FIELDS.map((field) => field.name))
    for (const column of REQUIRED_COLUMNS) expect(names.has(column)).toBe(true)
  })
})

const request = {
  event_type: 'Request' as const,
  client_type: 'Service user',
  event_start_on: '2025-05-01',
  event_end_on: '2025-05-03',
  request_route_of_access: 'Prison',
  assessment_type: null,
  service_type: null,
  service_component: null,
  delivery_mechanism: null,
  unit_cost_pence: null,
  cost_frequency_unit_type: null,
  planned_units_per_week: null,
}
const service = {
  ...request,
  event_type: 'Service' as const,
  event_end_on: null,
  request_route_of_access: null,
  service_type: 'Long term support: Community',
  service_component: 'Home support or domiciliary care',
  delivery_mechanism: 'Direct Payment',
  unit_cost_pence: 2250,
  cost_frequency_unit_type: 'Hourly',
  planned_units_per_week: 10,
}

describe('the unique event (DHSC deduplication step 1)', () => {
  it.each([
    ['another person', { ...request }, 'person-2', false],
    ['another start date', { ...request, event_start_on: '2025-05-02' }, 'person-1', false],
    ['another end date (not a service)', { ...request, event_end_on: '2025-05-04' }, 'person-1', false],
    ['another route', { ...request, request_route_of_access: 'Self-Funder' }, 'person-1', false],
    ['another client type', { ...request, client_type: 'Unpaid carer' }, 'person-1', false],
    ['the same fields', { ...request }, 'person-1', true],
  ])('a request with %s is %s the same event', (_label, other, personId, same) => {
    expect(eventKey(other, personId) === eventKey(request, 'person-1')).toBe(same)
  })

  it('ignores a service’s end date and costs across files, but not its type and component', () => {
    const key = eventKey(service, 'p')
    expect(eventKey({ ...service, event_end_on: '2025-12-01', unit_cost_pence: 2400 }, 'p')).toBe(key)
    expect(eventKey({ ...service, service_component: 'Day support' }, 'p')).not.toBe(key)
  })

  it('tells services apart by delivery mechanism and costs within one file', () => {
    expect(singleSubmissionExtra(service)).not.toBe(
      singleSubmissionExtra({ ...service, unit_cost_pence: 2400 }),
    )
    expect(singleSubmissionExtra(request)).toBe('')
  })

  it('writes dates as day numbers, as the database function does', () => {
    expect(eventKey(request, 'p')).toBe('Request|p|Service user|9252|9254|Prison')
  })

  it('compares everything else an event says', () => {
    expect(eventContent({ ...request, event_outcome: 'NFA: Other' })).not.toBe(eventContent(request))
    expect(eventContent({ ...request })).toBe(eventContent(request))
  })
})

describe('which copy of an event is kept (DHSC deduplication step 3)', () => {
  const copy = (event_end_on: string | null, event_outcome: string | null, line: number) => ({
    event_end_on,
    event_outcome,
    line,
  })
  it.each([
    ['an open end over an ended one', copy(null, 'NFA: Other', 2), copy('2025-06-01', 'NFA: Other', 3)],
    ['the later end date', copy('2025-07-01', 'NFA: Other', 2), copy('2025-06-01', 'NFA: Other', 3)],
    [
      'the outcome higher in the hierarchy',
      copy('2025-06-01', 'Progress to reablement/ST-Max', 2),
      copy('2025-06-01', 'NFA: Other', 3),
    ],
    ['a valid outcome over none', copy('2025-06-01', 'NFA: Other', 2), copy('2025-06-01', null, 3)],
    [
      'the later line when all else is equal',
      copy('2025-06-01', 'NFA: Other', 9),
      copy('2025-06-01', 'NFA: Other', 3),
    ],
  ])('keeps %s', (_label, kept, other) => {
    expect(compareCopies(kept, other)).toBeLessThan(0)
    expect(compareCopies(other, kept)).toBeGreaterThan(0)
  })
})

describe('reporting quarters', () => {
  it.each([
    ['2025-26-Q1', '2024-07-01', '2025-06-30'],
    ['2025-26-Q2', '2024-10-01', '2025-09-30'],
    ['2025-26-Q3', '2025-01-01', '2025-12-31'],
    ['2025-26-Q4', '2025-04-01', '2026-03-31'],
    ['2024-25-q4', '2024-04-01', '2025-03-31'],
  ])('%s covers %s to %s', (label, start, end) => {
    expect(parseQuarter(label)).toMatchObject({ periodStartOn: start, periodEndOn: end })
  })

  it.each(['2025-27-Q2', '2025-26-Q5', '2025-Q2', 'last quarter'])('refuses %j', (label) => {
    expect(parseQuarter(label)).toBeUndefined()
  })
})

describe('events in a reporting period (DHSC event filtering)', () => {
  const period = { periodStartOn: '2025-04-01', periodEndOn: '2026-03-31' }
  it.each([
    [
      'a request ended in the period',
      { event_type: 'Request', event_start_on: '2025-03-20', event_end_on: '2025-04-02' },
      true,
    ],
    [
      'a request ended before it',
      { event_type: 'Request', event_start_on: '2025-03-20', event_end_on: '2025-03-31' },
      false,
    ],
    ['an open request', { event_type: 'Request', event_start_on: '2025-05-01', event_end_on: null }, false],
    [
      'a review ended after it',
      { event_type: 'Review', event_start_on: '2026-03-30', event_end_on: '2026-04-01' },
      false,
    ],
    [
      'an open service begun before it',
      { event_type: 'Service', event_start_on: '2020-01-01', event_end_on: null },
      true,
    ],
    [
      'a service ended before it',
      { event_type: 'Service', event_start_on: '2020-01-01', event_end_on: '2025-03-31' },
      false,
    ],
    [
      'a service ending after it',
      { event_type: 'Service', event_start_on: '2026-01-01', event_end_on: '2026-05-01' },
      true,
    ],
    [
      'a service begun after it',
      { event_type: 'Service', event_start_on: '2026-04-01', event_end_on: null },
      false,
    ],
  ])('%s: %s', (_label, event, included) => {
    expect(belongsInPeriod(event, period)).toBe(included)
  })
})
