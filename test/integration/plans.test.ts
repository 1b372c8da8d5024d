import { expect, it } from 'vitest'
import type { Role } from '../../src/modules/identity/roles.ts'
import { insertPerson } from '../support/fixtures.ts'
import {
  assessedPerson,
  draftPlan,
  homeCare,
  type PlanJson,
  TWO_OUTCOMES,
  TWO_OUTCOMES_WEEKLY_PENCE,
} from '../support/plan-fixtures.ts'
import { describeOnEachDatabase } from '../support/test-context.ts'

const NOT_CASEWORK: Role[] = ['panel_member', 'finance', 'commissioner', 'analyst', 'admin']
const NOT_READING_PLANS: Role[] = ['finance', 'commissioner', 'analyst', 'admin']

describeOnEachDatabase('support plans and indicative budgets', (ctx) => {
  const db = () => ctx().database.db

  async function countPlans(personId: string) {
    const row = await db()
      .selectFrom('support_plans')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  it('builds a plan from an assessment and gives its indicative budget, explained', async () => {
    const { person, assessmentId } = await assessedPerson(ctx())
    const api = await ctx().api('practitioner')
    const response = await api.post(`/api/v1/people/${person.id}/plans`, {
      assessmentId,
      lines: [
        homeCare(7.5),
        {
          serviceType: 'Long term support: Community',
          serviceComponent: 'Day support',
          deliveryMechanism: 'commissioned',
          unitCostPence: 4500,
          unitsPerWeek: 1,
          costUnit: 'Daily',
          fundingSource: 'person_contribution',
        },
      ],
    })
    expect(response.statusCode, response.body).toBe(201)
    const plan = response.json() as PlanJson
    expect(plan).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      version: 1,
      status: 'draft',
      weeklyCostPence: 18_000 + 4500,
      annualCostPence: 22_500 * 52,
      indicativeBudget: { weeklyPence: TWO_OUTCOMES_WEEKLY_PENCE, points: 35, rasVersion: 0 },
    })
    expect(plan.indicativeBudget.explanation).toEqual([
      expect.objectContaining({ kind: 'outcome', code: 'nutrition', points: 16, pence: 9600 }),
      expect.objectContaining({ kind: 'outcome', code: 'personal_hygiene', points: 19, pence: 11_400 }),
      expect.objectContaining({
        kind: 'question',
        code: 'night_support',
        points: 0,
        pence: 0,
        detail: 'not answered: no points',
      }),
    ])
    expect(plan.lines[1]).toMatchObject({
      fundingSource: 'person_contribution',
      weeklyPence: 4500,
      position: 2,
    })
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('person_id', '=', person.id)
      .where('action', '=', 'create')
      .execute()
    expect(audit.map((a) => a.record_type).sort()).toEqual([
      'assessment',
      'indicative_budget',
      'support_plan',
    ])
  })

  it('accepts Release 1 spellings in any case and plain cost units, and stores the Release 2 strings', async () => {
    const { person, assessmentId } = await assessedPerson(ctx())
    const api = await ctx().api('practitioner')
    const response = await api.post(`/api/v1/people/${person.id}/plans`, {
      assessmentId,
      lines: [
        homeCare(3, 2000, {
          serviceType: 'LONG TERM SUPPORT: COMMUNITY',
          serviceComponent: 'Home Support',
          costUnit: 'per hour',
        }),
        homeCare(1, 3000, {
          serviceType: 'carer support: direct to carer',
          serviceComponent: 'carer respite',
          costUnit: 'weekly',
        }),
      ],
    })
    expect(response.statusCode, response.body).toBe(201)
    expect((response.json() as PlanJson).lines).toEqual([
      expect.objectContaining({
        serviceType: 'Long term support: Community',
        serviceComponent: 'Home support or domiciliary care',
        costUnit: 'Hourly',
      }),
      expect.objectContaining({
        serviceType: 'Unpaid carer support: Direct to unpaid carer',
        serviceComponent: 'Unpaid carer respite',
        costUnit: 'Weekly',
      }),
    ])
  })

  it.each<[string, Record<string, unknown>, string]>([
    ['no assessment', { assessmentId: undefined }, 'assessmentId'],
    ['no lines', { lines: [] }, 'lines'],
    [
      'an unknown service type',
      { lines: [homeCare(1, 100, { serviceType: 'Massage' })] },
      'lines.0.serviceType',
    ],
    [
      'an unknown component',
      { lines: [homeCare(1, 100, { serviceComponent: 'Spa' })] },
      'lines.0.serviceComponent',
    ],
    [
      'an unknown delivery mechanism',
      { lines: [homeCare(1, 100, { deliveryMechanism: 'cash' })] },
      'lines.0.deliveryMechanism',
    ],
    [
      'an unknown funding source',
      { lines: [homeCare(1, 100, { fundingSource: 'lottery' })] },
      'lines.0.fundingSource',
    ],
    ['a negative unit cost', { lines: [homeCare(1, -1)] }, 'lines.0.unitCostPence'],
    ['a unit cost in pounds', { lines: [homeCare(1, 24.5)] }, 'lines.0.unitCostPence'],
    ['no units', { lines: [homeCare(0)] }, 'lines.0.unitsPerWeek'],
    ['units to three places', { lines: [homeCare(1.125)] }, 'lines.0.unitsPerWeek'],
    [
      'an unknown cost unit',
      { lines: [homeCare(1, 100, { costUnit: 'per fortnightish' })] },
      'lines.0.costUnit',
    ],
    [
      'a second line wrong',
      { lines: [homeCare(1), homeCare(1, 100, { costUnit: undefined })] },
      'lines.1.costUnit',
    ],
    ['an answer to no question', { rasAnswers: { favourite_colour: 'blue' } }, 'rasAnswers.favourite_colour'],
    [
      'an answer that is not an option',
      { rasAnswers: { night_support: 'always' } },
      'rasAnswers.night_support',
    ],
  ])('refuses %s with 422 on its field, writing nothing', async (_name, change, field) => {
    const { person, assessmentId } = await assessedPerson(ctx())
    const api = await ctx().api('practitioner')
    const response = await api.post(`/api/v1/people/${person.id}/plans`, {
      assessmentId,
      lines: [homeCare(5)],
      ...change,
    })
    expect(response.statusCode, response.body).toBe(422)
    const fields = (response.json() as { errors: { field: string }[] }).errors.map((e) => e.field)
    expect(fields).toContain(field)
    expect(await countPlans(person.id)).toBe(0)
    const budgets = await db()
      .selectFrom('indicative_budgets')
      .selectAll()
      .where('person_id', '=', person.id)
      .execute()
    expect(budgets).toEqual([])
  })

  it('refuses an assessment that is not complete, not eligible, or someone else’s', async () => {
    const { person } = await assessedPerson(ctx())
    const other = await assessedPerson(ctx())
    const api = await ctx().api('practitioner')
    const open = await api.post(`/api/v1/people/${person.id}/assessments`, TWO_OUTCOMES)
    const notEligible = await api.post(`/api/v1/people/${person.id}/assessments`, {
      ...TWO_OUTCOMES,
      outcomes: { nutrition: ['needs_assistance'] },
    })
    await api.post(`/api/v1/assessments/${notEligible.json().id}/decision`, { confirm: true })
    for (const assessmentId of [open.json().id, notEligible.json().id, other.assessmentId]) {
      const response = await api.post(`/api/v1/people/${person.id}/plans`, {
        assessmentId,
        lines: [homeCare(5)],
      })
      expect(response.statusCode, response.body).toBe(422)
      expect(response.json().errors[0].field).toBe('assessmentId')
    }
    expect(await countPlans(person.id)).toBe(0)
  })

  it.each(NOT_CASEWORK)('refuses to let a %s build or change a plan (403)', async (role) => {
    const { person, assessmentId, plan } = await draftPlan(ctx(), [homeCare(5)])
    const api = await ctx().api(role)
    expect(
      (await api.post(`/api/v1/people/${person.id}/plans`, { assessmentId, lines: [homeCare(5)] }))
        .statusCode,
    ).toBe(403)
    expect((await api.post(`/api/v1/plans/${plan.id}/versions`, { lines: [homeCare(6)] })).statusCode).toBe(
      403,
    )
    expect((await api.post(`/api/v1/assessments/${assessmentId}/indicative-budget`, {})).statusCode).toBe(403)
    expect(await countPlans(person.id)).toBe(1)
  })

  it.each(NOT_READING_PLANS)('refuses to let a %s read plans (403)', async (role) => {
    const { person, plan } = await draftPlan(ctx(), [homeCare(5)])
    const api = await ctx().api(role)
    expect((await api.get(`/api/v1/plans/${plan.id}`)).statusCode).toBe(403)
    expect((await api.get(`/api/v1/people/${person.id}/plans`)).statusCode).toBe(403)
    expect((await api.get(`/api/v1/plans/${plan.id}/statement`)).statusCode).toBe(403)
  })

  it('lets a panel member read a plan they may be asked to decide', async () => {
    const { plan } = await draftPlan(ctx(), [homeCare(5)])
    const api = await ctx().api('panel_member')
    expect((await api.get(`/api/v1/plans/${plan.id}`)).statusCode).toBe(200)
  })

  it('answers 404 to another council for every plan route, and writes nothing there', async () => {
    const { person, assessmentId, plan } = await draftPlan(ctx(), [homeCare(5)])
    const other = await ctx().api('practitioner', 'b')
    const answers = [
      await other.post(`/api/v1/people/${person.id}/plans`, { assessmentId, lines: [homeCare(5)] }),
      await other.get(`/api/v1/people/${person.id}/plans`),
      await other.get(`/api/v1/plans/${plan.id}`),
      await other.post(`/api/v1/plans/${plan.id}/versions`, { lines: [homeCare(6)] }),
      await other.get(`/api/v1/plans/${plan.id}/statement`),
      await other.post(`/api/v1/assessments/${assessmentId}/indicative-budget`, {}),
    ]
    expect(answers.map((a) => a.statusCode)).toEqual([404, 404, 404, 404, 404, 404])
    expect(await countPlans(person.id)).toBe(1)
  })

  it('answers 404 for ids that are not ids', async () => {
    const api = await ctx().api('practitioner')
    expect((await api.get('/api/v1/plans/not-a-plan')).statusCode).toBe(404)
    expect((await api.post('/api/v1/people/nobody/plans', {})).statusCode).toBe(404)
  })

  it('makes a new version for a change and keeps the old one readable', async () => {
    const { plan } = await draftPlan(ctx(), [homeCare(5)])
    const api = await ctx().api('practitioner')
    const changed = await api.post(`/api/v1/plans/${plan.id}/versions`, {
      lines: [homeCare(6), homeCare(1, 5000)],
    })
    expect(changed.statusCode, changed.body).toBe(201)
    const next = changed.json() as PlanJson
    expect(next).toMatchObject({
      version: 2,
      seriesId: plan.seriesId,
      status: 'draft',
      weeklyCostPence: 6 * 2400 + 5000,
    })
    expect(next.indicativeBudget.id).toBe(plan.indicativeBudget.id)
    const old = await api.get(`/api/v1/plans/${plan.id}`)
    expect(old.json()).toMatchObject({ version: 1, status: 'replaced', weeklyCostPence: 5 * 2400 })
    expect(old.json().versions.map((v: { version: number }) => v.version)).toEqual([1, 2])
    // Only the latest version changes.
    const stale = await api.post(`/api/v1/plans/${plan.id}/versions`, { lines: [homeCare(7)] })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().latestVersion).toBe(2)
    const bad = await api.post(`/api/v1/plans/${next.id}/versions`, { lines: [homeCare(7, -5)] })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().errors[0].field).toBe('lines.0.unitCostPence')
    expect((await api.get(`/api/v1/people/${old.json().personId}/plans`)).json()).toHaveLength(2)
  })

  it('gives one indicative budget per assessment, which a change of RAS never changes', async () => {
    // Council B's configuration changes here, so council A's figures elsewhere stay as the default gives them.
    const { person, assessmentId } = await assessedPerson(ctx(), 'b')
    const api = await ctx().api('practitioner', 'b')
    const given = await api.post(`/api/v1/assessments/${assessmentId}/indicative-budget`, {
      answers: { night_support: 'most_nights' },
    })
    expect(given.statusCode, given.body).toBe(201)
    expect(given.json()).toMatchObject({ weeklyPence: (35 + 20) * 600, points: 55, rasVersion: 0 })

    const admin = await ctx().api('admin', 'b')
    const current = (await admin.get('/api/v1/ras-configuration')).json()
    const saved = await admin.put('/api/v1/ras-configuration', { ...current, ratePerPointPence: 1000 })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json().version).toBe(1)

    const again = await api.post(`/api/v1/assessments/${assessmentId}/indicative-budget`, {})
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual(given.json())
    const plan = await api.post(`/api/v1/people/${person.id}/plans`, { assessmentId, lines: [homeCare(5)] })
    expect(plan.json().indicativeBudget).toMatchObject({
      id: given.json().id,
      weeklyPence: 33_000,
      rasVersion: 0,
    })

    // A new assessment is budgeted by the new version.
    const fresh = await assessedPerson(ctx(), 'b')
    const newer = await api.post(`/api/v1/assessments/${fresh.assessmentId}/indicative-budget`, {})
    expect(newer.json()).toMatchObject({ weeklyPence: 35 * 1000, rasVersion: 1 })
  })

  it('refuses a budget for an assessment that is not complete', async () => {
    const person = await insertPerson(ctx().database, ctx().councils.a.id)
    const api = await ctx().api('practitioner')
    const open = await api.post(`/api/v1/people/${person.id}/assessments`, TWO_OUTCOMES)
    const response = await api.post(`/api/v1/assessments/${open.json().id}/indicative-budget`, {})
    expect(response.statusCode).toBe(422)
    expect(response.json().errors[0].field).toBe('assessmentId')
    const badAnswers = await api.post(`/api/v1/assessments/${open.json().id}/indicative-budget`, {
      answers: ['x'],
    })
    expect(badAnswers.statusCode).toBe(422)
  })

  it('audits reads of a plan', async () => {
    const { person, plan } = await draftPlan(ctx(), [homeCare(5)])
    const api = await ctx().api('team_manager')
    await api.get(`/api/v1/plans/${plan.id}`)
    const reads = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('person_id', '=', person.id)
      .where('action', '=', 'read')
      .where('record_type', '=', 'support_plan')
      .execute()
    expect(reads.map((r) => r.user_id)).toContain(ctx().councils.a.users.team_manager)
  })
})
