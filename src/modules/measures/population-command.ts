import { parseOptions, UsageError } from '../../cli/main.ts'
import { openDatabase } from '../../cli/open-database.ts'
import type { Config } from '../../config.ts'
import { ValidationProblem } from '../../kernel/problem.ts'
import { parseInput } from '../../kernel/validation.ts'
import { recordAudit } from '../audit/store.ts'
import { findCouncilByCode } from '../identity/store.ts'
import { populationSchema } from './actions.ts'
import { setPopulation } from './store.ts'

const USAGE = 'Usage: ascend council population --council CODE --year 2024 --ages-18-64 N --ages-65-plus M'

/**
 * `ascend council population`: sets a council's ONS mid-year population, as
 * the population page does, for the rates per 100,000.
 *
 * @example
 * await populationCommand(config, ['--council', 'E10000034', '--year', '2024', '--ages-18-64', '350000', '--ages-65-plus', '120000'])
 */
export async function populationCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    council: { type: 'string' },
    year: { type: 'string' },
    'ages-18-64': { type: 'string' },
    'ages-65-plus': { type: 'string' },
  })
  const code = values.council?.trim()
  if (!code) throw new UsageError(`Give --council: the council’s code\n${USAGE}`)
  let population: { year: number; aged18To64: number; aged65Plus: number }
  try {
    population = parseInput(populationSchema, {
      year: values.year,
      aged18To64: values['ages-18-64'],
      aged65Plus: values['ages-65-plus'],
    })
  } catch (error) {
    if (!(error instanceof ValidationProblem)) throw error
    const flag: Record<string, string> = {
      year: '--year',
      aged18To64: '--ages-18-64',
      aged65Plus: '--ages-65-plus',
    }
    throw new UsageError(
      `${error.errors.map((e) => `${flag[e.field] ?? e.field}: ${e.message}`).join('\n')}\n${USAGE}`,
    )
  }
  const database = await openDatabase(config, 'ascend council population')
  try {
    const council = await findCouncilByCode(database.db, code)
    if (!council) {
      console.error(`There is no council with code ${code.toUpperCase()}`)
      return 1
    }
    const outcome = await database.db.transaction().execute(async (tx) => {
      const done = await setPopulation(tx, council.id, population, null)
      await recordAudit(tx, {
        councilId: council.id,
        userId: null,
        action: done === 'created' ? 'create' : 'update',
        recordType: 'population',
        recordId: String(population.year),
        detail: { ...population, via: 'command line' },
      })
      return done
    })
    console.log(
      `${outcome === 'created' ? 'Set' : 'Updated'} ${council.code}’s mid-${population.year} population: ` +
        `${population.aged18To64.toLocaleString('en-GB')} aged 18 to 64, ${population.aged65Plus.toLocaleString('en-GB')} aged 65 and over`,
    )
    return 0
  } finally {
    await database.close()
  }
}
