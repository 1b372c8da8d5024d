import type { Insertable } from 'kysely'
import type { Database } from '../../src/kernel/db/connect.ts'
import type { PeopleTable } from '../../src/schema.ts'

let counter = 0

/**
 * Inserts a person straight into the database, for tests of other modules
 * that need someone to work with. Synthetic by construction.
 *
 * @example
 * const person = await insertPerson(ctx().database, ctx().councils.a.id, { family_name: 'Okafor' })
 */
export async function insertPerson(
  database: Database,
  councilId: string,
  overrides: Partial<Insertable<PeopleTable>> = {},
) {
  counter += 1
  return database.db
    .insertInto('people')
    .values({
      council_id: councilId,
      la_person_id: `T${String(counter).padStart(6, '0')}-${Math.random().toString(36).slice(2, 8)}`,
      given_name: 'Alex',
      family_name: `Testperson${counter}`,
      date_of_birth: '1950-06-27',
      synthetic: true,
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * A person's details as CLD asks them of everyone (a return finds nothing
 * missing), with a synthetic NHS number; add `la_person_id` and any others.
 */
export const CLD_COMPLETE_PERSON = {
  nhs_number: '9990000107',
  gender: 'Male',
  ethnicity: 'White: Irish',
  postcode: 'LS6 1AA',
  primary_support_reason: 'Mental health support',
  accommodation_status: 'Tenant: Private landlord',
  has_unpaid_carer: 'No',
} as const
