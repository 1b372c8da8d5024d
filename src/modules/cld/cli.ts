import fs from 'node:fs'
import path from 'node:path'
import { parseOptions, UsageError } from '../../cli/main.ts'
import { openDatabase } from '../../cli/open-database.ts'
import type { Config } from '../../config.ts'
import { formatDate } from '../../kernel/dates.ts'
import { recordAudit } from '../audit/store.ts'
import { findCouncilByCode } from '../identity/store.ts'
import { countDiedWithSupportOpen } from '../people/died-with-support-open.ts'
import { writeCldExport } from './export.ts'
import { COMMAND_LINE_BATCH_MS, recoverImports, runImport } from './importer.ts'
import { PROBLEM_REPORT_HEADER, problemReportLine } from './problem-report.ts'
import { parseQuarter } from './rules.ts'
import { allProblems, createImport, ImportAlreadyRunningError } from './store.ts'

const IMPORT_USAGE = 'Usage: ascend import cld FILE --council CODE [--report PROBLEMS.csv]'
const EXPORT_USAGE =
  'Usage: ascend export cld --council CODE --quarter YYYY-YY-QN --out FILE [--report PROBLEMS.csv]'
const count = new Intl.NumberFormat('en-GB')

/** Progress of a long job on standard error: redrawn in place on a terminal, a line per tenth otherwise. */
function progressLine(stream: NodeJS.WriteStream = process.stderr) {
  let lastTenth = -1
  let lastDraw = 0
  return {
    update(text: string, fraction: number) {
      if (stream.isTTY) {
        const now = Date.now()
        if (now - lastDraw < 200) return
        lastDraw = now
        stream.write(`\r${text.padEnd(80)}`)
        return
      }
      const tenth = Math.floor(fraction * 10)
      if (tenth > lastTenth) {
        lastTenth = tenth
        stream.write(`${text}\n`)
      }
    },
    finish() {
      if (stream.isTTY) stream.write('\n')
    },
  }
}

/**
 * `ascend import cld FILE --council CODE [--report PROBLEMS.csv]`: imports a
 * CLD file as the web and the API do, with progress on standard error, a
 * summary on standard output and, if asked, the problem report as CSV.
 * Exit 0 when the import completed (problems or not), 1 when it failed.
 *
 * @example
 * await importCldCommand(config, ['cld', 'cld-2025-26-q2.csv', '--council', 'E10000008'])
 */
export async function importCldCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    council: { type: 'string' },
    report: { type: 'string' },
  })
  const [what, file, ...extra] = positionals
  if (what !== 'cld') throw new UsageError(`Only CLD files can be imported.\n${IMPORT_USAGE}`)
  if (!file || extra.length > 0) throw new UsageError(`Give one FILE to import.\n${IMPORT_USAGE}`)
  if (!values.council)
    throw new UsageError(`Give --council: the code of the council the file belongs to.\n${IMPORT_USAGE}`)
  let bytesTotal: number
  try {
    bytesTotal = fs.statSync(file).size
  } catch {
    throw new UsageError(`There is no file ${file}.`)
  }

  const database = await openDatabase(config, 'ascend import cld')
  const stop = new AbortController()
  const onSignal = () => stop.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    const db = database.db
    const council = await findCouncilByCode(db, values.council)
    if (!council) {
      console.error(`There is no council with code ${values.council.toUpperCase()}.`)
      return 1
    }
    await recoverImports(db)
    let importId: string
    try {
      importId = await createImport(db, {
        councilId: council.id,
        fileName: path.basename(file),
        channel: 'cli',
        createdBy: null,
        bytesTotal,
      })
    } catch (error) {
      if (error instanceof ImportAlreadyRunningError) {
        console.error(error.message)
        return 1
      }
      throw error
    }
    await recordAudit(db, {
      councilId: council.id,
      userId: null,
      action: 'create',
      recordType: 'cld_import',
      recordId: importId,
      detail: { channel: 'cli', bytes: bytesTotal },
    })
    const started = performance.now()
    const progress = progressLine()
    const outcome = await runImport({
      db,
      importId,
      council,
      source: file,
      batchMs: COMMAND_LINE_BATCH_MS,
      signal: stop.signal,
      onProgress: (counts) => {
        const fraction = bytesTotal > 0 ? counts.bytesRead / bytesTotal : 1
        const seconds = (performance.now() - started) / 1000
        progress.update(
          `Importing ${path.basename(file)}: ${Math.floor(fraction * 100)}%, ${count.format(counts.rowsRead)} rows, ` +
            `${count.format(Math.round(counts.rowsRead / Math.max(seconds, 0.001)))} rows/s`,
          fraction,
        )
      },
    })
    progress.finish()
    const seconds = (performance.now() - started) / 1000
    const c = outcome.counts
    if (outcome.status === 'failed') {
      console.error(`The import failed: ${outcome.error}`)
    } else {
      console.log(
        [
          `Imported ${path.basename(file)} into ${council.name} in ${seconds.toFixed(1)} s ` +
            `(${count.format(Math.round(c.rowsRead / Math.max(seconds, 0.001)))} rows/s).`,
          `  Rows read:          ${count.format(c.rowsRead)}`,
          `  Rows loaded:        ${count.format(c.rowsLoaded)}${c.rowsUnchanged ? ` (${count.format(c.rowsUnchanged)} already held, unchanged)` : ''}`,
          `  Rows with problems: ${count.format(c.rowsWithProblems)}`,
          `  Rows dropped:       ${count.format(c.rowsDropped)}`,
          `  People new:         ${count.format(c.peopleCreated)}`,
          `  Problems reported:  ${count.format(c.problems)}`,
        ].join('\n'),
      )
      const died = await countDiedWithSupportOpen(db, council.id)
      if (died > 0)
        console.log(
          `${count.format(died)} ${died === 1 ? 'person whose death is recorded still has' : 'people whose death is recorded still have'} ` +
            'support open in ASCEND (a date of death in a CLD file changes only their details): case workers find them ' +
            'under "People who died with support still open" and end what each death ends.',
        )
    }
    if (values.report) {
      const out = fs.createWriteStream(values.report)
      out.write(PROBLEM_REPORT_HEADER)
      for await (const page of allProblems(db, importId)) {
        const chunk = page.map(problemReportLine).join('')
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
      }
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      )
      console.log(`Problem report: ${values.report}`)
    }
    return outcome.status === 'complete' ? 0 : 1
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await database.close()
  }
}

/**
 * `ascend export cld --council CODE --quarter 2025-26-Q2 --out FILE`: writes
 * the council's rolling twelve-month Release 2 CLD file for the quarter,
 * every row checked by the import's validator first. The file appears only
 * when complete (written beside it, then renamed).
 *
 * @example
 * await exportCldCommand(config, ['cld', '--council', 'E10000008', '--quarter', '2025-26-Q2', '--out', 'cld.csv'])
 */
export async function exportCldCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    council: { type: 'string' },
    quarter: { type: 'string' },
    out: { type: 'string' },
    report: { type: 'string' },
  })
  if (positionals[0] !== 'cld' || positionals.length > 1)
    throw new UsageError(`Only CLD can be exported.\n${EXPORT_USAGE}`)
  if (!values.council) throw new UsageError(`Give --council: the council's code.\n${EXPORT_USAGE}`)
  const quarter = values.quarter ? parseQuarter(values.quarter) : undefined
  if (!quarter)
    throw new UsageError(
      `Give --quarter as a financial year and quarter, for example 2025-26-Q2.\n${EXPORT_USAGE}`,
    )
  if (!values.out) throw new UsageError(`Give --out: the file to write.\n${EXPORT_USAGE}`)

  const database = await openDatabase(config, 'ascend export cld')
  const partial = `${values.out}.partial`
  try {
    const db = database.db
    const council = await findCouncilByCode(db, values.council)
    if (!council) {
      console.error(`There is no council with code ${values.council.toUpperCase()}.`)
      return 1
    }
    const out = fs.createWriteStream(partial)
    const report = values.report ? fs.createWriteStream(values.report) : undefined
    report?.write(PROBLEM_REPORT_HEADER)
    const progress = progressLine()
    const summary = await writeCldExport({
      db,
      council,
      quarter,
      out,
      onProblem: (p) => report?.write(problemReportLine(p)),
      onProgress: (rows) => progress.update(`Exporting: ${count.format(rows)} rows`, 0),
    })
    progress.finish()
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    )
    if (report) await new Promise<void>((resolve) => report.end(resolve))
    fs.renameSync(partial, values.out)
    await recordAudit(db, {
      councilId: council.id,
      userId: null,
      action: 'read',
      recordType: 'cld_export',
      detail: { quarter: quarter.label, rows: summary.rowsWritten },
    })
    console.log(
      [
        `Wrote ${values.out}: the CLD return of ${council.name} for ${quarter.label} ` +
          `(${formatDate(quarter.periodStartOn)} to ${formatDate(quarter.periodEndOn)}).`,
        `  Rows:               ${count.format(summary.rowsWritten)} (${count.format(summary.people)} people)`,
        `  Rows with problems: ${count.format(summary.rowsWithProblems)} (the national checks would flag them)`,
        `  Rows left out:      ${count.format(summary.rowsLeftOut)} (the national pipeline could not use them)`,
        summary.problems > 0
          ? values.report
            ? `  Problem report:     ${values.report}`
            : '  Add --report PROBLEMS.csv to list the problems.'
          : '  No problems: every row is as the CLD specification asks.',
      ].join('\n'),
    )
    return 0
  } catch (error) {
    fs.rmSync(partial, { force: true })
    throw error
  } finally {
    await database.close()
  }
}
