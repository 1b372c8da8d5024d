import { expect, it } from 'vitest'
import type { Role } from '../../src/modules/identity/roles.ts'
import { isoDateBoxes } from '../support/date-boxes.ts'
import { insertPerson } from '../support/fixtures.ts'
import { type CouncilKey, describeOnEachDatabase, type TestContext } from '../support/test-context.ts'
import { auditRowsFor, cldEventFor } from '../support/written-records.ts'

const TO_REABLEMENT = 'Progress to reablement/ST-Max'

const afterDischarge = {
  startedOn: '2026-06-01',
  plannedEndOn: '2026-07-12',
  provider: 'Northside Reablement Team',
  afterHospitalDischarge: true,
  dischargedOn: '2026-05-31',
}

describeOnEachDatabase('reablement and the 91-day at-home check', (ctx) => {
  const councilA = () => ctx().councils.a

  const person = (council: CouncilKey = 'a') => insertPerson(ctx().database, ctx().councils[council].id)

  /** An episode started through the API by a practitioner of council A. */
  async function started(overrides: Record<string, unknown> = {}, personId?: string) {
    const id = personId ?? (await person()).id
    const api = await ctx().api('practitioner')
    const response = await api.post(`/api/v1/people/${id}/reablement`, { ...afterDischarge, ...overrides })
    expect(response.statusCode, response.body).toBe(201)
    return response.json() as Record<string, unknown> & { id: string; personId: string }
  }

  /** A request for the person, triaged as given. */
  async function request(personId: string, triageOutcome = TO_REABLEMENT, requestedOn = '2026-05-20') {
    const api = await ctx().api('practitioner')
    const created = await api.post(`/api/v1/people/${personId}/requests`, {
      requestedOn,
      routeOfAccess: 'Discharge from Hospital',
      whatWasAsked: 'Help getting back on her feet after a hip operation',
    })
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json().id as string
    const triaged = await api.post(`/api/v1/requests/${id}/triage`, { triageOutcome, triagedOn: requestedOn })
    expect(triaged.statusCode, triaged.body).toBe(200)
    return id
  }

  const counts = async (c: TestContext) => {
    const db = c.database.db
    const n = async (table: 'reablement_episodes' | 'at_home_checks' | 'cld_events' | 'support_requests') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const state = await db
      .selectFrom('reablement_episodes')
      .select(['id', 'ended_on', 'sequel'])
      .orderBy('id')
      .execute()
    const checks = await db
      .selectFrom('at_home_checks')
      .select(['episode_id', 'result'])
      .orderBy('episode_id')
      .execute()
    const events = await db
      .selectFrom('cld_events')
      .select(['id', 'event_end_on', 'event_outcome'])
      .orderBy('id')
      .execute()
    const requests = await db
      .selectFrom('support_requests')
      .select(['id', 'closed_on'])
      .orderBy('id')
      .execute()
    return {
      episodes: await n('reablement_episodes'),
      checks: await n('at_home_checks'),
      events: await n('cld_events'),
      state: JSON.stringify([state, checks, events, requests]),
    }
  }

  // ── Starting ───────────────────────────────────────────────────────────

  it('starts reablement after a hospital discharge: a CLD Service event, an at-home check due 91 days on, an audit entry', async () => {
    const p = await person()
    const episode = await started({}, p.id)
    expect(episode).toMatchObject({
      personId: p.id,
      startedOn: '2026-06-01',
      plannedEndOn: '2026-07-12',
      provider: 'Northside Reablement Team',
      afterHospitalDischarge: true,
      dischargedOn: '2026-05-31',
      withinAscof2dWindow: true,
      endedOn: null,
      status: 'open',
      days: 15,
      sequel: null,
      atHomeCheck: { dueOn: '2026-08-30', status: 'not yet due', result: null },
      createdBy: councilA().users.practitioner,
    })
    expect(await cldEventFor(ctx().database, episode.id)).toMatchObject({
      council_id: councilA().id,
      person_id: p.id,
      event_type: 'Service',
      event_start_on: '2026-06-01',
      event_end_on: null,
      // CLD asks every service for an outcome: until it ends, it continues.
      event_outcome: 'Continuation of support or services',
      client_funding_status: 'Fully social care funded',
      service_type: 'Short term support: ST-Max',
      service_component: 'Reablement',
    })
    const audit = await auditRowsFor(ctx().database, episode.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'create', record_type: 'reablement', person_id: p.id })
    expect(JSON.stringify(audit[0]?.detail)).not.toContain('Northside')
  })

  it('starts reablement with no hospital stay, ignoring a discharge date sent with it', async () => {
    const episode = await started({
      afterHospitalDischarge: false,
      dischargedOn: '2026-05-01',
      plannedEndOn: null,
    })
    expect(episode).toMatchObject({ afterHospitalDischarge: false, dischargedOn: null, atHomeCheck: null })
    const checks = await ctx()
      .database.db.selectFrom('at_home_checks')
      .selectAll()
      .where('episode_id', '=', episode.id)
      .execute()
    expect(checks).toEqual([])
  })

  it('starts reablement from a request triaged to it; the request closes when reablement ends with no more support to arrange', async () => {
    const p = await person()
    const requestId = await request(p.id)
    const episode = await started({ requestId }, p.id)
    expect(episode.requestId).toBe(requestId)
    const api = await ctx().api('practitioner')
    const ended = await api.post(`/api/v1/reablement/${episode.id}/end`, {
      endedOn: '2026-06-12',
      sequel: 'ongoing_low_level',
    })
    expect(ended.statusCode, ended.body).toBe(200)
    expect((await api.get(`/api/v1/requests/${requestId}`)).json()).toMatchObject({ closedOn: '2026-06-12' })
  })

  it('keeps the request open when long-term support is to follow', async () => {
    const p = await person()
    const requestId = await request(p.id)
    const episode = await started({ requestId }, p.id)
    const api = await ctx().api('practitioner')
    const ended = await api.post(`/api/v1/reablement/${episode.id}/end`, {
      endedOn: '2026-06-12',
      sequel: 'long_term_support',
    })
    expect(ended.json()).toMatchObject({
      longTermSupport: true,
      eventOutcome: 'Progress to support planning or services',
    })
    expect((await api.get(`/api/v1/requests/${requestId}`)).json()).toMatchObject({ closedOn: null })
  })

  it.each([
    ['startedOn', { startedOn: undefined }, 'Enter the date reablement started'],
    ['startedOn', { startedOn: '2026-02-30' }, 'Date reablement started must be a real date'],
    ['startedOn', { startedOn: '1 June 2026' }, 'Date reablement started must be a real date'],
    ['startedOn', { startedOn: '2026-06-16' }, 'Date reablement started must be today or in the past'],
    [
      'startedOn',
      { requestId: 'REQUEST', startedOn: '2026-05-19' },
      'Date reablement started must be on or after the date of the request',
    ],
    [
      'plannedEndOn',
      { plannedEndOn: '2026-05-31' },
      'Planned end date must be on or after the date reablement started',
    ],
    ['plannedEndOn', { plannedEndOn: '2026-13-01' }, 'Planned end date must be a real date'],
    ['provider', { provider: 'x'.repeat(201) }, 'Provider must be 200 characters or fewer'],
    ['provider', { provider: 12 }, 'Enter the provider as text'],
    [
      'afterHospitalDischarge',
      { afterHospitalDischarge: undefined },
      'Choose yes if reablement followed a stay in hospital',
    ],
    [
      'afterHospitalDischarge',
      { afterHospitalDischarge: 'perhaps' },
      'Choose yes if reablement followed a stay in hospital',
    ],
    ['dischargedOn', { dischargedOn: undefined }, 'Enter the date they left hospital'],
    ['dischargedOn', { dischargedOn: '2026-06-31' }, 'Date they left hospital must be a real date'],
    [
      'dischargedOn',
      { startedOn: '2026-06-14', dischargedOn: '2026-06-16' },
      'Date they left hospital must be today or in the past',
    ],
    [
      'dischargedOn',
      { dischargedOn: '2026-05-03' },
      'Date they left hospital must be no more than 28 days before reablement started',
    ],
    [
      'dischargedOn',
      { dischargedOn: '2026-06-09' },
      'Date they left hospital must be no more than 7 days after reablement started',
    ],
    ['requestId', { requestId: 'not-a-request' }, 'Choose one of this person’s requests'],
    ['requestId', { requestId: 'OTHER-PERSON' }, 'Choose one of this person’s requests'],
    ['requestId', { requestId: 'COUNCIL-B' }, 'Choose one of this person’s requests'],
    ['requestId', { requestId: 'TO-ASSESSMENT' }, 'That request was not triaged to reablement'],
    ['requestId', { requestId: 'CLOSED' }, 'That request is closed: choose an open request, or none'],
  ])(
    'refuses to start reablement with a bad %s (%o) and writes nothing',
    async (field, overrides, message) => {
      const p = await person()
      const body: Record<string, unknown> = { ...afterDischarge, ...overrides }
      if (body.requestId === 'REQUEST') body.requestId = await request(p.id)
      if (body.requestId === 'OTHER-PERSON') body.requestId = await request((await person()).id)
      if (body.requestId === 'TO-ASSESSMENT')
        body.requestId = await request(p.id, 'Progress to assessment, review or reassessment')
      if (body.requestId === 'CLOSED') body.requestId = await request(p.id, 'NFA: Support declined')
      if (body.requestId === 'COUNCIL-B') {
        const other = await insertPerson(ctx().database, ctx().councils.b.id)
        const b = await ctx().api('practitioner', 'b')
        body.requestId = (
          await b.post(`/api/v1/people/${other.id}/requests`, {
            requestedOn: '2026-05-20',
            routeOfAccess: 'Prison',
            whatWasAsked: 'Help',
          })
        ).json().id
      }
      const api = await ctx().api('practitioner')
      const before = await counts(ctx())
      const response = await api.post(`/api/v1/people/${p.id}/reablement`, body)
      expect(response.statusCode, response.body).toBe(422)
      expect(response.headers['content-type']).toContain('application/problem+json')
      expect(response.json().errors).toContainEqual({ field, message })
      expect(await counts(ctx())).toEqual(before)
    },
  )

  it('reports every bad field at once', async () => {
    const p = await person()
    const response = await (await ctx().api('practitioner')).post(`/api/v1/people/${p.id}/reablement`, {
      plannedEndOn: 'soon',
    })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'startedOn',
      'plannedEndOn',
      'afterHospitalDischarge',
    ])
  })

  it('allows one open episode per person (409), and another once it has ended', async () => {
    const p = await person()
    const first = await started({}, p.id)
    const api = await ctx().api('practitioner')
    const before = await counts(ctx())
    const again = await api.post(`/api/v1/people/${p.id}/reablement`, afterDischarge)
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ episodeId: first.id })
    expect(await counts(ctx())).toEqual(before)
    await api.post(`/api/v1/reablement/${first.id}/end`, {
      endedOn: '2026-06-05',
      sequel: 'admitted_to_hospital',
    })
    const second = await api.post(`/api/v1/people/${p.id}/reablement`, {
      startedOn: '2026-06-12',
      afterHospitalDischarge: true,
      dischargedOn: '2026-06-11',
    })
    expect(second.statusCode, second.body).toBe(201)
    const list = await api.get(`/api/v1/people/${p.id}/reablement`)
    expect(list.json().episodes.map((e: { id: string }) => e.id)).toEqual([second.json().id, first.id])
  })

  // ── Ending ─────────────────────────────────────────────────────────────

  it('ends reablement with its sequel: the Service event ends with the CLD event outcome', async () => {
    const episode = await started()
    const api = await ctx().api('team_manager')
    const response = await api.post(`/api/v1/reablement/${episode.id}/end`, {
      endedOn: '2026-06-12',
      sequel: 'no_ongoing_support',
    })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({
      endedOn: '2026-06-12',
      status: 'ended',
      days: 12,
      sequel: { code: 'no_ongoing_support', label: 'No ongoing support needed' },
      eventOutcome: 'NFA: Support ended as planned',
      ongoingLowLevelSupport: false,
      longTermSupport: false,
    })
    expect(await cldEventFor(ctx().database, episode.id)).toMatchObject({
      event_end_on: '2026-06-12',
      event_outcome: 'NFA: Support ended as planned',
    })
    const audit = await auditRowsFor(ctx().database, episode.id)
    expect(audit.map((a) => a.action)).toEqual(['create', 'update'])
    expect(audit[1]?.detail).toMatchObject({ change: 'end', sequel: 'no_ongoing_support' })
  })

  it('refuses to end reablement twice (409) and changes nothing', async () => {
    const episode = await started()
    const api = await ctx().api('practitioner')
    await api.post(`/api/v1/reablement/${episode.id}/end`, { endedOn: '2026-06-10', sequel: 'died' })
    const before = await counts(ctx())
    const again = await api.post(`/api/v1/reablement/${episode.id}/end`, {
      endedOn: '2026-06-11',
      sequel: 'no_ongoing_support',
    })
    expect(again.statusCode).toBe(409)
    expect(await counts(ctx())).toEqual(before)
    expect(await cldEventFor(ctx().database, episode.id)).toMatchObject({ event_outcome: 'NFA: Deceased' })
  })

  it.each([
    ['endedOn', { endedOn: undefined }, 'Enter the date reablement ended'],
    ['endedOn', { endedOn: '2026-02-29' }, 'Date reablement ended must be a real date'],
    ['endedOn', { endedOn: '2026-05-31' }, 'Date reablement ended must be on or after the date it started'],
    ['endedOn', { endedOn: '2026-06-16' }, 'Date reablement ended must be today or in the past'],
    ['sequel', { sequel: undefined }, 'Choose what happened when reablement ended'],
    ['sequel', { sequel: 'NFA: Support ended as planned' }, 'Choose what happened when reablement ended'],
  ])('refuses to end reablement with a bad %s (%o) and writes nothing', async (field, overrides, message) => {
    const episode = await started()
    const api = await ctx().api('practitioner')
    const before = await counts(ctx())
    const response = await api.post(`/api/v1/reablement/${episode.id}/end`, {
      endedOn: '2026-06-12',
      sequel: 'no_ongoing_support',
      ...overrides,
    })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors).toContainEqual({ field, message })
    expect(await counts(ctx())).toEqual(before)
  })

  // ── The at-home check ──────────────────────────────────────────────────

  it('records where someone was 91 days after leaving hospital, once, from the day it is due', async () => {
    const episode = await started({ startedOn: '2026-03-02', plannedEndOn: null, dischargedOn: '2026-03-01' })
    expect(episode.atHomeCheck).toMatchObject({ dueOn: '2026-05-31', status: 'overdue' })
    const api = await ctx().api('practitioner')
    const before = await counts(ctx())
    const early = await api.post(`/api/v1/reablement/${episode.id}/at-home-check`, {
      result: 'at_home',
      checkedOn: '2026-05-30',
    })
    expect(early.statusCode).toBe(422)
    expect(early.json().errors).toEqual([
      {
        field: 'checkedOn',
        message: 'Date of the check must be on or after 31 May 2026, 91 days after they left hospital',
      },
    ])
    expect(await counts(ctx())).toEqual(before)
    const ok = await api.post(`/api/v1/reablement/${episode.id}/at-home-check`, {
      result: 'at_home',
      checkedOn: '2026-06-02',
    })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json().atHomeCheck).toEqual({
      dueOn: '2026-05-31',
      status: 'recorded',
      result: 'at_home',
      resultText: 'At home',
      checkedOn: '2026-06-02',
    })
    const again = await api.post(`/api/v1/reablement/${episode.id}/at-home-check`, {
      result: 'died',
      checkedOn: '2026-06-03',
    })
    expect(again.statusCode).toBe(409)
    const audit = await auditRowsFor(ctx().database, episode.id)
    expect(audit.at(-1)?.detail).toMatchObject({ change: 'at-home check', result: 'at_home' })
  })

  it('has no at-home check for reablement that did not follow a hospital stay (409)', async () => {
    const episode = await started({ afterHospitalDischarge: false })
    const response = await (await ctx().api('practitioner')).post(
      `/api/v1/reablement/${episode.id}/at-home-check`,
      {
        result: 'at_home',
        checkedOn: '2026-06-15',
      },
    )
    expect(response.statusCode).toBe(409)
  })

  it.each([
    ['result', { result: undefined }, 'Choose where they were 91 days after leaving hospital'],
    ['result', { result: 'on holiday' }, 'Choose where they were 91 days after leaving hospital'],
    ['checkedOn', { checkedOn: undefined }, 'Enter the date of the check'],
    ['checkedOn', { checkedOn: '2026-06-16' }, 'Date of the check must be today or in the past'],
  ])('refuses an at-home check with a bad %s (%o) and writes nothing', async (field, overrides, message) => {
    const episode = await started({ startedOn: '2026-03-02', plannedEndOn: null, dischargedOn: '2026-03-01' })
    const api = await ctx().api('practitioner')
    const before = await counts(ctx())
    const response = await api.post(`/api/v1/reablement/${episode.id}/at-home-check`, {
      result: 'care_home',
      checkedOn: '2026-06-10',
      ...overrides,
    })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors).toContainEqual({ field, message })
    expect(await counts(ctx())).toEqual(before)
  })

  it('lists the council’s open reablement and the at-home checks due, overdue and coming up', async () => {
    const overdue = await started({
      startedOn: '2026-03-02',
      plannedEndOn: '2026-04-12',
      dischargedOn: '2026-03-01',
    })
    const due = await started({ startedOn: '2026-03-14', plannedEndOn: null, dischargedOn: '2026-03-14' })
    const comingUp = await started({
      startedOn: '2026-03-20',
      plannedEndOn: null,
      dischargedOn: '2026-03-20',
    })
    const later = await started()
    const api = await ctx().api('practitioner')
    await api.post(`/api/v1/reablement/${due.id}/end`, {
      endedOn: '2026-04-20',
      sequel: 'no_ongoing_support',
    })
    const list = (await api.get('/api/v1/reablement')).json() as Record<
      'open' | 'checksDue' | 'checksComingUp',
      { id: string; status: string; atHomeCheck: { status: string; dueOn: string } }[]
    >
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id)
    expect(ids(list.open)).toEqual(expect.arrayContaining([overdue.id, comingUp.id, later.id]))
    expect(ids(list.open)).not.toContain(due.id)
    expect(list.open.find((e) => e.id === overdue.id)?.status).toBe('past planned end')
    expect(ids(list.checksDue)).toEqual(expect.arrayContaining([overdue.id, due.id]))
    expect(list.checksDue.find((e) => e.id === overdue.id)?.atHomeCheck.status).toBe('overdue')
    expect(list.checksDue.find((e) => e.id === due.id)?.atHomeCheck).toMatchObject({
      status: 'due',
      dueOn: '2026-06-13',
    })
    expect(ids(list.checksComingUp)).toContain(comingUp.id)
    expect(ids([...list.checksDue, ...list.checksComingUp])).not.toContain(later.id)

    const page = await (await ctx().browser('practitioner')).get('/reablement')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`/reablement/${overdue.id}`)
    expect(page.body).toContain('Overdue')
    expect(page.body).toContain('Past')
    const reads = await ctx()
      .database.db.selectFrom('audit_log')
      .selectAll()
      .where('record_type', '=', 'reablement-list')
      .execute()
    expect(reads.length).toBeGreaterThanOrEqual(2)

    const other = (await (await ctx().api('practitioner', 'b')).get('/api/v1/reablement')).json()
    expect(JSON.stringify(other)).not.toContain(overdue.id)
  })

  // ── Pages ──────────────────────────────────────────────────────────────

  it('starts, ends and checks reablement through the pages', async () => {
    const p = await person()
    const requestId = await request(p.id, TO_REABLEMENT, '2026-03-01')
    const browser = await ctx().browser('practitioner')
    const form = await browser.get(`/people/${p.id}/reablement/new?requestId=${requestId}`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Start reablement')
    expect(form.body).toContain('id="startedOn-day"')
    expect(form.body).toContain('Did reablement follow a stay in hospital?')
    expect(form.body).toContain(`value="${requestId}" checked`)

    const response = await browser.post(`/people/${p.id}/reablement/new`, {
      requestId,
      ...isoDateBoxes('startedOn', '2026-03-02'),
      ...isoDateBoxes('plannedEndOn', '2026-04-12'),
      provider: 'Northside Reablement Team',
      afterHospitalDischarge: 'yes',
      ...isoDateBoxes('dischargedOn', '2026-03-01'),
    })
    expect(response.statusCode, response.body.slice(0, 300)).toBe(303)
    const location = String(response.headers.location)
    expect(location).toMatch(/^\/reablement\/[0-9a-f-]{36}\?done=started$/)
    const page = await browser.get(location)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Reablement started.')
    expect(page.body).toContain('Northside Reablement Team')
    expect(page.body).toContain('left hospital on 1 March 2026')
    expect(page.body).toContain('End reablement')
    expect(page.body).toContain('Record the check')
    const id = location.split('/')[2]?.split('?')[0] as string

    const bad = await browser.post(`/reablement/${id}/end`, {
      ...isoDateBoxes('endedOn', '2026-03-01'),
      sequel: '',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('href="#endedOn-day"')
    expect(bad.body).toContain('href="#sequel"')
    expect(bad.body).toContain('Date reablement ended must be on or after the date it started')
    const ended = await browser.post(`/reablement/${id}/end`, {
      ...isoDateBoxes('endedOn', '2026-04-10'),
      sequel: 'ongoing_low_level',
    })
    expect(ended.statusCode).toBe(303)
    const after = await browser.get(String(ended.headers.location))
    expect(after.body).toContain('Reablement ended.')
    expect(after.body).toContain('Ongoing low-level support')
    expect(after.body).toContain('NFA: Support ended as planned')
    expect(after.body).not.toContain('End reablement</button>')

    const badCheck = await browser.post(`/reablement/${id}/at-home-check`, {
      ...isoDateBoxes('checkedOn', '2026-05-01'),
    })
    expect(badCheck.statusCode).toBe(422)
    expect(badCheck.body).toContain('href="#result"')
    expect(badCheck.body).toContain('Date of the check must be on or after 31 May 2026')
    const checked = await browser.post(`/reablement/${id}/at-home-check`, {
      result: 'at_home',
      ...isoDateBoxes('checkedOn', '2026-06-01'),
    })
    expect(checked.statusCode).toBe(303)
    const done = await browser.get(String(checked.headers.location))
    expect(done.body).toContain('At-home check recorded.')
    expect(done.body).toContain('At home')
    expect(done.body).not.toContain('Record the check')
  })

  it('shows the start form again with the errors and the values entered, writing nothing', async () => {
    const p = await person()
    const browser = await ctx().browser('practitioner')
    const before = await counts(ctx())
    const response = await browser.post(`/people/${p.id}/reablement/new`, {
      ...isoDateBoxes('startedOn', '2026-06-01'),
      'plannedEndOn-day': '31',
      'plannedEndOn-month': '',
      'plannedEndOn-year': '2026',
      provider: 'Team <b>A</b>',
      afterHospitalDischarge: 'yes',
    })
    expect(response.statusCode).toBe(422)
    expect(response.body).toContain('There is a problem')
    expect(response.body).toContain('href="#plannedEndOn-month"')
    expect(response.body).toContain('Planned end date must include a month')
    expect(response.body).toContain('href="#dischargedOn-day"')
    expect(response.body).toContain('Enter the date they left hospital')
    expect(response.body).toContain('Team &lt;b&gt;A&lt;/b&gt;')
    expect(response.body).toMatch(/name="startedOn-day"[^>]*value="1"/)
    expect(await counts(ctx())).toEqual(before)
  })

  it('says so instead of showing the form when reablement is already open', async () => {
    const episode = await started()
    const page = await (await ctx().browser('practitioner')).get(`/people/${episode.personId}/reablement/new`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('has not ended yet')
    expect(page.body).toContain(`/reablement/${episode.id}`)
    expect(page.body).not.toContain('id="startedOn-day"')
  })

  it('audits reads of reablement', async () => {
    const episode = await started()
    await (await ctx().api('practitioner')).get(`/api/v1/reablement/${episode.id}`)
    await (await ctx().browser('practitioner')).get(`/reablement/${episode.id}`)
    const reads = (await auditRowsFor(ctx().database, episode.id)).filter((a) => a.action === 'read')
    expect(reads).toHaveLength(2)
    expect(reads[0]).toMatchObject({ record_type: 'reablement', person_id: episode.personId })
  })

  // ── Roles and councils, for every route ────────────────────────────────

  type Call = (ids: { personId: string; episodeId: string }) => {
    method: 'get' | 'post'
    url: string
    body?: Record<string, unknown>
    page?: boolean
  }
  const ROUTES: [string, Call][] = [
    [
      'GET /people/{id}/reablement/new',
      (i) => ({ method: 'get', url: `/people/${i.personId}/reablement/new`, page: true }),
    ],
    [
      'POST /people/{id}/reablement/new',
      (i) => ({
        method: 'post',
        url: `/people/${i.personId}/reablement/new`,
        body: { ...isoDateBoxes('startedOn', '2026-06-01'), afterHospitalDischarge: 'no' },
        page: true,
      }),
    ],
    ['GET /reablement/{id}', (i) => ({ method: 'get', url: `/reablement/${i.episodeId}`, page: true })],
    [
      'POST /reablement/{id}/end',
      (i) => ({
        method: 'post',
        url: `/reablement/${i.episodeId}/end`,
        body: { ...isoDateBoxes('endedOn', '2026-06-10'), sequel: 'no_ongoing_support' },
        page: true,
      }),
    ],
    [
      'POST /reablement/{id}/at-home-check',
      (i) => ({
        method: 'post',
        url: `/reablement/${i.episodeId}/at-home-check`,
        body: { result: 'at_home', ...isoDateBoxes('checkedOn', '2026-06-10') },
        page: true,
      }),
    ],
    ['GET /reablement', () => ({ method: 'get', url: '/reablement', page: true })],
    [
      'POST /api/v1/people/{id}/reablement',
      (i) => ({
        method: 'post',
        url: `/api/v1/people/${i.personId}/reablement`,
        body: { ...afterDischarge },
      }),
    ],
    [
      'GET /api/v1/people/{id}/reablement',
      (i) => ({ method: 'get', url: `/api/v1/people/${i.personId}/reablement` }),
    ],
    ['GET /api/v1/reablement/{id}', (i) => ({ method: 'get', url: `/api/v1/reablement/${i.episodeId}` })],
    [
      'POST /api/v1/reablement/{id}/end',
      (i) => ({
        method: 'post',
        url: `/api/v1/reablement/${i.episodeId}/end`,
        body: { endedOn: '2026-06-10', sequel: 'no_ongoing_support' },
      }),
    ],
    [
      'POST /api/v1/reablement/{id}/at-home-check',
      (i) => ({
        method: 'post',
        url: `/api/v1/reablement/${i.episodeId}/at-home-check`,
        body: { result: 'at_home', checkedOn: '2026-06-10' },
      }),
    ],
    ['GET /api/v1/reablement', () => ({ method: 'get', url: '/api/v1/reablement' })],
  ]

  async function send(role: Role, council: CouncilKey, call: ReturnType<Call>) {
    const client = call.page ? await ctx().browser(role, council) : await ctx().api(role, council)
    return call.method === 'get'
      ? client.get(call.url)
      : client.post(call.url, (call.body ?? {}) as Record<string, string>)
  }

  async function idsInA() {
    // An episode whose check is due, so every route has something to act on.
    const episode = await started({ startedOn: '2026-03-02', plannedEndOn: null, dischargedOn: '2026-03-01' })
    return { personId: episode.personId, episodeId: episode.id }
  }

  it.each(ROUTES)('%s refuses roles without case work (403) and writes nothing', async (_name, call) => {
    const ids = await idsInA()
    const before = await counts(ctx())
    for (const role of ['analyst', 'admin', 'panel_member', 'finance', 'commissioner'] as Role[]) {
      const response = await send(role, 'a', call(ids))
      expect(response.statusCode, `${role}: ${response.body.slice(0, 200)}`).toBe(403)
    }
    expect(await counts(ctx())).toEqual(before)
  })

  it.each(ROUTES)('%s does not reveal council A’s records to council B (404)', async (_name, call) => {
    const ids = await idsInA()
    const before = await counts(ctx())
    const response = await send('practitioner', 'b', call(ids))
    const url = call(ids).url
    if (url === '/reablement' || url === '/api/v1/reablement') {
      // No id to guess: B's list simply holds none of A's episodes.
      expect(response.statusCode).toBe(200)
      expect(response.body).not.toContain(ids.episodeId)
      expect(response.body).not.toContain(ids.personId)
    } else {
      expect(response.statusCode, response.body.slice(0, 200)).toBe(404)
      expect(response.body).not.toContain(ids.personId)
    }
    expect(await counts(ctx())).toEqual(before)
  })

  it.each(['/reablement/not-a-uuid', '/api/v1/reablement/not-a-uuid', '/people/123/reablement/new'])(
    'answers 404 for %s',
    async (url) => {
      const client = url.startsWith('/api/')
        ? await ctx().api('practitioner')
        : await ctx().browser('practitioner')
      expect((await client.get(url)).statusCode).toBe(404)
    },
  )

  it('describes the API in the OpenAPI document', async () => {
    const doc = (await ctx().app.inject({ url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, unknown>
    }
    for (const path of [
      '/api/v1/people/{id}/reablement',
      '/api/v1/reablement',
      '/api/v1/reablement/{id}',
      '/api/v1/reablement/{id}/end',
      '/api/v1/reablement/{id}/at-home-check',
    ]) {
      expect(doc.paths[path], path).toBeDefined()
    }
    const end = JSON.stringify(doc.paths['/api/v1/reablement/{id}/end'])
    expect(end).toContain('long_term_support')
    expect(JSON.stringify(doc.paths['/api/v1/people/{id}/reablement'])).toContain('dischargedOn')
  })
})
