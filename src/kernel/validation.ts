import { z } from 'zod'
import { type FieldError, ValidationProblem } from './problem.ts'

/**
 * Parses input with a zod schema, or throws a ValidationProblem whose field
 * errors carry the schema's own plain-English messages.
 *
 * @example
 * const body = parseInput(personSchema, request.body) // throws 422 with per-field errors
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {})
  if (result.success) return result.data
  throw new ValidationProblem(fieldErrors(result.error))
}

/** One error per field (the first), in the order the schema reported them. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  const seen = new Set<string>()
  const errors: FieldError[] = []
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'body'
    if (seen.has(field)) continue
    seen.add(field)
    errors.push({ field, message: issue.message })
  }
  return errors
}

/** Turns blank form strings into undefined so optional fields stay optional. */
export const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === ''
    ? undefined
    : typeof value === 'string'
      ? value.trim()
      : value

/** Null in JSON means "not given", as does a blank form field: either is undefined, anything else trimmed. */
export const absent = (value: unknown) => (value === null ? undefined : blankToUndefined(value))

const PAGE_ERROR = { error: 'The page must be a whole number from 1' }

/** A page number in a query: a whole number from 1, and 1 when not given. */
export const pageNumber = z.preprocess(
  blankToUndefined,
  z.coerce.number(PAGE_ERROR).int(PAGE_ERROR).min(1, PAGE_ERROR).max(100_000, PAGE_ERROR).default(1),
)

/** An ISO date (YYYY-MM-DD) that exists on the calendar. */
export const isoDate = (message: string) =>
  z
    .string({ error: message })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: message })
    .refine((value) => isRealDate(value), { error: message })

export function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

/** The OpenAPI description of a body: the schema that checks it, as JSON Schema (for route documentation). */
export const openApiBody = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })
