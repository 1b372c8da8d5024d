import { type Kysely, sql } from 'kysely'
import { coalesce } from '../../kernel/db/coalesce.ts'
import type { Schema } from '../../schema.ts'

type Db = Kysely<Schema>

export type AuditAction = 'read' | 'search' | 'create' | 'update' | 'sign-in' | 'sign-in-failed' | 'sign-out'

export interface AuditEntry {
  councilId: string | null
  userId: string | null
  action: AuditAction
  /** What kind of record: person, request, assessment, user, council, session… */
  recordType: string
  recordId?: string | null
  /** The person the record is about, so a person's whole trail can be found. */
  personId?: string | null
  /** What changed or what was asked; never a password or a token. */
  detail?: Record<string, unknown>
}

/**
 * Appends one entry by the signed-in user, in their council, inside the
 * caller's transaction like recordAudit.
 *
 * @example
 * await recordAuditBy(tx, user, { action: 'read', recordType: 'request', recordId: id, personId })
 */
export async function recordAuditBy(
  db: Db,
  user: { id: string; councilId: string },
  entry: Omit<AuditEntry, 'councilId' | 'userId'>,
): Promise<void> {
  await recordAudit(db, { councilId: user.councilId, userId: user.id, ...entry })
}

/**
 * Appends entries to the audit log, inside the caller's transaction so that a
 * change and its audit entry commit together. Any number of entries (a search's
 * results, or many reads coalesced) go in one statement whose text never
 * changes: a column of values per parameter, read back with `unnest`. A
 * multi-row VALUES list is a new statement for every number of rows (236 of
 * them in 8 s of searches), each prepared on first use and held among the 500
 * statements the embedded database keeps for the pages.
 *
 * @example
 * await recordAudit(tx, { councilId, userId, action: 'read', recordType: 'person', recordId: id, personId: id })
 */
export async function recordAudit(db: Db, entries: AuditEntry | readonly AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries as AuditEntry]
  if (list.length === 0) return
  const column = <T>(value: (entry: AuditEntry) => T) => list.map(value)
  await sql`
    INSERT INTO audit_log (council_id, user_id, action, record_type, record_id, person_id, detail)
    SELECT council_id, user_id, action, record_type, record_id, person_id, detail::jsonb
    FROM unnest(
      ${column((entry) => entry.councilId)}::uuid[], ${column((entry) => entry.userId)}::uuid[],
      ${column((entry) => entry.action)}::text[], ${column((entry) => entry.recordType)}::text[],
      ${column((entry) => entry.recordId ?? null)}::text[], ${column((entry) => entry.personId ?? null)}::uuid[],
      ${column((entry) => (entry.detail ? JSON.stringify(entry.detail) : null))}::text[]
    ) AS entry(council_id, user_id, action, record_type, record_id, person_id, detail)`.execute(db)
}

/**
 * Appends entries outside any transaction, sharing one statement with the
 * other reads being audited at the same moment (see kernel/db/coalesce.ts).
 * Each caller's promise settles once its entries are in the log, so a read is
 * still shown only after its audit entry is written. Not for changes: their
 * entries go in with `recordAudit` in the change's own transaction.
 *
 * @example
 * const appendAudit = auditAppender(db)
 * await appendAudit([{ councilId, userId, action: 'read', recordType: 'person', recordId: id, personId: id }])
 */
export function auditAppender(db: Db): (entries: readonly AuditEntry[]) => Promise<void> {
  const append = coalesce(async (batches: readonly (readonly AuditEntry[])[]) => {
    await recordAudit(db, batches.flat())
    return batches.map(() => undefined)
  })
  return async (entries) => {
    if (entries.length > 0) await append(entries)
  }
}

export interface AuditFilter {
  councilId: string
  userEmail?: string
  action?: string
  recordType?: string
  /** A person's trail: these ids (a person and the records merged into them). */
  personIds?: readonly string[]
  from?: string
  to?: string
  page: number
  pageSize: number
}

/** A page of a council's audit log, newest first, with who did it. */
export async function listAudit(db: Db, filter: AuditFilter) {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.user_id')
    .where('audit_log.council_id', '=', filter.councilId)
  if (filter.userEmail) query = query.where('users.email', 'like', `%${filter.userEmail.toLowerCase()}%`)
  if (filter.action) query = query.where('audit_log.action', '=', filter.action)
  if (filter.recordType) query = query.where('audit_log.record_type', '=', filter.recordType)
  if (filter.personIds) query = query.where('audit_log.person_id', 'in', [...filter.personIds])
  if (filter.from) query = query.where('audit_log.at', '>=', new Date(`${filter.from}T00:00:00Z`))
  if (filter.to)
    query = query.where('audit_log.at', '<', new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000))
  const rows = await query
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.action',
      'audit_log.record_type',
      'audit_log.record_id',
      'audit_log.person_id',
      'audit_log.detail',
      'users.email',
      'users.display_name',
    ])
    .orderBy('audit_log.id', 'desc')
    .limit(filter.pageSize + 1)
    .offset((filter.page - 1) * filter.pageSize)
    .execute()
  return { rows: rows.slice(0, filter.pageSize), hasNext: rows.length > filter.pageSize }
}
