import { expect } from 'vitest'
import { draftPlan, homeCare } from './plan-fixtures.ts'
import type { CouncilKey, TestContext } from './test-context.ts'

/**
 * A direct payment account opened on 1 June 2026 (a fortnight before the
 * tests' today) for a plan of 7 hours' home care a week, approved by the
 * practitioner; the plan is made active from 1 June so the account can have
 * a history before today.
 *
 * @example
 * const id = await accountOpenedFirstOfJune(ctx())
 */
export async function accountOpenedFirstOfJune(ctx: TestContext, council: CouncilKey = 'a'): Promise<string> {
  const { plan } = await draftPlan(ctx, [homeCare(7, 2400, { deliveryMechanism: 'direct_payment' })], {
    council,
  })
  const submitted = await (await ctx.api('practitioner', council)).post(
    `/api/v1/plans/${plan.id}/funding-requests`,
    {},
  )
  expect(submitted.json().status).toBe('approved')
  await ctx.database.db
    .updateTable('support_plans')
    .set({ active_from: '2026-06-01' })
    .where('id', '=', plan.id)
    .execute()
  const opened = await (await ctx.api('finance', council)).post('/api/v1/accounts', {
    planId: plan.id,
    kind: 'direct_payment',
    holder: 'Ann Example',
    openedOn: '2026-06-01',
  })
  expect(opened.statusCode, opened.body).toBe(201)
  return opened.json().id as string
}
