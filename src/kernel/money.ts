import { madeAtFirstUse } from './made-at-first-use.ts'

// One formatter for the whole service: building an Intl formatter per call is costly.
const POUNDS = madeAtFirstUse(() => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }))

/**
 * Whole pence as pounds, the way people read money.
 *
 * @example
 * formatPounds(123456) // '£1,234.56'
 */
export const formatPounds = (pence: number): string => POUNDS().format(pence / 100)
