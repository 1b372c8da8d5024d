import type { Kysely } from 'kysely'
import type { Schema } from '../../schema.ts'
import { type AuditEntry, recordAudit } from '../audit/store.ts'
import { listEventsForPerson } from '../events/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import type { PersonQuery } from './rules.ts'
import { getPerson, searchPeople } from './store.ts'

type Db = Kysely<Schema>

// Reads need no transaction: nothing is shown until its audit entry is written,
// and a failed audit insert fails the read. Leaving BEGIN and COMMIT out saves
// two round trips a page and, on the embedded database, the transaction lock
// that would hold every other request back.

/** Where a read came from, as the audit log records it. */
export type Via = 'page' | 'api' | 'bench'

/** An audit entry about a person, by the signed-in user. */
export const personAuditEntry = (
  user: CurrentUser,
  action: 'read' | 'search' | 'create' | 'update',
  personId: string | undefined,
  detail: Record<string, unknown>,
): AuditEntry => ({
  councilId: user.councilId,
  userId: user.id,
  action,
  recordType: 'person',
  recordId: personId ?? null,
  personId: personId ?? null,
  detail,
})

/**
 * Searches and records, for each person listed, that this user saw them in
 * the results (one audit statement for the lot).
 *
 * @example
 * const { people, more } = await searchPeopleAudited(db, user, classifyQuery('Okafor'), 'page')
 */
export async function searchPeopleAudited(db: Db, user: CurrentUser, query: PersonQuery, via: Via) {
  const result = await searchPeople(db, user.councilId, query)
  // The query text stays out of the audit log (administrators read it, and it may be an
  // NHS number); who was listed is what a person's trail needs.
  const detail = { via, queryKind: query.kind, resultCount: result.people.length }
  const listed = result.people.length ? result.people.map((person) => person.id) : [undefined]
  await recordAudit(
    db,
    listed.map((personId) => personAuditEntry(user, 'search', personId, detail)),
  )
  return result
}

/**
 * A person and their CLD events, recorded as read. Undefined when the id is
 * not a person of the user's council.
 *
 * @example
 * const found = await readPersonAudited(db, user, id, 'api', 'record')
 */
export async function readPersonAudited(db: Db, user: CurrentUser, id: string, via: Via, view: string) {
  const person = await getPerson(db, user.councilId, id)
  if (!person) return undefined
  const events = await listEventsForPerson(db, user.councilId, person.id)
  await recordAudit(db, personAuditEntry(user, 'read', person.id, { via, view }))
  return { person, events }
}
