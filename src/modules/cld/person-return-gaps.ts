/**
 * What the CLD return will flag in a person's own details, said where they
 * are kept: a return is clean only if each record is right at its source,
 * and the return's check names rows, not the fields a practitioner can fill.
 * The person's details are checked by the return's own validator, in a row
 * beside a service that is right in every field, so only theirs can fail.
 */
import { CLD_FIELDS } from './rules.ts'
import { createRowValidator, FIELD_COLUMNS, readHeader } from './validator.ts'

const NAMES = CLD_FIELDS.map((field) => field.name)
const COUNCIL = 'X'
const validate = createRowValidator(readHeader(NAMES), COUNCIL)

/** A long-term service for a service user, and support for a carer, as a return gives them. */
const SERVICES: Record<string, Record<string, string>> = {
  'Service user': {
    Service_Type: 'Long term support: Community',
    Service_Component: 'Home support or domiciliary care',
    Delivery_Mechanism: 'CASSR Commissioned Support',
    Client_Funding_Status: 'Fully social care funded',
  },
  'Unpaid carer': {
    Service_Type: 'Unpaid carer support: Direct to unpaid carer',
    Service_Component: 'Direct payment',
    Delivery_Mechanism: 'Direct Payment',
  },
}

/** A person's details, by `people` column. */
export type PersonDetails = Readonly<Record<string, unknown>>

/** A detail the return will flag: the `people` column and what is wrong with it. */
export interface ReturnGap {
  column: string
  /** Blank where the return must have it (else a value it cannot use). */
  missing: boolean
  problem: string
}

/**
 * The details a return made today would flag (a person's age today decides
 * some: employment status is asked of people aged 18 to 64 with a learning
 * disability).
 *
 * @example
 * personReturnGaps({ client_type: 'Service user', la_person_id: 'P1', nhs_number: null, … }, '2026-06-15')
 * // [{ column: 'nhs_number', missing: true, problem: 'Blank, but this row must have it' }, …]
 */
export function personReturnGaps(person: PersonDetails, today: string): ReturnGap[] {
  const yearBefore = new Date(Date.parse(`${today}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10)
  const clientType = typeof person.client_type === 'string' ? person.client_type : 'Service user'
  const service = SERVICES[clientType] ?? SERVICES['Service user']
  const row: Record<string, string> = {
    LA_Code: COUNCIL,
    Reporting_Period_Start_Date: yearBefore,
    Reporting_Period_End_Date: today,
    Client_Type: clientType,
    Event_Type: 'Service',
    Event_Start_Date: yearBefore,
    Event_Outcome: 'Continuation of support or services',
    Unit_Cost: '20.00',
    Cost_Frequency_Unit_Type: 'Hourly',
    Planned_units_per_week: '10',
    ...service,
  }
  for (const name of NAMES) {
    const target = FIELD_COLUMNS[name]
    if (target?.target === 'person' && name !== 'Client_Type') row[name] = String(person[target.column] ?? '')
  }
  // A person ASCEND holds has an identifier; one a file brought without it never arrives.
  row.LA_Person_Unique_Identifier ||= 'P'
  const result = validate(
    NAMES.map((name) => row[name] ?? ''),
    2,
  )
  return result.problems
    .filter((problem) => FIELD_COLUMNS[problem.field]?.target === 'person')
    .map((problem) => ({
      column: (FIELD_COLUMNS[problem.field] as { column: string }).column,
      missing: problem.value === '',
      problem: problem.problem,
    }))
}
