import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UsageError } from '../../src/cli/main.ts'
import { DEMO_PEOPLE, seedDemoPeople } from '../../src/cli/seed-demo-people.ts'
import { readConfig } from '../../src/config.ts'
import type { Database } from '../../src/kernel/db/connect.ts'
import { checkCldReturn } from '../../src/modules/cld/return-check.ts'
import { parseQuarter } from '../../src/modules/cld/rules.ts'
import { decidedRequestsBetween } from '../../src/modules/decisions/cost-store.ts'
import { ROLES } from '../../src/modules/identity/roles.ts'
import { DEMO_COUNCIL_CODE, demoEmail, ensureDemoCouncil } from '../../src/modules/synthetic/demo-council.ts'
import { COUNCIL_SIZES, generateCouncil } from '../../src/modules/synthetic/generate-council.ts'
import { seedCommand } from '../../src/modules/synthetic/seed-command.ts'
import { SeedRefusedError, seedSyntheticCouncil } from '../../src/modules/synthetic/seed-council.ts'
import { freshDatabase, testDatabaseKinds } from '../support/databases.ts'
import { describeOnEachDatabase } from '../support/test-context.ts'

const AS_OF = '2026-06-15'
const options = { councilCode: 'SYNTHT', people: COUNCIL_SIZES.small, seed: 3, asOf: AS_OF }

async function countWhere(
  database: Database,
  table: 'people' | 'support_requests' | 'assessments' | 'time_entries' | 'cld_events' | 'users' | 'teams',
  councilId: string,
) {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('council_id', '=', councilId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

describeOnEachDatabase('synthetic councils', (ctx) => {
  const expected = generateCouncil({ ...options, councilCode: options.councilCode })
  let councilId = ''

  it('writes a small synthetic council: every row, all marked synthetic', async () => {
    const { database } = ctx()
    const seeded = await seedSyntheticCouncil(database, options)
    councilId = seeded.council.id
    expect(seeded.summary).toEqual({
      teams: expected.teams.length,
      workers: expected.workers.length,
      people: expected.people.length,
      requests: expected.requests.length,
      assessments: expected.assessments.length,
      timeEntries: expected.timeEntries.length,
      events: expected.events.length,
      reablementEpisodes: expected.reablement.episodes.length,
      plans: expected.funding.plans.length,
      fundingRequests: expected.funding.fundingRequests.length,
      decisionSteps: expected.funding.decisionSteps.length,
      panelMeetings: expected.funding.panelMeetings.length,
    })
    const council = await database.db
      .selectFrom('councils')
      .selectAll()
      .where('id', '=', councilId)
      .executeTakeFirstOrThrow()
    expect(council.synthetic).toBe(true)
    expect(council.code).toBe('SYNTHT')
    expect(council.name).toMatch(/synthetic/i)

    expect(await countWhere(database, 'people', councilId)).toBe(COUNCIL_SIZES.small)
    expect(await countWhere(database, 'support_requests', councilId)).toBe(expected.requests.length)
    expect(await countWhere(database, 'assessments', councilId)).toBe(expected.assessments.length)
    expect(await countWhere(database, 'time_entries', councilId)).toBe(expected.timeEntries.length)
    expect(await countWhere(database, 'cld_events', councilId)).toBe(expected.events.length)
    expect(await countWhere(database, 'teams', councilId)).toBe(expected.teams.length)
    expect(await countWhere(database, 'users', councilId)).toBe(expected.workers.length)

    const notSynthetic = await database.db
      .selectFrom('people')
      .select('id')
      .where('council_id', '=', councilId)
      .where('synthetic', '=', false)
      .execute()
    expect(notSynthetic).toEqual([])
  })

  it('makes a CLD return the national checks find nothing in but the NHS numbers people lack', async () => {
    const check = await checkCldReturn(
      ctx().database.db,
      { id: councilId, code: 'SYNTHT' },
      parseQuarter('2025-26-Q4') as NonNullable<ReturnType<typeof parseQuarter>>,
    )
    expect(check.rowsWritten).toBeGreaterThan(100)
    expect(check.rowsLeftOut).toBe(0)
    expect(check.kinds.map((kind) => `${kind.field}: ${kind.problem}`)).toEqual([
      'NHS_Number: Blank, but this row must have it',
    ])
  })

  it('stores the rows as generated, linked to each other', async () => {
    const { database } = ctx()
    const first = expected.people[0]
    const person = await database.db
      .selectFrom('people')
      .selectAll()
      .where('council_id', '=', councilId)
      .where('la_person_id', '=', first?.la_person_id ?? '')
      .executeTakeFirstOrThrow()
    expect(person).toMatchObject({
      given_name: first?.given_name,
      family_name: first?.family_name,
      date_of_birth: first?.date_of_birth,
      nhs_number: first?.nhs_number,
      postcode: first?.postcode,
      primary_support_reason: first?.primary_support_reason,
    })

    // Every event of an ASCEND record points at that record, of the same person.
    const orphans = await sql<{ n: number }>`
      SELECT count(*) AS n FROM cld_events e
      LEFT JOIN support_requests r ON r.id = e.source_record_id
      LEFT JOIN assessments a ON a.id = e.source_record_id
      LEFT JOIN support_plans p ON p.id = e.source_record_id
      LEFT JOIN reablement_episodes re ON re.id = e.source_record_id
      WHERE e.council_id = ${councilId} AND e.source_record_id IS NOT NULL
        AND coalesce(r.person_id, a.person_id, p.person_id, re.person_id) IS DISTINCT FROM e.person_id`.execute(
      database.db,
    )
    expect(Number(orphans.rows[0]?.n)).toBe(0)

    // Work held by a worker sits in that worker's team.
    const misplaced = await sql<{ n: number }>`
      SELECT count(*) AS n FROM support_requests r JOIN users u ON u.id = r.worker_id
      WHERE r.council_id = ${councilId} AND u.team_id IS DISTINCT FROM r.team_id`.execute(database.db)
    expect(Number(misplaced.rows[0]?.n)).toBe(0)

    const assessment = await database.db
      .selectFrom('assessments')
      .select(['computed_eligibility', 'eligible', 'decision'])
      .where('council_id', '=', councilId)
      .where('completed_on', 'is not', null)
      .where('decision', '=', 'confirmed')
      .limit(1)
      .executeTakeFirstOrThrow()
    expect((assessment.computed_eligibility as { eligible: boolean }).eligible).toBe(assessment.eligible)

    const money = await database.db
      .selectFrom('cld_events')
      .select(['unit_cost_pence', 'planned_units_per_week'])
      .where('council_id', '=', councilId)
      .where('service_component', '=', 'Home support or domiciliary care')
      .limit(1)
      .executeTakeFirstOrThrow()
    expect(Number.isInteger(money.unit_cost_pence)).toBe(true)
    expect(typeof money.planned_units_per_week).toBe('number')
  })

  it('writes a year of support plans, funding requests, decisions and panels, each linked to its own', async () => {
    const { database } = ctx()
    const db = database.db
    const funding = expected.funding
    const count = async (table: 'support_plans' | 'funding_requests' | 'decision_steps' | 'panel_meetings') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('council_id', '=', councilId)
            .executeTakeFirstOrThrow()
        ).n,
      )
    expect(await count('support_plans')).toBe(funding.plans.length)
    expect(await count('funding_requests')).toBe(funding.fundingRequests.length)
    expect(await count('decision_steps')).toBe(funding.decisionSteps.length)
    expect(await count('panel_meetings')).toBe(funding.panelMeetings.length)

    // Each plan's Service events are its person's, and a plan in effect is approved.
    const mismatched = await sql<{ n: number }>`
      SELECT count(*) AS n FROM cld_events e JOIN support_plans p ON p.id = e.source_record_id
      WHERE e.council_id = ${councilId} AND (p.person_id <> e.person_id OR p.series_id IS NULL)`.execute(db)
    expect(Number(mismatched.rows[0]?.n)).toBe(0)
    const unapproved = await db
      .selectFrom('support_plans')
      .select('id')
      .where('council_id', '=', councilId)
      .where('status', '=', 'active')
      .where('approved_weekly_pence', 'is', null)
      .execute()
    expect(unapproved).toEqual([])

    // Steps come after their request's submission, and panel decisions name a meeting its members sat on.
    const early = await sql<{ n: number }>`
      SELECT count(*) AS n FROM decision_steps s JOIN funding_requests r ON r.id = s.funding_request_id
      WHERE r.council_id = ${councilId} AND s.at < r.submitted_at`.execute(db)
    expect(Number(early.rows[0]?.n)).toBe(0)
    const strays = await sql<{ n: number }>`
      SELECT count(*) AS n FROM decision_steps s
      WHERE s.council_id = ${councilId} AND s.level = 'panel' AND s.step IN ('approved', 'amended', 'refused', 'deferred')
        AND s.detail ->> 'meetingId' IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM panel_meeting_members m
          WHERE m.meeting_id = (s.detail ->> 'meetingId')::uuid AND m.user_id = s.user_id)`.execute(db)
    expect(Number(strays.rows[0]?.n)).toBe(0)

    // The cost of deciding reads them: every route decided something in the year.
    const decided = await decidedRequestsBetween(db, councilId, '2025-06-16', AS_OF)
    const routes = new Set(decided.map((r) => r.route))
    expect([...routes].sort()).toEqual(['head_of_service', 'panel', 'practitioner', 'team_manager'])
  })

  it('writes the budget accounts of plans held as money, each transaction’s postings balanced', async () => {
    const db = ctx().database.db
    const accounts = await db
      .selectFrom('budget_accounts as a')
      .innerJoin('support_plans as p', 'p.id', 'a.plan_id')
      .select(['a.person_id', 'p.person_id as plan_person', 'p.status'])
      .where('a.council_id', '=', councilId)
      .execute()
    expect(accounts.length).toBe(expected.accounts.accounts.length)
    expect(accounts.every((a) => a.person_id === a.plan_person && a.status === 'active')).toBe(true)
    const totals = await sql<{
      transactions: string
      postings: string
      unbalanced: string
      overdrawn: string
    }>`
      SELECT
        (SELECT count(*) FROM budget_transactions WHERE council_id = ${councilId}) AS transactions,
        (SELECT count(*) FROM budget_postings WHERE council_id = ${councilId}) AS postings,
        (SELECT count(*) FROM (SELECT transaction_id FROM budget_postings WHERE council_id = ${councilId}
          GROUP BY transaction_id HAVING sum(amount_pence) <> 0) x) AS unbalanced,
        (SELECT count(*) FROM (SELECT account_id FROM budget_postings WHERE council_id = ${councilId} AND ledger = 'held'
          GROUP BY account_id HAVING sum(amount_pence) < 0) x) AS overdrawn`.execute(db)
    expect(
      totals.rows.map((r) => [r.transactions, r.postings, r.unbalanced, r.overdrawn].map(Number)),
    ).toEqual([[expected.accounts.transactions.length, expected.accounts.transactions.length * 2, 0, 0]])
  })

  it('refuses to seed the same council twice, and changes nothing', async () => {
    const { database } = ctx()
    await expect(seedSyntheticCouncil(database, { ...options, seed: 4 })).rejects.toThrow(SeedRefusedError)
    await expect(seedSyntheticCouncil(database, { ...options, seed: 4 })).rejects.toThrow(
      /already has people/,
    )
    expect(await countWhere(database, 'people', councilId)).toBe(COUNCIL_SIZES.small)
    expect(await countWhere(database, 'users', councilId)).toBe(expected.workers.length)
  })

  it('refuses to put synthetic people in a council that is not synthetic', async () => {
    const { database, councils } = ctx()
    await expect(
      seedSyntheticCouncil(database, { ...options, councilCode: councils.a.code, people: 10 }),
    ).rejects.toThrow(/not a synthetic council/)
    expect(await countWhere(database, 'people', councils.a.id)).toBe(0)
  })
})

describe.each(testDatabaseKinds())('%s: the demo council', (kind) => {
  let database: Database
  beforeAll(async () => {
    database = await freshDatabase(kind)
  })
  afterAll(async () => {
    await database?.close()
  })

  it('gets a small synthetic population whose work is held by the demo workers', async () => {
    const councilId = await ensureDemoCouncil(database)
    expect(councilId).toBeDefined()
    await seedDemoPeople(database, councilId as string)
    expect(await countWhere(database, 'people', councilId as string)).toBe(DEMO_PEOPLE)
    // No synthetic workers are added: the demo council's own (a user a role, four colleagues) do the work.
    expect(await countWhere(database, 'users', councilId as string)).toBe(ROLES.length + 4)
    const practitioner = await database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', demoEmail('practitioner'))
      .executeTakeFirstOrThrow()
    const caseload = await database.db
      .selectFrom('support_requests')
      .select('id')
      .where('worker_id', '=', practitioner.id)
      .where('closed_on', 'is', null)
      .execute()
    expect(caseload.length).toBeGreaterThan(0)
    const queue = await database.db
      .selectFrom('support_requests')
      .select('id')
      .where('council_id', '=', councilId as string)
      .where('worker_id', 'is', null)
      .where('closed_on', 'is', null)
      .execute()
    expect(queue.length).toBeGreaterThan(0)
    const council = await database.db
      .selectFrom('councils')
      .select(['code', 'synthetic'])
      .where('id', '=', councilId as string)
      .executeTakeFirstOrThrow()
    expect(council).toEqual({ code: DEMO_COUNCIL_CODE, synthetic: true })

    // The demo provider has the first home care provider's services and home care, and holds a fund.
    const provider = await database.db
      .selectFrom('users')
      .innerJoin('providers', 'providers.id', 'users.provider_id')
      .select(['providers.id', 'providers.name'])
      .where('users.email', '=', demoEmail('provider'))
      .executeTakeFirstOrThrow()
    const services = await database.db
      .selectFrom('provider_services')
      .select('service_component')
      .where('provider_id', '=', provider.id)
      .execute()
    expect(services.map((s) => s.service_component)).toContain('Home support or domiciliary care')
    const stillNamed = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM support_plan_lines l JOIN support_plans sp ON sp.id = l.plan_id
      WHERE sp.council_id = ${councilId}::uuid AND sp.status = 'active'
        AND l.delivery_mechanism <> 'direct_payment' AND l.provider = 'Caring Hands Ltd'`.execute(database.db)
    expect(stillNamed.rows[0]?.n).toBe(0)
    const offers = await sql<{ status: string; provider: string | null }>`
      SELECT o.status, l.provider FROM package_offers o
      JOIN support_plan_lines l ON l.plan_id = o.plan_id AND l.position = o.line_position
      WHERE o.provider_id = ${provider.id}::uuid`.execute(database.db)
    for (const offer of offers.rows) expect(offer.provider).toBeNull()
    expect(offers.rows.filter((o) => o.status === 'offered').length).toBeLessThanOrEqual(2)
    const funds = await database.db
      .selectFrom('budget_accounts')
      .select('holder')
      .where('holder_provider_id', '=', provider.id)
      .execute()
    expect(funds.length).toBeLessThanOrEqual(1)
    for (const fund of funds) expect(fund.holder).toBe(provider.name)

    // The newest drafts, revised and submitted by the demo practitioner, wait where the scheme routed them.
    const submitted = await database.db
      .selectFrom('funding_requests as r')
      .innerJoin('support_plans as sp', 'sp.id', 'r.plan_id')
      .select(['r.route', 'r.status'])
      .where('r.council_id', '=', councilId as string)
      // A revision replaced its draft: the synthetic history replaces none.
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('support_plans as before')
            .select('before.id')
            .whereRef('before.series_id', '=', 'sp.series_id')
            .where('before.status', '=', 'replaced'),
        ),
      )
      .execute()
    expect(submitted.length).toBeLessThanOrEqual(3)
    for (const request of submitted)
      expect(request.status).toBe(request.route === 'practitioner' ? 'approved' : 'pending')
  })
})

describe('ascend seed: usage', () => {
  const config = readConfig({}, { dataDir: '/nonexistent/never-opened' })
  it.each([
    [[]],
    [['--size', 'huge', '--seed', '1']],
    [['--size', 'small']],
    [['--size', 'small', '--seed', '-1']],
    [['--size', 'small', '--seed', '1.5']],
    [['--size', 'small', '--seed', '4294967296']],
    [['--size', 'small', '--seed', '1', '--as-of', '2026-02-30']],
    [['--size', 'small', '--seed', '1', '--as-of', '15/06/2026']],
    [['--size', 'small', '--seed', '1', '--council', 'not a code!']],
    [['--size', 'small', '--seed', '1', '--colour', 'blue']],
    [['--size', 'small', '--seed', '1', 'extra']],
  ])('%j is a usage mistake, caught before the database is opened', async (args) => {
    await expect(seedCommand(config, args)).rejects.toThrow(UsageError)
  })
})
