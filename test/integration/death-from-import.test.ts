import { Readable } from 'node:stream'
import { expect, it } from 'vitest'
import { runImport } from '../../src/modules/cld/importer.ts'
import { createImport } from '../../src/modules/cld/store.ts'
import { ROLES } from '../../src/modules/identity/roles.ts'
import { cldFileWithDeath } from '../support/cld-death-file.ts'
import { insertPerson } from '../support/fixtures.ts'
import { activePlan } from '../support/plan-fixtures.ts'
import { describeOnEachDatabase, type TestContext } from '../support/test-context.ts'
import { auditRowsFor } from '../support/written-records.ts'

const DIED_ON = '2026-06-10'

/** A CLD file from the council's other case system: a request that person made, and the day they died. */
async function deathInCldFile(ctx: TestContext, laPersonId: string, diedOn = DIED_ON) {
  const { db } = ctx.database
  const council = { id: ctx.councils.a.id, code: ctx.councils.a.code, synthetic: false }
  const text = cldFileWithDeath({ councilCode: council.code, laPersonId, diedOn, periodEndOn: '2026-06-30' })
  const importId = await createImport(db, {
    councilId: council.id,
    fileName: 'other-system.csv',
    channel: 'cli',
    createdBy: null,
    bytesTotal: null,
  })
  const source = Readable.from([text])
  expect(await runImport({ db, importId, council, source })).toMatchObject({
    status: 'complete',
    counts: { rowsLoaded: 1 },
  })
  return importId
}

/** A person with a plan in effect and an open request, whose death then came in a CLD file. */
async function diedInAnotherSystem(ctx: TestContext) {
  const { person, plan } = await activePlan(ctx)
  const asked = await (await ctx.api('practitioner')).post(`/api/v1/people/${person.id}/requests`, {
    requestedOn: '2026-06-02',
    routeOfAccess: 'Community / Other route',
    whatWasAsked: 'Help at home',
  })
  expect(asked.statusCode, asked.body).toBe(201)
  // Finance holds the direct payment in an account.
  const opened = await (await ctx.api('finance')).post('/api/v1/accounts', {
    planId: plan.id,
    kind: 'direct_payment',
    holder: 'The person',
    openedOn: ctx.today,
  })
  expect(opened.statusCode, opened.body).toBe(201)
  const importId = await deathInCldFile(ctx, person.la_person_id)
  return {
    person,
    plan,
    requestId: asked.json().id as string,
    importId,
    accountId: opened.json().id as string,
  }
}

async function stateOf(ctx: TestContext, personId: string, planId: string, requestId: string) {
  const { db } = ctx.database
  return {
    died: (
      await db
        .selectFrom('people')
        .select('date_of_death')
        .where('id', '=', personId)
        .executeTakeFirstOrThrow()
    ).date_of_death,
    plan: await db
      .selectFrom('support_plans')
      .select(['status', 'active_to'])
      .where('id', '=', planId)
      .executeTakeFirstOrThrow(),
    request: await db
      .selectFrom('support_requests')
      .select(['triage_outcome', 'closed_on'])
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow(),
  }
}

describeOnEachDatabase('a death brought by a CLD import', (ctx) => {
  it('leaves ASCEND’s own records open, and the person page says so until a practitioner ends them', async () => {
    const { person, plan, requestId, importId, accountId } = await diedInAnotherSystem(ctx())
    const finance = await ctx().api('finance')
    const died = async () => (await finance.get(`/api/v1/accounts/${accountId}`)).json().concerns[0]?.text
    // Finance is told the plan is still in effect, and whom to ask.
    expect(await died()).toBe(
      'They died on 10 June 2026, but their support plan is still in effect (the death came in a CLD file): ask their practitioner to end it, then close the account',
    )
    expect(await stateOf(ctx(), person.id, plan.id, requestId)).toEqual({
      died: DIED_ON,
      plan: { status: 'active', active_to: null },
      request: { triage_outcome: null, closed_on: null },
    })
    // The analyst who imported the file is told, for case workers to end it.
    const imported = await (await ctx().browser('analyst')).get(`/cld/imports/${importId}`)
    expect(imported.body).toContain('1 person whose death is recorded still has support open in ASCEND')

    // Their open request is tagged on the team's queue.
    const queue = (await (await ctx().browser('team_manager')).get('/team')).body
    expect(queue).toContain(`href="/requests/${requestId}"`)
    const row = queue.slice(
      queue.indexOf(`href="/people/${person.id}"`),
      queue.indexOf(`href="/requests/${requestId}"`),
    )
    expect(row).toContain('<strong class="govuk-tag govuk-tag--grey">Died</strong>')
    const browser = await ctx().browser('practitioner')
    // The home page counts them, and the list names them, for case workers only.
    expect((await browser.get('/')).body).toContain('People who died with support still open</a>: 1 person')
    const list = (await browser.get('/people/died-with-support-open')).body
    expect(list).toContain(`href="/people/${person.id}/end-at-death"`)
    expect(list).toContain('Support plan in effect, 1 open request')
    const listed = await (await ctx().api('team_manager')).get('/api/v1/people/died-with-support-open')
    expect(listed.json()).toEqual({
      people: [
        {
          id: person.id,
          laPersonId: person.la_person_id,
          givenName: person.given_name,
          familyName: person.family_name,
          dateOfDeath: DIED_ON,
          plan: true,
          reablement: 0,
          requests: 1,
          carerLinks: 0,
        },
      ],
    })
    expect((await auditRowsFor(ctx().database, person.id)).at(-1)?.detail).toMatchObject({
      via: 'api',
      view: 'died with support open',
    })
    const elsewhere = await (await ctx().api('practitioner', 'b')).get(
      '/api/v1/people/died-with-support-open',
    )
    expect(elsewhere.json()).toEqual({ people: [] })
    const page = (await browser.get(`/people/${person.id}`)).body
    expect(page).toContain('What their death ends is still open')
    expect(page).toContain(`href="/people/${person.id}/end-at-death"`)

    const check = await browser.get(`/people/${person.id}/end-at-death`)
    expect(check.statusCode).toBe(200)
    expect(check.body).toContain('Check before ending what their death ends')
    expect(check.body).toContain('died on 10 June 2026')
    expect(check.body).toContain('end their support plan (version 1')
    expect(check.body).toContain('close 1 open request for support')
    expect(check.body).toContain(`action="/people/${person.id}/end-at-death"`)

    const ended = await browser.post(`/people/${person.id}/end-at-death`, {})
    expect(ended.statusCode).toBe(303)
    expect(ended.headers.location).toBe(`/people/${person.id}?saved=ended-at-death&ended=plan+requests`)
    const after = (await browser.get(ended.headers.location as string)).body
    expect(after).toContain('Their support plan and open requests for support ended on the day they died')
    expect(after).not.toContain('What their death ends is still open')
    expect((await browser.get('/people/died-with-support-open')).body).toContain(
      'No one: every recorded death has ended what it ends',
    )
    expect((await browser.get('/')).body).not.toContain('People who died with support still open')
    expect(await died()).toBe('They died on 10 June 2026 and their support plan has ended: close the account')
    // The plan began today, after the day they died: it ends the day it began.
    expect(await stateOf(ctx(), person.id, plan.id, requestId)).toEqual({
      died: DIED_ON,
      plan: { status: 'ended', active_to: ctx().today },
      request: { triage_outcome: 'NFA: Deceased', closed_on: DIED_ON },
    })
    for (const id of [plan.id, requestId])
      expect((await auditRowsFor(ctx().database, id)).at(-1)).toMatchObject({
        action: 'update',
        user_id: expect.any(String),
        detail: expect.objectContaining({ because: 'died' }),
      })

    // Ended this way, they are noted as a recorded death's are: removing the date puts them back.
    const check2 = await browser.get(`/people/${person.id}/end-at-death`)
    expect(check2.body).toContain('Nothing is open for them')
    const removed = await (await ctx().api('practitioner')).patch(`/api/v1/people/${person.id}`, {
      dateOfDeath: null,
    })
    expect(removed.statusCode, removed.body).toBe(200)
    expect(await stateOf(ctx(), person.id, plan.id, requestId)).toEqual({
      died: null,
      plan: { status: 'active', active_to: null },
      request: { triage_outcome: null, closed_on: null },
    })
  })

  it('correcting the imported date says what it will end on the new day, and ends it', async () => {
    const { person, plan, requestId } = await diedInAnotherSystem(ctx())
    const browser = await ctx().browser('practitioner')
    const form = {
      givenName: person.given_name ?? '',
      familyName: person.family_name ?? '',
      'dateOfBirth-day': '27',
      'dateOfBirth-month': '6',
      'dateOfBirth-year': '1950',
      'dateOfDeath-day': '8',
      'dateOfDeath-month': '6',
      'dateOfDeath-year': '2026',
    }
    const check = await browser.post(`/people/${person.id}/edit`, form)
    expect(check.body).toContain('Check before correcting their date of death')
    expect(check.body).toContain('These will end on the new day instead')
    expect(check.body).toContain('their support plan (version 1')
    expect(check.body).toContain('1 request for support')
    const saved = await browser.post(`/people/${person.id}/edit`, { ...form, confirmDeath: 'yes' })
    expect(saved.headers.location).toBe(`/people/${person.id}?saved=death-corrected&ended=plan+requests`)
    expect(await stateOf(ctx(), person.id, plan.id, requestId)).toEqual({
      died: '2026-06-08',
      plan: { status: 'ended', active_to: ctx().today },
      request: { triage_outcome: 'NFA: Deceased', closed_on: '2026-06-08' },
    })
  })

  it('on the API: ends them once, refuses without a death, and only for case work in the council', async () => {
    const { person, plan, requestId } = await diedInAnotherSystem(ctx())
    const url = `/api/v1/people/${person.id}/end-support-at-death`
    for (const role of ROLES.filter(
      (r) => !['practitioner', 'team_manager', 'head_of_service'].includes(r),
    )) {
      const refused = await (await ctx().api(role)).post(url)
      expect(refused.statusCode, role).toBe(403)
    }
    const elsewhere = await (await ctx().api('practitioner', 'b')).post(url)
    expect(elsewhere.statusCode).toBe(404)
    const elsewherePage = await (await ctx().browser('practitioner', 'b')).post(
      `/people/${person.id}/end-at-death`,
      {},
    )
    expect(elsewherePage.statusCode).toBe(404)
    expect((await stateOf(ctx(), person.id, plan.id, requestId)).plan.status).toBe('active')

    const api = await ctx().api('team_manager')
    const first = await api.post(url)
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toEqual({
      ended: { planId: plan.id, reablementIds: [], requestIds: [requestId], carerLinkIds: [] },
    })
    const again = await api.post(url)
    expect(again.json()).toEqual({
      ended: { planId: null, reablementIds: [], requestIds: [], carerLinkIds: [] },
    })

    const alive = await insertPerson(ctx().database, ctx().councils.a.id)
    const notDead = await api.post(`/api/v1/people/${alive.id}/end-support-at-death`)
    expect(notDead.statusCode).toBe(409)
    expect(notDead.json().detail).toBe(
      'No date of death is recorded for them: record it on their details first',
    )
    expect(await auditRowsFor(ctx().database, alive.id)).toEqual([])
    const notDeadPage = await (await ctx().browser('practitioner')).post(
      `/people/${alive.id}/end-at-death`,
      {},
    )
    expect(notDeadPage.headers.location).toBe(`/people/${alive.id}`)
  })

  it('tags a reablement still open after it on the reablement list, until it is ended', async () => {
    const person = await insertPerson(ctx().database, ctx().councils.a.id)
    const api = await ctx().api('practitioner')
    const asked = await api.post(`/api/v1/people/${person.id}/requests`, {
      requestedOn: '2026-05-20',
      routeOfAccess: 'Discharge from Hospital',
      whatWasAsked: 'Help getting back on her feet',
    })
    expect(asked.statusCode, asked.body).toBe(201)
    const triaged = await api.post(`/api/v1/requests/${asked.json().id}/triage`, {
      triageOutcome: 'Progress to reablement/ST-Max',
      triagedOn: '2026-05-20',
    })
    expect(triaged.statusCode, triaged.body).toBe(200)
    const started = await api.post(`/api/v1/people/${person.id}/reablement`, {
      startedOn: '2026-06-01',
      plannedEndOn: '2026-07-12',
      afterHospitalDischarge: false,
      requestId: asked.json().id,
    })
    expect(started.statusCode, started.body).toBe(201)
    const died = '<strong class="govuk-tag govuk-tag--grey">Died</strong>'
    const browser = await ctx().browser('practitioner')
    const listed = async () => {
      const page = (await browser.get('/reablement')).body
      const at = page.indexOf(`href="/people/${person.id}"`)
      expect(at).toBeGreaterThan(0)
      return page.slice(at, page.indexOf('</td>', at))
    }
    expect(await listed()).not.toContain(died)

    await deathInCldFile(ctx(), person.la_person_id)
    expect(await listed()).toContain(died)
    expect((await api.get(`/api/v1/reablement/${started.json().id}`)).json()).toMatchObject({
      personDiedOn: DIED_ON,
      endedOn: null,
    })
    const ended = await api.post(`/api/v1/people/${person.id}/end-support-at-death`)
    expect(ended.json().ended.reablementIds).toEqual([started.json().id])
    expect((await browser.get('/reablement')).body).not.toContain(`href="/people/${person.id}"`)
  })
})
