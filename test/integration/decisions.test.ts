import { expect, it } from 'vitest'
import type { Role } from '../../src/modules/identity/roles.ts'
import {
  draftPlan,
  EVERY_OUTCOME,
  EVERY_OUTCOME_WEEKLY_PENCE,
  homeCare,
  type PlanJson,
  TWO_OUTCOMES_WEEKLY_PENCE,
} from '../support/plan-fixtures.ts'
import { type CouncilKey, describeOnEachDatabase } from '../support/test-context.ts'

const RESIDENTIAL = {
  serviceType: 'Long term support: Residential care',
  serviceComponent: 'Long term residential care',
  deliveryMechanism: 'commissioned',
  unitCostPence: 80_000,
  unitsPerWeek: 1,
  costUnit: 'Weekly',
}

describeOnEachDatabase('funding requests and the scheme of delegation', (ctx) => {
  const db = () => ctx().database.db
  const users = (council: CouncilKey = 'a') => ctx().councils[council].users

  async function submit(
    planId: string,
    role: Role = 'practitioner',
    body: object = {},
    council: CouncilKey = 'a',
  ) {
    const api = await ctx().api(role, council)
    return api.post(`/api/v1/plans/${planId}/funding-requests`, body)
  }

  async function submitted(lines: object[], options: { assessment?: object; council?: CouncilKey } = {}) {
    const made = await draftPlan(ctx(), lines, options)
    const response = await submit(made.plan.id, 'practitioner', { minutes: 25 }, options.council)
    expect(response.statusCode, response.body).toBe(201)
    return { ...made, request: response.json() as { id: string; route: string; status: string } }
  }

  async function decide(id: string, role: Role, body: object, council: CouncilKey = 'a') {
    const api = await ctx().api(role, council)
    return api.post(`/api/v1/funding-requests/${id}/decision`, body)
  }

  const planRow = (id: string) =>
    db().selectFrom('support_plans').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const serviceEvents = (personId: string) =>
    db()
      .selectFrom('cld_events')
      .selectAll()
      .where('person_id', '=', personId)
      .where('event_type', '=', 'Service')
      .orderBy('created_at')
      .execute()
  const steps = (requestId: string) =>
    db()
      .selectFrom('decision_steps')
      .selectAll()
      .where('funding_request_id', '=', requestId)
      .orderBy('id')
      .execute()

  it('approves at once a plan within the practitioner’s delegation, and puts it into effect', async () => {
    // £168 a week against an indicative £210: under 110% and £15,000 a year.
    const { person, plan, request } = await submitted([
      homeCare(7),
      {
        ...homeCare(1, 0),
        deliveryMechanism: 'individual_service_fund',
        costUnit: 'Weekly',
        provider: 'Homeward ISF',
      },
    ])
    expect(request).toMatchObject({
      route: 'practitioner',
      status: 'approved',
      ruleNumber: 6,
      weeklyCostPence: 16_800,
    })
    expect(await planRow(plan.id)).toMatchObject({
      status: 'active',
      approved_weekly_pence: 16_800,
      active_from: ctx().today,
    })
    const events = await serviceEvents(person.id)
    expect(events).toHaveLength(2)
    expect(events[0]).toMatchObject({
      service_type: 'Long term support: Community',
      service_component: 'Home support or domiciliary care',
      delivery_mechanism: 'Direct Payment',
      unit_cost_pence: 2400,
      cost_frequency_unit_type: 'Hourly',
      planned_units_per_week: 7,
      event_start_on: ctx().today,
      event_end_on: null,
      source_record_id: plan.id,
      client_type: 'Service user',
      client_funding_status: 'Fully social care funded',
      event_outcome: 'Continuation of support or services',
    })
    // An individual service fund has no CLD value: it goes as a managed personal budget.
    expect(events[1]).toMatchObject({ delivery_mechanism: 'CASSR Managed Personal Budget' })
    expect((await steps(request.id)).map((s) => [s.step, s.level, s.user_id, s.minutes])).toEqual([
      ['submitted', 'practitioner', users().practitioner, 25],
      ['routed', 'practitioner', null, null],
      ['approved', 'practitioner', users().practitioner, null],
    ])
    const api = await ctx().api('practitioner')
    const statement = await api.get(`/api/v1/plans/${plan.id}/statement`)
    expect(statement.statusCode).toBe(200)
    expect(statement.json()).toMatchObject({
      weeklyPence: 16_800,
      annualPence: 16_800 * 52,
      personContributionWeeklyPence: 0,
      councilContributionWeeklyPence: 16_800,
      held: [
        { deliveryMechanism: 'direct_payment', weeklyPence: 16_800 },
        { deliveryMechanism: 'individual_service_fund', weeklyPence: 0 },
      ],
    })
  })

  it('sends a dearer plan to the team manager, who amends it with reasons', async () => {
    // £240 a week: above 110% of £210, within 125%.
    const { plan, request } = await submitted([homeCare(10)])
    expect(request).toMatchObject({ route: 'team_manager', status: 'pending', ruleNumber: 5 })
    expect((await planRow(plan.id)).status).toBe('submitted')

    const noReasons = await decide(request.id, 'team_manager', { outcome: 'amend', weeklyPence: 22_000 })
    expect(noReasons.statusCode).toBe(422)
    expect(noReasons.json().errors).toEqual([
      { field: 'reasons', message: 'Give your reasons for amending the request' },
    ])
    const noAmount = await decide(request.id, 'team_manager', { outcome: 'amend', reasons: 'Less' })
    expect(noAmount.json().errors.map((e: { field: string }) => e.field)).toEqual(['weeklyPence'])
    const same = await decide(request.id, 'team_manager', {
      outcome: 'amend',
      weeklyPence: 24_000,
      reasons: 'Same',
    })
    expect(same.statusCode).toBe(422)
    expect((await planRow(plan.id)).status).toBe('submitted')

    const amended = await decide(request.id, 'team_manager', {
      outcome: 'amend',
      weeklyPence: 22_000,
      reasons: 'Nine hours meet the outcomes; the tenth duplicates the lunch club.',
      minutes: 12,
    })
    expect(amended.statusCode, amended.body).toBe(200)
    expect(amended.json()).toMatchObject({
      status: 'amended',
      approvedWeeklyPence: 22_000,
      reasons: 'Nine hours meet the outcomes; the tenth duplicates the lunch club.',
      decidedBy: { id: users().team_manager },
    })
    expect(await planRow(plan.id)).toMatchObject({ status: 'active', approved_weekly_pence: 22_000 })
    const stepRows = await steps(request.id)
    expect(stepRows.at(-1)).toMatchObject({
      step: 'amended',
      level: 'team_manager',
      user_id: users().team_manager,
      minutes: 12,
    })
    const api = await ctx().api('practitioner')
    expect((await api.get(`/api/v1/plans/${plan.id}/statement`)).json()).toMatchObject({
      weeklyPence: 22_000,
      amended: true,
    })
  })

  it('answers 409 to a second decision and changes nothing', async () => {
    const { plan, request } = await submitted([homeCare(10)])
    expect((await decide(request.id, 'team_manager', { outcome: 'approve' })).statusCode).toBe(200)
    const before = await planRow(plan.id)
    const again = await decide(request.id, 'head_of_service', { outcome: 'refuse', reasons: 'Too dear' })
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({
      status: 409,
      requestStatus: 'approved',
      detail: expect.stringContaining('already been decided'),
    })
    expect(await planRow(plan.id)).toEqual(before)
    const api = await ctx().api('team_manager')
    expect((await api.get(`/api/v1/funding-requests/${request.id}`)).json()).toMatchObject({
      status: 'approved',
      reasons: null,
    })
    expect((await steps(request.id)).map((s) => s.step)).toEqual(['submitted', 'routed', 'approved'])
  })

  it('lets exactly one of two deciders at once win', async () => {
    for (let round = 0; round < 3; round++) {
      const { plan, person, request } = await submitted([homeCare(10)])
      const answers = await Promise.all([
        decide(request.id, 'team_manager', { outcome: 'approve' }),
        decide(request.id, 'head_of_service', { outcome: 'refuse', reasons: 'Use the lunch club' }),
      ])
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409])
      const winner = answers.find((a) => a.statusCode === 200)?.json()
      const plan1 = await planRow(plan.id)
      expect(plan1.status).toBe(winner.status === 'approved' ? 'active' : 'refused')
      expect(
        (await steps(request.id)).filter((s) => s.step !== 'submitted' && s.step !== 'routed'),
      ).toHaveLength(1)
      expect(await serviceEvents(person.id)).toHaveLength(winner.status === 'approved' ? 1 : 0)
    }
  })

  it('refuses a decision below the request’s level with 403, changing nothing', async () => {
    const { plan, request } = await submitted([homeCare(10)])
    for (const role of ['practitioner', 'finance', 'commissioner', 'analyst', 'admin'] as Role[]) {
      const response = await decide(request.id, role, { outcome: 'approve' })
      expect(response.statusCode, role).toBe(403)
    }
    expect((await planRow(plan.id)).status).toBe('submitted')
  })

  it('routes a plan over £35,000 a year to the head of service, whom a team manager cannot overrule', async () => {
    // £720 a week is £37,440 a year, within 125% of the £1,250 cap the fuller assessment gets.
    const { plan, request } = await submitted([homeCare(30)], { assessment: EVERY_OUTCOME })
    expect(request).toMatchObject({
      route: 'head_of_service',
      ruleNumber: 4,
      indicativeWeeklyPence: EVERY_OUTCOME_WEEKLY_PENCE,
    })
    expect((await decide(request.id, 'team_manager', { outcome: 'approve' })).statusCode).toBe(403)
    const approved = await decide(request.id, 'head_of_service', { outcome: 'approve' })
    expect(approved.statusCode, approved.body).toBe(200)
    expect((await planRow(plan.id)).approved_weekly_pence).toBe(72_000)
  })

  it.each([
    ['residential care at any cost', [homeCare(1), RESIDENTIAL], EVERY_OUTCOME, 1],
    ['a plan over 125% of the indicative budget', [homeCare(11)], undefined, 2],
    ['a plan over £49,000 a year', [homeCare(40)], EVERY_OUTCOME, 3],
  ])('sends %s to the panel, which only the panel decides', async (_name, lines, assessment, rule) => {
    const { request } = await submitted(lines, { assessment })
    expect(request).toMatchObject({ route: 'panel', ruleNumber: rule, status: 'pending' })
    expect((await decide(request.id, 'head_of_service', { outcome: 'approve' })).statusCode).toBe(403)
    const decided = await decide(request.id, 'panel_member', { outcome: 'approve' })
    expect(decided.statusCode, decided.body).toBe(200)
  })

  it('defers a request, which stays in its queue until decided', async () => {
    const { request } = await submitted([homeCare(10)])
    const deferred = await decide(request.id, 'team_manager', {
      outcome: 'defer',
      reasons: 'Waiting for the OT report',
    })
    expect(deferred.json()).toMatchObject({ status: 'deferred', approvedWeeklyPence: null })
    const queue = await (await ctx().api('team_manager')).get('/api/v1/funding-requests?level=team_manager')
    expect(queue.json().waiting.map((r: { id: string }) => r.id)).toContain(request.id)
    const approved = await decide(request.id, 'head_of_service', { outcome: 'approve' })
    expect(approved.json().status).toBe('approved')
    expect((await steps(request.id)).map((s) => s.step)).toEqual([
      'submitted',
      'routed',
      'deferred',
      'approved',
    ])
  })

  it('returns a plan for changes; the next version goes back through the scheme', async () => {
    const { plan, request } = await submitted([homeCare(10)])
    const noReasons = await decide(request.id, 'team_manager', { outcome: 'return' })
    expect(noReasons.json().errors).toEqual([
      { field: 'reasons', message: 'Give your reasons for returning the request' },
    ])
    const returned = await decide(request.id, 'team_manager', {
      outcome: 'return',
      reasons: 'Add the lunch club',
    })
    expect(returned.json().status).toBe('returned')
    expect((await planRow(plan.id)).status).toBe('returned')
    const api = await ctx().api('practitioner')
    const next = await api.post(`/api/v1/plans/${plan.id}/versions`, {
      lines: [homeCare(6), homeCare(1, 1000)],
    })
    expect(next.statusCode, next.body).toBe(201)
    const resubmitted = await submit((next.json() as PlanJson).id)
    expect(resubmitted.json()).toMatchObject({ route: 'practitioner', status: 'approved' })
    expect((await planRow(plan.id)).status).toBe('returned')
  })

  it('refuses a plan with reasons', async () => {
    const { plan, request } = await submitted([homeCare(10)])
    const refused = await decide(request.id, 'team_manager', {
      outcome: 'refuse',
      reasons: 'Needs are met by the day centre',
    })
    expect(refused.json()).toMatchObject({ status: 'refused', reasons: 'Needs are met by the day centre' })
    expect((await planRow(plan.id)).status).toBe('refused')
    expect(
      (await (await ctx().api('practitioner')).get(`/api/v1/plans/${plan.id}/statement`)).statusCode,
    ).toBe(404)
  })

  it.each<[string, object, string]>([
    ['no outcome', {}, 'outcome'],
    ['an unknown outcome', { outcome: 'maybe' }, 'outcome'],
    ['refusing without reasons', { outcome: 'refuse' }, 'reasons'],
    ['refusing with blank reasons', { outcome: 'refuse', reasons: '   ' }, 'reasons'],
    ['an amount in pounds', { outcome: 'amend', weeklyPence: 220.5, reasons: 'x' }, 'weeklyPence'],
    ['negative minutes', { outcome: 'approve', minutes: -5 }, 'minutes'],
  ])('refuses a decision with %s (422), changing nothing', async (_name, body, field) => {
    const { request } = await submitted([homeCare(10)])
    const response = await decide(request.id, 'team_manager', body)
    expect(response.statusCode).toBe(422)
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field)
    expect((await steps(request.id)).map((s) => s.step)).toEqual(['submitted', 'routed'])
  })

  it('does not let the submitter decide their own request', async () => {
    const { plan } = await draftPlan(ctx(), [homeCare(10)])
    const created = await submit(plan.id, 'team_manager')
    expect(created.json()).toMatchObject({ route: 'team_manager', status: 'pending' })
    const own = await decide(created.json().id, 'team_manager', { outcome: 'approve' })
    expect(own.statusCode).toBe(403)
    expect(own.json().detail).toBe('Someone other than the person who submitted it must decide it')
  })

  it('answers 409 to submitting a plan twice, and 422 to bad minutes', async () => {
    const { plan } = await draftPlan(ctx(), [homeCare(10)])
    expect((await submit(plan.id, 'practitioner', { minutes: 'ten' })).statusCode).toBe(422)
    expect((await submit(plan.id, 'practitioner', { minutes: 'ten' })).json().errors[0].field).toBe('minutes')
    expect((await planRow(plan.id)).status).toBe('draft')
    expect((await submit(plan.id)).statusCode).toBe(201)
    const twice = await submit(plan.id)
    expect(twice.statusCode).toBe(409)
    expect(twice.json().fundingRequestId).toEqual(expect.any(String))
    const change = await (await ctx().api('practitioner')).post(`/api/v1/plans/${plan.id}/versions`, {
      lines: [homeCare(1)],
    })
    expect(change.statusCode).toBe(409)
  })

  it('ends the services of the plan a new approval supersedes', async () => {
    const { person, plan, request } = await submitted([homeCare(7)])
    expect(request.status).toBe('approved')
    const api = await ctx().api('practitioner')
    const next = (
      await api.post(`/api/v1/plans/${plan.id}/versions`, { lines: [homeCare(8)] })
    ).json() as PlanJson
    expect((await submit(next.id)).json().status).toBe('approved')
    expect(await planRow(plan.id)).toMatchObject({ status: 'superseded', active_to: ctx().today })
    expect(await planRow(next.id)).toMatchObject({ status: 'active' })
    const events = await serviceEvents(person.id)
    expect(events.map((e) => [e.source_record_id, e.event_end_on, e.event_outcome])).toEqual([
      [plan.id, ctx().today, 'Continuation of support or services'],
      [next.id, null, 'Continuation of support or services'],
    ])
  })

  it.each(['practitioner', 'finance', 'admin'] as Role[])(
    'keeps the queues from a %s (403)',
    async (role) => {
      const api = await ctx().api(role)
      expect((await api.get('/api/v1/funding-requests')).statusCode).toBe(403)
    },
  )

  it('shows each decider the queues of their level', async () => {
    const { request } = await submitted([homeCare(10)])
    const manager = await ctx().api('team_manager')
    const queue = await manager.get('/api/v1/funding-requests')
    expect(queue.json().levels).toEqual(['team_manager'])
    expect(queue.json().waiting.map((r: { id: string }) => r.id)).toContain(request.id)
    expect((await manager.get('/api/v1/funding-requests?level=panel')).statusCode).toBe(403)
    expect((await manager.get('/api/v1/funding-requests?level=boss')).statusCode).toBe(422)
    const panel = await ctx().api('panel_member')
    expect((await panel.get('/api/v1/funding-requests?level=panel')).json().levels).toEqual(['panel'])
  })

  it('answers 404 to another council on every funding route', async () => {
    const { plan, request } = await submitted([homeCare(10)])
    const { plan: draft } = await draftPlan(ctx(), [homeCare(5)])
    const other = (role: Role) => ctx().api(role, 'b')
    expect(
      (await (await other('practitioner')).post(`/api/v1/plans/${draft.id}/funding-requests`, {})).statusCode,
    ).toBe(404)
    expect(
      (await (await other('team_manager')).get(`/api/v1/funding-requests/${request.id}`)).statusCode,
    ).toBe(404)
    expect(
      (
        await (
          await other('team_manager')
        ).post(`/api/v1/funding-requests/${request.id}/decision`, { outcome: 'approve' })
      ).statusCode,
    ).toBe(404)
    const queue = await (await other('team_manager')).get('/api/v1/funding-requests')
    expect(queue.json().waiting.map((r: { id: string }) => r.id)).not.toContain(request.id)
    expect((await planRow(plan.id)).status).toBe('submitted')
    expect((await planRow(draft.id)).status).toBe('draft')
  })

  it('keeps the scheme of delegation as data the admin changes, in versions, per council', async () => {
    const practitioner = await ctx().api('practitioner', 'b')
    const before = await practitioner.get('/api/v1/delegation-scheme')
    expect(before.json()).toMatchObject({ version: 0, isDefault: true })
    expect(before.json().rules).toHaveLength(6)

    const admin = await ctx().api('admin', 'b')
    // Council B delegates less: anything over £100 a week goes to a team manager.
    const saved = await admin.put('/api/v1/delegation-scheme', {
      rules: [
        { when: { anyLineServiceType: ['long term support: nursing care'] }, level: 'panel' },
        { when: { weeklyCostAbovePence: 10_000 }, level: 'team_manager' },
      ],
    })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json()).toMatchObject({
      version: 1,
      rules: [
        { when: { anyLineServiceType: ['Long term support: Nursing care'] }, level: 'panel' },
        { when: { weeklyCostAbovePence: 10_000 }, level: 'team_manager' },
      ],
    })
    expect(
      (await (await ctx().api('practitioner', 'a')).get('/api/v1/delegation-scheme')).json().version,
    ).toBe(0)

    const { request } = await submitted([homeCare(5)], { council: 'b' })
    expect(request).toMatchObject({ route: 'team_manager', ruleNumber: 2, schemeVersion: 1 })
    const small = await submitted([homeCare(4)], { council: 'b' })
    expect(small.request).toMatchObject({ route: 'practitioner', ruleNumber: null, status: 'approved' })
  })

  it.each<[string, object, string]>([
    ['no rules list', {}, 'rules'],
    ['an unknown level', { rules: [{ when: {}, level: 'mayor' }] }, 'rules.0.level'],
    [
      'an unknown service type',
      { rules: [{ when: { anyLineServiceType: ['Spa'] }, level: 'panel' }] },
      'rules.0.when.anyLineServiceType.0',
    ],
    [
      'a cost in pounds',
      { rules: [{ when: { annualCostAbovePence: 15000.5 }, level: 'panel' }] },
      'rules.0.when.annualCostAbovePence',
    ],
    [
      'a negative percentage',
      { rules: [{ when: { weeklyCostAboveIndicativePercent: -1 }, level: 'panel' }] },
      'rules.0.when.weeklyCostAboveIndicativePercent',
    ],
    [
      'a scheme that could route a dearer plan lower',
      {
        rules: [
          { when: { annualCostAbovePence: 1_000_000 }, level: 'team_manager' },
          { when: { annualCostAbovePence: 4_900_000 }, level: 'panel' },
        ],
      },
      'rules',
    ],
  ])('refuses a scheme with %s (422), keeping the one in force', async (_name, body, field) => {
    const admin = await ctx().api('admin')
    const response = await admin.put('/api/v1/delegation-scheme', body)
    expect(response.statusCode, response.body).toBe(422)
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field)
    expect((await admin.get('/api/v1/delegation-scheme')).json().version).toBe(0)
  })

  it.each(['practitioner', 'team_manager', 'head_of_service', 'panel_member', 'analyst'] as Role[])(
    'lets a %s read the scheme but not change it (403)',
    async (role) => {
      const api = await ctx().api(role)
      expect((await api.get('/api/v1/delegation-scheme')).statusCode).toBe(200)
      expect((await api.put('/api/v1/delegation-scheme', { rules: [] })).statusCode).toBe(403)
    },
  )

  it('asks for sign-in before showing the scheme', async () => {
    const response = await ctx().app.inject({ method: 'GET', url: '/api/v1/delegation-scheme' })
    expect(response.statusCode).toBe(401)
  })

  it('lets the admin configure the RAS and read its calibration; no one else', async () => {
    const admin = await ctx().api('admin')
    const config = (await admin.get('/api/v1/ras-configuration')).json()
    expect(config).toMatchObject({ version: 0, isDefault: true, method: 'rate', ratePerPointPence: 600 })
    const bad = await admin.put('/api/v1/ras-configuration', {
      ...config,
      maximumWeeklyPence: -1,
      method: 'dice',
    })
    expect(bad.statusCode).toBe(422)
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['maximumWeeklyPence', 'method'])
    const capBelowFloor = await admin.put('/api/v1/ras-configuration', {
      ...config,
      minimumWeeklyPence: 500,
      maximumWeeklyPence: 100,
    })
    expect(capBelowFloor.json().errors).toEqual([
      { field: 'maximumWeeklyPence', message: 'The maximum must be at least the minimum' },
    ])
    expect((await admin.get('/api/v1/ras-configuration')).json().version).toBe(0)
    const report = await admin.get('/api/v1/ras-configuration/calibration')
    expect(report.statusCode).toBe(200)
    expect(report.json()).toMatchObject({ rasVersion: 0, currentRatePerPointPence: 600 })
    expect(
      (await admin.get('/api/v1/ras-configuration/calibration?approvedSince=yesterday')).statusCode,
    ).toBe(422)
    for (const role of ['practitioner', 'team_manager', 'head_of_service', 'analyst'] as Role[]) {
      const api = await ctx().api(role)
      expect((await api.put('/api/v1/ras-configuration', config)).statusCode).toBe(403)
      expect((await api.get('/api/v1/ras-configuration/calibration')).statusCode).toBe(403)
    }
  })

  it('calibrates the rate on the council’s approved plans', async () => {
    // Council A has approved plans by now: each scores 35 points (or 240 with every outcome).
    const admin = await ctx().api('admin')
    const report = (await admin.get('/api/v1/ras-configuration/calibration')).json()
    const approved = await db()
      .selectFrom('support_plans')
      .select(['approved_weekly_pence'])
      .where('council_id', '=', ctx().councils.a.id)
      .where('status', 'in', ['active', 'superseded'])
      .execute()
    expect(report.n).toBe(approved.length)
    expect(report.fitted).toBe(true)
    expect(report.ratePerPointPence).toBeGreaterThan(0)
    expect(report.meanWeeklyPence).toBeGreaterThan(0)
  })

  it('records the submission and the decision in the audit log', async () => {
    const { person, request } = await submitted([homeCare(10)])
    await decide(request.id, 'team_manager', { outcome: 'approve' })
    const entries = await db()
      .selectFrom('audit_log')
      .select(['action', 'record_type', 'user_id'])
      .where('person_id', '=', person.id)
      .where('record_type', '=', 'funding_request')
      .where('action', '!=', 'read')
      .orderBy('id')
      .execute()
    expect(entries).toEqual([
      { action: 'create', record_type: 'funding_request', user_id: users().practitioner },
      { action: 'update', record_type: 'funding_request', user_id: users().team_manager },
    ])
  })

  it('gives the indicative budget the plan was routed against', async () => {
    const { request } = await submitted([homeCare(10)])
    expect(request).toMatchObject({ indicativeWeeklyPence: TWO_OUTCOMES_WEEKLY_PENCE })
  })
})
