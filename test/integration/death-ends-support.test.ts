import { expect, it } from 'vitest'
import { insertPerson } from '../support/fixtures.ts'
import { activePlan, draftPlan, homeCare } from '../support/plan-fixtures.ts'
import { describeOnEachDatabase, type TestContext } from '../support/test-context.ts'
import { auditRowsFor } from '../support/written-records.ts'

const DIED_ON = '2026-06-10'

/** Reablement from 1 June for the person, after a request triaged to it. */
async function inReablement(ctx: TestContext, personId: string) {
  const api = await ctx.api('practitioner')
  const created = await api.post(`/api/v1/people/${personId}/requests`, {
    requestedOn: '2026-05-20',
    routeOfAccess: 'Discharge from Hospital',
    whatWasAsked: 'Help getting back on her feet after a hip operation',
  })
  expect(created.statusCode, created.body).toBe(201)
  const requestId = created.json().id as string
  const triaged = await api.post(`/api/v1/requests/${requestId}/triage`, {
    triageOutcome: 'Progress to reablement/ST-Max',
    triagedOn: '2026-05-20',
  })
  expect(triaged.statusCode, triaged.body).toBe(200)
  const started = await api.post(`/api/v1/people/${personId}/reablement`, {
    startedOn: '2026-06-01',
    plannedEndOn: '2026-07-12',
    afterHospitalDischarge: false,
    requestId,
  })
  expect(started.statusCode, started.body).toBe(201)
  return { requestId, episodeId: started.json().id as string }
}

async function recordsOf(ctx: TestContext, planId: string, episodeId: string, requestId: string) {
  const { db } = ctx.database
  return {
    plan: await db
      .selectFrom('support_plans')
      .select(['status', 'active_to'])
      .where('id', '=', planId)
      .executeTakeFirstOrThrow(),
    episode: await db
      .selectFrom('reablement_episodes')
      .select(['ended_on', 'sequel', 'event_outcome'])
      .where('id', '=', episodeId)
      .executeTakeFirstOrThrow(),
    request: await db
      .selectFrom('support_requests')
      .select('closed_on')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow(),
    events: await db
      .selectFrom('cld_events')
      .select(['source_record_id', 'event_end_on', 'event_outcome'])
      .where('source_record_id', 'in', [planId, episodeId])
      .orderBy('source_record_id')
      .execute(),
  }
}

describeOnEachDatabase('recording a death', (ctx) => {
  it('ends the plan in effect and open reablement on the day, in CLD too, each change audited', async () => {
    const { person, plan } = await activePlan(ctx())
    const { requestId, episodeId } = await inReablement(ctx(), person.id)
    const api = await ctx().api('practitioner')
    const asked = async () => {
      const created = await api.post(`/api/v1/people/${person.id}/requests`, {
        requestedOn: '2026-06-02',
        routeOfAccess: 'Community / Other route',
        whatWasAsked: 'Help at home',
      })
      expect(created.statusCode, created.body).toBe(201)
      return created.json().id as string
    }
    const untriaged = await asked()
    const toAssessment = await asked()
    const triaged = await api.post(`/api/v1/requests/${toAssessment}/triage`, {
      triageOutcome: 'Progress to assessment, review or reassessment',
      triagedOn: '2026-06-03',
    })
    expect(triaged.statusCode, triaged.body).toBe(200)

    const patched = await api.patch(`/api/v1/people/${person.id}`, { dateOfDeath: DIED_ON })
    expect(patched.statusCode, patched.body).toBe(200)
    expect(patched.json()).toMatchObject({ dateOfDeath: DIED_ON })

    const records = await recordsOf(ctx(), plan.id, episodeId, requestId)
    // The plan began today (15 June), after the death was recorded to have been: it ends the day it began.
    expect(records.plan).toEqual({ status: 'ended', active_to: ctx().today })
    expect(records.episode).toEqual({ ended_on: DIED_ON, sequel: 'died', event_outcome: 'NFA: Deceased' })
    expect(records.request).toEqual({ closed_on: DIED_ON })
    expect(records.events.length).toBeGreaterThan(1)
    for (const event of records.events) {
      expect(event).toMatchObject({
        event_end_on: event.source_record_id === plan.id ? ctx().today : DIED_ON,
        event_outcome: 'NFA: Deceased',
      })
    }
    // Open requests close: one not yet triaged is triaged 'NFA: Deceased', one waiting for its assessment closes.
    const requests = await ctx()
      .database.db.selectFrom('support_requests')
      .select(['id', 'triage_outcome', 'triaged_on', 'closed_on'])
      .where('id', 'in', [untriaged, toAssessment])
      .execute()
    expect(requests.find((r) => r.id === untriaged)).toMatchObject({
      triage_outcome: 'NFA: Deceased',
      triaged_on: DIED_ON,
      closed_on: DIED_ON,
    })
    expect(requests.find((r) => r.id === toAssessment)).toMatchObject({
      triage_outcome: 'Progress to assessment, review or reassessment',
      triaged_on: '2026-06-03',
      closed_on: DIED_ON,
    })
    const requestEvents = await ctx()
      .database.db.selectFrom('cld_events')
      .select(['source_record_id', 'event_end_on', 'event_outcome'])
      .where('source_record_id', 'in', [untriaged, toAssessment])
      .execute()
    expect(requestEvents.find((e) => e.source_record_id === untriaged)).toMatchObject({
      event_end_on: DIED_ON,
      event_outcome: 'NFA: Deceased',
    })
    expect(requestEvents.find((e) => e.source_record_id === toAssessment)).toMatchObject({
      event_end_on: '2026-06-03',
      event_outcome: 'Progress to assessment, review or reassessment',
    })
    expect((await auditRowsFor(ctx().database, untriaged)).at(-1)?.detail).toMatchObject({
      change: 'triage',
      because: 'died',
    })

    const planAudit = (await auditRowsFor(ctx().database, plan.id)).at(-1)
    expect(planAudit).toMatchObject({ action: 'update', person_id: person.id })
    expect(planAudit?.detail).toEqual({ change: 'end', because: 'died', activeTo: ctx().today })
    const episodeAudit = (await auditRowsFor(ctx().database, episodeId)).at(-1)
    expect(episodeAudit?.detail).toMatchObject({ change: 'end', because: 'died', endedOn: DIED_ON })

    // Nothing is left to end: another change to the record ends nothing again.
    const auditCount = (await auditRowsFor(ctx().database, plan.id)).length
    const again = await api.patch(`/api/v1/people/${person.id}`, { postcode: 'LS2 7EE' })
    expect(again.statusCode).toBe(200)
    expect(await auditRowsFor(ctx().database, plan.id)).toHaveLength(auditCount)
    // The plan says it has ended, and when.
    const plans = (await api.get(`/api/v1/plans/${plan.id}`)).json()
    expect(plans).toMatchObject({ status: 'ended', activeTo: ctx().today })
  })

  it('tells finance to recover what the account holds and close it, first among the accounts', async () => {
    const { person, plan } = await activePlan(ctx())
    const finance = await ctx().api('finance')
    const opened = await finance.post('/api/v1/accounts', {
      planId: plan.id,
      kind: 'direct_payment',
      holder: 'Ann Example',
      openedOn: ctx().today,
    })
    expect(opened.statusCode, opened.body).toBe(201)
    const accountId = opened.json().id as string
    const paid = await finance.post(`/api/v1/accounts/${accountId}/transactions`, {
      kind: 'payment',
      amountPence: 16_800,
      occurredOn: ctx().today,
    })
    expect(paid.statusCode, paid.body).toBe(201)
    expect((await finance.get(`/api/v1/accounts/${accountId}`)).json().concerns).toEqual([])

    await (await ctx().api('practitioner')).patch(`/api/v1/people/${person.id}`, { dateOfDeath: DIED_ON })
    const account = (await finance.get(`/api/v1/accounts/${accountId}`)).json()
    expect(account.concerns).toEqual([
      {
        code: 'died',
        diedOn: DIED_ON,
        text: 'They died on 10 June 2026 and their support plan has ended: recover the £168.00 held and close the account',
      },
    ])
    const page = await (await ctx().browser('finance')).get('/accounts')
    expect(page.body).toMatch(/govuk-tag--red">\s*Died/)
    // The ended plan no longer waits for an account.
    const awaiting = (await finance.get('/api/v1/accounts')).json().awaiting as { planId: string }[]
    expect(awaiting.map((a) => a.planId)).not.toContain(plan.id)
  })

  it('says on the page what the death ended', async () => {
    const { person, plan } = await activePlan(ctx())
    const browser = await ctx().browser('practitioner')
    const form = await browser.get(`/people/${person.id}/edit`)
    expect(form.body).toContain(
      'Recording it ends their support plan, any reablement, open requests for support and links with unpaid carers on that day',
    )
    const details = personForm(person, ['10', '6', '2026'])
    // First the user is shown what recording it will end, and nothing changes yet.
    const check = await browser.post(`/people/${person.id}/edit`, details)
    expect(check.statusCode, check.body).toBe(200)
    expect(check.body).toContain('Check before recording their death')
    expect(check.body).toContain('died on 10 June 2026')
    expect(check.body).toContain('end their support plan (version 1, a personal budget of £168.00 a week)')
    expect(check.body).toContain('name="confirmDeath" value="yes"')
    expect(check.body).toContain('name="dateOfDeath-year" value="2026"')
    expect((await recordsOfPlan(ctx(), plan.id)).plan.status).toBe('active')
    const unchanged = await ctx()
      .database.db.selectFrom('people')
      .select('date_of_death')
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow()
    expect(unchanged.date_of_death).toBeNull()

    const saved = await browser.post(`/people/${person.id}/edit`, { ...details, confirmDeath: 'yes' })
    expect(saved.statusCode, saved.body).toBe(302)
    expect(saved.headers.location).toBe(`/people/${person.id}?saved=died&ended=plan`)
    const page = await browser.get(saved.headers.location as string)
    expect(page.body).toContain('Date of death recorded. Their support plan ended on that day')
    expect(page.body).toContain('died on 10 June 2026. Their records are kept as they were')
    expect(page.body).not.toContain('Build a support plan')
    // The plan began today, after the date of death: its service ends the day it began.
    expect(page.body).toMatch(/Ended 15 June 2026<br>\s*Outcome: NFA: Deceased/)
    const { plan: stored } = await recordsOfPlan(ctx(), plan.id)
    expect(stored.status).toBe('ended')
  })

  it('makes, changes, submits and approves no plan after a death; a waiting request can be refused', async () => {
    const practitioner = await ctx().api('practitioner')
    const manager = await ctx().api('team_manager')
    // A plan over the practitioner's delegation waits for a team manager.
    const waiting = await draftPlan(ctx(), [homeCare(10)])
    const submitted = await practitioner.post(`/api/v1/plans/${waiting.plan.id}/funding-requests`, {})
    expect(submitted.json()).toMatchObject({ route: 'team_manager', status: 'pending' })
    const requestId = submitted.json().id as string
    const draft = await draftPlan(ctx(), [homeCare(7)])
    for (const { person } of [waiting, draft]) {
      const died = await practitioner.patch(`/api/v1/people/${person.id}`, { dateOfDeath: DIED_ON })
      expect(died.statusCode, died.body).toBe(200)
    }

    const refusals = [
      [
        await practitioner.post(`/api/v1/plans/${draft.plan.id}/funding-requests`, {}),
        'a plan cannot be submitted for funding after a death',
      ],
      [
        await practitioner.post(`/api/v1/plans/${draft.plan.id}/versions`, { lines: [homeCare(6)] }),
        'a support plan cannot change after a death',
      ],
      [
        await practitioner.post(`/api/v1/people/${draft.person.id}/plans`, {
          assessmentId: draft.assessmentId,
          lines: [homeCare(6)],
        }),
        'a support plan cannot be made after a death',
      ],
      [
        await manager.post(`/api/v1/funding-requests/${requestId}/decision`, { outcome: 'approve' }),
        'refuse the request or return it, as it cannot be approved',
      ],
    ] as const
    for (const [response, cannot] of refusals) {
      expect(response.statusCode, response.body).toBe(409)
      expect(response.json()).toMatchObject({
        detail: `They died on 10 June 2026: ${cannot}`,
        dateOfDeath: DIED_ON,
      })
    }
    expect((await recordsOfPlan(ctx(), draft.plan.id)).plan.status).toBe('draft')
    expect((await recordsOfPlan(ctx(), waiting.plan.id)).plan.status).toBe('submitted')
    const page = await (await ctx().browser('team_manager')).get(`/funding-requests/${requestId}`)
    expect(page.body).toContain(
      'died on 10 June 2026. The request cannot be approved: refuse it or return it.',
    )

    const refused = await manager.post(`/api/v1/funding-requests/${requestId}/decision`, {
      outcome: 'refuse',
      reasons: 'They died before it was decided',
    })
    expect(refused.statusCode, refused.body).toBe(200)
    expect((await recordsOfPlan(ctx(), waiting.plan.id)).plan.status).toBe('refused')
  })

  it('ends what is open when a merge brings a death from the duplicate', async () => {
    const { person, plan } = await activePlan(ctx())
    const duplicate = await insertPerson(ctx().database, ctx().councils.a.id, {
      given_name: person.given_name,
      family_name: person.family_name,
      date_of_birth: person.date_of_birth,
      date_of_death: DIED_ON,
    })
    const merged = await (await ctx().api('team_manager')).post(`/api/v1/people/${person.id}/merge`, {
      duplicateId: duplicate.id,
    })
    expect(merged.statusCode, merged.body).toBe(200)
    expect(merged.json()).toMatchObject({ person: { dateOfDeath: DIED_ON } })
    expect((await recordsOfPlan(ctx(), plan.id)).plan).toEqual({ status: 'ended', active_to: ctx().today })
  })

  it('puts back what it ended, as it was, when a death recorded in error is removed', async () => {
    const { person, plan } = await activePlan(ctx())
    const { requestId, episodeId } = await inReablement(ctx(), person.id)
    const api = await ctx().api('practitioner')
    const untriaged = await api.post(`/api/v1/people/${person.id}/requests`, {
      requestedOn: '2026-06-02',
      routeOfAccess: 'Community / Other route',
      whatWasAsked: 'Help at home',
    })
    const requestIds = [requestId, untriaged.json().id as string]
    const snapshot = async () => ({
      ...(await recordsOf(ctx(), plan.id, episodeId, requestId)),
      requests: await requestsOf(ctx(), requestIds),
    })
    const before = await snapshot()

    await api.patch(`/api/v1/people/${person.id}`, { dateOfDeath: DIED_ON })
    expect((await snapshot()).plan.status).toBe('ended')
    const removed = await api.patch(`/api/v1/people/${person.id}`, { dateOfDeath: null })
    expect(removed.statusCode, removed.body).toBe(200)
    expect(removed.json()).toMatchObject({ dateOfDeath: null })
    expect(await snapshot()).toEqual(before)
    const noted = await ctx()
      .database.db.selectFrom('support_ended_at_death')
      .select('id')
      .where('person_id', '=', person.id)
      .execute()
    expect(noted).toEqual([])
    for (const id of [plan.id, episodeId, requestIds[1] as string])
      expect((await auditRowsFor(ctx().database, id)).at(-1)?.detail).toEqual({
        change: 'reopen',
        because: 'death removed',
      })
    // The plan is in effect again, so it can change as any other.
    const revised = await api.post(`/api/v1/plans/${plan.id}/versions`, { lines: [homeCare(6)] })
    expect(revised.statusCode, revised.body).toBe(201)
  })

  it('leaves closed a request that was closed before the death when reablement reopens', async () => {
    const { person } = await activePlan(ctx())
    const { requestId, episodeId } = await inReablement(ctx(), person.id)
    const { db } = ctx().database
    await db
      .updateTable('support_requests')
      .set({ closed_on: '2026-06-01' })
      .where('id', '=', requestId)
      .execute()
    const api = await ctx().api('practitioner')
    await api.patch(`/api/v1/people/${person.id}`, { dateOfDeath: DIED_ON })
    await api.patch(`/api/v1/people/${person.id}`, { dateOfDeath: null })
    const episode = await db
      .selectFrom('reablement_episodes')
      .select('ended_on')
      .where('id', '=', episodeId)
      .executeTakeFirstOrThrow()
    expect(episode.ended_on).toBeNull()
    expect(await requestsOf(ctx(), [requestId])).toMatchObject([{ closed_on: '2026-06-01' }])
  })

  it('moves what it ended to the corrected day', async () => {
    const { person, plan } = await activePlan(ctx())
    const { requestId, episodeId } = await inReablement(ctx(), person.id)
    const api = await ctx().api('practitioner')
    await api.patch(`/api/v1/people/${person.id}`, { dateOfDeath: DIED_ON })
    const corrected = await api.patch(`/api/v1/people/${person.id}`, { dateOfDeath: '2026-06-05' })
    expect(corrected.statusCode, corrected.body).toBe(200)
    const { episode, request } = await recordsOf(ctx(), plan.id, episodeId, requestId)
    expect(episode).toEqual({ ended_on: '2026-06-05', sequel: 'died', event_outcome: 'NFA: Deceased' })
    expect(request).toEqual({ closed_on: '2026-06-05' })
    const events = await ctx()
      .database.db.selectFrom('cld_events')
      .select(['event_end_on', 'event_outcome'])
      .where('source_record_id', '=', episodeId)
      .execute()
    expect(events).toEqual([{ event_end_on: '2026-06-05', event_outcome: 'NFA: Deceased' }])
    // What it ended is noted once, for the day now recorded.
    const noted = await ctx()
      .database.db.selectFrom('support_ended_at_death')
      .select('record_type')
      .where('person_id', '=', person.id)
      .orderBy('record_type')
      .execute()
    expect(noted.map((n) => n.record_type)).toEqual(['reablement', 'support_plan'])
  })

  it('asks first, on the page, before removing a date of death, and says what came back', async () => {
    const { person, plan } = await activePlan(ctx())
    const api = await ctx().api('practitioner')
    await api.patch(`/api/v1/people/${person.id}`, { dateOfDeath: DIED_ON })
    const browser = await ctx().browser('practitioner')
    const form = await browser.get(`/people/${person.id}/edit`)
    expect(form.body).toContain('Clear it only if it was recorded in error')
    const details = personForm(person, ['', '', ''])
    const check = await browser.post(`/people/${person.id}/edit`, details)
    expect(check.statusCode, check.body).toBe(200)
    expect(check.body).toContain('Check before removing their date of death')
    expect(check.body).toContain('died on 10 June 2026. Only do this if it was recorded in error')
    expect(check.body).toContain(
      'support plan (version 1, a personal budget of £168.00 a week) will be in effect again',
    )
    expect((await recordsOfPlan(ctx(), plan.id)).plan.status).toBe('ended')

    const saved = await browser.post(`/people/${person.id}/edit`, { ...details, confirmDeath: 'yes' })
    expect(saved.statusCode, saved.body).toBe(302)
    expect(saved.headers.location).toBe(`/people/${person.id}?saved=death-removed&restored=plan`)
    const page = await browser.get(saved.headers.location as string)
    expect(page.body).toContain(
      'Date of death removed. What recording it ended is back as it was: their support plan',
    )
    expect((await recordsOfPlan(ctx(), plan.id)).plan).toEqual({ status: 'active', active_to: null })

    // Correcting a date asks first too.
    await api.patch(`/api/v1/people/${person.id}`, { dateOfDeath: DIED_ON })
    const moved = {
      ...details,
      'dateOfDeath-day': '12',
      'dateOfDeath-month': '6',
      'dateOfDeath-year': '2026',
    }
    const checkMove = await browser.post(`/people/${person.id}/edit`, moved)
    expect(checkMove.body).toContain('Check before correcting their date of death')
    expect(checkMove.body).toContain('from 10 June 2026 to 12 June 2026')
    const movedSaved = await browser.post(`/people/${person.id}/edit`, { ...moved, confirmDeath: 'yes' })
    expect(movedSaved.headers.location).toBe(`/people/${person.id}?saved=death-corrected&ended=plan`)
    const after = await browser.get(movedSaved.headers.location as string)
    expect(after.body).toContain('Date of death corrected. Their support plan now ends on the new day')
  })

  it('ends their links with carers and the adults they care for, and makes them current again when removed', async () => {
    const councilId = ctx().councils.a.id
    const person = await insertPerson(ctx().database, councilId, { given_name: 'Wilf' })
    const carer = await insertPerson(ctx().database, councilId, { given_name: 'Sam' })
    const caredFor = await insertPerson(ctx().database, councilId, { given_name: 'Edna' })
    const api = await ctx().api('practitioner')
    const link = async (carerId: string, adultId: string) => {
      const made = await api.post(`/api/v1/people/${adultId}/carers`, {
        relationship: 'Son or daughter',
        livesWith: true,
        hoursAWeek: 35,
        startedOn: '2024-03-01',
        carerId,
      })
      expect(made.statusCode, made.body).toBe(201)
      return made.json().id as string
    }
    const hisCarer = await link(carer.id, person.id)
    const heCaresFor = await link(person.id, caredFor.id)
    const carerFields = () =>
      ctx()
        .database.db.selectFrom('people')
        .select(['adult_1_linked_person_id', 'no_of_adults_being_cared_for'])
        .where('id', '=', person.id)
        .executeTakeFirstOrThrow()
    const links = () =>
      ctx()
        .database.db.selectFrom('carer_links')
        .select(['id', 'ended_on'])
        .where('id', 'in', [hisCarer, heCaresFor])
        .orderBy('id')
        .execute()
    const fieldsBefore = await carerFields()
    expect(fieldsBefore.adult_1_linked_person_id).toBe(caredFor.la_person_id)

    const check = await (await ctx().browser('practitioner')).post(
      `/people/${person.id}/edit`,
      personForm(person, ['10', '6', '2026']),
    )
    expect(check.body).toContain('end their 2 links with unpaid carers and adults they care for')
    await api.patch(`/api/v1/people/${person.id}`, { dateOfDeath: DIED_ON })
    expect((await links()).map((l) => l.ended_on)).toEqual([DIED_ON, DIED_ON])
    // As a carer, he no longer cares for anyone in the CLD fields.
    expect((await carerFields()).adult_1_linked_person_id).toBeNull()
    const carerAudit = (await auditRowsFor(ctx().database, heCaresFor)).at(-1)
    expect(carerAudit?.detail).toMatchObject({ endedOn: DIED_ON, because: 'died' })

    await api.patch(`/api/v1/people/${person.id}`, { dateOfDeath: null })
    expect((await links()).map((l) => l.ended_on)).toEqual([null, null])
    expect(await carerFields()).toEqual(fieldsBefore)
  })

  it('says a date of death was corrected when recording it had ended nothing', async () => {
    const person = await insertPerson(ctx().database, ctx().councils.a.id, {
      given_name: 'Edna',
      family_name: 'Clough',
      date_of_birth: '1950-06-27',
    })
    await (await ctx().api('practitioner')).patch(`/api/v1/people/${person.id}`, { dateOfDeath: DIED_ON })
    const browser = await ctx().browser('practitioner')
    const check = await browser.post(`/people/${person.id}/edit`, personForm(person, ['8', '6', '2026']))
    expect(check.body).toContain(
      'Recording it ended nothing that is still as it left it: only the date changes',
    )
    const saved = await browser.post(`/people/${person.id}/edit`, {
      ...personForm(person, ['8', '6', '2026']),
      confirmDeath: 'yes',
    })
    expect(saved.headers.location).toBe(`/people/${person.id}?saved=death-corrected&ended=`)
    expect((await browser.get(saved.headers.location as string)).body).toContain('Date of death corrected')
    // A name of the page's own that is no message shows none.
    const odd = await browser.get(`/people/${person.id}?saved=toString`)
    expect(odd.statusCode).toBe(200)
    expect(odd.body).not.toContain('govuk-notification-banner--success')
  })

  it('changes nothing when the record is refused', async () => {
    const { person, plan } = await activePlan(ctx())
    const api = await ctx().api('practitioner')
    const refused = await api.patch(`/api/v1/people/${person.id}`, { dateOfDeath: '1900-01-01' })
    expect(refused.statusCode).toBe(422)
    expect((await recordsOfPlan(ctx(), plan.id)).plan.status).toBe('active')
    // Another council's practitioner cannot record it at all.
    const other = await (await ctx().api('practitioner', 'b')).patch(`/api/v1/people/${person.id}`, {
      dateOfDeath: DIED_ON,
    })
    expect(other.statusCode).toBe(404)
    expect((await recordsOfPlan(ctx(), plan.id)).plan.status).toBe('active')
  })
})

async function recordsOfPlan(ctx: TestContext, planId: string) {
  const plan = await ctx.database.db
    .selectFrom('support_plans')
    .select(['status', 'active_to'])
    .where('id', '=', planId)
    .executeTakeFirstOrThrow()
  return { plan }
}

async function requestsOf(ctx: TestContext, ids: string[]) {
  return ctx.database.db
    .selectFrom('support_requests')
    .select(['id', 'triage_outcome', 'triaged_on', 'closed_on'])
    .where('id', 'in', ids)
    .orderBy('id')
    .execute()
}

/** The person form's fields for a fixture person (born 27 June 1950), with a date of death as typed. */
function personForm(
  person: { given_name: string | null; family_name: string | null },
  [day, month, year]: [string, string, string],
) {
  return {
    givenName: person.given_name ?? '',
    familyName: person.family_name ?? '',
    'dateOfBirth-day': '27',
    'dateOfBirth-month': '6',
    'dateOfBirth-year': '1950',
    'dateOfDeath-day': day,
    'dateOfDeath-month': month,
    'dateOfDeath-year': year,
  }
}
