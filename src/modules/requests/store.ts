import type { Kysely } from 'kysely'
import type { Schema } from '../../schema.ts'

type Db = Kysely<Schema>

/**
 * Closes a request: the work it started is done (an NFA triage outcome, or
 * the assessment it led to completed). It leaves the worker's caseload.
 *
 * @example
 * await closeRequest(tx, user.councilId, requestId, '2026-06-15')
 */
export async function closeRequest(db: Db, councilId: string, requestId: string, on: string): Promise<void> {
  await db
    .updateTable('support_requests')
    .set({ closed_on: on })
    .where('council_id', '=', councilId)
    .where('id', '=', requestId)
    .where('closed_on', 'is', null)
    .execute()
}
