/**
 * Which quarters a council may make its CLD return for: the quarter under way
 * (a return of the records so far, to check them before it ends) and the
 * ones before it. A quarter not yet begun has no return.
 */
import { parseQuarter, type ReportingQuarter } from './rules.ts'

export interface ReturnQuarter extends ReportingQuarter {
  /** As people write it: '2025-26 Q2'. */
  name: string
  /** The quarter itself, within the rolling twelve months the file covers. */
  quarterStartOn: string
  /** False for the quarter under way on the day asked. */
  ended: boolean
}

/** '2025-07-01' → '2025-26-Q2': the financial-year quarter (April to March) a day falls in. */
export function quarterOfDay(day: string): string {
  const year = Number(day.slice(0, 4))
  const month = Number(day.slice(5, 7))
  const startYear = month >= 4 ? year : year - 1
  const quarter = month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}-Q${quarter}`
}

/** The first day of a quarter's own three months, from the rolling year's last day. */
function quarterStart(periodEndOn: string): string {
  const end = new Date(`${periodEndOn}T00:00:00Z`)
  return new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 2, 1)).toISOString().slice(0, 10)
}

/**
 * A quarter named in an address or a form, if a return can be made for it on
 * `today`: a quarter as `parseQuarter` reads it that has begun.
 *
 * @example
 * returnQuarter('2026-27-Q1', '2026-06-15') // { label: '2026-27-Q1', ended: false, … }
 * returnQuarter('2026-27-Q2', '2026-06-15') // undefined (not begun)
 */
export function returnQuarter(text: string, today: string): ReturnQuarter | undefined {
  const quarter = parseQuarter(text)
  if (!quarter) return undefined
  const quarterStartOn = quarterStart(quarter.periodEndOn)
  if (quarterStartOn > today) return undefined
  return {
    ...quarter,
    name: quarter.label.replace('-Q', ' Q'),
    quarterStartOn,
    ended: quarter.periodEndOn < today,
  }
}

/**
 * The quarters offered for a return, latest first: the one under way and the
 * `count - 1` before it.
 *
 * @example
 * returnQuarters('2026-06-15', 3).map((q) => q.label) // ['2026-27-Q1', '2025-26-Q4', '2025-26-Q3']
 */
export function returnQuarters(today: string, count = 8): ReturnQuarter[] {
  const quarters: ReturnQuarter[] = []
  let day = today
  while (quarters.length < count) {
    const quarter = returnQuarter(quarterOfDay(day), today) as ReturnQuarter
    quarters.push(quarter)
    // The day before this quarter began is in the one before it.
    day = new Date(Date.parse(`${quarter.quarterStartOn}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
  }
  return quarters
}
