import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { addDays } from '../../src/kernel/dates.ts'
import { insertPerson } from '../support/fixtures.ts'
import { activePlan, draftPlan, homeCare } from '../support/plan-fixtures.ts'
import { describeOnEachDatabase } from '../support/test-context.ts'

/** The home page's "Waiting for you" list, as text with the tags taken out. */
const waitingFor = (body: string) => {
  const list = body.match(/Waiting for you<\/h2>\s*<ul[^>]*>([\s\S]*?)<\/ul>/)?.[1]
  return list === undefined
    ? undefined
    : list
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim()
}

describeOnEachDatabase('what waits for each user on the home page', (ctx) => {
  it('counts what each list holds for its user, at their level, in their council only', async () => {
    const home = async (role: Parameters<ReturnType<typeof ctx>['browser']>[0], council: 'a' | 'b' = 'a') =>
      waitingFor((await (await ctx().browser(role, council)).get('/')).body)

    // A request in the team's queue, another allocated to the practitioner.
    const practitioner = await ctx().api('practitioner')
    const person = await insertPerson(ctx().database, ctx().councils.a.id)
    const asked = async () =>
      (
        await practitioner.post(`/api/v1/people/${person.id}/requests`, {
          requestedOn: '2026-06-01',
          routeOfAccess: 'Community / Other route',
          whatWasAsked: 'Help at home',
        })
      ).json().id as string
    const queued = await asked()
    const mine = await asked()
    const { teamId } = ctx().councils.a
    const allocator = await ctx().api('team_manager')
    expect(
      (await allocator.post(`/api/v1/requests/${queued}/allocation`, { teamId })).statusCode,
    ).toBeLessThan(300)
    expect(
      (
        await allocator.post(`/api/v1/requests/${mine}/allocation`, {
          teamId,
          workerId: ctx().councils.a.users.practitioner,
        })
      ).statusCode,
    ).toBeLessThan(300)

    // Two requests for a team manager's decision, one waiting 40 days (overdue past 28).
    for (const overdue of [false, true]) {
      const { plan } = await draftPlan(ctx(), [homeCare(10)])
      const submitted = await practitioner.post(`/api/v1/plans/${plan.id}/funding-requests`, {})
      expect(submitted.json()).toMatchObject({ route: 'team_manager', status: 'pending' })
      if (overdue)
        await sql`UPDATE funding_requests SET submitted_at = ${`${addDays(ctx().today, -40)}T10:00:00Z`}::timestamptz WHERE id = ${submitted.json().id}::uuid`.execute(
          ctx().database.db,
        )
    }
    // A plan held as a direct payment with no account yet.
    await activePlan(ctx())

    const caseload = (await practitioner.get('/api/v1/caseload')).json().requests.length
    expect(await home('practitioner')).toBe(
      `My caseload: ${caseload} open request${caseload === 1 ? '' : 's'}`,
    )

    const queue = (await (await ctx().api('team_manager')).get(`/api/v1/teams/${teamId}/queue`)).json()
    const manager = await home('team_manager')
    expect(manager).toContain(`Team allocation queue and caseloads: ${queue.queue.length} request`)
    expect(queue.queue.length).toBeGreaterThan(0)
    const levels = (
      await (await ctx().api('team_manager')).get('/api/v1/funding-requests?level=team_manager')
    ).json()
    expect(manager).toContain(
      `Funding requests for the team manager: ${levels.waiting.length} waiting for a decision`,
    )
    expect(manager).toMatch(/, 1 overdue \(waiting more than 28 days\)/)

    const accounts = (await (await ctx().api('finance')).get('/api/v1/accounts')).json()
    expect(accounts.awaitingTotal).toBeGreaterThan(0)
    expect(await home('finance')).toBe(
      `Budget accounts: ${accounts.needingAttention} need${accounts.needingAttention === 1 ? 's' : ''} attention; ` +
        `${accounts.awaitingTotal} plan${accounts.awaitingTotal === 1 ? '' : 's'} held as money waiting for an account`,
    )
    expect(await home('panel_member')).toMatch(/^Funding requests for the panel: \d+ waiting for a decision$/)
    // The analyst's work waits in no queue; another council's manager sees none of council A's.
    expect(await home('analyst')).toBeUndefined()
    expect(await home('team_manager', 'b')).toContain('Team allocation queue and caseloads: 0 requests')
    expect(await home('team_manager', 'b')).toContain('Funding requests for the team manager: 0 waiting')
  })
})
