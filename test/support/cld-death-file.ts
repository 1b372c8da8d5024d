import fs from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Release 2's header, as the fixtures have it. */
const CLD_FIELDS = fs
  .readFileSync(fileURLToPath(new URL('../fixtures/cld/release-2.csv', import.meta.url)), 'utf8')
  .split('\n')[0] as string

/**
 * A CLD file from a council's other case system giving a person's death: one
 * request they made (on 1 May 2026), every other field blank.
 *
 * @example
 * const text = cldFileWithDeath({ councilCode: 'TESTA', laPersonId: 'P1', diedOn: '2026-06-10', periodEndOn: '2026-06-30' })
 */
export function cldFileWithDeath(file: {
  councilCode: string
  laPersonId: string
  diedOn: string
  periodEndOn: string
}): string {
  const given: Record<string, string> = {
    LA_Code: file.councilCode,
    Reporting_Period_Start_Date: '2026-04-01',
    Reporting_Period_End_Date: file.periodEndOn,
    LA_Person_Unique_Identifier: file.laPersonId,
    Date_of_Death: file.diedOn,
    Client_Type: 'Service user',
    Event_Type: 'Request',
    Event_Start_Date: '2026-05-01',
    Event_End_Date: '2026-05-01',
    Event_Outcome: 'NFA: Information and advice or signposting',
    Request_Route_of_Access: 'Community / Other route',
  }
  const row = CLD_FIELDS.split(',')
    .map((field) => given[field] ?? '')
    .join(',')
  return `${CLD_FIELDS}\n${row}\n`
}
