import { parseOptions, UsageError } from '../../cli/main.ts'
import { openDatabase } from '../../cli/open-database.ts'
import type { Config } from '../../config.ts'
import type { Database } from '../../kernel/db/connect.ts'
import { formatPounds } from '../../kernel/money.ts'
import { isRealDate } from '../../kernel/validation.ts'
import { findCouncilByCode } from '../identity/store.ts'
import { applyCalibration, calibrationReport } from './actions.ts'

const USAGE = 'Usage: ascend ras calibrate --council CODE [--since YYYY-MM-DD] [--apply]'

const pounds = (pence: number | null) => (pence === null ? 'none' : formatPounds(pence))

/**
 * `ascend ras calibrate --council CODE [--since YYYY-MM-DD] [--apply]`: fits
 * the RAS rate per point on the council's approved plans and reports the fit;
 * with --apply, saves it as a new version of the council's RAS.
 */
export async function rasCommand(config: Config, args: string[]): Promise<number> {
  const { positionals, values } = parseOptions(args, {
    council: { type: 'string' },
    since: { type: 'string' },
    apply: { type: 'boolean' },
  })
  if (positionals[0] !== 'calibrate') throw new UsageError(USAGE)
  const code = values.council?.trim()
  if (!code) throw new UsageError(`Give --council: the council's code.\n${USAGE}`)
  if (values.since !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(values.since) && isRealDate(values.since))) {
    throw new UsageError(`Give --since as a date, YYYY-MM-DD.\n${USAGE}`)
  }
  const database = await openDatabase(config, 'ascend ras calibrate')
  try {
    return await calibrateCouncil(
      database,
      code,
      { since: values.since, apply: values.apply === true },
      console.log,
    )
  } finally {
    await database.close()
  }
}

/**
 * Calibrates one council's RAS and prints the report; with `apply`, saves the
 * fitted rate as a new version. Returns the exit code.
 *
 * @example
 * await calibrateCouncil(database, 'DEMO', { apply: false }, console.log) // 0
 */
export async function calibrateCouncil(
  database: Database,
  code: string,
  options: { since?: string; apply: boolean },
  print: (line: string) => void,
): Promise<number> {
  const council = await findCouncilByCode(database.db, code)
  if (!council) {
    print(`There is no council with code ${code.toUpperCase()}`)
    return 1
  }
  const report = await calibrationReport(database.db, council.id, { approvedSince: options.since })
  print(`Calibrating the resource allocation system of ${council.name} (${council.code})`)
  print(
    `  RAS in force:            ${report.rasVersion === 0 ? 'ASCEND’s starting configuration' : `version ${report.rasVersion}`}`,
  )
  print(`  Rate per point now:      ${pounds(report.currentRatePerPointPence)} a week`)
  print(`  Approved plans used:     ${report.n}${options.since ? ` (approved since ${options.since})` : ''}`)
  if (!report.fitted) {
    print(`  ${report.message}.`)
    return options.apply ? 1 : 0
  }
  print(`  Fitted rate per point:   ${pounds(report.ratePerPointPence)} a week`)
  print(`  R²:                      ${report.rSquared?.toFixed(3)}`)
  print(`  Mean absolute error:     ${pounds(report.meanAbsoluteErrorPence)} a week`)
  print(`  Mean amount approved:    ${pounds(report.meanWeeklyPence)} a week`)
  if (options.apply) {
    const { version } = await applyCalibration(
      database,
      { councilId: council.id, userId: null },
      options.since,
    )
    print(`Saved as version ${version} of the council’s RAS. Budgets already given keep theirs.`)
  } else {
    print('Run again with --apply to save the fitted rate as a new version.')
  }
  return 0
}
