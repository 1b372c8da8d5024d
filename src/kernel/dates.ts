import { madeAtFirstUse } from './made-at-first-use.ts'

/** Today's date as YYYY-MM-DD in UTC (ASCEND's dates carry no time zone). */
export const isoDay = (at: Date): string => at.toISOString().slice(0, 10)

/**
 * Adds whole days to an ISO date.
 *
 * @example
 * addDays('2025-03-31', 1) // '2025-04-01'
 */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return isoDay(date)
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/**
 * Age in whole years on a date.
 *
 * @example
 * ageOn('1950-06-15', '2025-06-14') // 74
 */
export function ageOn(dateOfBirth: string, on: string): number {
  // ISO days compare as text: a birthday not yet reached in the year is a later month and day.
  return (
    Number(on.slice(0, 4)) -
    Number(dateOfBirth.slice(0, 4)) -
    (on.slice(5, 10) < dateOfBirth.slice(5, 10) ? 1 : 0)
  )
}

// Building an Intl formatter is costly (it showed in page profiles): make each once, when first needed.
const GOVUK_DATE = madeAtFirstUse(
  () =>
    new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }),
)
const GOVUK_DATE_TIME = madeAtFirstUse(
  () =>
    new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: 'Europe/London',
    }),
)

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})/

/** '2025-04-01' → '1 April 2025', as GOV.UK writes dates. */
export function formatDate(day: string | null | undefined): string {
  if (!day) return ''
  // A page can show hundreds of dates: an ISO day is spelt out directly, Intl only for anything else.
  const [, year, month, date] = ISO_DAY.exec(day) ?? []
  const monthName = MONTHS[Number(month) - 1]
  if (year && monthName && Number(date) >= 1 && Number(date) <= 31 && Number(year) >= 1000)
    return `${Number(date)} ${monthName} ${year}`
  return GOVUK_DATE().format(new Date(`${day.slice(0, 10)}T00:00:00Z`))
}

/**
 * A moment in UK time, as GOV.UK writes it.
 *
 * @example
 * formatDateTime(new Date('2026-06-15T12:30:00Z')) // '15 June 2026 at 13:30'
 */
export function formatDateTime(at: Date | string | null | undefined): string {
  if (!at) return ''
  return GOVUK_DATE_TIME().format(at instanceof Date ? at : new Date(at))
}
