import { expect, it } from 'vitest'
import { can, ROLES } from '../../src/modules/identity/roles.ts'
import { accountOpenedFirstOfJune } from '../support/account-fixtures.ts'
import { describeOnEachDatabase } from '../support/test-context.ts'
import { auditRowsFor } from '../support/written-records.ts'

describeOnEachDatabase('the holder’s link to a budget account’s statement', (ctx) => {
  const open = (url: string) => ctx().app.inject({ method: 'GET', url: url.replace(/^https?:\/\/[^/]+/, '') })

  it('opens the statement without signing in until withdrawn, each reading audited', async () => {
    const id = await accountOpenedFirstOfJune(ctx())
    const finance = await ctx().api('finance')
    await finance.post(`/api/v1/accounts/${id}/transactions`, {
      kind: 'payment',
      amountPence: 57_600,
      occurredOn: '2026-06-02',
    })
    const made = await finance.post(`/api/v1/accounts/${id}/holder-links`)
    expect(made.statusCode, made.body).toBe(201)
    const { url, id: linkId, expiresAt } = made.json() as { url: string; id: string; expiresAt: string }
    expect(url).toMatch(/\/statements\?link=[A-Za-z0-9_-]{43}$/)
    expect(expiresAt).toBe('2026-07-13T12:00:00.000Z')

    const read = await open(url)
    expect(read.statusCode).toBe(200)
    expect(read.body).toContain('Test council A: direct payment account of')
    expect(read.body).toContain('£576.00')
    expect(read.headers['cache-control']).toBe('no-store')
    expect(read.headers['referrer-policy']).toBe('no-referrer')
    const audit = await auditRowsFor(ctx().database, id)
    expect(audit.at(-1)).toMatchObject({
      action: 'read',
      user_id: null,
      detail: { view: 'statement by the holder’s link', linkId },
    })
    // Only a hash of the secret is kept.
    const secret = new URL(url).searchParams.get('link') as string
    const stored = await ctx()
      .database.db.selectFrom('budget_statement_links')
      .selectAll()
      .where('id', '=', linkId)
      .executeTakeFirstOrThrow()
    expect(stored.token_hash).not.toContain(secret)

    const page = await (await ctx().browser('finance')).get(`/accounts/${id}`)
    expect(page.body).toContain('Withdraw this link')
    expect((await finance.post(`/api/v1/accounts/${id}/holder-links/${linkId}/withdraw`)).statusCode).toBe(
      204,
    )
    const gone = await open(url)
    expect(gone.statusCode).toBe(404)
    expect(gone.body).toContain('This link does not open a statement')
    expect(gone.body).not.toContain('£576.00')
    expect((await finance.post(`/api/v1/accounts/${id}/holder-links/${linkId}/withdraw`)).statusCode).toBe(
      404,
    )
  })

  it('opens nothing for an expired link, a wrong one or none', async () => {
    const id = await accountOpenedFirstOfJune(ctx())
    const made = (await (await ctx().api('finance')).post(`/api/v1/accounts/${id}/holder-links`)).json()
    await ctx()
      .database.db.updateTable('budget_statement_links')
      .set({ expires_at: new Date('2026-06-15T11:59:59Z') })
      .where('id', '=', made.id)
      .execute()
    expect((await open(made.url)).statusCode).toBe(404)
    expect((await open('/statements?link=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404)
    expect((await open('/statements?link=short')).statusCode).toBe(404)
    expect((await open('/statements')).statusCode).toBe(404)
  })

  it('is made and withdrawn by finance and heads of service, in their own council, on the page too', async () => {
    const id = await accountOpenedFirstOfJune(ctx())
    for (const role of ROLES) {
      if (can(role, 'accounts')) continue
      expect(
        (await (await ctx().api(role)).post(`/api/v1/accounts/${id}/holder-links`)).statusCode,
        role,
      ).toBe(403)
      expect(
        (await (await ctx().browser(role)).post(`/accounts/${id}/holder-links`, {})).statusCode,
        role,
      ).toBe(403)
    }
    expect(
      (await (await ctx().api('finance', 'b')).post(`/api/v1/accounts/${id}/holder-links`)).statusCode,
    ).toBe(404)
    const made = (await (await ctx().api('finance')).post(`/api/v1/accounts/${id}/holder-links`)).json()
    const theirs = await ctx().api('finance', 'b')
    expect((await theirs.post(`/api/v1/accounts/${id}/holder-links/${made.id}/withdraw`)).statusCode).toBe(
      404,
    )
    expect((await open(made.url)).statusCode).toBe(200)

    const browser = await ctx().browser('head_of_service')
    const shown = await browser.post(`/accounts/${id}/holder-links`, {})
    expect(shown.statusCode).toBe(200)
    expect(shown.body).toMatch(
      /<input class="govuk-input" id="link" name="link" type="text" value="http:\/\/[^"]+\/statements\?link=[A-Za-z0-9_-]{43}" readonly/,
    )
    const withdrawn = await browser.post(`/accounts/${id}/holder-links/${made.id}/withdraw`, {})
    expect(withdrawn.statusCode).toBe(303)
    expect(withdrawn.headers.location).toBe(`/accounts/${id}?done=withdrawn`)
    expect((await open(made.url)).statusCode).toBe(404)
  })
})
