import type { Kysely } from 'kysely'
import { addDays } from '../../kernel/dates.ts'
import type { Schema } from '../../schema.ts'
import { financialYear, financialYearOf, financialYearsUpTo, type Period } from '../measures/periods.ts'

/**
 * The periods the pages about funding requests (the cost of deciding,
 * practice consistency) are read for: a financial year the council has
 * requests in, or by default the twelve months to today.
 */

/**
 * A financial year, or the twelve months to today when none is chosen.
 *
 * @example
 * yearOrLastTwelveMonths('', '2026-06-15') // { start: '2025-06-16', end: '2026-06-15', label: 'the last 12 months' }
 */
export function yearOrLastTwelveMonths(year: string, today: string): Period {
  if (year) return financialYear(year)
  return { start: addDays(today, -364), end: today, label: 'the last 12 months' }
}

/**
 * The financial years from the council's first funding request to today's, newest first.
 *
 * @example
 * await fundingYears(db, user.councilId, '2026-06-15') // ['2026-27', '2025-26']
 */
export async function fundingYears(db: Kysely<Schema>, councilId: string, today: string): Promise<string[]> {
  const row = await db
    .selectFrom('funding_requests')
    .select((eb) => eb.fn.min('submitted_at').as('first'))
    .where('council_id', '=', councilId)
    .executeTakeFirst()
  const first = row?.first as Date | string | null | undefined
  const day = first ? (first instanceof Date ? first : new Date(first)).toISOString().slice(0, 10) : today
  return financialYearsUpTo(today, Number(financialYearOf(day).slice(0, 4)))
}
