import { expect, it } from 'vitest'
import type { Role } from '../../src/modules/identity/roles.ts'
import { assessedPerson, draftPlan, homeCare } from '../support/plan-fixtures.ts'
import { describeOnEachDatabase } from '../support/test-context.ts'

/** A filled-in line of the plan form. */
function formLine(i: number, line: Partial<Record<string, string>> = {}) {
  const values = {
    serviceType: 'Long term support: Community',
    serviceComponent: 'Home support or domiciliary care',
    provider: 'Caring Hands Ltd',
    deliveryMechanism: 'direct_payment',
    fundingSource: 'council',
    unitCost: '24.00',
    costUnit: 'Hourly',
    unitsPerWeek: '7',
    ...line,
  }
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`lines.${i}.${k}`, v as string]))
}

const h1 = (html: string) =>
  /<h1[^>]*>([\s\S]*?)<\/h1>/
    .exec(html)?.[1]
    ?.replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

describeOnEachDatabase('support plan and funding pages', (ctx) => {
  const db = () => ctx().database.db

  it('walks from the indicative budget to a saved plan, adding and removing lines without JavaScript', async () => {
    const { person, assessmentId } = await assessedPerson(ctx())
    const browser = await ctx().browser('practitioner')
    const start = await browser.get(`/people/${person.id}/plans/new`)
    expect(start.statusCode).toBe(200)
    expect(start.body).toContain('Work out the indicative budget')
    expect(start.body).toContain('How often is help needed at night?')

    const badAnswer = await browser.post(`/people/${person.id}/indicative-budget`, {
      assessmentId,
      'answers.night_support': 'always',
    })
    expect(badAnswer.statusCode).toBe(422)
    expect(badAnswer.body).toContain('href="#answers-night_support"')

    const given = await browser.post(`/people/${person.id}/indicative-budget`, {
      assessmentId,
      'answers.night_support': 'some_nights',
    })
    expect(given.statusCode).toBe(303)
    expect(given.headers.location).toBe(`/people/${person.id}/plans/new?assessmentId=${assessmentId}`)
    const builder = await browser.get(given.headers.location as string)
    expect(builder.body).toContain('Indicative budget: £258.00 a week') // (35 + 8) × £6
    expect(builder.body).toContain('answered “Some nights”: 8 points')
    expect(builder.body).toContain('id="lines-0-serviceType"')

    const added = await browser.post(`/people/${person.id}/plans/new`, {
      assessmentId,
      lineCount: '1',
      ...formLine(0),
      action: 'add-line',
    })
    expect(added.statusCode).toBe(200)
    expect(added.body).toContain('id="lines-1-serviceType"')
    expect(added.body).toContain('value="Caring Hands Ltd"')
    const removed = await browser.post(`/people/${person.id}/plans/new`, {
      assessmentId,
      lineCount: '2',
      ...formLine(0),
      ...formLine(1, { provider: 'Second Ltd' }),
      action: 'remove-line-0',
    })
    expect(removed.body).not.toContain('value="Caring Hands Ltd"')
    expect(removed.body).toContain('value="Second Ltd"')

    const invalid = await browser.post(`/people/${person.id}/plans/new`, {
      assessmentId,
      lineCount: '2',
      ...formLine(0, { unitCost: '24.505' }),
      ...formLine(1, { serviceType: '', deliveryMechanism: '' }),
      action: 'save',
    })
    expect(invalid.statusCode).toBe(422)
    expect(invalid.body).toContain('There is a problem')
    expect(invalid.body).toContain('href="#lines-0-unitCost"')
    expect(invalid.body).toContain('Line 1: enter the unit cost in pounds, like 24.50')
    expect(invalid.body).toContain('href="#lines-1-serviceType"')
    expect(invalid.body).toContain('href="#lines-1-deliveryMechanism"')
    expect(invalid.body).toContain('value="24.505"')
    expect(
      await db().selectFrom('support_plans').selectAll().where('person_id', '=', person.id).execute(),
    ).toEqual([])

    const saved = await browser.post(`/people/${person.id}/plans/new`, {
      assessmentId,
      lineCount: '3',
      ...formLine(0),
      ...formLine(1, {
        serviceType: '',
        serviceComponent: '',
        provider: '',
        deliveryMechanism: '',
        unitCost: '',
        unitsPerWeek: '',
      }),
      ...formLine(2, {
        serviceComponent: 'Day support',
        unitCost: '45',
        costUnit: 'Daily',
        unitsPerWeek: '1',
        deliveryMechanism: 'commissioned',
      }),
      action: 'save',
    })
    expect(saved.statusCode, saved.body).toBe(303)
    const plan = await browser.get(saved.headers.location as string)
    expect(plan.statusCode).toBe(200)
    expect(h1(plan.body)).toBe('Support plan, version 1')
    expect(plan.body).toContain('£213.00') // 7 × £24 + £45
    expect(plan.body).toContain('£45.00 a week below the indicative budget (83% of it)')
    expect(plan.body).toContain('Submit for funding')
  })

  it('says what to do when there is no completed assessment', async () => {
    const { person } = await assessedPerson(ctx())
    await db()
      .updateTable('assessments')
      .set({ eligible: false })
      .where('person_id', '=', person.id)
      .execute()
    const browser = await ctx().browser('practitioner')
    const page = await browser.get(`/people/${person.id}/plans/new`)
    expect(page.body).toContain('no completed assessment with eligible needs')
    expect(page.body).toContain(`href="/people/${person.id}/assessments/new"`)
  })

  it('changes a plan into a new version and submits it; the team manager amends it with reasons on the page', async () => {
    const { person, plan } = await draftPlan(ctx(), [homeCare(5)])
    const practitioner = await ctx().browser('practitioner')
    const edit = await practitioner.get(`/plans/${plan.id}/edit`)
    expect(edit.statusCode).toBe(200)
    expect(edit.body).toContain('Saving makes version 2 of this plan')
    const changed = await practitioner.post(`/plans/${plan.id}/edit`, {
      lineCount: '1',
      ...formLine(0, { unitsPerWeek: '10' }),
      action: 'save',
    })
    expect(changed.statusCode, changed.body).toBe(303)
    const version2 = (changed.headers.location as string).split('/').at(-1) as string
    const old = await practitioner.get(`/plans/${plan.id}`)
    expect(old.body).toContain('This is an earlier version. The latest is version 2.')

    const badMinutes = await practitioner.post(`/plans/${version2}/funding-requests`, { minutes: 'an hour' })
    expect(badMinutes.statusCode).toBe(422)
    expect(badMinutes.body).toContain('href="#minutes"')
    const submitted = await practitioner.post(`/plans/${version2}/funding-requests`, { minutes: '20' })
    expect(submitted.statusCode).toBe(303)
    const requestUrl = submitted.headers.location as string
    const asPractitioner = await practitioner.get(requestUrl)
    expect(asPractitioner.body).toContain('Waiting for a decision')
    expect(asPractitioner.body).toContain('This request needs a decision by a team manager or higher.')
    expect(asPractitioner.body).not.toContain('Record the decision')

    const manager = await ctx().browser('team_manager')
    const queue = await manager.get('/funding-requests')
    expect(queue.statusCode).toBe(200)
    expect(queue.body).toContain(requestUrl)
    const page = await manager.get(requestUrl)
    expect(page.body).toContain('Record the decision')
    const noReasons = await manager.post(`${requestUrl}/decision`, { outcome: 'amend', weeklyAmount: '220' })
    expect(noReasons.statusCode).toBe(422)
    expect(noReasons.body).toContain('href="#reasons"')
    expect(noReasons.body).toContain('Give your reasons for amending the request')
    const badAmount = await manager.post(`${requestUrl}/decision`, {
      outcome: 'amend',
      weeklyAmount: 'lots',
      reasons: 'x',
    })
    expect(badAmount.body).toContain('href="#weeklyAmount"')
    const amended = await manager.post(`${requestUrl}/decision`, {
      outcome: 'amend',
      weeklyAmount: '220.00',
      reasons: 'Nine hours meet the outcomes',
      minutes: '15',
    })
    expect(amended.statusCode).toBe(303)
    const decided = await manager.get(requestUrl)
    expect(decided.body).toContain('Approved at an amended amount')
    expect(decided.body).toContain('Nine hours meet the outcomes')
    const again = await manager.post(`${requestUrl}/decision`, { outcome: 'approve' })
    expect(again.statusCode).toBe(409)

    const statement = await practitioner.get(`/plans/${version2}/statement`)
    expect(statement.statusCode).toBe(200)
    expect(statement.body).toContain('Personal budget statement')
    expect(statement.body).toContain('£220.00')
    expect(statement.body).toContain('govuk-!-display-none-print')
    const people = await practitioner.get(`/people/${person.id}/plans`)
    expect(people.body).toContain('Active')
  })

  it('takes a reader back through the person’s record only when they may open it', async () => {
    const { person, plan } = await draftPlan(ctx(), [homeCare(10)])
    const backLinks = (html: string) =>
      [...html.matchAll(/class="govuk-breadcrumbs__link" href="([^"]+)"/g)].map((m) => m[1])
    for (const url of [`/plans/${plan.id}`, `/people/${person.id}/plans`]) {
      const practitioner = await (await ctx().browser('practitioner')).get(url)
      expect(backLinks(practitioner.body), url).toEqual(
        expect.arrayContaining(['/people', `/people/${person.id}`]),
      )
      // A panel member reads plans to decide them, but may not open the person's record.
      const panel = await ctx().browser('panel_member')
      expect((await panel.get(`/people/${person.id}`)).statusCode).toBe(403)
      const page = await panel.get(url)
      expect(page.statusCode, url).toBe(200)
      const links = backLinks(page.body)
      expect(links, url).toContain('/funding-requests')
      expect(
        links.filter((href) => href === '/people' || href === `/people/${person.id}`),
        url,
      ).toEqual([])
      for (const href of links) expect((await panel.get(href as string)).statusCode, href).toBe(200)
    }
  })

  it('keeps each page from the wrong roles (403) and from other councils (404)', async () => {
    const { person, plan } = await draftPlan(ctx(), [homeCare(10)])
    const api = await ctx().api('practitioner')
    const request = (await api.post(`/api/v1/plans/${plan.id}/funding-requests`, {})).json() as { id: string }
    const pages: [string, Role[]][] = [
      [`/people/${person.id}/plans`, ['finance', 'admin', 'analyst']],
      [`/people/${person.id}/plans/new`, ['panel_member', 'finance', 'admin']],
      [`/plans/${plan.id}`, ['finance', 'admin', 'commissioner']],
      [`/plans/${plan.id}/edit`, ['panel_member', 'finance', 'admin']],
      [`/funding-requests`, ['practitioner', 'finance', 'admin']],
      [`/funding-requests/${request.id}`, ['finance', 'admin', 'analyst']],
      ['/admin/delegation-scheme', ['practitioner', 'team_manager', 'head_of_service', 'panel_member']],
      ['/admin/ras', ['practitioner', 'head_of_service', 'analyst']],
    ]
    for (const [url, roles] of pages) {
      for (const role of roles) {
        expect((await (await ctx().browser(role)).get(url)).statusCode, `${role} ${url}`).toBe(403)
      }
    }
    const posts: [string, Role][] = [
      [`/people/${person.id}/plans/new`, 'admin'],
      [`/people/${person.id}/indicative-budget`, 'finance'],
      [`/plans/${plan.id}/edit`, 'panel_member'],
      [`/plans/${plan.id}/funding-requests`, 'panel_member'],
      [`/funding-requests/${request.id}/decision`, 'practitioner'],
      [`/funding-requests/${request.id}/decision`, 'admin'],
      ['/admin/delegation-scheme', 'head_of_service'],
      ['/admin/ras', 'team_manager'],
      ['/admin/ras/calibration', 'analyst'],
    ]
    for (const [url, role] of posts) {
      expect(
        (await (await ctx().browser(role)).post(url, { outcome: 'approve' })).statusCode,
        `${role} ${url}`,
      ).toBe(403)
    }
    const other = await ctx().browser('practitioner', 'b')
    const otherManager = await ctx().browser('team_manager', 'b')
    for (const url of [
      `/people/${person.id}/plans`,
      `/people/${person.id}/plans/new`,
      `/plans/${plan.id}`,
      `/plans/${plan.id}/edit`,
      `/funding-requests/${request.id}`,
    ]) {
      expect((await other.get(url)).statusCode, url).toBe(404)
    }
    expect((await other.post(`/plans/${plan.id}/edit`, { lineCount: '1', ...formLine(0) })).statusCode).toBe(
      404,
    )
    expect(
      (await otherManager.post(`/funding-requests/${request.id}/decision`, { outcome: 'approve' }))
        .statusCode,
    ).toBe(404)
    expect((await otherManager.get('/funding-requests')).body).not.toContain(request.id)
  })

  it('lets the admin edit the scheme of delegation rule by rule, refusing one that could route a dearer plan lower', async () => {
    const admin = await ctx().browser('admin', 'b')
    const page = await admin.get('/admin/delegation-scheme')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('ASCEND’s default applies')
    expect(page.body).toContain('If the annual cost is above £49,000: panel')
    const rules = {
      ruleCount: '2',
      'rules.0.level': 'team_manager',
      'rules.0.annualCostAbove': '10000',
      'rules.1.level': 'panel',
      'rules.1.annualCostAbove': '49000',
      'rules.1.serviceTypes': ['Long term support: Nursing care', 'Long term support: Residential care'],
    }
    const moved = await admin.post('/admin/delegation-scheme', { ...rules, action: 'down-0' })
    expect(moved.statusCode).toBe(200)
    expect(moved.body.indexOf('value="49000"')).toBeLessThan(moved.body.indexOf('value="10000"'))
    const added = await admin.post('/admin/delegation-scheme', { ...rules, action: 'add-rule' })
    expect(added.body).toContain('id="rules-2-level"')
    const wrongOrder = await admin.post('/admin/delegation-scheme', { ...rules, action: 'save' })
    expect(wrongOrder.statusCode).toBe(422)
    expect(wrongOrder.body).toContain('href="#rules"')
    expect(wrongOrder.body).toContain('a dearer plan could go to a lower level')
    const badMoney = await admin.post('/admin/delegation-scheme', {
      ...rules,
      'rules.0.annualCostAbove': 'ten grand',
      action: 'save',
    })
    expect(badMoney.body).toContain('href="#rules-0-annualCostAbove"')
    const saved = await admin.post('/admin/delegation-scheme', {
      ruleCount: '2',
      'rules.0.level': 'panel',
      'rules.0.annualCostAbove': '49000',
      'rules.0.serviceTypes': ['Long term support: Nursing care', 'Long term support: Residential care'],
      'rules.1.level': 'team_manager',
      'rules.1.annualCostAbove': '10000',
      'rules.1.weeklyPercentAbove': '120',
      action: 'save',
    })
    expect(saved.statusCode, saved.body).toBe(303)
    const after = await admin.get(saved.headers.location as string)
    expect(after.body).toContain('Version 1 of the scheme is saved')
    expect(after.body).toContain(
      'If any line is “Long term support: Nursing care” or “Long term support: Residential care”, or the annual cost is above £49,000: panel',
    )
  })

  it('lets the admin configure the RAS on a page, with errors by field', async () => {
    const admin = await ctx().browser('admin', 'b')
    const page = await admin.get('/admin/ras')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('id="outcomePoints-nutrition"')
    const form = Object.fromEntries(
      [...page.body.matchAll(/<input\b[^>]*class="govuk-input[^>]*>/g)].map((m) => [
        /name="([^"]+)"/.exec(m[0])?.[1] as string,
        /value="([^"]*)"/.exec(m[0])?.[1] ?? '',
      ]),
    )
    expect(form).toMatchObject({
      'outcomePoints.nutrition': '12',
      ratePerPoint: '6.00',
      maximumWeekly: '1250.00',
    })
    const questions = /<textarea[^>]*name="questions"[^>]*>([\s\S]*?)<\/textarea>/.exec(page.body)?.[1] ?? ''
    expect(questions).toContain('night_support: How often is help needed at night?')
    const invalid = await admin.post('/admin/ras', {
      ...form,
      questions: 'nonsense',
      'outcomePoints.nutrition': 'lots',
    })
    expect(invalid.statusCode).toBe(422)
    expect(invalid.body).toContain('href="#questions"')
    expect(invalid.body).toContain('href="#outcomePoints-nutrition"')
    const badBands = await admin.post('/admin/ras', { ...form, method: 'bands', bands: '10: 100' })
    expect(badBands.statusCode).toBe(422)
    expect(badBands.body).toContain('href="#bands"')
    expect(badBands.body).toContain('The first band must start at 0 points')
    const saved = await admin.post('/admin/ras', {
      ...form,
      method: 'bands',
      bands: '0: 0\n20: 150\n40: 320.50',
      questions: 'lives_alone: Does the person live alone?\n- no: No = 0\n- yes: Yes = 6',
      note: 'Bands agreed at committee',
    })
    expect(saved.statusCode, saved.body).toBe(303)
    const after = await admin.get(saved.headers.location as string)
    expect(after.body).toContain('Bands agreed at committee')
    const api = await ctx().api('admin', 'b')
    expect((await api.get('/api/v1/ras-configuration')).json()).toMatchObject({
      method: 'bands',
      bands: [
        { fromPoints: 0, weeklyPence: 0 },
        { fromPoints: 20, weeklyPence: 15_000 },
        { fromPoints: 40, weeklyPence: 32_050 },
      ],
      questions: [
        {
          code: 'lives_alone',
          options: [
            { code: 'no', points: 0 },
            { code: 'yes', points: 6 },
          ],
        },
      ],
    })
    const calibrate = await admin.post('/admin/ras/calibration', {})
    expect(calibrate.statusCode).toBe(422)
    expect(calibrate.body).toContain('at least 5 are needed to fit a rate')
  })
})
