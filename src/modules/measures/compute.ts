/**
 * Works out a council's measures for a period: from the cache when the data
 * and the SQL are unchanged, else by running each family's query in turn.
 * Queries run one at a time with a turn of the event loop between them, so
 * on the embedded database (one thread) other requests are served between
 * them rather than after all of them; the longest families run a slice of
 * the council's people at a time (person-slices.ts), so that no one query
 * holds the database for long.
 */
import { setImmediate as nextTurn } from 'node:timers/promises'
import { type Kysely, sql } from 'kysely'
import type { Schema } from '../../schema.ts'
import { FAMILIES, MEASURES } from './catalogue.ts'
import { type CouncilMeasureUnit, councilMeasureFigures } from './council-measures.ts'
import { countValue } from './counts.ts'
import type { FigureContext, Figures, MeasureFamily, MeasureUnit } from './definition.ts'
import { rowsOfSlices } from './kept-slices.ts'
import { type Period, populationYearFor } from './periods.ts'
import { hasMorePeople, type PersonSlice, personSlices, SLICING, type Slicing } from './person-slices.ts'
import { bindForKysely, fingerprintOf, type QueryParams, type Scope } from './sql.ts'
import {
  type CachedResult,
  cachedResults,
  dataVersion,
  listCouncilMeasures,
  populationFor,
  storeResults,
} from './store.ts'

type Db = Kysely<Schema>

export interface MeasureResult extends Figures {
  code: string
  title: string
  unit: MeasureUnit
  kind: 'ASCOF' | 'local' | 'council'
}

/** Bumped when a family's figures change without its SQL changing (the cache keys on both). */
const FIGURES_VERSION = '1'

/**
 * Settings for a family's query, for its own transaction only. JIT compiling
 * took longer than running the measures' queries (seconds of LLVM for each
 * national one), and their sorts and hashes spill to disk at the default 4 MB.
 * Over every council (a nation's figures) a query reads most of each table,
 * and bitmap scans are left out: the planner took one for the services that
 * began by the period's end, which visits the same pages as a sequential scan,
 * more slowly (the counts on 20 councils' 2 million events: 2.1 s with it,
 * 1.6 s without, two runs each; all six queries 8.5–8.9 s and 7.4–8.2 s).
 * For one council a bitmap scan of its own rows is what it needs.
 */
const WORK_MEM = '256MB'

/** Each family's fingerprint, worked out once: its SQL is fixed while the process runs. */
const fingerprints = new WeakMap<MeasureFamily, string>()

/** The fingerprint cached figures of a family are valid for: its query's text, and its text for a slice of people. */
export function familyFingerprint(family: MeasureFamily): string {
  let fingerprint = fingerprints.get(family)
  if (fingerprint === undefined) {
    const texts = [family.query({ councilId: 'council' })]
    if (family.bySlices) texts.push(family.query({ councilId: 'council', slice: true }))
    fingerprint = fingerprintOf(
      `${FIGURES_VERSION}|${family.key}|${texts.map((t) => t ?? 'not recorded').join('|')}`,
    )
    fingerprints.set(family, fingerprint)
  }
  return fingerprint
}

type Row = { council_id: string } & Record<string, unknown>

/** How a family's query runs for one council. */
export interface RunOptions {
  /** When and how the council is worked out in slices of people (person-slices.ts). */
  slicing?: Slicing
  /** The family's fingerprint, to keep its slices' rows and reuse those still valid (kept-slices.ts). */
  keepAs?: string
  /** Stops the work between queries (a service closing). */
  signal?: AbortSignal
}

/**
 * Runs one family's query for a scope and period; rows by council. For a
 * council of many people, a family that can (`bySlices`) runs over a slice of
 * them at a time (person-slices.ts), with a turn of the event loop between.
 * Given the family's fingerprint (`keepAs`), the slices' rows are kept, and
 * those whose people have not changed since are reused (kept-slices.ts).
 */
export async function runFamily(
  db: Db,
  family: MeasureFamily,
  scope: Scope,
  period: Period,
  { slicing = SLICING, keepAs, signal }: RunOptions = {},
) {
  const params: QueryParams = {
    council_id: scope.councilId ?? undefined,
    period_start: period.start,
    period_end: period.end,
  }
  const { councilId } = scope
  const { bySlices } = family
  if (councilId === null || !bySlices || !(await hasMorePeople(db, councilId, slicing.over))) {
    const text = family.query(scope)
    if (text === null) return new Map<string, Record<string, unknown>>()
    const rows = await runQuery(db, family, text, scope, params)
    return new Map(rows.map((row) => [row.council_id, row]))
  }
  const sliced = { councilId, slice: true } as const
  const text = family.query(sliced)
  if (text === null) return new Map<string, Record<string, unknown>>()
  const run = (slice: PersonSlice) => {
    signal?.throwIfAborted()
    return runQuery(db, family, text, sliced, {
      ...params,
      first_person: slice.first,
      next_person: slice.next,
    })
  }
  const rows: Row[] = []
  if (keepAs !== undefined) {
    const of = { councilId, family: family.key, fingerprint: keepAs, period }
    rows.push(...(await rowsOfSlices(db, of, slicing.size, run)))
  } else {
    for await (const slice of personSlices(db, councilId, slicing.size)) {
      rows.push(...(await run(slice)))
      await nextTurn()
    }
  }
  const row = bySlices(rows)
  return new Map(row ? [[councilId, row]] : [])
}

async function runQuery(
  db: Db,
  family: MeasureFamily,
  text: string,
  scope: Scope,
  params: QueryParams,
): Promise<Row[]> {
  const { rows } = await db.transaction().execute(async (trx) => {
    await sql`SELECT set_config('jit', 'off', true), set_config('work_mem', ${WORK_MEM}, true)`.execute(trx)
    if (scope.councilId === null) await sql`SELECT set_config('enable_bitmapscan', 'off', true)`.execute(trx)
    else
      for (const [name, value] of Object.entries(family.oneCouncilSettings ?? {}))
        await sql`SELECT set_config(${name}, ${value}, true)`.execute(trx)
    // From a statement's sixth run PostgreSQL may keep one plan for any parameters, made without their
    // values: it took a slice's range of people for a handful of rows and looped over events for each.
    // On the million-row council the long-term support pass went from 330 ms a slice to 5–7 s from the
    // sixth slice on (107 s in all); without nested loops, 200 ms a slice (4.9 s in all).
    if (scope.slice) await sql`SELECT set_config('enable_nestloop', 'off', true)`.execute(trx)
    return bindForKysely<Row>(text, params).execute(trx)
  })
  return rows
}

/** A family's figures as cached, when every one is cached for the data as it is now and the family's SQL. */
function cachedFigures(
  family: MeasureFamily,
  cached: ReadonlyMap<string, CachedResult>,
  version: string,
): Map<string, Figures> | undefined {
  if (family.cacheable === false) return undefined
  const fingerprint = familyFingerprint(family)
  const codes = Object.keys(family.figures(undefined, CODES_ONLY))
  const fresh = codes.map((code) => cached.get(code))
  if (!fresh.every((r) => r && r.fingerprint === fingerprint && r.dataVersion === version)) return undefined
  return new Map(fresh.map((r) => [r?.code as string, r?.figures as Figures]))
}

/** What a family's figures are asked with to learn only which measures it gives. */
const CODES_ONLY: FigureContext = { wantedPopulationYear: 0, population: null }

/**
 * Whether a council's figures for every period are cached for the data as it
 * is now (those of one family, or of all that are cached), so that a page
 * can show them without working anything out.
 *
 * @example
 * await figuresReady(db, councilId, [financialYear('2024-25')]) // false after a CLD import
 */
export async function figuresReady(
  db: Db,
  councilId: string,
  periods: readonly Period[],
  family?: string,
): Promise<boolean> {
  const version = await dataVersion(db, councilId)
  for (const period of periods) {
    const cached = new Map((await cachedResults(db, councilId, period)).map((r) => [r.code, r]))
    for (const f of FAMILIES) {
      if ((family && f.key !== family) || f.cacheable === false) continue
      if (!cachedFigures(f, cached, version)) return false
    }
  }
  return true
}

/** The figures of every family, from the cache or computed (and then cached). */
async function familyFigures(
  db: Db,
  councilId: string,
  period: Period,
  context: FigureContext,
  only?: ReadonlySet<string>,
  signal?: AbortSignal,
) {
  const version = await dataVersion(db, councilId)
  const cached = new Map<string, CachedResult>(
    (await cachedResults(db, councilId, period)).map((r) => [r.code, r]),
  )
  const figures = new Map<string, Figures>()
  // Whether the council is large enough for slices is asked once, when a family is first worked out,
  // rather than by each family: afterwards a small council's families skip the question.
  let slicing: Slicing | undefined
  for (const family of FAMILIES) {
    if (only && !only.has(family.key)) continue
    const kept = cachedFigures(family, cached, version)
    if (kept) {
      for (const [code, f] of kept) figures.set(code, f)
      continue
    }
    slicing ??= (await hasMorePeople(db, councilId, SLICING.over))
      ? { ...SLICING, over: 0 }
      : { ...SLICING, over: Number.POSITIVE_INFINITY }
    const fingerprint = familyFingerprint(family)
    const keepAs = family.cacheable === false ? undefined : fingerprint
    signal?.throwIfAborted()
    const rows = await runFamily(db, family, { councilId }, period, { slicing, keepAs, signal })
    const computed = family.figures(rows.get(councilId) as never, context)
    if (family.cacheable !== false) {
      await storeResults(
        db,
        councilId,
        period,
        Object.entries(computed).map(([code, f]) => ({
          code,
          fingerprint,
          dataVersion: version,
          figures: f,
        })),
      )
    }
    for (const [code, f] of Object.entries(computed)) figures.set(code, f)
    await nextTurn()
  }
  return figures
}

/**
 * Every measure for a council and period: the national and built-in local
 * measures, then the council's own.
 *
 * @example
 * const results = await computeMeasures(database.db, user.councilId, financialYear('2024-25'))
 * results.find((r) => r.code === 'ASCOF-2A')?.value
 */
export async function computeMeasures(
  db: Db,
  councilId: string,
  period: Period,
  signal?: AbortSignal,
): Promise<MeasureResult[]> {
  return measuresFor(db, councilId, period, undefined, signal)
}

/**
 * One measure (national, built-in or the council's own) for a council and
 * period, running only the query it needs. Undefined for an unknown code.
 *
 * @example
 * const result = await computeMeasure(database.db, user.councilId, financialYear('2024-25'), 'ASCOF-2C')
 */
export async function computeMeasure(
  db: Db,
  councilId: string,
  period: Period,
  code: string,
  signal?: AbortSignal,
) {
  const builtIn = MEASURES.find((m) => m.code === code)
  const results = await measuresFor(
    db,
    councilId,
    period,
    { family: builtIn?.family ?? 'counts', councilMeasure: builtIn ? undefined : code },
    signal,
  )
  return results.find((r) => r.code === code)
}

async function measuresFor(
  db: Db,
  councilId: string,
  period: Period,
  only?: { family: string; councilMeasure?: string },
  signal?: AbortSignal,
): Promise<MeasureResult[]> {
  const wantedPopulationYear = populationYearFor(period)
  const context: FigureContext = {
    wantedPopulationYear,
    population: await populationFor(db, councilId, wantedPopulationYear),
  }
  const figures = await familyFigures(db, councilId, period, context, only && new Set([only.family]), signal)
  const results: MeasureResult[] = MEASURES.filter((m) => !only || m.family === only.family).map(
    (measure) => ({
      code: measure.code,
      title: measure.title,
      unit: measure.unit,
      kind: measure.kind,
      ...(figures.get(measure.code) ?? { numerator: null, denominator: null, value: null }),
    }),
  )
  if (only && !only.councilMeasure) return results
  const counts = figures.get('COUNTS')
  const countRow = Object.fromEntries(
    (counts?.breakdown ?? []).map((b) => [`count_${b.label.replace(/-/g, '_')}`, b.numerator]),
  )
  for (const measure of await listCouncilMeasures(db, councilId)) {
    if (only?.councilMeasure && measure.code !== only.councilMeasure) continue
    results.push({
      code: measure.code,
      title: measure.title,
      unit: measure.unit,
      kind: 'council',
      ...councilMeasureFigures(
        measure.unit as CouncilMeasureUnit,
        countValue(measure.numerator, countRow, context),
        countValue(measure.denominator, countRow, context),
      ),
    })
  }
  return results
}
