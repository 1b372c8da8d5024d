/**
 * SQL for CLD imports. An import loads in small autocommitted batches, its
 * rows tagged with its id and invisible (views `cld_events_live`,
 * `people_live`) until `completeImport` marks it complete in one short
 * transaction. A failed or crashed import's rows are deleted in batches.
 */
import os from 'node:os'
import { type Kysely, sql } from 'kysely'
import { jsonParameter } from '../../kernel/db/json-parameter.ts'
import type { Schema } from '../../schema.ts'
import { EVENT_COLUMNS, PERSON_COLUMNS } from './batch-columns.ts'
import type { CheckedBatch } from './checked-batches.ts'
import { ArrayLiteral } from './pg-array.ts'
import type { CandidateEvent } from './resolve-events.ts'
import { eventContent, eventKey, singleSubmissionExtra } from './rules.ts'
import type { CldEventValues, CldProblem } from './validator.ts'

type Db = Kysely<Schema>

export type ImportChannel = 'web' | 'api' | 'cli'
export type ImportStatus = 'loading' | 'complete' | 'failed'

/** Thrown when a council already has an import loading. */
export class ImportAlreadyRunningError extends Error {
  constructor() {
    super('An import is already loading for this council. Wait for it to finish, then try again.')
    this.name = 'ImportAlreadyRunningError'
  }
}

/**
 * Starts an import record in the 'loading' state. One import loads at a time
 * per council (a unique index): a second is refused with
 * ImportAlreadyRunningError.
 *
 * @example
 * const id = await createImport(db, { councilId, fileName: 'cld.csv', channel: 'cli', createdBy: null, bytesTotal: 1024 })
 */
export async function createImport(
  db: Db,
  input: {
    councilId: string
    fileName: string
    channel: ImportChannel
    createdBy: string | null
    bytesTotal: number | null
  },
): Promise<string> {
  try {
    const row = await db
      .insertInto('cld_imports')
      .values({
        council_id: input.councilId,
        file_name: input.fileName.slice(0, 255),
        channel: input.channel,
        created_by: input.createdBy,
        bytes_total: input.bytesTotal,
        reporting_period_start_on: null,
        reporting_period_end_on: null,
        runner: THIS_PROCESS,
        finished_at: null,
        cleaned_up_at: null,
        people_applied_at: null,
        error: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new ImportAlreadyRunningError()
    throw error
  }
}

/** The CLD person fields in `people` column names, for the export. */
export const PERSON_DETAIL_COLUMNS: readonly string[] = PERSON_COLUMNS.map(([name]) => name)

/**
 * JSON for a batch, without null values: json_to_recordset reads a missing
 * key as null, and most of a CLD row's fields are null for its event type, so
 * this halves what the database has to parse.
 */
const batchJson = (rows: readonly object[]) =>
  jsonParameter(rows, (_key, value) => (value === null ? undefined : value))

const recordType = (columns: readonly (readonly [string, string])[]) =>
  sql.raw(columns.map(([name, type]) => `${name} ${type}`).join(', '))
const columnList = (columns: readonly (readonly [string, string])[], prefix = '') =>
  sql.raw(columns.map(([name]) => `${prefix}${name}`).join(', '))

/**
 * `unnest($1::type[], $2::type[], …) AS alias(name, …)` over a batch's array
 * literals (checked-batches.ts), one parameter per column.
 */
function unnestColumns(
  arrays: Record<string, Uint8Array>,
  columns: readonly (readonly [string, string])[],
  alias: string,
  ordinality?: string,
) {
  const missing = columns.find(([name]) => arrays[name] === undefined)
  if (missing) throw new Error(`The batch has no column ${missing[0]}`)
  // Each literal is a text parameter (its bytes go as they are) that the server reads as an array.
  const args = sql.join(columns.map(([name, type]) => sql`${arrays[name]}::text::${sql.raw(type)}[]`))
  return ordinality
    ? sql`unnest(${args}) WITH ORDINALITY AS ${sql.raw(alias)}(${columnList(columns)}, ${sql.raw(ordinality)})`
    : sql`unnest(${args}) AS ${sql.raw(alias)}(${columnList(columns)})`
}

const BATCH_PERSON_COLUMNS = [
  ['la_person_id', 'text'],
  ['id', 'uuid'],
  ['sort_key', 'text'],
  ...PERSON_COLUMNS,
] as const

/**
 * Creates the batch's people who are new to the council (with the batch's
 * details), stages every other person's latest details for
 * `applyPeopleDetails`, and returns each person's id in the batch's order of
 * people, how many were created, and those who already existed (their place
 * in that order, 1-based, and id). A person created here is staged with no
 * details ({}) and the sort key of the row that created them: their row
 * already holds those details, and a later batch's row replaces the staged
 * ones only if it is later still.
 *
 * @example
 * const { ids, created, existing } = await insertBatchPeople(tx, { importId, councilId, synthetic: false }, batch.people)
 */
export async function insertBatchPeople(
  db: Db,
  context: { importId: string; councilId: string; synthetic: boolean },
  people: CheckedBatch['people'],
): Promise<{ ids: string[]; created: number; existing: { ordinal: number; id: string }[] }> {
  if (people.count === 0) return { ids: [], created: 0, existing: [] }
  const details = sql.raw(
    `jsonb_strip_nulls(jsonb_build_object(${PERSON_COLUMNS.map(([name]) => `'${name}', k.${name}`).join(', ')}))`,
  )
  const result = await sql<{ ordinal: number; id: string; created: boolean }>`
    WITH batch AS (SELECT * FROM ${unnestColumns(people.columns, BATCH_PERSON_COLUMNS, 'r', 'ordinal')}),
    created AS (
      INSERT INTO people (id, council_id, la_person_id, created_by_import_id, synthetic, ${columnList(PERSON_COLUMNS)})
      SELECT r.id, ${context.councilId}::uuid, r.la_person_id, ${context.importId}::uuid, ${context.synthetic},
        ${columnList(
          PERSON_COLUMNS.map(
            ([name, type]) =>
              [
                name === 'client_type' ? "coalesce(r.client_type, 'Service user')" : `r.${name}`,
                type,
              ] as const,
          ),
        )}
      FROM batch r
      ON CONFLICT (council_id, la_person_id) DO NOTHING
      RETURNING id, la_person_id
    ),
    known AS (
      SELECT b.*, c.id IS NOT NULL AS is_new,
        -- Someone already held is found by one index lookup, whatever the planner's statistics say.
        coalesce(c.id, (
          SELECT x.id FROM people x
          WHERE x.council_id = ${context.councilId}::uuid AND x.la_person_id = b.la_person_id
          OFFSET 0
        )) AS person_id
      FROM batch b
      LEFT JOIN created c ON c.la_person_id = b.la_person_id
    ),
    staged AS (
      INSERT INTO cld_import_people (import_id, person_id, sort_key, details)
      SELECT ${context.importId}::uuid, k.person_id, k.sort_key,
        CASE WHEN k.is_new THEN '{}'::jsonb ELSE ${details} END
      FROM known k
      ON CONFLICT (import_id, person_id) DO UPDATE SET sort_key = EXCLUDED.sort_key, details = EXCLUDED.details
        WHERE EXCLUDED.sort_key > cld_import_people.sort_key
    )
    SELECT ordinal, person_id AS id, is_new AS created FROM known`.execute(db)
  const ids: string[] = new Array(people.count)
  const existing: { ordinal: number; id: string }[] = []
  let created = 0
  for (const row of result.rows) {
    const ordinal = Number(row.ordinal)
    ids[ordinal - 1] = row.id
    if (row.created) created += 1
    else existing.push({ ordinal, id: row.id })
  }
  return { ids, created, existing }
}

/**
 * The events that count now or belong to the import running and could be one
 * of an incoming batch's rows: those of the same person with the same start
 * (both are in the unique-event key, `eventKey`). What the batch is compared
 * with, keyed by the person's LA identifier as the batch's rows are
 * (checked-batches.ts). Looked up by person and start (an index the timeline
 * needs anyway) rather than by a stored key, which would cost an index on
 * every insert; fetching every event of the people instead made a file not
 * sorted by person read back, for each batch, most of what earlier batches had
 * written.
 *
 * @example
 * const candidates = await candidateEvents(tx, { importId, councilId }, [{ personId, startOn: '2025-04-01' }])
 */
export async function candidateEvents(
  db: Db,
  context: { importId: string; councilId: string },
  rows: readonly { personId: string; startOn: string }[],
): Promise<CandidateEvent[]> {
  if (rows.length === 0) return []
  const ids = new ArrayLiteral()
  const starts = new ArrayLiteral()
  for (const row of rows) {
    ids.pushUnique(row.personId)
    starts.push(row.startOn)
  }
  const result = await sql<
    Omit<CldEventValues, 'la_person_id'> & {
      id: string
      la_person_id: string
      import_id: string | null
      import_line: number | null
      last_seen_import_id: string | null
      last_seen_line: number | null
      superseded_by_import_id: string | null
    }
  >`
    SELECT e.id, p.la_person_id, e.import_id, e.import_line, e.last_seen_import_id, e.last_seen_line,
      e.superseded_by_import_id, ${columnList(EVENT_COLUMNS, 'e.')}
    FROM (SELECT DISTINCT * FROM unnest(${ids.toString()}::uuid[], ${starts.toString()}::date[])) AS r(id, start_on)
    CROSS JOIN LATERAL (SELECT x.la_person_id FROM people x WHERE x.id = r.id OFFSET 0) p
    -- One index lookup per person and start, whatever the planner's statistics
    -- say (PGlite runs no autovacuum, so they are often missing or stale):
    -- OFFSET 0 keeps the council condition from being pushed in, where it could
    -- pick the council index and scan every event of the council.
    CROSS JOIN LATERAL (
      SELECT * FROM cld_events x WHERE x.person_id = r.id AND x.event_start_on = r.start_on OFFSET 0) e
    WHERE e.council_id = ${context.councilId}::uuid
      AND (e.superseded_by_import_id IS NULL OR e.superseded_by_import_id = ${context.importId}::uuid)
      AND (e.import_id IS NULL OR e.import_id = ${context.importId}::uuid
        OR e.import_id IN (SELECT id FROM cld_imports WHERE status = 'complete'))`.execute(db)
  return result.rows.map((row) => {
    const event = {
      ...row,
      planned_units_per_week: row.planned_units_per_week === null ? null : Number(row.planned_units_per_week),
    }
    return {
      id: row.id,
      key: eventKey(event, row.la_person_id),
      content: eventContent(event),
      extra: singleSubmissionExtra(event),
      event_end_on: row.event_end_on,
      event_outcome: row.event_outcome,
      imported: row.import_id !== null,
      lineInThisImport:
        row.import_id === context.importId
          ? row.import_line
          : row.last_seen_import_id === context.importId
            ? row.last_seen_line
            : null,
      supersededByThisImport: row.superseded_by_import_id === context.importId,
    }
  })
}

const BATCH_EVENT_COLUMNS = [
  ['id', 'uuid'],
  ['line', 'integer'],
  ['person', 'integer'],
  ...EVENT_COLUMNS,
] as const

/**
 * Inserts the batch's event rows, tagged with the import and their line,
 * except the lines in `skip` (second copies, and events already held).
 * `personIds` (an array literal of the batch's people's ids, in their order)
 * gives each row's person by the row's `person` column.
 *
 * @example
 * await insertBatchEvents(tx, { importId, councilId }, batch.events, personIds, [7])
 */
export async function insertBatchEvents(
  db: Db,
  context: { importId: string; councilId: string },
  events: CheckedBatch['events'],
  personIds: string,
  skip: readonly number[],
): Promise<void> {
  if (events.count === 0 || skip.length === events.count) return
  const skipped = new ArrayLiteral()
  for (const line of skip) skipped.pushUnique(line)
  await sql`
    INSERT INTO cld_events (id, council_id, person_id, source, import_id, import_line, ${columnList(EVENT_COLUMNS)})
    SELECT r.id, ${context.councilId}::uuid, (${personIds}::uuid[])[r.person], 'cld-import', ${context.importId}::uuid,
      r.line, ${columnList(EVENT_COLUMNS, 'r.')}
    FROM ${unnestColumns(events.columns, BATCH_EVENT_COLUMNS, 'r')}
    ${skip.length > 0 ? sql`WHERE r.line NOT IN (SELECT unnest(${skipped.toString()}::integer[]))` : sql``}`.execute(
    db,
  )
}

/**
 * Marks events as replaced by the import (they stop counting once it completes).
 *
 * @example
 * await supersedeEvents(tx, importId, plan.supersede)
 */
export async function supersedeEvents(db: Db, importId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return
  await sql`
    UPDATE cld_events SET superseded_by_import_id = ${importId}::uuid
    WHERE id IN (SELECT value::uuid FROM json_array_elements_text(${JSON.stringify(ids)}::json))`.execute(db)
}

/**
 * Marks events as repeated unchanged by the import: they stay, and are no longer replaced by it.
 *
 * @example
 * await adoptEvents(tx, importId, [{ id: eventId, line: 7 }])
 */
export async function adoptEvents(
  db: Db,
  importId: string,
  adopted: readonly { id: string; line: number }[],
): Promise<void> {
  if (adopted.length === 0) return
  await sql`
    UPDATE cld_events e SET last_seen_import_id = ${importId}::uuid, last_seen_line = r.line,
      superseded_by_import_id = NULL
    FROM json_to_recordset(${jsonParameter(adopted)}::json) AS r(id uuid, line integer)
    WHERE e.id = r.id`.execute(db)
}

/**
 * Appends problems to the import's report, numbered from `firstSeq`.
 *
 * @example
 * await insertProblems(tx, importId, problems, 0)
 */
export async function insertProblems(
  db: Db,
  importId: string,
  problems: readonly CldProblem[],
  firstSeq: number,
): Promise<void> {
  if (problems.length === 0) return
  const json = batchJson(problems.map((p, index) => ({ ...p, seq: firstSeq + index })))
  await sql`
    INSERT INTO cld_import_problems (import_id, seq, line, field, value, problem, action)
    SELECT ${importId}::uuid, r.seq, r.line, r.field, r.value, r.problem, r.action
    FROM json_to_recordset(${json}::json) AS r(seq integer, line integer, field text, value text, problem text, action text)`.execute(
    db,
  )
}

/**
 * Which of these lines already have a problem reported (for counting rows with problems once).
 *
 * @example
 * const reported = await linesWithProblems(tx, importId, [4, 9])
 */
export async function linesWithProblems(
  db: Db,
  importId: string,
  lines: readonly number[],
): Promise<Set<number>> {
  if (lines.length === 0) return new Set()
  const result = await sql<{ line: number }>`
    SELECT DISTINCT line FROM cld_import_problems
    WHERE import_id = ${importId}::uuid
      AND line IN (SELECT value::integer FROM json_array_elements_text(${JSON.stringify(lines)}::json))`.execute(
    db,
  )
  return new Set(result.rows.map((row) => row.line))
}

/** The running counts an import shows while it loads. */
export interface ImportCounts {
  bytesRead: number
  rowsRead: number
  rowsLoaded: number
  rowsUnchanged: number
  rowsWithProblems: number
  rowsDropped: number
  problems: number
  peopleCreated: number
  reportingPeriodStartOn: string | null
  reportingPeriodEndOn: string | null
}

/**
 * Saves progress and moves the heartbeat on (a 'loading' import that stops moving has crashed).
 *
 * @example
 * await saveProgress(tx, importId, counts)
 */
export async function saveProgress(db: Db, importId: string, counts: ImportCounts): Promise<void> {
  await db
    .updateTable('cld_imports')
    .set({
      heartbeat_at: sql<Date>`now()`,
      bytes_read: counts.bytesRead,
      rows_read: counts.rowsRead,
      rows_loaded: counts.rowsLoaded,
      rows_unchanged: counts.rowsUnchanged,
      rows_with_problems: counts.rowsWithProblems,
      rows_dropped: counts.rowsDropped,
      problems: counts.problems,
      people_created: counts.peopleCreated,
      reporting_period_start_on: counts.reportingPeriodStartOn,
      reporting_period_end_on: counts.reportingPeriodEndOn,
    })
    .where('id', '=', importId)
    .where('status', '=', 'loading')
    .execute()
}

/**
 * The commit point: one short transaction makes the import's events and
 * people count and the events it replaced stop counting. Returns false when
 * the import was no longer loading (cleaned up as crashed meanwhile).
 *
 * @example
 * if (!(await completeImport(db, importId, counts))) throw new Error('cleared as crashed')
 */
export async function completeImport(db: Db, importId: string, counts: ImportCounts): Promise<boolean> {
  const superseded = await sql<{ count: number }>`
    SELECT count(*) AS count FROM cld_events
    WHERE superseded_by_import_id = ${importId}::uuid AND import_id IS DISTINCT FROM ${importId}::uuid`.execute(
    db,
  )
  return db.transaction().execute(async (tx) => {
    const result = await tx
      .updateTable('cld_imports')
      .set({
        status: 'complete',
        finished_at: sql<Date>`now()`,
        heartbeat_at: sql<Date>`now()`,
        bytes_read: counts.bytesRead,
        rows_read: counts.rowsRead,
        rows_loaded: counts.rowsLoaded,
        rows_unchanged: counts.rowsUnchanged,
        rows_with_problems: counts.rowsWithProblems,
        rows_dropped: counts.rowsDropped,
        problems: counts.problems,
        people_created: counts.peopleCreated,
        events_superseded: Number(superseded.rows[0]?.count ?? 0),
        reporting_period_start_on: counts.reportingPeriodStartOn,
        reporting_period_end_on: counts.reportingPeriodEndOn,
      })
      .where('id', '=', importId)
      .where('status', '=', 'loading')
      .returning('council_id')
      .executeTakeFirst()
    if (!result) return false
    // Which events count has just changed without any event row changing: the
    // measures' cache is told the whole council's data has.
    await tx.insertInto('measure_data_changes').values({ council_id: result.council_id }).execute()
    return true
  })
}

/**
 * Brings the planner's statistics on people and events up to date after a large load.
 *
 * @example
 * await refreshStatistics(db)
 */
export async function refreshStatistics(db: Db): Promise<void> {
  await sql`ANALYZE cld_events`.execute(db)
  await sql`ANALYZE people`.execute(db)
}

/**
 * Brings the planner's statistics on people up to date while an import adds
 * them. Until then a council new to the statistics looks empty, and the
 * planner finds a person by any index on council_id (scanning all the
 * council's people, for every person) rather than by council and identifier.
 *
 * @example
 * if (created >= nextAnalyzeAt) await refreshPeopleStatistics(db)
 */
export async function refreshPeopleStatistics(db: Db): Promise<void> {
  await sql`ANALYZE people`.execute(db)
}

/**
 * Marks an import failed (its rows stop being candidates at once); `cleanUpImport` then deletes them.
 *
 * @example
 * await markFailed(db, importId, 'The header is missing columns…')
 */
export async function markFailed(db: Db, importId: string, error: string): Promise<void> {
  await db
    .updateTable('cld_imports')
    .set({ status: 'failed', error, finished_at: sql<Date>`now()` })
    .where('id', '=', importId)
    .where('status', '=', 'loading')
    .execute()
}

const CLEAN_BATCH = 5_000
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Deletes what a failed import left: its events and problems-free staging,
 * the marks it put on other events, and the people it created that nothing
 * else refers to. In small batches, yielding between them, so pages stay
 * responsive; safe to repeat after a crash.
 *
 * @example
 * await markFailed(db, id, 'The file could not be read')
 * await cleanUpImport(db, id)
 */
export async function cleanUpImport(db: Db, importId: string): Promise<void> {
  for (;;) {
    const deleted = await sql`
      DELETE FROM cld_events WHERE id IN (
        SELECT id FROM cld_events WHERE import_id = ${importId}::uuid LIMIT ${CLEAN_BATCH})`.execute(db)
    if (Number(deleted.numAffectedRows ?? 0) < CLEAN_BATCH) break
    await yieldToEventLoop()
  }
  for (;;) {
    const reset = await sql`
      UPDATE cld_events SET superseded_by_import_id = NULL WHERE id IN (
        SELECT id FROM cld_events WHERE superseded_by_import_id = ${importId}::uuid LIMIT ${CLEAN_BATCH})`.execute(
      db,
    )
    if (Number(reset.numAffectedRows ?? 0) < CLEAN_BATCH) break
    await yieldToEventLoop()
  }
  await sql`DELETE FROM cld_import_people WHERE import_id = ${importId}::uuid`.execute(db)
  // People the import created go, unless something else now refers to them
  // (a practitioner may have found one and recorded work): those stay, as people.
  const referrers = await tablesReferringToPeople(db)
  const unreferenced = referrers
    .map(({ table, column }) => `NOT EXISTS (SELECT 1 FROM ${table} x WHERE x.${column} = p.id)`)
    .join(' AND ')
  for (;;) {
    const deleted = await sql`
      DELETE FROM people WHERE id IN (
        SELECT p.id FROM people p
        WHERE p.created_by_import_id = ${importId}::uuid ${sql.raw(unreferenced ? `AND ${unreferenced}` : '')}
        LIMIT ${CLEAN_BATCH})`.execute(db)
    if (Number(deleted.numAffectedRows ?? 0) < CLEAN_BATCH) break
    await yieldToEventLoop()
  }
  await db
    .updateTable('people')
    .set({ created_by_import_id: null })
    .where('created_by_import_id', '=', importId)
    .execute()
  await db
    .updateTable('cld_imports')
    .set({ cleaned_up_at: sql<Date>`now()` })
    .where('id', '=', importId)
    .execute()
}

/**
 * Everything that refers to people: every foreign key that points at people,
 * read from the catalogue so new modules' tables are covered, and events
 * (kept by statement-level checks instead of a key: migration 0011).
 */
async function tablesReferringToPeople(db: Db): Promise<{ table: string; column: string }[]> {
  const result = await sql<{ table_name: string; column_name: string }>`
    SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
    WHERE c.contype = 'f' AND c.confrelid = 'people'::regclass AND c.conrelid <> 'cld_import_people'::regclass`.execute(
    db,
  )
  const keys = result.rows
    .filter(
      (row) => /^[a-z_][a-z0-9_."]*$/i.test(row.table_name) && /^[a-z_][a-z0-9_]*$/i.test(row.column_name),
    )
    .map((row) => ({ table: row.table_name, column: row.column_name }))
  return [{ table: 'cld_events', column: 'person_id' }, ...keys.filter((key) => key.table !== 'cld_events')]
}

const PEOPLE_BATCH = 2_000

/**
 * After an import completes, applies the latest person details it brought to
 * `people`, a batch at a time (a blank in the file keeps what is held).
 * Resumable: each batch removes what it applied.
 *
 * @example
 * await applyPeopleDetails(db, importId)
 */
export async function applyPeopleDetails(db: Db, importId: string): Promise<void> {
  const assignments = sql.raw(
    PERSON_COLUMNS.map(([name]) => `${name} = coalesce(d.${name}, p.${name})`).join(', '),
  )
  const changed = sql.raw(
    `(${PERSON_COLUMNS.map(([name]) => `p.${name}`).join(', ')}) IS DISTINCT FROM (${PERSON_COLUMNS.map(([name]) => `coalesce(d.${name}, p.${name})`).join(', ')})`,
  )
  // People the import created hold their details already: their staged rows ({}) only go.
  for (;;) {
    const deleted = await sql`
      DELETE FROM cld_import_people WHERE import_id = ${importId}::uuid AND person_id IN (
        SELECT person_id FROM cld_import_people
        WHERE import_id = ${importId}::uuid AND details = '{}'::jsonb LIMIT ${CLEAN_BATCH})`.execute(db)
    if (Number(deleted.numAffectedRows ?? 0) < CLEAN_BATCH) break
    await yieldToEventLoop()
  }
  for (;;) {
    const chunk = await sql<{ person_id: string }>`
      SELECT person_id FROM cld_import_people WHERE import_id = ${importId}::uuid
      ORDER BY person_id LIMIT ${PEOPLE_BATCH}`.execute(db)
    if (chunk.rows.length === 0) break
    const ids = JSON.stringify(chunk.rows.map((row) => row.person_id))
    await db.transaction().execute(async (tx) => {
      await sql`
        UPDATE people p SET ${assignments}, updated_at = now()
        FROM (
          SELECT s.person_id, r.*
          FROM cld_import_people s, jsonb_to_record(s.details) AS r(${recordType(PERSON_COLUMNS)})
          WHERE s.import_id = ${importId}::uuid
            AND s.person_id IN (SELECT value::uuid FROM json_array_elements_text(${ids}::json))
        ) d
        WHERE p.id = d.person_id AND ${changed}`.execute(tx)
      await sql`
        DELETE FROM cld_import_people WHERE import_id = ${importId}::uuid
          AND person_id IN (SELECT value::uuid FROM json_array_elements_text(${ids}::json))`.execute(tx)
    })
    await yieldToEventLoop()
  }
  await db
    .updateTable('cld_imports')
    .set({ people_applied_at: sql<Date>`now()` })
    .where('id', '=', importId)
    .execute()
}

/** This process, as an import's runner: host and process id. */
const THIS_PROCESS = `${os.hostname()}:${process.pid}`

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The imports that need finishing or clearing after a crash or a restart: a
 * 'loading' import whose process (on this host) is gone, or that has made no
 * progress for `staleAfterSeconds` (its process may be on another host);
 * a failed import not yet cleared; a complete one whose person details are
 * not yet applied.
 *
 * @example
 * for (const { id, status } of await importsNeedingRecovery(db, 30)) …
 */
export async function importsNeedingRecovery(db: Db, staleAfterSeconds: number) {
  const rows = await db
    .selectFrom('cld_imports')
    .select([
      'id',
      'status',
      'runner',
      sql<boolean>`heartbeat_at < now() - make_interval(secs => ${staleAfterSeconds})`.as('stale'),
    ])
    .where((eb) =>
      eb.or([
        eb('status', '=', 'loading'),
        eb.and([eb('status', '=', 'failed'), eb('cleaned_up_at', 'is', null)]),
        eb.and([eb('status', '=', 'complete'), eb('people_applied_at', 'is', null)]),
      ]),
    )
    .orderBy('started_at')
    .execute()
  const host = os.hostname()
  return rows
    .filter((row) => {
      if (row.status !== 'loading') return true
      if (row.stale) return true
      const [runnerHost, pid] = (row.runner ?? '').split(':')
      return runnerHost === host && Number(pid) !== process.pid && !isAlive(Number(pid))
    })
    .map(({ id, status }) => ({ id, status }))
}

/**
 * One import of a council, or undefined (also for another council's).
 *
 * @example
 * const found = await getImport(db, user.councilId, id) // undefined for another council's
 */
export async function getImport(db: Db, councilId: string, importId: string) {
  return db
    .selectFrom('cld_imports')
    .leftJoin('users', 'users.id', 'cld_imports.created_by')
    .selectAll('cld_imports')
    .select('users.display_name as created_by_name')
    .where('cld_imports.council_id', '=', councilId)
    .where('cld_imports.id', '=', importId)
    .executeTakeFirst()
}

/**
 * A council's imports, newest first.
 *
 * @example
 * const imports = await listImports(db, user.councilId)
 */
export async function listImports(db: Db, councilId: string, limit = 50) {
  return db
    .selectFrom('cld_imports')
    .leftJoin('users', 'users.id', 'cld_imports.created_by')
    .selectAll('cld_imports')
    .select('users.display_name as created_by_name')
    .where('cld_imports.council_id', '=', councilId)
    .orderBy('cld_imports.started_at', 'desc')
    .limit(limit)
    .execute()
}

/**
 * A page of an import's problems in line order.
 *
 * @example
 * const { rows, hasNext } = await listProblems(db, importId, 2, 50)
 */
export async function listProblems(db: Db, importId: string, page: number, pageSize: number) {
  const rows = await db
    .selectFrom('cld_import_problems')
    .select(['line', 'field', 'value', 'problem', 'action'])
    .where('import_id', '=', importId)
    .orderBy('line')
    .orderBy('seq')
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
    .execute()
  return { rows: rows.slice(0, pageSize), hasNext: rows.length > pageSize }
}

/**
 * All of an import's problems in line order, read a page at a time by key
 * (not offset), so a report of millions of lines streams in bounded memory.
 */
export async function* allProblems(db: Db, importId: string, pageSize = 5_000): AsyncGenerator<CldProblem[]> {
  let after = { line: 0, seq: -1 }
  for (;;) {
    const rows = await db
      .selectFrom('cld_import_problems')
      .select(['line', 'seq', 'field', 'value', 'problem', 'action'])
      .where('import_id', '=', importId)
      .where((eb) =>
        eb.or([
          eb('line', '>', after.line),
          eb.and([eb('line', '=', after.line), eb('seq', '>', after.seq)]),
        ]),
      )
      .orderBy('line')
      .orderBy('seq')
      .limit(pageSize)
      .execute()
    if (rows.length === 0) return
    yield rows.map((row) => ({
      line: row.line,
      field: row.field,
      value: row.value ?? '',
      problem: row.problem,
      action: row.action,
    }))
    const last = rows[rows.length - 1] as (typeof rows)[number]
    after = { line: last.line, seq: last.seq }
    if (rows.length < pageSize) return
  }
}
