import { expect, it } from 'vitest'
import type { Role } from '../../src/modules/identity/roles.ts'
import { describeOnEachDatabase, type TestContext } from '../support/test-context.ts'

const YEAR = '2026-27'

/** Rows in the self-assessment tables for a council, to show a refused change wrote nothing. */
async function rowsFor(ctx: TestContext, council: 'a' | 'b') {
  const id = ctx.councils[council].id
  const count = async (table: 'self_assessments' | 'self_assessment_areas' | 'self_assessment_actions') =>
    Number(
      (
        await ctx.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('council_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n,
    )
  return {
    selfAssessments: await count('self_assessments'),
    areas: await count('self_assessment_areas'),
    actions: await count('self_assessment_actions'),
  }
}

describeOnEachDatabase('self-assessment', (ctx) => {
  let actionId = ''

  it('starts a year on the API, scores an area and keeps an action plan', async () => {
    const api = await ctx().api('analyst')
    const started = await api.post('/api/v1/self-assessments', { year: YEAR })
    expect(started.statusCode).toBe(201)
    expect(started.json()).toMatchObject({ year: YEAR, evidenceYear: '2025-26' })
    expect(started.json().areas).toHaveLength(6)

    const scored = await api.put(`/api/v1/self-assessments/${YEAR}/areas/recovery`, {
      score: 2,
      justification: 'Reablement starts within two days of discharge.',
    })
    expect(scored.statusCode).toBe(200)
    expect(scored.json()).toEqual({
      area: 'recovery',
      score: 2,
      justification: 'Reablement starts within two days of discharge.',
    })

    const added = await api.post(`/api/v1/self-assessments/${YEAR}/areas/recovery/actions`, {
      action: 'Recruit two reablement workers',
      owner: 'Head of reablement',
      dueOn: '2026-12-31',
    })
    expect(added.statusCode).toBe(201)
    expect(added.json()).toMatchObject({ area: 'recovery', status: 'not-started', completedOn: null })
    actionId = added.json().id

    const completed = await api.put(`/api/v1/self-assessments/${YEAR}/actions/${actionId}/status`, {
      status: 'complete',
    })
    expect(completed.statusCode).toBe(200)
    expect(completed.json()).toMatchObject({ status: 'complete', completedOn: ctx().today })

    const read = (await api.get(`/api/v1/self-assessments/${YEAR}`)).json()
    const recovery = read.areas.find((a: { area: string }) => a.area === 'recovery')
    expect(recovery).toMatchObject({ score: 2, scoreLabel: 'Performing well' })
    expect(recovery.actions).toEqual([expect.objectContaining({ id: actionId, status: 'complete' })])
    expect(recovery.evidence.map((e: { code: string }) => e.code)).toEqual([
      'ASCOF-2A',
      'ASCOF-2C',
      'ASCOF-2B',
    ])

    const list = (await api.get('/api/v1/self-assessments')).json()
    expect(list.selfAssessments).toEqual([
      expect.objectContaining({ year: YEAR, areasScored: 1, actionsOpen: 0, actionsComplete: 1 }),
    ])

    const audit = await ctx()
      .database.db.selectFrom('audit_log')
      .select(['action', 'record_type'])
      .where('council_id', '=', ctx().councils.a.id)
      .where('record_type', 'like', 'self-assessment%')
      .orderBy('id')
      .execute()
    expect(audit.map((a) => `${a.action} ${a.record_type}`)).toEqual([
      'create self-assessment',
      'create self-assessment-area',
      'create self-assessment-action',
      'update self-assessment-action',
    ])
  })

  it('walks the pages: start, score with a justification, add and complete an action, the report and the years compared', async () => {
    const browser = await ctx().browser('head_of_service')
    const index = await browser.get('/self-assessment')
    expect(index.statusCode).toBe(200)
    expect(index.body).toContain('2025-26')

    const start = await browser.post('/self-assessment', { year: '2025-26' })
    expect(start.statusCode).toBe(303)
    expect(start.headers.location).toBe('/self-assessment/2025-26?done=started')

    const year = await browser.get('/self-assessment/2025-26')
    expect(year.statusCode).toBe(200)
    expect(year.body).toContain('On the evidence of 2024-25')
    expect(year.body).toContain('Engagement of people and the public')

    const area = await browser.get('/self-assessment/2025-26/areas/prevention')
    expect(area.statusCode).toBe(200)
    expect(area.body).toContain('0: Below the minimum')
    expect(area.body).toContain('3: Performing strongly')

    const scored = await browser.post('/self-assessment/2025-26/areas/prevention', {
      score: '1',
      justification: 'Advice is available but not planned with partners.',
    })
    expect(scored.statusCode).toBe(303)
    const rescored = await browser.get(scored.headers.location as string)
    expect(rescored.body).toContain('Score saved.')
    expect(rescored.body).toContain('1: Adequate')

    const form = await browser.get('/self-assessment/2025-26/areas/prevention/actions/new')
    expect(form.statusCode).toBe(200)
    const added = await browser.post('/self-assessment/2025-26/areas/prevention/actions', {
      action: 'Publish an online directory of community support',
      owner: 'Prevention lead',
      dueOn: '2026-03-31',
    })
    expect(added.statusCode).toBe(303)
    const withAction = await browser.get(added.headers.location as string)
    expect(withAction.body).toContain('Publish an online directory of community support')
    const id = /actions\/([0-9a-f-]{36})\/status/.exec(withAction.body)?.[1] as string
    const done = await browser.post(`/self-assessment/2025-26/actions/${id}/status`, {
      status: 'complete',
      returnTo: '/self-assessment/2025-26',
    })
    expect(done.statusCode).toBe(303)
    expect(done.headers.location).toBe('/self-assessment/2025-26?done=action-complete')

    const report = await browser.get('/self-assessment/2025-26/report')
    expect(report.statusCode).toBe(200)
    expect(report.body).toContain('Adult social care self-assessment 2025-26')
    expect(report.body).toContain('Advice is available but not planned with partners.')
    expect(report.body).toContain('Complete on 15 June 2026')
    expect(report.body).not.toContain('govuk-service-navigation')
    expect(report.body).not.toContain('Mark as complete')

    const compare = await browser.get('/self-assessment/compare')
    expect(compare.statusCode).toBe(200)
    expect(compare.body).toContain('2025-26')
    expect(compare.body).toContain(YEAR)
    // Recovery was scored only in 2026-27; prevention only in 2025-26.
    expect(compare.body).toMatch(/Prevention<\/th>\s*<td[^>]*>\s*1\s*<\/td>\s*<td[^>]*>\s*Not scored/)
  })

  it('refuses bad input with a message per field and writes nothing', async () => {
    const api = await ctx().api('commissioner')
    const before = await rowsFor(ctx(), 'a')
    const cases: [string, string, unknown, string, string][] = [
      [
        'POST',
        '/api/v1/self-assessments',
        { year: '2019-20' },
        'year',
        'Choose the year to assess: 2026-27, 2025-26, 2024-25',
      ],
      [
        'POST',
        '/api/v1/self-assessments',
        { year: YEAR },
        'year',
        `There is already a self-assessment for ${YEAR}`,
      ],
      [
        'PUT',
        `/api/v1/self-assessments/${YEAR}/areas/prevention`,
        { score: 4, justification: 'x' },
        'score',
        'Choose a score from 0 to 3',
      ],
      [
        'PUT',
        `/api/v1/self-assessments/${YEAR}/areas/prevention`,
        { score: 1, justification: '  ' },
        'justification',
        'Explain why you chose this score',
      ],
      [
        'PUT',
        `/api/v1/self-assessments/${YEAR}/areas/prevention`,
        { score: 1, justification: 'x'.repeat(5001) },
        'justification',
        'The justification must be 5,000 characters or fewer',
      ],
      [
        'POST',
        `/api/v1/self-assessments/${YEAR}/areas/prevention/actions`,
        { action: '', owner: 'Someone', dueOn: '2026-12-01' },
        'action',
        'Enter the action',
      ],
      [
        'POST',
        `/api/v1/self-assessments/${YEAR}/areas/prevention/actions`,
        { action: 'Do it', owner: 'Someone', dueOn: '2026-02-30' },
        'dueOn',
        'Enter the due date as a real date, for example 2026-09-30',
      ],
      [
        'POST',
        `/api/v1/self-assessments/${YEAR}/areas/prevention/actions`,
        { action: 'Do it', owner: 'Someone', dueOn: '2026-03-31' },
        'dueOn',
        'The due date must be on or after 1 April 2026, when the year began',
      ],
      [
        'PUT',
        `/api/v1/self-assessments/${YEAR}/actions/${actionId}/status`,
        { status: 'done' },
        'status',
        'Choose a status: not-started, in-progress or complete',
      ],
    ]
    for (const [method, url, payload, field, message] of cases) {
      const response = method === 'PUT' ? await api.put(url, payload) : await api.post(url, payload)
      expect(response.statusCode, `${method} ${url}`).toBe(422)
      expect(response.json().errors).toContainEqual({ field, message })
    }
    expect(await rowsFor(ctx(), 'a')).toEqual(before)

    const browser = await ctx().browser('analyst')
    const page = await browser.post(`/self-assessment/${YEAR}/areas/engagement`, { justification: 'Because' })
    expect(page.statusCode).toBe(422)
    expect(page.body).toContain('There is a problem')
    expect(page.body).toContain('href="#score"')
    expect(page.body).toContain('Because')
    const actionPage = await browser.post(`/self-assessment/${YEAR}/areas/engagement/actions`, {
      action: 'Ask carers',
      owner: '',
      dueOn: 'soon',
    })
    expect(actionPage.statusCode).toBe(422)
    expect(actionPage.body).toContain('href="#owner"')
    expect(actionPage.body).toContain('href="#dueOn"')
    expect(actionPage.body).toContain('Ask carers')
    const startPage = await browser.post('/self-assessment', { year: YEAR })
    expect(startPage.statusCode).toBe(422)
    expect(startPage.body).toContain(`There is already a self-assessment for ${YEAR}`)
    expect(await rowsFor(ctx(), 'a')).toEqual(before)
  })

  it('answers 404 for another council’s self-assessment and action, and for years and areas that do not exist', async () => {
    const api = await ctx().api('analyst', 'b')
    const before = await rowsFor(ctx(), 'a')
    expect((await api.get(`/api/v1/self-assessments/${YEAR}`)).statusCode).toBe(404)
    expect(
      (await api.put(`/api/v1/self-assessments/${YEAR}/areas/recovery`, { score: 0, justification: 'x' }))
        .statusCode,
    ).toBe(404)
    expect(
      (
        await api.post(`/api/v1/self-assessments/${YEAR}/areas/recovery/actions`, {
          action: 'x',
          owner: 'y',
          dueOn: '2026-12-01',
        })
      ).statusCode,
    ).toBe(404)
    // Even with its own 2026-27 self-assessment, council B cannot reach A's action.
    expect((await api.post('/api/v1/self-assessments', { year: YEAR })).statusCode).toBe(201)
    expect(
      (
        await api.put(`/api/v1/self-assessments/${YEAR}/actions/${actionId}/status`, {
          status: 'not-started',
        })
      ).statusCode,
    ).toBe(404)
    const browser = await ctx().browser('analyst', 'b')
    expect((await browser.get('/self-assessment/2025-26')).statusCode).toBe(404)
    expect((await browser.get('/self-assessment/2025-26/report')).statusCode).toBe(404)
    expect((await browser.get('/self-assessment/2025-26/areas/prevention')).statusCode).toBe(404)
    expect(
      (await browser.post(`/self-assessment/${YEAR}/actions/${actionId}/status`, { status: 'complete' }))
        .statusCode,
    ).toBe(404)
    expect((await browser.get(`/self-assessment/${YEAR}/areas/finance`)).statusCode).toBe(404)
    expect((await browser.get('/self-assessment/2026-28')).statusCode).toBe(404)
    expect(await rowsFor(ctx(), 'a')).toEqual(before)
  })

  it('sends a visitor who is not signed in to sign in, and answers the API with 401', async () => {
    const page = await ctx().app.inject({
      method: 'GET',
      url: '/self-assessment/2026-27',
      headers: { accept: 'text/html' },
    })
    expect(page.statusCode).toBe(302)
    expect(page.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent('/self-assessment/2026-27')}`)
    expect((await ctx().app.inject({ method: 'GET', url: '/api/v1/self-assessments' })).statusCode).toBe(401)
  })

  it.each<Role>(['practitioner', 'team_manager', 'panel_member', 'finance', 'admin'])(
    'refuses every route to a %s',
    async (role) => {
      const api = await ctx().api(role)
      const browser = await ctx().browser(role)
      const before = await rowsFor(ctx(), 'a')
      const responses = [
        await api.get('/api/v1/self-assessments'),
        await api.post('/api/v1/self-assessments', { year: '2024-25' }),
        await api.get(`/api/v1/self-assessments/${YEAR}`),
        await api.put(`/api/v1/self-assessments/${YEAR}/areas/recovery`, { score: 0, justification: 'x' }),
        await api.post(`/api/v1/self-assessments/${YEAR}/areas/recovery/actions`, {
          action: 'x',
          owner: 'y',
          dueOn: '2026-12-01',
        }),
        await api.put(`/api/v1/self-assessments/${YEAR}/actions/${actionId}/status`, {
          status: 'not-started',
        }),
        await browser.get('/self-assessment'),
        await browser.post('/self-assessment', { year: '2024-25' }),
        await browser.get('/self-assessment/compare'),
        await browser.get(`/self-assessment/${YEAR}`),
        await browser.get(`/self-assessment/${YEAR}/report`),
        await browser.get(`/self-assessment/${YEAR}/areas/recovery`),
        await browser.post(`/self-assessment/${YEAR}/areas/recovery`, { score: '0', justification: 'x' }),
        await browser.get(`/self-assessment/${YEAR}/areas/recovery/actions/new`),
        await browser.post(`/self-assessment/${YEAR}/areas/recovery/actions`, {
          action: 'x',
          owner: 'y',
          dueOn: '2026-12-01',
        }),
        await browser.post(`/self-assessment/${YEAR}/actions/${actionId}/status`, { status: 'not-started' }),
      ]
      expect(responses.map((r) => r.statusCode)).toEqual(responses.map(() => 403))
      expect(await rowsFor(ctx(), 'a')).toEqual(before)
    },
  )

  it('shows the navigation item to the roles that may use it', async () => {
    const analyst = await (await ctx().browser('analyst')).get('/self-assessment')
    expect(analyst.body).toContain('href="/self-assessment"')
    const practitioner = await (await ctx().browser('practitioner')).get('/')
    expect(practitioner.body).not.toContain('href="/self-assessment"')
  })
})
