import { parseOptions, UsageError } from '../../cli/main.ts'
import { openDatabase } from '../../cli/open-database.ts'
import type { Config } from '../../config.ts'
import { isoDay } from '../../kernel/dates.ts'
import { COUNCIL_SIZES, type CouncilSize } from './generate-council.ts'
import { progressBar } from './progress-bar.ts'
import { SeedRefusedError, seedSyntheticCouncil } from './seed-council.ts'

const USAGE =
  'Usage: ascend seed --size small|medium|large --seed N [--as-of YYYY-MM-DD] [--council CODE | --councils N]'

const isSize = (value: string): value is CouncilSize => Object.hasOwn(COUNCIL_SIZES, value)

/**
 * `ascend seed`: builds a synthetic council (2,000, 10,000 or 40,000 people
 * with two full financial years of care records) that is the same for the
 * same seed and as-of date.
 *
 * @example
 * await seedCommand(config, ['--size', 'small', '--seed', '1', '--as-of', '2026-06-15'])
 */
export async function seedCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    size: { type: 'string' },
    seed: { type: 'string' },
    'as-of': { type: 'string' },
    council: { type: 'string' },
    councils: { type: 'string' },
  })
  if (positionals.length > 0) throw new UsageError(`Unexpected "${positionals[0]}".\n${USAGE}`)
  const size = values.size
  if (size === undefined || !isSize(size))
    throw new UsageError(`Give --size: small, medium or large.\n${USAGE}`)
  const seed = Number(values.seed)
  if (values.seed === undefined || !/^\d+$/.test(values.seed) || seed > 4_294_967_295) {
    throw new UsageError(`Give --seed: a whole number from 0 to 4294967295.\n${USAGE}`)
  }
  const asOf = values['as-of'] ?? isoDay(new Date())
  if (!isRealDate(asOf))
    throw new UsageError(`Give --as-of as a real date, YYYY-MM-DD (for example 2026-06-15).\n${USAGE}`)
  if (values.councils !== undefined) {
    // A region of synthetic councils for benchmarking: SYN01, SYN02…
    const { seedRegionCommand } = await import('../benchmarking/synthetic-region.ts')
    return seedRegionCommand(config, { councils: values.councils, size, seed, asOf, council: values.council })
  }
  const code = (values.council ?? 'SYNTH').trim()
  if (!/^[A-Za-z0-9_-]{2,12}$/.test(code)) {
    throw new UsageError(`Give --council: 2 to 12 letters, digits, hyphens or underscores.\n${USAGE}`)
  }

  const started = performance.now()
  const database = await openDatabase(config, 'ascend seed')
  const bar = progressBar()
  try {
    const { council, summary } = await seedSyntheticCouncil(database, {
      councilCode: code,
      people: COUNCIL_SIZES[size],
      seed,
      asOf,
      onProgress: ({ stage, done, total }) => bar.update(stage, done, total),
    })
    bar.finish()
    const count = new Intl.NumberFormat('en-GB')
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    console.log(
      `Seeded ${council.name}: ${count.format(summary.people)} people, ${count.format(summary.requests)} requests, ` +
        `${count.format(summary.assessments)} assessments, ${count.format(summary.events)} CLD events, ` +
        `${count.format(summary.workers)} workers in ${count.format(summary.teams)} teams (as of ${asOf}); ` +
        `a year of ${count.format(summary.reablementEpisodes)} reablement episodes, ${count.format(summary.plans)} support plans, ${count.format(summary.fundingRequests)} funding requests ` +
        `(${count.format(summary.decisionSteps)} decision steps) and ${count.format(summary.panelMeetings)} panel meetings.`,
    )
    console.log(`Time taken: ${seconds} s`)
    return 0
  } catch (error) {
    bar.finish()
    if (error instanceof SeedRefusedError) {
      console.error(error.message)
      return 1
    }
    throw error
  } finally {
    await database.close()
  }
}

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && isoDay(date) === value
}
