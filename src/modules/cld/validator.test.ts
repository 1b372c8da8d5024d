import { describe, expect, it } from 'vitest'
import { CLD_FIELDS, INVALID_AND_NOT_MAPPED } from './rules.ts'
import { CldHeaderError, type CldRowResult, createRowValidator, readHeader } from './validator.ts'

const HEADER = CLD_FIELDS.map((field) => field.name)

type Row = Record<string, string>

const person: Row = {
  LA_Code: 'TESTA',
  Reporting_Period_Start_Date: '2025-04-01',
  Reporting_Period_End_Date: '2026-03-31',
  NHS_Number: '9990000018',
  LA_Person_Unique_Identifier: 'P1',
  Gender: 'Female',
  Ethnicity: 'Asian or Asian British: Indian',
  Date_of_Birth: '1950-06-27',
  Client_Type: 'Service user',
  Primary_Support_Reason: 'Physical support: Personal care support',
  Postcode: 'LS1 4AP',
  Accommodation_Status: 'Owner occupier or shared ownership scheme',
  Has_Unpaid_Carer: 'No',
}
const EVENTS: Record<string, Row> = {
  Request: {
    Event_Type: 'Request',
    Event_Start_Date: '2025-05-01',
    Event_End_Date: '2025-05-02',
    Request_Route_of_Access: 'Discharge from Hospital',
    Event_Outcome: 'Progress to assessment, review or reassessment',
  },
  Assessment: {
    Event_Type: 'Assessment',
    Event_Start_Date: '2025-05-02',
    Event_End_Date: '2025-05-20',
    Assessment_Type: 'Long term assessment',
    Method_of_Assessment: 'Service user only',
    Event_Outcome: 'Progress to support planning or services',
  },
  Service: {
    Event_Type: 'Service',
    Event_Start_Date: '2025-05-21',
    Service_Type: 'Long term support: Community',
    Service_Component: 'Home support or domiciliary care',
    Delivery_Mechanism: 'Direct Payment',
    Unit_Cost: '22.50',
    Cost_Frequency_Unit_Type: 'Hourly',
    Planned_units_per_week: '10',
    Client_Funding_Status: 'Fully social care funded',
    Event_Outcome: 'Continuation of support or services',
  },
  Review: {
    Event_Type: 'Review',
    Event_Start_Date: '2025-11-20',
    Event_End_Date: '2025-11-21',
    Review_Reason: 'Planned',
    Review_Outcomes_Achieved: 'Fully Met',
    Method_of_Review: 'Service user only',
    Client_Funding_Status: 'Fully social care funded',
    Event_Outcome: 'Continuation of support or services',
  },
}

const validate = createRowValidator(readHeader(HEADER), 'TESTA')
const check = (row: Row, line = 2): CldRowResult =>
  validate(
    HEADER.map((name) => row[name] ?? ''),
    line,
  )
const problemsOf = (result: CldRowResult) => result.problems.map((p) => [p.field, p.action])

describe('a clean row of each event type', () => {
  it.each(Object.keys(EVENTS))('passes with no problems: %s', (type) => {
    const result = check({ ...person, ...EVENTS[type] })
    expect(result.problems).toEqual([])
    expect(result.usable).toBe(true)
  })

  it('turns the row into a person and an event', () => {
    const result = check({ ...person, ...EVENTS.Service })
    if (!result.usable) throw new Error('dropped')
    expect(result.person).toMatchObject({
      la_person_id: 'P1',
      nhs_number: '9990000018',
      postcode: 'LS1 4AP',
      date_of_birth: '1950-06-27',
    })
    expect(result.event).toMatchObject({
      event_type: 'Service',
      event_start_on: '2025-05-21',
      event_end_on: null,
      unit_cost_pence: 2250,
      planned_units_per_week: 10,
      client_type: 'Service user',
    })
    expect(result.reportingPeriodEndOn).toBe('2026-03-31')
  })
})

describe('rows that cannot be used are dropped', () => {
  it.each([
    ['no person identifier', { LA_Person_Unique_Identifier: '' }, 'LA_Person_Unique_Identifier'],
    ['another council’s code', { LA_Code: 'E10000008' }, 'LA_Code'],
    ['no council code', { LA_Code: '' }, 'LA_Code'],
    ['no event type', { Event_Type: '' }, 'Event_Type'],
    ['an unknown event type', { Event_Type: 'Referral' }, 'Event_Type'],
    ['no start date', { Event_Start_Date: '' }, 'Event_Start_Date'],
    ['a start date that is not a date', { Event_Start_Date: '2025-02-30' }, 'Event_Start_Date'],
    ['an end before its start', { Event_End_Date: '2025-04-30' }, 'Event_End_Date'],
  ])('%s', (_label, change, field) => {
    const result = check({ ...person, ...EVENTS.Request, ...change })
    expect(result.usable).toBe(false)
    expect(problemsOf(result)).toEqual([[field, 'Row dropped']])
  })

  it('reads the council code without regard to case', () => {
    expect(check({ ...person, ...EVENTS.Request, LA_Code: 'testa' }).usable).toBe(true)
  })

  it('drops a row with fewer values than the header has columns', () => {
    const result = validate(['TESTA', '2025-04-01'], 7)
    expect(result.usable).toBe(false)
    expect(result.problems).toEqual([
      {
        line: 7,
        field: '(row)',
        value: '2 values',
        problem: `Has 2 values; the header has ${HEADER.length} columns (a cut-off or broken line)`,
        action: 'Row dropped',
      },
    ])
  })

  it('allows blank values after the last column (a trailing comma)', () => {
    const cells = [...HEADER.map((name) => ({ ...person, ...EVENTS.Request })[name] ?? ''), '']
    expect(validate(cells, 2).usable).toBe(true)
  })
})

const INVALID = `Kept as "${INVALID_AND_NOT_MAPPED}"`

describe('an invalid value elsewhere is kept and reported', () => {
  it.each([
    ['Gender', 'Request', 'Martian', INVALID],
    ['Ethnicity', 'Request', 'White', INVALID],
    ['Client_Type', 'Request', 'Customer', INVALID],
    ['Primary_Support_Reason', 'Assessment', 'Tiredness', INVALID],
    ['Accommodation_Status', 'Request', 'Castle', INVALID],
    ['Employment_Status', 'Request', 'Astronaut', INVALID],
    ['Has_Unpaid_Carer', 'Request', 'Perhaps', INVALID],
    ['Client_Funding_Status', 'Service', 'Half', INVALID],
    ['Event_Outcome', 'Request', 'Went home', INVALID],
    ['Request_Route_of_Access', 'Request', 'Telepathy', INVALID],
    ['Assessment_Type', 'Assessment', 'Quick look', INVALID],
    ['Eligible_Needs_Identified', 'Assessment', 'Maybe', INVALID],
    ['Method_of_Assessment', 'Assessment', 'By post', INVALID],
    ['Service_Type', 'Service', 'Long Term Support: Spaceship', INVALID],
    ['Service_Component', 'Service', 'Space travel', INVALID],
    ['Delivery_Mechanism', 'Service', 'Cash in hand', INVALID],
    ['Cost_Frequency_Unit_Type', 'Service', 'Fortnightly-ish', INVALID],
    ['Review_Reason', 'Review', 'Curiosity', INVALID],
    ['Review_Outcomes_Achieved', 'Review', 'Sort of', INVALID],
    ['Method_of_Review', 'Review', 'Telegram', INVALID],
    ['NHS_Number', 'Request', '9990000019', 'Kept blank'],
    ['Postcode', 'Request', 'QQ1 1QQ', 'Kept blank'],
    ['Date_of_Birth', 'Request', '1950-02-30', 'Kept blank'],
    ['Date_of_Death', 'Request', 'yesterday', 'Kept blank'],
    ['Reporting_Period_Start_Date', 'Request', '2025-04-31', 'Kept blank'],
    ['Reporting_Period_End_Date', 'Request', 'March', 'Kept blank'],
    ['Event_End_Date', 'Request', '2025-05-32', 'Kept blank'],
    ['Unit_Cost', 'Service', 'twelve', 'Kept blank'],
    ['Planned_units_per_week', 'Service', 'many', 'Kept blank'],
    ['GP_Practice_Code', 'Request', 'X'.repeat(21), 'Kept, cut to 20 characters'],
  ])('%s on a %s row: %j', (field, type, value, action) => {
    const result = check({ ...person, ...EVENTS[type], [field]: value })
    expect(result.usable).toBe(true)
    expect(result.problems).toEqual([expect.objectContaining({ line: 2, field, value, action })])
  })

  it('stores an invalid coded value as "Invalid and not mapped"', () => {
    const result = check({ ...person, ...EVENTS.Request, Gender: 'Martian' })
    expect(result.usable && result.person.gender).toBe(INVALID_AND_NOT_MAPPED)
  })
})

describe('mandatory fields (DHSC’s rules for which fields each row must have)', () => {
  const blank = (type: string, field: string, extra: Row = {}) =>
    check({ ...person, ...EVENTS[type], ...extra, [field]: '' })
  const blankProblem = (field: string) => [[field, 'Kept blank']]

  it.each([
    ['NHS_Number', 'Request'],
    ['Gender', 'Request'],
    ['Ethnicity', 'Request'],
    ['Date_of_Birth', 'Request'],
    ['Postcode', 'Request'],
    ['Accommodation_Status', 'Request'],
    ['Has_Unpaid_Carer', 'Request'],
    ['Reporting_Period_Start_Date', 'Request'],
    ['Reporting_Period_End_Date', 'Request'],
    ['Event_End_Date', 'Request'],
    ['Event_Outcome', 'Request'],
    ['Request_Route_of_Access', 'Request'],
    ['Primary_Support_Reason', 'Assessment'],
    ['Assessment_Type', 'Assessment'],
    ['Method_of_Assessment', 'Assessment'],
    ['Service_Type', 'Service'],
    ['Service_Component', 'Service'],
    ['Client_Funding_Status', 'Service'],
    ['Client_Funding_Status', 'Review'],
    ['Unit_Cost', 'Service'],
    ['Cost_Frequency_Unit_Type', 'Service'],
    ['Planned_units_per_week', 'Service'],
    ['Review_Reason', 'Review'],
    ['Review_Outcomes_Achieved', 'Review'],
    ['Method_of_Review', 'Review'],
  ])('%s is mandatory on a %s row', (field, type) => {
    expect(problemsOf(blank(type, field))).toEqual(blankProblem(field))
  })

  it('a blank client type is reported and kept as "Invalid and not mapped"', () => {
    const result = blank('Request', 'Client_Type')
    expect(problemsOf(result)).toEqual(blankProblem('Client_Type'))
    expect(result.usable && result.person.client_type).toBe(INVALID_AND_NOT_MAPPED)
  })

  it.each([
    ['Primary_Support_Reason on a request', 'Request', 'Primary_Support_Reason', {}],
    ['Event_End_Date on an open service', 'Service', 'Event_End_Date', {}],
    [
      'Event_Outcome on a financial assessment',
      'Assessment',
      'Event_Outcome',
      { Assessment_Type: 'Financial assessment', Client_Funding_Status: 'Fully client funded' },
    ],
    [
      'Method_of_Assessment on a financial assessment',
      'Assessment',
      'Method_of_Assessment',
      { Assessment_Type: 'Financial assessment', Client_Funding_Status: 'Fully client funded' },
    ],
    [
      'Review_Outcomes_Achieved on an unplanned review',
      'Review',
      'Review_Outcomes_Achieved',
      { Review_Reason: 'Unplanned - Hospital' },
    ],
    ['Client_Funding_Status on a request', 'Request', 'Client_Funding_Status', {}],
    [
      'costs on a commissioned service',
      'Service',
      'Unit_Cost',
      { Delivery_Mechanism: 'CASSR Commissioned Support' },
    ],
    [
      'costs on short-term support',
      'Service',
      'Unit_Cost',
      { Service_Type: 'Short term support: ST-Max', Service_Component: 'Reablement' },
    ],
    ['Employment_Status for someone over 65', 'Request', 'Employment_Status', {}],
    ['Delivery_Mechanism', 'Service', 'Delivery_Mechanism', {}],
    ['GP_Practice_Code', 'Request', 'GP_Practice_Code', {}],
    ['Date_of_Death', 'Request', 'Date_of_Death', {}],
  ])('%s is not', (_label, type, field, extra) => {
    expect(blank(type, field, extra).problems).toEqual([])
  })

  it('the end date is mandatory on a service for someone who has died', () => {
    expect(problemsOf(blank('Service', 'Event_End_Date', { Date_of_Death: '2025-12-01' }))).toEqual(
      blankProblem('Event_End_Date'),
    )
  })

  it('costs are mandatory on short-term residential care', () => {
    const row = {
      Service_Type: 'Short term support: Other short term',
      Service_Component: 'Short term residential care',
    }
    expect(problemsOf(blank('Service', 'Unit_Cost', row))).toEqual(blankProblem('Unit_Cost'))
  })

  it('employment status is mandatory for a working-age service user with a learning disability', () => {
    const row = { Date_of_Birth: '1990-01-01', Primary_Support_Reason: 'Learning disability support' }
    expect(problemsOf(blank('Assessment', 'Employment_Status', row))).toEqual(
      blankProblem('Employment_Status'),
    )
    expect(
      blank('Assessment', 'Employment_Status', { ...row, Client_Type: 'Unpaid carer' }).problems,
    ).toEqual([])
  })

  it('a carer known by association has no event: event fields neither apply nor are required', () => {
    const result = check({
      ...person,
      Client_Type: 'Unpaid carer known by association',
      Primary_Support_Reason: 'Social support: Support to unpaid carer',
      Event_Type: 'Nonsense',
      Adult_1_Linked_Person_ID: 'P2',
      No_of_adults_being_cared_for: '1',
    })
    expect(result.problems).toEqual([])
    expect(result.usable && result.event).toBeNull()
    expect(result.usable && result.person.adult_1_linked_person_id).toBe('P2')
  })

  it('ignores fields that do not apply to the row (a service type on a request)', () => {
    const result = check({ ...person, ...EVENTS.Request, Service_Type: 'Nonsense' })
    expect(result.problems).toEqual([])
    expect(result.usable && result.event?.service_type).toBeNull()
  })

  it("reads the text 'NULL' as blank, as DHSC does", () => {
    expect(problemsOf(check({ ...person, ...EVENTS.Request, Gender: 'NULL' }))).toEqual(
      blankProblem('Gender'),
    )
  })
})

describe('Release 1 and Release 2 values, in any case', () => {
  it.each([
    ['Client_Type', 'Service User', 'client_type', 'Service user'],
    ['Client_Type', 'SERVICE USER', 'client_type', 'Service user'],
    [
      'Primary_Support_Reason',
      'Support with Memory & Cognition',
      'primary_support_reason',
      'Support with memory and cognition',
    ],
    ['Ethnicity', 'mixed: white and asian', 'ethnicity', 'Mixed or multiple ethnic groups: White and Asian'],
    ['Accommodation_Status', 'Tenant - private landlord', 'accommodation_status', 'Tenant: Private landlord'],
    ['Gender', 'female', 'gender', 'Female'],
  ])('%s %j is read as the Release 2 value', (field, value, column, expected) => {
    const result = check({ ...person, ...EVENTS.Request, [field]: value })
    expect(result.problems).toEqual([])
    expect(result.usable && (result.person as unknown as Record<string, unknown>)[column]).toBe(expected)
  })

  it.each([
    ['Event_Outcome', 'NFA - Deceased', 'event_outcome', 'NFA: Deceased', 'Request'],
    ['Event_Type', 'request', 'event_type', 'Request', 'Request'],
    [
      'Service_Type',
      'Long Term Support: Nursing Care',
      'service_type',
      'Long term support: Nursing care',
      'Service',
    ],
    ['Service_Component', 'home support', 'service_component', 'Home support or domiciliary care', 'Service'],
    ['Review_Reason', 'Unplanned – Hospital', 'review_reason', 'Unplanned - Hospital', 'Review'],
  ])('%s %j is read as %s %j', (field, value, column, expected, type) => {
    const result = check({ ...person, ...EVENTS[type], [field]: value })
    expect(result.problems).toEqual([])
    expect(result.usable && (result.event as unknown as Record<string, unknown>)[column]).toBe(expected)
  })
})

describe('the header', () => {
  it('finds columns whatever their case and order', () => {
    const header = readHeader([...HEADER].reverse().map((name) => name.toLowerCase()))
    expect(header.columns.get('LA_Code')).toBe(HEADER.length - 1)
    expect(header.problems).toEqual([])
  })

  it('reports unknown columns and missing optional ones on line 1, and reads on', () => {
    const header = readHeader([...HEADER.filter((name) => name !== 'GP_Practice_Name'), 'Shoe size'])
    expect(header.problems).toEqual([
      {
        line: 1,
        field: '(header)',
        value: 'Shoe size',
        problem: 'Not a CLD column',
        action: 'Column ignored',
      },
      {
        line: 1,
        field: 'GP_Practice_Name',
        value: '',
        problem: 'Column not in the file',
        action: 'Read as blank on every row',
      },
    ])
  })

  it.each([
    [
      'a missing required column',
      HEADER.filter((name) => name !== 'Event_Type'),
      /missing a column every CLD file must have: Event_Type/,
    ],
    ['a column named twice', [...HEADER, 'la_code'], /names LA_Code more than once/],
    ['no CLD column at all', ['Name', 'Address'], /not a CLD header/],
  ])('refuses a file with %s', (_label, cells, message) => {
    expect(() => readHeader(cells)).toThrow(CldHeaderError)
    expect(() => readHeader(cells)).toThrow(message)
  })
})
