import { PassThrough } from 'node:stream'
import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { csvLine } from '../../src/modules/cld/csv-line.ts'
import { writeCldExport } from '../../src/modules/cld/export.ts'
import { keptReturnChecks } from '../../src/modules/cld/kept-return-checks.ts'
import { parseQuarter } from '../../src/modules/cld/rules.ts'
import { recordEvent } from '../../src/modules/events/store.ts'
import { can, ROLES } from '../../src/modules/identity/roles.ts'
import { CLD_COMPLETE_PERSON, insertPerson } from '../support/fixtures.ts'
import { describeOnEachDatabase, type TestContext } from '../support/test-context.ts'

/*
 * The CLD return made on the web and through the API: the same file and the
 * same problems as `ascend export cld` writes, for the reader's own council
 * only, to the roles that make returns.
 */

const QUARTER = '2025-26-Q4'

const recorded = new WeakMap<TestContext, Set<string>>()

/** A council's records, made once a database: one person as the specification asks, one whose records a return flags. */
async function recordsOf(ctx: TestContext, key: 'a' | 'b') {
  const council = ctx.councils[key]
  const done = recorded.get(ctx) ?? new Set<string>()
  recorded.set(ctx, done)
  if (done.has(key)) return council
  done.add(key)
  const db = ctx.database.db
  const complete = await insertPerson(ctx.database, council.id, {
    ...CLD_COMPLETE_PERSON,
    la_person_id: `${key.toUpperCase()}-COMPLETE`,
  })
  await recordEvent(db, {
    council_id: council.id,
    person_id: complete.id,
    event_type: 'Request',
    event_start_on: '2025-09-01',
    event_end_on: '2025-09-03',
    request_route_of_access: 'Discharge from Hospital',
    event_outcome: 'Progress to assessment, review or reassessment',
  })
  const flagged = await insertPerson(ctx.database, council.id, {
    ...CLD_COMPLETE_PERSON,
    la_person_id: `${key.toUpperCase()}-FLAGGED`,
    nhs_number: null,
  })
  for (const start of ['2025-10-01', '2025-11-01'])
    await recordEvent(db, {
      council_id: council.id,
      person_id: flagged.id,
      event_type: 'Request',
      event_start_on: start,
      event_end_on: start,
      request_route_of_access: 'Self-Funder',
      event_outcome: 'NFA: Information and advice or signposting',
    })
  return council
}

/** What `writeCldExport` (the command's own function) writes for the council. */
async function exported(ctx: TestContext, council: { id: string; code: string }) {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (chunk: Buffer) => chunks.push(chunk))
  const problems: string[] = []
  const summary = await writeCldExport({
    db: ctx.database.db,
    council,
    quarter: parseQuarter(QUARTER) as NonNullable<ReturnType<typeof parseQuarter>>,
    out,
    onProblem: (p) => problems.push(csvLine([p.line, p.field, p.value, p.problem, p.action]).trimEnd()),
  })
  out.end()
  return { text: Buffer.concat(chunks).toString('utf8'), summary, problems }
}

const auditCount = async (ctx: TestContext) =>
  Number(
    (
      await sql<{ n: number }>`SELECT count(*) AS n FROM audit_log WHERE record_type = 'cld_return'`.execute(
        ctx.database.db,
      )
    ).rows[0]?.n,
  )

const ROUTES = [
  '/cld/returns',
  `/cld/returns/${QUARTER}`,
  `/cld/returns/${QUARTER}/file.csv`,
  `/cld/returns/${QUARTER}/problems.csv`,
  `/api/v1/cld/returns/${QUARTER}`,
  `/api/v1/cld/returns/${QUARTER}/file.csv`,
  `/api/v1/cld/returns/${QUARTER}/problems.csv`,
]

describeOnEachDatabase('CLD returns on the web and through the API', (ctx) => {
  it('offers the quarter under way and those before it, and goes to the one chosen', async () => {
    const browser = await ctx().browser('analyst')
    const form = await browser.get('/cld/returns')
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('2026-27 Q1 (under way)')
    expect(form.body).toMatch(/value="2025-26-Q4" checked/)
    const chosen = await browser.get('/cld/returns?quarter=2025-26-Q4')
    expect(chosen.statusCode).toBe(303)
    expect(chosen.headers.location).toBe('/cld/returns/2025-26-Q4')
    for (const asked of ['nope', '2026-27-Q2', '']) {
      const wrong = await browser.get(`/cld/returns?quarter=${asked}`)
      expect(wrong.statusCode, asked).toBe(422)
      expect(wrong.body).toContain('There is a problem')
      expect(wrong.body).toContain('href="#quarter"')
      expect(wrong.body).toContain('Select the quarter to make the return for')
    }
  })

  it('checks the return on a page and gives the file and its problems as the command writes them', async () => {
    const a = await recordsOf(ctx(), 'a')
    await recordsOf(ctx(), 'b')
    const expected = await exported(ctx(), a)
    expect(expected.summary).toMatchObject({ rowsWritten: 3, people: 2, rowsWithProblems: 2 })

    const auditsBefore = await auditCount(ctx())
    const browser = await ctx().browser('analyst')
    const page = await browser.get(`/cld/returns/${QUARTER}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('1 April 2025 to 31 March 2026')
    // Two rows without an NHS number: one kind of problem, its lines listed.
    expect(page.body).toMatch(/NHS_Number<\/td>[\s\S]*?Blank, but this row must have it[\s\S]*?>2<\/td>/)
    expect(page.body).not.toContain('This quarter has not ended')
    expect(page.body).toMatch(/\d+ \(A-FLAGGED\), \d+ \(A-FLAGGED\)/)
    // Someone who works cases follows a row's council ID to the search that finds the record.
    const head = await (await ctx().browser('head_of_service')).get(`/cld/returns/${QUARTER}`)
    expect(head.body).toMatch(/\d+ \(<a class="govuk-link" href="\/people\?q=A-FLAGGED">A-FLAGGED<\/a>\)/)

    const file = await browser.get(`/cld/returns/${QUARTER}/file.csv`)
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(file.headers['content-disposition']).toBe(`attachment; filename="TESTA-CLD-${QUARTER}.csv"`)
    expect(file.body).toBe(expected.text)
    expect(file.body).not.toContain('B-COMPLETE')

    const problems = await browser.get(`/cld/returns/${QUARTER}/problems.csv`)
    expect(problems.headers['content-disposition']).toBe(
      `attachment; filename="TESTA-CLD-${QUARTER}-problems.csv"`,
    )
    expect(problems.body.trim().split('\n')).toEqual([
      'line,field,value,problem,action',
      ...expected.problems,
    ])

    // Each read of the council's records is in the audit log.
    expect(await auditCount(ctx())).toBe(auditsBefore + 4)
  })

  it('answers the API with the check, the file and the problems', async () => {
    const a = await recordsOf(ctx(), 'a')
    const expected = await exported(ctx(), a)
    const api = await ctx().api('commissioner')
    const check = await api.get(`/api/v1/cld/returns/${QUARTER}`)
    expect(check.statusCode).toBe(200)
    expect(check.json()).toMatchObject({
      quarter: QUARTER,
      periodStart: '2025-04-01',
      periodEnd: '2026-03-31',
      quarterEnded: true,
      rows: expected.summary.rowsWritten,
      people: expected.summary.people,
      rowsWithProblems: expected.summary.rowsWithProblems,
      rowsLeftOut: 0,
      problems: expected.problems.length,
      file: `/api/v1/cld/returns/${QUARTER}/file.csv`,
    })
    expect(check.json().problemKinds).toContainEqual({
      field: 'NHS_Number',
      problem: 'Blank, but this row must have it',
      action: 'Kept blank',
      rows: 2,
      examples: [
        { line: expect.any(Number), laPersonId: 'A-FLAGGED' },
        { line: expect.any(Number), laPersonId: 'A-FLAGGED' },
      ],
    })
    expect((await api.get(`/api/v1/cld/returns/${QUARTER}/file.csv`)).body).toBe(expected.text)
    const problems = await api.get(`/api/v1/cld/returns/${QUARTER}/problems.csv`)
    expect(problems.body.trim().split('\n').slice(1)).toEqual(expected.problems)
  })

  it('says when the quarter is still under way, and has no return for one not begun or not a quarter', async () => {
    const browser = await ctx().browser('analyst')
    const underWay = await browser.get('/cld/returns/2026-27-Q1')
    expect(underWay.statusCode).toBe(200)
    expect(underWay.body).toContain('This quarter has not ended')
    const api = await ctx().api('analyst')
    for (const quarter of ['2026-27-Q2', '2025-27-Q1', 'Q4', 'x'.repeat(40)]) {
      expect((await browser.get(`/cld/returns/${quarter}`)).statusCode, quarter).toBe(404)
      expect((await browser.get(`/cld/returns/${quarter}/file.csv`)).statusCode, quarter).toBe(404)
      const problem = await api.get(`/api/v1/cld/returns/${quarter}`)
      expect(problem.statusCode, quarter).toBe(404)
      expect(problem.headers['content-type']).toContain('application/problem+json')
    }
  })

  it('gives another council’s user their own council’s return only', async () => {
    await recordsOf(ctx(), 'a')
    const b = await recordsOf(ctx(), 'b')
    const expected = await exported(ctx(), b)
    const browser = await ctx().browser('analyst', 'b')
    const file = await browser.get(`/cld/returns/${QUARTER}/file.csv`)
    expect(file.body).toBe(expected.text)
    expect(file.body).toContain('B-COMPLETE')
    expect(file.body).not.toContain('A-COMPLETE')
    const check = await (await ctx().api('analyst', 'b')).get(`/api/v1/cld/returns/${QUARTER}`)
    expect(check.json().rows).toBe(expected.summary.rowsWritten)
  })

  it.each(ROLES.filter((role) => !can(role, 'cldReturn')))(
    'answers 403 to a %s on every route, and reads nothing',
    async (role) => {
      await recordsOf(ctx(), 'a')
      const audits = await auditCount(ctx())
      const browser = await ctx().browser(role)
      const api = await ctx().api(role)
      for (const url of ROUTES) {
        const response = url.startsWith('/api/') ? await api.get(url) : await browser.get(url)
        expect(response.statusCode, `${role} ${url}`).toBe(403)
      }
      expect(await auditCount(ctx())).toBe(audits)
    },
  )

  it('sends a signed-out visitor to sign in, and answers 401 on the API', async () => {
    for (const url of ROUTES) {
      const response = await ctx().app.inject({ url, headers: { accept: 'text/html' } })
      if (url.startsWith('/api/')) expect(response.statusCode, url).toBe(401)
      else expect([302, 403], url).toContain(response.statusCode)
    }
  })
})

describeOnEachDatabase(
  'a CLD return checked in the background',
  (ctx) => {
    const waitUntilReady = async (browser: Awaited<ReturnType<TestContext['browser']>>) => {
      for (let attempt = 0; attempt < 500; attempt++) {
        const ready = await browser.get(`/cld/returns/${QUARTER}/ready.json`)
        expect(ready.statusCode).toBe(200)
        if (ready.json().ready) return
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      throw new Error('The check did not end')
    }

    it('says the check is under way, shows it when done, keeps it while the records stand, and checks again when they change', async () => {
      const a = await recordsOf(ctx(), 'a')
      const browser = await ctx().browser('analyst')
      const first = await browser.get(`/cld/returns/${QUARTER}`)
      expect(first.statusCode).toBe(200)
      expect(first.body).toContain('The return is being checked')
      expect(first.body).toContain(`data-ready-url="/cld/returns/${QUARTER}/ready.json"`)
      expect(first.body).toContain('/public/ready.js')
      expect(first.body).not.toContain('What the national checks find')

      await waitUntilReady(browser)
      const done = await browser.get(`/cld/returns/${QUARTER}`)
      expect(done.body).toContain('What the national checks find')
      expect(done.body).toContain('and the records have not changed since')
      expect(done.body).not.toContain('data-ready-url')
      expect(done.body).toMatch(/Rows\s*<\/dt>\s*<dd[^>]*>\s*3\s*</)

      // A record changes: the check shown is the last one, said to be of the records before; a new one is made.
      const person = await insertPerson(ctx().database, a.id, {
        ...CLD_COMPLETE_PERSON,
        la_person_id: 'A-LATER',
      })
      await recordEvent(ctx().database.db, {
        council_id: a.id,
        person_id: person.id,
        event_type: 'Request',
        event_start_on: '2025-12-01',
        event_end_on: '2025-12-01',
        request_route_of_access: 'Self-Funder',
        event_outcome: 'NFA: Information and advice or signposting',
      })
      const changed = await browser.get(`/cld/returns/${QUARTER}`)
      expect(changed.body).toContain('The records have changed since the check below began')
      expect(changed.body).toMatch(/Rows\s*<\/dt>\s*<dd[^>]*>\s*3\s*</)
      await waitUntilReady(browser)
      const again = await browser.get(`/cld/returns/${QUARTER}`)
      expect(again.body).toMatch(/Rows\s*<\/dt>\s*<dd[^>]*>\s*4\s*</)
      expect(again.body).toContain('and the records have not changed since')

      // The API waits for its check.
      const api = await ctx().api('analyst')
      expect((await api.get(`/api/v1/cld/returns/${QUARTER}`)).json()).toMatchObject({ rows: 4 })
    })

    it('keeps the latest check through a restart, shown while the records stand', async () => {
      const a = await recordsOf(ctx(), 'a')
      const quarter = parseQuarter(QUARTER)
      if (!quarter) throw new Error('Not a quarter')
      const browser = await ctx().browser('analyst')
      await browser.get(`/cld/returns/${QUARTER}`)
      await waitUntilReady(browser)
      const errors: unknown[] = []
      // A service started afresh reads the stored check at once: nothing is checked again.
      const afterRestart = keptReturnChecks(ctx().database.db, (error) => errors.push(error))
      const state = await afterRestart.current(a, quarter, 0)
      expect(state.fresh).toBe(true)
      expect(state.kept?.check.rowsWritten).toBeGreaterThan(0)
      expect(await afterRestart.ready(a, quarter)).toBe(true)
      const stored = await ctx()
        .database.db.selectFrom('cld_return_checks')
        .select(['checked_at'])
        .where('council_id', '=', a.id)
        .where('quarter', '=', QUARTER)
        .executeTakeFirstOrThrow()
      expect(state.kept?.checkedAt.getTime()).toBe(stored.checked_at.getTime())

      // Once the records change, the stored check is shown as of the records before, and another begins.
      const person = await insertPerson(ctx().database, a.id, {
        ...CLD_COMPLETE_PERSON,
        la_person_id: 'A-RESTART',
      })
      await recordEvent(ctx().database.db, {
        council_id: a.id,
        person_id: person.id,
        event_type: 'Request',
        event_start_on: '2025-12-02',
        event_end_on: '2025-12-02',
        request_route_of_access: 'Self-Funder',
        event_outcome: 'NFA: Information and advice or signposting',
      })
      const another = keptReturnChecks(ctx().database.db, (error) => errors.push(error))
      const changed = await another.current(a, quarter, 0)
      expect(changed.fresh).toBe(false)
      expect(changed.kept?.checkedAt.getTime()).toBe(stored.checked_at.getTime())
      const rechecked = await another.current(a, quarter)
      expect(rechecked.fresh).toBe(true)
      expect(rechecked.kept?.check.rowsWritten).toBe((state.kept?.check.rowsWritten ?? 0) + 1)
      await Promise.all([afterRestart.close(), another.close()])
      expect(errors).toEqual([])
    })

    it.each(ROLES.filter((role) => !can(role, 'cldReturn')))(
      'answers 403 to a %s asking whether a check is done',
      async (role) => {
        const browser = await ctx().browser(role)
        expect((await browser.get(`/cld/returns/${QUARTER}/ready.json`)).statusCode).toBe(403)
      },
    )
  },
  { returnCheckWaitMs: 0 },
)
