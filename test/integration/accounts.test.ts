import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { addDays } from '../../src/kernel/dates.ts'
import { can, ROLES } from '../../src/modules/identity/roles.ts'
import { dateBoxes } from '../support/date-boxes.ts'
import { activePlan, homeCare } from '../support/plan-fixtures.ts'
import { describeOnEachDatabase } from '../support/test-context.ts'
import { auditRowsFor } from '../support/written-records.ts'

const opening = (planId: string, today: string, kind = 'direct_payment') => ({
  planId,
  kind,
  holder: 'Ann Example',
  openedOn: today,
})

describeOnEachDatabase('budget accounts', (ctx) => {
  async function openedAccount(council: 'a' | 'b' = 'a') {
    const { person, plan } = await activePlan(ctx(), council)
    const finance = await ctx().api('finance', council)
    const opened = await finance.post('/api/v1/accounts', opening(plan.id, ctx().today))
    expect(opened.statusCode, opened.body).toBe(201)
    return { person, plan, account: opened.json() as { id: string; heldPence: number } }
  }

  it('lists an active plan held as a direct payment until an account is opened for it, once', async () => {
    const { person, plan } = await activePlan(ctx())
    const finance = await ctx().api('finance')
    const awaiting = (await finance.get('/api/v1/accounts')).json().awaiting as { planId: string }[]
    expect(awaiting.find((a) => a.planId === plan.id)).toMatchObject({
      personId: person.id,
      kind: 'direct_payment',
      weeklyPence: 16_800,
      providers: 'Caring Hands Ltd',
    })

    const opened = await finance.post('/api/v1/accounts', {
      ...opening(plan.id, ctx().today),
      contingencyWeeks: 2,
    })
    expect(opened.statusCode, opened.body).toBe(201)
    expect(opened.json()).toMatchObject({
      personId: person.id,
      planId: plan.id,
      kind: 'direct_payment',
      holder: 'Ann Example',
      weeklyPence: 16_800,
      contingencyWeeks: 2,
      contingencyPence: 33_600,
      heldPence: 0,
      concerns: [],
    })
    const listed = (await finance.get('/api/v1/accounts')).json()
    expect(listed.awaiting.some((a: { planId: string }) => a.planId === plan.id)).toBe(false)
    expect(listed.accounts.some((a: { id: string }) => a.id === opened.json().id)).toBe(true)

    const again = await finance.post('/api/v1/accounts', opening(plan.id, ctx().today))
    expect(again.statusCode).toBe(409)
    const audit = await auditRowsFor(ctx().database, opened.json().id)
    expect(audit.map((row) => row.action)).toContain('create')
  })

  it('keeps the account when the plan is revised: the new version is not waiting, and its budget is the account’s', async () => {
    const { plan, account } = await openedAccount()
    const practitioner = await ctx().api('practitioner')
    const revised = await practitioner.post(`/api/v1/plans/${plan.id}/versions`, { lines: [homeCare(6)] })
    expect(revised.statusCode, revised.body).toBe(201)
    const next = revised.json() as { id: string }
    const approved = await practitioner.post(`/api/v1/plans/${next.id}/funding-requests`, {})
    expect(approved.json()).toMatchObject({ status: 'approved' })

    const finance = await ctx().api('finance')
    const listed = (await finance.get('/api/v1/accounts')).json()
    expect(listed.awaiting.some((a: { planId: string }) => a.planId === next.id)).toBe(false)
    expect((await finance.get(`/api/v1/accounts/${account.id}`)).json()).toMatchObject({
      planId: next.id,
      planVersion: 2,
      weeklyPence: 6 * 2400,
      contingencyPence: 8 * 6 * 2400,
    })
    expect((await finance.post('/api/v1/accounts', opening(next.id, ctx().today))).statusCode).toBe(409)
  })

  it('opens one account when two finance officers open it at once', async () => {
    const { plan } = await activePlan(ctx())
    const finance = await ctx().api('finance')
    const both = await Promise.all([
      finance.post('/api/v1/accounts', opening(plan.id, ctx().today)),
      finance.post('/api/v1/accounts', opening(plan.id, ctx().today)),
    ])
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409])
    const accounts = await ctx()
      .database.db.selectFrom('budget_accounts')
      .where('plan_id', '=', plan.id)
      .execute()
    expect(accounts.length).toBe(1)
  })

  it('keeps the ledger: payments, spending, refunds and clawback, never overdrawn', async () => {
    const { account } = await openedAccount()
    const finance = await ctx().api('finance')
    const post = (kind: string, amountPence: number, occurredOn = ctx().today) =>
      finance.post(`/api/v1/accounts/${account.id}/transactions`, { kind, amountPence, occurredOn })
    const held = async () => (await finance.get(`/api/v1/accounts/${account.id}`)).json().heldPence as number

    expect((await post('payment', 67_200)).json().account).toMatchObject({
      heldPence: 67_200,
      paidInPence: 67_200,
    })
    expect((await post('spend', 20_000)).statusCode).toBe(201)
    const overdrawn = await post('spend', 47_201)
    expect(overdrawn.statusCode).toBe(422)
    expect(overdrawn.json().errors).toEqual([
      { field: 'amountPence', message: 'The amount must be no more than the money held, £472.00' },
    ])
    const overRefunded = await post('refund', 20_001)
    expect(overRefunded.json().errors[0].message).toBe(
      'A refund must be no more than the money spent, £200.00',
    )
    expect((await post('refund', 5_000)).statusCode).toBe(201)
    expect((await post('clawback', 52_201)).statusCode).toBe(422)
    expect((await post('clawback', 2_200)).json().account).toMatchObject({
      heldPence: 50_000,
      spentPence: 15_000,
      paidInPence: 65_000,
    })
    expect(await held()).toBe(50_000)

    const statement = (await finance.get(`/api/v1/accounts/${account.id}`)).json()
    expect(
      statement.transactions.map((t: { kind: string; heldAfterPence: number }) => [t.kind, t.heldAfterPence]),
    ).toEqual([
      ['payment', 67_200],
      ['spend', 47_200],
      ['refund', 52_200],
      ['clawback', 50_000],
    ])
    const postings = await sql<{ ledger: string; total: string }>`
      SELECT ledger, sum(amount_pence) AS total FROM budget_postings WHERE account_id = ${account.id}
      GROUP BY ledger ORDER BY ledger`.execute(ctx().database.db)
    expect(postings.rows.map((r) => [r.ledger, Number(r.total)])).toEqual([
      ['council', -65_000],
      ['held', 50_000],
      ['spent', 15_000],
    ])
    // A surplus over 8 weeks' contingency (£1,344.00) once more is held.
    expect((await post('payment', 84_401)).json().account.concerns).toMatchObject([
      { code: 'surplus', surplusPence: 1 },
    ])
  })

  it('gives a statement for a period: the money held at its start and end, and what happened in it', async () => {
    const { account } = await openedAccount()
    const finance = await ctx().api('finance')
    const day = (offset: number) => addDays(ctx().today, offset)
    await ctx()
      .database.db.updateTable('budget_accounts')
      .set({ opened_on: day(-200) })
      .where('id', '=', account.id)
      .execute()
    for (const [kind, amountPence, offset] of [
      ['payment', 67_200, -150],
      ['spend', 60_000, -40],
      ['payment', 67_200, -39],
      ['refund', 1_000, -20],
      ['clawback', 5_000, 0],
    ] as const) {
      const posted = await finance.post(`/api/v1/accounts/${account.id}/transactions`, {
        kind,
        amountPence,
        occurredOn: day(offset),
      })
      expect(posted.statusCode, posted.body).toBe(201)
    }
    const statement = async (query: string) =>
      (await finance.get(`/api/v1/accounts/${account.id}/statement${query}`)).json()
    // By default the last 91 days: the first payment is before them.
    expect(await statement('')).toMatchObject({
      from: day(-90),
      to: ctx().today,
      openingPence: 67_200,
      inPence: 68_200,
      outPence: 65_000,
      closingPence: 70_400,
    })
    const period = await statement(`?from=${day(-40)}&to=${day(-20)}`)
    expect(period).toMatchObject({ openingPence: 67_200, closingPence: 75_400 })
    expect(
      period.lines.map((l: { kind: string; heldAfterPence: number }) => [l.kind, l.heldAfterPence]),
    ).toEqual([
      ['spend', 7_200],
      ['payment', 74_400],
      ['refund', 75_400],
    ])
    expect(period.lines[0]).not.toHaveProperty('recordedBy')

    const refused = await finance.get(
      `/api/v1/accounts/${account.id}/statement?from=${day(-1)}&to=${day(-2)}`,
    )
    expect(refused.statusCode).toBe(422)
    expect(refused.json().errors).toEqual([
      { field: 'to', message: 'End of the statement must be on or after its start' },
    ])
    const future = await finance.get(`/api/v1/accounts/${account.id}/statement?to=${day(1)}`)
    expect(future.json().errors[0].field).toBe('to')

    const browser = await ctx().browser('finance')
    const [d, m, y] = day(-40).split('-').reverse()
    const page = await browser.get(
      `/accounts/${account.id}/statement?from-day=${d}&from-month=${m}&from-year=${y}&to-day=&to-month=&to-year=`,
    )
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Held at the start')
    expect(page.body).toContain('£672.00')
    const wrong = await browser.get(
      `/accounts/${account.id}/statement?from-day=31&from-month=2&from-year=${y}`,
    )
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('There is a problem')
  })

  it('puts the person of an account the checks flag on the reviews list, for a practitioner to review', async () => {
    const { account, person } = await openedAccount()
    const head = await ctx().api('head_of_service')
    const flagged = async () =>
      (
        (await head.get('/api/v1/reviews/overdue?team=all')).json().accountsFlagged as { personId: string }[]
      ).find((r) => r.personId === person.id)
    expect(await flagged()).toBeUndefined()
    await (await ctx().api('finance')).post(`/api/v1/accounts/${account.id}/transactions`, {
      kind: 'payment',
      amountPence: 134_401,
      occurredOn: ctx().today,
    })
    expect(await flagged()).toMatchObject({
      concerns: [{ kindLabel: 'Direct payment', text: 'Surplus of £0.01 over 8 weeks’ contingency' }],
    })
    const page = await (await ctx().browser('head_of_service')).get('/reviews/overdue?team=all')
    expect(page.body).toContain('Budget accounts finance’s checks flag')
    expect(page.body).toContain('Direct payment: Surplus of £0.01 over 8 weeks’ contingency')
    expect(page.body).toContain(`/people/${person.id}/reviews/new`)
  })

  it('asks for a return when nothing has been spent for eight weeks', async () => {
    const { account } = await openedAccount()
    const finance = await ctx().api('finance')
    await ctx()
      .database.db.updateTable('budget_accounts')
      .set({ opened_on: addDays(ctx().today, -56) })
      .where('id', '=', account.id)
      .execute()
    expect((await finance.get(`/api/v1/accounts/${account.id}`)).json().concerns).toMatchObject([
      { code: 'return_due' },
    ])
    const spent = async (occurredOn: string) => {
      await finance.post(`/api/v1/accounts/${account.id}/transactions`, {
        kind: 'payment',
        amountPence: 100,
        occurredOn,
      })
      await finance.post(`/api/v1/accounts/${account.id}/transactions`, {
        kind: 'spend',
        amountPence: 100,
        occurredOn,
      })
      return (await finance.get(`/api/v1/accounts/${account.id}`)).json().concerns
    }
    expect(await spent(addDays(ctx().today, -56))).toMatchObject([{ code: 'return_due' }])
    expect(await spent(addDays(ctx().today, -55))).toEqual([])
  })

  it.each([
    [{}, ['planId', 'kind', 'holder', 'openedOn']],
    [
      { kind: 'cash', holder: 'x'.repeat(201), openedOn: '2099-01-01', contingencyWeeks: 53 },
      ['planId', 'kind', 'holder', 'contingencyWeeks', 'openedOn'],
    ],
  ])('refuses to open an account from %j, naming %j', async (body, fields) => {
    const response = await (await ctx().api('finance')).post('/api/v1/accounts', body)
    expect(response.statusCode).toBe(422)
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(fields)
  })

  it('refuses an account opened before its plan started, or for a plan not held as money', async () => {
    const { plan } = await activePlan(ctx())
    const finance = await ctx().api('finance')
    const early = await finance.post('/api/v1/accounts', {
      ...opening(plan.id, ctx().today),
      openedOn: addDays(ctx().today, -1),
    })
    expect(early.statusCode).toBe(422)
    expect(early.json().errors[0].field).toBe('openedOn')
    const isf = await finance.post(
      '/api/v1/accounts',
      opening(plan.id, ctx().today, 'individual_service_fund'),
    )
    expect(isf.statusCode).toBe(404)
    const commissioned = await activePlan(ctx(), 'a', 'commissioned')
    expect(
      (await finance.post('/api/v1/accounts', opening(commissioned.plan.id, ctx().today))).statusCode,
    ).toBe(404)
  })

  it.each([
    [{}, ['kind', 'amountPence', 'occurredOn']],
    [
      { kind: 'gift', amountPence: 0, occurredOn: '2099-01-01', description: 'x'.repeat(501) },
      ['kind', 'amountPence', 'occurredOn', 'description'],
    ],
    [{ kind: 'payment', amountPence: 12.5, occurredOn: '2026-02-30' }, ['amountPence', 'occurredOn']],
    [{ kind: 'payment', amountPence: 100_000_001, occurredOn: '2026-06-01' }, ['amountPence']],
  ])('refuses the transaction %j, naming %j, and changes nothing', async (body, fields) => {
    const { account } = await openedAccount()
    const finance = await ctx().api('finance')
    const response = await finance.post(`/api/v1/accounts/${account.id}/transactions`, body)
    expect(response.statusCode).toBe(422)
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(fields)
    expect((await finance.get(`/api/v1/accounts/${account.id}`)).json().transactions).toEqual([])
  })

  it('refuses a transaction dated before the account opened', async () => {
    const { account } = await openedAccount()
    const response = await (await ctx().api('finance')).post(`/api/v1/accounts/${account.id}/transactions`, {
      kind: 'payment',
      amountPence: 100,
      occurredOn: addDays(ctx().today, -1),
    })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors[0].field).toBe('occurredOn')
  })

  it('keeps the ledger in the database too: postings that do not balance, and changes, are refused', async () => {
    const { account } = await openedAccount()
    await (await ctx().api('finance')).post(`/api/v1/accounts/${account.id}/transactions`, {
      kind: 'payment',
      amountPence: 1_000,
      occurredOn: ctx().today,
    })
    const db = ctx().database.db
    const transaction = await db
      .selectFrom('budget_transactions')
      .select(['id', 'council_id', 'recorded_by'])
      .where('account_id', '=', account.id)
      .executeTakeFirstOrThrow()
    await expect(
      db.transaction().execute(async (tx) => {
        const row = await tx
          .insertInto('budget_transactions')
          .values({
            council_id: transaction.council_id,
            account_id: account.id,
            kind: 'spend',
            amount_pence: 5_000,
            occurred_on: ctx().today,
            description: null,
            recorded_by: transaction.recorded_by,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        // More spent than held: balanced, but the account would hold less than nothing.
        await tx
          .insertInto('budget_postings')
          .values([
            {
              council_id: transaction.council_id,
              transaction_id: row.id,
              account_id: account.id,
              ledger: 'spent',
              amount_pence: 5_000,
            },
            {
              council_id: transaction.council_id,
              transaction_id: row.id,
              account_id: account.id,
              ledger: 'held',
              amount_pence: -5_000,
            },
          ])
          .execute()
      }),
    ).rejects.toMatchObject({ code: '23514' })
    await expect(
      db.transaction().execute(async (tx) => {
        await tx
          .insertInto('budget_postings')
          .values({
            council_id: transaction.council_id,
            transaction_id: transaction.id,
            account_id: account.id,
            ledger: 'spent',
            amount_pence: 1,
          })
          .execute()
      }),
    ).rejects.toMatchObject({ code: '23514' })
    await expect(
      db
        .updateTable('budget_transactions')
        .set({ amount_pence: 1 })
        .where('id', '=', transaction.id)
        .execute(),
    ).rejects.toMatchObject({ code: '55000' })
    await expect(
      db.deleteFrom('budget_postings').where('transaction_id', '=', transaction.id).execute(),
    ).rejects.toMatchObject({ code: '55000' })
  })

  it('opens an account and records money through the pages, with errors shown as GOV.UK summaries', async () => {
    const { person, plan } = await activePlan(ctx())
    const browser = await ctx().browser('finance')
    const list = await browser.get('/accounts')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain(`/accounts/open?plan=${plan.id}&amp;kind=direct_payment`)

    const form = await browser.get(`/accounts/open?plan=${plan.id}&kind=direct_payment`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Open a direct payment account')
    expect(form.body).toContain('value="8"')
    const [d, m, y] = ctx().today.split('-').reverse()
    const bad = await browser.post('/accounts/open', {
      planId: plan.id,
      kind: 'direct_payment',
      holder: '',
      contingencyWeeks: 'four',
      ...dateBoxes('openedOn', '31', '2', String(y)),
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('There is a problem')
    expect(bad.body).toContain('Enter who holds the money')
    expect(bad.body).toContain('Enter the contingency as a whole number of weeks')
    expect(
      await ctx().database.db.selectFrom('budget_accounts').where('plan_id', '=', plan.id).execute(),
    ).toEqual([])

    const opened = await browser.post('/accounts/open', {
      planId: plan.id,
      kind: 'direct_payment',
      holder: 'Ann Example',
      contingencyWeeks: '4',
      ...dateBoxes('openedOn', String(d), String(m), String(y)),
    })
    expect(opened.statusCode, opened.body).toBe(303)
    const url = opened.headers.location as string
    expect(url).toMatch(/^\/accounts\/[0-9a-f-]{36}\?done=opened$/)
    const page = await browser.get(url)
    expect(page.body).toContain('Account opened.')
    expect(page.body).toContain('No transactions recorded yet.')
    const accountUrl = url.split('?')[0] as string

    const wrong = await browser.post(`${accountUrl}/transactions/new`, {
      kind: 'payment',
      amount: '12.345',
      ...dateBoxes('occurredOn', String(d), String(m), String(y)),
    })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('Enter the amount in pounds and pence, like 150.00')
    const overdrawn = await browser.post(`${accountUrl}/transactions/new`, {
      kind: 'spend',
      amount: '10',
      ...dateBoxes('occurredOn', String(d), String(m), String(y)),
    })
    expect(overdrawn.statusCode).toBe(422)
    expect(overdrawn.body).toContain('href="#amount"')
    expect(overdrawn.body).toContain('The amount must be no more than the money held, £0.00')

    const paid = await browser.post(`${accountUrl}/transactions/new`, {
      kind: 'payment',
      amount: '£672.00',
      description: 'Four weeks from the start of the plan',
      ...dateBoxes('occurredOn', String(d), String(m), String(y)),
    })
    expect(paid.statusCode).toBe(303)
    const statement = await browser.get(paid.headers.location as string)
    expect(statement.body).toContain('Payment in recorded.')
    expect(statement.body).toContain('Four weeks from the start of the plan')
    expect(statement.body).toContain('£672.00')
    const reads = await auditRowsFor(ctx().database, accountUrl.split('/')[2] as string)
    expect(reads.some((row) => row.action === 'read' && row.person_id === person.id)).toBe(true)
  })

  it('answers 403 to every role without the permission, pages and API, and sends the signed-out to sign in', async () => {
    const { account, plan } = await openedAccount()
    const routes = [
      { method: 'GET', url: '/accounts' },
      { method: 'GET', url: `/accounts/open?plan=${plan.id}&kind=direct_payment` },
      { method: 'POST', url: '/accounts/open' },
      { method: 'GET', url: `/accounts/${account.id}` },
      { method: 'GET', url: `/accounts/${account.id}/transactions/new` },
      { method: 'GET', url: `/accounts/${account.id}/statement` },
      { method: 'POST', url: `/accounts/${account.id}/transactions/new` },
      { method: 'GET', url: '/api/v1/accounts' },
      { method: 'POST', url: '/api/v1/accounts' },
      { method: 'GET', url: `/api/v1/accounts/${account.id}` },
      { method: 'GET', url: `/api/v1/accounts/${account.id}/statement` },
      { method: 'POST', url: `/api/v1/accounts/${account.id}/transactions` },
    ] as const
    const before = await ctx().database.db.selectFrom('budget_transactions').select('id').execute()
    for (const role of ROLES.filter((r) => !can(r, 'accounts'))) {
      const api = await ctx().api(role)
      const browser = await ctx().browser(role)
      for (const route of routes) {
        const isApi = route.url.startsWith('/api/')
        const response = isApi
          ? route.method === 'GET'
            ? await api.get(route.url)
            : await api.post(route.url, { kind: 'payment', amountPence: 1, occurredOn: ctx().today })
          : route.method === 'GET'
            ? await browser.get(route.url)
            : await browser.post(route.url, { kind: 'payment', amount: '1' })
        expect(response.statusCode, `${role} ${route.method} ${route.url}`).toBe(403)
      }
    }
    for (const route of routes) {
      const response = await ctx().app.inject({ method: route.method, url: route.url })
      const expected = route.url.startsWith('/api/') ? 401 : route.method === 'GET' ? 302 : 403
      expect(response.statusCode, `signed out ${route.method} ${route.url}`).toBe(expected)
    }
    expect(await ctx().database.db.selectFrom('budget_transactions').select('id').execute()).toEqual(before)
    // A head of service reads them too.
    expect(
      (await (await ctx().api('head_of_service')).get(`/api/v1/accounts/${account.id}`)).statusCode,
    ).toBe(200)
  })

  it('answers 404 to the other council for council A’s account and plan, and lists nothing of A', async () => {
    const { account, plan, person } = await openedAccount()
    const b = await ctx().api('finance', 'b')
    const browserB = await ctx().browser('finance', 'b')
    expect((await b.get(`/api/v1/accounts/${account.id}`)).statusCode).toBe(404)
    expect(
      (
        await b.post(`/api/v1/accounts/${account.id}/transactions`, {
          kind: 'payment',
          amountPence: 1,
          occurredOn: ctx().today,
        })
      ).statusCode,
    ).toBe(404)
    expect((await b.post('/api/v1/accounts', opening(plan.id, ctx().today))).statusCode).toBe(404)
    expect((await browserB.get(`/accounts/${account.id}`)).statusCode).toBe(404)
    expect((await browserB.get(`/accounts/${account.id}/transactions/new`)).statusCode).toBe(404)
    expect((await browserB.get(`/accounts/${account.id}/statement`)).statusCode).toBe(404)
    expect((await b.get(`/api/v1/accounts/${account.id}/statement`)).statusCode).toBe(404)
    expect((await browserB.get(`/accounts/open?plan=${plan.id}&kind=direct_payment`)).statusCode).toBe(404)
    const listed = await b.get('/api/v1/accounts')
    expect(listed.body).not.toContain(account.id)
    expect(listed.body).not.toContain(person.id)
    expect((await (await ctx().api('finance')).get(`/api/v1/accounts/${account.id}`)).json().heldPence).toBe(
      0,
    )
  })

  it('lists accounts needing attention first, a page at a time, and refuses a page that is not a number', async () => {
    await openedAccount() // one that needs nothing
    const { account } = await openedAccount()
    const finance = await ctx().api('finance')
    // A surplus: 8 weeks' contingency of £168 a week is £1,344.
    await finance.post(`/api/v1/accounts/${account.id}/transactions`, {
      kind: 'payment',
      amountPence: 134_401,
      occurredOn: ctx().today,
    })
    const first = (await finance.get('/api/v1/accounts')).json()
    expect(first.accounts.find((a: { id: string }) => a.id === account.id)).toMatchObject({
      concerns: [{ code: 'surplus' }],
    })
    // Other tests' accounts are here too: a surplus first, then a return due, then the rest.
    const ranks = first.accounts.map((a: { concerns: { code: string }[] }) =>
      a.concerns.some((c) => c.code === 'surplus') ? 0 : a.concerns.length > 0 ? 1 : 2,
    )
    expect(ranks).toEqual([...ranks].sort())
    expect(ranks).toContain(2)
    expect(first).toMatchObject({ page: 1, pages: 1 })
    expect(first.needingAttention).toBeGreaterThanOrEqual(1)
    expect(first.total).toBe(first.accounts.length)
    const beyond = (await finance.get('/api/v1/accounts?page=2')).json()
    expect(beyond).toMatchObject({ accounts: [], page: 2, total: first.total })
    expect((await (await ctx().browser('finance')).get('/accounts?page=2')).body).toContain(
      'Go to the first page',
    )
    for (const page of ['0', 'two', '1.5']) {
      const refused = await finance.get(`/api/v1/accounts?page=${page}`)
      expect(refused.statusCode, page).toBe(422)
      expect(refused.json().errors).toEqual([
        { field: 'page', message: 'The page must be a whole number from 1' },
      ])
    }
  })

  it('answers 404 to an id that is not one', async () => {
    const finance = await ctx().api('finance')
    expect((await finance.get('/api/v1/accounts/not-an-id')).statusCode).toBe(404)
    expect(
      (await (await ctx().browser('finance')).get('/accounts/open?plan=x&kind=direct_payment')).statusCode,
    ).toBe(404)
    expect(
      (await (await ctx().browser('finance')).get(`/accounts/open?plan=${crypto.randomUUID()}&kind=cash`))
        .statusCode,
    ).toBe(404)
  })
})

describe('budget accounts on the home page', () => {
  it('is an item of the finance officer’s navigation', async () => {
    const { navigationFor } = await import('../../src/app/navigation.ts')
    expect(navigationFor('finance', '/accounts').find((item) => item.href === '/accounts')).toMatchObject({
      active: true,
    })
    expect(navigationFor('practitioner', '/').some((item) => item.href === '/accounts')).toBe(false)
  })
})
