/**
 * A synthetic region to try benchmarking on: `ascend seed --councils 20
 * --size small --seed N` makes SYN01…SYN20, each a synthetic council from the
 * synthetic module with its own seed and size, and gives each a made-up
 * character of its own — an urban, county, coastal or mixed area with its
 * own population, share of older people, deprivation score and rural share —
 * so that rates per 100,000 and nearest neighbours differ between them. The
 * care records follow the same national proportions in every council; their
 * measures differ as real councils' do by chance, and by their populations.
 */
import { UsageError } from '../../cli/main.ts'
import { openDatabase } from '../../cli/open-database.ts'
import type { Config } from '../../config.ts'
import type { Database } from '../../kernel/db/connect.ts'
import { setPopulation } from '../measures/store.ts'
import { COUNCIL_SIZES, type CouncilSize } from '../synthetic/generate-council.ts'
import { progressBar } from '../synthetic/progress-bar.ts'
import { createRandom } from '../synthetic/random.ts'
import { SeedRefusedError, seedSyntheticCouncil } from '../synthetic/seed-council.ts'
import { financialYearOf } from './council-measures.ts'
import { saveEnteredContext } from './store.ts'

export const MAX_REGION_COUNCILS = 99

const AREAS = {
  urban: { rural: [0, 8], deprivation: [26, 42], older: [0.16, 0.22], adultsPerPerson: [80, 110] },
  county: { rural: [35, 70], deprivation: [9, 19], older: [0.26, 0.33], adultsPerPerson: [70, 95] },
  coastal: { rural: [15, 45], deprivation: [22, 36], older: [0.3, 0.38], adultsPerPerson: [60, 85] },
  mixed: { rural: [10, 35], deprivation: [15, 28], older: [0.22, 0.28], adultsPerPerson: [70, 100] },
} as const
type AreaKind = keyof typeof AREAS

export interface RegionCouncil {
  code: string
  kind: AreaKind
  people: number
  seed: number
  aged18To64: number
  aged65Plus: number
  deprivationScore: number
  ruralPercent: number
}

/**
 * The councils of a region: codes, sizes, seeds and characters, the same for
 * the same seed. Pure.
 *
 * @example
 * planRegion({ councils: 20, people: 2000, seed: 7 })[0] // { code: 'SYN01', kind: 'county', people: 2710, … }
 */
export function planRegion(options: { councils: number; people: number; seed: number }): RegionCouncil[] {
  const random = createRandom((options.seed ^ 0x5ee0_2e61) >>> 0)
  const kinds = Object.keys(AREAS) as AreaKind[]
  return Array.from({ length: options.councils }, (_, i) => {
    const kind = kinds[i % kinds.length] as AreaKind
    const area = AREAS[kind]
    const between = ([low, high]: readonly [number, number]) => random.between(low, high)
    const people = Math.max(50, Math.round(options.people * random.between(0.5, 1.6)))
    const adults = Math.round(people * between(area.adultsPerPerson))
    const aged65Plus = Math.round(adults * between(area.older))
    return {
      code: `SYN${String(i + 1).padStart(2, '0')}`,
      kind,
      people,
      seed: (options.seed + (i + 1) * 104_729) >>> 0,
      aged18To64: adults - aged65Plus,
      aged65Plus,
      deprivationScore: Math.round(between(area.deprivation) * 10) / 10,
      ruralPercent: Math.round(between(area.rural) * 10) / 10,
    }
  })
}

/**
 * Seeds every council of a region: its care records, its population for the
 * mid-years its history covers (each a little larger than the last), and its
 * deprivation score and rural share.
 *
 * @example
 * await seedSyntheticRegion(database, { councils: 3, people: 200, seed: 1, asOf: '2026-06-15' })
 */
export async function seedSyntheticRegion(
  database: Database,
  options: {
    councils: number
    people: number
    seed: number
    asOf: string
    onCouncil?: (council: RegionCouncil, index: number) => void
    onProgress?: (progress: { stage: string; done: number; total: number }) => void
  },
) {
  const plan = planRegion(options)
  const lastYear = Number(financialYearOf(options.asOf).slice(0, 4))
  const seeded = []
  for (const [index, council] of plan.entries()) {
    options.onCouncil?.(council, index)
    const { council: made, summary } = await seedSyntheticCouncil(database, {
      councilCode: council.code,
      people: council.people,
      seed: council.seed,
      asOf: options.asOf,
      onProgress: options.onProgress,
    })
    await database.db.transaction().execute(async (tx) => {
      for (let year = lastYear - 3, growth = 0.985; year <= lastYear; year++, growth += 0.005) {
        await setPopulation(
          tx,
          made.id,
          {
            year,
            aged18To64: Math.round(council.aged18To64 * growth),
            aged65Plus: Math.round(council.aged65Plus * growth),
          },
          null,
        )
      }
      await saveEnteredContext(
        tx,
        made.id,
        { deprivationScore: council.deprivationScore, ruralPercent: council.ruralPercent },
        null,
      )
    })
    seeded.push({ ...council, id: made.id, name: made.name, summary })
  }
  return seeded
}

/**
 * `ascend seed --councils N --size S --seed N [--as-of D]`, called by the seed
 * command once it has checked the options it shares with a single council.
 *
 * @example
 * await seedRegionCommand(config, { councils: '20', size: 'small', seed: 7, asOf: '2026-06-15' })
 */
export async function seedRegionCommand(
  config: Config,
  options: { councils: string; size: CouncilSize; seed: number; asOf: string; council?: string },
): Promise<number> {
  const usage = 'Usage: ascend seed --councils N --size small|medium|large --seed N [--as-of YYYY-MM-DD]'
  if (options.council !== undefined) {
    throw new UsageError(
      `Give --councils or --council, not both: a region's councils are SYN01, SYN02…\n${usage}`,
    )
  }
  const councils = Number(options.councils)
  if (!/^\d+$/.test(options.councils) || councils < 1 || councils > MAX_REGION_COUNCILS) {
    throw new UsageError(`Give --councils: a whole number from 1 to ${MAX_REGION_COUNCILS}.\n${usage}`)
  }
  const started = performance.now()
  const database = await openDatabase(config, 'ascend seed')
  const bar = progressBar()
  try {
    const seeded = await seedSyntheticRegion(database, {
      councils,
      people: COUNCIL_SIZES[options.size],
      seed: options.seed,
      asOf: options.asOf,
      onCouncil: (council, index) => {
        bar.finish()
        process.stderr.write(`Council ${index + 1} of ${councils}: ${council.code}, ${council.kind}\n`)
      },
      onProgress: ({ stage, done, total }) => bar.update(stage, done, total),
    })
    bar.finish()
    const count = new Intl.NumberFormat('en-GB')
    for (const c of seeded) {
      console.log(
        `${c.code}: ${c.kind}, ${count.format(c.summary.people)} people, population ${count.format(c.aged18To64)} aged 18 to 64 and ${count.format(c.aged65Plus)} aged 65 and over, deprivation ${c.deprivationScore}, ${c.ruralPercent}% rural`,
      )
    }
    console.log(
      `Seeded a synthetic region of ${councils} councils (as of ${options.asOf}) in ${((performance.now() - started) / 1000).toFixed(1)} s. ` +
        'Export their packs with: ascend export benchmark-pack --all --out DIR',
    )
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
