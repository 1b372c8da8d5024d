/**
 * A large council's slices of people, kept with the rows each gave a family's
 * query for a period, so that after a change to a few people's records only
 * the slices holding them are worked out again. On a council of a million CLD
 * events every measure afresh takes many seconds; a practitioner recording
 * one event used to send them all back to their start, so that on a busy
 * council the measures pages were almost never ready.
 *
 * A slice's rows depend on its own people's events and records alone (that is
 * what lets a family run by slices), and on what is noted for the whole
 * council: a CLD import (its batches change many rows at once, and completing
 * it changes which events count), time and population. Kept slices are valid
 * while the family's SQL and the council's version are as they were, and each
 * while the changes noted for people in its range are.
 */
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Kysely } from 'kysely'
import type { Schema } from '../../schema.ts'
import type { Period } from './periods.ts'
import { PAST_EVERY_PERSON, type PersonSlice, personSlices } from './person-slices.ts'
import { FIRST_PERSON } from './sql.ts'
import { changedPeople, councilVersion, type PersonChange, versionOfPeople } from './store.ts'

type Db = Kysely<Schema>
type Row = { council_id: string } & Record<string, unknown>

/** Whose slices: a council's, for one family's query (its fingerprint) and one period. */
export interface SlicesOf {
  councilId: string
  family: string
  fingerprint: string
  period: Period
}

interface KeptSlice extends PersonSlice {
  peopleVersion: string
  rows: Row[]
}

/**
 * Every slice's rows of a family's query: a kept slice's where nothing noted
 * since has changed its people, else `run`'s (and then kept). Without kept
 * slices that still count (a first run, or the council changed as a whole),
 * the council's people are sliced afresh, `size` to a slice.
 *
 * @example
 * const rows = await rowsOfSlices(db, { councilId, family: 'counts', fingerprint, period }, 10_000, (slice) => runSlice(slice))
 */
export async function rowsOfSlices(
  db: Db,
  of: SlicesOf,
  size: number,
  run: (slice: PersonSlice) => Promise<Row[]>,
): Promise<Row[]> {
  // People first: clearing many of their changes notes one of the council's.
  const changes = await changedPeople(db, of.councilId)
  const version = await councilVersion(db, of.councilId)
  const kept = await keptSlices(db, of, version)
  const rows: Row[] = []
  const fresh = async (slice: PersonSlice, peopleVersion: string) => {
    const sliceRows = await run(slice)
    await keepSlice(db, of, version, { ...slice, peopleVersion, rows: sliceRows })
    rows.push(...sliceRows)
    await nextTurn()
  }
  if (kept) {
    for (const slice of kept) {
      const peopleVersion = versionOfPeople(changesIn(changes, slice))
      if (peopleVersion === slice.peopleVersion) rows.push(...slice.rows)
      else await fresh(slice, peopleVersion)
    }
    return rows
  }
  await db
    .deleteFrom('measure_slice_rows')
    .where('council_id', '=', of.councilId)
    .where('family', '=', of.family)
    .where('period_start', '=', of.period.start)
    .where('period_end', '=', of.period.end)
    .execute()
  for await (const slice of personSlices(db, of.councilId, size))
    await fresh(slice, versionOfPeople(changesIn(changes, slice)))
  return rows
}

/**
 * The changes to people whose ids fall in a slice. (Ids compare as their
 * lower-case text does, as PostgreSQL compares uuids byte by byte.)
 *
 * @example
 * changesIn([{ personId: '5…', id: 3 }], { first: FIRST_PERSON, next: '8…' }) // [{ personId: '5…', id: 3 }]
 */
export function changesIn(changes: readonly PersonChange[], slice: PersonSlice): PersonChange[] {
  return changes.filter((change) => change.personId >= slice.first && change.personId < slice.next)
}

/**
 * Whether slices, in order, cover every id once: from the first slice's start
 * to past every person, each starting where the one before ended.
 *
 * @example
 * coverEveryone([{ first: FIRST_PERSON, next: PAST_EVERY_PERSON }]) // true
 */
export function coverEveryone(slices: readonly PersonSlice[]): boolean {
  return (
    slices.length > 0 &&
    slices[0]?.first === FIRST_PERSON &&
    slices.at(-1)?.next === PAST_EVERY_PERSON &&
    slices.every((slice, at) => at === 0 || slice.first === slices[at - 1]?.next)
  )
}

/** The kept slices still valid for the council's version, in order; undefined unless they cover everyone. */
async function keptSlices(db: Db, of: SlicesOf, version: string): Promise<KeptSlice[] | undefined> {
  const rows = await db
    .selectFrom('measure_slice_rows')
    .select(['first_person', 'next_person', 'people_version', 'rows'])
    .where('council_id', '=', of.councilId)
    .where('family', '=', of.family)
    .where('period_start', '=', of.period.start)
    .where('period_end', '=', of.period.end)
    .where('fingerprint', '=', of.fingerprint)
    .where('council_version', '=', version)
    .orderBy('first_person')
    .execute()
  const slices = rows.map((r) => ({
    first: r.first_person,
    next: r.next_person,
    peopleVersion: r.people_version,
    rows: r.rows as Row[],
  }))
  return coverEveryone(slices) ? slices : undefined
}

async function keepSlice(db: Db, of: SlicesOf, version: string, slice: KeptSlice): Promise<void> {
  const values = {
    next_person: slice.next,
    fingerprint: of.fingerprint,
    council_version: version,
    people_version: slice.peopleVersion,
    rows: JSON.stringify(slice.rows),
  }
  await db
    .insertInto('measure_slice_rows')
    .values({
      council_id: of.councilId,
      family: of.family,
      period_start: of.period.start,
      period_end: of.period.end,
      first_person: slice.first,
      ...values,
    })
    .onConflict((oc) =>
      oc.columns(['council_id', 'family', 'period_start', 'period_end', 'first_person']).doUpdateSet(values),
    )
    .execute()
}
