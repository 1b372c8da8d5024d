import type { Insertable } from 'kysely'
import type { PeopleTable } from '../../../src/schema.ts'
import type { JourneyServer } from './journey-server.ts'

/**
 * Puts a synthetic person straight into the demo council, as a CLD import or
 * an earlier session would have left them, for a journey to start from.
 *
 * @example
 * const { id } = await insertPerson(journey.server, { la_person_id: 'JOURNEY-1', given_name: 'Edna', family_name: 'Ashworth', date_of_birth: '1941-05-17' })
 */
export function insertPerson(
  server: JourneyServer,
  person: Pick<Insertable<PeopleTable>, 'la_person_id' | 'given_name' | 'family_name' | 'date_of_birth'> &
    Partial<Insertable<PeopleTable>>,
) {
  return server.database.db
    .insertInto('people')
    .values({ council_id: server.councilId, synthetic: true, ...person })
    .returning('id')
    .executeTakeFirstOrThrow()
}
