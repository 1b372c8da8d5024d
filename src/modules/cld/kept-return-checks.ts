/**
 * Checks of a council's CLD return, kept while the council's records are as
 * they were and worked out in the background. A return reads every event of
 * the rolling year: on the embedded database, the seeded large council's
 * (43,550 rows) took 1.5–2.3 s, a council of a million CLD events' (828,828
 * rows) 24–25 s, which no page should wait for. A page waits a little for a
 * check; past that it says the check is under way and shows it when done.
 * One check a council and quarter runs at a time, however often it is asked
 * for, and one kept stands until the council's data version moves. The latest
 * is also stored, so a restart shows it rather than checking again.
 */
import { type Kysely, sql } from 'kysely'
import type { Schema } from '../../schema.ts'
import { dataVersion } from '../measures/store.ts'
import type { ExportPace } from './export-pace.ts'
import { checkCldReturn, type ReturnCheck } from './return-check.ts'
import type { ReportingQuarter } from './rules.ts'

export interface KeptCheck {
  check: ReturnCheck
  /** When it was begun: it is of the records as they were then. */
  checkedAt: Date
}

export interface ReturnCheckState {
  /** The latest check made, if any. */
  kept?: KeptCheck
  /** Whether the records have not changed since it was begun. */
  fresh: boolean
}

export interface KeptReturnChecks {
  /**
   * The latest check of the council's return for a quarter, after starting
   * one (unless it is fresh or one is under way) and waiting for the one
   * under way up to `waitMs` (all of it when undefined).
   */
  current(
    council: { id: string; code: string },
    quarter: ReportingQuarter,
    waitMs?: number,
  ): Promise<ReturnCheckState>
  /** Whether a page waiting for a check should show itself again: it is fresh, or none is under way. */
  ready(council: { id: string }, quarter: ReportingQuarter): Promise<boolean>
  /** Waits for the checks under way (closing the service). */
  close(): Promise<void>
}

/**
 * @example
 * const checks = keptReturnChecks(db, (error) => log.error(error))
 * const { kept, fresh } = await checks.current(council, quarter, 2_000)
 */
export function keptReturnChecks(
  db: Kysely<Schema>,
  onError: (error: unknown) => void,
  pace?: ExportPace,
): KeptReturnChecks {
  const kept = new Map<string, KeptCheck & { version: string }>()
  const running = new Map<string, Promise<void>>()
  const keyOf = (council: { id: string }, quarter: ReportingQuarter) => `${council.id}|${quarter.label}`
  // The stored check, read once a council and quarter after a start.
  const stored = async (council: { id: string }, quarter: ReportingQuarter) => {
    const key = keyOf(council, quarter)
    if (kept.has(key)) return
    const row = await db
      .selectFrom('cld_return_checks')
      .select(['data_version', 'checked_at', 'outcome'])
      .where('council_id', '=', council.id)
      .where('quarter', '=', quarter.label)
      .executeTakeFirst()
    if (row && !kept.has(key))
      kept.set(key, {
        check: row.outcome as ReturnCheck,
        checkedAt: row.checked_at,
        version: row.data_version,
      })
  }
  const store = (
    council: { id: string },
    quarter: ReportingQuarter,
    found: KeptCheck & { version: string },
  ) =>
    sql`
      INSERT INTO cld_return_checks (council_id, quarter, data_version, checked_at, outcome)
      VALUES (${council.id}::uuid, ${quarter.label}, ${found.version}, ${found.checkedAt}, ${JSON.stringify(found.check)}::jsonb)
      ON CONFLICT (council_id, quarter) DO UPDATE SET data_version = EXCLUDED.data_version,
        checked_at = EXCLUDED.checked_at, outcome = EXCLUDED.outcome
      WHERE cld_return_checks.checked_at <= EXCLUDED.checked_at`.execute(db)
  const stateOf = (key: string, version: string): ReturnCheckState => {
    const found = kept.get(key)
    return found
      ? { kept: { check: found.check, checkedAt: found.checkedAt }, fresh: found.version === version }
      : { fresh: false }
  }
  return {
    async current(council, quarter, waitMs) {
      const key = keyOf(council, quarter)
      await stored(council, quarter)
      const version = await dataVersion(db, council.id)
      if (stateOf(key, version).fresh) return stateOf(key, version)
      let work = running.get(key)
      if (!work) {
        // The version is read before the check begins: a change while it runs leaves it kept as of before.
        const checkedAt = new Date()
        work = checkCldReturn(db, council, quarter, pace)
          .then(async (check) => {
            const found = { check, checkedAt, version }
            kept.set(key, found)
            await store(council, quarter, found)
          })
          .catch((error: unknown) => onError(error))
          .finally(() => running.delete(key))
        running.set(key, work)
      }
      if (waitMs === undefined) await work
      else if (waitMs > 0) {
        let timer: NodeJS.Timeout | undefined
        await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))])
        clearTimeout(timer)
      }
      return stateOf(key, version)
    },
    async ready(council, quarter) {
      const key = keyOf(council, quarter)
      return !running.has(key) || stateOf(key, await dataVersion(db, council.id)).fresh
    },
    async close() {
      await Promise.all(running.values())
    },
  }
}
