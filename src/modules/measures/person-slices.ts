/**
 * One council's people, a slice at a time, for the measures. On the embedded
 * database a query holds the one connection, and the event loop, until it
 * ends: over a council of a million CLD events the long-term support query
 * took four seconds, and every page waited for it. A family whose figures
 * come person by person (`bySlices`) runs instead over slices of people in id
 * order, with a turn of the event loop between them, and the slices' rows are
 * put together (here, added up).
 */
import { type Kysely, sql } from 'kysely'
import type { Schema } from '../../schema.ts'
import { FIRST_PERSON } from './sql.ts'

/** When a council is worked out in slices, and how many people a slice holds. */
export interface Slicing {
  /** A council of more people than this is worked out a slice at a time. */
  over: number
  /** People a slice holds. */
  size: number
}

/**
 * A slice's query reads every event of its people, where a whole council's
 * reads only the events it counts (by the council and event type index), so
 * slices cost more in all: for the bench's seeded council of 40,000 people,
 * 661 ms whole, 944 ms in two slices and 1.6 s in eight; its longest query
 * took 212 ms whole, short enough to leave whole. For the 218,106 people of
 * the bench's million-row CLD file: 8.0 s whole with one query of 4.1 s;
 * about 11 s in slices of 10,000 people, the longest query 261 ms.
 */
export const SLICING: Slicing = { over: 50_000, size: 10_000 }

/** Past every id (a version 4 or 7 UUID never has this version digit). */
export const PAST_EVERY_PERSON = 'ffffffff-ffff-ffff-ffff-ffffffffffff'

/** A slice's bounds: ids from `first` up to, not including, `next`. */
export interface PersonSlice {
  first: string
  next: string
}

/**
 * The slices of a council's people, each found as it is wanted (an index
 * read of one slice's ids), so that a council of a few people has one slice.
 *
 * @example
 * for await (const slice of personSlices(db, councilId, SLICING.size)) await run({ first_person: slice.first, next_person: slice.next })
 */
export async function* personSlices(
  db: Kysely<Schema>,
  councilId: string,
  size: number,
): AsyncGenerator<PersonSlice> {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`A slice holds at least one person, not ${size}`)
  let first = FIRST_PERSON
  for (;;) {
    const next = await sql<{ id: string }>`
      SELECT id FROM people WHERE council_id = ${councilId} AND id >= ${first}
      ORDER BY council_id, id OFFSET ${size} LIMIT 1`.execute(db)
    const start = next.rows[0]?.id
    yield { first, next: start ?? PAST_EVERY_PERSON }
    if (!start) return
    first = start
  }
}

/**
 * Whether a council has more than `count` people (read from the index, at
 * most that many entries; never, without a read, for an infinite count).
 *
 * @example
 * await hasMorePeople(db, councilId, SLICING.over) // false for a council of 40,000
 */
export async function hasMorePeople(db: Kysely<Schema>, councilId: string, count: number): Promise<boolean> {
  if (count === Number.POSITIVE_INFINITY) return false
  const { rows } = await sql`
    SELECT 1 FROM people WHERE council_id = ${councilId}
    ORDER BY council_id, id OFFSET ${count} LIMIT 1`.execute(db)
  return rows.length > 0
}

/**
 * Every slice's row added up, for a family whose row is counts and sums.
 *
 * @example
 * addedUp([{ council_id: 'c', people: 2 }, { council_id: 'c', people: 3 }]) // { council_id: 'c', people: 5 }
 */
export function addedUp<Row>(rows: Record<string, unknown>[]): Row | undefined {
  return rows.reduce(addRows, undefined) as Row | undefined
}

/**
 * Adds one slice's row into the total so far: every column but `council_id`
 * is a count or a sum (a sum over nothing is null, and adds nothing).
 *
 * @example
 * addRows({ council_id: 'c', people: 2, cost: null }, { council_id: 'c', people: 3, cost: 5 }) // { council_id: 'c', people: 5, cost: 5 }
 */
export function addRows(
  total: Record<string, unknown> | undefined,
  row: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!row) return total
  if (!total) return { ...row }
  for (const [column, value] of Object.entries(row)) {
    if (column === 'council_id' || value === null) continue
    if (typeof value !== 'number') throw new Error(`Slices cannot add up ${column}: ${typeof value}`)
    const sum = total[column]
    total[column] = sum === null || sum === undefined ? value : (sum as number) + value
  }
  return total
}
