/**
 * Checks one CLD row against the field rules and turns it into a person and
 * an event, treating problems as the national pipeline does: a row that cannot
 * be used (no person identifier, no usable event type or start date, an end
 * before its start, another council's code) is dropped; an invalid value
 * elsewhere is kept as "Invalid and not mapped" (coded fields) or kept blank
 * (dates, numbers, NHS numbers, postcodes). Every problem is reported. Pure.
 */
import { matchCode } from '../../kernel/code-lists/cld.ts'
import { isValidNhsNumber, normaliseNhsNumber } from '../../kernel/nhs-number.ts'
import { normalisePostcode } from '../../kernel/postcode.ts'
import {
  CLD_FIELDS,
  type CldEventType,
  type CldField,
  type EventIdentity,
  fieldForHeader,
  INVALID_AND_NOT_MAPPED,
  parseCldDate,
  parseCount,
  parseDecimal,
  parsePoundsToPence,
  REQUIRED_COLUMNS,
  type RowContext,
} from './rules.ts'

/** One line of the problem report. */
export interface CldProblem {
  /** The physical line of the file; the header is line 1. */
  line: number
  /** The CLD column name, or '(header)' / '(row)' for the line as a whole. */
  field: string
  value: string
  problem: string
  action: string
}

/** A person's details as a CLD row gives them, in `people` column names. */
export interface CldPersonDetails {
  la_person_id: string
  nhs_number: string | null
  gp_practice_code: string | null
  gp_practice_name: string | null
  gender: string | null
  ethnicity: string | null
  date_of_birth: string | null
  date_of_death: string | null
  client_type: string
  primary_support_reason: string | null
  postcode: string | null
  accommodation_status: string | null
  employment_status: string | null
  has_unpaid_carer: string | null
  autism_spectrum_disorder: string | null
  visual_impairment: string | null
  hearing_impairment: string | null
  dementia: string | null
  total_hrs_caring_per_week: string | null
  no_of_adults_being_cared_for: number | null
  adult_1_linked_person_id: string | null
  adult_2_linked_person_id: string | null
  adult_3_linked_person_id: string | null
}

/** An event as a CLD row gives it, in `cld_events` column names. */
export interface CldEventValues extends EventIdentity {
  event_reference: string | null
  event_description: string | null
  event_outcome: string | null
  eligible_needs_identified: string | null
  method_of_assessment: string | null
  provider_cqc_location_id: string | null
  provider_cqc_location_name: string | null
  review_reason: string | null
  review_outcomes_achieved: string | null
  method_of_review: string | null
  client_funding_status: string | null
}

export type CldRowResult =
  | {
      line: number
      usable: true
      person: CldPersonDetails
      /** Null for an unpaid carer known by association: a person, no event. */
      event: CldEventValues | null
      reportingPeriodStartOn: string | null
      reportingPeriodEndOn: string | null
      problems: CldProblem[]
    }
  | { line: number; usable: false; problems: CldProblem[] }

/** Where each field's value goes. */
const COLUMN: Record<string, { target: 'person' | 'event' | 'submission'; column: string }> = {
  LA_Code: { target: 'submission', column: 'la_code' },
  Reporting_Period_Start_Date: { target: 'submission', column: 'reporting_period_start_on' },
  Reporting_Period_End_Date: { target: 'submission', column: 'reporting_period_end_on' },
  NHS_Number: { target: 'person', column: 'nhs_number' },
  LA_Person_Unique_Identifier: { target: 'person', column: 'la_person_id' },
  GP_Practice_Code: { target: 'person', column: 'gp_practice_code' },
  GP_Practice_Name: { target: 'person', column: 'gp_practice_name' },
  Gender: { target: 'person', column: 'gender' },
  Ethnicity: { target: 'person', column: 'ethnicity' },
  Date_of_Birth: { target: 'person', column: 'date_of_birth' },
  Date_of_Death: { target: 'person', column: 'date_of_death' },
  Client_Type: { target: 'person', column: 'client_type' },
  Primary_Support_Reason: { target: 'person', column: 'primary_support_reason' },
  Postcode: { target: 'person', column: 'postcode' },
  Accommodation_Status: { target: 'person', column: 'accommodation_status' },
  Employment_Status: { target: 'person', column: 'employment_status' },
  Has_Unpaid_Carer: { target: 'person', column: 'has_unpaid_carer' },
  Autism_Spectrum_Disorder_ASD: { target: 'person', column: 'autism_spectrum_disorder' },
  Visual_Impairment: { target: 'person', column: 'visual_impairment' },
  Hearing_Impairment: { target: 'person', column: 'hearing_impairment' },
  Dementia: { target: 'person', column: 'dementia' },
  Client_Funding_Status: { target: 'event', column: 'client_funding_status' },
  Event_Type: { target: 'event', column: 'event_type' },
  Event_Reference: { target: 'event', column: 'event_reference' },
  Event_Start_Date: { target: 'event', column: 'event_start_on' },
  Event_End_Date: { target: 'event', column: 'event_end_on' },
  Event_Description: { target: 'event', column: 'event_description' },
  Event_Outcome: { target: 'event', column: 'event_outcome' },
  Request_Route_of_Access: { target: 'event', column: 'request_route_of_access' },
  Assessment_Type: { target: 'event', column: 'assessment_type' },
  Eligible_Needs_Identified: { target: 'event', column: 'eligible_needs_identified' },
  Method_of_Assessment: { target: 'event', column: 'method_of_assessment' },
  Total_Hrs_Caring_per_week: { target: 'person', column: 'total_hrs_caring_per_week' },
  No_of_adults_being_cared_for: { target: 'person', column: 'no_of_adults_being_cared_for' },
  Adult_1_Linked_Person_ID: { target: 'person', column: 'adult_1_linked_person_id' },
  Adult_2_Linked_Person_ID: { target: 'person', column: 'adult_2_linked_person_id' },
  Adult_3_Linked_Person_ID: { target: 'person', column: 'adult_3_linked_person_id' },
  Service_Type: { target: 'event', column: 'service_type' },
  Service_Component: { target: 'event', column: 'service_component' },
  Delivery_Mechanism: { target: 'event', column: 'delivery_mechanism' },
  Provider_CQC_Location_ID: { target: 'event', column: 'provider_cqc_location_id' },
  Provider_CQC_Location_Name: { target: 'event', column: 'provider_cqc_location_name' },
  Review_Reason: { target: 'event', column: 'review_reason' },
  Review_Outcomes_Achieved: { target: 'event', column: 'review_outcomes_achieved' },
  Method_of_Review: { target: 'event', column: 'method_of_review' },
  Unit_Cost: { target: 'event', column: 'unit_cost_pence' },
  Cost_Frequency_Unit_Type: { target: 'event', column: 'cost_frequency_unit_type' },
  Planned_units_per_week: { target: 'event', column: 'planned_units_per_week' },
}

/** The people and cld_events column each CLD field is stored in. */
export const FIELD_COLUMNS: Readonly<
  Record<string, { target: 'person' | 'event' | 'submission'; column: string }>
> = COLUMN

/** The columns a file has, by field, from its header line. */
export interface CldHeader {
  /** Index of each field's column in a row; absent fields are not in the file. */
  columns: ReadonlyMap<string, number>
  /** How many cells the header has. */
  width: number
  /** Problems with the header that do not stop the import (line 1). */
  problems: CldProblem[]
}

/** A file whose first line is not a CLD header: nothing can be read from it. */
export class CldHeaderError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CldHeaderError'
  }
}

/**
 * Reads the header line: which column holds each field (names compared
 * without case or spacing). Throws CldHeaderError when a column every file
 * needs is missing or a column is named twice; unknown columns are ignored,
 * and optional ones that are missing are read as blank, each reported.
 *
 * @example
 * const header = readHeader(['LA_Code', 'la_person_unique_identifier', ...])
 * header.columns.get('LA_Person_Unique_Identifier') // 1
 */
export function readHeader(cells: string[]): CldHeader {
  const columns = new Map<string, number>()
  const problems: CldProblem[] = []
  const duplicated: string[] = []
  cells.forEach((cell, index) => {
    const field = fieldForHeader(cell.trim())
    if (!field) {
      if (cell.trim() !== '') {
        problems.push({
          line: 1,
          field: '(header)',
          value: cell,
          problem: 'Not a CLD column',
          action: 'Column ignored',
        })
      }
      return
    }
    if (columns.has(field.name)) duplicated.push(field.name)
    else columns.set(field.name, index)
  })
  if (columns.size === 0) {
    throw new CldHeaderError(
      'The first line is not a CLD header: it should name the CLD columns (LA_Code, LA_Person_Unique_Identifier, Event_Type and the rest).',
    )
  }
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.has(name))
  if (missing.length > 0) {
    throw new CldHeaderError(
      `The header is missing ${missing.length === 1 ? 'a column every CLD file must have' : 'columns every CLD file must have'}: ${missing.join(', ')}.`,
    )
  }
  if (duplicated.length > 0) {
    throw new CldHeaderError(`The header names ${duplicated.join(', ')} more than once.`)
  }
  for (const field of CLD_FIELDS) {
    if (!columns.has(field.name)) {
      problems.push({
        line: 1,
        field: field.name,
        value: '',
        problem: 'Column not in the file',
        action: 'Read as blank on every row',
      })
    }
  }
  return { columns, width: cells.length, problems }
}

// Code values repeat on almost every row, so each list remembers what each
// text it has seen stands for (bounded, in case a file is full of distinct
// nonsense). A text in no list stands for "Invalid and not mapped".
const MEMO_LIMIT = 5_000
const memos = new WeakMap<readonly string[], Map<string, string>>()
function memoFor(list: readonly string[]): Map<string, string> {
  let memo = memos.get(list)
  if (!memo) {
    memo = new Map()
    memos.set(list, memo)
  }
  return memo
}
function matchMemo(list: readonly string[], value: string): string {
  const memo = memoFor(list)
  let found = memo.get(value)
  if (found === undefined) {
    found = matchCode(list, value) ?? INVALID_AND_NOT_MAPPED
    if (memo.size < MEMO_LIMIT) memo.set(value, found)
  }
  return found
}

const DROPPED = 'Row dropped'
const KEPT_BLANK = 'Kept blank'
const KEPT_INVALID = `Kept as "${INVALID_AND_NOT_MAPPED}"`

/** Each field's position in CLD_FIELDS, for reading a row's values by name. */
const AT = Object.fromEntries(CLD_FIELDS.map((field, index) => [field.name, index])) as Record<string, number>

/** A blank cell, or the text 'NULL' that database exports write for one (DHSC treats it as blank). */
const clean = (raw: string | undefined) => {
  if (raw === undefined) return ''
  const trimmed = raw.trim()
  return trimmed.length === 4 && trimmed.toUpperCase() === 'NULL' ? '' : trimmed
}

const emptyPerson = (laPersonId: string): CldPersonDetails => ({
  la_person_id: laPersonId,
  nhs_number: null,
  gp_practice_code: null,
  gp_practice_name: null,
  gender: null,
  ethnicity: null,
  date_of_birth: null,
  date_of_death: null,
  client_type: INVALID_AND_NOT_MAPPED,
  primary_support_reason: null,
  postcode: null,
  accommodation_status: null,
  employment_status: null,
  has_unpaid_carer: null,
  autism_spectrum_disorder: null,
  visual_impairment: null,
  hearing_impairment: null,
  dementia: null,
  total_hrs_caring_per_week: null,
  no_of_adults_being_cared_for: null,
  adult_1_linked_person_id: null,
  adult_2_linked_person_id: null,
  adult_3_linked_person_id: null,
})

const emptyEvent = (laPersonId: string, eventType: CldEventType, startOn: string): CldEventValues => ({
  la_person_id: laPersonId,
  client_type: INVALID_AND_NOT_MAPPED,
  event_type: eventType,
  event_start_on: startOn,
  event_end_on: null,
  event_reference: null,
  event_description: null,
  event_outcome: null,
  request_route_of_access: null,
  assessment_type: null,
  eligible_needs_identified: null,
  method_of_assessment: null,
  service_type: null,
  service_component: null,
  delivery_mechanism: null,
  provider_cqc_location_id: null,
  provider_cqc_location_name: null,
  review_reason: null,
  review_outcomes_achieved: null,
  method_of_review: null,
  unit_cost_pence: null,
  cost_frequency_unit_type: null,
  planned_units_per_week: null,
  client_funding_status: null,
})

const I = {
  laCode: AT.LA_Code as number,
  laPersonId: AT.LA_Person_Unique_Identifier as number,
  clientType: AT.Client_Type as number,
  eventType: AT.Event_Type as number,
  start: AT.Event_Start_Date as number,
  end: AT.Event_End_Date as number,
  dateOfBirth: AT.Date_of_Birth as number,
  dateOfDeath: AT.Date_of_Death as number,
  periodEnd: AT.Reporting_Period_End_Date as number,
  assessmentType: AT.Assessment_Type as number,
  reviewReason: AT.Review_Reason as number,
  serviceType: AT.Service_Type as number,
  serviceComponent: AT.Service_Component as number,
  deliveryMechanism: AT.Delivery_Mechanism as number,
  primarySupportReason: AT.Primary_Support_Reason as number,
}

/** Whole years from one ISO date to another. */
const yearsBetween = (from: string, to: string) =>
  Number(to.slice(0, 4)) - Number(from.slice(0, 4)) - (to.slice(5) < from.slice(5) ? 1 : 0)

function tooFewValues(cells: string[], width: number, line: number): CldRowResult {
  const values = `${cells.length} ${cells.length === 1 ? 'value' : 'values'}`
  return {
    line,
    usable: false,
    problems: [
      {
        line,
        field: '(row)',
        value: values,
        problem: `Has ${values}; the header has ${width} columns (a cut-off or broken line)`,
        action: DROPPED,
      },
    ],
  }
}

/**
 * Makes the row checker for one file of one council.
 *
 * @example
 * const check = createRowValidator(readHeader(headerCells), 'E10000008')
 * const result = check(cells, 2) // line 2, the first row after the header
 */
export function createRowValidator(header: CldHeader, councilCode: string) {
  const { width } = header
  const expectedCode = councilCode.trim().toUpperCase()
  // Where each field's cell is in a row (-1 when the file has no such column).
  const cellIndex = CLD_FIELDS.map((field) => header.columns.get(field.name) ?? -1)
  const targets = CLD_FIELDS.map(
    (field) => COLUMN[field.name] as { target: 'person' | 'event' | 'submission'; column: string },
  )
  const values: string[] = new Array(cellIndex.length)
  const read = CLD_FIELDS.map(rememberingReader)
  /** The Release 2 value of a coded field of this row, or undefined when blank. */
  const code = (index: number) => {
    const text = values[index] as string
    return text === '' ? undefined : ((read[index] as (text: string) => Reading)(text).value as string)
  }

  return function validateRow(cells: string[], line: number): CldRowResult {
    if (
      cells.length < width ||
      (cells.length > width && cells.slice(width).some((cell) => cell.trim() !== ''))
    ) {
      return tooFewValues(cells, width, line)
    }
    for (let i = 0; i < cellIndex.length; i++) {
      const index = cellIndex[i] as number
      values[i] = index < 0 ? '' : clean(cells[index])
    }

    // First the facts that decide the rest, and the reasons a row is unusable.
    let fatal: CldProblem[] | undefined
    const unusable = (field: string, value: string, problem: string) => {
      fatal ??= []
      fatal.push({ line, field, value, problem, action: DROPPED })
    }
    const laCode = values[I.laCode] as string
    if (laCode.toUpperCase() !== expectedCode) {
      unusable(
        'LA_Code',
        laCode,
        laCode === ''
          ? `Blank: the row must carry this council's code (${councilCode})`
          : `Not this council's code (${councilCode})`,
      )
    }
    const laPersonId = values[I.laPersonId] as string
    if (laPersonId === '') {
      unusable('LA_Person_Unique_Identifier', '', 'Blank: a row without a person identifier cannot be used')
    } else if (laPersonId.length > 100) {
      unusable(
        'LA_Person_Unique_Identifier',
        laPersonId,
        'Longer than 100 characters: not a usable person identifier',
      )
    }

    const clientType = code(I.clientType)
    const knownByAssociation = clientType === 'Unpaid carer known by association'

    let eventType: CldEventType | undefined
    let startOn: string | undefined
    let endOn: string | undefined
    if (!knownByAssociation) {
      const typeText = values[I.eventType] as string
      const type = code(I.eventType)
      eventType = type === undefined || type === INVALID_AND_NOT_MAPPED ? undefined : (type as CldEventType)
      if (eventType === undefined) {
        unusable(
          'Event_Type',
          typeText,
          typeText === ''
            ? 'Blank: every row must say which event it is (Request, Assessment, Service or Review)'
            : 'Not an event type (Request, Assessment, Service or Review)',
        )
      }
      const startText = values[I.start] as string
      startOn = parseCldDate(startText)
      if (startOn === undefined) {
        unusable(
          'Event_Start_Date',
          startText,
          startText === ''
            ? 'Blank: every event must have a start date'
            : 'Not a real date (write YYYY-MM-DD)',
        )
      }
      const endText = values[I.end] as string
      endOn = endText === '' ? undefined : parseCldDate(endText)
      if (startOn !== undefined && endOn !== undefined && endOn < startOn) {
        unusable('Event_End_Date', endText, `Before the event start date (${startOn})`)
      }
    }
    if (fatal) return { line, usable: false, problems: fatal }

    const dateOfBirth = parseCldDate(values[I.dateOfBirth] as string)
    const periodEnd = parseCldDate(values[I.periodEnd] as string)
    const context: RowContext = {
      clientType,
      eventType,
      assessmentType: eventType === 'Assessment' ? code(I.assessmentType) : undefined,
      reviewReason: eventType === 'Review' ? code(I.reviewReason) : undefined,
      serviceType: eventType === 'Service' ? code(I.serviceType) : undefined,
      serviceComponent: eventType === 'Service' ? code(I.serviceComponent) : undefined,
      deliveryMechanism: eventType === 'Service' ? code(I.deliveryMechanism) : undefined,
      primarySupportReason: code(I.primarySupportReason),
      hasDateOfDeath: values[I.dateOfDeath] !== '',
      ageAtPeriodEnd: dateOfBirth && periodEnd ? yearsBetween(dateOfBirth, periodEnd) : undefined,
    }

    const problems: CldProblem[] = []
    const person = emptyPerson(laPersonId) as unknown as Record<string, unknown>
    const event =
      eventType && startOn
        ? (emptyEvent(laPersonId, eventType, startOn) as unknown as Record<string, unknown>)
        : undefined
    let periodStartOn: string | null = null
    let periodEndOn: string | null = null
    for (let i = 0; i < CLD_FIELDS.length; i++) {
      const field = CLD_FIELDS[i] as CldField
      if (!field.applies(context)) continue
      const text = values[i] as string
      if (text === '') {
        if (field.mandatory(context)) {
          problems.push({
            line,
            field: field.name,
            value: '',
            problem: 'Blank, but this row must have it',
            action: KEPT_BLANK,
          })
        }
        continue
      }
      const reading = (read[i] as (text: string) => Reading)(text)
      if (reading.problem)
        problems.push({
          line,
          field: field.name,
          value: text,
          problem: reading.problem,
          action: reading.action ?? KEPT_BLANK,
        })
      const { target, column } = targets[i] as { target: string; column: string }
      if (target === 'person') person[column] = reading.value
      else if (target === 'event') {
        if (event) event[column] = reading.value
      } else if (column === 'reporting_period_start_on') periodStartOn = reading.value as string | null
      else if (column === 'reporting_period_end_on') periodEndOn = reading.value as string | null
    }

    // The fields checked first are stored as they were read.
    person.client_type = clientType ?? INVALID_AND_NOT_MAPPED
    person.date_of_birth = dateOfBirth ?? null
    if (event) {
      event.client_type = person.client_type
      event.event_type = eventType
      event.event_start_on = startOn
      event.event_end_on = endOn ?? null
    }
    return {
      line,
      usable: true,
      person: person as unknown as CldPersonDetails,
      event: (event as unknown as CldEventValues | undefined) ?? null,
      reportingPeriodStartOn: periodStartOn,
      reportingPeriodEndOn: periodEndOn,
      problems,
    }
  }
}

/** A value as read: what is stored, and the problem if it is not as the specification asks. */
interface Reading {
  value: unknown
  problem?: string
  action?: string
}

/** Readings of code values and dates remembered per field; they repeat row after row. */
const READINGS_LIMIT = 5_000

/**
 * Reads a field's non-blank values, remembering what each text read as: code
 * values and dates in a map (a few hundred of them make up most of a file),
 * anything else only while it repeats the row before (one person's rows
 * repeat their NHS number, postcode and date of birth). A remembered reading
 * is the same object each time, so a repeat costs no allocation.
 */
function rememberingReader(field: CldField): (text: string) => Reading {
  if (field.kind === 'code' || field.kind === 'date') {
    const readings = new Map<string, Reading>()
    let lastText: string | undefined
    let last: Reading = { value: null }
    return (text) => {
      // The row before's text first: comparing is cheaper than hashing a new string.
      if (text === lastText) return last
      let reading = readings.get(text)
      if (reading === undefined) {
        reading = readValue(field, text)
        if (readings.size < READINGS_LIMIT) readings.set(text, reading)
      }
      lastText = text
      last = reading
      return reading
    }
  }
  let lastText: string | undefined
  let last: Reading = { value: null }
  return (text) => {
    if (text !== lastText) {
      last = readValue(field, text)
      lastText = text
    }
    return last
  }
}

/** Reads one non-blank value by its field's kind. */
function readValue(field: CldField, text: string): Reading {
  switch (field.kind) {
    case 'code': {
      const found = matchMemo(field.list ?? [], text)
      return found === INVALID_AND_NOT_MAPPED
        ? { value: found, problem: 'Not a value in the CLD code list', action: KEPT_INVALID }
        : { value: found }
    }
    case 'date': {
      const day = parseCldDate(text)
      return day === undefined
        ? { value: null, problem: 'Not a real date (write YYYY-MM-DD)' }
        : { value: day }
    }
    case 'nhsNumber':
      return isValidNhsNumber(text)
        ? { value: normaliseNhsNumber(text) }
        : { value: null, problem: 'Not a valid NHS number (10 digits ending in the right check digit)' }
    case 'postcode': {
      const postcode = normalisePostcode(text)
      return postcode === undefined
        ? { value: null, problem: 'Not a valid UK postcode' }
        : { value: postcode }
    }
    case 'money': {
      const pence = parsePoundsToPence(text)
      return pence === undefined
        ? { value: null, problem: 'Not an amount in pounds, such as 123.45' }
        : { value: pence }
    }
    case 'decimal': {
      const units = parseDecimal(text)
      return units === undefined
        ? { value: null, problem: 'Not a number of units, such as 10 or 7.5' }
        : { value: units }
    }
    case 'count': {
      const count = parseCount(text)
      return count === undefined
        ? { value: null, problem: 'Not a whole number from 0 to 99' }
        : { value: count }
    }
    default: {
      const max = field.maxLength ?? 200
      return text.length > max
        ? {
            value: text.slice(0, max),
            problem: `Longer than ${max} characters`,
            action: `Kept, cut to ${max} characters`,
          }
        : { value: text }
    }
  }
}
