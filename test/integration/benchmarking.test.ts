import { expect, it } from 'vitest'
import { buildPack, type MeasureFigures } from '../../src/modules/benchmarking/pack-builder.ts'
import { type BenchmarkPack, packToCsv, readPack } from '../../src/modules/benchmarking/pack-format.ts'
import { recordEvent } from '../../src/modules/events/store.ts'
import type { Role } from '../../src/modules/identity/roles.ts'
import { insertPerson } from '../support/fixtures.ts'
import {
  type CouncilKey,
  describeOnEachDatabase,
  emailFor,
  type TestContext,
} from '../support/test-context.ts'
import { uploadFile } from '../support/upload-file.ts'

const YEAR = '2025-26'

const percent = (code: string, title: string, n: number, d: number): MeasureFigures => ({
  code,
  title,
  unit: 'percent',
  numerator: n,
  denominator: d,
  value: d ? (n / d) * 100 : null,
})

/** A peer's pack as another ASCEND would export it. */
function peerPack(
  code: string,
  figures: { homeCare: [number, number]; population65plus: number; deprivationScore: number | null },
  year = YEAR,
): BenchmarkPack {
  return buildPack({
    council: { code, name: `Peer council ${code}`, synthetic: true },
    year,
    generatedAt: new Date('2026-05-01T10:00:00Z'),
    generator: 'ASCEND test',
    measures: [
      percent('HOMECARE-10H', 'Home care packages of 10 or more hours a week', ...figures.homeCare),
      {
        code: 'ASCOF-2C',
        title: 'Admissions of people aged 65 and over to care homes, per 100,000',
        unit: 'per 100,000',
        numerator: 120,
        denominator: figures.population65plus,
        value: (120 / figures.population65plus) * 100_000,
      },
    ],
    entered: { deprivationScore: figures.deprivationScore, ruralPercent: null },
  })
}

const PEERS = {
  NEAR1: peerPack('NEAR1', { homeCare: [40, 100], population65plus: 61_000, deprivationScore: 21 }),
  NEAR2: peerPack('NEAR2', { homeCare: [70, 100], population65plus: 58_000, deprivationScore: 19 }),
  FAR1: peerPack('FAR1', { homeCare: [3, 100], population65plus: 250_000, deprivationScore: 40 }),
}

async function packRows(ctx: TestContext, council: CouncilKey) {
  return ctx.database.db
    .selectFrom('benchmark_packs')
    .select(['peer_code', 'year', 'generated_at'])
    .where('council_id', '=', ctx.councils[council].id)
    .orderBy('peer_code')
    .execute()
}

async function benchmarkingRows(ctx: TestContext, council: CouncilKey) {
  const id = ctx.councils[council].id
  const group = await ctx.database.db
    .selectFrom('benchmark_peer_groups')
    .selectAll()
    .where('council_id', '=', id)
    .executeTakeFirst()
  const context = await ctx.database.db
    .selectFrom('benchmark_council_context')
    .select(['deprivation_score', 'rural_percent'])
    .where('council_id', '=', id)
    .executeTakeFirst()
  return { packs: await packRows(ctx, council), group: group?.peer_codes ?? null, context: context ?? null }
}

/** Posts a pack file the way a browser's file upload does. */
const upload = (ctx: TestContext, role: Role, fileName: string, content: string, council: CouncilKey = 'a') =>
  uploadFile(ctx, role, '/benchmarking/packs', 'pack', fileName, content, council)

/** Twelve people with long-term home care at the end of 2025-26: seven with 12 hours a week, five with 6. */
async function seedHomeCare(ctx: TestContext) {
  for (let i = 0; i < 12; i++) {
    const person = await insertPerson(ctx.database, ctx.councils.a.id, { date_of_birth: '1940-03-15' })
    await recordEvent(ctx.database.db, {
      council_id: ctx.councils.a.id,
      person_id: person.id,
      event_type: 'Service',
      event_start_on: '2025-01-06',
      service_type: 'Long term support: Community',
      service_component: 'Home Support or Domiciliary Care',
      delivery_mechanism: 'CASSR Managed Personal Budget',
      cost_frequency_unit_type: 'Hourly',
      unit_cost_pence: 2500,
      planned_units_per_week: i < 7 ? 12 : 6,
    })
  }
  await ctx.database.db
    .insertInto('council_populations')
    .values({ council_id: ctx.councils.a.id, year: 2025, aged_18_to_64: 201_234, aged_65_plus: 60_123 })
    .execute()
}

describeOnEachDatabase('benchmarking', (ctx) => {
  let nearId = ''

  it('exports the council’s own pack for a year, through disclosure control, as JSON and CSV', async () => {
    await seedHomeCare(ctx())
    const api = await ctx().api('analyst')
    const response = await api.get(`/api/v1/benchmark-packs/own?year=${YEAR}`)
    expect(response.statusCode).toBe(200)
    const pack = readPack(response.json())
    expect(pack).toMatchObject({
      format: 'ascend-benchmark-pack',
      version: 1,
      council: { code: 'TESTA', name: 'Test council A', synthetic: false },
      year: YEAR,
      context: { population18to64: 201_235, population65plus: 60_125, peopleInLongTermSupport: 10 },
    })
    // 7 of 12: both rounded (to 5 and 10), the value worked out from them.
    expect(pack.measures.find((m) => m.code === 'HOMECARE-10H')).toMatchObject({
      numerator: 5,
      denominator: 10,
      value: 50,
      suppressed: false,
    })
    // Nothing under 5 is published, anywhere.
    for (const m of pack.measures) {
      for (const n of [m.numerator, m.denominator]) if (n !== null) expect(n % 5 === 0 && n >= 5).toBe(true)
    }

    const csv = await api.get(`/api/v1/benchmark-packs/own?year=${YEAR}&format=csv`)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body.split('\n')[0]).toMatch(/^format,version,council_code/)

    const browser = await ctx().browser('commissioner')
    const download = await browser.get(`/benchmarking/export?year=${YEAR}&format=json`)
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-disposition']).toBe(`attachment; filename="TESTA-${YEAR}.json"`)
    expect(readPack(download.json()).year).toBe(YEAR)
    const latest = await browser.get('/benchmarking/export?format=csv')
    expect(latest.headers['content-disposition']).toBe(`attachment; filename="TESTA-${YEAR}.csv"`)

    // Every pack that leaves the council is in its audit log.
    const exports = await ctx()
      .database.db.selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('council_id', '=', ctx().councils.a.id)
      .where('record_type', '=', 'benchmark-pack-export')
      .orderBy('id')
      .execute()
    expect(exports.map((e) => [e.action, (e.detail as { channel: string }).channel])).toEqual([
      ['read', 'api'],
      ['read', 'api'],
      ['read', 'web'],
      ['read', 'web'],
    ])
  })

  it('imports peers’ packs on the API (JSON and CSV) and by upload, a newer one replacing the older', async () => {
    const api = await ctx().api('analyst')
    const first = await api.post('/api/v1/benchmark-packs', PEERS.NEAR1)
    expect(first.statusCode).toBe(201)
    expect(first.json()).toMatchObject({
      replaced: false,
      council: { code: 'NEAR1' },
      year: YEAR,
      measures: 2,
    })
    nearId = first.json().id

    const again = await api.post('/api/v1/benchmark-packs', {
      ...PEERS.NEAR1,
      generatedAt: '2026-05-02T10:00:00.000Z',
    })
    expect(again.statusCode).toBe(201)
    expect(again.json()).toMatchObject({ id: nearId, replaced: true })

    const app = ctx().app
    const token = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: emailFor('analyst', 'a'), password: 'correct horse battery staple' },
      })
    ).json().token
    const asCsv = await app.inject({
      method: 'POST',
      url: '/api/v1/benchmark-packs',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      payload: packToCsv(PEERS.NEAR2),
    })
    expect(asCsv.statusCode).toBe(201)
    expect(asCsv.json()).toMatchObject({ council: { code: 'NEAR2' } })

    const uploaded = await upload(ctx(), 'head_of_service', 'FAR1-2025-26.json', JSON.stringify(PEERS.FAR1))
    expect(uploaded.statusCode).toBe(303)
    expect(uploaded.headers.location).toBe(`/benchmarking?year=${YEAR}&done=imported`)

    const list = (await api.get('/api/v1/benchmark-packs')).json()
    expect(list.packs.map((p: { council: { code: string } }) => p.council.code)).toEqual([
      'FAR1',
      'NEAR1',
      'NEAR2',
    ])
    const page = await (await ctx().browser('analyst')).get(`/benchmarking?year=${YEAR}&done=imported`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Pack imported.')
    expect(page.body).toContain('Peer council FAR1 (FAR1)')

    const audit = await ctx()
      .database.db.selectFrom('audit_log')
      .select(['action'])
      .where('council_id', '=', ctx().councils.a.id)
      .where('record_type', '=', 'benchmark-pack')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'create', 'create'])
  })

  it('refuses a pack of another version, an unrounded pack and the council’s own, saying why and storing nothing', async () => {
    const api = await ctx().api('analyst')
    const before = await benchmarkingRows(ctx(), 'a')
    const v2 = await api.post('/api/v1/benchmark-packs', { ...PEERS.NEAR1, version: 2 })
    expect(v2.statusCode).toBe(422)
    expect(v2.json().errors).toEqual([
      {
        field: 'version',
        message:
          'This pack is version 2; ASCEND reads version 1 packs. Ask Peer council NEAR1 to export it again as a version 1 pack.',
      },
    ])
    const unrounded = structuredClone(PEERS.NEAR2)
    ;(unrounded.measures[0] as { numerator: number }).numerator = 3
    const bad = await api.post('/api/v1/benchmark-packs', unrounded)
    expect(bad.statusCode).toBe(422)
    expect(bad.json().errors[0]).toMatchObject({ field: 'measures.0.numerator' })
    const own = await api.post('/api/v1/benchmark-packs', {
      ...PEERS.NEAR1,
      council: { ...PEERS.NEAR1.council, code: 'TESTA' },
    })
    expect(own.statusCode).toBe(422)
    expect(own.json().errors[0].message).toBe(
      'This is your own council’s pack (TESTA): import packs from other councils',
    )
    expect((await api.post('/api/v1/benchmark-packs', { hello: 'world' })).statusCode).toBe(422)

    const page = await upload(ctx(), 'analyst', 'old.json', JSON.stringify({ ...PEERS.FAR1, version: 0 }))
    expect(page.statusCode).toBe(422)
    expect(page.body).toContain('href="#pack"')
    expect(page.body).toContain('This pack is version 0; ASCEND reads version 1 packs.')
    const empty = await upload(ctx(), 'analyst', '', '')
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('Choose a benchmark pack file (.json or .csv) to import')
    const notPack = await upload(ctx(), 'analyst', 'people.csv', 'name,age\nAda,36\n')
    expect(notPack.statusCode).toBe(422)
    expect(notPack.body).toContain('The file is not an ASCEND benchmark pack')
    const noFile = await (await ctx().browser('analyst')).post('/benchmarking/packs', {})
    expect(noFile.statusCode).toBe(422)
    expect(await benchmarkingRows(ctx(), 'a')).toEqual(before)
  })

  it('finds nearest neighbours on context figures, and takes a peer group chosen by hand', async () => {
    const api = await ctx().api('analyst')
    const context = await api.put('/api/v1/benchmarking/context', {
      deprivationScore: 20.04,
      ruralPercent: null,
    })
    expect(context.statusCode).toBe(200)
    expect(context.json()).toEqual({ deprivationScore: 20.04, ruralPercent: null })

    const nearest = await api.put('/api/v1/benchmarking/peer-group', {
      method: 'nearest',
      k: 2,
      variables: ['population65plus', 'deprivationScore', 'ruralPercent'],
      year: YEAR,
    })
    expect(nearest.statusCode).toBe(200)
    const body = nearest.json()
    expect(body.peerGroup).toEqual({
      method: 'nearest',
      peerCodes: ['NEAR1', 'NEAR2'],
      variables: ['population65plus', 'deprivationScore'],
      year: YEAR,
    })
    expect(body.neighbours.unusedVariables).toEqual(['ruralPercent'])
    expect(body.neighbours.ranked.map((n: { code: string }) => n.code)).toEqual(['NEAR1', 'NEAR2', 'FAR1'])
    expect(body.neighbours.ranked[2].rebased).toBe(1)

    const page = await (await ctx().browser('analyst')).get('/benchmarking/peer-group')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Nearest neighbours in 2025-26, nearest first')
    expect(page.body).toContain('Peer council NEAR1 (NEAR1)')

    const browser = await ctx().browser('commissioner')
    const byHand = await browser.post('/benchmarking/peer-group', {
      method: 'hand',
      peers: ['NEAR2', 'FAR1'],
    })
    expect(byHand.statusCode).toBe(303)
    expect((await api.get('/api/v1/benchmarking/peer-group')).json().peerGroup).toMatchObject({
      method: 'hand',
      peers: ['FAR1', 'NEAR2'],
    })
    const back = await browser.post('/benchmarking/peer-group', {
      method: 'nearest',
      k: '2',
      variables: ['population65plus', 'deprivationScore'],
      year: YEAR,
    })
    expect(back.statusCode).toBe(303)
  })

  it('refuses a bad peer group or context with a message per field and changes nothing', async () => {
    const api = await ctx().api('analyst')
    const before = await benchmarkingRows(ctx(), 'a')
    const cases: [string, unknown, string, string][] = [
      [
        '/api/v1/benchmarking/peer-group',
        { method: 'hand', peers: [] },
        'peers',
        'Choose at least one peer council',
      ],
      [
        '/api/v1/benchmarking/peer-group',
        { method: 'hand', peers: ['NOPE'] },
        'peers',
        'You have no pack from NOPE: import one before choosing it',
      ],
      [
        '/api/v1/benchmarking/peer-group',
        { method: 'nearest', k: 0, variables: ['population65plus'] },
        'k',
        'Enter how many neighbours to find, a whole number from 1 to 30',
      ],
      [
        '/api/v1/benchmarking/peer-group',
        { method: 'nearest', k: 3, variables: [] },
        'variables',
        'Choose at least one context figure to compare councils on',
      ],
      [
        '/api/v1/benchmarking/peer-group',
        { method: 'nearest', k: 3, variables: ['population65plus'], year: '2024-25' },
        'year',
        'You have no peers’ packs for 2024-25: import some first',
      ],
      [
        '/api/v1/benchmarking/peer-group',
        { method: 'nearest', k: 3, variables: ['ruralPercent'], year: YEAR },
        'variables',
        'Your council has none of the chosen context figures for this year: choose others, or enter them',
      ],
      [
        '/api/v1/benchmarking/peer-group',
        { method: 'guess' },
        'method',
        'Choose how to pick your peers: by hand or by nearest neighbours',
      ],
      [
        '/api/v1/benchmarking/context',
        { deprivationScore: 101 },
        'deprivationScore',
        'Enter the deprivation score as a number from 0 to 100',
      ],
      [
        '/api/v1/benchmarking/context',
        { ruralPercent: 'lots' },
        'ruralPercent',
        'Enter the rural share as a number from 0 to 100',
      ],
    ]
    for (const [url, payload, field, message] of cases) {
      const response = await api.put(url, payload)
      expect(response.statusCode, JSON.stringify(payload)).toBe(422)
      expect(response.json().errors).toContainEqual({ field, message })
    }
    const browser = await ctx().browser('analyst')
    const page = await browser.post('/benchmarking/peer-group', {
      method: 'nearest',
      k: 'many',
      variables: 'population65plus',
    })
    expect(page.statusCode).toBe(422)
    expect(page.body).toContain('href="#k"')
    expect(page.body).toContain('value="many"')
    const contextPage = await browser.post('/benchmarking/context', {
      deprivationScore: '-1',
      ruralPercent: '12',
    })
    expect(contextPage.statusCode).toBe(422)
    expect(contextPage.body).toContain('href="#deprivationScore"')
    expect(await benchmarkingRows(ctx(), 'a')).toEqual(before)
  })

  it('compares a measure across the peer group, the council highlighted, as a chart with the same figures in a table', async () => {
    const api = await ctx().api('analyst')
    const response = await api.get(`/api/v1/benchmarking/measures/HOMECARE-10H?year=${YEAR}`)
    expect(response.statusCode).toBe(200)
    const comparison = response.json()
    expect(comparison.council).toMatchObject({ numerator: 7, denominator: 12 })
    expect(comparison.peers.map((p: { code: string; value: number }) => [p.code, p.value])).toEqual([
      ['NEAR1', 40],
      ['NEAR2', 70],
    ])
    expect(comparison.position).toEqual({ rank: 2, of: 3, peerMedian: 55, comparedWithMedian: 'above' })

    const page = await (await ctx().browser('head_of_service')).get(
      `/benchmarking/measures/HOMECARE-10H?year=${YEAR}`,
    )
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<svg')
    expect(page.body).toContain('role="img"')
    expect(page.body).toContain('Test council A (you)')
    expect(page.body).toContain('58.3%')
    expect(page.body).toContain('The figures in the chart')
    expect(page.body).toContain('2nd highest of 3')

    const spread = await (await ctx().browser('analyst')).get(`/benchmarking/spread?year=${YEAR}`)
    expect(spread.statusCode).toBe(200)
    expect(spread.body).toContain('Home care packages of 10 or more hours a week')
    expect(spread.body).toContain('You: 58.3%')
    const spreadApi = (await api.get(`/api/v1/benchmarking/spread?year=${YEAR}`)).json()
    const homeCare = spreadApi.measures.find((m: { code: string }) => m.code === 'HOMECARE-10H')
    expect(homeCare.spread).toMatchObject({ count: 3, min: 40, max: 70 })

    expect((await api.get(`/api/v1/benchmarking/measures/NOT-A-MEASURE?year=${YEAR}`)).statusCode).toBe(404)
    expect((await api.get(`/api/v1/benchmarking/measures/HOMECARE-10H?year=1999-00`)).statusCode).toBe(422)
    const schema = (await api.get('/api/v1/benchmark-packs/schema')).json()
    expect(schema.properties.version).toMatchObject({ const: 1 })
  })

  it('shows the pages: benchmarking, peer group, context', async () => {
    const browser = await ctx().browser('analyst')
    for (const url of [
      '/benchmarking',
      `/benchmarking?year=${YEAR}`,
      '/benchmarking/peer-group',
      '/benchmarking/context',
    ]) {
      const page = await browser.get(url)
      expect(page.statusCode, url).toBe(200)
    }
    const bad = await browser.get('/benchmarking?year=1999-00')
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('href="#year"')
  })

  it('keeps each council’s packs to itself: another council’s pack answers 404', async () => {
    const before = await benchmarkingRows(ctx(), 'a')
    const api = await ctx().api('analyst', 'b')
    expect((await api.get('/api/v1/benchmark-packs')).json().packs).toEqual([])
    expect((await api.delete(`/api/v1/benchmark-packs/${nearId}`)).statusCode).toBe(404)
    const browser = await ctx().browser('analyst', 'b')
    expect((await browser.post(`/benchmarking/packs/${nearId}/remove`, {})).statusCode).toBe(404)
    // Council B's comparisons see none of A's peers.
    const comparison = (await api.get(`/api/v1/benchmarking/measures/HOMECARE-10H?year=${YEAR}`)).json()
    expect(comparison.peers).toEqual([])
    expect(await benchmarkingRows(ctx(), 'a')).toEqual(before)
  })

  it('removes a pack', async () => {
    const browser = await ctx().browser('analyst')
    const removed = await browser.post(`/benchmarking/packs/${nearId}/remove`, {})
    expect(removed.statusCode).toBe(303)
    expect((await packRows(ctx(), 'a')).map((p) => p.peer_code)).toEqual(['FAR1', 'NEAR2'])
    const api = await ctx().api('analyst')
    const far = (await api.get('/api/v1/benchmark-packs')).json().packs[0].id
    expect((await api.delete(`/api/v1/benchmark-packs/${far}`)).statusCode).toBe(204)
    expect((await packRows(ctx(), 'a')).map((p) => p.peer_code)).toEqual(['NEAR2'])
  })

  it('sends a visitor who is not signed in to sign in, and answers the API with 401', async () => {
    const page = await ctx().app.inject({
      method: 'GET',
      url: '/benchmarking/spread',
      headers: { accept: 'text/html' },
    })
    expect(page.statusCode).toBe(302)
    expect(page.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent('/benchmarking/spread')}`)
    expect((await ctx().app.inject({ method: 'GET', url: '/api/v1/benchmark-packs' })).statusCode).toBe(401)
  })

  it.each<Role>(['practitioner', 'team_manager', 'panel_member', 'finance', 'admin'])(
    'refuses every route to a %s',
    async (role) => {
      const api = await ctx().api(role)
      const browser = await ctx().browser(role)
      const before = await benchmarkingRows(ctx(), 'a')
      const id = '00000000-0000-4000-8000-000000000000'
      const responses = [
        await api.get('/api/v1/benchmark-packs'),
        await api.post('/api/v1/benchmark-packs', PEERS.FAR1),
        await api.delete(`/api/v1/benchmark-packs/${id}`),
        await api.get('/api/v1/benchmark-packs/own'),
        await api.get('/api/v1/benchmark-packs/schema'),
        await api.get('/api/v1/benchmarking/peer-group'),
        await api.put('/api/v1/benchmarking/peer-group', { method: 'hand', peers: ['NEAR2'] }),
        await api.get('/api/v1/benchmarking/measures/HOMECARE-10H'),
        await api.get('/api/v1/benchmarking/spread'),
        await api.get('/api/v1/benchmarking/context'),
        await api.put('/api/v1/benchmarking/context', { deprivationScore: 1 }),
        await browser.get('/benchmarking'),
        await browser.post(`/benchmarking/packs/${id}/remove`, {}),
        await upload(ctx(), role, 'FAR1.json', JSON.stringify(PEERS.FAR1)),
        await browser.get('/benchmarking/export'),
        await browser.get('/benchmarking/peer-group'),
        await browser.post('/benchmarking/peer-group', { method: 'hand', peers: 'NEAR2' }),
        await browser.get('/benchmarking/measures/HOMECARE-10H'),
        await browser.get('/benchmarking/spread'),
        await browser.get('/benchmarking/context'),
        await browser.post('/benchmarking/context', { deprivationScore: '1' }),
      ]
      expect(responses.map((r) => r.statusCode)).toEqual(responses.map(() => 403))
      expect(await benchmarkingRows(ctx(), 'a')).toEqual(before)
    },
  )
})
