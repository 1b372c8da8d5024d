import { expect, it } from 'vitest'
import { daysBetween } from '../../src/kernel/dates.ts'
import type { Role } from '../../src/modules/identity/roles.ts'
import { isoDateBoxes } from '../support/date-boxes.ts'
import { insertPerson } from '../support/fixtures.ts'
import { type CouncilKey, describeOnEachDatabase, type TestContext } from '../support/test-context.ts'
import { auditRowsFor } from '../support/written-records.ts'

const planned = {
  reviewReason: 'Planned',
  startedOn: '2026-06-10',
  completedOn: '2026-06-12',
  outcomesAchieved: 'Fully Met',
  methodOfReview: 'Service user and carer',
  eventOutcome: 'Continuation of support or services',
  notes: 'Managing well with the morning calls; daughter still visits weekly',
}

describeOnEachDatabase('reviews: the schedule, recording reviews and overdue lists', (ctx) => {
  const councilA = () => ctx().councils.a

  const person = (council: CouncilKey = 'a', overrides: Record<string, unknown> = {}) =>
    insertPerson(ctx().database, ctx().councils[council].id, overrides)

  /** A long-term service, as an approved plan or a CLD import records it. */
  async function service(
    personId: string,
    startOn: string,
    options: { endOn?: string; directPayment?: boolean; council?: CouncilKey; fundingStatus?: string } = {},
  ) {
    await ctx()
      .database.db.insertInto('cld_events')
      .values({
        council_id: ctx().councils[options.council ?? 'a'].id,
        person_id: personId,
        event_type: 'Service',
        event_start_on: startOn,
        event_end_on: options.endOn ?? null,
        service_type: 'Long term support: Community',
        service_component: 'Home support or domiciliary care',
        delivery_mechanism: options.directPayment ? 'Direct Payment' : 'CASSR Commissioned Support',
        client_funding_status: options.fundingStatus ?? null,
      })
      .execute()
  }

  /** A completed review that came with a CLD file (no ASCEND record behind it). */
  async function importedReview(personId: string, on: string, reason = 'Planned') {
    await ctx()
      .database.db.insertInto('cld_events')
      .values({
        council_id: councilA().id,
        person_id: personId,
        event_type: 'Review',
        event_start_on: on,
        event_end_on: on,
        event_outcome: 'Continuation of support or services',
        review_reason: reason,
        method_of_review: 'Service user only',
        source: 'import',
      })
      .execute()
  }

  /** A request for the person, in a team's queue. */
  async function requestIn(personId: string, teamId: string, requestedOn = '2026-01-10') {
    const api = await ctx().api('team_manager')
    const response = await api.post(`/api/v1/people/${personId}/requests`, {
      requestedOn,
      routeOfAccess: 'Community / Other route',
      whatWasAsked: 'Help at home',
      teamId,
    })
    expect(response.statusCode, response.body).toBe(201)
  }

  async function recorded(personId: string, overrides: Record<string, unknown> = {}) {
    const api = await ctx().api('practitioner')
    const response = await api.post(`/api/v1/people/${personId}/reviews`, { ...planned, ...overrides })
    expect(response.statusCode, response.body).toBe(201)
    return response.json() as Record<string, unknown> & { id: string; personId: string }
  }

  const counts = async (c: TestContext) => {
    const db = c.database.db
    const reviews = await db
      .selectFrom('reviews')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const events = await db
      .selectFrom('cld_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return { reviews: Number(reviews.n), events: Number(events.n) }
  }

  const scheduleOf = async (personId: string) =>
    (await (await ctx().api('practitioner')).get(`/api/v1/people/${personId}/reviews`)).json()

  // ── The schedule ───────────────────────────────────────────────────────

  it('schedules the first review of a new plan 8 weeks after it starts, and a direct payment’s within 6 months', async () => {
    const p = await person()
    await service(p.id, '2026-01-05', { directPayment: true })
    const { schedule, reviews } = await scheduleOf(p.id)
    expect(reviews).toEqual([])
    expect(schedule).toEqual({
      planStartOn: '2026-01-05',
      directPaymentStartOn: '2026-01-05',
      lastReviewOn: null,
      nextReview: {
        dueOn: '2026-03-02',
        reason: 'first review',
        reasonText: 'First review of a new plan (6 to 8 weeks after it started)',
        state: 'overdue',
        daysOverdue: 105,
      },
      owed: [
        expect.objectContaining({ dueOn: '2026-03-02', reason: 'first review' }),
        expect.objectContaining({ dueOn: '2026-07-05', reason: 'direct payment review', state: 'due soon' }),
      ],
    })
  })

  it('schedules nothing for someone with no long-term support open', async () => {
    const p = await person()
    await service(p.id, '2024-01-01', { endOn: '2025-12-31' })
    expect((await scheduleOf(p.id)).schedule).toBeNull()
  })

  it('counts reviews that came with a CLD file, but not reviews of short-term support', async () => {
    const p = await person()
    await service(p.id, '2024-01-01')
    await importedReview(p.id, '2025-03-01')
    await importedReview(p.id, '2025-09-01', 'Review of short term support')
    expect((await scheduleOf(p.id)).schedule.nextReview).toMatchObject({
      dueOn: '2026-03-01',
      reason: 'annual review',
      daysOverdue: 106,
    })
  })

  // ── Recording ──────────────────────────────────────────────────────────

  it('records a planned review as a CLD Review event, keeping the review that was due; the next moves a year on', async () => {
    const p = await person()
    // The review takes the funding status of the services in effect when it ends: the latest to start that says.
    await service(p.id, '2024-01-01', { endOn: '2026-06-11', fundingStatus: 'Fully client funded' })
    await service(p.id, '2025-01-01', { fundingStatus: 'Joint client and social care funded' })
    await service(p.id, '2025-06-01')
    await importedReview(p.id, '2025-02-20')
    const review = await recorded(p.id)
    expect(review).toMatchObject({
      personId: p.id,
      reviewReason: 'Planned',
      planned: true,
      startedOn: '2026-06-10',
      completedOn: '2026-06-12',
      outcomesAchieved: 'Fully Met',
      methodOfReview: 'Service user and carer',
      eventOutcome: 'Continuation of support or services',
      notes: planned.notes,
      wasDue: { dueOn: '2026-02-20', reason: 'annual review' },
      reviewerId: councilA().users.practitioner,
    })
    const event = await ctx()
      .database.db.selectFrom('cld_events')
      .selectAll()
      .where('source_record_id', '=', review.id)
      .executeTakeFirstOrThrow()
    expect(event).toMatchObject({
      council_id: councilA().id,
      person_id: p.id,
      event_type: 'Review',
      event_start_on: '2026-06-10',
      event_end_on: '2026-06-12',
      event_outcome: 'Continuation of support or services',
      review_reason: 'Planned',
      review_outcomes_achieved: 'Fully Met',
      method_of_review: 'Service user and carer',
      client_funding_status: 'Joint client and social care funded',
    })
    const audit = await auditRowsFor(ctx().database, review.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'create', record_type: 'review', person_id: p.id })
    expect(JSON.stringify(audit[0]?.detail)).not.toContain('daughter')
    const { schedule, reviews } = await scheduleOf(p.id)
    expect(schedule.nextReview).toMatchObject({
      dueOn: '2027-06-12',
      reason: 'annual review',
      state: 'scheduled',
    })
    expect(reviews.map((r: { id: string }) => r.id)).toEqual([review.id])
  })

  it('records an unplanned review without outcomes achieved, in Release 1 spellings', async () => {
    const p = await person()
    const review = await recorded(p.id, {
      reviewReason: 'Unplanned – Hospital',
      outcomesAchieved: '',
      methodOfReview: 'service user only',
      eventOutcome: 'NFA - Deceased',
      notes: null,
    })
    expect(review).toMatchObject({
      reviewReason: 'Unplanned - Hospital',
      planned: false,
      outcomesAchieved: null,
      methodOfReview: 'Service user only',
      eventOutcome: 'NFA: Deceased',
      notes: null,
      wasDue: null,
    })
  })

  it('keeps no review as due for a review of short-term support', async () => {
    const p = await person()
    await service(p.id, '2026-01-05')
    const review = await recorded(p.id, {
      reviewReason: 'Review of short term support',
      outcomesAchieved: undefined,
    })
    expect(review.wasDue).toBeNull()
    expect((await scheduleOf(p.id)).schedule.nextReview.reason).toBe('first review')
  })

  it.each([
    ['reviewReason', { reviewReason: undefined }, 'Choose why the review was done'],
    ['reviewReason', { reviewReason: 'Because' }, 'Choose why the review was done'],
    ['startedOn', { startedOn: undefined }, 'Enter the date the review started'],
    ['startedOn', { startedOn: '2026-06-31' }, 'Date the review started must be a real date'],
    [
      'startedOn',
      { startedOn: '2026-06-16', completedOn: '2026-06-16' },
      'Date the review started must be today or in the past',
    ],
    ['completedOn', { completedOn: undefined }, 'Enter the date the review was completed'],
    [
      'completedOn',
      { completedOn: '2026-06-09' },
      'Date the review was completed must be on or after the date it started',
    ],
    [
      'completedOn',
      { completedOn: '2026-06-16' },
      'Date the review was completed must be today or in the past',
    ],
    [
      'outcomesAchieved',
      { outcomesAchieved: undefined },
      'Choose whether the outcomes in their plan were met',
    ],
    [
      'outcomesAchieved',
      { outcomesAchieved: 'Mostly' },
      'Choose whether the outcomes in their plan were met',
    ],
    [
      'outcomesAchieved',
      { reviewReason: 'Unplanned - Other', outcomesAchieved: 'Mostly' },
      'Choose whether the outcomes in their plan were met',
    ],
    ['methodOfReview', { methodOfReview: undefined }, 'Choose who took part in the review'],
    ['methodOfReview', { methodOfReview: 'By post' }, 'Choose who took part in the review'],
    ['eventOutcome', { eventOutcome: undefined }, 'Choose what happens after the review'],
    [
      'eventOutcome',
      { eventOutcome: 'Release 1 specification only: Not mapped' },
      'Choose what happens after the review',
    ],
    ['notes', { notes: 'x'.repeat(4001) }, 'What the review found must be 4,000 characters or fewer'],
    ['notes', { notes: 42 }, 'Enter what the review found as text'],
  ])('refuses a review with a bad %s (%o) and writes nothing', async (field, overrides, message) => {
    const p = await person()
    const api = await ctx().api('practitioner')
    const before = await counts(ctx())
    const response = await api.post(`/api/v1/people/${p.id}/reviews`, { ...planned, ...overrides })
    expect(response.statusCode, response.body).toBe(422)
    expect(response.headers['content-type']).toContain('application/problem+json')
    expect(response.json().errors).toContainEqual({ field, message })
    expect(await counts(ctx())).toEqual(before)
  })

  it('reports every bad field at once', async () => {
    const p = await person()
    const response = await (await ctx().api('practitioner')).post(`/api/v1/people/${p.id}/reviews`, {})
    expect(response.statusCode).toBe(422)
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'reviewReason',
      'startedOn',
      'completedOn',
      'methodOfReview',
      'eventOutcome',
    ])
  })

  // ── Overdue lists ──────────────────────────────────────────────────────

  it('lists overdue and soon-due reviews per team, most overdue first, by the team of each person’s latest request', async () => {
    const a = councilA()
    const overdue = await person('a', { family_name: 'Overdue' })
    await service(overdue.id, '2024-01-01')
    await requestIn(overdue.id, a.otherTeamId, '2023-12-01')
    await requestIn(overdue.id, a.teamId, '2024-01-05')
    const reviewed = await person('a', { family_name: 'Reviewed' })
    await service(reviewed.id, '2024-01-01')
    await importedReview(reviewed.id, '2026-01-01')
    await requestIn(reviewed.id, a.teamId)
    const soon = await person('a', { family_name: 'Soon' })
    await service(soon.id, '2026-05-01')
    await requestIn(soon.id, a.teamId)
    const elsewhere = await person('a', { family_name: 'Elsewhere' })
    await service(elsewhere.id, '2025-01-01')
    await requestIn(elsewhere.id, a.otherTeamId)
    const died = await person('a', { family_name: 'Died', date_of_death: '2026-01-01' })
    await service(died.id, '2024-01-01')
    await requestIn(died.id, a.teamId)
    const ended = await person('a', { family_name: 'Ended' })
    await service(ended.id, '2024-01-01', { endOn: '2026-06-01' })
    await requestIn(ended.id, a.teamId)
    const noTeam = await person('a', { family_name: 'Noteam' })
    await service(noTeam.id, '2025-06-01', { directPayment: true })

    type Row = { personId: string; dueOn: string; daysOverdue: number; reason: string; teamId: string | null }
    const list = async (role: Role, query = '') => {
      const response = await (await ctx().api(role)).get(`/api/v1/reviews/overdue${query}`)
      expect(response.statusCode, response.body).toBe(200)
      return response.json() as { team: { id: string } | null; overdue: Row[]; dueSoon: Row[] }
    }
    const ids = (rows: Row[]) => rows.map((r) => r.personId)

    const mine = await list('practitioner')
    expect(mine.team?.id).toBe(a.teamId)
    expect(ids(mine.overdue)).toContain(overdue.id)
    expect(ids(mine.overdue)).not.toEqual(expect.arrayContaining([reviewed.id]))
    for (const id of [reviewed.id, elsewhere.id, died.id, ended.id, noTeam.id]) {
      expect(ids([...mine.overdue, ...mine.dueSoon])).not.toContain(id)
    }
    expect(mine.overdue.find((r) => r.personId === overdue.id)).toMatchObject({
      dueOn: '2024-02-26',
      reason: 'first review',
      daysOverdue: daysBetween('2024-02-26', ctx().today),
      teamId: a.teamId,
    })
    expect(mine.dueSoon.find((r) => r.personId === soon.id)).toMatchObject({
      dueOn: '2026-06-26',
      daysOverdue: 0,
    })
    expect([...mine.overdue].sort((x, y) => x.dueOn.localeCompare(y.dueOn))).toEqual(mine.overdue)

    const other = await list('team_manager', `?team=${a.otherTeamId}`)
    expect(ids(other.overdue)).toContain(elsewhere.id)
    expect(ids(other.overdue)).not.toContain(overdue.id)

    const council = await list('head_of_service')
    expect(council.team).toBeNull()
    expect(ids(council.overdue)).toEqual(expect.arrayContaining([overdue.id, elsewhere.id, noTeam.id]))
    expect(council.overdue.find((r) => r.personId === noTeam.id)).toMatchObject({
      reason: 'first review',
      dueOn: '2025-07-27',
    })
    expect(ids((await list('head_of_service', `?team=${a.teamId}`)).overdue)).not.toContain(noTeam.id)

    const practitioner = await ctx().api('practitioner')
    expect((await practitioner.get(`/api/v1/reviews/overdue?team=${a.otherTeamId}`)).statusCode).toBe(403)
    expect((await practitioner.get('/api/v1/reviews/overdue?team=all')).statusCode).toBe(403)
    expect((await (await ctx().api('team_manager')).get('/api/v1/reviews/overdue?team=all')).statusCode).toBe(
      403,
    )
    expect((await practitioner.get('/api/v1/reviews/overdue?team=someone')).statusCode).toBe(404)
    const b = await (await ctx().api('head_of_service', 'b')).get('/api/v1/reviews/overdue?team=all')
    expect(b.statusCode).toBe(200)
    expect(b.body).not.toContain(overdue.id)

    const page = await (await ctx().browser('team_manager')).get('/reviews/overdue')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Reviews overdue')
    expect(page.body).toContain(`/people/${overdue.id}/reviews/new`)
    expect(page.body).toContain('Show team')
    expect(page.body).not.toContain('The whole council</option>')
    const head = await (await ctx().browser('head_of_service')).get('/reviews/overdue')
    expect(head.body).toContain('The whole council')
    expect(head.body).toContain(`/people/${noTeam.id}/reviews/new`)
    const audit = await ctx()
      .database.db.selectFrom('audit_log')
      .selectAll()
      .where('record_type', '=', 'overdue-reviews')
      .execute()
    expect(audit.length).toBeGreaterThanOrEqual(5)
  })

  // ── Pages ──────────────────────────────────────────────────────────────

  it('records a review through the page, showing the schedule first', async () => {
    const p = await person()
    await service(p.id, '2026-01-05', { directPayment: true })
    const browser = await ctx().browser('practitioner')
    const form = await browser.get(`/people/${p.id}/reviews/new`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Record a review')
    expect(form.body).toContain('2 March 2026 (105 days overdue)')
    expect(form.body).toContain('First review of a new plan')
    expect(form.body).toContain('Why was the review done?')
    expect(form.body).toContain('id="completedOn-day"')

    const response = await browser.post(`/people/${p.id}/reviews/new`, {
      reviewReason: 'Planned',
      ...isoDateBoxes('startedOn', '2026-06-10'),
      ...isoDateBoxes('completedOn', '2026-06-12'),
      outcomesAchieved: 'Partially Met',
      methodOfReview: 'Service user only',
      eventOutcome: 'Progress to support planning or services',
      notes: 'Needs more help with meals',
    })
    expect(response.statusCode, response.body.slice(0, 300)).toBe(303)
    const location = String(response.headers.location)
    expect(location).toMatch(/^\/reviews\/[0-9a-f-]{36}\?done=recorded$/)
    const page = await browser.get(location)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Review recorded.')
    expect(page.body).toContain('Planned review')
    expect(page.body).toContain('Partially Met')
    expect(page.body).toContain('2 March 2026: First review of a new plan')
    const after = await browser.get(`/people/${p.id}/reviews/new`)
    // Done after the direct payment's first 8 weeks, it was that payment's review too.
    expect(after.body).toContain('12 June 2027')
    expect(after.body).toContain('Yearly review')
  })

  it('shows the review form again with the errors and the values entered, writing nothing', async () => {
    const p = await person()
    const browser = await ctx().browser('practitioner')
    const before = await counts(ctx())
    const response = await browser.post(`/people/${p.id}/reviews/new`, {
      reviewReason: 'Planned',
      ...isoDateBoxes('startedOn', '2026-06-10'),
      'completedOn-day': '9',
      'completedOn-month': '6',
      'completedOn-year': '',
      methodOfReview: 'Service user only',
      eventOutcome: '',
      notes: 'Said <no> to day care',
    })
    expect(response.statusCode).toBe(422)
    expect(response.body).toContain('href="#completedOn-year"')
    expect(response.body).toContain('Date the review was completed must include a year')
    expect(response.body).toContain('href="#outcomesAchieved"')
    expect(response.body).toContain('href="#eventOutcome"')
    expect(response.body).toContain('Said &lt;no&gt; to day care')
    expect(response.body).toContain('value="Planned" checked')
    expect(await counts(ctx())).toEqual(before)
  })

  it('audits reads of reviews and schedules', async () => {
    const p = await person()
    const review = await recorded(p.id)
    await (await ctx().api('practitioner')).get(`/api/v1/reviews/${review.id}`)
    await (await ctx().browser('practitioner')).get(`/reviews/${review.id}`)
    const reads = (await auditRowsFor(ctx().database, review.id)).filter((a) => a.action === 'read')
    expect(reads).toHaveLength(2)
    expect(reads[0]).toMatchObject({ record_type: 'review', person_id: p.id })
    await scheduleOf(p.id)
    const personReads = await ctx()
      .database.db.selectFrom('audit_log')
      .selectAll()
      .where('person_id', '=', p.id)
      .where('action', '=', 'read')
      .execute()
    expect(personReads).toHaveLength(3)
  })

  // ── Roles and councils, for every route ────────────────────────────────

  type Call = (ids: { personId: string; reviewId: string; teamId: string }) => {
    method: 'get' | 'post'
    url: string
    body?: Record<string, unknown>
    page?: boolean
  }
  const ROUTES: [string, Call][] = [
    [
      'GET /people/{id}/reviews/new',
      (i) => ({ method: 'get', url: `/people/${i.personId}/reviews/new`, page: true }),
    ],
    [
      'POST /people/{id}/reviews/new',
      (i) => ({
        method: 'post',
        url: `/people/${i.personId}/reviews/new`,
        body: {
          ...planned,
          startedOn: undefined,
          completedOn: undefined,
          ...isoDateBoxes('startedOn', '2026-06-10'),
          ...isoDateBoxes('completedOn', '2026-06-12'),
        },
        page: true,
      }),
    ],
    ['GET /reviews/{id}', (i) => ({ method: 'get', url: `/reviews/${i.reviewId}`, page: true })],
    [
      'GET /reviews/overdue?team=',
      (i) => ({ method: 'get', url: `/reviews/overdue?team=${i.teamId}`, page: true }),
    ],
    [
      'POST /api/v1/people/{id}/reviews',
      (i) => ({ method: 'post', url: `/api/v1/people/${i.personId}/reviews`, body: { ...planned } }),
    ],
    [
      'GET /api/v1/people/{id}/reviews',
      (i) => ({ method: 'get', url: `/api/v1/people/${i.personId}/reviews` }),
    ],
    ['GET /api/v1/reviews/{id}', (i) => ({ method: 'get', url: `/api/v1/reviews/${i.reviewId}` })],
    [
      'GET /api/v1/reviews/overdue?team=',
      (i) => ({ method: 'get', url: `/api/v1/reviews/overdue?team=${i.teamId}` }),
    ],
  ]

  async function send(role: Role, council: CouncilKey, call: ReturnType<Call>) {
    const client = call.page ? await ctx().browser(role, council) : await ctx().api(role, council)
    if (call.method === 'get') return client.get(call.url)
    const form = Object.fromEntries(Object.entries(call.body ?? {}).filter(([, v]) => v !== undefined))
    return client.post(call.url, form as Record<string, string>)
  }

  async function idsInA() {
    const p = await person()
    await service(p.id, '2025-01-01')
    await requestIn(p.id, councilA().teamId)
    const review = await recorded(p.id)
    return { personId: p.id, reviewId: review.id, teamId: councilA().teamId }
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
    const response = await send('head_of_service', 'b', call(ids))
    expect(response.statusCode, response.body.slice(0, 200)).toBe(404)
    expect(response.body).not.toContain(ids.personId)
    expect(await counts(ctx())).toEqual(before)
  })

  it.each([
    '/reviews/not-a-uuid',
    '/api/v1/reviews/not-a-uuid',
    '/people/123/reviews/new',
    '/reviews/overdue?team=x',
  ])('answers 404 for %s', async (url) => {
    const client = url.startsWith('/api/')
      ? await ctx().api('practitioner')
      : await ctx().browser('practitioner')
    expect((await client.get(url)).statusCode).toBe(404)
  })

  it('describes the API in the OpenAPI document', async () => {
    const doc = (await ctx().app.inject({ url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, unknown>
    }
    for (const path of ['/api/v1/people/{id}/reviews', '/api/v1/reviews/{id}', '/api/v1/reviews/overdue']) {
      expect(doc.paths[path], path).toBeDefined()
    }
    const body = JSON.stringify(doc.paths['/api/v1/people/{id}/reviews'])
    expect(body).toContain('Unplanned - Safeguarding concern')
    expect(body).toContain('outcomesAchieved')
  })
})
