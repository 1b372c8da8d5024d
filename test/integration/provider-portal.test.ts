import { expect, it } from 'vitest'
import { can, ROLES } from '../../src/modules/identity/roles.ts'
import { draftPlan, homeCare } from '../support/plan-fixtures.ts'
import { describeOnEachDatabase } from '../support/test-context.ts'
import { auditRowsFor } from '../support/written-records.ts'

const DETAILS = {
  name: 'Provider of council A',
  kind: 'organisation',
  description: 'Home care and sitting services',
  email: 'office@provider-a.example',
  takesDirectPayments: true,
  holdsIsfs: true,
}
const HOME_CARE = {
  name: 'Home care',
  serviceComponent: 'Home support or domiciliary care',
  areas: ['DN1', 'DN2'],
  ratePence: 2350,
  rateUnit: 'Hourly',
}

describeOnEachDatabase('a provider keeping its own listing', (ctx) => {
  const db = () => ctx().database.db
  const providerRow = (id: string) =>
    db().selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

  it('reads and changes its details (not whether it is listed), adds and changes its services, audited as its own', async () => {
    const { providerId, users } = ctx().councils.a
    const api = await ctx().api('provider')
    const listing = await api.get('/api/v1/provider')
    expect(listing.statusCode, listing.body).toBe(200)
    expect(listing.json()).toMatchObject({ id: providerId, name: 'Provider of council A', services: [] })

    // The council has made it inactive; the provider's own change keeps that.
    await db().updateTable('providers').set({ status: 'inactive' }).where('id', '=', providerId).execute()
    const changed = await api.put('/api/v1/provider', { ...DETAILS, status: 'active' })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json()).toMatchObject({ email: 'office@provider-a.example', status: 'inactive' })
    expect((await providerRow(providerId)).status).toBe('inactive')

    const added = await api.post('/api/v1/provider/services', HOME_CARE)
    expect(added.statusCode, added.body).toBe(201)
    const serviceId = added.json().id
    const cheaper = await api.put(`/api/v1/provider/services/${serviceId}`, { ...HOME_CARE, ratePence: 2200 })
    expect(cheaper.json().ratePence).toBe(2200)

    const audit = await auditRowsFor(ctx().database, providerId)
    expect(audit.at(-1)).toMatchObject({ action: 'update', user_id: users.provider })
    expect((await auditRowsFor(ctx().database, serviceId)).map((a) => [a.action, a.user_id])).toEqual([
      ['create', users.provider],
      ['update', users.provider],
    ])
  })

  it('refuses bad input and another provider’s service, writing nothing', async () => {
    const api = await ctx().api('provider')
    const commissioner = await ctx().api('commissioner')
    const other = (
      await commissioner.post('/api/v1/providers', { ...DETAILS, name: 'Someone Else Ltd' })
    ).json()
    const theirs = (await commissioner.post(`/api/v1/providers/${other.id}/services`, HOME_CARE)).json()
    const before = await providerRow(ctx().councils.a.providerId)
    const bad = await api.put('/api/v1/provider', { ...DETAILS, name: '', email: 'nope' })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['name', 'email'])
    expect(
      (await api.post('/api/v1/provider/services', { ...HOME_CARE, areas: ['Bentley'] })).statusCode,
    ).toBe(422)
    expect((await api.put(`/api/v1/provider/services/${theirs.id}`, HOME_CARE)).statusCode).toBe(404)
    expect(
      (await (await ctx().browser('provider')).get(`/provider/services/${theirs.id}/edit`)).statusCode,
    ).toBe(404)
    expect(await providerRow(ctx().councils.a.providerId)).toEqual(before)
    const service = await db()
      .selectFrom('provider_services')
      .selectAll()
      .where('id', '=', theirs.id)
      .executeTakeFirstOrThrow()
    expect(service.rate_pence).toBe(2350)
  })

  it('is for provider users only, each to their own provider and council', async () => {
    for (const role of ROLES) {
      const allowed = can(role, 'ownListing')
      expect((await (await ctx().api(role)).get('/api/v1/provider')).statusCode, role).toBe(
        allowed ? 200 : 403,
      )
      expect((await (await ctx().browser(role)).get('/provider')).statusCode, role).toBe(allowed ? 200 : 403)
      if (!allowed)
        expect((await (await ctx().api(role)).put('/api/v1/provider', DETAILS)).statusCode, role).toBe(403)
    }
    expect(['provider']).toEqual(ROLES.filter((role) => can(role, 'ownListing')))
    // A provider user reads no case record and keeps no one else's listing.
    const provider = await ctx().api('provider')
    expect((await provider.get('/api/v1/people?q=smith')).statusCode).toBe(403)
    expect((await provider.get('/api/v1/market/services')).statusCode).toBe(403)
    expect((await provider.put(`/api/v1/providers/${ctx().councils.a.providerId}`, DETAILS)).statusCode).toBe(
      403,
    )
    const b = (await (await ctx().api('provider', 'b')).get('/api/v1/provider')).json()
    expect(b.id).toBe(ctx().councils.b.providerId)
    expect((await ctx().app.inject({ method: 'GET', url: '/provider' })).statusCode).toBe(302)
    expect((await ctx().app.inject({ method: 'GET', url: '/api/v1/provider' })).statusCode).toBe(401)
  })

  it('works on pages: the listing, its details changed with an error first, a service added', async () => {
    const browser = await ctx().browser('provider')
    const home = await browser.get('/')
    expect(home.body).toContain('You keep your organisation’s listing')
    const listing = await browser.get('/provider')
    expect(listing.statusCode).toBe(200)
    expect(listing.body).toContain('href="/provider/edit"')
    const form = await browser.get('/provider/edit')
    expect(form.body).not.toContain('id="status"')
    const wrong = await browser.post('/provider/edit', { name: '', kind: 'organisation' })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('govuk-error-summary')
    expect(wrong.body).toContain('href="#name"')
    const saved = await browser.post('/provider/edit', {
      name: 'Provider of council A',
      kind: 'organisation',
      holdsIsfs: 'yes',
    })
    expect(saved.statusCode, saved.body).toBe(303)
    expect((await browser.get('/provider?done=changed')).body).toContain('Your details are saved')
    const service = await browser.post('/provider/services/new', {
      name: 'Sitting service',
      serviceComponent: 'Home support or domiciliary care',
      areas: 'DN3',
      rate: '19.50',
      rateUnit: 'Hourly',
    })
    expect(service.statusCode, service.body).toBe(303)
    expect((await browser.get('/provider')).body).toContain('Sitting service')
  })

  it('an administrator adds a provider user for one of the council’s providers only', async () => {
    const admin = await ctx().api('admin')
    const user = { displayName: 'Pat Provider', email: 'pat@provider-a.example', role: 'provider' }
    const none = await admin.post('/api/v1/users', user)
    expect(none.json().errors).toEqual([
      { field: 'providerId', message: 'Choose the provider in the directory this user works for' },
    ])
    const theirs = await admin.post('/api/v1/users', { ...user, providerId: ctx().councils.b.providerId })
    expect(theirs.json().errors[0].field).toBe('providerId')
    const added = await admin.post('/api/v1/users', { ...user, providerId: ctx().councils.a.providerId })
    expect(added.statusCode, added.body).toBe(201)
    expect(added.json()).toMatchObject({ role: 'provider', providerName: 'Provider of council A' })
    // A provider given to another role is not kept.
    const analyst = await admin.post('/api/v1/users', {
      displayName: 'Al Analyst',
      email: 'al@a.test',
      role: 'analyst',
      providerId: ctx().councils.a.providerId,
    })
    expect(analyst.json().providerId).toBeNull()
  })

  /** An approved plan of home care held as an individual service fund (or as asked), active from 1 June. */
  async function isfPlan(deliveryMechanism = 'individual_service_fund') {
    const { plan } = await draftPlan(ctx(), [homeCare(7, 2400, { deliveryMechanism })])
    const submitted = await (await ctx().api('practitioner')).post(
      `/api/v1/plans/${plan.id}/funding-requests`,
      {},
    )
    expect(submitted.json().status).toBe('approved')
    await db()
      .updateTable('support_plans')
      .set({ active_from: '2026-06-01' })
      .where('id', '=', plan.id)
      .execute()
    return plan
  }

  it('reads the statements of the individual service funds it holds, and no others', async () => {
    // (A test above has the council make the provider inactive: only an active provider holds a new fund.)
    await db()
      .updateTable('providers')
      .set({ status: 'active' })
      .where('id', '=', ctx().councils.a.providerId)
      .execute()
    const finance = await ctx().api('finance')
    const open = (planId: string, body: object) =>
      finance.post('/api/v1/accounts', {
        planId,
        holder: 'Provider of council A',
        openedOn: '2026-06-01',
        ...body,
      })
    const plan = await isfPlan()
    const dpPlan = await isfPlan('direct_payment')
    const direct = await open(dpPlan.id, {
      kind: 'direct_payment',
      holderProviderId: ctx().councils.a.providerId,
    })
    expect(direct.json().errors).toEqual([
      { field: 'holderProviderId', message: 'A direct payment is held by the person: choose no provider' },
    ])
    const notTheirs = await open(plan.id, {
      kind: 'individual_service_fund',
      holderProviderId: ctx().councils.b.providerId,
    })
    expect(notTheirs.json().errors).toEqual([
      {
        field: 'holderProviderId',
        message: 'Choose a provider of the directory that holds individual service funds',
      },
    ])
    const opened = await open(plan.id, {
      kind: 'individual_service_fund',
      holderProviderId: ctx().councils.a.providerId,
    })
    expect(opened.statusCode, opened.body).toBe(201)
    const accountId = opened.json().id
    const paid = await finance.post(`/api/v1/accounts/${accountId}/transactions`, {
      kind: 'payment',
      amountPence: 96_000,
      occurredOn: '2026-06-01',
    })
    expect(paid.statusCode, paid.body).toBe(201)

    const provider = await ctx().api('provider')
    const funds = (await provider.get('/api/v1/provider/funds')).json().funds
    expect(funds.map((f: { id: string }) => f.id)).toEqual([accountId])
    const statement = await provider.get(
      `/api/v1/provider/funds/${accountId}/statement?from=2026-06-01&to=2026-06-15`,
    )
    expect(statement.statusCode, statement.body).toBe(200)
    expect(statement.json()).toMatchObject({ inPence: 96_000, closingPence: 96_000 })
    const read = await db()
      .selectFrom('audit_log')
      .select(['user_id', 'detail'])
      .where('record_id', '=', accountId)
      .where('action', '=', 'read')
      .execute()
    expect(read).toContainEqual({
      user_id: ctx().councils.a.users.provider,
      detail: { view: 'statement for the provider holding it' },
    })
    const page = await (await ctx().browser('provider')).get('/provider')
    expect(page.body).toContain(`/provider/funds/${accountId}/statement`)
    const statementPage = await (await ctx().browser('provider')).get(
      `/provider/funds/${accountId}/statement`,
    )
    expect(statementPage.statusCode).toBe(200)
    expect(statementPage.body).toContain('Back to your listing')
    const badDates = await (await ctx().browser('provider')).get(
      `/provider/funds/${accountId}/statement?from-day=31&from-month=2&from-year=2026`,
    )
    expect(badDates.statusCode).toBe(422)

    // Council B's provider, and a fund held by someone else, are not found.
    expect(
      (await (await ctx().api('provider', 'b')).get(`/api/v1/provider/funds/${accountId}/statement`))
        .statusCode,
    ).toBe(404)
    const other = await isfPlan()
    const elsewhere = (
      await open(other.id, { kind: 'individual_service_fund', holder: 'Another Ltd' })
    ).json().id
    expect((await provider.get(`/api/v1/provider/funds/${elsewhere}/statement`)).statusCode).toBe(404)
    expect(
      (await (await ctx().browser('provider')).get(`/provider/funds/${elsewhere}/statement`)).statusCode,
    ).toBe(404)
  })
})
