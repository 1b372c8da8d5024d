/**
 * How measure values and counts are written on pages, in charts and in the
 * printed self-assessment: one place, so a chart and the table beside it
 * always say the same.
 */

const number = (digits: number) =>
  new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const oneDecimal = number(1)
const twoDecimals = number(2)
const whole = number(0)

/**
 * A measure's value in its unit.
 *
 * @example
 * formatValue('percent', 41.666) // '41.7%'
 * formatValue('pounds per person', 12345.6) // '£12,346'
 * formatValue('days', null) // 'No value'
 */
export function formatValue(unit: string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'No value'
  switch (unit) {
    case 'percent':
      return `${oneDecimal.format(value)}%`
    case 'per 100,000':
      return `${oneDecimal.format(value)} per 100,000`
    case 'per 1,000':
      return `${oneDecimal.format(value)} per 1,000`
    case 'pounds per person':
      return `£${whole.format(value)}`
    case 'days':
      return `${oneDecimal.format(value)} days`
    default:
      return twoDecimals.format(value)
  }
}

/**
 * A count as published: with thousands separators, or 'Suppressed'.
 *
 * @example
 * formatCount(1205) // '1,205'
 * formatCount(null) // 'Suppressed'
 */
export function formatCount(count: number | null | undefined, missing = 'Suppressed'): string {
  return count === null || count === undefined ? missing : whole.format(count)
}

/**
 * A context figure: counts as whole numbers, scores and shares to one decimal place.
 *
 * @example
 * formatContext('ruralPercent', 12.5) // '12.5'
 */
export function formatContext(variable: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return 'Not given'
  return variable === 'deprivationScore' || variable === 'ruralPercent'
    ? oneDecimal.format(value)
    : whole.format(value)
}

/**
 * Ordinal of a rank, for "3rd of 9".
 *
 * @example
 * ordinal(1) // '1st'
 * ordinal(12) // '12th'
 * ordinal(23) // '23rd'
 */
export function ordinal(n: number): string {
  const tens = n % 100
  if (tens >= 11 && tens <= 13) return `${n}th`
  const suffix = ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'
  return `${n}${n % 10 > 3 ? 'th' : suffix}`
}
