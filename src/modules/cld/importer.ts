/**
 * Runs a CLD import: streams the file, checks every row, and loads the usable
 * ones in small batches (each its own short transaction, the event loop free
 * between them), then makes them count in one short final transaction.
 * Memory stays bounded whatever the file's size: one batch of rows and one
 * batch of problems at a time.
 */
import type { Readable } from 'node:stream'
import { type Kysely, sql } from 'kysely'
import type { Schema } from '../../schema.ts'
import { readCld } from './read-cld.ts'
import { type IncomingEvent, planBatch } from './resolve-events.ts'
import { eventContent, eventKey, singleSubmissionExtra } from './rules.ts'
import {
  adoptEvents,
  applyPeopleDetails,
  type BatchPerson,
  candidateEvents,
  cleanUpImport,
  completeImport,
  type ImportCounts,
  importsNeedingRecovery,
  insertEvents,
  insertProblems,
  linesWithProblems,
  markFailed,
  refreshPeopleStatistics,
  refreshStatistics,
  saveProgress,
  supersedeEvents,
  upsertBatchPeople,
} from './store.ts'
import { CldHeaderError, type CldProblem, type CldRowResult } from './validator.ts'

type Db = Kysely<Schema>
type UsableRow = Extract<CldRowResult, { usable: true }>

/**
 * How long one batch's transaction should take. On the embedded database a
 * transaction holds the only connection and the only thread, so a page
 * waits at most about this long behind an import; the command line, with no
 * pages to serve, takes longer batches, which load faster.
 */
export const PAGE_FRIENDLY_BATCH_MS = 20
/** A batch's transaction from the command line: longer, so the import loads faster. */
export const COMMAND_LINE_BATCH_MS = 500
const MIN_BATCH = 100
const MAX_BATCH = 10_000

export interface ImportRun {
  db: Db
  importId: string
  council: { id: string; code: string; synthetic: boolean }
  source: Readable
  /** A fixed number of rows per batch (tests); otherwise sized to take `batchMs`. */
  batchSize?: number
  /** How long a batch's transaction should take (default PAGE_FRIENDLY_BATCH_MS). */
  batchMs?: number
  /** Stops the import at the next batch; it is then failed and its rows deleted. */
  signal?: AbortSignal
  /** Called after each batch with the counts so far. */
  onProgress?: (counts: ImportCounts) => void
  /**
   * Paces the import: called after each batch with how long reading,
   * checking and writing it took, and waited for. The service waits longer
   * while pages are being asked for, so that they are served first. Without
   * it, the import yields one turn of the event loop between batches.
   */
  pause?: (workedMs: number) => Promise<void>
  /** Tests only: runs before each batch is written, to interrupt an import midway. */
  beforeBatch?: (batchNumber: number) => Promise<void>
}

export type ImportOutcome =
  | { status: 'complete'; counts: ImportCounts }
  | { status: 'failed'; counts: ImportCounts; error: string }

/** Thrown inside an import when the import record is no longer 'loading' (cleared as crashed). */
class ImportNoLongerLoading extends Error {}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Imports a CLD file into a council. The import record (`createImport`) must
 * exist and be 'loading'. Problems are reported, never thrown: a file whose
 * header is not CLD fails with a message and loads nothing; any other error
 * fails the import the same way and deletes what it had written.
 *
 * @example
 * const importId = await createImport(db, { councilId, fileName, channel: 'cli', createdBy: null, bytesTotal })
 * const outcome = await runImport({ db, importId, council, source: fs.createReadStream(file) })
 */
export async function runImport(run: ImportRun): Promise<ImportOutcome> {
  const { db, importId, council } = run
  // Rows per batch: fixed when asked, else adjusted after each batch so that
  // its transaction takes about `batchMs`.
  let batchSize = run.batchSize ?? 500
  const batchMs = run.batchMs ?? PAGE_FRIENDLY_BATCH_MS
  const context = { importId, councilId: council.id, synthetic: council.synthetic }
  const reader = readCld(run.source, council.code)
  const counts: ImportCounts = {
    bytesRead: 0,
    rowsRead: 0,
    rowsLoaded: 0,
    rowsUnchanged: 0,
    rowsWithProblems: 0,
    rowsDropped: 0,
    problems: 0,
    peopleCreated: 0,
    reportingPeriodStartOn: null,
    reportingPeriodEndOn: null,
  }
  let pending: UsableRow[] = []
  let problems: CldProblem[] = []
  let batchNumber = 0
  /** Lines of the pending rows that already have a problem. */
  let pendingWithProblems = new Set<number>()

  const fail = async (error: string): Promise<ImportOutcome> => {
    try {
      await markFailed(db, importId, error)
      await cleanUpImport(db, importId)
    } catch {
      // The database went away (the process is stopping): recovery clears the rest at the next start.
    }
    return { status: 'failed', counts, error }
  }

  /**
   * Hands the batch built so far to the database. Unpaced (the command line),
   * one batch is written while the next is read and checked (on a server the
   * two run at once), never more, so memory stays at two batches. Paced (the
   * service), reading, checking and writing a batch is one stretch of work,
   * after which the import waits as `pause` says.
   */
  const paced = run.pause !== undefined
  let stretchStarted = performance.now()
  let writing: Promise<void> = Promise.resolve()
  const flush = async () => {
    const rows = pending
    const rowProblems = pendingWithProblems
    const batchProblems = problems
    pending = []
    problems = []
    pendingWithProblems = new Set()
    await writing
    if (run.signal?.aborted) throw new Error('The import was stopped before it finished.')
    batchNumber += 1
    await run.beforeBatch?.(batchNumber)
    if (paced && run.pause) {
      await writeBatch(rows, rowProblems, batchProblems)
      await run.pause(performance.now() - stretchStarted)
      stretchStarted = performance.now()
      return
    }
    writing = writeBatch(rows, rowProblems, batchProblems)
    // A failure is raised where the next batch, or the end, waits for this one.
    writing.catch(() => {})
  }

  // The planner's statistics on people are refreshed each time the people
  // this import created double (a few times in all), so that finding a person
  // stays an index lookup however many the council gains.
  let analyzeAtPeople = 1_000
  const writeBatch = async (rows: UsableRow[], rowProblems: Set<number>, batchProblems: CldProblem[]) => {
    counts.bytesRead = reader.bytesRead()
    const started = performance.now()
    await db.transaction().execute(async (tx) => {
      // Locks the import row: a recovery that clears this import as crashed waits, or wins and stops us.
      const current = await sql<{ status: string }>`
        SELECT status FROM cld_imports WHERE id = ${importId}::uuid FOR UPDATE`.execute(tx)
      if (current.rows[0]?.status !== 'loading') throw new ImportNoLongerLoading()

      const people = new Map<string, BatchPerson>()
      for (const row of rows) {
        const sortKey = `${row.event?.event_start_on ?? '0000-00-00'}|${String(row.line).padStart(10, '0')}`
        const held = people.get(row.person.la_person_id)
        if (!held || sortKey > held.sortKey)
          people.set(row.person.la_person_id, { details: row.person, sortKey })
      }
      const { ids, created } = await upsertBatchPeople(tx, context, [...people.values()])
      counts.peopleCreated += created

      const events = rows.flatMap((row) =>
        row.event
          ? [{ line: row.line, event: row.event, personId: ids.get(row.person.la_person_id) as string }]
          : [],
      )
      counts.rowsLoaded += rows.length - events.length
      const incoming: IncomingEvent[] = events.map((e) => ({
        line: e.line,
        key: eventKey(e.event, e.personId),
        content: eventContent(e.event),
        extra: singleSubmissionExtra(e.event),
        event_end_on: e.event.event_end_on,
        event_outcome: e.event.event_outcome,
      }))
      const candidates = await candidateEvents(tx, context, [...new Set(events.map((e) => e.personId))])
      const plan = planBatch(incoming, candidates)
      const inserting = new Set(plan.insert)
      await insertEvents(
        tx,
        context,
        events.filter((e) => inserting.has(e.line)),
      )
      await supersedeEvents(tx, importId, plan.supersede)
      await adoptEvents(tx, importId, plan.adopt)
      counts.rowsLoaded += plan.insert.length + plan.adopt.length - plan.droppedEarlier.length
      counts.rowsUnchanged += plan.adopt.length
      counts.rowsDropped += plan.duplicates.length + plan.droppedEarlier.length

      const earlierWithProblems = await linesWithProblems(
        tx,
        importId,
        plan.droppedEarlier.map((d) => d.line),
      )
      for (const { line, keptLine } of [...plan.duplicates, ...plan.droppedEarlier]) {
        batchProblems.push(duplicateProblem(line, keptLine))
        const alreadyCounted = rowProblems.has(line) || earlierWithProblems.has(line)
        if (!alreadyCounted) {
          counts.rowsWithProblems += 1
          rowProblems.add(line)
        }
      }
      counts.problems += batchProblems.length
      await insertProblems(tx, importId, batchProblems, counts.problems - batchProblems.length)
      await saveProgress(tx, importId, counts)
    })
    const took = Math.max(performance.now() - started, 1)
    if (counts.peopleCreated >= analyzeAtPeople) {
      await refreshPeopleStatistics(db)
      analyzeAtPeople = counts.peopleCreated * 2
    }
    if (run.batchSize === undefined && rows.length > 0) {
      const next = Math.round((rows.length * batchMs) / took)
      batchSize = Math.min(MAX_BATCH, Math.max(MIN_BATCH, Math.round((batchSize + next) / 2)))
    }
    run.onProgress?.({ ...counts })
    if (!paced) await yieldToEventLoop()
  }

  try {
    for await (const { headerProblems, rows } of reader.chunks) {
      problems.push(...headerProblems)
      for (const result of rows) {
        counts.rowsRead += 1
        if (result.problems.length > 0) {
          problems.push(...result.problems)
          counts.rowsWithProblems += 1
        }
        if (!result.usable) {
          counts.rowsDropped += 1
          continue
        }
        if (result.problems.length > 0) pendingWithProblems.add(result.line)
        notePeriod(counts, result)
        pending.push(result)
        if (pending.length >= batchSize) await flush()
      }
      if (problems.length >= batchSize) await flush()
      // Pages waiting since this chunk of the file was read go first.
      else if (paced) await yieldToEventLoop()
    }
    await flush()
    await writing
    counts.bytesRead = reader.bytesRead()
    if (!(await completeImport(db, importId, counts))) throw new ImportNoLongerLoading()
    run.onProgress?.({ ...counts })
    // PGlite runs no autovacuum: without fresh statistics, queries on the new rows plan badly.
    await refreshStatistics(db)
    await applyPeopleDetails(db, importId)
    return { status: 'complete', counts }
  } catch (error) {
    // A batch still being written finishes (or fails) before anything is cleared.
    await writing.catch(() => {})
    if (error instanceof CldHeaderError) return fail(error.message)
    if (error instanceof ImportNoLongerLoading) {
      return { status: 'failed', counts, error: 'The import was stopped and cleared before it finished.' }
    }
    const reason =
      error instanceof Error && error.message === 'The import was stopped before it finished.'
        ? error.message
        : 'The import stopped because of an error in ASCEND. Nothing from the file was loaded; try again.'
    return fail(reason)
  }
}

function duplicateProblem(line: number, keptLine: number): CldProblem {
  return {
    line,
    field: '(row)',
    value: '',
    problem: `The same event as line ${keptLine} (same person, client type, event type, dates and details)`,
    action: `Row dropped: line ${keptLine} kept`,
  }
}

function notePeriod(counts: ImportCounts, row: UsableRow) {
  const start = row.reportingPeriodStartOn
  const end = row.reportingPeriodEndOn
  if (start && (counts.reportingPeriodStartOn === null || start < counts.reportingPeriodStartOn)) {
    counts.reportingPeriodStartOn = start
  }
  if (end && (counts.reportingPeriodEndOn === null || end > counts.reportingPeriodEndOn)) {
    counts.reportingPeriodEndOn = end
  }
}

/** How long a 'loading' import may go without progress before it is taken to have crashed. */
export const STALE_AFTER_SECONDS = 30

/**
 * Finishes what crashed or restarted processes left: a 'loading' import with
 * no progress for `staleAfterSeconds` is failed and its rows deleted; a failed
 * import's leftovers are deleted; a complete import's person details are
 * applied. Imports this process is running (`skip`) are left alone. Run at
 * start-up and before each new import.
 *
 * @example
 * await recoverImports(db, { skip: jobs.runningIds() })
 */
export async function recoverImports(
  db: Db,
  options: { staleAfterSeconds?: number; skip?: ReadonlySet<string> } = {},
): Promise<string[]> {
  const stale = await importsNeedingRecovery(db, options.staleAfterSeconds ?? STALE_AFTER_SECONDS)
  const recovered: string[] = []
  for (const { id, status } of stale) {
    if (options.skip?.has(id)) continue
    if (status === 'loading') {
      await markFailed(
        db,
        id,
        'The import stopped before it finished (ASCEND was stopped or restarted). Nothing from the file was loaded; import it again.',
      )
      await cleanUpImport(db, id)
    } else if (status === 'failed') {
      await cleanUpImport(db, id)
    } else {
      await applyPeopleDetails(db, id)
    }
    recovered.push(id)
  }
  return recovered
}
