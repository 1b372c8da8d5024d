/**
 * Age the way the national CLD pipeline works it out. DHSC never see a date
 * of birth, only its year and month, so a person is taken to be born on the
 * first of their birth month, and whole years are the days since then
 * divided by 365.25 and rounded down. Near a birthday this can differ from
 * the true age by one either way, and the national figures carry that, so
 * ours do too.
 */
import { daysBetween } from '../../kernel/dates.ts'

export type WorkingAgeBand = 'Under 18' | '18 to 64' | '65 and above' | 'Unknown'

/**
 * The first day of the month someone was born in.
 *
 * @example
 * birthMonthStart('1960-04-20') // '1960-04-01'
 */
export function birthMonthStart(dateOfBirth: string): string {
  return `${dateOfBirth.slice(0, 7)}-01`
}

/**
 * Age in whole years on a day, from the first of the birth month, in 365.25-day years.
 *
 * @example
 * ageFromBirthMonth('1960-04-20', '2025-04-05') // 65 (true age 64)
 * ageFromBirthMonth('1960-04-01', '2025-04-01') // 64 (a 65th birthday, but 23,741 days is 64.999 years)
 */
export function ageFromBirthMonth(dateOfBirth: string | null, on: string): number | null {
  if (!dateOfBirth) return null
  return Math.floor(daysBetween(birthMonthStart(dateOfBirth), on) / 365.25)
}

/**
 * The age band the ASCOF scripts report by.
 *
 * @example
 * workingAgeBand(64) // '18 to 64'
 * workingAgeBand(null) // 'Unknown'
 */
export function workingAgeBand(age: number | null): WorkingAgeBand {
  if (age === null) return 'Unknown'
  if (age < 18) return 'Under 18'
  return age <= 64 ? '18 to 64' : '65 and above'
}

/** SQL for the first of the birth month of a date-of-birth column (PostgreSQL and DuckDB alike). */
export const birthMonthStartSql = (column: string) =>
  `make_date(extract(year from ${column})::int, extract(month from ${column})::int, 1)`

/** SQL for `ageFromBirthMonth`: whole 365.25-day years from a birth-month start to a day. */
export const ageSql = (birthMonthStartColumn: string, on: string) =>
  `floor((${on} - ${birthMonthStartColumn}) / 365.25)`
