import { PassThrough, Readable } from 'node:stream'
import { sql } from 'kysely'
import { expect, it } from 'vitest'
import type { Database } from '../../src/kernel/db/connect.ts'
import { writeCldExport } from '../../src/modules/cld/export.ts'
import type { ExportPace } from '../../src/modules/cld/export-pace.ts'
import { runImport } from '../../src/modules/cld/importer.ts'
import { readCld } from '../../src/modules/cld/read-cld.ts'
import { belongsInPeriod, parseQuarter } from '../../src/modules/cld/rules.ts'
import { completeImport, createImport } from '../../src/modules/cld/store.ts'
import { writeSyntheticCldFile } from '../../src/modules/cld/synthetic-file.ts'
import { recordEvent } from '../../src/modules/events/store.ts'
import { addCouncil } from '../../src/modules/identity/store.ts'
import { computeMeasures } from '../../src/modules/measures/compute.ts'
import { financialYear } from '../../src/modules/measures/periods.ts'
import { freshDatabase } from '../support/databases.ts'
import { CLD_COMPLETE_PERSON, insertPerson } from '../support/fixtures.ts'
import { describeOnEachDatabase } from '../support/test-context.ts'

const QUARTER = parseQuarter('2025-26-Q4') as NonNullable<ReturnType<typeof parseQuarter>>

async function synthetic(rows: number, code: string): Promise<string> {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (chunk: Buffer) => chunks.push(chunk))
  await writeSyntheticCldFile(out, {
    rows,
    councilCode: code,
    seed: 7,
    periodStartOn: QUARTER.periodStartOn,
    periodEndOn: QUARTER.periodEndOn,
  })
  out.end()
  return Buffer.concat(chunks).toString('utf8')
}

async function importText(db: Database['db'], council: { id: string; code: string }, text: string) {
  const importId = await createImport(db, {
    councilId: council.id,
    fileName: 'x.csv',
    channel: 'cli',
    createdBy: null,
    bytesTotal: null,
  })
  return runImport({
    db,
    importId,
    council: { ...council, synthetic: true },
    source: Readable.from([text]),
    batchSize: 500,
  })
}

async function exportText(db: Database['db'], council: { id: string; code: string }, pace?: ExportPace) {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (chunk: Buffer) => chunks.push(chunk))
  const problems: string[] = []
  const summary = await writeCldExport({
    db,
    council,
    quarter: QUARTER,
    out,
    pace,
    onProblem: (p) => problems.push(`${p.line} ${p.field} ${p.problem}`),
  })
  out.end()
  return { text: Buffer.concat(chunks).toString('utf8'), summary, problems }
}

/** A council's events that count, with the person's CLD identifier in place of their id: comparable across databases. */
async function eventsOf(db: Database['db'], councilId: string) {
  const rows = await sql<Record<string, unknown>>`
    SELECT p.la_person_id, p.nhs_number, p.date_of_birth, p.gender, p.ethnicity, p.postcode,
      p.primary_support_reason, p.accommodation_status, p.employment_status, p.has_unpaid_carer,
      e.event_type, e.client_type, e.event_start_on, e.event_end_on, e.event_outcome, e.request_route_of_access,
      e.assessment_type, e.eligible_needs_identified, e.method_of_assessment, e.service_type, e.service_component,
      e.delivery_mechanism, e.unit_cost_pence, e.cost_frequency_unit_type, e.planned_units_per_week, e.review_reason,
      e.review_outcomes_achieved, e.method_of_review, e.client_funding_status
    FROM cld_events_live e JOIN people_live p ON p.id = e.person_id
    WHERE e.council_id = ${councilId}::uuid`.execute(db)
  return rows.rows
    .filter((row) => belongsInPeriod(row as Parameters<typeof belongsInPeriod>[0], QUARTER))
    .map((row) => JSON.stringify(row))
    .sort()
}

const count = async (db: Database['db'], councilId: string) =>
  Number(
    (
      await sql<{
        n: number
      }>`SELECT count(*) AS n FROM cld_events_live WHERE council_id = ${councilId}::uuid`.execute(db)
    ).rows[0]?.n,
  )

describeOnEachDatabase('CLD export', (ctx) => {
  it('writes the rolling year, checked row by row, and an empty council importing it gets the same events and the same measures', async () => {
    const a = ctx().councils.a
    const db = ctx().database.db
    // What the council holds: an imported file, and records made in ASCEND itself.
    // (A synthetic file asked for no invalid values has none: every row passes every check.)
    expect(await importText(db, a, await synthetic(3_000, a.code))).toMatchObject({
      status: 'complete',
      counts: { rowsWithProblems: 0, rowsDropped: 0 },
    })
    const person = await insertPerson(ctx().database, a.id, { ...CLD_COMPLETE_PERSON, la_person_id: 'ASC-1' })
    await recordEvent(db, {
      council_id: a.id,
      person_id: person.id,
      event_type: 'Request',
      event_start_on: '2025-09-01',
      event_end_on: '2025-09-03',
      request_route_of_access: 'Discharge from Hospital',
      event_outcome: 'Progress to reablement/ST-Max',
    })
    // Outside the rolling year: not in the file.
    await recordEvent(db, {
      council_id: a.id,
      person_id: person.id,
      event_type: 'Request',
      event_start_on: '2024-01-01',
      event_end_on: '2024-01-02',
      request_route_of_access: 'Prison',
      event_outcome: 'NFA: Other',
    })

    const exported = await exportText(db, a)
    expect(exported.summary.rowsLeftOut).toBe(0)
    expect(exported.text.split('\n')[0]).toMatch(
      /^LA_Code,Reporting_Period_Start_Date,Reporting_Period_End_Date,NHS_Number,/,
    )
    expect(exported.text).not.toContain('2024-01-02')

    // The file passes the importer's own checks.
    let rows = 0
    for await (const chunk of readCld(Readable.from([exported.text]), a.code).chunks) {
      for (const row of chunk.rows) {
        rows += 1
        expect(row.usable).toBe(true)
      }
    }
    expect(rows).toBe(exported.summary.rowsWritten)

    // An empty council elsewhere, with the same code, imports it.
    const other = await freshDatabase(ctx().kind)
    try {
      const council = await addCouncil(other.db, {
        code: a.code,
        name: 'The same council, elsewhere',
        synthetic: true,
      })
      const imported = await importText(other.db, council, exported.text)
      expect(imported).toMatchObject({ status: 'complete', counts: { rowsDropped: 0 } })

      // The same events of the rolling year; and nothing else came in.
      const there = await eventsOf(other.db, council.id)
      expect(there).toEqual(await eventsOf(db, a.id))
      expect(await count(other.db, council.id)).toBe(there.length)

      const year = financialYear('2025-26')
      const strip = (results: Awaited<ReturnType<typeof computeMeasures>>) =>
        results.map((r) => ({
          code: r.code,
          numerator: r.numerator,
          denominator: r.denominator,
          value: r.value,
        }))
      const measuresHere = strip(await computeMeasures(db, a.id, year))
      const measuresThere = strip(await computeMeasures(other.db, council.id, year))
      expect(measuresHere.length).toBeGreaterThan(5)
      expect(measuresHere.filter((m) => (m.numerator ?? 0) > 0).length).toBeGreaterThan(3)
      expect(measuresThere).toEqual(measuresHere)
    } finally {
      await other.close()
    }
  })

  it('gives the service a turn between pages of rows: on the embedded database a query holds the thread', async () => {
    // The council's 3,000 imported rows and more: several pages.
    let turns = 0
    const ticking = setInterval(() => {
      turns += 1
    }, 0)
    try {
      expect((await exportText(ctx().database.db, ctx().councils.a)).summary.rowsWritten).toBeGreaterThan(
        2_000,
      )
    } finally {
      clearInterval(ticking)
    }
    expect(turns).toBeGreaterThanOrEqual(2)
  })

  it('writes the same file however a pace sizes its pages of rows', async () => {
    const council = ctx().councils.a
    const whole = await exportText(ctx().database.db, council)
    let pauses = 0
    const small = await exportText(ctx().database.db, council, {
      pageMs: () => 0.001,
      after: async () => {
        pauses += 1
      },
    })
    expect(small.text).toBe(whole.text)
    expect(small.problems).toEqual(whole.problems)
    // Pages shrink from a thousand rows towards fifty: more than two thousand rows take many.
    expect(pauses).toBeGreaterThan(10)
  })

  it('ends a dead person’s open services at their death, as CLD asks, and leaves out those that ended before the year', async () => {
    const b = ctx().councils.b
    const db = ctx().database.db
    const details = { ...CLD_COMPLETE_PERSON, nhs_number: '9990000115' }
    const service = (personId: string, start: string, more: Record<string, unknown> = {}) =>
      recordEvent(db, {
        council_id: b.id,
        person_id: personId,
        client_type: 'Service user',
        client_funding_status: 'Fully social care funded',
        event_type: 'Service',
        event_start_on: start,
        event_outcome: 'Continuation of support or services',
        service_type: 'Long term support: Community',
        service_component: 'Home support or domiciliary care',
        delivery_mechanism: 'CASSR Commissioned Support',
        ...more,
      })
    const died = await insertPerson(ctx().database, b.id, {
      ...details,
      la_person_id: 'DIED-IN-YEAR',
      date_of_death: '2025-12-01',
    })
    await service(died.id, '2025-06-01')
    await service(died.id, '2025-05-01', {
      event_end_on: '2025-05-31',
      event_outcome: 'NFA: Support ended as planned',
    })
    const diedBefore = await insertPerson(ctx().database, b.id, {
      ...details,
      la_person_id: 'DIED-BEFORE',
      date_of_death: '2025-02-01',
    })
    await service(diedBefore.id, '2024-01-01')

    const { text, problems } = await exportText(db, b)
    const rows = text.trim().split('\n')
    const header = (rows[0] as string).split(',')
    const cell = (row: string, name: string) => row.split(',')[header.indexOf(name)]
    const ofDied = rows.filter((row) => row.includes('DIED-IN-YEAR')).sort()
    expect(
      ofDied.map((row) => [
        cell(row, 'Event_Start_Date'),
        cell(row, 'Event_End_Date'),
        cell(row, 'Event_Outcome'),
      ]),
    ).toEqual([
      ['2025-05-01', '2025-05-31', 'NFA: Support ended as planned'],
      ['2025-06-01', '2025-12-01', 'NFA: Deceased'],
    ])
    expect(text).not.toContain('DIED-BEFORE')
    expect(problems.filter((p) => p.includes('Event_End_Date'))).toEqual([])
    // The record itself is as it was: the return says what the death means for it.
    const held = await db
      .selectFrom('cld_events')
      .select(['event_end_on', 'event_outcome'])
      .where('person_id', '=', died.id)
      .where('event_start_on', '=', '2025-06-01')
      .executeTakeFirstOrThrow()
    expect(held).toEqual({ event_end_on: null, event_outcome: 'Continuation of support or services' })
  })

  it('moves the council’s data version when an import completes, so figures cached while it loaded are not reused', async () => {
    const b = ctx().councils.b
    const db = ctx().database.db
    const outcome = await importText(db, b, await synthetic(500, b.code))
    expect(outcome.status).toBe('complete')
    const row = await db
      .selectFrom('cld_imports')
      .select('id')
      .where('council_id', '=', b.id)
      .executeTakeFirstOrThrow()
    const changes = async () =>
      Number(
        (
          await sql<{
            n: number
          }>`SELECT count(*) AS n FROM measure_data_changes WHERE council_id = ${b.id}::uuid`.execute(db)
        ).rows[0]?.n,
      )
    // As just before the flip: the rows are in, not yet counting.
    await sql`UPDATE cld_imports SET status = 'loading' WHERE id = ${row.id}::uuid`.execute(db)
    const before = await changes()
    expect(await completeImport(db, row.id, { ...outcome.counts })).toBe(true)
    expect(await changes()).toBeGreaterThan(before)
  })
})
