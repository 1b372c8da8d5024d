import type { FieldError } from './problem.ts'

/**
 * What a template needs to draw the fields of one row of a repeated form
 * (a plan's lines, a scheme's rules): each field's name as the form posts it
 * (`lines.0.provider`), its id (`lines-0-provider`, which the error summary
 * links to), and its error for GOV.UK's macros.
 *
 * @example
 * const row = repeatedFields('lines', 0, errors)
 * row.name('provider') // 'lines.0.provider'
 * row.error('provider') // { text: 'Enter …' } or undefined
 */
export function repeatedFields(prefix: string, index: number, errors: readonly FieldError[]) {
  const name = (field: string) => `${prefix}.${index}.${field}`
  return {
    index,
    number: index + 1,
    name,
    id: (field: string) => `${prefix}-${index}-${field}`,
    error: (field: string) => {
      const found = errors.find((e) => e.field === name(field))
      return found ? { text: found.message } : undefined
    },
  }
}
