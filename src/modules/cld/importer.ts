/**
 * Runs a CLD import: a worker thread reads the file and checks every row
 * (checking-thread.ts) while this thread loads the usable ones in batches,
 * each its own short transaction of a few set-based statements (the event
 * loop free between them), then makes them count in one short final
 * transaction. Memory stays bounded whatever the file's size: the batch
 * being written and the one being checked.
 */
import type { Readable } from 'node:stream'
import { type Kysely, sql } from 'kysely'
import type { Schema } from '../../schema.ts'
import { type CheckedBatch, unpackEvent } from './checked-batches.ts'
import { type CheckingThread, startChecking } from './checking-thread.ts'
import { ArrayLiteral } from './pg-array.ts'
import { type IncomingEvent, planBatch } from './resolve-events.ts'
import {
  adoptEvents,
  applyPeopleDetails,
  candidateEvents,
  cleanUpImport,
  completeImport,
  type ImportCounts,
  importsNeedingRecovery,
  insertBatchEvents,
  insertBatchPeople,
  insertProblems,
  linesWithProblems,
  markFailed,
  refreshPeopleStatistics,
  refreshStatistics,
  saveProgress,
  supersedeEvents,
} from './store.ts'
import { CldHeaderError, type CldProblem } from './validator.ts'

type Db = Kysely<Schema>

/**
 * How long one batch's transaction should take. On the embedded database a
 * transaction holds the only connection and the only thread, so a page
 * waits at most about this long behind an import; the command line, with no
 * pages to serve, takes longer batches, which load faster.
 */
export const PAGE_FRIENDLY_BATCH_MS = 20
/** A batch's transaction from the command line: longer, so the import loads faster. */
export const COMMAND_LINE_BATCH_MS = 1_000
/**
 * The fewest rows in a batch. On the embedded database a batch of 100 rows
 * took about 8 ms, nearly all of it growing with its rows (each event's
 * foreign keys and indexes), so a batch short enough for a page to wait
 * behind it unnoticed has a few dozen.
 */
const MIN_BATCH = 20
/**
 * The most rows in a batch. A batch is a few hundred bytes a row, held twice
 * (written, and checked meanwhile), and PGlite keeps the memory its largest
 * statement needed; past a few thousand rows a batch's fixed cost is nothing.
 */
const MAX_BATCH = 20_000

export interface ImportRun {
  db: Db
  importId: string
  council: { id: string; code: string; synthetic: boolean }
  /** The file: its path (read on the checking thread), or its bytes. */
  source: Readable | string
  /**
   * Runs the checking thread at a low CPU priority (the service's imports): on
   * a busy machine the threads answering pages come first.
   */
  lowPriorityChecking?: boolean
  /** A fixed number of rows per batch (tests); otherwise sized to take `batchMs`. */
  batchSize?: number
  /**
   * How long a batch's transaction should take (default PAGE_FRIENDLY_BATCH_MS);
   * a function is asked after each batch, for the size of those to come.
   */
  batchMs?: number | (() => number)
  /** Stops the import at the next batch; it is then failed and its rows deleted. */
  signal?: AbortSignal
  /** Called after each batch with the counts so far. */
  onProgress?: (counts: ImportCounts) => void
  /**
   * Paces the import: called after each batch with how long writing it took,
   * and waited for. The service waits longer while pages are being asked
   * for, so that they are served first. Without it, the import yields one
   * turn of the event loop between batches.
   */
  pause?: (workedMs: number) => Promise<void>
  /**
   * Where checked batches come from instead of a checking thread over
   * `source` (the bench times the writes alone this way).
   */
  checked?: CheckingThread
  /** Tests only: runs before each batch is written, to interrupt an import midway. */
  beforeBatch?: (batchNumber: number) => Promise<void>
}

export type ImportOutcome =
  | { status: 'complete'; counts: ImportCounts }
  | { status: 'failed'; counts: ImportCounts; error: string }

/** Thrown inside an import when the import record is no longer 'loading' (cleared as crashed). */
class ImportNoLongerLoading extends Error {}

const STOPPED = 'The import was stopped before it finished.'
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Imports a CLD file into a council. The import record (`createImport`) must
 * exist and be 'loading'. Problems are reported, never thrown: a file whose
 * header is not CLD fails with a message and loads nothing; any other error
 * fails the import the same way and deletes what it had written.
 *
 * @example
 * const importId = await createImport(db, { councilId, fileName, channel: 'cli', createdBy: null, bytesTotal })
 * const outcome = await runImport({ db, importId, council, source: file })
 */
export async function runImport(run: ImportRun): Promise<ImportOutcome> {
  const { db, importId, council } = run
  // Rows per batch: fixed when asked, else adjusted after each batch so that
  // its transaction takes about `batchMs`.
  let batchSize = run.batchSize ?? 500
  const { batchMs: given } = run
  const batchMs = typeof given === 'function' ? given : () => given ?? PAGE_FRIENDLY_BATCH_MS
  const context = { importId, councilId: council.id, synthetic: council.synthetic }
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

  const fail = async (error: string): Promise<ImportOutcome> => {
    try {
      await markFailed(db, importId, error)
      await cleanUpImport(db, importId)
    } catch {
      // The database went away (the process is stopping): recovery clears the rest at the next start.
    }
    return { status: 'failed', counts, error }
  }

  // The planner's statistics on people are refreshed each time the people
  // this import created double (a few times in all), so that finding a person
  // stays an index lookup however many the council gains.
  let analyzeAtPeople = 1_000
  const writeBatch = async (batch: CheckedBatch) => {
    counts.bytesRead = batch.bytesRead
    counts.rowsRead += batch.rowsRead
    counts.rowsWithProblems += batch.rowsWithProblems
    counts.rowsDropped += batch.rowsDropped
    notePeriod(counts, batch)
    const batchProblems: CldProblem[] = batch.problems
    const rowProblems = new Set(batch.problemLines)
    await db.transaction().execute(async (tx) => {
      // Locks the import row: a recovery that clears this import as crashed waits, or wins and stops us.
      const current = await sql<{ status: string }>`
        SELECT status FROM cld_imports WHERE id = ${importId}::uuid FOR UPDATE`.execute(tx)
      if (current.rows[0]?.status !== 'loading') throw new ImportNoLongerLoading()
      // A server's JIT compiled the people statement afresh for every batch
      // (its estimates are far off): 0.4 to 0.9 s of a batch that runs in 0.1 s.
      await sql`SET LOCAL jit = off`.execute(tx)

      const people = await insertBatchPeople(tx, context, batch.people)
      counts.peopleCreated += people.created
      counts.rowsLoaded += batch.personOnlyRows

      // People new in this batch have no events yet: their events kept
      // (second copies within the batch were found by the checking thread)
      // are all inserted, and only the others' are compared with the database.
      const existing = new Set(people.existing.map((person) => person.ordinal))
      const compared: IncomingEvent[] = []
      const held: { personId: string; startOn: string }[] = []
      for (let i = 0; existing.size > 0 && i < batch.kept.count; i++) {
        const person = batch.kept.persons[i] as number
        if (!existing.has(person)) continue
        compared.push(unpackEvent(batch.kept, i))
        held.push({ personId: people.ids[person - 1] as string, startOn: batch.kept.starts[i] as string })
      }
      const candidates = await candidateEvents(tx, context, held)
      const plan = planBatch(compared, candidates)
      const inserting = new Set(plan.insert)
      const skip = batch.duplicates.map((duplicate) => duplicate.line)
      for (const row of compared) if (!inserting.has(row.line)) skip.push(row.line)
      const personIds = new ArrayLiteral()
      for (let i = 0; i < batch.people.count; i++) {
        const id = people.ids[i]
        if (id === undefined) throw new Error(`No id for the batch's person ${i + 1}`)
        personIds.pushUnique(id)
      }
      await insertBatchEvents(tx, context, batch.events, personIds.toString(), skip)
      await supersedeEvents(tx, importId, plan.supersede)
      await adoptEvents(tx, importId, plan.adopt)
      const insertedUncompared = batch.kept.count - compared.length
      counts.rowsLoaded +=
        insertedUncompared + plan.insert.length + plan.adopt.length - plan.droppedEarlier.length
      counts.rowsUnchanged += plan.adopt.length
      counts.rowsDropped += batch.duplicates.length + plan.duplicates.length + plan.droppedEarlier.length

      const earlierWithProblems = await linesWithProblems(
        tx,
        importId,
        plan.droppedEarlier.map((d) => d.line),
      )
      for (const { line, keptLine } of [...batch.duplicates, ...plan.duplicates, ...plan.droppedEarlier]) {
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
    if (counts.peopleCreated >= analyzeAtPeople) {
      await refreshPeopleStatistics(db)
      analyzeAtPeople = counts.peopleCreated * 2
    }
  }

  const checking =
    run.checked ?? startChecking(run.source, council.code, { lowPriority: run.lowPriorityChecking })
  // A batch is checked while the one before it is written.
  const ask = (size: number) => {
    const next = checking.next(size)
    next.catch(() => {})
    return next
  }
  try {
    let batchNumber = 0
    let upcoming = ask(batchSize)
    for (;;) {
      const batch = await upcoming
      if (!batch) break
      if (run.signal?.aborted) throw new Error(STOPPED)
      batchNumber += 1
      await run.beforeBatch?.(batchNumber)
      upcoming = ask(batchSize)
      const started = performance.now()
      await writeBatch(batch)
      const took = Math.max(performance.now() - started, 1)
      const rows = batch.events.count + batch.personOnlyRows
      if (run.batchSize === undefined && rows > 0) {
        const next = Math.round((rows * batchMs()) / took)
        batchSize = Math.min(MAX_BATCH, Math.max(MIN_BATCH, Math.round((batchSize + next) / 2)))
      }
      run.onProgress?.({ ...counts })
      if (run.pause) await run.pause(took)
      else await yieldToEventLoop()
    }
    if (run.signal?.aborted) throw new Error(STOPPED)
    if (!(await completeImport(db, importId, counts))) throw new ImportNoLongerLoading()
    run.onProgress?.({ ...counts })
    // PGlite runs no autovacuum: without fresh statistics, queries on the new rows plan badly.
    await refreshStatistics(db)
    await applyPeopleDetails(db, importId)
    return { status: 'complete', counts }
  } catch (error) {
    if (error instanceof CldHeaderError) return fail(error.message)
    if (error instanceof ImportNoLongerLoading) {
      return { status: 'failed', counts, error: 'The import was stopped and cleared before it finished.' }
    }
    const reason =
      error instanceof Error && error.message === STOPPED
        ? error.message
        : 'The import stopped because of an error in ASCEND. Nothing from the file was loaded; try again.'
    return fail(reason)
  } finally {
    await checking.close()
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

function notePeriod(counts: ImportCounts, batch: CheckedBatch) {
  const start = batch.reportingPeriodStartOn
  const end = batch.reportingPeriodEndOn
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
