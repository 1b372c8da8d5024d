import { expect, it } from 'vitest'
import { can, ROLES, type Role } from '../../src/modules/identity/roles.ts'
import { accountOpenedFirstOfJune } from '../support/account-fixtures.ts'
import { type CouncilKey, describeOnEachDatabase } from '../support/test-context.ts'
import { uploadFile } from '../support/upload-file.ts'
import { auditRowsFor } from '../support/written-records.ts'

const STATEMENT = [
  'Date,Type,Description,Paid out,Paid in,Balance',
  '10/06/2026,CR,Council load,,576.00,576.00',
  '11/06/2026,DD,Wages,240.00,,336.00',
  '12/06/2026,POS,Shop,12.50,,323.50',
  'not a date,POS,Shop,1.00,,322.50',
].join('\n')

describeOnEachDatabase('budget account statements uploaded', (ctx) => {
  const account = (council: CouncilKey = 'a') => accountOpenedFirstOfJune(ctx(), council)
  /** Uploads a statement file to an account's page. */
  const upload = (id: string, content: string, role: Role = 'finance', council: CouncilKey = 'a') =>
    uploadFile(ctx(), role, `/accounts/${id}/statement-file`, 'statement', 'card.csv', content, council)

  const transactions = (id: string) =>
    ctx()
      .database.db.selectFrom('budget_transactions')
      .selectAll()
      .where('account_id', '=', id)
      .orderBy('occurred_on')
      .execute()

  /** The lines page's form for the file's lines as read, each line's fields as the page has them. */
  const linesForm = (html: string) => {
    const fields: Record<string, string> = {}
    for (const match of html.matchAll(
      /<input type="hidden" name="(lines\.\d+\.\w+|count)" value="([^"]*)">/g,
    ))
      fields[match[1] as string] = match[2] as string
    for (const match of html.matchAll(/name="(lines\.\d+\.include)" type="checkbox" value="yes" checked/g))
      fields[match[1] as string] = 'yes'
    for (const match of html.matchAll(/name="(lines\.\d+\.kind)"[^>]*>\s*<option value="(\w+)" selected/g))
      fields[match[1] as string] = match[2] as string
    return fields
  }

  it('reads a statement, shows its lines as transactions, and records the ticked ones together', async () => {
    const id = await account()
    const read = await upload(id, STATEMENT, 'finance')
    expect(read.statusCode, read.body).toBe(200)
    expect(read.body).toContain('3 lines read from the file')
    expect(read.body).toContain('Line 5: the date “not a date” is not a date like 31/01/2026')
    expect(await transactions(id)).toEqual([])

    const form = linesForm(read.body)
    expect(form).toMatchObject({
      count: '3',
      'lines.0.kind': 'payment',
      'lines.1.kind': 'spend',
      'lines.0.include': 'yes',
    })
    const browser = await ctx().browser('finance')
    const recorded = await browser.post(`/accounts/${id}/statement-lines`, form)
    expect(recorded.statusCode, recorded.body).toBe(303)
    expect(recorded.headers.location).toBe(`/accounts/${id}?done=statement&recorded=3`)
    const written = await transactions(id)
    expect(written.map((t) => [t.occurred_on, t.kind, t.amount_pence])).toEqual([
      ['2026-06-10', 'payment', 57_600],
      ['2026-06-11', 'spend', 24_000],
      ['2026-06-12', 'spend', 1250],
    ])
    expect((await auditRowsFor(ctx().database, written[0]?.id as string)).map((a) => a.action)).toEqual([
      'create',
    ])

    // The same file again: every line seems recorded, and none is ticked.
    const again = await upload(id, STATEMENT, 'finance')
    expect(again.body.match(/Seems already recorded/g)?.length).toBe(3)
    expect(Object.keys(linesForm(again.body)).filter((k) => k.endsWith('.include'))).toEqual([])
    const none = await browser.post(`/accounts/${id}/statement-lines`, linesForm(again.body))
    expect(none.statusCode).toBe(422)
    expect(none.body).toContain('Choose at least one line to record')
    expect(await transactions(id)).toHaveLength(3)
  })

  it('records none of the lines when one would spend more than is held', async () => {
    const id = await account()
    const overdrawn = 'Date,Description,Amount\n10/06/2026,Load,100.00\n11/06/2026,Wages,-240.00\n'
    const read = await upload(id, overdrawn, 'finance')
    const refused = await (await ctx().browser('finance')).post(
      `/accounts/${id}/statement-lines`,
      linesForm(read.body),
    )
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('Line 3: The amount must be no more than the money held, £100.00')
    expect(refused.body).toContain('href="#lines-1-kind"')
    expect(await transactions(id)).toEqual([])

    // A file that cannot be read, or none at all.
    const unreadable = await upload(id, 'When,What\n1,2\n')
    expect(unreadable.statusCode).toBe(422)
    expect(unreadable.body).toContain('The first line must name the columns')
    expect(unreadable.body).toContain('href="#statement"')
    const empty = await upload(id, '', 'finance')
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('Choose the statement file (CSV) to upload')
  })

  it('takes the lines as a list on the API: all or none, a problem naming its place', async () => {
    const id = await account()
    const api = await ctx().api('finance')
    const bad = await api.post(`/api/v1/accounts/${id}/transactions/batch`, {
      transactions: [
        { kind: 'payment', amountPence: 10_000, occurredOn: '2026-06-10' },
        { kind: 'spend', amountPence: 20_000, occurredOn: '2026-06-11' },
        { kind: 'spend', amountPence: 500, occurredOn: '2026-05-01' },
      ],
    })
    expect(bad.statusCode).toBe(422)
    // Oldest first: the spending before the account opened (and before any money), then the load, then
    // spending more than the load.
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'transactions.2.amountPence',
      'transactions.2.occurredOn',
      'transactions.1.amountPence',
    ])
    expect(await transactions(id)).toEqual([])
    // Oldest first: the load dated before the spending pays for it, whatever the order given.
    const good = await api.post(`/api/v1/accounts/${id}/transactions/batch`, {
      transactions: [
        { kind: 'spend', amountPence: 20_000, occurredOn: '2026-06-11', description: 'Wages' },
        { kind: 'payment', amountPence: 57_600, occurredOn: '2026-06-10' },
      ],
    })
    expect(good.statusCode, good.body).toBe(201)
    expect(good.json().ids).toHaveLength(2)
    expect(
      (await api.post(`/api/v1/accounts/${id}/transactions/batch`, { transactions: [] })).statusCode,
    ).toBe(422)
    expect((await api.post(`/api/v1/accounts/${id}/transactions/batch`, {})).statusCode).toBe(422)
  })

  it('is for finance and heads of service, in their own council', async () => {
    const id = await account()
    const batch = { transactions: [{ kind: 'payment', amountPence: 100, occurredOn: '2026-06-10' }] }
    for (const role of ROLES) {
      if (can(role, 'accounts')) continue
      expect((await (await ctx().browser(role)).get(`/accounts/${id}/statement-file`)).statusCode, role).toBe(
        403,
      )
      expect(
        (await (await ctx().api(role)).post(`/api/v1/accounts/${id}/transactions/batch`, batch)).statusCode,
        role,
      ).toBe(403)
      const uploaded = await upload(id, STATEMENT, role)
      expect(uploaded.statusCode, role).toBe(403)
    }
    const theirs = await ctx().api('finance', 'b')
    expect((await theirs.post(`/api/v1/accounts/${id}/transactions/batch`, batch)).statusCode).toBe(404)
    expect(
      (await (await ctx().browser('finance', 'b')).get(`/accounts/${id}/statement-file`)).statusCode,
    ).toBe(404)
    const uploaded = await upload(id, STATEMENT, 'finance', 'b')
    expect(uploaded.statusCode).toBe(404)
    const lines = await (await ctx().browser('finance', 'b')).post(`/accounts/${id}/statement-lines`, {
      count: '1',
      'lines.0.include': 'yes',
      'lines.0.kind': 'payment',
      'lines.0.amountPence': '100',
      'lines.0.occurredOn': '2026-06-10',
    })
    expect(lines.statusCode).toBe(404)
    expect(await transactions(id)).toEqual([])
  })
})
