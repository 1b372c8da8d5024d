/**
 * How a CLD return made in the service shares the thread with pages, as an
 * import does (import-jobs.ts): on the embedded database a query holds the
 * one thread, so a page asked for while a page of rows is read waits for it.
 * Idle, a page of rows takes about 15 ms; while pages are asked for, 3 ms,
 * and five times its working time is given back before the next.
 */
import { setImmediate as nextTurn } from 'node:timers/promises'
import { BUSY_GIVE_BACK } from './pages-busy.ts'

export interface ExportPace {
  /** How long a page of rows should take now, in milliseconds. */
  pageMs(): number
  /** After a page that took `tookMs`: resolves when the next may start. */
  after(tookMs: number): Promise<void>
}

const IDLE_PAGE_MS = 15
const BUSY_PAGE_MS = 3

/**
 * @example
 * writeCldExport({ …, pace: servicePace(pagesBusy(app)) })
 */
export function servicePace(busy: () => boolean): ExportPace {
  return {
    pageMs: () => (busy() ? BUSY_PAGE_MS : IDLE_PAGE_MS),
    after: async (tookMs) => {
      if (busy()) await new Promise((resolve) => setTimeout(resolve, Math.ceil(tookMs * BUSY_GIVE_BACK)))
      else await nextTurn()
    },
  }
}
