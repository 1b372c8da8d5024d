import { expect, it } from 'vitest'
import {
  ADULT_OUTCOMES,
  CARER_OUTCOMES,
  determineEligibility,
  type EligibilityInput,
} from '../../src/modules/assessments/eligibility.ts'
import { listAssessmentsForPerson } from '../../src/modules/assessments/store.ts'
import type { Role } from '../../src/modules/identity/roles.ts'
import { insertPerson } from '../support/fixtures.ts'
import { csrfTokenIn, describeOnEachDatabase, type TestContext } from '../support/test-context.ts'

const eligibleNeeds = {
  kind: 'needs',
  format: 'standard',
  impairmentOrIllness: true,
  wellbeingSignificantlyAffected: true,
  outcomes: {
    nutrition: ['needs_assistance'],
    personal_hygiene: ['significant_pain_distress_anxiety', 'needs_assistance'],
    clothing: [],
  },
  strengths: 'Cooks with help; close to her daughter',
  communityAssets: 'Lunch club on Tuesdays',
  wellbeingNotes: 'Losing weight; anxious about washing',
  minutes: { direct: 90, travel: 35, recording: 40 },
}

const notEligibleNeeds = {
  kind: 'needs',
  format: 'light',
  impairmentOrIllness: true,
  wellbeingSignificantlyAffected: true,
  outcomes: { habitable_home: ['takes_significantly_longer'] },
}

const eligibleCarer = {
  kind: 'carer',
  format: 'standard',
  needsFromCaring: true,
  carerHealthAtRisk: true,
  wellbeingSignificantlyAffected: true,
  outcomes: {},
}

const notEligibleCarer = {
  kind: 'carer',
  format: 'light',
  needsFromCaring: true,
  carerHealthAtRisk: false,
  wellbeingSignificantlyAffected: true,
  outcomes: { recreation: ['takes_significantly_longer'] },
  minutes: { direct: 20, travel: 0, recording: 10 },
}

const NOT_CASEWORK: Role[] = ['analyst', 'admin', 'finance']

function escapeHtml(text: string) {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

describeOnEachDatabase('assessments', (ctx) => {
  const councilA = () => ctx().councils.a
  const db = () => ctx().database.db

  const newPerson = () => insertPerson(ctx().database, councilA().id)

  async function assess(personId: string, body: unknown) {
    const api = await ctx().api('practitioner')
    const response = await api.post(`/api/v1/people/${personId}/assessments`, body)
    expect(response.statusCode, response.body).toBe(201)
    return response.json() as { id: string; eligibility: { eligible: boolean } }
  }

  async function openRequest(personId: string, councilId = councilA().id) {
    const row = await db()
      .insertInto('support_requests')
      .values({
        council_id: councilId,
        person_id: personId,
        requested_on: '2026-06-01',
        route_of_access: 'Community / Other route',
        what_was_asked: 'Help at home after a fall',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async function written(personId: string) {
    const count = async (table: 'assessments' | 'time_entries' | 'cld_events' | 'audit_log') =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('person_id', '=', personId)
            .executeTakeFirstOrThrow()
        ).n,
      )
    return {
      assessments: await count('assessments'),
      time: await count('time_entries'),
      events: await count('cld_events'),
      audit: (
        await db()
          .selectFrom('audit_log')
          .select('action')
          .where('person_id', '=', personId)
          .where('action', '!=', 'read')
          .execute()
      ).length,
    }
  }

  async function assessmentEvents(assessmentId: string) {
    return db()
      .selectFrom('cld_events')
      .selectAll()
      .where('source_record_id', '=', assessmentId)
      .where('event_type', '=', 'Assessment')
      .execute()
  }

  it.each([
    ['an eligible adult', eligibleNeeds, true, ['nutrition', 'personal_hygiene']],
    ['an adult who is not eligible', notEligibleNeeds, false, ['habitable_home']],
    ['an eligible carer', eligibleCarer, true, []],
    ['a carer who is not eligible', notEligibleCarer, false, []],
  ])('records %s and answers with the determination', async (_label, body, eligible, notAchieved) => {
    const person = await newPerson()
    const api = await ctx().api('practitioner')
    const response = await api.post(`/api/v1/people/${person.id}/assessments`, body)
    expect(response.statusCode, response.body).toBe(201)
    const expected = determineEligibility(body as unknown as EligibilityInput)
    expect(response.json()).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      eligibility: { eligible, outcomesNotAchieved: notAchieved, reasons: expected.reasons },
    })
    const { id } = response.json() as { id: string }
    const row = await db()
      .selectFrom('assessments')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      council_id: councilA().id,
      person_id: person.id,
      kind: body.kind,
      format: body.format,
      started_on: ctx().today,
      assessor_id: councilA().users.practitioner,
      eligible: null,
      decision: null,
      completed_on: null,
      event_outcome: null,
    })
    // Kept as computed, in full, with the reasons outcome by outcome.
    expect(row.computed_eligibility).toEqual(expected)
    // Only outcomes with a difficulty are kept.
    expect(Object.values(row.outcomes).every((list) => list.length > 0)).toBe(true)
    expect(await assessmentEvents(id)).toEqual([])
  })

  it('stores the minutes as a time entry for the assessment', async () => {
    const person = await newPerson()
    const { id } = await assess(person.id, eligibleNeeds)
    const entries = await db().selectFrom('time_entries').selectAll().where('record_id', '=', id).execute()
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      council_id: councilA().id,
      person_id: person.id,
      user_id: councilA().users.practitioner,
      activity: 'assessment',
      direct_minutes: 90,
      travel_minutes: 35,
      recording_minutes: 40,
      recorded_on: ctx().today,
    })
    const api = await ctx().api('practitioner')
    expect((await api.get(`/api/v1/assessments/${id}`)).json().minutes).toEqual({
      direct: 90,
      travel: 35,
      recording: 40,
    })
    const withoutMinutes = await assess(person.id, notEligibleNeeds)
    expect(
      await db().selectFrom('time_entries').selectAll().where('record_id', '=', withoutMinutes.id).execute(),
    ).toEqual([])
  })

  it('reads back an assessment with its full determination', async () => {
    const person = await newPerson()
    const { id } = await assess(person.id, { ...eligibleNeeds, startedOn: '2026-06-10' })
    const api = await ctx().api('team_manager')
    const response = await api.get(`/api/v1/assessments/${id}`)
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body).toMatchObject({
      id,
      personId: person.id,
      requestId: null,
      kind: 'needs',
      format: 'standard',
      startedOn: '2026-06-10',
      completedOn: null,
      strengths: eligibleNeeds.strengths,
      communityAssets: eligibleNeeds.communityAssets,
      impairmentOrIllness: true,
      needsFromCaring: null,
      wellbeingSignificantlyAffected: true,
      wellbeingNotes: eligibleNeeds.wellbeingNotes,
      outcomes: {
        nutrition: ['needs_assistance'],
        personal_hygiene: ['needs_assistance', 'significant_pain_distress_anxiety'],
      },
      decision: null,
      assessor: { id: councilA().users.practitioner, name: 'practitioner a' },
    })
    expect(body.eligibility.outcomes).toHaveLength(ADULT_OUTCOMES.length)
    expect(body.eligibility.conditions.map((c: { met: boolean }) => c.met)).toEqual([true, true, true])
  })

  it.each([
    [
      'a carer outcome on a needs assessment',
      { ...eligibleNeeds, outcomes: { recreation: ['needs_assistance'] } },
      ['outcomes.recreation'],
    ],
    [
      'an adult outcome on a carer’s assessment',
      { ...eligibleCarer, outcomes: { toilet_needs: ['needs_assistance'] } },
      ['outcomes.toilet_needs'],
    ],
    ['an unknown outcome', { ...eligibleNeeds, outcomes: { gardening: [] } }, ['outcomes.gardening']],
    [
      'an unknown difficulty',
      { ...eligibleNeeds, outcomes: { nutrition: ['feels_tired'] } },
      ['outcomes.nutrition'],
    ],
    ['no impairment answer', { ...eligibleNeeds, impairmentOrIllness: undefined }, ['impairmentOrIllness']],
    [
      'no carer answers',
      { ...eligibleCarer, needsFromCaring: undefined, carerHealthAtRisk: undefined },
      ['needsFromCaring', 'carerHealthAtRisk'],
    ],
    [
      'no well-being answer',
      { ...eligibleCarer, wellbeingSignificantlyAffected: undefined },
      ['wellbeingSignificantlyAffected'],
    ],
    ['no outcomes', { ...eligibleNeeds, outcomes: undefined }, ['outcomes']],
    [
      'an unknown kind and format',
      { ...eligibleNeeds, kind: 'financial', format: 'brief' },
      ['kind', 'format'],
    ],
    [
      'negative minutes',
      { ...eligibleNeeds, minutes: { direct: -5, travel: 0, recording: 0 } },
      ['minutes.direct'],
    ],
    ['a start in the future', { ...eligibleNeeds, startedOn: '2026-06-16' }, ['startedOn']],
  ])('refuses %s with 422 and writes nothing', async (_label, body, fields) => {
    const person = await newPerson()
    const before = await written(person.id)
    const api = await ctx().api('practitioner')
    const response = await api.post(`/api/v1/people/${person.id}/assessments`, body)
    expect(response.statusCode).toBe(422)
    expect(response.headers['content-type']).toContain('application/problem+json')
    const errors = response.json().errors as { field: string; message: string }[]
    expect(errors.map((e) => e.field)).toEqual(fields)
    expect(errors.every((e) => e.message.length > 10)).toBe(true)
    expect(await written(person.id)).toEqual(before)
  })

  it('refuses a request that is not the person’s, or is closed', async () => {
    const person = await newPerson()
    const other = await newPerson()
    const othersRequest = await openRequest(other.id)
    const closed = await openRequest(person.id)
    await db()
      .updateTable('support_requests')
      .set({ closed_on: '2026-06-02' })
      .where('id', '=', closed)
      .execute()
    const api = await ctx().api('practitioner')
    for (const requestId of [othersRequest, closed, '3f1e0c52-6a3f-4b8e-9d55-1c2b3a4d5e6f']) {
      const response = await api.post(`/api/v1/people/${person.id}/assessments`, {
        ...eligibleNeeds,
        requestId,
      })
      expect(response.statusCode).toBe(422)
      expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(['requestId'])
    }
    expect(await written(person.id)).toMatchObject({ assessments: 0, time: 0 })
  })

  it('completes on confirmation: the CLD Assessment event, the request closed, the audit', async () => {
    const person = await newPerson()
    const requestId = await openRequest(person.id)
    const { id } = await assess(person.id, { ...eligibleNeeds, requestId, startedOn: '2026-06-03' })
    expect(await assessmentEvents(id)).toEqual([])
    const api = await ctx().api('practitioner')
    const response = await api.post(`/api/v1/assessments/${id}/decision`, { confirm: true })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({
      id,
      completedOn: ctx().today,
      decision: {
        decision: 'confirmed',
        eligible: true,
        overrideReason: null,
        eventOutcome: 'Progress to support planning or services',
        decidedBy: { id: councilA().users.practitioner, name: 'practitioner a' },
      },
    })
    const events = await assessmentEvents(id)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      council_id: councilA().id,
      person_id: person.id,
      client_type: 'Service user',
      event_type: 'Assessment',
      event_start_on: '2026-06-03',
      event_end_on: ctx().today,
      event_outcome: 'Progress to support planning or services',
      assessment_type: 'Long term assessment',
      eligible_needs_identified: 'Yes',
      source: 'ascend',
    })
    const request = await db()
      .selectFrom('support_requests')
      .select('closed_on')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow()
    expect(request.closed_on).toBe(ctx().today)
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'record_type', 'record_id', 'user_id', 'council_id'])
      .where('record_id', '=', id)
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['create', 'update'])
    expect(audit.every((a) => a.record_type === 'assessment' && a.council_id === councilA().id)).toBe(true)
  })

  it('completes on an override with its reason and the chosen event outcome; a carer’s is an Unpaid carer event', async () => {
    const person = await newPerson()
    const { id } = await assess(person.id, eligibleCarer)
    const api = await ctx().api('team_manager')
    const response = await api.post(`/api/v1/assessments/${id}/decision`, {
      override: true,
      eligible: false,
      reason: 'Her son has moved back in and now shares the caring',
      eventOutcome: 'NFA: Support declined',
    })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json().decision).toMatchObject({
      decision: 'overridden',
      eligible: false,
      overrideReason: 'Her son has moved back in and now shares the caring',
      eventOutcome: 'NFA: Support declined',
      decidedBy: { id: councilA().users.team_manager },
    })
    // The determination is kept as computed; only the decision differs.
    expect(response.json().eligibility.eligible).toBe(true)
    const [event] = await assessmentEvents(id)
    expect(event).toMatchObject({
      client_type: 'Unpaid carer',
      eligible_needs_identified: 'No',
      event_outcome: 'NFA: Support declined',
      assessment_type: 'Long term assessment',
    })
  })

  it('records the usual NFA outcome when the final decision is not eligible', async () => {
    const person = await newPerson()
    const { id } = await assess(person.id, notEligibleNeeds)
    const api = await ctx().api('practitioner')
    const response = await api.post(`/api/v1/assessments/${id}/decision`, { confirm: true })
    expect(response.json().decision.eventOutcome).toBe('NFA: Information and advice or signposting')
    expect((await assessmentEvents(id))[0]).toMatchObject({ eligible_needs_identified: 'No' })
  })

  it.each([
    ['an override without a reason', { override: true, eligible: false }, ['reason']],
    ['an override with a blank reason', { override: true, eligible: false, reason: '  ' }, ['reason']],
    ['an override that changes nothing', { override: true, eligible: true, reason: 'Agree' }, ['eligible']],
    ['neither confirm nor override', {}, ['confirm']],
    ['an event outcome not in the CLD list', { confirm: true, eventOutcome: 'Sorted' }, ['eventOutcome']],
  ])('refuses %s with 422 and writes nothing', async (_label, body, fields) => {
    const person = await newPerson()
    const { id } = await assess(person.id, eligibleNeeds)
    const before = await written(person.id)
    const api = await ctx().api('practitioner')
    const response = await api.post(`/api/v1/assessments/${id}/decision`, body)
    expect(response.statusCode).toBe(422)
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(fields)
    expect(await written(person.id)).toEqual(before)
    expect((await api.get(`/api/v1/assessments/${id}`)).json().completedOn).toBeNull()
  })

  it('refuses a second decision with 409 and keeps the first', async () => {
    const person = await newPerson()
    const { id } = await assess(person.id, eligibleNeeds)
    const api = await ctx().api('practitioner')
    expect((await api.post(`/api/v1/assessments/${id}/decision`, { confirm: true })).statusCode).toBe(200)
    const again = await api.post(`/api/v1/assessments/${id}/decision`, {
      override: true,
      eligible: false,
      reason: 'Second thoughts',
    })
    expect(again.statusCode).toBe(409)
    expect((await api.get(`/api/v1/assessments/${id}`)).json().decision.decision).toBe('confirmed')
    expect(await assessmentEvents(id)).toHaveLength(1)
  })

  it('audits every read of an assessment', async () => {
    const person = await newPerson()
    const { id } = await assess(person.id, eligibleNeeds)
    const api = await ctx().api('head_of_service')
    await api.get(`/api/v1/assessments/${id}`)
    const browser = await ctx().browser('practitioner')
    await browser.get(`/assessments/${id}`)
    const reads = await db()
      .selectFrom('audit_log')
      .select(['user_id', 'person_id'])
      .where('record_id', '=', id)
      .where('action', '=', 'read')
      .orderBy('id')
      .execute()
    expect(reads).toEqual([
      { user_id: councilA().users.head_of_service, person_id: person.id },
      { user_id: councilA().users.practitioner, person_id: person.id },
    ])
  })

  async function routesFor(personId: string, assessmentId: string) {
    return {
      api: [
        ['POST', `/api/v1/people/${personId}/assessments`, eligibleNeeds],
        ['GET', `/api/v1/assessments/${assessmentId}`, undefined],
        ['POST', `/api/v1/assessments/${assessmentId}/decision`, { confirm: true }],
      ] as const,
      pages: [
        ['GET', `/people/${personId}/assessments/new`, undefined],
        ['POST', `/people/${personId}/assessments/new`, { kind: 'needs' }],
        ['GET', `/people/${personId}/assessments/new/needs`, undefined],
        ['POST', `/people/${personId}/assessments/new/needs`, pageForm()],
        ['GET', `/assessments/${assessmentId}`, undefined],
        ['POST', `/assessments/${assessmentId}/decision`, { decision: 'confirm' }],
      ] as const,
    }
  }

  async function call(
    client: Awaited<ReturnType<TestContext['api']>> | Awaited<ReturnType<TestContext['browser']>>,
    method: 'GET' | 'POST',
    url: string,
    body: unknown,
  ) {
    if (method === 'GET') return client.get(url)
    return (client.post as (url: string, body: unknown) => ReturnType<typeof client.get>)(url, body)
  }

  it.each(NOT_CASEWORK)('refuses every route to the %s role with 403', async (role) => {
    const person = await newPerson()
    const { id } = await assess(person.id, eligibleNeeds)
    const routes = await routesFor(person.id, id)
    const api = await ctx().api(role)
    for (const [method, url, body] of routes.api) {
      expect((await call(api, method, url, body)).statusCode, `${method} ${url}`).toBe(403)
    }
    const browser = await ctx().browser(role)
    for (const [method, url, body] of routes.pages) {
      expect((await call(browser, method, url, body)).statusCode, `${method} ${url}`).toBe(403)
    }
    expect(await written(person.id)).toMatchObject({ assessments: 1, events: 0 })
  })

  it('answers 404 on every route to a user of another council', async () => {
    const person = await newPerson()
    const { id } = await assess(person.id, eligibleNeeds)
    const routes = await routesFor(person.id, id)
    const api = await ctx().api('practitioner', 'b')
    for (const [method, url, body] of routes.api) {
      expect((await call(api, method, url, body)).statusCode, `${method} ${url}`).toBe(404)
    }
    const browser = await ctx().browser('practitioner', 'b')
    for (const [method, url, body] of routes.pages) {
      expect((await call(browser, method, url, body)).statusCode, `${method} ${url}`).toBe(404)
    }
    expect(await written(person.id)).toMatchObject({ assessments: 1, events: 0 })
    const reads = await db()
      .selectFrom('audit_log')
      .select('id')
      .where('council_id', '=', ctx().councils.b.id)
      .where('person_id', '=', person.id)
      .execute()
    expect(reads).toEqual([])
  })

  it('answers 404 for ids that are not ids', async () => {
    const api = await ctx().api('practitioner')
    expect((await api.get('/api/v1/assessments/not-an-id')).statusCode).toBe(404)
    expect((await api.post('/api/v1/people/42/assessments', eligibleNeeds)).statusCode).toBe(404)
    const browser = await ctx().browser('practitioner')
    const person = await newPerson()
    expect((await browser.get(`/people/${person.id}/assessments/new/financial`)).statusCode).toBe(404)
  })

  it('describes its API in the OpenAPI document', async () => {
    const document = (await ctx().app.inject({ url: '/api/v1/openapi.json' })).json()
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/people/{id}/assessments',
        '/api/v1/assessments/{id}',
        '/api/v1/assessments/{id}/decision',
      ]),
    )
  })

  it('lists a person’s assessments, newest first', async () => {
    const person = await newPerson()
    const first = await assess(person.id, { ...notEligibleNeeds, startedOn: '2026-05-01' })
    const second = await assess(person.id, eligibleCarer)
    const list = await listAssessmentsForPerson(db(), councilA().id, person.id)
    expect(list.map((a) => [a.id, a.kind, a.computed_eligible])).toEqual([
      [second.id, 'carer', true],
      [first.id, 'needs', false],
    ])
    expect(await listAssessmentsForPerson(db(), ctx().councils.b.id, person.id)).toEqual([])
  })

  // Pages

  function pageForm(overrides: Record<string, string | string[]> = {}) {
    return {
      format: 'standard',
      'startedOn-day': '12',
      'startedOn-month': '6',
      'startedOn-year': '2026',
      strengths: 'Enjoys cooking with her granddaughter',
      communityAssets: 'Church lunch club',
      impairmentOrIllness: 'yes',
      'outcomes.nutrition': ['needs_assistance', 'endangers_health_safety'],
      'outcomes.toilet_needs': 'takes_significantly_longer',
      wellbeingSignificantlyAffected: 'yes',
      wellbeingNotes: 'Frightened of falling again',
      'minutes.direct': '75',
      'minutes.travel': '',
      'minutes.recording': '30',
      ...overrides,
    }
  }

  it('asks first for the kind of assessment, then shows the form for it', async () => {
    const person = await newPerson()
    const browser = await ctx().browser('practitioner')
    const first = await browser.get(`/people/${person.id}/assessments/new`)
    expect(first.statusCode).toBe(200)
    expect(first.body).toContain('What kind of assessment is this?')
    expect(first.body).toContain('value="needs"')
    expect(first.body).toContain('value="carer"')

    const missing = await browser.post(`/people/${person.id}/assessments/new`, {})
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('govuk-error-summary')
    expect(missing.body).toContain('href="#kind"')

    const chosen = await browser.post(`/people/${person.id}/assessments/new`, {
      kind: 'carer',
      _csrf: csrfTokenIn(missing.body),
    })
    expect(chosen.statusCode).toBe(303)
    expect(chosen.headers.location).toBe(`/people/${person.id}/assessments/new/carer`)
  })

  it.each([
    ['needs', ADULT_OUTCOMES.map((o) => o.label), 4],
    ['carer', CARER_OUTCOMES.map((o) => o.label), 3],
  ] as const)('renders the %s form with a fieldset for every outcome', async (kind, labels, perOutcome) => {
    const person = await newPerson()
    const browser = await ctx().browser('practitioner')
    const page = await browser.get(`/people/${person.id}/assessments/new/${kind}`)
    expect(page.statusCode).toBe(200)
    for (const label of labels) expect(page.body).toContain(escapeHtml(label))
    const outcomeCheckboxes = page.body.match(/name="outcomes\.[a-z_]+"/g) ?? []
    expect(outcomeCheckboxes).toHaveLength(labels.length * perOutcome)
    // Strengths come before the needs questions and the outcomes.
    expect(page.body.indexOf('name="strengths"')).toBeLessThan(page.body.indexOf('name="outcomes.'))
    expect(page.body).toContain(kind === 'needs' ? 'name="impairmentOrIllness"' : 'name="carerHealthAtRisk"')
    for (const field of [
      'format',
      'wellbeingSignificantlyAffected',
      'minutes.direct',
      'minutes.travel',
      'minutes.recording',
    ]) {
      expect(page.body).toContain(`name="${field}"`)
    }
    if (kind === 'carer') expect(page.body).not.toContain('value="takes_significantly_longer"')
    expect((page.body.match(/<h1/g) ?? []).length).toBe(1)
  })

  it('offers the person’s open requests and links the one chosen', async () => {
    const person = await newPerson()
    const requestId = await openRequest(person.id)
    const browser = await ctx().browser('practitioner')
    const page = await browser.get(`/people/${person.id}/assessments/new/needs?requestId=${requestId}`)
    expect(page.body).toContain(`<option value="${requestId}" selected>`)
    const saved = await browser.post(`/people/${person.id}/assessments/new/needs`, pageForm({ requestId }))
    expect(saved.statusCode).toBe(303)
    const id = String(saved.headers.location).split('/').at(-1) as string
    const row = await db()
      .selectFrom('assessments')
      .select('request_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row.request_id).toBe(requestId)
  })

  it('shows the errors on the form, keeps what was entered, and writes nothing', async () => {
    const person = await newPerson()
    const browser = await ctx().browser('practitioner')
    const before = await written(person.id)
    const response = await browser.post(
      `/people/${person.id}/assessments/new/needs`,
      pageForm({ impairmentOrIllness: '', format: '', 'minutes.direct': 'an hour', 'startedOn-year': '' }),
    )
    expect(response.statusCode).toBe(422)
    expect(response.body).toContain('There is a problem')
    for (const href of ['#format', '#startedOn-year', '#impairmentOrIllness', '#minutes-direct']) {
      expect(response.body).toContain(`href="${href}"`)
    }
    expect(response.body).toContain('Date the assessment started must include a year')
    expect(response.body).toMatch(/name="startedOn-day"[^>]*value="12"/)
    expect(response.body).toContain('id="minutes-direct"')
    expect(response.body).toContain('Enjoys cooking with her granddaughter')
    expect(response.body).toMatch(/value="endangers_health_safety" checked/)
    expect(await written(person.id)).toEqual(before)
    // The form shown again carries a CSRF token that works for the next try.
    const fixed = await browser.post(`/people/${person.id}/assessments/new/needs`, {
      ...pageForm(),
      _csrf: csrfTokenIn(response.body),
    })
    expect(fixed.statusCode).toBe(303)
  })

  it('saves from the form, shows the determination, and completes on a decision', async () => {
    const person = await newPerson()
    const browser = await ctx().browser('practitioner')
    const saved = await browser.post(`/people/${person.id}/assessments/new/needs`, pageForm())
    expect(saved.statusCode).toBe(303)
    const url = String(saved.headers.location)
    expect(url).toMatch(/^\/assessments\/[0-9a-f-]{36}$/)
    const id = url.split('/').at(-1) as string
    const stored = await db()
      .selectFrom('assessments')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(stored.outcomes).toEqual({
      nutrition: ['needs_assistance', 'endangers_health_safety'],
      toilet_needs: ['takes_significantly_longer'],
    })
    expect(stored.started_on).toBe('2026-06-12')
    const time = await db()
      .selectFrom('time_entries')
      .selectAll()
      .where('record_id', '=', id)
      .executeTakeFirstOrThrow()
    expect([time.direct_minutes, time.travel_minutes, time.recording_minutes]).toEqual([75, 0, 30])

    const page = await browser.get(url)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Specified outcomes')
    expect(page.body).toContain('Not achieved')
    expect(page.body).toContain('The three conditions')
    expect(page.body).toContain('The rules find the needs eligible.')
    expect(page.body).toContain('Confirm: the needs are eligible')
    expect(page.body).toContain('Override: the needs are not eligible')

    const noReason = await browser.post(`${url}/decision`, { decision: 'override', reason: '' })
    expect(noReason.statusCode).toBe(422)
    expect(noReason.body).toContain('href="#reason"')
    const noChoice = await browser.post(`${url}/decision`, {})
    expect(noChoice.statusCode).toBe(422)
    expect(noChoice.body).toContain('href="#decision"')
    expect(await assessmentEvents(id)).toEqual([])

    // The form shown again carries a CSRF token that works for the next try.
    const decided = await browser.post(`${url}/decision`, {
      _csrf: csrfTokenIn(noChoice.body),
      decision: 'override',
      reason: 'Her daughter now visits every day & cooks',
    })
    expect(decided.statusCode).toBe(303)
    const done = await browser.get(url)
    expect(done.body).toContain('Overrode the rules’ determination')
    expect(done.body).toContain('Her daughter now visits every day &amp; cooks')
    expect(done.body).toContain('practitioner a (Practitioner)')
    expect(done.body).toContain('NFA: Information and advice or signposting')
    expect(done.body).not.toContain('Record the decision')
    expect((await assessmentEvents(id))[0]).toMatchObject({ eligible_needs_identified: 'No' })

    const again = await browser.post(`${url}/decision`, { decision: 'confirm' })
    expect(again.statusCode).toBe(409)
  })
})
