/**
 * The measures bench: every measure for a large synthetic council on the
 * embedded database, and for a nation of councils on a PostgreSQL server,
 * each beside DuckDB running the very same SQL text over the same data
 * exported to CSV. It also checks that the engines agree on every figure, and
 * how long a page would wait for the embedded database while the measures
 * are being worked out.
 */

import fs from 'node:fs'
import path from 'node:path'
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { stringify } from 'csv-stringify/sync'
import { type Kysely, sql } from 'kysely'
import { connect, type Database } from '../src/kernel/db/connect.ts'
import { migrate } from '../src/kernel/db/migrate.ts'
import { latestCompleteYear } from '../src/modules/measures/actions.ts'
import { FAMILIES } from '../src/modules/measures/catalogue.ts'
import { computeMeasures, runFamily } from '../src/modules/measures/compute.ts'
import type { MeasureFamily } from '../src/modules/measures/definition.ts'
import { measureEventsRelation } from '../src/modules/measures/event-source.ts'
import { financialYear, type Period } from '../src/modules/measures/periods.ts'
import { bindPositional, type Scope } from '../src/modules/measures/sql.ts'
import { COUNCIL_SIZES, type CouncilSize } from '../src/modules/synthetic/generate-council.ts'
import { seedSyntheticCouncil } from '../src/modules/synthetic/seed-council.ts'
import type { Schema } from '../src/schema.ts'
import { createBenchDatabase, dropBenchDatabase, findBenchServer } from './bench-database.ts'
import { type Check, duration, heading, table, verdict } from './report.ts'

/** Targets for the measures (the README's bench section lists them all). */
export const MEASURES_TARGETS = {
  /** All measures for a large council, worked out afresh on the embedded database. */
  councilMs: 1_000,
  /** National measures on a PostgreSQL server against DuckDB on the same data. */
  nationalToDuckDb: 1.5,
} as const

export interface MeasuresBenchOptions {
  size: CouncilSize
  seed: number
  /** A PostgreSQL server for the national run; without one, this machine's if it answers, else that part is skipped. */
  serverUrl?: string
  /** CLD events the national run holds at least (copies of the seeded council, as many as that takes). */
  nationalEvents: number
  /** Or exactly this many councils. */
  nationalCouncils?: number
  /** A folder for the CSV files (removed by the caller). */
  work: string
}

/** The day the synthetic history runs to: its last complete financial year is measured. */
const AS_OF = '2026-06-15'

/** Families that read CLD-shaped data, which is all the CSV holds (plans, funding requests and offers are ASCEND's own). */
const CLD_FAMILIES = FAMILIES.filter(
  (f) => !['personal-budgets', 'funding-decisions', 'packages-arranged'].includes(f.key),
)

type Rows = Map<string, Record<string, unknown>>

/**
 * Runs the measures bench and returns its checks for the bench's summary.
 *
 * @example
 * const checks = await runMeasuresBench({ size: 'large', seed: 1, nationalCouncils: 20, work: '/tmp/bench', serverUrl })
 */
export async function runMeasuresBench(options: MeasuresBenchOptions): Promise<Check[]> {
  const period = financialYear(latestCompleteYear(AS_OF))
  const checks: Check[] = []
  heading(
    `Measures: every measure for a ${options.size} council (${period.label}), embedded database beside DuckDB`,
  )
  const embedded = await connect({})
  let councilId: string
  try {
    await migrate(embedded)
    const seeded = await timed(() =>
      seedSyntheticCouncil(embedded, {
        councilCode: 'MEASURES',
        people: COUNCIL_SIZES[options.size],
        seed: options.seed,
        asOf: AS_OF,
      }),
    )
    councilId = seeded.result.council.id
    const events = await countRows(embedded, councilId)
    console.log(
      `Seeded ${COUNCIL_SIZES[options.size].toLocaleString('en-GB')} people, ${events.toLocaleString('en-GB')} CLD events in ${duration(seeded.ms)}`,
    )

    // Afresh (nothing cached), as a page does after the data changes, with a probe every 20 ms standing in
    // for other pages: first straight after loading, then again with the data in memory, as in a running service.
    const first = await withProbe(embedded, () => computeMeasures(embedded.db, councilId, period))
    await embedded.db.deleteFrom('measure_results').where('council_id', '=', councilId).execute()
    const afresh = await withProbe(embedded, () => computeMeasures(embedded.db, councilId, period))
    const cached = await timed(() => computeMeasures(embedded.db, councilId, period))
    console.log(
      `All measures afresh: ${duration(afresh.ms)} (${duration(first.ms)} the first time after loading); ` +
        `again from the cache: ${duration(cached.ms)}. Meanwhile a page's query waited at most ` +
        `${duration(afresh.probe.max)} (p95 ${duration(afresh.probe.p95)}, ${afresh.probe.count} probes)`,
    )
    checks.push({
      what: `all measures, ${options.size} council, embedded`,
      figure: duration(afresh.ms),
      target: `≤ ${duration(MEASURES_TARGETS.councilMs)}`,
      verdict: options.size === 'large' ? verdict(afresh.ms <= MEASURES_TARGETS.councilMs) : 'n/a',
    })
    checks.push({
      what: 'longest a page query waited while measures were worked out',
      figure: duration(afresh.probe.max),
      target: 'report',
      verdict: 'n/a',
    })

    checks.push(await besideDuckDb(embedded, councilId, period, options.work))
  } finally {
    await embedded.close()
  }

  checks.push(...(await nationalRun(options, period)))
  return checks
}

/**
 * Each family's query for one council on the embedded database beside DuckDB
 * running the same SQL over the council's rows exported to CSV; prints the
 * table and returns whether the engines agree.
 */
async function besideDuckDb(
  database: Database,
  councilId: string,
  period: Period,
  work: string,
): Promise<Check> {
  const files = await exportCsv(database, councilId, work)
  const duck = await DuckDBInstance.create(':memory:')
  const conn = await duck.connect()
  try {
    await loadDuckDb(conn, files, 1)
    const raced = await raceFamilies(database, conn, { councilId }, period, sameFigures)
    const { disagreements } = raced
    const rows = raced.families.map((f) => [
      f.key,
      f.ms.toFixed(0),
      f.duckMs.toFixed(0),
      f.agree ? 'yes' : 'NO',
    ])
    rows.push(['all', raced.ms.toFixed(0), raced.duckMs.toFixed(0), disagreements ? 'NO' : 'yes'])
    console.log(table(['query (one council)', 'PGlite ms', 'DuckDB ms', 'same figures'], rows))
    return agreement('PGlite and DuckDB give the same figures', disagreements)
  } finally {
    conn.closeSync()
    duck.closeSync()
  }
}

/**
 * Every measure, afresh, for the council of the CLD bench's large file (in the
 * embedded data folder it was imported into), over the twelve months the file
 * covers, against the same target as the seeded council's, and each query
 * beside DuckDB's. A failure to run is reported, never fatal.
 *
 * @example
 * checks.push(...(await importedCouncilMeasures(dataDir, 'DEMO', rollingYearTo('2025-09-30'), work, 1_000_000)))
 */
export async function importedCouncilMeasures(
  dataDir: string,
  councilCode: string,
  period: Period,
  work: string,
  fileRows: number,
): Promise<Check[]> {
  const what = `all measures, council of the ${new Intl.NumberFormat('en-GB').format(fileRows)}-row CLD file, embedded`
  const target = `≤ ${duration(MEASURES_TARGETS.councilMs)}`
  try {
    const opened = await timed(() => connect({ dataDir, command: 'ascend bench' }))
    const database = opened.result
    try {
      const council = await database.db
        .selectFrom('councils')
        .select('id')
        .where('code', '=', councilCode)
        .executeTakeFirstOrThrow()
      const events = await countRows(database, council.id)
      await database.db.deleteFrom('measure_results').where('council_id', '=', council.id).execute()
      await database.db.deleteFrom('measure_slice_rows').where('council_id', '=', council.id).execute()
      const afresh = await withProbe(database, () => computeMeasures(database.db, council.id, period))
      console.log(
        `All measures afresh for the council the file was imported into (${events.toLocaleString('en-GB')} CLD events, ` +
          `${period.label}), embedded: ${duration(afresh.ms)}; a page's query waited at most ${duration(afresh.probe.max)} ` +
          `(p95 ${duration(afresh.probe.p95)}; opening the data folder took ${duration(opened.ms)})`,
      )
      const changed = await afterOnePersonChanges(database, council.id, period)
      return [
        {
          what,
          figure: duration(afresh.ms),
          target,
          verdict: verdict(afresh.ms <= MEASURES_TARGETS.councilMs),
        },
        {
          what: 'longest a page query waited meanwhile',
          figure: duration(afresh.probe.max),
          target: 'report',
          verdict: 'n/a',
        },
        {
          what: 'all measures again after a service is recorded for one person (kept slices)',
          figure: `${duration(changed.ms)} (longest page wait ${duration(changed.probe.max)})`,
          target: 'report',
          verdict: 'n/a',
        },
        {
          ...(await besideDuckDb(database, council.id, period, work)),
          what: 'PGlite and DuckDB agree, imported council',
        },
      ]
    } finally {
      await database.close()
    }
  } catch (error) {
    console.log(`All measures for the imported council: not run (${(error as Error).message})`)
    return [{ what, figure: 'not run', target, verdict: 'n/a' }]
  }
}

/**
 * Every measure again after a practitioner records a service for one person
 * (one small statement, as a page makes): only the slice of people holding
 * them is worked out again (kept-slices.ts). Prints the time.
 */
async function afterOnePersonChanges(database: Database, councilId: string, period: Period) {
  await sql`
    INSERT INTO cld_events (council_id, person_id, client_type, event_type, event_start_on, service_type,
      service_component, delivery_mechanism, planned_units_per_week)
    SELECT council_id, id, 'Service user', 'Service', ${period.end}::date - 30, 'Long term support: Community',
      'Home care', 'CASSR Commissioned Support', 12
    FROM people WHERE council_id = ${councilId} ORDER BY id LIMIT 1`.execute(database.db)
  const again = await withProbe(database, () => computeMeasures(database.db, councilId, period))
  console.log(
    `All measures again after a service was recorded for one person: ${duration(again.ms)}; a page's query waited at most ` +
      `${duration(again.probe.max)}`,
  )
  return again
}

async function nationalRun(options: MeasuresBenchOptions, period: Period): Promise<Check[]> {
  const notRun = (why: string): Check[] => {
    console.log(`National measures: skipped, ${why}`)
    return [
      {
        what: 'national measures, PostgreSQL ÷ DuckDB',
        figure: 'not run',
        target: `≤ ${MEASURES_TARGETS.nationalToDuckDb}×`,
        verdict: 'n/a',
      },
    ]
  }
  const server = await findBenchServer(options.serverUrl)
  if (server.url === undefined) return notRun(server.reason)
  const people = COUNCIL_SIZES[options.size]
  heading(
    `Measures: national, ≥ ${options.nationalEvents.toLocaleString('en-GB')} CLD events in councils of ` +
      `${people.toLocaleString('en-GB')} people, PostgreSQL beside DuckDB`,
  )
  const bench = await createBenchDatabase(server.url)
  console.log(`On ${server.found}, in a database of the bench's own (${bench.name}, dropped at the end)`)
  const database = await connect({ databaseUrl: bench.url, maxConnections: 2 })
  try {
    await migrate(database)
    const seeded = await timed(() =>
      seedSyntheticCouncil(database, { councilCode: 'NATION1', people, seed: options.seed, asOf: AS_OF }),
    )
    const source = seeded.result.council.id
    const perCouncil = await countRows(database, source)
    const n = options.nationalCouncils ?? Math.max(1, Math.ceil(options.nationalEvents / perCouncil))
    const copied = await timed(() => copyCouncil(database, source, n))
    const events = await countRows(database, null)
    console.log(
      `Seeded one council (${perCouncil.toLocaleString('en-GB')} CLD events) in ${duration(seeded.ms)}, ` +
        `copied it to ${n} councils in ${duration(copied.ms)}: ${events.toLocaleString('en-GB')} CLD events`,
    )
    const files = await exportCsv(database, source, options.work)
    const duck = await DuckDBInstance.create(':memory:')
    const conn = await duck.connect()
    try {
      const loaded = await timed(() => loadDuckDb(conn, files, n))
      console.log(`DuckDB loaded the same ${n} councils from the exported CSV in ${duration(loaded.ms)}`)
      const raced = await raceFamilies(database, conn, { councilId: null }, period, sameCouncils)
      const { disagreements, ms: pgTotal, duckMs: duckTotal } = raced
      const rows = raced.families.map((f) => [
        f.key,
        f.ms.toFixed(0),
        f.duckMs.toFixed(0),
        `${(f.ms / f.duckMs).toFixed(2)}×`,
        f.agree ? 'yes' : 'NO',
      ])
      const ratio = pgTotal / duckTotal
      rows.push([
        'all',
        pgTotal.toFixed(0),
        duckTotal.toFixed(0),
        `${ratio.toFixed(2)}×`,
        disagreements ? 'NO' : 'yes',
      ])
      console.log(
        table(['query (every council)', 'PostgreSQL ms', 'DuckDB ms', 'ratio', 'same figures'], rows),
      )
      return [
        {
          what: `national measures (${(events / 1e6).toFixed(1)}M events), PostgreSQL ÷ DuckDB`,
          figure: `${ratio.toFixed(2)}× (${duration(pgTotal)} vs ${duration(duckTotal)})`,
          target: `≤ ${MEASURES_TARGETS.nationalToDuckDb}×`,
          verdict: verdict(ratio <= MEASURES_TARGETS.nationalToDuckDb),
        },
        agreement('PostgreSQL and DuckDB give the same figures, council by council', disagreements),
      ]
    } finally {
      conn.closeSync()
      duck.closeSync()
    }
  } finally {
    await database.close()
    await dropBenchDatabase(bench.name)
  }
}

/**
 * Each CLD family's query on the database and on DuckDB (the same SQL over
 * the same rows), timed, with whether the two agree by `same`.
 */
async function raceFamilies(
  database: Database,
  conn: DuckDBConnection,
  scope: Scope,
  period: Period,
  same: (ours: Rows, duckdb: Rows) => boolean,
) {
  const families: { key: string; ms: number; duckMs: number; agree: boolean }[] = []
  for (const family of CLD_FAMILIES) {
    const ours = await timed(() => runFamily(database.db, family, scope, period))
    const duckdb = await timed(() => runOnDuckDb(conn, family, scope, period))
    families.push({
      key: family.key,
      ms: ours.ms,
      duckMs: duckdb.ms,
      agree: same(ours.result, duckdb.result),
    })
  }
  const sum = (of: (f: (typeof families)[number]) => number) =>
    families.reduce((total, f) => total + of(f), 0)
  return {
    families,
    ms: sum((f) => f.ms),
    duckMs: sum((f) => f.duckMs),
    disagreements: families.filter((f) => !f.agree).length,
  }
}

/** The check that two engines gave the same figures for every query. */
function agreement(what: string, disagreements: number): Check {
  const queries = CLD_FAMILIES.length
  return {
    what,
    figure: `${queries - disagreements} of ${queries} queries`,
    target: 'all',
    verdict: verdict(disagreements === 0),
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now()
  const result = await work()
  return { result, ms: performance.now() - start }
}

/**
 * Runs work while a trivial query is due every 20 ms, and reports how late each
 * one finished: the embedded database runs on the main thread, so a query
 * blocks timers as well as other queries, and lateness is what a page would feel.
 */
async function withProbe<T>(database: Database, work: () => Promise<T>) {
  const waits: number[] = []
  let running = true
  const probe = (async () => {
    while (running) {
      const due = performance.now() + 20
      await new Promise((resolve) => setTimeout(resolve, 20))
      await sql`SELECT 1`.execute(database.db)
      waits.push(Math.max(0, performance.now() - due))
    }
  })()
  let done: Awaited<ReturnType<typeof timed<T>>>
  try {
    done = await timed(work)
  } finally {
    // Stopped even when the work fails: a probe left running would outlive the database.
    running = false
    await probe
  }
  waits.sort((a, b) => a - b)
  return {
    ...done,
    probe: {
      count: waits.length,
      max: waits.at(-1) ?? 0,
      p95: waits[Math.min(waits.length - 1, Math.floor(waits.length * 0.95))] ?? 0,
    },
  }
}

async function countRows(database: Database, councilId: string | null): Promise<number> {
  const query = database.db.selectFrom('cld_events').select(sql<number>`count(*)`.as('n'))
  const row = await (councilId ? query.where('council_id', '=', councilId) : query).executeTakeFirstOrThrow()
  return Number(row.n)
}

const EVENT_COLUMNS = {
  id: 'VARCHAR',
  council_id: 'VARCHAR',
  person_id: 'VARCHAR',
  client_type: 'VARCHAR',
  event_type: 'VARCHAR',
  event_start_on: 'DATE',
  event_end_on: 'DATE',
  event_outcome: 'VARCHAR',
  request_route_of_access: 'VARCHAR',
  assessment_type: 'VARCHAR',
  service_type: 'VARCHAR',
  service_component: 'VARCHAR',
  delivery_mechanism: 'VARCHAR',
  unit_cost_pence: 'INTEGER',
  cost_frequency_unit_type: 'VARCHAR',
  planned_units_per_week: 'DOUBLE',
  review_reason: 'VARCHAR',
} as const
const PEOPLE_COLUMNS = {
  id: 'VARCHAR',
  council_id: 'VARCHAR',
  date_of_birth: 'DATE',
  date_of_death: 'DATE',
  accommodation_status: 'VARCHAR',
} as const
const TIME_COLUMNS = {
  council_id: 'VARCHAR',
  recorded_on: 'DATE',
  direct_minutes: 'INTEGER',
  travel_minutes: 'INTEGER',
  recording_minutes: 'INTEGER',
} as const

type Files = Record<'events' | 'people' | 'time', string>

/** One council's people, events and time entries as CSV files. */
async function exportCsv(database: Database, councilId: string, work: string): Promise<Files> {
  fs.mkdirSync(work, { recursive: true })
  const write = async (name: string, table: string, columns: Record<string, string>) => {
    const file = path.join(work, `${name}-${councilId}.csv`)
    const { rows } = await sql<
      Record<string, unknown>
    >`SELECT ${sql.join(Object.keys(columns).map((c) => sql.ref(c)))} FROM ${sql.table(table)} WHERE council_id = ${councilId}`.execute(
      database.db,
    )
    fs.writeFileSync(file, stringify(rows, { header: true, columns: Object.keys(columns) }))
    return file
  }
  return {
    events: await write('events', 'cld_events', EVENT_COLUMNS),
    people: await write('people', 'people', PEOPLE_COLUMNS),
    time: await write('time', 'time_entries', TIME_COLUMNS),
  }
}

/**
 * Loads the CSV files into DuckDB under the names the SQL uses, as `copies`
 * councils: copy 1 is the council exported, each other copy has its ids made
 * distinct exactly as `copyCouncil` makes them on PostgreSQL, so the engines'
 * rows can be matched council by council.
 */
async function loadDuckDb(conn: DuckDBConnection, files: Files, copies: number) {
  const read = (file: string, columns: Record<string, string>) =>
    `read_csv('${file.replace(/'/g, "''")}', header = true, columns = {${Object.entries(columns)
      .map(([c, t]) => `'${c}': '${t}'`)
      .join(', ')}})`
  const copy = `range(1, ${copies + 1}) AS copies(n)`
  const id = (column: string) =>
    copies === 1
      ? column
      : `CASE WHEN n = 1 THEN ${column} ELSE lpad(lower(to_hex(n)), 8, '0') || substr(${column}, 9, 6) || '0' || substr(${column}, 16) END`
  await conn.run(
    `CREATE TABLE people AS SELECT ${id('id')} AS id, ${id('council_id')} AS council_id, date_of_birth, date_of_death, accommodation_status
     FROM ${read(files.people, PEOPLE_COLUMNS)}, ${copy}`,
  )
  const eventColumns = Object.keys(EVENT_COLUMNS).filter(
    (c) => !['id', 'council_id', 'person_id'].includes(c),
  )
  await conn.run(
    `CREATE TABLE ${measureEventsRelation()} AS SELECT ${id('id')} AS id, ${id('council_id')} AS council_id, ${id('person_id')} AS person_id,
       ${eventColumns.join(', ')}
     FROM ${read(files.events, EVENT_COLUMNS)}, ${copy}`,
  )
  await conn.run(
    `CREATE TABLE time_entries AS SELECT ${id('council_id')} AS council_id, recorded_on, direct_minutes, travel_minutes, recording_minutes
     FROM ${read(files.time, TIME_COLUMNS)}, ${copy}`,
  )
}

async function runOnDuckDb(
  conn: DuckDBConnection,
  family: MeasureFamily,
  scope: Scope,
  period: Period,
): Promise<Rows> {
  const text = family.query(scope)
  if (!text) return new Map()
  const { text: bound, values } = bindPositional(text, {
    council_id: scope.councilId ?? undefined,
    period_start: period.start,
    period_end: period.end,
  })
  const reader = await conn.runAndReadAll(bound, values)
  const rows = reader.getRowObjectsJson() as Record<string, unknown>[]
  return new Map(rows.map((row) => [String(row.council_id), row]))
}

/** Whether two engines' rows for one council hold the same numbers. */
function sameFigures(a: Rows, b: Rows): boolean {
  const left = [...a.values()][0] ?? {}
  const right = [...b.values()][0] ?? {}
  return sameNumbers(left, right)
}

/** Whether two engines give the same councils, each with the same numbers. */
function sameCouncils(a: Rows, b: Rows): boolean {
  if (a.size !== b.size) return false
  for (const [council, row] of a) {
    const other = b.get(council)
    if (!other || !sameNumbers(row, other)) return false
  }
  return true
}

function sameNumbers(left: Record<string, unknown>, right: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(left), ...Object.keys(right)].filter((k) => k !== 'council_id'))
  for (const key of keys) {
    const x = Number(left[key] ?? 0)
    const y = Number(right[key] ?? 0)
    if (Math.abs(x - y) > 1e-6 * Math.max(1, Math.abs(x), Math.abs(y))) return false
  }
  return true
}

/**
 * Copies a council's people, events and time entries to make `count` councils
 * in all, a council at a time. Copy n's ids are the originals with their
 * first eight hex digits replaced by n's, so each copy's keys sit together in
 * every index (random ids would scatter each insert over indexes larger than
 * the server's cache) and DuckDB can make the same ids from the same CSV, and
 * with their version digit (the 13th, 4 in every random UUID) made 0, so no
 * copy can be an original: one in about 500 nations of 80 copies held an event
 * whose id began with a copy's number, and its copy collided with it.
 */
async function copyCouncil(database: Database, source: string, count: number) {
  await database.db.connection().execute(async (db) => {
    // Copies of valid rows are valid: when the server lets the bench (a superuser), it skips the
    // foreign-key checks and triggers, which cost more than the rows themselves.
    await sql`SET session_replication_role = replica`.execute(db).catch(() => {})
    try {
      for (let n = 2; n <= count; n++) await copyOnce(db, source, n)
    } finally {
      await sql`RESET session_replication_role`.execute(db)
    }
  })
  await database.executeScript('VACUUM ANALYZE')
}

/** Copy n's id for an id column (n, a column of the query, is the copy's number): see copyCouncil. */
const copyOf = (column: string) =>
  `overlay(overlay(${column}::text placing lpad(to_hex(n), 8, '0') from 1 for 8) placing '0' from 15 for 1)::uuid`

async function copyOnce(db: Kysely<Schema>, source: string, n: number) {
  await sql`INSERT INTO councils (id, code, name, synthetic)
      SELECT ${sql.raw(copyOf('c.id'))}, 'NATION' || n, 'Synthetic nation council ' || n, true
      FROM councils c, (SELECT ${n}::int AS n) AS copy WHERE c.id = ${source}`.execute(db)
  await sql`INSERT INTO people (id, council_id, la_person_id, given_name, family_name, date_of_birth, date_of_death,
        accommodation_status, primary_support_reason, gender, client_type, synthetic)
      SELECT ${sql.raw(copyOf('p.id'))}, ${sql.raw(copyOf('p.council_id'))}, p.la_person_id, p.given_name, p.family_name,
        p.date_of_birth, p.date_of_death, p.accommodation_status, p.primary_support_reason, p.gender, p.client_type, true
      FROM people p, (SELECT ${n}::int AS n) AS copy WHERE p.council_id = ${source}`.execute(db)
  await sql`INSERT INTO cld_events (id, council_id, person_id, client_type, event_type, event_start_on, event_end_on,
        event_outcome, request_route_of_access, assessment_type, service_type, service_component, delivery_mechanism,
        unit_cost_pence, cost_frequency_unit_type, planned_units_per_week, review_reason, source)
      SELECT ${sql.raw(copyOf('e.id'))}, ${sql.raw(copyOf('e.council_id'))}, ${sql.raw(copyOf('e.person_id'))}, e.client_type,
        e.event_type, e.event_start_on, e.event_end_on, e.event_outcome, e.request_route_of_access, e.assessment_type,
        e.service_type, e.service_component, e.delivery_mechanism, e.unit_cost_pence, e.cost_frequency_unit_type,
        e.planned_units_per_week, e.review_reason, 'import'
      FROM cld_events e, (SELECT ${n}::int AS n) AS copy WHERE e.council_id = ${source}`.execute(db)
  await sql`INSERT INTO time_entries (council_id, person_id, user_id, activity, direct_minutes, travel_minutes, recording_minutes, recorded_on)
      SELECT ${sql.raw(copyOf('t.council_id'))}, ${sql.raw(copyOf('t.person_id'))}, t.user_id, t.activity, t.direct_minutes,
        t.travel_minutes, t.recording_minutes, t.recorded_on
      FROM time_entries t, (SELECT ${n}::int AS n) AS copy WHERE t.council_id = ${source}`.execute(db)
}

/**
 * The measures bench's options from the main bench's: the same council size,
 * seed and server. ASCEND_BENCH_DATABASE_URL gives a server for the national
 * run when the bench itself runs embedded (else this machine's server is
 * used if it answers); the national run holds at least 8 million CLD events
 * for a large bench (fewer for a smaller one), or
 * ASCEND_BENCH_NATIONAL_COUNCILS copies of the council.
 *
 * @example
 * await runMeasuresBench(measuresBenchOptions({ size: 'large', seed: 1, databaseUrl: undefined }, work))
 */
export function measuresBenchOptions(
  options: { size: CouncilSize; seed: number; databaseUrl: string | undefined },
  work: string,
): MeasuresBenchOptions {
  const councils = Number(process.env.ASCEND_BENCH_NATIONAL_COUNCILS)
  return {
    size: options.size,
    seed: options.seed,
    serverUrl: options.databaseUrl ?? process.env.ASCEND_BENCH_DATABASE_URL,
    nationalEvents: NATIONAL_EVENTS[options.size],
    nationalCouncils: Number.isInteger(councils) && councils >= 1 ? councils : undefined,
    work: path.join(work, 'measures'),
  }
}

/** CLD events in the national run: a nation's worth for the full bench, less for a quicker one. */
const NATIONAL_EVENTS: Record<CouncilSize, number> = { small: 100_000, medium: 400_000, large: 8_000_000 }
