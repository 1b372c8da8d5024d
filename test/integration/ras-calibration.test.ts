import { expect, it } from 'vitest'
import { calibrateCouncil } from '../../src/modules/budgets/ras-command.ts'
import { currentRasConfig } from '../../src/modules/budgets/store.ts'
import type { Role } from '../../src/modules/identity/roles.ts'
import { draftPlan, EVERY_OUTCOME, TWO_OUTCOMES } from '../support/plan-fixtures.ts'
import { describeOnEachDatabase } from '../support/test-context.ts'

const weekly = (pence: number) => ({
  serviceType: 'Long term support: Community',
  deliveryMechanism: 'managed_budget',
  unitCostPence: pence,
  unitsPerWeek: 1,
  costUnit: 'Weekly',
})

describeOnEachDatabase('ascend ras calibrate', (ctx) => {
  it('reports too few plans, then fits the rate on approved plans and saves it with --apply', async () => {
    const out: string[] = []
    expect(await calibrateCouncil(ctx().database, 'testa', { apply: true }, (l) => out.push(l))).toBe(1)
    expect(out.at(-1)).toBe(
      '  Only 0 approved plans with an assessment: at least 5 are needed to fit a rate.',
    )

    // Plans approved at exactly £5 a point: 35 points (practitioner's delegation) and 240 points (the panel's).
    const approve = async (assessment: object, pence: number, decider: Role | null) => {
      const { plan } = await draftPlan(ctx(), [weekly(pence)], { assessment })
      const api = await ctx().api('practitioner')
      const request = (await api.post(`/api/v1/plans/${plan.id}/funding-requests`, {})).json()
      if (decider) {
        const decided = await (await ctx().api(decider)).post(
          `/api/v1/funding-requests/${request.id}/decision`,
          {
            outcome: 'approve',
          },
        )
        expect(decided.statusCode, decided.body).toBe(200)
      } else expect(request.status).toBe('approved')
    }
    for (let i = 0; i < 3; i++) await approve(TWO_OUTCOMES, 35 * 500, null)
    for (let i = 0; i < 3; i++) await approve(EVERY_OUTCOME, 240 * 500, 'panel_member')

    out.length = 0
    expect(await calibrateCouncil(ctx().database, 'TESTA', { apply: false }, (l) => out.push(l))).toBe(0)
    expect(out).toEqual([
      'Calibrating the resource allocation system of Test council A (TESTA)',
      '  RAS in force:            ASCEND’s starting configuration',
      '  Rate per point now:      £6.00 a week',
      '  Approved plans used:     6',
      '  Fitted rate per point:   £5.00 a week',
      '  R²:                      1.000',
      '  Mean absolute error:     £0.00 a week',
      `  Mean amount approved:    ${((3 * 17_500 + 3 * 120_000) / 6 / 100).toLocaleString('en-GB', { style: 'currency', currency: 'GBP' })} a week`,
      'Run again with --apply to save the fitted rate as a new version.',
    ])
    expect((await currentRasConfig(ctx().database.db, ctx().councils.a.id)).version).toBe(0)

    out.length = 0
    expect(await calibrateCouncil(ctx().database, 'TESTA', { apply: true }, (l) => out.push(l))).toBe(0)
    expect(out.at(-1)).toBe('Saved as version 1 of the council’s RAS. Budgets already given keep theirs.')
    const saved = await currentRasConfig(ctx().database.db, ctx().councils.a.id)
    expect(saved).toMatchObject({ version: 1, config: { method: 'rate', ratePerPointPence: 500 } })
    expect(saved.note).toBe('Rate calibrated on 6 approved plans (R² 1.00)')
    const audit = await ctx()
      .database.db.selectFrom('audit_log')
      .selectAll()
      .where('record_type', '=', 'ras_configuration')
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ user_id: null, council_id: ctx().councils.a.id })

    // Plans approved since a date after today leave nothing to fit.
    out.length = 0
    await calibrateCouncil(ctx().database, 'TESTA', { since: '2030-01-01', apply: false }, (l) => out.push(l))
    expect(out[3]).toBe('  Approved plans used:     0 (approved since 2030-01-01)')
  })
})
