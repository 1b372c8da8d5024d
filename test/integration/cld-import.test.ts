import fs from 'node:fs'
import { PassThrough, Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { recoverImports, runImport } from '../../src/modules/cld/importer.ts'
import { eventKey } from '../../src/modules/cld/rules.ts'
import { createImport } from '../../src/modules/cld/store.ts'
import { writeSyntheticCldFile } from '../../src/modules/cld/synthetic-file.ts'
import { can, ROLES } from '../../src/modules/identity/roles.ts'
import {
  type ApiClient,
  describeOnEachDatabase,
  emailFor,
  signInWithBrowser,
  type TestContext,
} from '../support/test-context.ts'

const fixture = (name: string) =>
  fs.readFileSync(fileURLToPath(new URL(`../fixtures/cld/${name}`, import.meta.url)), 'utf8')

/** Posts a CLD file to the API and waits for the import to end. */
async function importThroughApi(ctx: TestContext, api: ApiClient, text: string, fileName = 'cld.csv') {
  const response = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/cld/imports?fileName=${encodeURIComponent(fileName)}`,
    headers: { authorization: (await bearer(ctx, 'analyst')).authorization, 'content-type': 'text/csv' },
    payload: text,
  })
  expect(response.statusCode, response.body).toBe(202)
  return waitForImport(api, response.json().id)
}

async function waitForImport(api: ApiClient, id: string) {
  for (let attempt = 0; attempt < 2_000; attempt++) {
    const status = (await api.get(`/api/v1/cld/imports/${id}`)).json()
    if (status.status === 'failed' || (status.status === 'complete' && status.personDetailsApplied))
      return status
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('The import did not end')
}

const contexts = new WeakMap<TestContext, Map<string, string>>()
/** An Authorization header for a user of the context (its own sign-in: the API client hides its token). */
async function bearer(ctx: TestContext, role: (typeof ROLES)[number], council: 'a' | 'b' = 'a') {
  const key = `${role}|${council}`
  let tokens = contexts.get(ctx)
  if (!tokens) {
    tokens = new Map()
    contexts.set(ctx, tokens)
  }
  if (!tokens.has(key)) {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: emailFor(role, council), password: 'correct horse battery staple' },
    })
    tokens.set(key, response.json().token)
  }
  return { authorization: `Bearer ${tokens.get(key)}` }
}

/** The live events of a council, as comparable rows. */
async function liveEvents(ctx: TestContext, councilId: string) {
  const result = await sql<Record<string, unknown>>`
    SELECT e.id, p.la_person_id, e.event_type, e.client_type, e.event_start_on, e.event_end_on, e.event_outcome,
      e.request_route_of_access, e.assessment_type, e.service_type, e.service_component, e.delivery_mechanism,
      e.unit_cost_pence, e.cost_frequency_unit_type, e.planned_units_per_week, e.review_reason,
      e.review_outcomes_achieved, e.method_of_review, e.method_of_assessment, e.eligible_needs_identified,
      e.client_funding_status
    FROM cld_events_live e JOIN people p ON p.id = e.person_id
    WHERE e.council_id = ${councilId}::uuid
    ORDER BY p.la_person_id, e.event_start_on, e.event_type`.execute(ctx.database.db)
  return result.rows
}

const count = async (ctx: TestContext, query: ReturnType<typeof sql<{ n: number }>>) =>
  Number((await query.execute(ctx.database.db)).rows[0]?.n)

describeOnEachDatabase('CLD import', (ctx) => {
  it('loads a Release 2 file through the API: people, events, and a summary', async () => {
    const api = await ctx().api('analyst')
    const result = await importThroughApi(ctx(), api, fixture('release-2.csv'), 'release-2.csv')
    expect(result).toMatchObject({
      status: 'complete',
      fileName: 'release-2.csv',
      rowsRead: 9,
      rowsLoaded: 9,
      rowsUnchanged: 0,
      rowsWithProblems: 0,
      rowsDropped: 0,
      problems: 0,
      peopleCreated: 4,
      percentRead: 100,
      reportingPeriodStartOn: '2025-04-01',
      reportingPeriodEndOn: '2026-03-31',
    })
    const events = await liveEvents(ctx(), ctx().councils.a.id)
    expect(events).toHaveLength(8)
    expect(events.find((e) => e.service_type === 'Long term support: Community')).toMatchObject({
      la_person_id: 'P1',
      event_start_on: '2025-05-21',
      event_end_on: null,
      unit_cost_pence: 2250,
      planned_units_per_week: 10,
      client_funding_status: 'Fully social care funded',
    })
    const people = await ctx()
      .database.db.selectFrom('people_live')
      .selectAll()
      .where('council_id', '=', ctx().councils.a.id)
      .where('la_person_id', 'in', ['P1', 'C1', 'K1'])
      .orderBy('la_person_id')
      .execute()
    expect(people.map((p) => [p.la_person_id, p.client_type, p.given_name, p.nhs_number])).toEqual([
      ['C1', 'Unpaid carer', null, '9990000034'],
      ['K1', 'Unpaid carer known by association', null, '9990000042'],
      ['P1', 'Service user', null, '9990000018'],
    ])
    expect(people[0]).toMatchObject({ total_hrs_caring_per_week: '35-49', adult_1_linked_person_id: 'P1' })
  })

  it('reads the same file in Release 1 spellings as the same events: importing it changes nothing', async () => {
    const api = await ctx().api('analyst')
    const before = await liveEvents(ctx(), ctx().councils.a.id)
    const result = await importThroughApi(ctx(), api, fixture('release-1.csv'), 'release-1.csv')
    expect(result).toMatchObject({
      status: 'complete',
      rowsRead: 9,
      rowsLoaded: 9,
      rowsUnchanged: 8,
      problems: 0,
      peopleCreated: 0,
    })
    expect(await liveEvents(ctx(), ctx().councils.a.id)).toEqual(before)
  })

  it('changes nothing when the same file is imported again: same events, same ids', async () => {
    const api = await ctx().api('analyst')
    const before = await liveEvents(ctx(), ctx().councils.a.id)
    const total = await count(ctx(), sql<{ n: number }>`SELECT count(*) AS n FROM cld_events`)
    const result = await importThroughApi(ctx(), api, fixture('release-2.csv'))
    expect(result).toMatchObject({ status: 'complete', rowsLoaded: 9, rowsUnchanged: 8, eventsSuperseded: 0 })
    expect(await liveEvents(ctx(), ctx().councils.a.id)).toEqual(before)
    expect(await count(ctx(), sql<{ n: number }>`SELECT count(*) AS n FROM cld_events`)).toBe(total)
  })

  it('computes the same unique-event key in TypeScript as the database function', async () => {
    const rows = await sql<Record<string, string | null> & { key: string }>`
      SELECT e.*, cld_event_key(e.event_type, e.person_id, e.client_type, e.event_start_on, e.event_end_on,
        e.request_route_of_access, e.assessment_type, e.service_type, e.service_component) AS key
      FROM cld_events e WHERE e.council_id = ${ctx().councils.a.id}::uuid`.execute(ctx().database.db)
    expect(rows.rows.length).toBeGreaterThan(0)
    for (const row of rows.rows) {
      expect(eventKey(row as never, row.person_id as string)).toBe(row.key)
    }
  })

  it('lets a later rolling file supersede the events it holds again, keeping the rest', async () => {
    const b = ctx().councils.b
    const rewrite = (text: string) => text.replace(/^TESTA,/gm, `${b.code},`)
    const q2 = await importThroughApiAs(ctx(), 'b', rewrite(fixture('rolling-2025-26-q2.csv')))
    expect(q2).toMatchObject({ status: 'complete', rowsLoaded: 3 })
    const afterQ2 = await liveEvents(ctx(), b.id)
    const q3 = await importThroughApiAs(ctx(), 'b', rewrite(fixture('rolling-2025-26-q3.csv')))
    expect(q3).toMatchObject({
      status: 'complete',
      rowsRead: 4,
      rowsLoaded: 4,
      rowsUnchanged: 1,
      eventsSuperseded: 2,
    })
    const afterQ3 = await liveEvents(ctx(), b.id)
    expect(afterQ3.map((e) => [e.event_type, e.event_start_on, e.event_end_on, e.event_outcome])).toEqual([
      ['Request', '2025-05-01', '2025-05-03', 'Progress to assessment, review or reassessment'],
      ['Service', '2025-05-21', '2025-12-01', 'NFA: Support ended as planned'],
      ['Review', '2025-09-20', '2025-09-21', 'Continuation of support or services'],
      ['Request', '2025-12-02', '2025-12-03', 'NFA: Information and advice or signposting'],
    ])
    // The request the later file repeated unchanged is the same record.
    expect(afterQ3[0]?.id).toBe(afterQ2[0]?.id)
    // The replaced events are kept, superseded, not deleted.
    expect(
      await count(
        ctx(),
        sql<{
          n: number
        }>`SELECT count(*) AS n FROM cld_events WHERE superseded_by_import_id = ${q3.id}::uuid`,
      ),
    ).toBe(2)
  })

  it('keeps one copy of an event repeated in a file and reports the others', async () => {
    const result = await importThroughApiAs(
      ctx(),
      'b',
      fixture('duplicates.csv').replace(/^TESTA,/gm, `${ctx().councils.b.code},`),
    )
    expect(result).toMatchObject({
      status: 'complete',
      rowsRead: 4,
      rowsLoaded: 2,
      rowsDropped: 2,
      rowsWithProblems: 2,
    })
    const csv = await ctx().app.inject({
      url: `/api/v1/cld/imports/${result.id}/problems.csv`,
      headers: await bearer(ctx(), 'analyst', 'b'),
    })
    expect(csv.body.trim().split('\n')).toEqual([
      'line,field,value,problem,action',
      '2,(row),,"The same event as line 3 (same person, client type, event type, dates and details)",Row dropped: line 3 kept',
      '4,(row),,"The same event as line 5 (same person, client type, event type, dates and details)",Row dropped: line 5 kept',
    ])
  })

  it('reports exactly the bad rows of a malformed file uploaded through the page, and loads the rest', async () => {
    const { cookie, csrf } = await signInWithBrowser(ctx().app, emailFor('commissioner', 'a'))
    const upload = await postUpload(ctx(), cookie, csrf, 'malformed.csv', fixture('malformed.csv'))
    expect(upload.statusCode).toBe(303)
    const page = upload.headers.location as string
    expect(page).toMatch(/^\/cld\/imports\/[0-9a-f-]{36}$/)
    const id = page.split('/').pop() as string
    const result = await waitForImport(await ctx().api('commissioner'), id)
    expect(result).toMatchObject({
      rowsRead: 11,
      rowsLoaded: 5,
      rowsDropped: 6,
      rowsWithProblems: 9,
      problems: 10,
    })

    const html = (await ctx().app.inject({ url: page, headers: { cookie, accept: 'text/html' } })).body
    expect(html).toContain('Problems 1 to 10 of 10')
    expect(html).toContain('Before the event start date (2025-11-20)')
    expect(html).toContain('Download the problem report (CSV)')

    const csv = await ctx().app.inject({ url: `${page}/problems.csv`, headers: { cookie } })
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    expect(csv.headers['content-disposition']).toBe('attachment; filename="malformed-problems.csv"')
    const lines = csv.body.trim().split('\n')
    expect(lines[0]).toBe('line,field,value,problem,action')
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      '3,Event_Start_Date',
      '4,Date_of_Birth',
      '5,Gender',
      '6,Event_End_Date',
      '7,LA_Person_Unique_Identifier',
      '8,LA_Code',
      '9,Event_Type',
      '10,Service_Component',
      '10,Unit_Cost',
      '13,(row)',
    ])
    const audited = await ctx()
      .database.db.selectFrom('audit_log')
      .select(['action', 'record_id'])
      .where('record_type', '=', 'cld_import')
      .where('record_id', '=', id)
      .execute()
    expect(audited.map((a) => a.action).sort()).toEqual(['create', 'read', 'read'])
  })

  it('pages the problem report fifty problems at a time', async () => {
    const out = new PassThrough()
    const chunks: Buffer[] = []
    out.on('data', (chunk: Buffer) => chunks.push(chunk))
    await writeSyntheticCldFile(out, {
      rows: 60,
      councilCode: ctx().councils.a.code,
      seed: 5,
      periodStartOn: '2025-04-01',
      periodEndOn: '2026-03-31',
      invalidShare: 1,
      firstPersonNumber: 900_000,
    })
    out.end()
    const result = await importThroughApi(
      ctx(),
      await ctx().api('analyst'),
      Buffer.concat(chunks).toString('utf8'),
    )
    expect(result).toMatchObject({ status: 'complete', problems: 60 })
    const { cookie } = await signInWithBrowser(ctx().app, emailFor('analyst', 'a'))
    const first = await ctx().app.inject({
      url: `/cld/imports/${result.id}`,
      headers: { cookie, accept: 'text/html' },
    })
    expect(first.body).toContain('Problems 1 to 50 of 60')
    expect(first.body).toContain('count in the council’s figures: <a class="govuk-link" href="/measures">')
    expect(first.body).toContain(`href="/cld/imports/${result.id}?page=2"`)
    const second = await ctx().app.inject({
      url: `/cld/imports/${result.id}?page=2`,
      headers: { cookie, accept: 'text/html' },
    })
    expect(second.body).toContain('Problems 51 to 60 of 60')
  })

  it('fails a file whose header is not CLD, saying why, and loads nothing', async () => {
    const before = await count(ctx(), sql<{ n: number }>`SELECT count(*) AS n FROM cld_events`)
    const result = await importThroughApi(ctx(), await ctx().api('analyst'), fixture('wrong-headers.csv'))
    expect(result).toMatchObject({
      status: 'failed',
      error: 'The header is missing columns every CLD file must have: Event_Type, Event_Start_Date.',
      rowsLoaded: 0,
    })
    expect(await count(ctx(), sql<{ n: number }>`SELECT count(*) AS n FROM cld_events`)).toBe(before)
    const { cookie } = await signInWithBrowser(ctx().app, emailFor('analyst', 'a'))
    const page = await ctx().app.inject({ url: `/cld/imports/${result.id}`, headers: { cookie } })
    expect(page.body).toContain('Nothing from the file was loaded.')
    expect(page.body).not.toContain('see the measures')
  })
})

async function importThroughApiAs(ctx: TestContext, council: 'a' | 'b', text: string) {
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/cld/imports',
    headers: { ...(await bearer(ctx, 'analyst', council)), 'content-type': 'text/csv' },
    payload: text,
  })
  expect(response.statusCode, response.body).toBe(202)
  return waitForImport(await ctx.api('analyst', council), response.json().id)
}

function postUpload(
  ctx: TestContext,
  cookie: string,
  csrf: string,
  fileName: string | undefined,
  text: string,
) {
  const boundary = '----ascend-test-boundary'
  const parts = [`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`]
  if (fileName !== undefined) {
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n${text}\r\n`,
    )
  }
  parts.push(`--${boundary}--\r\n`)
  return ctx.app.inject({
    method: 'POST',
    url: '/cld/imports',
    headers: { cookie, accept: 'text/html', 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: parts.join(''),
  })
}

describeOnEachDatabase('CLD import: crashes and interruptions', (ctx) => {
  const council = () => ({ id: ctx().councils.a.id, code: ctx().councils.a.code, synthetic: false })

  it('an import stopped midway shows nothing while it loads, and a recovery deletes what it wrote', async () => {
    const db = ctx().database.db
    const importId = await createImport(db, {
      councilId: council().id,
      fileName: 'x.csv',
      channel: 'cli',
      createdBy: null,
      bytesTotal: null,
    })
    let release: () => void = () => {}
    const paused = new Promise<void>((resolve) => {
      release = resolve
    })
    let reached: () => void = () => {}
    const atBatch3 = new Promise<void>((resolve) => {
      reached = resolve
    })
    const running = runImport({
      db,
      importId,
      council: council(),
      source: Readable.from([fixture('release-2.csv').replace(/P1|P2|C1|K1/g, (id) => `crash-${id}`)]),
      batchSize: 2,
      beforeBatch: async (n) => {
        if (n === 3) {
          reached()
          await paused
        }
      },
    })
    await atBatch3
    // Two batches are in the tables, tagged with the import, and count nowhere.
    const written = await count(
      ctx(),
      sql<{ n: number }>`SELECT count(*) AS n FROM cld_events WHERE import_id = ${importId}::uuid`,
    )
    expect(written).toBeGreaterThan(0)
    expect(
      await count(
        ctx(),
        sql<{ n: number }>`SELECT count(*) AS n FROM cld_events_live WHERE import_id = ${importId}::uuid`,
      ),
    ).toBe(0)
    expect(
      await count(
        ctx(),
        sql<{ n: number }>`SELECT count(*) AS n FROM people WHERE la_person_id LIKE 'crash-%'`,
      ),
    ).toBeGreaterThan(0)
    expect(
      await count(
        ctx(),
        sql<{ n: number }>`SELECT count(*) AS n FROM people_live WHERE la_person_id LIKE 'crash-%'`,
      ),
    ).toBe(0)
    // Nor can anyone open them: someone an import is still loading is nobody's record yet.
    const loadingPerson = await sql<{ id: string }>`
      SELECT id FROM people WHERE la_person_id LIKE 'crash-%' LIMIT 1`.execute(db)
    const api = await ctx().api('practitioner')
    expect((await api.get(`/api/v1/people/${loadingPerson.rows[0]?.id}`)).statusCode).toBe(404)

    // As after a crash and a restart: the import has stopped moving.
    await sql`UPDATE cld_imports SET heartbeat_at = now() - interval '1 hour' WHERE id = ${importId}::uuid`.execute(
      db,
    )
    expect(await recoverImports(db)).toContain(importId)
    expect(
      await count(
        ctx(),
        sql<{ n: number }>`SELECT count(*) AS n FROM cld_events WHERE import_id = ${importId}::uuid`,
      ),
    ).toBe(0)
    expect(
      await count(
        ctx(),
        sql<{ n: number }>`SELECT count(*) AS n FROM people WHERE la_person_id LIKE 'crash-%'`,
      ),
    ).toBe(0)
    const row = await db
      .selectFrom('cld_imports')
      .selectAll()
      .where('id', '=', importId)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('failed')
    expect(row.error).toMatch(/stopped before it finished/)

    // The interrupted process, should it wake, writes nothing more.
    release()
    expect(await running).toMatchObject({ status: 'failed' })
    expect(
      await count(
        ctx(),
        sql<{ n: number }>`SELECT count(*) AS n FROM cld_events WHERE import_id = ${importId}::uuid`,
      ),
    ).toBe(0)
  })

  it('an import that fails midway deletes what it wrote and leaves earlier files’ events counting', async () => {
    const db = ctx().database.db
    const first = await createImport(db, {
      councilId: council().id,
      fileName: 'q2.csv',
      channel: 'cli',
      createdBy: null,
      bytesTotal: null,
    })
    const q2 = fixture('rolling-2025-26-q2.csv').replace(/P1/g, 'fail-P1')
    expect(
      await runImport({ db, importId: first, council: council(), source: Readable.from([q2]) }),
    ).toMatchObject({ status: 'complete' })
    const before = await liveEvents(ctx(), council().id)

    const second = await createImport(db, {
      councilId: council().id,
      fileName: 'q3.csv',
      channel: 'cli',
      createdBy: null,
      bytesTotal: null,
    })
    const q3 = fixture('rolling-2025-26-q3.csv').replace(/P1/g, 'fail-P1')
    const outcome = await runImport({
      db,
      importId: second,
      council: council(),
      source: Readable.from([q3]),
      batchSize: 2,
      beforeBatch: async (n) => {
        if (n === 2) throw new Error('disk full')
      },
    })
    expect(outcome).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/Nothing from the file was loaded/),
    })
    expect(await liveEvents(ctx(), council().id)).toEqual(before)
    expect(
      await count(
        ctx(),
        sql<{
          n: number
        }>`SELECT count(*) AS n FROM cld_events WHERE superseded_by_import_id = ${second}::uuid`,
      ),
    ).toBe(0)
  })

  // The service asks for short batches while pages are being asked for, longer ones otherwise.
  it.each([
    ['a few milliseconds', 0.001, (batches: number) => batches > 40],
    ['a minute', 60_000, (batches: number) => batches <= 3],
  ])('sizes batches to take the time it is asked for after each one: %s', async (_what, ms, expected) => {
    const db = ctx().database.db
    const importId = await createImport(db, {
      councilId: council().id,
      fileName: 'sized.csv',
      channel: 'cli',
      createdBy: null,
      bytesTotal: null,
    })
    const out = new PassThrough()
    const chunks: Buffer[] = []
    out.on('data', (chunk: Buffer) => chunks.push(chunk))
    await writeSyntheticCldFile(out, {
      rows: 3_000,
      councilCode: council().code,
      seed: ms > 1 ? 7 : 8,
      periodStartOn: '2024-10-01',
      periodEndOn: '2025-09-30',
      firstPersonNumber: ms > 1 ? 710_000 : 700_000,
    })
    out.end()
    let asked = 0
    let batches = 0
    const outcome = await runImport({
      db,
      importId,
      council: council(),
      source: Readable.from([Buffer.concat(chunks)]),
      batchMs: () => {
        asked += 1
        return ms
      },
      beforeBatch: async () => {
        batches += 1
      },
    })
    expect(outcome).toMatchObject({ status: 'complete', counts: { rowsRead: 3_000 } })
    expect(asked).toBe(batches)
    expect(expected(batches), `${batches} batches`).toBe(true)
  })

  it('refuses a second import for a council while one is loading', async () => {
    const db = ctx().database.db
    const loading = await createImport(db, {
      councilId: ctx().councils.b.id,
      fileName: 'x.csv',
      channel: 'cli',
      createdBy: null,
      bytesTotal: null,
    })
    const response = await ctx().app.inject({
      method: 'POST',
      url: '/api/v1/cld/imports',
      headers: { ...(await bearer(ctx(), 'analyst', 'b')), 'content-type': 'text/csv' },
      payload: fixture('release-2.csv'),
    })
    expect(response.statusCode).toBe(409)
    expect(response.json().detail).toMatch(/already loading/)
    await sql`UPDATE cld_imports SET status = 'failed', cleaned_up_at = now() WHERE id = ${loading}::uuid`.execute(
      db,
    )
  })
})

describeOnEachDatabase('CLD import: who may do what', (ctx) => {
  const withoutPermission = ROLES.filter((role) => !can(role, 'cldReturn'))
  const withPermission = ROLES.filter((role) => can(role, 'cldReturn'))

  it('gives the pages and the API to head of service, commissioner and analyst only', () => {
    expect(withPermission.sort()).toEqual(['analyst', 'commissioner', 'head_of_service'])
  })

  const routes = (id: string) => [
    { method: 'GET' as const, url: '/cld/imports' },
    { method: 'GET' as const, url: `/cld/imports/${id}` },
    { method: 'GET' as const, url: `/cld/imports/${id}/status.json` },
    { method: 'GET' as const, url: `/cld/imports/${id}/problems.csv` },
    { method: 'GET' as const, url: '/cld/imports/progress.js' },
    { method: 'GET' as const, url: '/api/v1/cld/imports' },
    { method: 'GET' as const, url: `/api/v1/cld/imports/${id}` },
    { method: 'GET' as const, url: `/api/v1/cld/imports/${id}/problems.csv` },
    { method: 'POST' as const, url: '/api/v1/cld/imports' },
    { method: 'POST' as const, url: '/cld/imports' },
  ]

  const anImport = async () => {
    const db = ctx().database.db
    const id = await createImport(db, {
      councilId: ctx().councils.a.id,
      fileName: 'a.csv',
      channel: 'cli',
      createdBy: null,
      bytesTotal: null,
    })
    await sql`UPDATE cld_imports SET status = 'complete', finished_at = now(), people_applied_at = now() WHERE id = ${id}::uuid`.execute(
      db,
    )
    return id
  }

  it.each(withoutPermission)('answers 403 to a %s on every route, and writes nothing', async (role) => {
    const id = await anImport()
    const imports = await count(ctx(), sql<{ n: number }>`SELECT count(*) AS n FROM cld_imports`)
    const { cookie, csrf } = await signInWithBrowser(ctx().app, emailFor(role, 'a'))
    for (const route of routes(id)) {
      const api = route.url.startsWith('/api/')
      const response =
        route.method === 'POST' && !api
          ? await postUpload(ctx(), cookie, csrf, 'x.csv', fixture('release-2.csv'))
          : await ctx().app.inject({
              method: route.method,
              url: route.url,
              headers: api
                ? { ...(await bearer(ctx(), role)), 'content-type': 'text/csv' }
                : { cookie, accept: 'text/html' },
              ...(route.method === 'POST' ? { payload: fixture('release-2.csv') } : {}),
            })
      expect(response.statusCode, `${role} ${route.method} ${route.url}`).toBe(403)
    }
    expect(await count(ctx(), sql<{ n: number }>`SELECT count(*) AS n FROM cld_imports`)).toBe(imports)
  })

  it('answers 404 to another council’s user for every route naming an import, and lists none of them', async () => {
    const id = await anImport()
    const { cookie } = await signInWithBrowser(ctx().app, emailFor('analyst', 'b'))
    for (const route of routes(id).filter((r) => r.url.includes(id))) {
      const api = route.url.startsWith('/api/')
      const response = await ctx().app.inject({
        method: route.method,
        url: route.url,
        headers: api ? await bearer(ctx(), 'analyst', 'b') : { cookie, accept: 'text/html' },
      })
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(404)
    }
    const list = (
      await ctx().app.inject({ url: '/api/v1/cld/imports', headers: await bearer(ctx(), 'analyst', 'b') })
    ).json()
    expect(list.imports.map((i: { id: string }) => i.id)).not.toContain(id)
    const page = await ctx().app.inject({ url: '/cld/imports', headers: { cookie, accept: 'text/html' } })
    expect(page.body).not.toContain(id)
  })

  it('sends a signed-out visitor to sign in, and answers 401 on the API', async () => {
    const id = await anImport()
    for (const route of routes(id)) {
      const response = await ctx().app.inject({
        method: route.method,
        url: route.url,
        headers: { accept: 'text/html' },
      })
      if (route.url.startsWith('/api/')) expect(response.statusCode, route.url).toBe(401)
      else expect([302, 403], route.url).toContain(response.statusCode)
    }
  })

  it('asks for a file on the page when none was chosen, or an empty one, and starts nothing', async () => {
    const imports = await count(ctx(), sql<{ n: number }>`SELECT count(*) AS n FROM cld_imports`)
    const { cookie, csrf } = await signInWithBrowser(ctx().app, emailFor('analyst', 'a'))
    const none = await postUpload(ctx(), cookie, csrf, undefined, '')
    expect(none.statusCode).toBe(422)
    expect(none.body).toContain('There is a problem')
    expect(none.body).toContain('href="#file"')
    expect(none.body).toContain('Select a CLD file')
    const empty = await postUpload(ctx(), cookie, csrf, 'empty.csv', '')
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('The selected file is empty')
    const notCsv = await postUpload(ctx(), cookie, csrf, 'photo.jpg', 'x')
    expect(notCsv.body).toContain('The selected file must be a CSV file')
    const noToken = await postUpload(ctx(), cookie, 'wrong-token', 'x.csv', fixture('release-2.csv'))
    expect(noToken.statusCode).toBe(403)
    expect(await count(ctx(), sql<{ n: number }>`SELECT count(*) AS n FROM cld_imports`)).toBe(imports)
  })

  it('asks API callers for a CSV body', async () => {
    const headers = await bearer(ctx(), 'analyst')
    const json = await ctx().app.inject({
      method: 'POST',
      url: '/api/v1/cld/imports',
      headers,
      payload: { rows: [] },
    })
    expect(json.statusCode).toBe(415)
    const empty = await ctx().app.inject({
      method: 'POST',
      url: '/api/v1/cld/imports',
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: '',
    })
    expect(empty.statusCode).toBe(422)
    expect(empty.json().errors).toEqual([
      { field: 'body', message: 'The file is empty: send the CLD file as the body' },
    ])
    const longName = await ctx().app.inject({
      method: 'POST',
      url: `/api/v1/cld/imports?fileName=${'x'.repeat(300)}`,
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: 'a',
    })
    expect(longName.statusCode).toBe(422)
    expect(longName.json().errors[0].field).toBe('fileName')
  })

  it('answers 404 for an import id that is not a uuid', async () => {
    const response = await ctx().app.inject({
      url: '/api/v1/cld/imports/not-an-id',
      headers: await bearer(ctx(), 'analyst'),
    })
    expect(response.statusCode).toBe(404)
  })
})

describe('fixtures', () => {
  it('are synthetic: every NHS number is from the 999 range', () => {
    for (const name of ['release-2.csv', 'release-1.csv', 'malformed.csv']) {
      for (const match of fixture(name).matchAll(/,(\d{10}),/g))
        expect(match[1]?.startsWith('999')).toBe(true)
    }
  })
})
