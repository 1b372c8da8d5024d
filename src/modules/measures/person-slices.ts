/**
 * One council's people, a slice at a time, for the measures. On the embedded
 * database a query holds the one connection, and the event loop, until it
 * ends: over a council of a million CLD events the long-term support query
 * took four seconds, and every page waited for it. A family whose row adds up
 * over people (`addsUpOverPeople`) runs instead over slices of people in id
 * order, with a turn of the event loop between them, and the slices' rows are
 * added up.
 */
import { type Kysely, sql } from 'kysely'
import type { Schema } from '../../schema.ts'
import { FIRST_PERSON } from './sql.ts'

/**
 * People a slice holds. In the bench's synthetic million-row CLD file that is
 * about 92,000 events, over which the longest query (long-term support) took
 * 400–470 ms on the embedded database, against 4.1 s for all 218,106 people
 * at once; all of the council's measures took 10.4 s in slices against 8.0 s.
 */
export const PEOPLE_PER_SLICE = 20_000

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
 * for await (const slice of personSlices(db, councilId)) await run({ first_person: slice.first, next_person: slice.next })
 */
export async function* personSlices(
  db: Kysely<Schema>,
  councilId: string,
  size = PEOPLE_PER_SLICE,
): AsyncGenerator<PersonSlice> {
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
