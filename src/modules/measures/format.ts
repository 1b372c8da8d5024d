/** How measures are written on pages (the API gives the unrounded numbers). */

import { madeAtFirstUse } from '../../kernel/made-at-first-use.ts'
import type { MeasureUnit } from './definition.ts'

const whole = madeAtFirstUse(() => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }))
const oneDecimal = madeAtFirstUse(
  () => new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
)
const money = madeAtFirstUse(() => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }))

/**
 * A measure's value as a page shows it.
 *
 * @example
 * formatValue(57.142857, 'percent') // '57.1%'
 * formatValue(1366.666, 'pounds per person') // '£1,366.67'
 * formatValue(null, 'percent') // 'No value'
 */
export function formatValue(value: number | null, unit: MeasureUnit | string): string {
  if (value === null || Number.isNaN(value)) return 'No value'
  switch (unit) {
    case 'percent':
      return `${oneDecimal().format(value)}%`
    case 'per 100,000':
    case 'per 1,000':
      return oneDecimal().format(value)
    case 'days':
      return `${oneDecimal().format(value)} days`
    case 'pounds per person':
      return money().format(value)
    default:
      return new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(value)
  }
}

/**
 * A numerator or denominator as a page shows it: money for the spend measures, else a whole count.
 *
 * @example
 * formatCount(40600, 'pounds per person', 'numerator') // '£40,600.00'
 * formatCount(null, 'percent', 'numerator') // '—'
 */
export function formatCount(
  count: number | null,
  unit: MeasureUnit | string,
  part: 'numerator' | 'denominator',
  code = '',
): string {
  if (count === null) return '—'
  const isMoney = (unit === 'pounds per person' && part === 'numerator') || code === 'RESIDENTIAL-SPEND-SHARE'
  return isMoney ? money().format(count) : whole().format(count)
}

/**
 * What a headline adds after a value in brackets: only what the value does not
 * already say (a value in days already ends "days", a share "%").
 */
const HEADLINE_NOTE: Record<string, string> = {
  'per 100,000': 'per 100,000 population',
  'per 1,000': 'per 1,000',
  days: 'median',
  'pounds per person': 'per person',
}

/**
 * A measure's value with its unit, as a page's headline gives it.
 *
 * @example
 * headlineValue(43, 'days') // '43.0 days (median)'
 * headlineValue(57.142857, 'percent') // '57.1%'
 */
export function headlineValue(value: number | null, unit: MeasureUnit | string): string {
  const text = formatValue(value, unit)
  const note = HEADLINE_NOTE[unit]
  return value === null || Number.isNaN(value) || note === undefined ? text : `${text} (${note})`
}

/** The unit as words, in a list of measures. */
export const UNIT_TEXT: Record<string, string> = {
  percent: 'per cent',
  'per 100,000': 'per 100,000 population',
  'per 1,000': 'per 1,000',
  days: 'days (median)',
  'pounds per person': 'pounds per person',
  ratio: 'ratio',
}
