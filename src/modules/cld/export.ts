/**
 * Writes a council's CLD return: the rolling twelve months ending with a
 * quarter, Release 2, from the events that count (`cld_events_live`) and the
 * people they belong to. Every row is checked by the same validator an import
 * uses before it is written; a row the national pipeline would drop is left
 * out and reported. Streams: a page of rows in memory at a time.
 */
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { type Kysely, sql } from 'kysely'
import type { Schema } from '../../schema.ts'
import { OPEN_SERVICE_OUTCOME } from '../events/store.ts'
import { csvLine } from './csv-line.ts'
import type { ExportPace } from './export-pace.ts'
import { CLD_FIELDS, INVALID_AND_NOT_MAPPED, type ReportingQuarter } from './rules.ts'
import { PERSON_DETAIL_COLUMNS } from './store.ts'
import { type CldProblem, createRowValidator, FIELD_COLUMNS, readHeader } from './validator.ts'

type Db = Kysely<Schema>

export interface ExportSummary {
  rowsWritten: number
  people: number
  /** Rows written with a problem the national checks would flag (a blank mandatory field…). */
  rowsWithProblems: number
  /** Rows left out because the national pipeline could not use them. */
  rowsLeftOut: number
  problems: number
}

export interface ExportRun {
  db: Db
  council: { id: string; code: string }
  quarter: ReportingQuarter
  out: Writable
  /** Where each problem goes (the report), with the CLD identifier of the person the row is about. */
  onProblem?: (problem: CldProblem, laPersonId: string) => void
  onProgress?: (rowsWritten: number) => void
  /** How it shares the thread with pages (the service's: export-pace.ts); a turn of the event loop a page without. */
  pace?: ExportPace
}

/** Rows a page, unpaced; a pace sizes pages between the least and the most. */
const PAGE = 1_000
const MIN_PAGE = 50
const MAX_PAGE = 5_000

/**
 * An event's end as the return gives it: a service still open for someone
 * whose death is recorded ended with it. CLD asks an end of every event of
 * a person who has died, and the death is what ended the service; the
 * national pipeline ends it there too (measures' `derivedEndSql`). Its
 * outcome, if the service was only continuing, is the death.
 */
const END_SQL = `CASE WHEN e.event_end_on IS NULL AND e.event_type = 'Service' AND p.date_of_death >= e.event_start_on
  THEN p.date_of_death ELSE e.event_end_on END`
const DECEASED = 'NFA: Deceased'
const HEADER = CLD_FIELDS.map((field) => field.name)

type ExportRow = Record<string, string | number | null>

/**
 * Writes the header and the rows, in order of event, then the unpaid carers
 * known by association (people with no event). Line numbers in problems are
 * the lines of the file written (the header is line 1); a left-out row has
 * the line it would have had, and the next row takes it.
 *
 * @example
 * const summary = await writeCldExport({ db, council, quarter: parseQuarter('2025-26-Q2')!, out })
 */
export async function writeCldExport(run: ExportRun): Promise<ExportSummary> {
  const { db, council, quarter, out } = run
  const validate = createRowValidator(readHeader(HEADER), council.code)
  const summary: ExportSummary = {
    rowsWritten: 0,
    people: 0,
    rowsWithProblems: 0,
    rowsLeftOut: 0,
    problems: 0,
  }
  const people = new Set<string>()
  let buffer = csvLine(HEADER)
  const flush = async () => {
    const chunk = buffer
    buffer = ''
    if (chunk && !out.write(chunk)) await once(out, 'drain')
  }
  // After each page of rows, at least a turn of the event loop: on the embedded database a query holds the
  // thread, and the service makes returns while it serves pages (a million-event council's took 24 s, all of
  // it). Paced, a page is sized to take the time the pace asks for, and the pace says when the next starts.
  let pageRows = PAGE
  const paced = async (started: number, rows: number) => {
    const took = Math.max(performance.now() - started, 0.5)
    if (!run.pace) return nextTurn()
    const next = (rows * run.pace.pageMs()) / took
    pageRows = Math.min(MAX_PAGE, Math.max(MIN_PAGE, Math.round((pageRows + next) / 2)))
    await run.pace.after(took)
  }

  const write = (row: ExportRow) => {
    const cells = HEADER.map((name) => cellOf(row[name]))
    const line = summary.rowsWritten + 2
    const result = validate(cells, line)
    for (const problem of result.problems)
      run.onProblem?.(problem, String(row.LA_Person_Unique_Identifier ?? ''))
    summary.problems += result.problems.length
    if (!result.usable) {
      summary.rowsLeftOut += 1
      return
    }
    if (result.problems.length > 0) summary.rowsWithProblems += 1
    buffer += csvLine(cells)
    summary.rowsWritten += 1
    people.add(String(row.LA_Person_Unique_Identifier))
  }

  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const started = performance.now()
    const limit = pageRows
    const page = await sql<Record<string, string | number | null>>`
      SELECT e.id AS event_id, e.event_type, e.client_type AS event_client_type, e.event_reference, e.event_start_on,
        ${sql.raw(END_SQL)} AS event_end_on,
        CASE WHEN e.event_end_on IS NULL AND ${sql.raw(END_SQL)} IS NOT NULL
            AND (e.event_outcome IS NULL OR e.event_outcome = ${OPEN_SERVICE_OUTCOME})
          THEN ${DECEASED} ELSE e.event_outcome END AS event_outcome,
        e.event_description, e.request_route_of_access, e.assessment_type,
        e.eligible_needs_identified, e.method_of_assessment, e.service_type, e.service_component,
        e.delivery_mechanism, e.unit_cost_pence, e.cost_frequency_unit_type, e.planned_units_per_week,
        e.review_reason, e.review_outcomes_achieved, e.method_of_review, e.client_funding_status,
        e.provider_cqc_location_id, e.provider_cqc_location_name,
        p.la_person_id, ${sql.raw(PERSON_DETAIL_COLUMNS.map((column) => `p.${column}`).join(', '))}
      FROM cld_events_live e
      JOIN people_live p ON p.id = e.person_id
      WHERE e.council_id = ${council.id}::uuid
        AND e.id > ${after}::uuid
        AND e.event_start_on <= ${quarter.periodEndOn}::date
        AND ((e.event_type = 'Service' AND (${sql.raw(END_SQL)} IS NULL OR ${sql.raw(END_SQL)} >= ${quarter.periodStartOn}::date))
          OR (e.event_type <> 'Service' AND e.event_end_on BETWEEN ${quarter.periodStartOn}::date AND ${quarter.periodEndOn}::date))
      ORDER BY e.id
      LIMIT ${limit}`.execute(db)
    for (const row of page.rows) write(rowFor(row, council.code, quarter))
    await flush()
    run.onProgress?.(summary.rowsWritten)
    await paced(started, page.rows.length)
    if (page.rows.length < limit) break
    after = String(page.rows[page.rows.length - 1]?.event_id)
  }

  // Unpaid carers known by association have a row of their own and no event.
  after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const started = performance.now()
    const limit = pageRows
    const page = await sql<Record<string, string | number | null>>`
      SELECT p.id AS person_uuid, p.la_person_id, ${sql.raw(PERSON_DETAIL_COLUMNS.map((column) => `p.${column}`).join(', '))}
      FROM people_live p
      WHERE p.council_id = ${council.id}::uuid AND p.client_type = 'Unpaid carer known by association'
        AND p.id > ${after}::uuid
      ORDER BY p.id
      LIMIT ${limit}`.execute(db)
    for (const row of page.rows) write(rowFor(row, council.code, quarter))
    await flush()
    await paced(started, page.rows.length)
    if (page.rows.length < limit) break
    after = String(page.rows[page.rows.length - 1]?.person_uuid)
  }
  summary.people = people.size
  return summary
}

/** One CLD row from a person and (unless known by association) an event. */
function rowFor(
  source: Record<string, string | number | null>,
  laCode: string,
  quarter: ReportingQuarter,
): ExportRow {
  const row: ExportRow = {
    LA_Code: laCode,
    Reporting_Period_Start_Date: quarter.periodStartOn,
    Reporting_Period_End_Date: quarter.periodEndOn,
  }
  for (const field of CLD_FIELDS) {
    const target = FIELD_COLUMNS[field.name]
    if (!target || target.target === 'submission') continue
    let value = source[target.column]
    if (field.name === 'Unit_Cost')
      value = value === null || value === undefined ? null : (Number(value) / 100).toFixed(2)
    row[field.name] = value ?? null
  }
  row.LA_Person_Unique_Identifier = source.la_person_id ?? null
  // An event's client type is what it was at the time; a carer known by association has none.
  row.Client_Type = (source.event_type ? source.event_client_type : source.client_type) ?? null
  return row
}

/** A value as a CSV cell: 'Invalid and not mapped' is no CLD value, so it is written blank. */
function cellOf(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === INVALID_AND_NOT_MAPPED) return ''
  return String(value)
}
