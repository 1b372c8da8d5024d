/**
 * Writes a synthetic CLD file of any size, streaming (a few hundred rows in
 * memory at a time), from a seed: the same seed gives the same file. Each
 * synthetic person has a pathway of rows (a request; for some a reablement
 * service, after which some need nothing more; often an assessment, services
 * in the community, a care home or a nursing home paid for in each of the three
 * ways, a review), with NHS numbers from the 999 range that is never issued to
 * real people. Some have an unknown accommodation status and some die, so that
 * every national measure has people to count. For the bench, tests and
 * demonstrations; always synthetic.
 */
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import {
  ACCOMMODATION_STATUSES,
  ETHNICITIES,
  GENDERS,
  PRIMARY_SUPPORT_REASONS,
  REQUEST_ROUTES_OF_ACCESS,
} from '../../kernel/code-lists/cld.ts'
import { addDays } from '../../kernel/dates.ts'
import { makeNhsNumber } from '../../kernel/nhs-number.ts'
import { createRandom } from '../synthetic/random.ts'
import { csvLine } from './csv-line.ts'
import { CLD_FIELDS } from './rules.ts'

export interface SyntheticFileOptions {
  /** Data rows to write (the header is extra). */
  rows: number
  councilCode: string
  seed: number
  /** The rolling twelve months the file covers. */
  periodStartOn: string
  periodEndOn: string
  /** Release 1 spellings (and Release 1 code values) instead of Release 2. */
  release?: 1 | 2
  /** Share of rows given one invalid code value (kept as "Invalid and not mapped"). */
  invalidShare?: number
  /** Identifiers start from this number, so two files can share or not share people. */
  firstPersonNumber?: number
  /** Called every 100,000 rows with the rows written so far. */
  onProgress?: (rows: number) => void
}

/** Release 1 spellings of the values the generator writes, where they differ. */
const RELEASE_1: Record<string, string> = {
  'Service user': 'Service User',
  'Unpaid carer': 'Carer',
  'Progress to assessment, review or reassessment': 'Progress to Assessment',
  'Progress to support planning or services': 'Progress to Support Planning / Services',
  'Continuation of support or services': 'No change in package',
  'NFA: Information and advice or signposting': 'NFA - Information & Advice / Signposting only',
  'NFA: Support ended as planned': 'Service ended as planned',
  'NFA: Deceased': 'NFA - Deceased',
  'Long term support: Community': 'Long Term Support: Community',
  'Long term support: Residential care': 'Long Term Support: Residential Care',
  'Short term support: ST-Max': 'Short Term Support: ST-Max',
  'Unpaid carer support: Direct to unpaid carer': 'Carer Support: Direct to Carer',
  'Home support or domiciliary care': 'Home Support',
  'Physical support: Access and mobility only': 'Physical Support: Access & mobility only',
  'Support with memory and cognition': 'Support with Memory & Cognition',
}

const POSTCODE_AREAS = ['LS1', 'LS6', 'BD1', 'M1', 'M14', 'S10', 'NE1', 'B15', 'L8', 'HU3', 'YO1', 'NG7']
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'

/**
 * Writes the header and `rows` rows to `out`, honouring back-pressure, and
 * resolves with the number of people written.
 *
 * @example
 * await writeSyntheticCldFile(fs.createWriteStream('cld.csv'), { rows: 1_000_000, councilCode: 'SYNTH', seed: 1,
 *   periodStartOn: '2024-10-01', periodEndOn: '2025-09-30' })
 */
export async function writeSyntheticCldFile(out: Writable, options: SyntheticFileOptions): Promise<number> {
  const random = createRandom(options.seed)
  const release = options.release ?? 2
  const spell = (value: string) => (release === 1 ? (RELEASE_1[value] ?? value) : value)
  const invalidShare = options.invalidShare ?? 0
  const header = CLD_FIELDS.map((field) => field.name)
  let buffer = csvLine(header)
  let written = 0
  let personNumber = options.firstPersonNumber ?? 1
  let people = 0
  const periodDays = Math.max(
    1,
    Math.round((Date.parse(options.periodEndOn) - Date.parse(options.periodStartOn)) / 86_400_000),
  )

  const flush = async () => {
    const chunk = buffer
    buffer = ''
    if (!out.write(chunk)) await once(out, 'drain')
  }

  while (written < options.rows) {
    people += 1
    const number = personNumber++
    const laPersonId = `P${String(number).padStart(8, '0')}`
    // One nine-digit stem in eleven has no valid check digit: take the next stem that has one.
    let nhsNumber: string | undefined
    for (let stem = number; nhsNumber === undefined; stem++) {
      nhsNumber = makeNhsNumber(`999${String(stem % 1_000_000).padStart(6, '0')}`)
    }
    const older = random.chance(0.7)
    const age = older ? random.int(65, 99) : random.int(18, 64)
    const dateOfBirth = addDays(options.periodEndOn, -Math.round(age * 365.25 + random.int(0, 364)))
    const isCarer = random.chance(0.06)
    const clientType = isCarer ? 'Unpaid carer' : 'Service user'
    const psr = isCarer
      ? 'Social support: Support to unpaid carer'
      : random.pick(PRIMARY_SUPPORT_REASONS.slice(0, 11))
    const person = {
      gender: random.pick(GENDERS.slice(0, 2)),
      ethnicity: random.pick(ETHNICITIES),
      postcode: `${random.pick(POSTCODE_AREAS)} ${random.int(1, 9)}${INWARD_LETTERS[random.int(0, 19)]}${INWARD_LETTERS[random.int(0, 19)]}`,
      accommodation: random.chance(0.04) ? 'Unknown' : random.pick(ACCOMMODATION_STATUSES.slice(0, 9)),
      hasCarer: random.pick(['Yes', 'No', 'Unknown']),
    }
    let day = addDays(options.periodStartOn, random.int(0, Math.max(0, periodDays - 60)))
    const events: Record<string, string | number | null>[] = []
    const requestEnd = addDays(day, random.int(0, 14))
    const advised = random.chance(0.35)
    const reabled = !advised && !isCarer && random.chance(0.3)
    events.push({
      Event_Type: 'Request',
      Event_Start_Date: day,
      Event_End_Date: requestEnd,
      Request_Route_of_Access: random.pick(REQUEST_ROUTES_OF_ACCESS),
      Event_Outcome: advised
        ? 'NFA: Information and advice or signposting'
        : reabled
          ? 'Progress to reablement/ST-Max'
          : 'Progress to assessment, review or reassessment',
    })
    day = requestEnd
    // Reablement first for some; more than half of those need nothing more after it.
    const reabledEnough = reabled && random.chance(0.55)
    if (reabled) {
      const reablementEnd = addDays(day, random.int(14, 42))
      events.push({
        Event_Type: 'Service',
        Event_Start_Date: day,
        Event_End_Date: reablementEnd,
        Service_Type: 'Short term support: ST-Max',
        Service_Component: 'Reablement',
        Delivery_Mechanism: 'CASSR Commissioned Support',
        Unit_Cost: (random.int(1_800, 3_200) / 100).toFixed(2),
        Cost_Frequency_Unit_Type: 'Hourly',
        Planned_units_per_week: random.int(5, 15),
        Client_Funding_Status: 'Fully social care funded',
        Event_Outcome: reabledEnough
          ? 'NFA: Support ended as planned'
          : 'Progress to assessment, review or reassessment',
      })
      day = reablementEnd
    }
    if (!advised && !reabledEnough) {
      const assessmentEnd = addDays(day, random.int(1, 40))
      events.push({
        Event_Type: 'Assessment',
        Event_Start_Date: day,
        Event_End_Date: assessmentEnd,
        Assessment_Type: 'Long term assessment',
        Method_of_Assessment: 'Service user only',
        Eligible_Needs_Identified: 'Yes',
        Event_Outcome: 'Progress to support planning or services',
      })
      day = assessmentEnd
      const services = random.int(2, 5)
      for (let s = 0; s < services; s++) {
        const residential = !isCarer && random.chance(0.15)
        const nursing = residential && random.chance(0.4)
        const open = s === services - 1 && random.chance(0.7)
        const end = open ? null : addDays(day, random.int(7, 120))
        // Community support: a quarter by direct payment (a fifth of those with only the component saying
        // so), a quarter by a council-managed personal budget, half commissioned by the council.
        const way = random.int(0, 3)
        const paidDirectly = isCarer || (!residential && way === 0)
        const onlyComponentSays = paidDirectly && !isCarer && random.chance(0.2)
        events.push({
          Event_Type: 'Service',
          Event_Start_Date: day,
          Event_End_Date: end,
          Service_Type: isCarer
            ? 'Unpaid carer support: Direct to unpaid carer'
            : nursing
              ? 'Long term support: Nursing care'
              : residential
                ? 'Long term support: Residential care'
                : 'Long term support: Community',
          Service_Component:
            isCarer || onlyComponentSays
              ? 'Direct payment'
              : nursing
                ? 'Long term nursing care'
                : residential
                  ? 'Long term residential care'
                  : 'Home support or domiciliary care',
          Delivery_Mechanism: onlyComponentSays
            ? null
            : paidDirectly
              ? 'Direct Payment'
              : residential || way >= 2
                ? 'CASSR Commissioned Support'
                : 'CASSR Managed Personal Budget',
          Unit_Cost: residential
            ? (random.int(70_000, 150_000) / 100).toFixed(2)
            : (random.int(1_800, 3_200) / 100).toFixed(2),
          Cost_Frequency_Unit_Type: residential ? 'Weekly' : 'Hourly',
          Planned_units_per_week: residential ? 1 : random.int(2, 28),
          Client_Funding_Status: clientType === 'Service user' ? 'Fully social care funded' : null,
          Event_Outcome: open ? 'Continuation of support or services' : 'NFA: Support ended as planned',
        })
        if (end) day = end
      }
      events.push({
        Event_Type: 'Review',
        Event_Start_Date: day,
        Event_End_Date: addDays(day, random.int(0, 10)),
        Review_Reason: 'Planned',
        Review_Outcomes_Achieved: random.pick(['Fully Met', 'Partially Met', 'Not Met']),
        Method_of_Review: 'Service user only',
        Client_Funding_Status: clientType === 'Service user' ? 'Fully social care funded' : null,
        Event_Outcome: 'Continuation of support or services',
      })
    }
    // A few of the oldest die after their last event began.
    const lastStart = String(events.at(-1)?.Event_Start_Date)
    const diesOn = age >= 80 && random.chance(0.05) ? addDays(lastStart, random.int(1, 60)) : null
    const dateOfDeath = diesOn && diesOn <= options.periodEndOn ? diesOn : null
    // Death ends whatever was still open (CLD wants an end date on every event of someone who has died).
    if (dateOfDeath) {
      for (const event of events) {
        if (event.Event_End_Date !== null) continue
        event.Event_End_Date = dateOfDeath
        event.Event_Outcome = 'NFA: Deceased'
      }
    }
    for (const event of events) {
      if (written >= options.rows) break
      const values: Record<string, string | number | null> = {
        LA_Code: options.councilCode,
        Reporting_Period_Start_Date: options.periodStartOn,
        Reporting_Period_End_Date: options.periodEndOn,
        NHS_Number: nhsNumber,
        LA_Person_Unique_Identifier: laPersonId,
        Gender: person.gender,
        Ethnicity: person.ethnicity,
        Date_of_Birth: dateOfBirth,
        Date_of_Death: dateOfDeath,
        Client_Type: clientType,
        Primary_Support_Reason: event.Event_Type === 'Request' ? null : psr,
        Postcode: person.postcode,
        Accommodation_Status: person.accommodation,
        Employment_Status: age < 65 ? 'Not in paid employment: Not actively seeking work or retired' : null,
        Has_Unpaid_Carer: person.hasCarer,
        ...event,
      }
      if (invalidShare > 0 && random.chance(invalidShare)) values.Gender = 'Not a gender'
      buffer += csvLine(
        header.map((name) => {
          const value = values[name]
          return typeof value === 'string' ? spell(value) : value
        }),
      )
      written += 1
      if (options.onProgress && written % 100_000 === 0) options.onProgress(written)
      if (buffer.length >= 256 * 1024) await flush()
    }
  }
  await flush()
  return people
}
