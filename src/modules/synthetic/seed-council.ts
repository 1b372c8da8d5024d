import { type Kysely, sql } from 'kysely'
import type { Database } from '../../kernel/db/connect.ts'
import type { Schema } from '../../schema.ts'
import { addCouncil, findCouncilByCode } from '../identity/store.ts'
import { generateCouncil } from './generate-council.ts'
import { type WriteProgress, type WriteSummary, writeCouncil } from './write-council.ts'

/** The seed would put synthetic people where they must not go: the message says why. */
export class SeedRefusedError extends Error {}

export interface SeedCouncilOptions {
  councilCode: string
  people: number
  seed: number
  asOf: string
  onProgress?: (progress: WriteProgress) => void
}

export interface SeededCouncil {
  council: { id: string; code: string; name: string }
  summary: WriteSummary
}

/**
 * Generates a synthetic council and writes it in one transaction, creating
 * the council (marked synthetic, and named so) unless it exists. Refuses a
 * council that holds real records or already has people.
 *
 * @example
 * const { council, summary } = await seedSyntheticCouncil(database, {
 *   councilCode: 'SYNTH', people: 2000, seed: 1, asOf: '2026-06-15',
 * })
 */
export async function seedSyntheticCouncil(
  database: Database,
  options: SeedCouncilOptions,
): Promise<SeededCouncil> {
  const code = options.councilCode.toUpperCase()
  // Checked first so that a refusal comes before the work of generating.
  await checkCouncil(database.db, code)
  options.onProgress?.({ stage: 'generating', done: 0, total: 1 })
  const generated = generateCouncil({
    people: options.people,
    seed: options.seed,
    asOf: options.asOf,
    councilCode: code,
  })
  options.onProgress?.({ stage: 'generating', done: 1, total: 1 })
  const seeded = await database.db.transaction().execute(async (tx) => {
    let council = await checkCouncil(tx, code)
    council ??= await addCouncil(tx, {
      code,
      name: `Synthetic council ${code} (synthetic data, seed ${options.seed})`,
      synthetic: true,
    })
    const summary = await writeCouncil(tx, generated, {
      councilId: council.id,
      onProgress: options.onProgress,
    })
    return { council: { id: council.id, code: council.code, name: council.name }, summary }
  })
  // Fresh statistics, so the first queries on the new rows plan well.
  await sql`ANALYZE people, support_requests, assessments, time_entries, cld_events, support_plans, funding_requests, decision_steps`.execute(
    database.db,
  )
  return seeded
}

async function checkCouncil(db: Kysely<Schema>, code: string) {
  const council = await findCouncilByCode(db, code)
  if (!council) return undefined
  if (!council.synthetic) {
    throw new SeedRefusedError(
      `Council ${code} is not a synthetic council: synthetic people can only be added to a council marked synthetic. Choose another --council code.`,
    )
  }
  const person = await db
    .selectFrom('people')
    .select('id')
    .where('council_id', '=', council.id)
    .limit(1)
    .executeTakeFirst()
  if (person) {
    throw new SeedRefusedError(
      `Council ${code} already has people, so it was not seeded again. Choose another --council code for a new synthetic council.`,
    )
  }
  return council
}
