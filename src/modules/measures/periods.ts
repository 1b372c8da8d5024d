import { addDays, formatDate } from '../../kernel/dates.ts'

/** A reporting period: whole days from `start` to `end`, both included. */
export interface Period {
  start: string
  end: string
  label: string
}

const YEAR_LABEL = /^(\d{4})-(\d{2})$/

/**
 * Whether a string names a UK financial year the way ASCEND writes it ('2024-25').
 *
 * @example
 * isFinancialYear('2024-25') // true
 * isFinancialYear('2024-26') // false
 */
export function isFinancialYear(label: string): boolean {
  const match = YEAR_LABEL.exec(label)
  if (!match) return false
  const first = Number(match[1])
  return (first + 1) % 100 === Number(match[2]) && first >= 1990 && first < 2100
}

/**
 * The financial year (1 April to 31 March) a label names.
 *
 * @example
 * financialYear('2024-25') // { start: '2024-04-01', end: '2025-03-31', label: '2024-25' }
 */
export function financialYear(label: string): Period {
  if (!isFinancialYear(label)) throw new Error(`Not a financial year: ${label}`)
  const first = Number(label.slice(0, 4))
  return { start: `${first}-04-01`, end: `${first + 1}-03-31`, label }
}

/**
 * The financial year a date falls in.
 *
 * @example
 * financialYearOf('2025-03-31') // '2024-25'
 * financialYearOf('2025-04-01') // '2025-26'
 */
export function financialYearOf(day: string): string {
  const year = Number(day.slice(0, 4))
  const first = Number(day.slice(5, 7)) >= 4 ? year : year - 1
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`
}

/**
 * The rolling twelve months ending on a day: how DHSC publishes ASCOF from
 * CLD each quarter (January 2026 brings the figures for January to December 2025).
 *
 * @example
 * rollingYearTo('2024-06-30') // { start: '2023-07-01', end: '2024-06-30', label: '12 months to 30 June 2024' }
 */
export function rollingYearTo(end: string): Period {
  // The day after `end`, a year earlier: always a real date, even round 29 February.
  const next = addDays(end, 1)
  const monthDay = next.slice(4) === '-02-29' ? '-03-01' : next.slice(4)
  const start = `${Number(next.slice(0, 4)) - 1}${monthDay}`
  return { start, end, label: `12 months to ${formatDate(end)}` }
}

/**
 * The four rolling years that end at each quarter end of a financial year,
 * the last of which is the financial year itself.
 *
 * @example
 * quarterlyRollingYears('2024-25').map((p) => p.end) // ['2024-06-30', '2024-09-30', '2024-12-31', '2025-03-31']
 */
export function quarterlyRollingYears(label: string): Period[] {
  const first = Number(financialYear(label).start.slice(0, 4))
  return [`${first}-06-30`, `${first}-09-30`, `${first}-12-31`, `${first + 1}-03-31`].map(rollingYearTo)
}

/**
 * Which ONS mid-year population a period's rates use: the mid-year of the
 * financial year the period starts in (DHSC divide 2024-25 by mid-2024, and the
 * twelve months to December 2025 by mid-2024 too).
 *
 * @example
 * populationYearFor(financialYear('2024-25')) // 2024
 */
export function populationYearFor(period: Pick<Period, 'start'>): number {
  return Number(financialYearOf(period.start).slice(0, 4))
}

/**
 * Financial years from `first` to the one containing `today`, newest first.
 *
 * @example
 * financialYearsUpTo('2026-06-15', 2024) // ['2026-27', '2025-26', '2024-25']
 */
export function financialYearsUpTo(today: string, first: number): string[] {
  const last = Number(financialYearOf(today).slice(0, 4))
  const years: string[] = []
  for (let year = last; year >= first; year--)
    years.push(`${year}-${String((year + 1) % 100).padStart(2, '0')}`)
  return years
}
