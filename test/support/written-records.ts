import type { Database } from '../../src/kernel/db/connect.ts'

/**
 * The audit entries about one record, oldest first.
 *
 * @example
 * expect((await auditRowsFor(ctx().database, request.id)).map((row) => row.action)).toEqual(['create'])
 */
export const auditRowsFor = (database: Database, recordId: string) =>
  database.db.selectFrom('audit_log').selectAll().where('record_id', '=', recordId).orderBy('id').execute()

/**
 * The CLD event a record wrote (fails when there is none).
 *
 * @example
 * expect((await cldEventFor(ctx().database, request.id)).event_type).toBe('Request')
 */
export const cldEventFor = (database: Database, sourceRecordId: string) =>
  database.db
    .selectFrom('cld_events')
    .selectAll()
    .where('source_record_id', '=', sourceRecordId)
    .executeTakeFirstOrThrow()
