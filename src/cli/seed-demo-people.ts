import { type Kysely, sql } from 'kysely'
import { addDays, isoDay } from '../kernel/dates.ts'
import type { Database } from '../kernel/db/connect.ts'
import { submitForFunding } from '../modules/decisions/actions.ts'
import type { Role } from '../modules/identity/roles.ts'
import {
  endSession,
  listTeams,
  listWorkers,
  startSession,
  userForSession,
} from '../modules/identity/store.ts'
import { setPopulation } from '../modules/measures/store.ts'
import { createVersion } from '../modules/plans/actions.ts'
import { findPlan } from '../modules/plans/store.ts'
import { demoEmail } from '../modules/synthetic/demo-council.ts'
import { PROVIDERS } from '../modules/synthetic/directory.ts'
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
    await giveTheDemoProviderWork(tx, councilId)
    await setDemoPopulation(tx, councilId, Number(generated.asOf.slice(0, 4)))
  })
  await leaveFundingRequestsWaiting(database, councilId)
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

/** A demo sign-in's user: its id, team and (a provider's) provider. */
const demoUser = (db: Kysely<Schema>, councilId: string, role: Role) =>
  db
    .selectFrom('users')
    .select(['id', 'team_id', 'provider_id'])
    .where('council_id', '=', councilId)
    .where('email', '=', demoEmail(role))
    .executeTakeFirst()

/**
 * Which synthetic worker ends up holding open work depends on the day the
 * demo is made, so the demo practitioner could start with an empty caseload:
 * hand them a few open requests (taken from colleagues, never from the queue).
 */
async function giveTheDemoPractitionerACaseload(db: Kysely<Schema>, councilId: string) {
  const practitioner = await demoUser(db, councilId, 'practitioner')
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

/** Of the home care the demo provider takes on, how many packages still wait for its reply. */
const DEMO_OFFERS_WAITING = 2

/**
 * No synthetic plan names the demo provider, so its sign-in would find an
 * empty listing and no packages. It takes on the services of the synthetic
 * market's first home care provider and that provider's home care in plans
 * in effect, as if arranged through ASCEND: the lines name no provider, and
 * the demo provider accepted them, but for the newest few that wait for its
 * reply. It also holds one individual service fund. So the provider sign-in
 * shows what a busy provider's would.
 */
async function giveTheDemoProviderWork(db: Kysely<Schema>, councilId: string) {
  const [providerUser, practitioner] = await Promise.all([
    demoUser(db, councilId, 'provider'),
    demoUser(db, councilId, 'practitioner'),
  ])
  const busyName = PROVIDERS.home[0]
  const busy = await db
    .selectFrom('providers')
    .select('id')
    .where('council_id', '=', councilId)
    .where('name', '=', busyName)
    .executeTakeFirst()
  const demoId = providerUser?.provider_id
  if (!providerUser || !demoId || !practitioner || !busy) return
  const { name } = await db
    .selectFrom('providers')
    .select('name')
    .where('id', '=', demoId)
    .executeTakeFirstOrThrow()
  await sql`
    INSERT INTO provider_services (council_id, provider_id, name, service_component, description, areas, rate_pence, rate_unit)
    SELECT council_id, ${demoId}::uuid, name, service_component, description, areas, rate_pence, rate_unit
    FROM provider_services WHERE provider_id = ${busy.id}::uuid`.execute(db)

  const lines = await db
    .selectFrom('support_plan_lines as l')
    .innerJoin('support_plans as sp', 'sp.id', 'l.plan_id')
    .select(['l.id', 'l.plan_id', 'l.position', 'sp.active_from'])
    .where('sp.council_id', '=', councilId)
    .where('sp.status', '=', 'active')
    .where('l.delivery_mechanism', '<>', 'direct_payment')
    .where('l.provider', '=', busyName)
    .orderBy('sp.active_from', 'desc')
    .orderBy('l.id')
    .execute()
  const today = isoDay(new Date())
  for (const [i, line] of lines.entries()) {
    const from = line.active_from ?? today
    const waiting = i < DEMO_OFFERS_WAITING
    await db.updateTable('support_plan_lines').set({ provider: null }).where('id', '=', line.id).execute()
    await db
      .insertInto('package_offers')
      .values({
        council_id: councilId,
        plan_id: line.plan_id,
        line_position: line.position,
        provider_id: demoId,
        status: waiting ? 'offered' : 'accepted',
        start_on: waiting ? addDays(today, 7) : from,
        accepted_start_on: waiting ? null : addDays(from, 5),
        offered_by: practitioner.id,
        offered_at: new Date(`${waiting ? addDays(today, -i - 1) : from}T10:00:00Z`),
        responded_by: waiting ? null : providerUser.id,
        responded_at: waiting ? null : new Date(`${addDays(from, 2)}T15:00:00Z`),
      })
      .execute()
  }

  await db
    .updateTable('budget_accounts')
    .set({ holder_provider_id: demoId, holder: name })
    .where('council_id', '=', councilId)
    .where('id', '=', (eb) =>
      eb
        .selectFrom('budget_accounts')
        .select('id')
        .where('council_id', '=', councilId)
        .where('kind', '=', 'individual_service_fund')
        .where('closed_on', 'is', null)
        .orderBy('opened_on')
        .orderBy('id')
        .limit(1),
    )
    .execute()
}

/** Draft plans the demo practitioner revises and submits when the demo is made. */
const DEMO_REQUESTS_WAITING = 3
/** How much more care the revised drafts plan: enough to need a decision above the practitioner. */
const MORE_CARE = 1.5

/**
 * With 1,000 people the synthetic history seldom leaves a funding request
 * waiting above a practitioner's delegation, so the team manager's and the
 * panel's queues would open empty. The demo practitioner revises the newest
 * draft plans (more care a week) and submits them through ASCEND's own
 * actions, which route them by the demo's scheme of delegation.
 */
async function leaveFundingRequestsWaiting(database: Database, councilId: string) {
  const { db } = database
  const now = new Date()
  const practitioner = await demoUser(db, councilId, 'practitioner')
  if (!practitioner) return
  // The practitioner as a signed-in user, from a session that ends at once.
  const token = await startSession(db, practitioner.id, 'api', now)
  const user = await userForSession(db, token, 'api', now)
  await endSession(db, token)
  if (!user) return
  const drafts = await db
    .selectFrom('support_plans as sp')
    .innerJoin('people as p', 'p.id', 'sp.person_id')
    .select('sp.id')
    .where('sp.council_id', '=', councilId)
    .where('sp.status', '=', 'draft')
    .where('p.date_of_death', 'is', null)
    .orderBy('sp.created_at', 'desc')
    .orderBy('sp.id')
    .limit(DEMO_REQUESTS_WAITING)
    .execute()
  for (const draft of drafts) {
    const plan = await findPlan(db, councilId, draft.id)
    if (!plan) continue
    const lines = plan.lines.map((line) => ({
      serviceType: line.service_type,
      serviceComponent: line.service_component,
      deliveryMechanism: line.delivery_mechanism,
      fundingSource: line.funding_source,
      provider: line.provider,
      unitCostPence: line.unit_cost_pence,
      unitsPerWeek: Math.round(Number(line.units_per_week) * MORE_CARE * 2) / 2,
      costUnit: line.cost_unit,
    }))
    const revised = await createVersion(database, user, draft.id, { lines })
    await submitForFunding(database, user, revised.plan.id, {}, now)
  }
}
