import { expect, it } from 'vitest'
import { hashPassword } from '../../src/modules/identity/passwords.ts'
import { can, ROLES } from '../../src/modules/identity/roles.ts'
import { addUser } from '../../src/modules/identity/store.ts'
import { draftPlan, homeCare, TWO_OUTCOMES_WEEKLY_PENCE } from '../support/plan-fixtures.ts'
import { describeOnEachDatabase, TEST_PASSWORD } from '../support/test-context.ts'

/** What the funnels are checked against: the indicative budget of TWO_OUTCOMES, £210 a week. */
const NEED = TWO_OUTCOMES_WEEKLY_PENCE

interface GroupJson {
  id: string
  name: string
  team?: string | null
  requests: number
  value: number
  limits: unknown
  position: string | null
}

describeOnEachDatabase('practice consistency', (ctx) => {
  let secondId = ''

  /** A practitioner of council A in team two, signed in through the API. */
  async function secondPractitioner() {
    const { app, database, councils } = ctx()
    const user = await addUser(database.db, {
      councilId: councils.a.id,
      email: 'pat.second@a.test',
      displayName: 'Pat Second',
      role: 'practitioner',
      passwordHash: await hashPassword(TEST_PASSWORD),
      teamId: councils.a.otherTeamId,
    })
    secondId = user.id
    const session = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'pat.second@a.test', password: TEST_PASSWORD },
    })
    return (session.json() as { token: string }).token
  }

  /** A plan of `hours` of home care a week at £24, submitted by the token's user (the test's practitioner without one). */
  async function submitted(hours: number, token?: string) {
    const { plan } = await draftPlan(ctx(), [homeCare(hours)])
    const url = `/api/v1/plans/${plan.id}/funding-requests`
    const response = token
      ? await ctx().app.inject({
          method: 'POST',
          url,
          headers: { authorization: `Bearer ${token}` },
          payload: {},
        })
      : await (await ctx().api('practitioner')).post(url, {})
    expect(response.statusCode, response.body).toBe(201)
    return response.json() as { id: string; route: string; status: string }
  }

  it('weighs each practitioner’s plans against need and counts the plans changed above them', async () => {
    const pat = await secondPractitioner()
    // The test's practitioner (team one): £168 (within delegation) and £240 (to the team manager, who amends it).
    expect(await submitted(7)).toMatchObject({ route: 'practitioner', status: 'approved' })
    const dearer = await submitted(10)
    expect(dearer).toMatchObject({ route: 'team_manager', status: 'pending' })
    const amended = await (await ctx().api('team_manager')).post(
      `/api/v1/funding-requests/${dearer.id}/decision`,
      {
        outcome: 'amend',
        weeklyPence: 21_000,
        reasons: 'Nine hours meet the outcomes.',
      },
    )
    expect(amended.statusCode, amended.body).toBe(200)
    // Pat (team two): £216 (within delegation) and £240, approved by the team manager as asked.
    expect(await submitted(9, pat)).toMatchObject({ route: 'practitioner', status: 'approved' })
    const patDearer = await submitted(10, pat)
    const approved = await (await ctx().api('team_manager')).post(
      `/api/v1/funding-requests/${patDearer.id}/decision`,
      { outcome: 'approve' },
    )
    expect(approved.statusCode, approved.body).toBe(200)

    const head = await ctx().api('head_of_service')
    const response = await head.get('/api/v1/consistency')
    expect(response.statusCode, response.body).toBe(200)
    const body = response.json()
    const ratios = { ours: [16_800 / NEED, 24_000 / NEED], pat: [21_600 / NEED, 24_000 / NEED] }
    const geometric = (values: number[]) =>
      Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length)
    expect(body.cost.centre).toBeCloseTo(geometric([...ratios.ours, ...ratios.pat]), 12)
    expect(body.cost.requests).toBe(4)
    const cost = body.cost.groups as GroupJson[]
    const ours = cost.find((g) => g.id === ctx().councils.a.users.practitioner)
    const theirs = cost.find((g) => g.id === secondId)
    expect(ours).toMatchObject({ name: 'practitioner a', team: 'Team one', requests: 2 })
    expect(ours?.value).toBeCloseTo(geometric(ratios.ours), 12)
    expect(theirs).toMatchObject({ name: 'Pat Second', team: 'Team two', requests: 2 })
    expect(theirs?.value).toBeCloseTo(geometric(ratios.pat), 12)
    expect(ours?.limits).toMatchObject({ warning: [expect.any(Number), expect.any(Number)] })

    // Above the practitioner: one amended (ours), one approved (Pat's).
    expect(body.decisions).toMatchObject({ centre: 0.5, requests: 2 })
    const decisions = body.decisions.groups as GroupJson[]
    expect(decisions.find((g) => g.id === ctx().councils.a.users.practitioner)).toMatchObject({
      requests: 1,
      value: 1,
    })
    expect(decisions.find((g) => g.id === secondId)).toMatchObject({ requests: 1, value: 0 })

    // By team: the same figures under the teams' names.
    const byTeam = (await head.get('/api/v1/consistency?by=team')).json()
    expect((byTeam.cost.groups as GroupJson[]).map((g) => [g.name, g.requests]).sort()).toEqual([
      ['Team one', 2],
      ['Team two', 2],
    ])
    expect(byTeam.cost.centre).toBeCloseTo(body.cost.centre, 12)

    // A team manager (team one) sees only their own team's practitioners, against the whole council's figures.
    const manager = await ctx().api('team_manager')
    const own = (await manager.get('/api/v1/consistency')).json()
    expect(own.ownTeamOnly).toBe(true)
    expect((own.cost.groups as GroupJson[]).map((g) => g.name)).toEqual(['practitioner a'])
    expect(own.cost.centre).toBeCloseTo(body.cost.centre, 12)
    expect(
      ((await manager.get('/api/v1/consistency?by=team')).json().cost.groups as GroupJson[]).length,
    ).toBe(2)

    // A financial year with no requests, and council B, see none of it.
    const empty = (await head.get('/api/v1/consistency?year=2024-25')).json()
    expect(empty.cost).toMatchObject({ centre: null, requests: 0, groups: [] })
    const other = (await (await ctx().api('head_of_service', 'b')).get('/api/v1/consistency')).json()
    expect(other.cost).toMatchObject({ centre: null, requests: 0, groups: [] })
    expect(other.decisions).toMatchObject({ centre: null, requests: 0, groups: [] })
    const otherPage = await (await ctx().browser('head_of_service', 'b')).get('/evidence/consistency')
    expect(otherPage.body).not.toContain('Pat Second')
    expect(otherPage.body).toContain(
      'No funding requests with an indicative budget were submitted in this period',
    )

    // The page: both funnels drawn as images with the same figures in tables.
    const page = await (await ctx().browser('head_of_service')).get('/evidence/consistency')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Plan cost against need')
    expect(page.body).toContain('Pat Second')
    expect(page.body).toContain(`${Math.round(geometric(ratios.pat) * 100)}%`)
    expect(page.body.match(/role="img"/g)?.length).toBe(2)
    expect(page.body).toContain('Plans changed by the decision')
  })

  it('answers a wrong period or comparison with the errors, on the page and the API', async () => {
    const api = await ctx().api('head_of_service')
    const bad = await api.get('/api/v1/consistency?year=2026&by=person')
    expect(bad.statusCode).toBe(422)
    expect(bad.json().errors).toEqual([
      { field: 'year', message: 'Give a financial year like 2025-26' },
      { field: 'by', message: 'Give practitioner or team' },
    ])
    const page = await (await ctx().browser('head_of_service')).get(
      '/evidence/consistency?year=twenty&by=person',
    )
    expect(page.statusCode).toBe(422)
    expect(page.body).toContain('govuk-error-summary')
    expect(page.body).toContain('Choose a financial year from the list')
    expect(page.body).toContain('href="#year"')
    expect(page.body).toContain('Choose whether to compare practitioners or teams')
  })

  it('is for team managers and heads of service only', async () => {
    for (const role of ROLES) {
      const allowed = can(role, 'practiceConsistency')
      expect(allowed, role).toBe(role === 'team_manager' || role === 'head_of_service')
      const api = await (await ctx().api(role)).get('/api/v1/consistency')
      const page = await (await ctx().browser(role)).get('/evidence/consistency')
      expect(api.statusCode, role).toBe(allowed ? 200 : 403)
      expect(page.statusCode, role).toBe(allowed ? 200 : 403)
    }
    const signedOut = await ctx().app.inject({ method: 'GET', url: '/evidence/consistency' })
    expect(signedOut.statusCode).toBe(302)
    expect(signedOut.headers.location).toContain('/sign-in')
    expect((await ctx().app.inject({ method: 'GET', url: '/api/v1/consistency' })).statusCode).toBe(401)
  })
})
