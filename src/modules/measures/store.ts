import { type Kysely, sql } from 'kysely'
import type { Schema } from '../../schema.ts'
import type { CouncilMeasureInput } from './council-measures.ts'
import type { Figures, PopulationForPeriod } from './definition.ts'
import type { Period } from './periods.ts'

type Db = Kysely<Schema>

export interface Population {
  year: number
  aged18To64: number
  aged65Plus: number
  updatedAt: Date
}

/** The council's populations, newest year first. */
export async function listPopulations(db: Db, councilId: string): Promise<Population[]> {
  const rows = await db
    .selectFrom('council_populations')
    .select(['year', 'aged_18_to_64', 'aged_65_plus', 'updated_at'])
    .where('council_id', '=', councilId)
    .orderBy('year', 'desc')
    .execute()
  return rows.map((r) => ({
    year: r.year,
    aged18To64: r.aged_18_to_64,
    aged65Plus: r.aged_65_plus,
    updatedAt: r.updated_at,
  }))
}

/**
 * Sets (or replaces) a council's population for a mid-year.
 *
 * @example
 * await setPopulation(tx, councilId, { year: 2024, aged18To64: 350_000, aged65Plus: 120_000 }, userId)
 */
export async function setPopulation(
  db: Db,
  councilId: string,
  population: { year: number; aged18To64: number; aged65Plus: number },
  userId: string | null,
): Promise<'created' | 'updated'> {
  const existing = await db
    .selectFrom('council_populations')
    .select('year')
    .where('council_id', '=', councilId)
    .where('year', '=', population.year)
    .executeTakeFirst()
  await db
    .insertInto('council_populations')
    .values({
      council_id: councilId,
      year: population.year,
      aged_18_to_64: population.aged18To64,
      aged_65_plus: population.aged65Plus,
      updated_by: userId,
    })
    .onConflict((oc) =>
      oc.columns(['council_id', 'year']).doUpdateSet({
        aged_18_to_64: population.aged18To64,
        aged_65_plus: population.aged65Plus,
        updated_by: userId,
        updated_at: new Date(),
      }),
    )
    .execute()
  return existing ? 'updated' : 'created'
}

/**
 * The population a period's rates use: the wanted mid-year, or failing that
 * the latest earlier one set. Null when none is set.
 */
export async function populationFor(
  db: Db,
  councilId: string,
  wantedYear: number,
): Promise<PopulationForPeriod | null> {
  const row = await db
    .selectFrom('council_populations')
    .select(['year', 'aged_18_to_64', 'aged_65_plus'])
    .where('council_id', '=', councilId)
    .where('year', '<=', wantedYear)
    .orderBy('year', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!row) return null
  return { wantedYear, year: row.year, aged18To64: row.aged_18_to_64, aged65Plus: row.aged_65_plus }
}

export interface CouncilMeasure extends CouncilMeasureInput {
  id: string
  updatedAt: Date
}

/** The council's own measures, by code. */
export async function listCouncilMeasures(db: Db, councilId: string): Promise<CouncilMeasure[]> {
  const rows = await db
    .selectFrom('council_measures')
    .select(['id', 'code', 'title', 'definition', 'numerator', 'denominator', 'unit', 'updated_at'])
    .where('council_id', '=', councilId)
    .orderBy('code')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    title: r.title,
    definition: r.definition,
    numerator: r.numerator,
    denominator: r.denominator,
    unit: r.unit,
    updatedAt: r.updated_at,
  }))
}

export async function findCouncilMeasure(
  db: Db,
  councilId: string,
  code: string,
): Promise<CouncilMeasure | undefined> {
  return (await listCouncilMeasures(db, councilId)).find((m) => m.code === code)
}

/** Adds a council measure; undefined when the code is taken. */
export async function insertCouncilMeasure(
  db: Db,
  councilId: string,
  input: CouncilMeasureInput,
  userId: string,
) {
  return db
    .insertInto('council_measures')
    .values({ council_id: councilId, ...input, created_by: userId })
    .onConflict((oc) => oc.columns(['council_id', 'code']).doNothing())
    .returning('id')
    .executeTakeFirst()
}

/** Changes a council measure (its code stays). */
export async function updateCouncilMeasure(
  db: Db,
  councilId: string,
  code: string,
  input: Omit<CouncilMeasureInput, 'code'>,
) {
  const result = await db
    .updateTable('council_measures')
    .set({ ...input, updated_at: new Date() })
    .where('council_id', '=', councilId)
    .where('code', '=', code)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function deleteCouncilMeasure(db: Db, councilId: string, code: string) {
  const result = await db
    .deleteFrom('council_measures')
    .where('council_id', '=', councilId)
    .where('code', '=', code)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** Past this many change rows for a council, all but the newest are cleared (which itself changes the version once). */
const CHANGES_KEPT = 1000

/**
 * The version of what a council's measures read as a whole: how many change
 * rows noted for the whole council there are and the highest id (a statement
 * that changed many events or people, or any change of time or population),
 * and how many CLD imports have completed and when the last did (completing
 * one changes which events are live without touching them). Changes to a few
 * people are in `changedPeople` instead.
 */
export async function councilVersion(db: Db, councilId: string): Promise<string> {
  const row = await db
    .selectFrom('measure_data_changes')
    .select([sql<number>`count(*)`.as('changes'), sql<number | null>`max(id)`.as('latest')])
    .where('council_id', '=', councilId)
    .executeTakeFirstOrThrow()
  if (Number(row.changes) > CHANGES_KEPT && row.latest !== null) {
    await db
      .deleteFrom('measure_data_changes')
      .where('council_id', '=', councilId)
      .where('id', '<', row.latest)
      .execute()
    return councilVersion(db, councilId)
  }
  const imports = await db
    .selectFrom('cld_imports')
    .select([sql<number>`count(*)`.as('complete'), sql<Date | null>`max(finished_at)`.as('last')])
    .where('council_id', '=', councilId)
    .where('status', '=', 'complete')
    .executeTakeFirstOrThrow()
  return `${Number(row.changes)}-${row.latest ?? 0}-${Number(imports.complete)}-${imports.last ? new Date(imports.last).getTime() : 0}`
}

/** A change to one person's events or record: the person, and the change's place in the order of all. */
export interface PersonChange {
  personId: string
  id: number
}

/**
 * Past this many changes to a council's people, they are cleared and one
 * change of the whole council noted instead: each is read whenever the
 * council's measures are looked up.
 */
const PEOPLE_CHANGES_KEPT = 2000

/**
 * The changes to a few people's records noted for a council (each statement
 * that changed no more than a few rows names the people it changed).
 *
 * @example
 * versionOfPeople(await changedPeople(db, councilId)) // '3-1207'
 */
export async function changedPeople(db: Db, councilId: string): Promise<PersonChange[]> {
  const noted = await db
    .selectFrom('measure_changed_people')
    .select([sql<number>`count(*)`.as('changes'), sql<number | null>`max(id)`.as('latest')])
    .where('council_id', '=', councilId)
    .executeTakeFirstOrThrow()
  if (Number(noted.changes) > PEOPLE_CHANGES_KEPT && noted.latest !== null) {
    const latest = Number(noted.latest)
    await db.transaction().execute(async (tx) => {
      await tx
        .deleteFrom('measure_changed_people')
        .where('council_id', '=', councilId)
        .where('id', '<=', latest)
        .execute()
      await tx.insertInto('measure_data_changes').values({ council_id: councilId }).execute()
    })
    return changedPeople(db, councilId)
  }
  const rows = await db
    .selectFrom('measure_changed_people')
    .select(['person_id', 'id'])
    .where('council_id', '=', councilId)
    .execute()
  return rows.map((r) => ({ personId: r.person_id, id: Number(r.id) }))
}

/**
 * A version of a set of changes to people: how many and the latest (a count
 * as well as a maximum, so a transaction that commits after a later one still
 * changes it).
 *
 * @example
 * versionOfPeople([{ personId: 'a', id: 4 }, { personId: 'b', id: 9 }]) // '2-9'
 */
export function versionOfPeople(changes: readonly PersonChange[]): string {
  let latest = 0
  for (const change of changes) latest = Math.max(latest, change.id)
  return `${changes.length}-${latest}`
}

/**
 * The version of all the data a council's measures read: the council's own
 * and its people's. Any committed insert, update or delete of events, people,
 * time or population moves it.
 */
export async function dataVersion(db: Db, councilId: string): Promise<string> {
  // People first: clearing many of their changes notes one of the council's.
  const people = versionOfPeople(await changedPeople(db, councilId))
  return `${await councilVersion(db, councilId)}/${people}`
}

export interface CachedResult {
  code: string
  fingerprint: string
  dataVersion: string
  figures: Figures
}

/** Cached figures for a council and period. */
export async function cachedResults(db: Db, councilId: string, period: Period): Promise<CachedResult[]> {
  const rows = await db
    .selectFrom('measure_results')
    .selectAll()
    .where('council_id', '=', councilId)
    .where('period_start', '=', period.start)
    .where('period_end', '=', period.end)
    .execute()
  return rows.map((r) => ({
    code: r.code,
    fingerprint: r.fingerprint,
    dataVersion: r.data_version,
    figures: {
      numerator: r.numerator,
      denominator: r.denominator,
      value: r.value,
      ...(r.detail as Pick<Figures, 'note' | 'breakdown'>),
    },
  }))
}

/** Keeps figures for reuse until the data or the measure's SQL changes. */
export async function storeResults(
  db: Db,
  councilId: string,
  period: Period,
  results: { code: string; fingerprint: string; dataVersion: string; figures: Figures }[],
): Promise<void> {
  if (results.length === 0) return
  await db
    .insertInto('measure_results')
    .values(
      results.map((r) => ({
        council_id: councilId,
        code: r.code,
        period_start: period.start,
        period_end: period.end,
        fingerprint: r.fingerprint,
        data_version: r.dataVersion,
        numerator: r.figures.numerator,
        denominator: r.figures.denominator,
        value: r.figures.value,
        detail: JSON.stringify({ note: r.figures.note, breakdown: r.figures.breakdown }),
      })),
    )
    .onConflict((oc) =>
      oc.columns(['council_id', 'code', 'period_start', 'period_end']).doUpdateSet((eb) => ({
        fingerprint: eb.ref('excluded.fingerprint'),
        data_version: eb.ref('excluded.data_version'),
        numerator: eb.ref('excluded.numerator'),
        denominator: eb.ref('excluded.denominator'),
        value: eb.ref('excluded.value'),
        detail: eb.ref('excluded.detail'),
        computed_at: new Date(),
      })),
    )
    .execute()
}
