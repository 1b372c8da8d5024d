/**
 * Money typed into forms: pounds and pence as people write them ("£1,250",
 * "24.5", "0.99"), turned into whole pence. Undefined for anything else, so
 * the caller can say what to type.
 *
 * @example
 * penceFromPounds('£1,250.50') // 125050
 * penceFromPounds('24.5') // 2450
 * penceFromPounds('12.345') // undefined
 */
export function penceFromPounds(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const cleaned = value
    .trim()
    .replace(/^£\s*/, '')
    .replace(/,(?=\d{3}(\D|$))/g, '')
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned)
  if (!match) return undefined
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

/**
 * Pence as a form shows them again: pounds with two decimals, no symbol.
 *
 * @example
 * poundsForForm(125050) // '1250.50'
 */
export function poundsForForm(pence: number | null | undefined): string {
  if (pence === null || pence === undefined) return ''
  return (pence / 100).toFixed(2)
}
