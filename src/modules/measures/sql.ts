/**
 * Building blocks for the measures' SQL. The queries are plain text with named
 * placeholders (`:council_id`, `:period_start`, `:period_end`) so that one text
 * runs on PGlite, on a PostgreSQL server and, in the bench, on DuckDB. Every
 * constant spliced in comes from ASCEND's own rule tables, never from a user.
 */
import { createHash } from 'node:crypto'
import { type RawBuilder, sql } from 'kysely'
import { ageSql, birthMonthStartSql } from './ages.ts'
import { measureEventsRelation } from './event-source.ts'
import { LONG_TERM_SERVICE_TYPES } from './rules.ts'

/**
 * Which councils a query counts: one (pages, API) or all of them (national
 * figures, the bench). One council's query may also read only a slice of its
 * people (`slice`): those whose ids run from `:first_person` up to, not
 * including, `:next_person` (person-slices.ts).
 */
export type Scope = { councilId: string; slice?: true } | { councilId: null; slice?: undefined }

export interface QueryParams {
  council_id?: string
  period_start: string
  period_end: string
  first_person?: string
  next_person?: string
}

/** A quoted SQL string literal of a constant from the rule tables. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}

/** `(…, …)` of quoted constants, for IN. */
export function literals(values: readonly string[]): string {
  return `(${values.map(literal).join(', ')})`
}

/** A CASE expression mapping a column's values to numbers, with a default. */
export function rankCase(
  column: string,
  ranks: readonly (readonly [string, number])[],
  otherwise: number,
): string {
  return `CASE ${column} ${ranks.map(([value, rank]) => `WHEN ${literal(value)} THEN ${rank}`).join(' ')} ELSE ${otherwise} END`
}

/** The council filter for a table alias. */
export function inScope(scope: Scope, alias: string): string {
  return scope.councilId === null ? 'TRUE' : `${alias}.council_id = :council_id`
}

/** For a slice of the people (`scope.slice`): `AND` the person column in it; else nothing. */
export function inSlice(scope: Scope, personColumn: string): string {
  return scope.slice
    ? ` AND ${personColumn} >= CAST(:first_person AS uuid) AND ${personColumn} < CAST(:next_person AS uuid)`
    : ''
}

/** The ids slices start from: the first slice's first person. */
export const FIRST_PERSON = '00000000-0000-0000-0000-000000000000'

/**
 * For what a query counts of the council rather than of its people (time
 * entries): in a slice of the people, `AND` it is the first slice, so that
 * adding up the slices counts it once.
 */
export function inFirstSlice(scope: Scope): string {
  return scope.slice ? ` AND CAST(:first_person AS uuid) = '${FIRST_PERSON}'` : ''
}

export const PERIOD_START = 'CAST(:period_start AS date)'
export const PERIOD_END = 'CAST(:period_end AS date)'

/**
 * The event end date the national pipeline works with: cut short by the
 * person's death when they died during the event (or with it still open).
 */
export function derivedEndSql(event: string, person: string): string {
  // Most people are alive: the first test settles most events. (A query repeats this expression often,
  // and PostgreSQL works it out at each place it appears.)
  return `CASE WHEN ${person}.date_of_death IS NULL THEN ${event}.event_end_on
    WHEN (${person}.date_of_death BETWEEN ${event}.event_start_on AND ${event}.event_end_on)
      OR (${person}.date_of_death > ${event}.event_start_on AND ${event}.event_end_on IS NULL)
    THEN ${person}.date_of_death ELSE ${event}.event_end_on END`
}

/**
 * What a derived end (`derivedEndSql`) on or after `day`, or none, implies of
 * the recorded end: a death only ever brings an end forward, and an open event
 * stays open unless a death ends it. Said on its own, with no date of death, it
 * lets the database leave out the events that ended before `day` before
 * anything is joined to them; it never changes which events the exact test keeps.
 */
export function recordedEndNotBefore(event: string, day: string): string {
  return `(${event}.event_end_on IS NULL OR ${event}.event_end_on >= ${day})`
}

/**
 * The rows of the events relation a measure may read, as the national main
 * tables hold them: events for people who had died before the event began are
 * dropped, and requests, assessments and reviews count only once they have
 * ended. The person alias carries only dates of death (joined from the few
 * people who have one, which is far cheaper than joining everyone); join
 * `people` again after grouping for dates of birth, or name it in `alsoJoin`
 * (`JOIN people b ON b.id = e.person_id`) to join it to every event.
 */
export function eventsFrom(scope: Scope, event = 'e', person = 'p', alsoJoin = ''): string {
  return `${measureEventsRelation()} ${event} ${alsoJoin}
    LEFT JOIN (SELECT d.id, d.date_of_death FROM people d
      WHERE ${inScope(scope, 'd')}${inSlice(scope, 'd.id')} AND d.date_of_death IS NOT NULL) ${person}
      ON ${person}.id = ${event}.person_id
    WHERE ${inScope(scope, event)}${inSlice(scope, `${event}.person_id`)}
      AND (${person}.date_of_death IS NULL OR ${person}.date_of_death >= ${event}.event_start_on)
      AND (${event}.event_type = 'Service' OR (${derivedEndSql(event, person)}) IS NOT NULL)`
}

/** A long-term service (nursing, residential, community or prison) for a person who uses services. */
export function longTermServiceSql(event = 'e'): string {
  return `${event}.event_type = 'Service' AND ${event}.client_type = 'Service user'
    AND ${event}.service_type IN ${literals(LONG_TERM_SERVICE_TYPES)}`
}

/** Age from the first of the birth month of a person alias, on a day expression. */
export function personAgeSql(person: string, on: string): string {
  return ageSql(birthMonthStartSql(`${person}.date_of_birth`), on)
}

/** A stable fingerprint of a query's text: cached figures are only reused for the same SQL. */
export function fingerprintOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}

const PLACEHOLDER = /(?<![:\w]):([a-z_]+)/g

/**
 * Binds a query's named placeholders as parameters for Kysely.
 *
 * @example
 * await bindForKysely('SELECT :period_start::date AS d', { period_start: '2024-04-01', period_end: '2025-03-31' }).execute(db)
 */
export function bindForKysely<Row>(text: string, params: QueryParams): RawBuilder<Row> {
  const parts: RawBuilder<unknown>[] = []
  let last = 0
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] as keyof QueryParams
    if (!(name in params)) throw new Error(`No value for :${name}`)
    parts.push(sql.raw(text.slice(last, match.index)), sql`${params[name]}`)
    last = (match.index ?? 0) + match[0].length
  }
  parts.push(sql.raw(text.slice(last)))
  return sql<Row>`${sql.join(parts, sql.raw(''))}`
}

/**
 * Binds a query's named placeholders as `$1`, `$2`… with a list of values,
 * for engines outside Kysely (DuckDB in the bench).
 *
 * @example
 * bindPositional('SELECT :period_end, :period_end', { period_start: 'a', period_end: 'b' })
 * // { text: 'SELECT $1, $1', values: ['b'] }
 */
export function bindPositional(text: string, params: QueryParams): { text: string; values: string[] } {
  const names: string[] = []
  const bound = text.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = params[name as keyof QueryParams]
    if (value === undefined) throw new Error(`No value for :${name}`)
    let index = names.indexOf(name)
    if (index < 0) index = names.push(name) - 1
    return `$${index + 1}`
  })
  return { text: bound, values: names.map((name) => params[name as keyof QueryParams] as string) }
}
