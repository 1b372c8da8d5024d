import type { Kysely } from 'kysely'
import { coalesce } from '../../kernel/db/coalesce.ts'
import type { Schema } from '../../schema.ts'
import { type AuditEntry, auditAppender } from '../audit/store.ts'
import { listEventsForPeople } from '../events/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { activePlansOf } from '../plans/actions.ts'
import { recordsMergedInto } from './merge-store.ts'
import type { PersonQuery } from './rules.ts'
import {
  type FullNameSearch,
  fullNameSearch,
  getPeople,
  type PersonKey,
  searchFullNames,
  searchPeople,
} from './store.ts'

type Db = Kysely<Schema>

// Reads need no transaction: nothing is shown until its audit entry is written,
// and a failed audit insert fails the read. Leaving BEGIN and COMMIT out saves
// two round trips a page and, on the embedded database, the transaction lock
// that would hold every other request back; it also lets reads arriving
// together share their statements.

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
 * A person's record and search, each recorded in the audit log before it is
 * answered, for one database. Reads that arrive together share their queries
 * (see kernel/db/coalesce.ts): a burst of person pages costs a few statements,
 * not four each. Made once per app; the bench's bare routes make their own.
 *
 * @example
 * const reads = auditedPersonReads(db)
 * const found = await reads.read(user, id, 'page', 'record')
 */
export function auditedPersonReads(db: Db) {
  const appendAudit = auditAppender(db)
  const person = coalesce((keys: readonly PersonKey[]) => getPeople(db, keys))
  const events = coalesce((keys: readonly { councilId: string; personId: string }[]) =>
    listEventsForPeople(db, keys),
  )
  const activePlan = coalesce((keys: readonly { councilId: string; personId: string }[]) =>
    activePlansOf(db, keys),
  )
  const fullNames = coalesce((searches: readonly FullNameSearch[]) => searchFullNames(db, searches))
  const merged = coalesce((keys: readonly { councilId: string; personId: string }[]) =>
    recordsMergedInto(db, keys),
  )

  return {
    /**
     * A person and their CLD events, recorded as read. Undefined when the id
     * is not a person of the user's council.
     */
    async read(user: CurrentUser, id: string, via: Via, view: string) {
      const found = await person({ councilId: user.councilId, id })
      if (!found) return undefined
      const key = { councilId: user.councilId, personId: found.id }
      const [personEvents] = await Promise.all([
        events(key),
        appendAudit([personAuditEntry(user, 'read', found.id, { via, view })]),
      ])
      return { person: found, events: personEvents }
    },

    /** The person's support plan in effect (see plans' `activePlansOf`); the caller audits the read. */
    activePlan: (councilId: string, personId: string) => activePlan({ councilId, personId }),

    /** The records merged into the person (their council IDs, when merged), for their page. */
    merged: (councilId: string, personId: string) => merged({ councilId, personId }),

    /**
     * Searches and records, for each person listed, that this user saw them in
     * the results.
     */
    async search(user: CurrentUser, query: PersonQuery, via: Via) {
      const byFullName = fullNameSearch(user.councilId, query)
      const result = byFullName ? await fullNames(byFullName) : await searchPeople(db, user.councilId, query)
      // The query text stays out of the audit log (administrators read it, and it may be an
      // NHS number); who was listed is what a person's trail needs.
      const detail = { via, queryKind: query.kind, resultCount: result.people.length }
      const listed = result.people.length ? result.people.map((p) => p.id) : [undefined]
      await appendAudit(listed.map((personId) => personAuditEntry(user, 'search', personId, detail)))
      return result
    },
  }
}

export type AuditedPersonReads = ReturnType<typeof auditedPersonReads>
