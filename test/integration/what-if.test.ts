import { expect, it } from 'vitest'
import { can, ROLES } from '../../src/modules/identity/roles.ts'
import { draftPlan, homeCare } from '../support/plan-fixtures.ts'
import { describeOnEachDatabase } from '../support/test-context.ts'

/** The scheme that routed the requests in these tests (DEMO_SCHEME), through the API. */
async function schemeInForce(api: { get(url: string): Promise<{ json(): unknown }> }) {
  const scheme = (await api.get('/api/v1/delegation-scheme')).json() as { rules: unknown[] }
  return { rules: scheme.rules }
}

describeOnEachDatabase('replaying requests under another scheme of delegation', (ctx) => {
  /** Two requests: £168 a week approved by the practitioner, £240 sent to the team manager and approved. */
  async function decidedRequests() {
    const practitioner = await ctx().api('practitioner')
    const small = await draftPlan(ctx(), [homeCare(7)])
    const within = await practitioner.post(`/api/v1/plans/${small.plan.id}/funding-requests`, {})
    expect(within.json()).toMatchObject({ route: 'practitioner', status: 'approved' })
    const large = await draftPlan(ctx(), [homeCare(10)])
    const above = await practitioner.post(`/api/v1/plans/${large.plan.id}/funding-requests`, { minutes: 25 })
    expect(above.json()).toMatchObject({ route: 'team_manager', status: 'pending' })
    const decided = await (await ctx().api('team_manager')).post(
      `/api/v1/funding-requests/${above.json().id}/decision`,
      { outcome: 'approve', minutes: 15 },
    )
    expect(decided.statusCode, decided.body).toBe(200)
  }

  it('replays the requests: under the scheme in force nothing moves; delegating all moves the manager’s', async () => {
    await decidedRequests()
    const api = await ctx().api('analyst')
    const same = await api.post('/api/v1/decisions/replay', await schemeInForce(api))
    expect(same.statusCode, same.body).toBe(200)
    const body = same.json()
    expect(body).toMatchObject({ decided: 2, moves: [], withoutHistory: 0, refusedNowDelegated: 0 })
    expect(body.underScheme).toEqual(body.asDecided)
    expect(body.asDecided.levels.map((l: { requests: number }) => l.requests)).toEqual([1, 1, 0, 0])
    // The manager's request: 25 minutes to submit and 15 to decide, as recorded.
    expect(body.asDecided.levels[1].staffHours).toBeCloseTo(40 / 60, 12)

    const delegated = (await api.post('/api/v1/decisions/replay', { rules: [] })).json()
    expect(delegated.moves).toEqual([{ from: 'team_manager', to: 'practitioner', requests: 1 }])
    expect(delegated.underScheme.levels.map((l: { requests: number }) => l.requests)).toEqual([2, 0, 0, 0])
    expect(delegated.underScheme.all.medianDays).toBe(0)

    // A year with nothing decided, and council B, replay nothing.
    const empty = (await api.post('/api/v1/decisions/replay?year=2024-25', { rules: [] })).json()
    expect(empty).toMatchObject({ decided: 0, moves: [] })
    const theirs = (
      await (await ctx().api('analyst', 'b')).post('/api/v1/decisions/replay', { rules: [] })
    ).json()
    expect(theirs).toMatchObject({ decided: 0, moves: [] })
  })

  it('answers a wrong year or scheme with the errors and changes nothing', async () => {
    const api = await ctx().api('head_of_service')
    const before = (await api.get('/api/v1/delegation-scheme')).json()
    const badYear = await api.post('/api/v1/decisions/replay?year=2025', { rules: [] })
    expect(badYear.statusCode).toBe(422)
    expect(badYear.json().errors).toEqual([{ field: 'year', message: 'Give a financial year like 2025-26' }])
    const badScheme = await api.post('/api/v1/decisions/replay', {
      rules: [
        { when: {}, level: 'team_manager' },
        { when: { annualCostAbovePence: 100 }, level: 'panel' },
      ],
    })
    expect(badScheme.statusCode).toBe(422)
    expect((await api.get('/api/v1/delegation-scheme')).json()).toEqual(before)
    expect((await api.post('/api/v1/decisions/replay', { rules: 'all' })).statusCode).toBe(422)
  })

  it('works on a page: the scheme in force to start from, rules edited, errors, and the replay', async () => {
    await decidedRequests()
    const browser = await ctx().browser('head_of_service')
    const start = await browser.get('/decisions/what-if')
    expect(start.statusCode).toBe(200)
    expect(start.body).toContain('Try another scheme of delegation')
    expect(start.body).toContain('name="rules.0.level"')

    const added = await browser.post('/decisions/what-if', { ruleCount: '0', action: 'add-rule' })
    expect(added.statusCode).toBe(200)
    expect(added.body).toContain('name="rules.0.level"')

    const wrong = await browser.post('/decisions/what-if', {
      year: 'last year',
      ruleCount: '1',
      'rules.0.level': '',
      action: 'replay',
    })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('govuk-error-summary')
    expect(wrong.body).toContain('Choose a financial year from the list')
    expect(wrong.body).toContain('href="#year"')

    // Everything above £5,000 a year to the team manager: the practitioner's own request moves up.
    const replayed = await browser.post('/decisions/what-if', {
      ruleCount: '1',
      'rules.0.level': 'team_manager',
      'rules.0.annualCostAbove': '5000',
      action: 'replay',
    })
    expect(replayed.statusCode, replayed.body).toBe(200)
    expect(replayed.body).toContain('What this scheme would have done')
    // (Other tests' requests are in the same council: at least this test's own moves.)
    expect(Number(/(\d+) would have gone to another route/.exec(replayed.body)?.[1])).toBeGreaterThanOrEqual(
      1,
    )
    expect(replayed.body).toContain('Requests that would move')
    // The form keeps the scheme tried.
    expect(replayed.body).toMatch(/name="rules\.0\.annualCostAbove"[^>]*value="5000"/)
  })

  it('is for those who weigh the scheme: the cost of deciding’s roles', async () => {
    for (const role of ROLES) {
      const allowed = can(role, 'decisionCost')
      const page = await (await ctx().browser(role)).get('/decisions/what-if')
      const api = await (await ctx().api(role)).post('/api/v1/decisions/replay', { rules: [] })
      expect(page.statusCode, role).toBe(allowed ? 200 : 403)
      expect(api.statusCode, role).toBe(allowed ? 200 : 403)
    }
    const signedOut = await ctx().app.inject({ method: 'GET', url: '/decisions/what-if' })
    expect(signedOut.statusCode).toBe(302)
    const api = await ctx().app.inject({
      method: 'POST',
      url: '/api/v1/decisions/replay',
      payload: { rules: [] },
    })
    expect(api.statusCode).toBe(401)
  })
})
