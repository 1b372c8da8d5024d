import { notFound } from './problem.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Whether a value is a record id (a UUID), so it may reach SQL as a uuid.
 *
 * @example
 * isUuid('not-an-id') // false
 */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value)

/**
 * A path id that is not a UUID names nothing: 404, before it reaches SQL.
 *
 * @example
 * const id = pathId(request.params.id, 'Plan')
 */
export function pathId(value: unknown, what: string): string {
  if (!isUuid(value)) throw notFound(what)
  return value
}
