import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app/build-app.ts'
import { main } from '../../src/cli/main.ts'
import { readConfig } from '../../src/config.ts'
import { can, type Permission, ROLES } from '../../src/modules/identity/roles.ts'
import { insertPerson } from '../support/fixtures.ts'
import { describeOnEachDatabase, emailFor, TEST_PASSWORD, TODAY } from '../support/test-context.ts'

interface MeasureJson {
  code: string
  title: string
  numerator: number | null
  denominator: number | null
  value: number | null
  unit: string
  note?: string
}

describeOnEachDatabase('measures API and pages', (ctx) => {
  const measuresOf = (body: string) => (JSON.parse(body) as { measures: MeasureJson[] }).measures

  it('lists every measure for a year with numerator, denominator, unrounded value and unit', async () => {
    const { database, councils } = ctx()
    // One admission to residential care aged 65+ in 2024-25 and one direct payment open at the year end.
    const admitted = await insertPerson(database, councils.a.id, { date_of_birth: '1945-01-01' })
    await database.db
      .insertInto('cld_events')
      .values({
        council_id: councils.a.id,
        person_id: admitted.id,
        event_type: 'Service',
        event_start_on: '2024-06-01',
        service_type: 'Long term support: Residential care',
        service_component: 'Long term residential care',
      })
      .execute()
    const api = await ctx().api('analyst')
    const before = await api.get('/api/v1/measures?year=2024-25')
    expect(before.statusCode).toBe(200)
    const list = measuresOf(before.body)
    expect(list.map((m) => m.code)).toEqual(
      expect.arrayContaining([
        'ASCOF-2A',
        'ASCOF-2B',
        'ASCOF-2C',
        'ASCOF-2E',
        'ASCOF-3D1',
        'ASCOF-3D2',
        'HOMECARE-10H',
        'DIRECT-TIME-SHARE',
      ]),
    )
    // The rolling year to the end of the first quarter (1 July 2023 to 30 June 2024) holds the June 2024 admission too.
    const rolling = (await api.get('/api/v1/measures?year=2024-25&quarter=1')).json()
    expect(rolling).toMatchObject({
      year: '2024-25',
      quarter: 1,
      period: { start: '2023-07-01', end: '2024-06-30' },
    })
    expect(rolling.measures.find((m: MeasureJson) => m.code === 'ASCOF-2C')).toMatchObject({ numerator: 1 })
    expect((await api.get('/api/v1/measures?year=2024-25&quarter=5')).json().errors).toEqual([
      { field: 'quarter', message: 'Choose the whole year or a quarter from 1 to 4' },
    ])
    const twoC = list.find((m) => m.code === 'ASCOF-2C')
    expect(twoC).toMatchObject({ numerator: 1, denominator: null, value: null, unit: 'per 100,000' })
    expect(twoC?.note).toContain('population')

    // Three thousand people aged 65+: 1 in 3,000 is 33.33… per 100,000, unrounded.
    expect(
      (await api.put('/api/v1/population/2024', { aged18To64: 10_000, aged65Plus: 3_000 })).statusCode,
    ).toBe(201)
    const after = measuresOf((await api.get('/api/v1/measures?year=2024-25')).body).find(
      (m) => m.code === 'ASCOF-2C',
    )
    expect(after).toMatchObject({ numerator: 1, denominator: 3_000 })
    expect(after?.value).toBeCloseTo(100_000 / 3_000, 10)
  })

  it('gives a measure’s definition, each year and the rolling years to each quarter end', async () => {
    const api = await ctx().api('commissioner')
    const response = await api.get('/api/v1/measures/ASCOF-3D2?year=2024-25')
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body.definition.join(' ')).toContain('service component')
    expect(body.quarters.map((q: { period: { end: string } }) => q.period.end)).toEqual([
      '2024-06-30',
      '2024-09-30',
      '2024-12-31',
      '2025-03-31',
    ])
    expect(body.years.map((y: { period: { label: string } }) => y.period.label)).toContain('2024-25')
    expect((await api.get('/api/v1/measures/NO-SUCH-MEASURE')).statusCode).toBe(404)
    const openApi = (await ctx().app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
    expect(Object.keys(openApi.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/measures',
        '/api/v1/measures/{code}',
        '/api/v1/population/{year}',
        '/api/v1/measures/local',
      ]),
    )
  })

  it('refuses roles without the measures permission, and a year that is not one', async () => {
    expect((await (await ctx().api('practitioner')).get('/api/v1/measures')).statusCode).toBe(403)
    expect((await (await ctx().browser('practitioner')).get('/measures')).statusCode).toBe(403)
    const bad = await (await ctx().api('analyst')).get('/api/v1/measures?year=2024-26')
    expect(bad.statusCode).toBe(422)
    expect(bad.json().errors).toEqual([{ field: 'year', message: expect.stringContaining('financial year') }])
  })

  it('sets the population only for analysts and administrators, checks it, and keeps councils apart', async () => {
    expect(
      (
        await (
          await ctx().api('commissioner')
        ).put('/api/v1/population/2023', { aged18To64: 1, aged65Plus: 1 })
      ).statusCode,
    ).toBe(403)
    const api = await ctx().api('admin')
    const bad = await api.put('/api/v1/population/1800', { aged18To64: -1, aged65Plus: 'lots' })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'year',
      'aged18To64',
      'aged65Plus',
    ])
    const populations = (await api.get('/api/v1/population')).json().populations
    expect(populations.find((p: { year: number }) => p.year === 1800)).toBeUndefined()
    expect(
      (await api.put('/api/v1/population/2023', { aged18To64: 9_000, aged65Plus: 2_500 })).statusCode,
    ).toBe(201)
    expect(
      (await api.put('/api/v1/population/2023', { aged18To64: 9_100, aged65Plus: 2_600 })).statusCode,
    ).toBe(200)
    const other = (await (await ctx().api('analyst', 'b')).get('/api/v1/population')).json().populations
    expect(other).toEqual([])
  })

  it('lets a council add, change and delete measures of its own, invisible to other councils', async () => {
    const api = await ctx().api('analyst')
    const measure = {
      code: 'dp-share-lts',
      title: 'Direct payments among people in long-term support',
      definition: 'People with a direct payment over everyone in long-term support at the year end.',
      numerator: 'people-with-direct-payments-at-end',
      denominator: 'people-in-long-term-support-at-end',
      unit: 'percent',
    }
    const created = await api.post('/api/v1/measures/local', measure)
    expect(created.statusCode).toBe(201)
    expect(created.json().code).toBe('DP-SHARE-LTS')
    const listed = measuresOf((await api.get('/api/v1/measures?year=2024-25')).body).find(
      (m) => m.code === 'DP-SHARE-LTS',
    )
    expect(listed).toMatchObject({ unit: 'percent', numerator: 0, denominator: 1 })

    const duplicate = await api.post('/api/v1/measures/local', measure)
    expect(duplicate.statusCode).toBe(422)
    expect(duplicate.json().errors).toEqual([{ field: 'code', message: expect.stringContaining('already') }])
    const bad = await api.post('/api/v1/measures/local', {
      code: 'ASCOF-2A',
      title: '',
      numerator: 'raw sql',
      denominator: 'raw sql',
      unit: 'lots',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'code',
      'title',
      'definition',
      'numerator',
      'denominator',
      'unit',
    ])

    const other = await ctx().api('analyst', 'b')
    expect((await other.get('/api/v1/measures/DP-SHARE-LTS')).statusCode).toBe(404)
    expect(
      (await other.put('/api/v1/measures/local/DP-SHARE-LTS', { ...measure, title: 'Taken over' }))
        .statusCode,
    ).toBe(404)
    expect((await other.delete('/api/v1/measures/local/DP-SHARE-LTS')).statusCode).toBe(404)
    expect(
      (await (await ctx().api('commissioner')).delete('/api/v1/measures/local/DP-SHARE-LTS')).statusCode,
    ).toBe(403)

    const changed = await api.put('/api/v1/measures/local/DP-SHARE-LTS', { ...measure, unit: 'per 1,000' })
    expect(changed.statusCode).toBe(200)
    expect((await api.get('/api/v1/measures/DP-SHARE-LTS')).json()).toMatchObject({
      unit: 'per 1,000',
      kind: 'council',
    })
    expect((await api.delete('/api/v1/measures/local/DP-SHARE-LTS')).statusCode).toBe(204)
    expect((await api.get('/api/v1/measures/DP-SHARE-LTS')).statusCode).toBe(404)
    const audit = await ctx()
      .database.db.selectFrom('audit_log')
      .select(['action', 'record_id'])
      .where('record_type', '=', 'local measure')
      .where('council_id', '=', ctx().councils.a.id)
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update'])
  })

  it('shows the measures page, a measure’s page with its definition, and the population form', async () => {
    const browser = await ctx().browser('analyst')
    const list = await browser.get('/measures?year=2024-25')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('<h1 class="govuk-heading-l">Measures for 2024-25</h1>')
    expect(list.body).toContain('National measures (ASCOF)')
    expect(list.body).toContain('href="/measures/ASCOF-2A?year=2024-25"')
    const quarterPage = await browser.get('/measures?year=2024-25&quarter=3')
    expect(quarterPage.body).toContain('Measures for 12 months to 31 December 2024')
    // A median has no numerator: its row says so without a dash for the missing count.
    const median = await browser.get('/measures/ASSESSMENT-DAYS-MEDIAN?year=2024-25')
    expect(median.body).toContain('None: the value is a median')
    expect(median.body).not.toContain('— – None')
    const page = await browser.get('/measures/ASCOF-2A?year=2024-25')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('How it is defined')
    expect(page.body).toContain('no more than 7 days apart are one episode')
    expect(page.body).toContain('12 months to 30 June 2024')
    expect(page.body).toContain('By age, 2024-25')
    // A breakdown by something else says what it is by.
    const byRoute = (await browser.get('/measures/DELEGATED-SHARE?year=2024-25')).body
    expect(byRoute).toContain('By approval route, 2024-25')
    expect(byRoute).not.toContain('By age')
    expect((await browser.get('/measures/SPEND-PER-PERSON-65%2B')).statusCode).toBe(200)
    expect((await browser.get('/measures/nope')).statusCode).toBe(404)

    const form = await browser.get('/measures/population')
    expect(form.statusCode).toBe(200)
    const invalid = await browser.post('/measures/population', {
      year: '2022',
      aged18To64: 'many',
      aged65Plus: '',
    })
    expect(invalid.statusCode).toBe(422)
    expect(invalid.body).toContain('There is a problem')
    expect(invalid.body).toContain('href="#aged18To64"')
    const saved = await browser.post('/measures/population', {
      year: '2022',
      aged18To64: '12,345',
      aged65Plus: '6789',
    })
    expect(saved.statusCode).toBe(303)
    expect((await browser.get('/measures/population?done=population')).body).toContain('12,345')
    expect((await (await ctx().browser('commissioner')).get('/measures/population')).statusCode).toBe(403)
  })

  it('adds, changes and deletes a council measure through the pages', async () => {
    const browser = await ctx().browser('admin')
    const form = {
      code: 'CARERS-PER-LTS',
      title: 'Carers supported per person in long-term support',
      definition: 'Unpaid carers supported over people in long-term support.',
      numerator: 'carers-supported',
      denominator: 'people-in-long-term-support',
      unit: 'ratio',
    }
    const invalid = await browser.post('/measures/local/new', { ...form, denominator: 'carers-supported' })
    expect(invalid.statusCode).toBe(422)
    expect(invalid.body).toContain('Denominator must count something other than the numerator')
    const created = await browser.post('/measures/local/new', form)
    expect(created.statusCode).toBe(303)
    expect(created.headers.location).toBe('/measures/CARERS-PER-LTS?done=added')
    const page = await browser.get('/measures/CARERS-PER-LTS')
    expect(page.body).toContain('Unpaid carers supported over people in long-term support.')
    expect((await browser.get('/measures/CARERS-PER-LTS/edit')).statusCode).toBe(200)
    expect(
      (await browser.post('/measures/CARERS-PER-LTS/edit', { ...form, title: 'Carers per client' }))
        .statusCode,
    ).toBe(303)
    expect((await browser.get('/measures/CARERS-PER-LTS')).body).toContain('Carers per client')
    expect(
      (await (await ctx().browser('admin', 'b')).post('/measures/CARERS-PER-LTS/delete', {})).statusCode,
    ).toBe(404)
    expect((await browser.post('/measures/CARERS-PER-LTS/delete', {})).statusCode).toBe(303)
    expect((await browser.get('/measures/CARERS-PER-LTS')).statusCode).toBe(404)
  })
})

const OWN_MEASURE = {
  code: 'ACCESS-CHECK',
  title: 'A measure for the access checks',
  definition: 'Reviews completed over requests completed.',
  numerator: 'reviews-completed',
  denominator: 'requests-completed',
  unit: 'ratio',
}

/** Every measures route, the permission it needs, and whether it names council A's own measure. */
const ROUTES: {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  url: string
  permission: Permission
  namesA?: boolean
  body?: object
}[] = [
  { method: 'GET', url: '/measures', permission: 'measures' },
  { method: 'GET', url: '/measures/ASCOF-2A', permission: 'measures' },
  { method: 'GET', url: '/measures/ACCESS-CHECK', permission: 'measures', namesA: true },
  { method: 'GET', url: '/measures/ready.json?year=2024-25&quarter=2', permission: 'measures' },
  {
    method: 'GET',
    url: '/measures/ready.json?year=2024-25&code=ACCESS-CHECK',
    permission: 'measures',
    namesA: true,
  },
  { method: 'GET', url: '/measures/population', permission: 'manageMeasures' },
  {
    method: 'POST',
    url: '/measures/population',
    permission: 'manageMeasures',
    body: { year: '2020', aged18To64: '1', aged65Plus: '1' },
  },
  { method: 'GET', url: '/measures/local/new', permission: 'manageMeasures' },
  {
    method: 'POST',
    url: '/measures/local/new',
    permission: 'manageMeasures',
    body: { ...OWN_MEASURE, code: 'NEW-ONE' },
  },
  { method: 'GET', url: '/measures/ACCESS-CHECK/edit', permission: 'manageMeasures', namesA: true },
  {
    method: 'POST',
    url: '/measures/ACCESS-CHECK/edit',
    permission: 'manageMeasures',
    namesA: true,
    body: OWN_MEASURE,
  },
  {
    method: 'POST',
    url: '/measures/ACCESS-CHECK/delete',
    permission: 'manageMeasures',
    namesA: true,
    body: {},
  },
  { method: 'GET', url: '/api/v1/measures', permission: 'measures' },
  { method: 'GET', url: '/api/v1/measures/ACCESS-CHECK', permission: 'measures', namesA: true },
  { method: 'GET', url: '/api/v1/population', permission: 'measures' },
  {
    method: 'PUT',
    url: '/api/v1/population/2020',
    permission: 'manageMeasures',
    body: { aged18To64: 1, aged65Plus: 1 },
  },
  {
    method: 'POST',
    url: '/api/v1/measures/local',
    permission: 'manageMeasures',
    body: { ...OWN_MEASURE, code: 'NEW-ONE' },
  },
  {
    method: 'PUT',
    url: '/api/v1/measures/local/ACCESS-CHECK',
    permission: 'manageMeasures',
    namesA: true,
    body: OWN_MEASURE,
  },
  {
    method: 'DELETE',
    url: '/api/v1/measures/local/ACCESS-CHECK',
    permission: 'manageMeasures',
    namesA: true,
  },
]

describeOnEachDatabase('measures routes: roles, signed out and the other council', (ctx) => {
  /** Calls a route as a role of a council, through the API or a browser session as the route is. */
  async function call(
    route: (typeof ROUTES)[number],
    role: (typeof ROLES)[number],
    council: 'a' | 'b' = 'a',
  ) {
    if (route.url.startsWith('/api/')) {
      const api = await ctx().api(role, council)
      if (route.method === 'GET') return api.get(route.url)
      if (route.method === 'DELETE') return api.delete(route.url)
      return route.method === 'PUT' ? api.put(route.url, route.body) : api.post(route.url, route.body)
    }
    const browser = await ctx().browser(role, council)
    return route.method === 'GET'
      ? browser.get(route.url)
      : browser.post(route.url, route.body as Record<string, string>)
  }

  it('refuses every role without the permission, and anyone signed out, changing nothing', async () => {
    expect((await (await ctx().api('analyst')).post('/api/v1/measures/local', OWN_MEASURE)).statusCode).toBe(
      201,
    )
    const changes = async () =>
      (
        await ctx()
          .database.db.selectFrom('audit_log')
          .select('id')
          .where('record_type', 'in', ['population', 'local measure'])
          .execute()
      ).length
    const before = await changes()
    for (const route of ROUTES) {
      for (const role of ROLES.filter((r) => !can(r, route.permission))) {
        expect((await call(route, role)).statusCode, `${role} ${route.method} ${route.url}`).toBe(403)
      }
      const signedOut = await ctx().app.inject({
        method: route.method,
        url: route.url,
        payload: route.body as object,
      })
      const expected = route.url.startsWith('/api/') ? 401 : route.method === 'GET' ? 302 : 403
      expect(signedOut.statusCode, `signed out ${route.method} ${route.url}`).toBe(expected)
    }
    expect(await changes()).toBe(before)
  })

  it('answers 404 to the other council for council A’s own measure, changing nothing', async () => {
    for (const route of ROUTES.filter((r) => r.namesA)) {
      expect((await call(route, 'analyst', 'b')).statusCode, `council B ${route.method} ${route.url}`).toBe(
        404,
      )
    }
    expect((await (await ctx().api('analyst')).get('/api/v1/measures/ACCESS-CHECK')).json().title).toBe(
      OWN_MEASURE.title,
    )
  })
})

describeOnEachDatabase(
  'measures of a large council, worked out in the background',
  (ctx) => {
    /** Asks whether the figures are ready until they are, as the page's script does. */
    async function untilReady(
      browser: Awaited<ReturnType<ReturnType<typeof ctx>['browser']>>,
      query: string,
    ) {
      for (let asked = 0; asked < 600; asked++) {
        const response = await browser.get(`/measures/ready.json?${query}`)
        expect(response.statusCode).toBe(200)
        if ((response.json() as { ready: boolean }).ready) return
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      throw new Error(`The figures for ${query} were never ready`)
    }

    it('says the figures are being worked out, works them out, then shows them', async () => {
      const { database, councils } = ctx()
      const person = await insertPerson(database, councils.a.id, { date_of_birth: '1945-01-01' })
      const service = {
        council_id: councils.a.id,
        person_id: person.id,
        event_type: 'Service' as const,
        service_type: 'Long term support: Residential care',
        service_component: 'Long term residential care',
      }
      await database.db
        .insertInto('cld_events')
        .values({ ...service, event_start_on: '2024-06-01' })
        .execute()
      const browser = await ctx().browser('analyst')

      const waiting = await browser.get('/measures?year=2024-25')
      expect(waiting.statusCode).toBe(200)
      expect(waiting.body).toContain('Your figures are being worked out')
      expect(waiting.body).toContain('data-ready-url="/measures/ready.json?year=2024-25"')
      expect(waiting.body).toContain('href="/measures?year=2024-25"')
      expect(waiting.body).not.toContain('ASCOF-2C')
      await untilReady(browser, 'year=2024-25')
      const ready = await browser.get('/measures?year=2024-25')
      expect(ready.body).not.toContain('Your figures are being worked out')
      expect(ready.body).toContain('ASCOF-2C')

      // A measure's page waits for every period it shows.
      const measure = await browser.get('/measures/ASCOF-2C?year=2024-25')
      expect(measure.body).toContain('Your figures are being worked out')
      expect(measure.body).toContain('data-ready-url="/measures/ready.json?year=2024-25&amp;code=ASCOF-2C"')
      await untilReady(browser, 'year=2024-25&code=ASCOF-2C')
      expect((await browser.get('/measures/ASCOF-2C?year=2024-25')).body).toContain(
        'Rolling years to each quarter end',
      )

      const api = await ctx().api('analyst')
      const admitted = async () =>
        (
          (await api.get('/api/v1/measures/ASCOF-2C?year=2024-25')).json() as {
            figures: { numerator: number }
          }
        ).figures.numerator
      expect(await admitted()).toBe(1)

      // A change to the records: the figures are worked out again before they are shown.
      await database.db
        .insertInto('cld_events')
        .values({
          ...service,
          person_id: (await insertPerson(database, councils.a.id)).id,
          event_start_on: '2024-07-01',
        })
        .execute()
      expect((await browser.get('/measures?year=2024-25')).body).toContain(
        'Your figures are being worked out',
      )
      await untilReady(browser, 'year=2024-25')
      expect(await admitted()).toBe(2)
    })

    it('starts working out the figures as an import completes, before anyone asks for them', async () => {
      const session = await ctx().app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: emailFor('analyst', 'a'), password: TEST_PASSWORD },
      })
      const authorization = `Bearer ${(session.json() as { token: string }).token}`
      const browser = await ctx().browser('analyst')
      // Nobody has asked for them since the data changed: not ready, and nothing works them out.
      await insertPerson(ctx().database, ctx().councils.a.id)
      expect((await browser.get('/measures/ready.json')).json()).toEqual({ ready: false })

      const file = fs.readFileSync(fileURLToPath(new URL('../fixtures/cld/release-2.csv', import.meta.url)))
      const posted = await ctx().app.inject({
        method: 'POST',
        url: '/api/v1/cld/imports?fileName=release-2.csv',
        headers: { authorization, 'content-type': 'text/csv' },
        payload: file,
      })
      expect(posted.statusCode, posted.body).toBe(202)
      // Only the import's status and the readiness are asked for: no measures page.
      await untilReady(browser, '')
      const status = await ctx().app.inject({
        url: `/api/v1/cld/imports/${posted.json().id}`,
        headers: { authorization },
      })
      expect(status.json()).toMatchObject({ status: 'complete' })
      const page = await browser.get('/measures')
      expect(page.body).not.toContain('Your figures are being worked out')
      expect(page.body).toContain('ASCOF-2A')
    })

    it('starts working out the figures when the service starts, as after an import from the command line', async () => {
      const browser = await ctx().browser('analyst')
      // The data changes while no service works on it, as `ascend import cld` changes it: not ready, and
      // the running service does not work them out unasked.
      await insertPerson(ctx().database, ctx().councils.a.id)
      expect((await browser.get('/measures/ready.json')).json()).toEqual({ ready: false })
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect((await browser.get('/measures/ready.json')).json()).toEqual({ ready: false })

      // Another service starts on the same data; the first reader's page is still not asked for.
      const started = await buildApp({
        database: ctx().database,
        config: readConfig({}, { logLevel: 'silent' }),
        now: () => new Date(`${TODAY}T12:00:00Z`),
        measuresInBackgroundOver: 0,
      })
      try {
        await started.ready()
        await untilReady(browser, '')
        expect((await browser.get('/measures')).body).not.toContain('Your figures are being worked out')
      } finally {
        await started.close()
      }
    })

    it.each([
      ['/measures/ready.json?year=2024', 422],
      ['/measures/ready.json?year=2024-25&quarter=5', 422],
      ['/measures/ready.json?year=2024-25&code=NOT-A-MEASURE', 404],
      ['/measures/ready.json?year=2024-25&code=not%20a%20code', 404],
    ])('answers %s with %i', async (url, status) => {
      expect((await (await ctx().browser('analyst')).get(url)).statusCode).toBe(status)
    })

    it('gives the page’s script', async () => {
      const script = await (await ctx().browser('analyst')).get('/public/ready.js')
      expect(script.statusCode).toBe(200)
      expect(script.headers['content-type']).toContain('javascript')
      expect(script.body).toContain('data-ready-url')
    })
  },
  { measuresInBackgroundOver: 0 },
)

describe('ascend council population', () => {
  it('sets a council’s population from the command line, and refuses a bad year', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-population-'))
    const saved = { dir: process.env.ASCEND_DATA_DIR, url: process.env.DATABASE_URL }
    process.env.ASCEND_DATA_DIR = dataDir
    delete process.env.DATABASE_URL
    const log = console.log
    const lines: string[] = []
    console.log = (line: string) => lines.push(line)
    try {
      expect(await main(['council', 'add', '--code', 'POP1', '--name', 'Population test'])).toBe(0)
      expect(
        await main([
          'council',
          'population',
          '--council',
          'POP1',
          '--year',
          '2024',
          '--ages-18-64',
          '350000',
          '--ages-65-plus',
          '120000',
        ]),
      ).toBe(0)
      expect(
        await main([
          'council',
          'population',
          '--council',
          'POP1',
          '--year',
          'soon',
          '--ages-18-64',
          '1',
          '--ages-65-plus',
          '1',
        ]),
      ).toBe(2)
    } finally {
      console.log = log
      if (saved.dir === undefined) delete process.env.ASCEND_DATA_DIR
      else process.env.ASCEND_DATA_DIR = saved.dir
      if (saved.url !== undefined) process.env.DATABASE_URL = saved.url
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
    expect(lines.at(-1)).toBe(
      'Set POP1’s mid-2024 population: 350,000 aged 18 to 64, 120,000 aged 65 and over',
    )
  })
})
