import { expect, it } from 'vitest'
import { can, ROLES } from '../../src/modules/identity/roles.ts'
import { accountOpenedFirstOfJune } from '../support/account-fixtures.ts'
import { isoDateBoxes } from '../support/date-boxes.ts'
import { type CouncilKey, describeOnEachDatabase } from '../support/test-context.ts'
import { auditRowsFor } from '../support/written-records.ts'

describeOnEachDatabase('budget accounts closed when support ends', (ctx) => {
  /** An account opened on 1 June 2026 with £576 paid in on 2 June and £200 spent on 10 June. */
  async function account(council: CouncilKey = 'a') {
    const id = await accountOpenedFirstOfJune(ctx(), council)
    const finance = await ctx().api('finance', council)
    const batch = await finance.post(`/api/v1/accounts/${id}/transactions/batch`, {
      transactions: [
        { kind: 'payment', amountPence: 57_600, occurredOn: '2026-06-02' },
        { kind: 'spend', amountPence: 20_000, occurredOn: '2026-06-10' },
      ],
    })
    expect(batch.statusCode, batch.body).toBe(201)
    return id
  }
  const row = (id: string) =>
    ctx().database.db.selectFrom('budget_accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

  it('claws back what is held on the closing day, and moves no money after', async () => {
    const id = await account()
    const finance = await ctx().api('finance')
    const early = await finance.post(`/api/v1/accounts/${id}/close`, {
      closedOn: '2026-06-05',
      reason: 'The person died.',
    })
    expect(early.statusCode).toBe(422)
    expect(early.json().errors).toEqual([
      {
        field: 'closedOn',
        message: 'Date the account closed must be on or after its last transaction, 10 June 2026',
      },
    ])
    const noReason = await finance.post(`/api/v1/accounts/${id}/close`, { closedOn: '2026-06-12' })
    expect(noReason.json().errors).toEqual([{ field: 'reason', message: 'Enter why the account is closing' }])
    expect((await row(id)).closed_on).toBeNull()

    const closed = await finance.post(`/api/v1/accounts/${id}/close`, {
      closedOn: '2026-06-12',
      reason: 'The person died.',
    })
    expect(closed.statusCode, closed.body).toBe(200)
    expect(closed.json()).toMatchObject({
      clawedBackPence: 37_600,
      account: { heldPence: 0, closedOn: '2026-06-12', closedReason: 'The person died.', concerns: [] },
    })
    expect(await row(id)).toMatchObject({
      closed_on: '2026-06-12',
      closed_by: ctx().councils.a.users.finance,
    })
    expect((await auditRowsFor(ctx().database, id)).some((a) => a.action === 'update')).toBe(true)

    const after = await finance.post(`/api/v1/accounts/${id}/transactions`, {
      kind: 'payment',
      amountPence: 100,
      occurredOn: '2026-06-15',
    })
    expect(after.statusCode).toBe(409)
    expect(
      (await finance.post(`/api/v1/accounts/${id}/close`, { closedOn: '2026-06-15', reason: 'Again.' }))
        .statusCode,
    ).toBe(409)
    const list = (await finance.get('/api/v1/accounts')).json()
    expect(list.accounts.at(-1)).toMatchObject({ id, closedOn: '2026-06-12' })
  })

  it('works on pages: the form with its errors, then the closed account', async () => {
    const id = await account()
    const browser = await ctx().browser('finance')
    const form = await browser.get(`/accounts/${id}/close`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('The account holds £376.00. Closing it records a clawback')
    const wrong = await browser.post(`/accounts/${id}/close`, {
      ...isoDateBoxes('closedOn', '2026-06-31'),
      reason: '',
    })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('govuk-error-summary')
    expect(wrong.body).toContain('Enter why the account is closing')
    const done = await browser.post(`/accounts/${id}/close`, {
      ...isoDateBoxes('closedOn', '2026-06-15'),
      reason: 'Moved to a managed budget.',
    })
    expect(done.statusCode, done.body).toBe(303)
    const page = await browser.get(done.headers.location as string)
    expect(page.body).toContain('Account closed.')
    expect(page.body).toContain('Closed on 15 June 2026: Moved to a managed budget.')
    expect(page.body).not.toContain('Record a transaction')
  })

  it('is for finance and heads of service, in their own council', async () => {
    const id = await account()
    const body = { closedOn: '2026-06-15', reason: 'Ended.' }
    for (const role of ROLES) {
      if (can(role, 'accounts')) continue
      expect(
        (await (await ctx().api(role)).post(`/api/v1/accounts/${id}/close`, body)).statusCode,
        role,
      ).toBe(403)
      expect((await (await ctx().browser(role)).get(`/accounts/${id}/close`)).statusCode, role).toBe(403)
    }
    expect(
      (await (await ctx().api('finance', 'b')).post(`/api/v1/accounts/${id}/close`, body)).statusCode,
    ).toBe(404)
    expect((await (await ctx().browser('finance', 'b')).get(`/accounts/${id}/close`)).statusCode).toBe(404)
    expect((await row(id)).closed_on).toBeNull()
  })
})
