import type { Kysely } from 'kysely'
import { isoDay } from '../kernel/dates.ts'
import type { Database } from '../kernel/db/connect.ts'
import { listTeams, listWorkers } from '../modules/identity/store.ts'
import { setPopulation } from '../modules/measures/store.ts'
import { demoEmail } from '../modules/synthetic/demo-council.ts'
import { generateCouncil } from '../modules/synthetic/generate-council.ts'
import { writeCouncil } from '../modules/synthetic/write-council.ts'
import type { Schema } from '../schema.ts'

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
  await database.db.transaction().execute(async (tx) => {
    // Written while the service answers its first pages (serve-command.ts): short statements, so a
    // page waits little behind each.
    await writeCouncil(tx, generated, { councilId, staff: { teams, workers }, batchSize: 250 })
    await giveTheDemoPractitionerACaseload(tx, councilId)
    await setDemoPopulation(tx, councilId, Number(generated.asOf.slice(0, 4)))
  })
}

/**
 * A made-up resident population in proportion to the demo's 1,000 people
 * (England has about one person in long-term support per 70 adults), so the
 * per-100,000 measures have a denominator from the first start.
 */
async function setDemoPopulation(db: Kysely<Schema>, councilId: string, year: number) {
  for (let mid = year - 3; mid <= year; mid++) {
    await setPopulation(db, councilId, { year: mid, aged18To64: 52_000, aged65Plus: 16_500 }, null)
  }
}

const DEMO_CASELOAD = 6

/**
 * Which synthetic worker ends up holding open work depends on the day the
 * demo is made, so the demo practitioner could start with an empty caseload:
 * hand them a few open requests (taken from colleagues, never from the queue).
 */
async function giveTheDemoPractitionerACaseload(db: Kysely<Schema>, councilId: string) {
  const practitioner = await db
    .selectFrom('users')
    .select(['id', 'team_id'])
    .where('council_id', '=', councilId)
    .where('email', '=', demoEmail('practitioner'))
    .executeTakeFirst()
  if (!practitioner) return
  const open = (worker: 'mine' | 'others') =>
    db
      .selectFrom('support_requests')
      .select('id')
      .where('council_id', '=', councilId)
      .where('closed_on', 'is', null)
      .where('worker_id', worker === 'mine' ? '=' : '<>', practitioner.id)
      .where('worker_id', 'is not', null)
      .orderBy('requested_on', 'desc')
      .orderBy('id')
  const held = (await open('mine').execute()).length
  if (held >= DEMO_CASELOAD) return
  const taken = await open('others')
    .limit(DEMO_CASELOAD - held)
    .execute()
  if (taken.length === 0) return
  await db
    .updateTable('support_requests')
    .set({ worker_id: practitioner.id, team_id: practitioner.team_id })
    .where(
      'id',
      'in',
      taken.map((r) => r.id),
    )
    .execute()
}
