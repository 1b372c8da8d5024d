/**
 * Client Level Data (CLD) rules: the fields of a CLD file, which of them each
 * row must have, how values are read, what makes two rows the same event, and
 * which of two copies of an event is kept. Pure: no I/O.
 *
 * Re-implemented from the public descriptions of the national pipeline (never
 * copied): DHSC's `create_GetDQValues_procedure.sql` (which fields apply to a
 * row and which are mandatory), its methodology notes `5-data-cleaning.md`
 * (invalid values become "Invalid and not mapped"; the text 'NULL' is blank;
 * rows with no person identifier are dropped) and `6-deduplication.md` (unique
 * events and the record kept), and REFERENCE.md §2.
 */
import {
  ACCOMMODATION_STATUSES,
  ASSESSMENT_TYPES,
  CLIENT_FUNDING_STATUSES,
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

/** What the national pipeline puts in place of a value that is in no code list. */
export const INVALID_AND_NOT_MAPPED = 'Invalid and not mapped'

export type CldEventType = (typeof EVENT_TYPES)[number]

/** How a field's text is read. */
export type FieldKind =
  | 'laCode'
  | 'personId'
  | 'code'
  | 'date'
  | 'text'
  | 'nhsNumber'
  | 'postcode'
  | 'money'
  | 'decimal'
  | 'count'

/** The facts about a row that decide which other fields apply to it and which it must have. */
export interface RowContext {
  /** Release 2 client type, 'Invalid and not mapped', or undefined when blank. */
  clientType: string | undefined
  eventType: CldEventType | undefined
  assessmentType: string | undefined
  reviewReason: string | undefined
  serviceType: string | undefined
  serviceComponent: string | undefined
  deliveryMechanism: string | undefined
  primarySupportReason: string | undefined
  hasDateOfDeath: boolean
  /** Age in whole years at the reporting period end, when both dates are known. */
  ageAtPeriodEnd: number | undefined
}

export interface CldField {
  /** The column name as the CLD specification writes it. */
  name: string
  kind: FieldKind
  /** The code list, for `code` fields. */
  list?: readonly string[]
  /** Longest text kept; longer text is cut. */
  maxLength?: number
  /** Whether the field means anything on this row (else it is ignored). */
  applies(row: RowContext): boolean
  /** Whether this row must have it (a blank then fails the national check). */
  mandatory(row: RowContext): boolean
}

const always = () => true
const never = () => false

const isKnownByAssociation = (row: RowContext) => row.clientType === 'Unpaid carer known by association'
const hasEvent = (row: RowContext) => !isKnownByAssociation(row)
const isServiceUser = (row: RowContext) => row.clientType === 'Service user'
const isCarer = (row: RowContext) => row.clientType === 'Unpaid carer' || isKnownByAssociation(row)
const eventIs = (type: CldEventType) => (row: RowContext) => hasEvent(row) && row.eventType === type
const isFinancialAssessment = (row: RowContext) =>
  row.eventType === 'Assessment' && row.assessmentType === 'Financial assessment'

/**
 * Costs must be given for long-term and unpaid carer services, and for short
 * term residential, nursing and respite care, unless the council commissions
 * the service itself (DHSC's DQ rule for Unit_Cost and its two companions).
 */
const costsMandatory = (row: RowContext) =>
  row.eventType === 'Service' &&
  row.deliveryMechanism !== 'CASSR Commissioned Support' &&
  (row.serviceType?.startsWith('Long term support') === true ||
    row.serviceType?.startsWith('Unpaid carer support') === true ||
    row.serviceComponent === 'Short term residential care' ||
    row.serviceComponent === 'Short term nursing care' ||
    row.serviceComponent === 'Unpaid carer respite')

/**
 * Values the specification does not publish (NOT FOUND in any public source):
 * these fields are kept as given, cut to length, without a code-list check.
 */
const FREE_TEXT = 200

/**
 * Every CLD field in the order of the Release 2 file ASCEND writes. Release 1
 * and Release 2 use the same column names (REFERENCE §2); files differ in
 * case and in code values, which `matchCode` reads either way.
 */
export const CLD_FIELDS: readonly CldField[] = [
  { name: 'LA_Code', kind: 'laCode', applies: always, mandatory: always },
  { name: 'Reporting_Period_Start_Date', kind: 'date', applies: always, mandatory: always },
  { name: 'Reporting_Period_End_Date', kind: 'date', applies: always, mandatory: always },
  { name: 'NHS_Number', kind: 'nhsNumber', applies: always, mandatory: always },
  {
    name: 'LA_Person_Unique_Identifier',
    kind: 'personId',
    maxLength: 100,
    applies: always,
    mandatory: always,
  },
  { name: 'GP_Practice_Code', kind: 'text', maxLength: 20, applies: always, mandatory: never },
  { name: 'GP_Practice_Name', kind: 'text', maxLength: FREE_TEXT, applies: always, mandatory: never },
  { name: 'Gender', kind: 'code', list: GENDERS, applies: always, mandatory: always },
  { name: 'Ethnicity', kind: 'code', list: ETHNICITIES, applies: always, mandatory: always },
  { name: 'Date_of_Birth', kind: 'date', applies: always, mandatory: always },
  { name: 'Date_of_Death', kind: 'date', applies: always, mandatory: never },
  { name: 'Client_Type', kind: 'code', list: CLIENT_TYPES, applies: always, mandatory: always },
  {
    name: 'Primary_Support_Reason',
    kind: 'code',
    list: PRIMARY_SUPPORT_REASONS,
    applies: always,
    mandatory: (row) => row.eventType !== 'Request',
  },
  { name: 'Postcode', kind: 'postcode', applies: always, mandatory: always },
  {
    name: 'Accommodation_Status',
    kind: 'code',
    list: ACCOMMODATION_STATUSES,
    applies: always,
    mandatory: always,
  },
  {
    name: 'Employment_Status',
    kind: 'code',
    list: EMPLOYMENT_STATUSES,
    applies: always,
    // Only for service users of working age whose need is a learning disability.
    mandatory: (row) =>
      isServiceUser(row) &&
      row.ageAtPeriodEnd !== undefined &&
      row.ageAtPeriodEnd >= 18 &&
      row.ageAtPeriodEnd < 65 &&
      row.primarySupportReason === 'Learning disability support',
  },
  { name: 'Has_Unpaid_Carer', kind: 'code', list: HAS_UNPAID_CARER, applies: always, mandatory: always },
  {
    name: 'Autism_Spectrum_Disorder_ASD',
    kind: 'text',
    maxLength: 50,
    applies: isServiceUser,
    mandatory: never,
  },
  { name: 'Visual_Impairment', kind: 'text', maxLength: 50, applies: isServiceUser, mandatory: never },
  { name: 'Hearing_Impairment', kind: 'text', maxLength: 50, applies: isServiceUser, mandatory: never },
  { name: 'Dementia', kind: 'text', maxLength: 50, applies: isServiceUser, mandatory: never },
  {
    name: 'Client_Funding_Status',
    kind: 'code',
    list: CLIENT_FUNDING_STATUSES,
    applies: isServiceUser,
    mandatory: (row) =>
      isServiceUser(row) &&
      (isFinancialAssessment(row) || row.eventType === 'Service' || row.eventType === 'Review'),
  },
  { name: 'Event_Type', kind: 'code', list: EVENT_TYPES, applies: hasEvent, mandatory: hasEvent },
  { name: 'Event_Reference', kind: 'text', maxLength: 100, applies: hasEvent, mandatory: never },
  { name: 'Event_Start_Date', kind: 'date', applies: hasEvent, mandatory: hasEvent },
  {
    name: 'Event_End_Date',
    kind: 'date',
    applies: hasEvent,
    // Open services may have none; everything else, and anyone who has died, must.
    mandatory: (row) => hasEvent(row) && (row.eventType !== 'Service' || row.hasDateOfDeath),
  },
  { name: 'Event_Description', kind: 'text', maxLength: FREE_TEXT, applies: hasEvent, mandatory: never },
  {
    name: 'Event_Outcome',
    kind: 'code',
    list: EVENT_OUTCOMES,
    applies: hasEvent,
    mandatory: (row) => hasEvent(row) && !isFinancialAssessment(row),
  },
  {
    name: 'Request_Route_of_Access',
    kind: 'code',
    list: REQUEST_ROUTES_OF_ACCESS,
    applies: eventIs('Request'),
    mandatory: eventIs('Request'),
  },
  {
    name: 'Assessment_Type',
    kind: 'code',
    list: ASSESSMENT_TYPES,
    applies: eventIs('Assessment'),
    mandatory: eventIs('Assessment'),
  },
  {
    name: 'Eligible_Needs_Identified',
    kind: 'code',
    list: ELIGIBLE_NEEDS_IDENTIFIED,
    applies: eventIs('Assessment'),
    mandatory: never,
  },
  {
    name: 'Method_of_Assessment',
    kind: 'code',
    list: METHODS_OF_ASSESSMENT,
    applies: eventIs('Assessment'),
    mandatory: (row) => eventIs('Assessment')(row) && !isFinancialAssessment(row),
  },
  // The carer fields: banded in a way no public source shows, so kept as given.
  { name: 'Total_Hrs_Caring_per_week', kind: 'text', maxLength: 50, applies: isCarer, mandatory: never },
  { name: 'No_of_adults_being_cared_for', kind: 'count', applies: isCarer, mandatory: never },
  { name: 'Adult_1_Linked_Person_ID', kind: 'text', maxLength: 100, applies: isCarer, mandatory: never },
  { name: 'Adult_2_Linked_Person_ID', kind: 'text', maxLength: 100, applies: isCarer, mandatory: never },
  { name: 'Adult_3_Linked_Person_ID', kind: 'text', maxLength: 100, applies: isCarer, mandatory: never },
  {
    name: 'Service_Type',
    kind: 'code',
    list: SERVICE_TYPES,
    applies: eventIs('Service'),
    mandatory: eventIs('Service'),
  },
  {
    name: 'Service_Component',
    kind: 'code',
    list: SERVICE_COMPONENTS,
    applies: eventIs('Service'),
    mandatory: eventIs('Service'),
  },
  {
    name: 'Delivery_Mechanism',
    kind: 'code',
    list: DELIVERY_MECHANISMS,
    applies: eventIs('Service'),
    mandatory: never,
  },
  {
    name: 'Provider_CQC_Location_ID',
    kind: 'text',
    maxLength: 20,
    applies: eventIs('Service'),
    mandatory: never,
  },
  {
    name: 'Provider_CQC_Location_Name',
    kind: 'text',
    maxLength: FREE_TEXT,
    applies: eventIs('Service'),
    mandatory: never,
  },
  {
    name: 'Review_Reason',
    kind: 'code',
    list: REVIEW_REASONS,
    applies: eventIs('Review'),
    mandatory: eventIs('Review'),
  },
  {
    name: 'Review_Outcomes_Achieved',
    kind: 'code',
    list: REVIEW_OUTCOMES_ACHIEVED,
    applies: eventIs('Review'),
    mandatory: (row) => eventIs('Review')(row) && row.reviewReason === 'Planned',
  },
  {
    name: 'Method_of_Review',
    kind: 'code',
    list: METHODS_OF_REVIEW,
    applies: eventIs('Review'),
    mandatory: eventIs('Review'),
  },
  { name: 'Unit_Cost', kind: 'money', applies: eventIs('Service'), mandatory: costsMandatory },
  {
    name: 'Cost_Frequency_Unit_Type',
    kind: 'code',
    list: COST_FREQUENCY_UNIT_TYPES,
    applies: eventIs('Service'),
    mandatory: costsMandatory,
  },
  { name: 'Planned_units_per_week', kind: 'decimal', applies: eventIs('Service'), mandatory: costsMandatory },
]

export type CldFieldName = (typeof CLD_FIELDS)[number]['name']

/**
 * Columns a file must have: every field that is mandatory for some row. A file
 * without one of them is not a CLD file and is refused whole.
 */
export const REQUIRED_COLUMNS: readonly string[] = [
  'LA_Code',
  'Reporting_Period_Start_Date',
  'Reporting_Period_End_Date',
  'NHS_Number',
  'LA_Person_Unique_Identifier',
  'Gender',
  'Ethnicity',
  'Date_of_Birth',
  'Client_Type',
  'Primary_Support_Reason',
  'Postcode',
  'Accommodation_Status',
  'Employment_Status',
  'Has_Unpaid_Carer',
  'Event_Type',
  'Event_Start_Date',
  'Event_End_Date',
  'Event_Outcome',
  'Request_Route_of_Access',
  'Assessment_Type',
  'Method_of_Assessment',
  'Service_Type',
  'Service_Component',
  'Review_Reason',
  'Review_Outcomes_Achieved',
  'Method_of_Review',
]

/** Column names compared without case, spaces, hyphens or underscores. */
const headerKey = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '')

const FIELD_BY_HEADER = new Map(CLD_FIELDS.map((field) => [headerKey(field.name), field]))

/**
 * The CLD field a column heading names, whatever its case or spacing.
 *
 * @example
 * fieldForHeader('la_person_unique_identifier')?.name // 'LA_Person_Unique_Identifier'
 * fieldForHeader('Favourite colour') // undefined
 */
export function fieldForHeader(header: string): CldField | undefined {
  return FIELD_BY_HEADER.get(headerKey(header.replace(/^\uFEFF/, '')))
}

/**
 * Reads a CLD date: ISO `YYYY-MM-DD` (optionally followed by a time, as
 * database exports write it) or the UK `DD/MM/YYYY`. Undefined unless it is a
 * real calendar date.
 *
 * @example
 * parseCldDate('2025-04-01') // '2025-04-01'
 * parseCldDate('01/04/2025') // '2025-04-01'
 * parseCldDate('2025-02-30') // undefined
 */
export function parseCldDate(text: string): string | undefined {
  let year: number
  let month: number
  let day: number
  // Most dates are ISO, so those are read by character codes first (a regular
  // expression and a Date for each of millions of rows is slow).
  if (text.length >= 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    year = digits(text, 0, 4)
    month = digits(text, 5, 7)
    day = digits(text, 8, 10)
    if (text.length > 10 && !ISO_TIME.test(text.slice(10))) return undefined
  } else {
    const match = UK_DATE.exec(text)
    if (!match) return undefined
    day = Number(match[1])
    month = Number(match[2])
    year = Number(match[3])
  }
  // Written as a positive test, so that NaN (a letter among the digits) fails it.
  if (
    !(
      year >= 1880 &&
      year <= 2200 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysInMonth(year, month)
    )
  ) {
    return undefined
  }
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`
}

const ISO_TIME = /^[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?$/
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

const daysInMonth = (year: number, month: number) =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
    ? 29
    : (DAYS_IN_MONTH[month - 1] as number)

/** The number written by the digits from `start` to `end`, or NaN if any is not a digit. */
function digits(text: string, start: number, end: number): number {
  let value = 0
  for (let at = start; at < end; at++) {
    const code = text.charCodeAt(at) - 48
    if (code < 0 || code > 9) return Number.NaN
    value = value * 10 + code
  }
  return value
}

/**
 * Reads an amount in pounds (`12.5`, `£1,234.56`) as whole pence. Undefined
 * for anything else, a negative amount, or more than a million pounds.
 *
 * @example
 * parsePoundsToPence('£1,234.56') // 123456
 * parsePoundsToPence('twelve') // undefined
 */
export function parsePoundsToPence(text: string): number | undefined {
  const cleaned = text.replace(/^£/, '').replace(/,(?=\d{3}(\D|$))/g, '')
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return undefined
  const pence = Math.round(Number(cleaned) * 100)
  return Number.isSafeInteger(pence) && pence <= 100_000_000 ? pence : undefined
}

/**
 * Reads a non-negative decimal (planned units a week): at most 10,000 and
 * four decimal places are kept.
 *
 * @example
 * parseDecimal('10.5') // 10.5
 */
export function parseDecimal(text: string): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined
  const value = Math.round(Number(text) * 10_000) / 10_000
  return value <= 10_000 ? value : undefined
}

/**
 * Reads a whole number from 0 to 99 (adults cared for).
 *
 * @example
 * parseCount('2') // 2
 */
export function parseCount(text: string): number | undefined {
  return /^\d{1,2}$/.test(text) ? Number(text) : undefined
}

/** The identifying fields of an event, as DHSC defines a unique event. */
export interface EventIdentity {
  la_person_id: string
  client_type: string
  event_type: CldEventType
  event_start_on: string
  event_end_on: string | null
  request_route_of_access: string | null
  assessment_type: string | null
  service_type: string | null
  service_component: string | null
  delivery_mechanism: string | null
  unit_cost_pence: number | null
  cost_frequency_unit_type: string | null
  planned_units_per_week: number | null
}

const DAY_ZERO = Date.UTC(2000, 0, 1)
/** Day numbers already worked out: an import's events have a few thousand dates among millions of rows. */
const DAY_NUMBERS = new Map<string, string>()
/** Days since 2000-01-01: how the database's `cld_event_key` writes a date. */
const dayNumber = (day: string) => {
  let number = DAY_NUMBERS.get(day)
  if (number === undefined) {
    number = String(Math.round((Date.parse(`${day}T00:00:00Z`) - DAY_ZERO) / 86_400_000))
    if (DAY_NUMBERS.size < 100_000) DAY_NUMBERS.set(day, number)
  }
  return number
}

/**
 * DHSC's unique event across submissions ("joined submissions"): person, start,
 * client type, event type, the end date except for services, and the route,
 * assessment type or service type and component. The same string as the
 * database function `cld_event_key` (migration 0005) gives.
 *
 * @example
 * eventKey(row, personId) === eventKey(sameEventWithAnotherOutcome, personId) // true
 */
export function eventKey(event: Omit<EventIdentity, 'la_person_id'>, personId: string): string {
  const specific =
    event.event_type === 'Request'
      ? (event.request_route_of_access ?? '')
      : event.event_type === 'Assessment'
        ? (event.assessment_type ?? '')
        : event.event_type === 'Service'
          ? `${event.service_type ?? ''}|${event.service_component ?? ''}`
          : ''
  const end =
    event.event_type === 'Service' || event.event_end_on === null ? '' : dayNumber(event.event_end_on)
  // Joined rather than concatenated: an import holds a batch's keys, and a
  // concatenation is a tree of its pieces until something flattens it.
  return [event.event_type, personId, event.client_type, dayNumber(event.event_start_on), end, specific].join(
    '|',
  )
}

/**
 * Within one file ("single submission") services are told apart by their
 * delivery mechanism and costs as well, so double-up care on two rows stays
 * two services. These are the extra fields, as one string.
 *
 * @example
 * singleSubmissionExtra({ event_type: 'Service', delivery_mechanism: 'Direct Payment', ... })
 */
export function singleSubmissionExtra(event: Omit<EventIdentity, 'la_person_id'>): string {
  if (event.event_type !== 'Service') return ''
  return [
    event.delivery_mechanism ?? '',
    event.unit_cost_pence ?? '',
    event.cost_frequency_unit_type ?? '',
    event.planned_units_per_week ?? '',
  ].join('|')
}

/** The event fields besides its key, in a fixed order. */
const CONTENT_FIELDS = [
  'event_end_on',
  'event_reference',
  'event_description',
  'event_outcome',
  'eligible_needs_identified',
  'method_of_assessment',
  'delivery_mechanism',
  'unit_cost_pence',
  'cost_frequency_unit_type',
  'planned_units_per_week',
  'review_reason',
  'review_outcomes_achieved',
  'method_of_review',
  'client_funding_status',
  'provider_cqc_location_id',
  'provider_cqc_location_name',
] as const

/**
 * Everything an event says besides its key, as one string: two events with
 * the same key and the same content are the same record, unchanged.
 *
 * @example
 * eventContent(imported) === eventContent(held) // the file repeats what is held
 */
export function eventContent(
  event: { [K in (typeof CONTENT_FIELDS)[number]]?: string | number | null },
): string {
  // One flat string (see eventKey): each value followed by \u0001.
  const values: (string | number)[] = []
  for (const field of CONTENT_FIELDS) {
    const value = event[field]
    values.push(value === null || value === undefined ? '' : value)
  }
  values.push('')
  return values.join('\u0001')
}

/** What decides which of two copies of one event is kept. */
export interface EventCopy {
  event_end_on: string | null
  event_outcome: string | null
  /** The physical line of the file; a later line was written later. */
  line: number
}

const OUTCOME_RANK = new Map<string, number>(EVENT_OUTCOMES.map((outcome, index) => [outcome, index]))
const outcomeRank = (outcome: string | null) => OUTCOME_RANK.get(outcome ?? '') ?? EVENT_OUTCOMES.length

/**
 * Orders two copies of one event as DHSC keeps them (deduplication step 3):
 * an open end first (an event left open in the latest data wins), then the
 * later end date, then the event outcome higher in the CLD hierarchy, then the
 * later line. Negative when `a` is the one to keep.
 *
 * @example
 * compareCopies({ event_end_on: null, ... }, { event_end_on: '2025-05-01', ... }) // < 0
 */
export function compareCopies(a: EventCopy, b: EventCopy): number {
  if (a.event_end_on !== b.event_end_on) {
    if (a.event_end_on === null) return -1
    if (b.event_end_on === null) return 1
    return a.event_end_on > b.event_end_on ? -1 : 1
  }
  const byOutcome = outcomeRank(a.event_outcome) - outcomeRank(b.event_outcome)
  if (byOutcome !== 0) return byOutcome
  return b.line - a.line
}

/** A quarter of a UK financial year, and the rolling twelve months ending with it. */
export interface ReportingQuarter {
  /** As written: '2025-26-Q2'. */
  label: string
  /** First and last day of the rolling twelve months a CLD file covers. */
  periodStartOn: string
  periodEndOn: string
}

/**
 * Reads a quarter of a financial year (April to March) and gives the rolling
 * twelve months that end with it: the period a quarterly CLD file covers.
 *
 * @example
 * parseQuarter('2025-26-Q2') // { label: '2025-26-Q2', periodStartOn: '2024-10-01', periodEndOn: '2025-09-30' }
 * parseQuarter('2025-27-Q2') // undefined (not consecutive years)
 */
export function parseQuarter(text: string): ReportingQuarter | undefined {
  const match = /^(\d{4})-(\d{2})-Q([1-4])$/i.exec(text.trim())
  if (!match) return undefined
  const startYear = Number(match[1])
  if ((startYear + 1) % 100 !== Number(match[2])) return undefined
  const quarter = Number(match[3])
  // Q1 ends in June of the first year; Q4 in March of the second.
  const endMonth = ((quarter * 3 + 3 - 1) % 12) + 1
  const endYear = quarter === 4 ? startYear + 1 : startYear
  const periodEnd = new Date(Date.UTC(endYear, endMonth, 0))
  const periodStart = new Date(Date.UTC(endYear - 1, endMonth, 1))
  return {
    label: `${startYear}-${match[2]}-Q${quarter}`,
    periodStartOn: periodStart.toISOString().slice(0, 10),
    periodEndOn: periodEnd.toISOString().slice(0, 10),
  }
}

/**
 * Whether an event belongs in a CLD file for a period (DHSC event filtering):
 * requests, assessments and reviews once they have ended within it; services
 * that started by its end and had not ended before its start.
 *
 * @example
 * belongsInPeriod({ event_type: 'Service', event_start_on: '2020-01-01', event_end_on: null }, q) // true
 */
export function belongsInPeriod(
  event: { event_type: string; event_start_on: string; event_end_on: string | null },
  period: { periodStartOn: string; periodEndOn: string },
): boolean {
  if (event.event_start_on > period.periodEndOn) return false
  if (event.event_type === 'Service')
    return event.event_end_on === null || event.event_end_on >= period.periodStartOn
  return (
    event.event_end_on !== null &&
    event.event_end_on >= period.periodStartOn &&
    event.event_end_on <= period.periodEndOn
  )
}
