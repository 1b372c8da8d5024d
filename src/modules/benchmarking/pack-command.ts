/**
 * `ascend export benchmark-pack` and `ascend import benchmark-pack`: packs
 * out of and into the instance from the command line, as the pages and the
 * API make and read them.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parseOptions, UsageError } from '../../cli/main.ts'
import { openDatabase } from '../../cli/open-database.ts'
import type { Config } from '../../config.ts'
import { isoDay } from '../../kernel/dates.ts'
import { ValidationProblem } from '../../kernel/problem.ts'
import { findCouncilByCode, listCouncils } from '../identity/store.ts'
import { type CouncilRef, exportPack, importPack, recordPackExport } from './actions.ts'
import { FIRST_YEAR, isFinancialYear, latestCompleteYear } from './council-measures.ts'
import { type BenchmarkPack, packFileName, packToCsv } from './pack-format.ts'

export const EXPORT_USAGE =
  'Usage: ascend export benchmark-pack (--council CODE --out FILE | --all --out DIR) [--year 2024-25] [--format json|csv]'
export const IMPORT_USAGE = 'Usage: ascend import benchmark-pack FILE --council CODE'

const packText = (pack: BenchmarkPack, format: 'json' | 'csv') =>
  format === 'csv' ? packToCsv(pack) : `${JSON.stringify(pack, null, 2)}\n`

const summary = (pack: BenchmarkPack) => {
  const suppressed = pack.measures.filter((m) => m.suppressed).length
  return `${pack.measures.length} measures, ${suppressed} suppressed`
}

/**
 * Writes a council's benchmark pack for a financial year (the latest complete
 * one unless --year is given), or one pack per council of the instance with
 * --all. The format follows --format, else the file's extension (.csv or JSON).
 *
 * @example
 * await exportPackCommand(config, ['--council', 'SYN01', '--year', '2024-25', '--out', 'SYN01.json'])
 */
export async function exportPackCommand(
  config: Config,
  args: string[],
  today = isoDay(new Date()),
): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    council: { type: 'string' },
    all: { type: 'boolean' },
    year: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
  })
  if (positionals.length) throw new UsageError(`Unexpected "${positionals[0]}".\n${EXPORT_USAGE}`)
  if (!!values.council === !!values.all) {
    throw new UsageError(`Give --council CODE for one council, or --all for every council.\n${EXPORT_USAGE}`)
  }
  if (!values.out)
    throw new UsageError(`Give --out: the file (or, with --all, the folder) to write.\n${EXPORT_USAGE}`)
  const year = values.year ?? latestCompleteYear(today)
  if (!isFinancialYear(year) || Number(year.slice(0, 4)) < FIRST_YEAR) {
    throw new UsageError(`Give --year as a financial year from ${FIRST_YEAR}, like 2024-25.\n${EXPORT_USAGE}`)
  }
  if (values.format !== undefined && values.format !== 'json' && values.format !== 'csv') {
    throw new UsageError(`Give --format as json or csv.\n${EXPORT_USAGE}`)
  }
  const out = values.out
  const format: 'json' | 'csv' =
    (values.format as 'json' | 'csv' | undefined) ??
    (!values.all && out.toLowerCase().endsWith('.csv') ? 'csv' : 'json')

  const database = await openDatabase(config, 'ascend export benchmark-pack')
  try {
    let councils: CouncilRef[]
    if (values.council) {
      const council = await findCouncilByCode(database.db, values.council)
      if (!council) {
        console.error(`There is no council with code ${values.council.toUpperCase()}.`)
        return 1
      }
      councils = [council]
    } else {
      councils = await listCouncils(database.db)
      if (!councils.length) {
        console.error('There are no councils to export.')
        return 1
      }
      fs.mkdirSync(out, { recursive: true })
    }
    for (const [i, council] of councils.entries()) {
      if (councils.length > 1)
        process.stderr.write(`[${i + 1}/${councils.length}] ${council.code}: working out the measures…\n`)
      const pack = await exportPack(database, council, year, new Date())
      const file = values.all ? path.join(out, packFileName(pack, format)) : out
      fs.writeFileSync(file, packText(pack, format))
      await recordPackExport(database, { councilId: council.id, userId: null }, pack, format, 'cli')
      console.log(`Wrote ${file}: ${council.name}, ${year}, ${summary(pack)}.`)
    }
    return 0
  } finally {
    await database.close()
  }
}

/**
 * Stores a peer council's pack (JSON or CSV) for a council of the instance,
 * checked as the pages check it.
 *
 * @example
 * await importPackCommand(config, ['NTH-2024-25.json', '--council', 'SYN01'])
 */
export async function importPackCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, { council: { type: 'string' } })
  const [file, ...extra] = positionals
  if (!file || extra.length) throw new UsageError(`Give one FILE to import.\n${IMPORT_USAGE}`)
  if (!values.council)
    throw new UsageError(`Give --council: the council that keeps the peer's pack.\n${IMPORT_USAGE}`)
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    throw new UsageError(`There is no file ${file}.`)
  }
  const database = await openDatabase(config, 'ascend import benchmark-pack')
  try {
    const council = await findCouncilByCode(database.db, values.council)
    if (!council) {
      console.error(`There is no council with code ${values.council.toUpperCase()}.`)
      return 1
    }
    try {
      const { pack, replaced } = await importPack(
        database,
        { councilId: council.id, councilCode: council.code, userId: null },
        text,
        'cli',
      )
      console.log(
        `Imported the ${pack.year} pack of ${pack.council.name} (${pack.council.code}) for ${council.name}` +
          `${replaced ? ', replacing the one it held' : ''}: ${summary(pack)}.`,
      )
      return 0
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      console.error(`${file} was not imported:`)
      for (const problem of error.errors.slice(0, 20)) console.error(`  ${problem.message}`)
      return 1
    }
  } finally {
    await database.close()
  }
}
