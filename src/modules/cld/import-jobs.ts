import fs from 'node:fs'
import type { Kysely } from 'kysely'
import type { Schema } from '../../schema.ts'
import { type ImportOutcome, recoverImports, runImport } from './importer.ts'
import { BUSY_GIVE_BACK } from './pages-busy.ts'

type Db = Kysely<Schema>

/**
 * A batch's transaction in the service: short, so a page waits little behind
 * it. (Longer batches while no page was asked for loaded faster, but the first
 * page to come then waited for a whole one: p95 during an import went from
 * 1.4× to 4.8× idle in the bench.)
 */
const SERVICE_BATCH_MS = 10
/**
 * While pages are being asked for, shorter still: a page that arrives during
 * a batch waits for the rest of it, and with pages answered in under 8 ms
 * (p95, 8 clients) 10 ms batches made p95 2.4× idle in the bench; once pages
 * answered in 5.5 ms, 4 ms batches with twice their time given back made it
 * 2.1–2.2×, and 3 ms with three times 1.8–1.9× (two runs each).
 */
const BUSY_BATCH_MS = 3

export interface StartJob {
  importId: string
  council: { id: string; code: string; synthetic: boolean }
  /** The uploaded file, deleted when the import ends. */
  filePath: string
}

/**
 * The imports this process runs in the background for the web and the API:
 * each reads its uploaded file from disk while pages go on being served
 * (every batch yields to the event loop). On close, running imports are
 * stopped (failed, their rows deleted) before the database closes.
 *
 * @example
 * const jobs = new ImportJobs(db)
 * jobs.start({ importId, council, filePath })
 * await jobs.close()
 */
export class ImportJobs {
  private readonly running = new Map<string, { controller: AbortController; done: Promise<ImportOutcome> }>()

  /**
   * @param pagesBusy whether pages are being asked for now: while they are,
   *   an import waits five times as long as each batch's work took before
   *   the next, so it has at most a sixth of the thread (on the embedded
   *   database, the only one), and its checking thread yields the CPU to them.
   */
  constructor(
    private readonly db: Db,
    private readonly pagesBusy: () => boolean = () => false,
  ) {}

  /** The ids of imports running here, which a recovery must leave alone. */
  runningIds(): ReadonlySet<string> {
    return new Set(this.running.keys())
  }

  /** Clears what crashed processes left, except what runs here. */
  recover(staleAfterSeconds?: number): Promise<string[]> {
    return recoverImports(this.db, { staleAfterSeconds, skip: this.runningIds() })
  }

  start(job: StartJob): Promise<ImportOutcome> {
    const controller = new AbortController()
    const done = (async () => {
      try {
        return await runImport({
          db: this.db,
          importId: job.importId,
          council: job.council,
          // Read and checked on a thread of its own (checking-thread.ts), a chunk at a time.
          source: job.filePath,
          lowPriorityChecking: true,
          signal: controller.signal,
          batchMs: () => (this.pagesBusy() ? BUSY_BATCH_MS : SERVICE_BATCH_MS),
          pause: (worked) =>
            new Promise<void>((resolve) => {
              if (this.pagesBusy()) setTimeout(resolve, Math.ceil(worked * BUSY_GIVE_BACK))
              else setImmediate(resolve)
            }),
        })
      } finally {
        this.running.delete(job.importId)
        await fs.promises.rm(job.filePath, { force: true })
      }
    })()
    this.running.set(job.importId, { controller, done })
    return done
  }

  async close(): Promise<void> {
    const jobs = [...this.running.values()]
    for (const job of jobs) job.controller.abort()
    await Promise.allSettled(jobs.map((job) => job.done))
  }
}
