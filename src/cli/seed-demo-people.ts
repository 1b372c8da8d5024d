import { isoDay } from '../kernel/dates.ts'
import type { Database } from '../kernel/db/connect.ts'
import { listTeams, listWorkers } from '../modules/identity/store.ts'
import { generateCouncil } from '../modules/synthetic/generate-council.ts'
import { writeCouncil } from '../modules/synthetic/write-council.ts'

/** Few enough that the first `npm start` stays quick, enough that lists, queues and caseloads have content. */
export const DEMO_PEOPLE = 1_000
const DEMO_SEED = 2015

/**
 * Fills the new demo council with a small synthetic population (people,
 * requests, assessments, services and reviews up to today), its work given to
 * the demo council's own teams and workers so that the demo sign-ins see
 * queues and caseloads.
 *
 * @example
 * const councilId = await ensureDemoCouncil(database)
 * if (councilId) await seedDemoPeople(database, councilId)
 */
export async function seedDemoPeople(database: Database, councilId: string): Promise<void> {
  const [teams, workers] = await Promise.all([
    listTeams(database.db, councilId),
    listWorkers(database.db, councilId),
  ])
  const generated = generateCouncil({
    people: DEMO_PEOPLE,
    seed: DEMO_SEED,
    asOf: isoDay(new Date()),
    councilCode: 'DEMO',
  })
  await database.db
    .transaction()
    .execute((tx) => writeCouncil(tx, generated, { councilId, staff: { teams, workers } }))
}
