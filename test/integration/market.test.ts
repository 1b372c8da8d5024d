import { expect, it } from 'vitest'
import { can, ROLES } from '../../src/modules/identity/roles.ts'
import { hsdsValidator } from '../support/hsds-schemas.ts'
import { assessedPerson } from '../support/plan-fixtures.ts'
import { type CouncilKey, describeOnEachDatabase } from '../support/test-context.ts'
import { auditRowsFor } from '../support/written-records.ts'

const PROVIDER = {
  name: 'Caring Hands Ltd',
  kind: 'organisation',
  description: 'Home care across the borough',
  email: 'office@caringhands.example',
  phone: '01302 734000',
  website: 'https://caringhands.example',
  cqcLocationId: '1-123456789',
  takesDirectPayments: true,
  holdsIsfs: true,
}
const HOME_CARE = {
  name: 'Home care',
  serviceComponent: 'Home support or domiciliary care',
  areas: ['DN1', 'DN4'],
  ratePence: 2450,
  rateUnit: 'Hourly',
}

describeOnEachDatabase('the market: providers, their services and the Open Referral UK feed', (ctx) => {
  const db = () => ctx().database.db

  async function provider(
    council: CouncilKey = 'a',
    body: object = PROVIDER,
    services: object[] = [HOME_CARE],
  ) {
    const api = await ctx().api('commissioner', council)
    const made = await api.post('/api/v1/providers', body)
    expect(made.statusCode, made.body).toBe(201)
    const id = made.json().id as string
    const serviceIds: string[] = []
    for (const service of services) {
      const added = await api.post(`/api/v1/providers/${id}/services`, service)
      expect(added.statusCode, added.body).toBe(201)
      serviceIds.push(added.json().id)
    }
    return { id, serviceIds }
  }
  const counts = async () => ({
    providers: Number(
      (
        await db()
          .selectFrom('providers')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    services: Number(
      (
        await db()
          .selectFrom('provider_services')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  })

  it('keeps a provider and its services, audited, and finds them by kind, district and payment', async () => {
    const { id, serviceIds } = await provider()
    const api = await ctx().api('commissioner')
    const read = (await api.get(`/api/v1/providers/${id}`)).json()
    expect(read).toMatchObject({ name: 'Caring Hands Ltd', cqcLocationId: '1-123456789', status: 'active' })
    expect(read.services).toEqual([
      expect.objectContaining({ id: serviceIds[0], areas: ['DN1', 'DN4'], ratePence: 2450 }),
    ])

    const changed = await api.put(`/api/v1/providers/${id}`, { ...PROVIDER, holdsIsfs: false })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json().holdsIsfs).toBe(false)
    const audit = await auditRowsFor(ctx().database, id)
    expect(audit.map((a) => a.action)).toEqual(['create', 'update'])
    expect(audit[1]?.detail).toEqual({ changed: ['holds_isfs'] })

    const practitioner = await ctx().api('practitioner')
    const search = async (query: string) =>
      (await practitioner.get(`/api/v1/market/services?${query}`)).json()
    const named = (found: { services: { provider: { name: string } }[] }) =>
      found.services.map((s) => s.provider.name)
    expect(
      named(await search('component=Home%20support%20or%20domiciliary%20care&district=DN4%205AB')),
    ).toContain('Caring Hands Ltd')
    expect(named(await search('district=DN9'))).not.toContain('Caring Hands Ltd')
    expect(named(await search('payment=direct_payment&q=caring'))).toContain('Caring Hands Ltd')
    expect(named(await search('payment=individual_service_fund&q=caring'))).not.toContain('Caring Hands Ltd')

    // A service made inactive is hidden unless asked for.
    const service = serviceIds[0] as string
    const inactive = await api.put(`/api/v1/provider-services/${service}`, {
      ...HOME_CARE,
      status: 'inactive',
    })
    expect(inactive.statusCode, inactive.body).toBe(200)
    expect(named(await search('q=caring'))).not.toContain('Caring Hands Ltd')
    expect(named(await search('q=caring&all=yes'))).toContain('Caring Hands Ltd')
  })

  it('refuses bad input with a message per field and writes nothing', async () => {
    const { id } = await provider()
    const api = await ctx().api('commissioner')
    const before = await counts()
    const badProvider = await api.post('/api/v1/providers', {
      name: '',
      kind: 'agency',
      website: 'caring.example',
    })
    expect(badProvider.statusCode).toBe(422)
    expect(badProvider.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'name',
      'kind',
      'website',
    ])
    const badService = await api.post(`/api/v1/providers/${id}/services`, {
      ...HOME_CARE,
      areas: ['Doncaster'],
      ratePence: -5,
    })
    expect(badService.statusCode).toBe(422)
    expect(badService.json().errors.map((e: { field: string }) => e.field)).toEqual(['areas', 'ratePence'])
    const badChange = await api.put(`/api/v1/providers/${id}`, { ...PROVIDER, cqcLocationId: 'CQC' })
    expect(badChange.statusCode).toBe(422)
    expect(await counts()).toEqual(before)
    expect((await api.get(`/api/v1/providers/${id}`)).json().cqcLocationId).toBe('1-123456789')
    expect((await api.get('/api/v1/market/services?district=Doncaster')).statusCode).toBe(422)
  })

  it('lets those who plan, pay and commission read it, and only commissioners and heads of service keep it', async () => {
    const { id, serviceIds } = await provider()
    for (const role of ROLES) {
      const api = await ctx().api(role)
      const reads = can(role, 'readMarket')
      const keeps = can(role, 'manageMarket')
      expect((await api.get('/api/v1/market/services')).statusCode, role).toBe(reads ? 200 : 403)
      expect((await api.get(`/api/v1/providers/${id}`)).statusCode, role).toBe(reads ? 200 : 403)
      expect((await (await ctx().browser(role)).get('/market')).statusCode, role).toBe(reads ? 200 : 403)
      expect((await (await ctx().browser(role)).get(`/market/providers/${id}`)).statusCode, role).toBe(
        reads ? 200 : 403,
      )
      expect((await (await ctx().browser(role)).get('/market/providers/new')).statusCode, role).toBe(
        keeps ? 200 : 403,
      )
      if (!keeps) {
        const before = await counts()
        expect((await api.post('/api/v1/providers', PROVIDER)).statusCode, role).toBe(403)
        expect((await api.post(`/api/v1/providers/${id}/services`, HOME_CARE)).statusCode, role).toBe(403)
        expect((await api.put(`/api/v1/providers/${id}`, PROVIDER)).statusCode, role).toBe(403)
        expect(
          (await api.put(`/api/v1/provider-services/${serviceIds[0]}`, HOME_CARE)).statusCode,
          role,
        ).toBe(403)
        expect(await counts(), role).toEqual(before)
      }
    }
    expect((await ctx().app.inject({ method: 'GET', url: '/market' })).statusCode).toBe(302)
    expect((await ctx().app.inject({ method: 'GET', url: '/api/v1/market/services' })).statusCode).toBe(401)
    expect(['commissioner', 'head_of_service'].every((role) => can(role, 'manageMarket'))).toBe(true)
  })

  it('keeps councils apart: another council’s provider is not found, nor listed', async () => {
    const { id, serviceIds } = await provider('a', { ...PROVIDER, name: 'Only In A Care' })
    const theirs = await ctx().api('commissioner', 'b')
    const before = await counts()
    expect((await theirs.get(`/api/v1/providers/${id}`)).statusCode).toBe(404)
    expect((await theirs.put(`/api/v1/providers/${id}`, PROVIDER)).statusCode).toBe(404)
    expect((await theirs.post(`/api/v1/providers/${id}/services`, HOME_CARE)).statusCode).toBe(404)
    expect((await theirs.put(`/api/v1/provider-services/${serviceIds[0]}`, HOME_CARE)).statusCode).toBe(404)
    expect(await counts()).toEqual(before)
    const browser = await ctx().browser('commissioner', 'b')
    expect((await browser.get(`/market/providers/${id}`)).statusCode).toBe(404)
    expect((await browser.get(`/market/providers/${id}/edit`)).statusCode).toBe(404)
    expect((await browser.get(`/market/services/${serviceIds[0]}/edit`)).statusCode).toBe(404)
    expect((await browser.get('/market?q=only')).body).not.toContain('Only In A Care')
    expect((await theirs.get('/api/v1/market/services?q=only')).json().total).toBe(0)
  })

  it('works on pages: a provider added with errors first, then a service, then found', async () => {
    const commissioner = await ctx().browser('commissioner')
    const wrong = await commissioner.post('/market/providers/new', {
      name: '',
      kind: 'personal_assistant',
      email: 'ann',
    })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('govuk-error-summary')
    expect(wrong.body).toContain('Enter the provider’s name')
    expect(wrong.body).toContain('href="#name"')
    expect(wrong.body).toContain('Enter an email address like name@example.org')
    const made = await commissioner.post('/market/providers/new', {
      name: 'Ann Jones',
      kind: 'personal_assistant',
      takesDirectPayments: 'yes',
    })
    expect(made.statusCode, made.body).toBe(303)
    const page = made.headers.location as string
    expect(page).toMatch(/^\/market\/providers\/[0-9a-f-]{36}\?done=added$/)
    const providerPage = await commissioner.get(page)
    expect(providerPage.body).toContain('Provider added')
    expect(providerPage.body).toContain('Takes direct payments')

    const id = page.split('/')[3]?.split('?')[0] as string
    const badService = await commissioner.post(`/market/providers/${id}/services/new`, {
      name: 'Personal assistance',
      serviceComponent: 'Direct payment',
      areas: 'DN1, Bentley',
      rate: 'fifteen',
      rateUnit: 'Hourly',
    })
    expect(badService.statusCode).toBe(422)
    expect(badService.body).toContain('“Bentley” is not a postcode district like DN1 or SW1A')
    expect(badService.body).toContain('href="#areas"')
    expect(badService.body).toContain('Enter the rate in pounds, like 24.50')
    expect(badService.body).toContain('href="#rate"')
    const service = await commissioner.post(`/market/providers/${id}/services/new`, {
      name: 'Personal assistance',
      serviceComponent: 'Direct payment',
      areas: 'DN1 DN5',
      rate: '15.50',
      rateUnit: 'Hourly',
    })
    expect(service.statusCode, service.body).toBe(303)
    const found = await (await ctx().browser('practitioner')).get(
      '/market?district=DN5&payment=direct_payment',
    )
    expect(found.body).toContain('Ann Jones')
    expect(found.body).toContain('£15.50 an hour')
    expect((await commissioner.get('/market?district=nowhere')).statusCode).toBe(422)
  })

  it('suggests, in a plan’s provider box, the directory’s providers serving where the person lives', async () => {
    await provider('a', { ...PROVIDER, name: 'Serves DN4 Care' })
    await provider('a', { ...PROVIDER, name: 'Serves DN9 Care' }, [{ ...HOME_CARE, areas: ['DN9'] }])
    const { person, assessmentId } = await assessedPerson(ctx())
    await ctx()
      .database.db.updateTable('people')
      .set({ postcode: 'DN4 5AB' })
      .where('id', '=', person.id)
      .execute()
    const api = await ctx().api('practitioner')
    expect((await api.post(`/api/v1/assessments/${assessmentId}/indicative-budget`, {})).statusCode).toBe(201)
    const builder = await (await ctx().browser('practitioner')).get(
      `/people/${person.id}/plans/new?assessmentId=${assessmentId}`,
    )
    expect(builder.statusCode).toBe(200)
    const suggested = /<datalist id="directory-providers">(.*?)<\/datalist>/s.exec(builder.body)?.[1] ?? ''
    expect(suggested).toContain('Serves DN4 Care')
    expect(suggested).not.toContain('Serves DN9 Care')
    expect(builder.body).toContain('href="/market?district=DN4"')
  })

  it('publishes the active services openly as Open Referral UK, valid HSDS 3.0', async () => {
    const { id } = await provider('a', { ...PROVIDER, name: 'Published Care' })
    await provider('a', { ...PROVIDER, name: 'Closed Care', status: 'defunct' })
    const code = ctx().councils.a.code
    const open = (url: string) => ctx().app.inject({ method: 'GET', url })

    const root = await open(`/hsds/${code}/`)
    expect(root.statusCode).toBe(200)
    expect(root.headers['access-control-allow-origin']).toBe('*')
    expect(root.json()).toMatchObject({ version: 'HSDS-UK-3.0' })

    const page = await open(`/hsds/${code}/services?per_page=50&full=true`)
    expect(page.statusCode, page.body).toBe(200)
    const body = page.json()
    const names = body.contents.map((s: { organization: { name: string } }) => s.organization.name)
    expect(names).toContain('Published Care')
    expect(names).not.toContain('Closed Care')
    const service = hsdsValidator('service.json')
    for (const item of body.contents) expect(service(item), JSON.stringify(service.errors)).toBe(true)
    expect(body).toMatchObject({ page_number: 1, first_page: true })

    const one = body.contents.find((s: { organization_id: string }) => s.organization_id === id)
    expect((await open(`/hsds/${code}/services/${one.id}`)).json()).toEqual(one)
    const organization = hsdsValidator('organization.json')
    expect(organization((await open(`/hsds/${code}/organizations/${id}`)).json())).toBe(true)
    const minimal = (await open(`/hsds/${code}/services?minimal=true&organization_id=${id}`)).json()
    expect(minimal.contents).toEqual([{ id: one.id, last_modified: one.last_modified }])

    expect((await open(`/hsds/${code}/services?per_page=0`)).statusCode).toBe(422)
    expect((await open(`/hsds/${code}/services?modified_after=yesterday`)).statusCode).toBe(422)
    expect((await open('/hsds/NOSUCH/services')).statusCode).toBe(404)
    // Council B's feed has none of A's.
    expect((await open(`/hsds/${ctx().councils.b.code}/services/${one.id}`)).statusCode).toBe(404)
    expect((await open(`/hsds/${ctx().councils.b.code}/organizations/${id}`)).statusCode).toBe(404)
  })
})
