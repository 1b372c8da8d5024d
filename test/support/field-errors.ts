import type { FieldError } from '../../src/kernel/problem.ts'
import { ValidationProblem } from '../../src/kernel/problem.ts'

/**
 * The field errors a parse refused its input with, or none when it accepted it.
 *
 * @example
 * expect(fieldErrorsOf(() => parseInput(schema, { name: '' }))).toEqual([{ field: 'name', message: 'Enter a name' }])
 */
export function fieldErrorsOf(parse: () => unknown): FieldError[] {
  try {
    parse()
    return []
  } catch (error) {
    if (error instanceof ValidationProblem) return error.errors
    throw error
  }
}
