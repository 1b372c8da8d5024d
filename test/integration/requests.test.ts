import { expect, it } from 'vitest'
import type { Role } from '../../src/modules/identity/roles.ts'
import { dateBoxes } from '../support/date-boxes.ts'
import { insertPerson } from '../support/fixtures.ts'
import { type CouncilKey, describeOnEachDatabase, type TestContext } from '../support/test-context.ts'
import { auditRowsFor, cldEventFor } from '../support/written-records.ts'

const PROGRESS = 'Progress to assessment, review or reassessment'
const NFA = 'NFA: Information and advice or signposting'

const validRequest = {
  requestedOn: '2026-06-01',
  routeOfAccess: 'Community / Other route',
  whatWasAsked: 'Help with getting washed and dressed in the morning',
}

/** The request form as a page posts it. */
const requestForm = {
  ...dateBoxes('requestedOn', '1', '6', '2026'),
  routeOfAccess: validRequest.routeOfAccess,
  whatWasAsked: validRequest.whatWasAsked,
}

describeOnEachDatabase('requests, triage and allocation', (ctx) => {
  const councilA = () => ctx().councils.a

  async function person(council: CouncilKey = 'a') {
    return insertPerson(ctx().database, ctx().councils[council].id)
  }

  /** A request recorded through the API by a practitioner of council A. */
  async function recorded(overrides: Record<string, unknown> = {}, personId?: string) {
    const id = personId ?? (await person()).id
    const api = await ctx().api('practitioner')
    const response = await api.post(`/api/v1/people/${id}/requests`, { ...validRequest, ...overrides })
    expect(response.statusCode, response.body).toBe(201)
    return response.json() as Record<string, unknown> & { id: string; personId: string }
  }

  async function allocated(workerRole: Role = 'practitioner', overrides: Record<string, unknown> = {}) {
    const request = await recorded(overrides)
    const manager = await ctx().api('team_manager')
    const response = await manager.post(`/api/v1/requests/${request.id}/allocation`, {
      teamId: councilA().teamId,
      workerId: councilA().users[workerRole],
    })
    expect(response.statusCode, response.body).toBe(200)
    return request
  }

  const counts = async (c: TestContext) => {
    const db = c.database.db
    const requests = await db
      .selectFrom('support_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const events = await db
      .selectFrom('cld_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const triaged = await db
      .selectFrom('support_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('triage_outcome', 'is not', null)
      .executeTakeFirstOrThrow()
    const allocatedRows = await db
      .selectFrom('support_requests')
      .select(['id', 'team_id', 'worker_id'])
      .orderBy('id')
      .execute()
    return {
      requests: Number(requests.n),
      events: Number(events.n),
      triaged: Number(triaged.n),
      allocation: JSON.stringify(allocatedRows),
    }
  }

  // ── Recording ──────────────────────────────────────────────────────────

  it('records a request on the API with its CLD Request event and an audit entry', async () => {
    const p = await person()
    const request = await recorded({ routeOfAccess: 'community/other route' }, p.id)
    expect(request).toMatchObject({
      personId: p.id,
      requestedOn: '2026-06-01',
      routeOfAccess: 'Community / Other route',
      whatWasAsked: validRequest.whatWasAsked,
      teamId: councilA().teamId,
      workerId: null,
      triageOutcome: null,
      closedOn: null,
      status: 'unallocated',
      daysOpen: 14,
      createdBy: councilA().users.practitioner,
    })
    const event = await cldEventFor(ctx().database, request.id)
    expect(event).toMatchObject({
      council_id: councilA().id,
      person_id: p.id,
      event_type: 'Request',
      event_start_on: '2026-06-01',
      event_end_on: null,
      event_outcome: null,
      request_route_of_access: 'Community / Other route',
    })
    const audit = await auditRowsFor(ctx().database, request.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'create', record_type: 'request', person_id: p.id })
    expect(JSON.stringify(audit[0]?.detail)).not.toContain('washed')
  })

  it('puts a request in the chosen team’s queue', async () => {
    const request = await recorded({ teamId: councilA().otherTeamId })
    expect(request.teamId).toBe(councilA().otherTeamId)
  })

  it('asks a recorder with no team to choose one', async () => {
    const p = await person()
    const head = await ctx().api('head_of_service')
    const response = await head.post(`/api/v1/people/${p.id}/requests`, validRequest)
    expect(response.statusCode).toBe(422)
    expect(response.json().errors).toEqual([
      { field: 'teamId', message: 'Choose the team whose queue it goes to' },
    ])
    const ok = await head.post(`/api/v1/people/${p.id}/requests`, {
      ...validRequest,
      teamId: councilA().teamId,
    })
    expect(ok.statusCode).toBe(201)
  })

  it.each([
    ['requestedOn', { requestedOn: undefined }, 'Enter the date of the request'],
    ['requestedOn', { requestedOn: '2026-02-30' }, 'Date of the request must be a real date'],
    ['requestedOn', { requestedOn: '1 June 2026' }, 'Date of the request must be a real date'],
    ['requestedOn', { requestedOn: '2026-06-16' }, 'Date of the request must be today or in the past'],
    ['routeOfAccess', { routeOfAccess: undefined }, 'Choose how the request came in'],
    ['routeOfAccess', { routeOfAccess: 'By carrier pigeon' }, 'Choose how the request came in'],
    ['whatWasAsked', { whatWasAsked: '   ' }, 'Enter what was asked for'],
    [
      'whatWasAsked',
      { whatWasAsked: 'x'.repeat(2001) },
      'What was asked for must be 2000 characters or fewer',
    ],
    ['teamId', { teamId: 'not-a-team' }, 'Choose a team from the list'],
    ['teamId', { teamId: 'B-TEAM' }, 'Choose a team from the list'],
  ])('refuses a request with a bad %s (%o) and writes nothing', async (field, overrides, message) => {
    const p = await person()
    const api = await ctx().api('practitioner')
    const body: Record<string, unknown> = { ...validRequest, ...overrides }
    if (body.teamId === 'B-TEAM') body.teamId = ctx().councils.b.teamId
    const before = await counts(ctx())
    const response = await api.post(`/api/v1/people/${p.id}/requests`, body)
    expect(response.statusCode).toBe(422)
    expect(response.headers['content-type']).toContain('application/problem+json')
    expect(response.json().errors).toContainEqual({ field, message })
    expect(await counts(ctx())).toEqual(before)
  })

  it('reports every bad field at once', async () => {
    const p = await person()
    const api = await ctx().api('practitioner')
    const response = await api.post(`/api/v1/people/${p.id}/requests`, {})
    expect(response.statusCode).toBe(422)
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'requestedOn',
      'routeOfAccess',
      'whatWasAsked',
    ])
  })

  it('records a request through the page form and shows it', async () => {
    const p = await person()
    const browser = await ctx().browser('practitioner')
    const form = await browser.get(`/people/${p.id}/requests/new`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Record a request for support')
    // Today's date in the date input's three boxes.
    expect(form.body).toMatch(/<label[^>]+for="requestedOn-day"/)
    expect(form.body).toMatch(/name="requestedOn-day"[^>]*value="15"/)
    expect(form.body).toMatch(/name="requestedOn-month"[^>]*value="6"/)
    expect(form.body).toMatch(/name="requestedOn-year"[^>]*value="2026"/)
    const readAudit = await ctx()
      .database.db.selectFrom('audit_log')
      .selectAll()
      .where('person_id', '=', p.id)
      .where('action', '=', 'read')
      .execute()
    expect(readAudit).toHaveLength(1)

    const response = await browser.post(`/people/${p.id}/requests/new`, {
      ...dateBoxes('requestedOn', '10', '6', '2026'),
      routeOfAccess: 'Discharge from Hospital',
      whatWasAsked: 'Support at home after a fall',
      teamId: councilA().teamId,
    })
    expect(response.statusCode).toBe(303)
    const location = String(response.headers.location)
    expect(location).toMatch(/^\/requests\/[0-9a-f-]{36}\?done=recorded$/)
    const page = await browser.get(location)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('10 June 2026')
    expect(page.body).toContain('Request recorded')
    expect(page.body).toContain('Support at home after a fall')
    expect(page.body).toContain('Discharge from Hospital')
    expect(page.body).toContain(`href="/people/${p.id}"`)
    expect(page.body).toContain('Unallocated, in Team one’s queue')
    expect(page.body).toContain('Record triage')
    expect(page.body).not.toContain('Save allocation')
  })

  it('shows the form again with the errors and the values entered, writing nothing', async () => {
    const p = await person()
    const browser = await ctx().browser('practitioner')
    const before = await counts(ctx())
    const response = await browser.post(`/people/${p.id}/requests/new`, {
      ...dateBoxes('requestedOn', '1', '1', '2027'),
      routeOfAccess: '',
      whatWasAsked: 'Needs help with <shopping>',
      teamId: councilA().teamId,
    })
    expect(response.statusCode).toBe(422)
    expect(response.body).toContain('There is a problem')
    expect(response.body).toContain(
      'href="#requestedOn-day">Date of the request must be today or in the past</a>',
    )
    expect(response.body).toContain('href="#routeOfAccess"')
    expect(response.body).toMatch(/name="requestedOn-year"[^>]*value="2027"/)
    expect(response.body).toContain('Needs help with &lt;shopping&gt;')
    expect(response.body).not.toContain('<shopping>')
    expect(response.body).toMatch(/name="_csrf" value="[^"]+"/)
    expect(await counts(ctx())).toEqual(before)
  })

  it('keeps the chosen route of access ticked when the form comes back with errors', async () => {
    const p = await person()
    const browser = await ctx().browser('practitioner')
    const response = await browser.post(`/people/${p.id}/requests/new`, {
      ...dateBoxes('requestedOn', '1', '1', '2027'),
      routeOfAccess: 'Discharge from Hospital',
      whatWasAsked: '',
      teamId: councilA().teamId,
    })
    expect(response.statusCode).toBe(422)
    expect(response.body).toMatch(/value="Discharge from Hospital" checked/)
  })

  it.each([
    [['', '', ''], 'Enter the date of the request', 'day'],
    [['1', '', '2026'], 'Date of the request must include a month', 'month'],
    [['31', '6', '2026'], 'Date of the request must be a real date', 'day'],
  ])('checks the date boxes %j on the page: “%s”, linked to the %s box', async (typed, message, first) => {
    const p = await person()
    const browser = await ctx().browser('practitioner')
    const before = await counts(ctx())
    const [day, month, year] = typed as [string, string, string]
    const response = await browser.post(`/people/${p.id}/requests/new`, {
      ...requestForm,
      ...dateBoxes('requestedOn', day, month, year),
    })
    expect(response.statusCode).toBe(422)
    expect(response.body).toContain(`href="#requestedOn-${first}">${message}</a>`)
    expect(response.body).toContain(`<span class="govuk-visually-hidden">Error:</span> ${message}`)
    expect(await counts(ctx())).toEqual(before)
  })

  // ── Triage ─────────────────────────────────────────────────────────────

  it('triages a request: the outcome ends the CLD event and a Progress outcome keeps it open', async () => {
    const request = await recorded()
    const api = await ctx().api('practitioner')
    const response = await api.post(`/api/v1/requests/${request.id}/triage`, {
      triageOutcome: PROGRESS,
      triagedOn: '2026-06-02',
    })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({
      triageOutcome: PROGRESS,
      triagedOn: '2026-06-02',
      closedOn: null,
      status: 'unallocated',
    })
    expect(await cldEventFor(ctx().database, request.id)).toMatchObject({
      event_end_on: '2026-06-02',
      event_outcome: PROGRESS,
    })
    const audit = await auditRowsFor(ctx().database, request.id)
    expect(audit.map((a) => a.action)).toEqual(['create', 'update'])
    expect(audit[1]?.detail).toMatchObject({ change: 'triage', triageOutcome: PROGRESS, closed: false })
  })

  it('closes a request triaged with an NFA outcome (given in a Release 1 spelling)', async () => {
    const request = await recorded()
    const api = await ctx().api('team_manager')
    const response = await api.post(`/api/v1/requests/${request.id}/triage`, {
      triageOutcome: 'NFA - Information & Advice / Signposting only',
      triagedOn: '2026-06-01',
    })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({
      triageOutcome: NFA,
      closedOn: '2026-06-01',
      status: 'closed',
      daysOpen: 0,
    })
    expect(await cldEventFor(ctx().database, request.id)).toMatchObject({
      event_end_on: '2026-06-01',
      event_outcome: NFA,
    })
  })

  it('refuses a second triage with 409 and changes nothing', async () => {
    const request = await recorded()
    const api = await ctx().api('practitioner')
    await api.post(`/api/v1/requests/${request.id}/triage`, {
      triageOutcome: PROGRESS,
      triagedOn: '2026-06-03',
    })
    const before = await counts(ctx())
    const again = await api.post(`/api/v1/requests/${request.id}/triage`, {
      triageOutcome: NFA,
      triagedOn: '2026-06-04',
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().detail).toBe('This request has already been triaged')
    expect(await counts(ctx())).toEqual(before)
    expect(await cldEventFor(ctx().database, request.id)).toMatchObject({
      event_end_on: '2026-06-03',
      event_outcome: PROGRESS,
    })
  })

  it.each([
    ['triageOutcome', { triageOutcome: undefined }, 'Choose the outcome of triage'],
    ['triageOutcome', { triageOutcome: 'Sent home' }, 'Choose the outcome of triage'],
    [
      'triageOutcome',
      { triageOutcome: 'Release 1 specification only: Not mapped' },
      'Choose the outcome of triage',
    ],
    ['triagedOn', { triagedOn: undefined }, 'Enter the date of triage'],
    ['triagedOn', { triagedOn: '2026-06-31' }, 'Date of triage must be a real date'],
    ['triagedOn', { triagedOn: '2026-05-31' }, 'Date of triage must be on or after the date of the request'],
    ['triagedOn', { triagedOn: '2026-06-16' }, 'Date of triage must be today or in the past'],
  ])('refuses a triage with a bad %s (%o) and writes nothing', async (field, overrides, message) => {
    const request = await recorded()
    const api = await ctx().api('practitioner')
    const before = await counts(ctx())
    const response = await api.post(`/api/v1/requests/${request.id}/triage`, {
      triageOutcome: PROGRESS,
      triagedOn: '2026-06-02',
      ...overrides,
    })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors).toContainEqual({ field, message })
    expect(await counts(ctx())).toEqual(before)
    expect(await cldEventFor(ctx().database, request.id)).toMatchObject({
      event_end_on: null,
      event_outcome: null,
    })
  })

  it('triages through the page form, and shows the form again on a mistake', async () => {
    const request = await recorded()
    const browser = await ctx().browser('practitioner')
    const bad = await browser.post(`/requests/${request.id}/triage`, {
      triageOutcome: NFA,
      ...dateBoxes('triagedOn', '1', '5', '2026'),
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain(
      'href="#triagedOn-day">Date of triage must be on or after the date of the request</a>',
    )
    expect(bad.body).toMatch(/name="triagedOn-month"[^>]*value="5"/)
    expect(bad.body).toMatch(/name="_csrf" value="[^"]+"/)
    const ok = await browser.post(`/requests/${request.id}/triage`, {
      triageOutcome: NFA,
      ...dateBoxes('triagedOn', '5', '6', '2026'),
    })
    expect(ok.statusCode).toBe(303)
    expect(ok.headers.location).toBe(`/requests/${request.id}?done=closed`)
    const page = await browser.get(String(ok.headers.location))
    expect(page.body).toContain('The request is closed')
    expect(page.body).toContain(NFA)
    expect(page.body).not.toContain('Record triage')
    const again = await browser.post(`/requests/${request.id}/triage`, {
      triageOutcome: NFA,
      ...dateBoxes('triagedOn', '5', '6', '2026'),
    })
    expect(again.statusCode).toBe(409)
    expect(again.headers['content-type']).toContain('text/html')
  })

  // ── Allocation ─────────────────────────────────────────────────────────

  it('lets a manager allocate and reallocate, auditing both', async () => {
    const request = await recorded()
    const manager = await ctx().api('team_manager')
    const first = await manager.post(`/api/v1/requests/${request.id}/allocation`, {
      teamId: councilA().teamId,
      workerId: councilA().users.practitioner,
    })
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toMatchObject({
      teamId: councilA().teamId,
      workerId: councilA().users.practitioner,
      workerName: 'practitioner a',
      status: 'allocated',
      statusText: 'Allocated to practitioner a',
    })
    expect(first.json().allocatedAt).toBeTruthy()
    const second = await manager.post(`/api/v1/requests/${request.id}/allocation`, {
      teamId: councilA().teamId,
      workerId: councilA().users.team_manager,
    })
    expect(second.statusCode).toBe(200)
    expect(second.json().workerId).toBe(councilA().users.team_manager)
    const back = await manager.post(`/api/v1/requests/${request.id}/allocation`, {
      teamId: councilA().otherTeamId,
    })
    expect(back.statusCode).toBe(200)
    expect(back.json()).toMatchObject({
      teamId: councilA().otherTeamId,
      workerId: null,
      allocatedAt: null,
      status: 'unallocated',
    })
    const audit = (await auditRowsFor(ctx().database, request.id)).filter((a) => a.action === 'update')
    expect(audit.map((a) => (a.detail as { change: string }).change)).toEqual([
      'allocation',
      'reallocation',
      'reallocation',
    ])
    expect(audit[1]?.detail).toMatchObject({
      previousWorkerId: councilA().users.practitioner,
      workerId: councilA().users.team_manager,
    })
  })

  it('lets a head of service allocate', async () => {
    const request = await recorded()
    const head = await ctx().api('head_of_service')
    const response = await head.post(`/api/v1/requests/${request.id}/allocation`, {
      teamId: councilA().teamId,
      workerId: councilA().users.practitioner,
    })
    expect(response.statusCode).toBe(200)
  })

  it.each([
    [
      'a worker of another team',
      'otherTeam',
      'practitioner-a',
      [{ field: 'workerId', message: 'Choose a worker in this team' }],
    ],
    [
      'a worker of another council',
      'team',
      'practitioner-b',
      [{ field: 'workerId', message: 'Choose a worker in this team' }],
    ],
    [
      'a team of another council',
      'team-b',
      'practitioner-b',
      [
        { field: 'teamId', message: 'Choose a team from the list' },
        { field: 'workerId', message: 'Choose a worker in this team' },
      ],
    ],
    [
      'someone who takes no cases',
      'team',
      'analyst-a',
      [{ field: 'workerId', message: 'Choose a worker in this team' }],
    ],
    ['no team', '', '', [{ field: 'teamId', message: 'Choose a team' }]],
    [
      'a worker id that is no id',
      'team',
      'nonsense',
      [{ field: 'workerId', message: 'Choose a worker in this team' }],
    ],
  ])('refuses an allocation to %s with 422 and writes nothing', async (_label, team, worker, errors) => {
    const request = await recorded()
    const teamId = {
      team: councilA().teamId,
      otherTeam: councilA().otherTeamId,
      'team-b': ctx().councils.b.teamId,
      '': '',
    }[team]
    const [role, council] = worker.split('-') as [Role, CouncilKey]
    const workerId = worker === 'nonsense' ? 'nonsense' : worker ? ctx().councils[council].users[role] : ''
    const manager = await ctx().api('team_manager')
    const before = await counts(ctx())
    const response = await manager.post(`/api/v1/requests/${request.id}/allocation`, { teamId, workerId })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors).toEqual(errors)
    expect(await counts(ctx())).toEqual(before)
  })

  it('refuses to allocate a closed request', async () => {
    const request = await recorded()
    const api = await ctx().api('team_manager')
    await api.post(`/api/v1/requests/${request.id}/triage`, { triageOutcome: NFA, triagedOn: '2026-06-02' })
    const response = await api.post(`/api/v1/requests/${request.id}/allocation`, {
      teamId: councilA().teamId,
      workerId: councilA().users.practitioner,
    })
    expect(response.statusCode).toBe(409)
  })

  it('allocates through the page form, and shows the form again on a mistake', async () => {
    const request = await recorded()
    const browser = await ctx().browser('team_manager')
    const page = await browser.get(`/requests/${request.id}`)
    expect(page.body).toContain('Save allocation')
    const bad = await browser.post(`/requests/${request.id}/allocation`, {
      teamId: councilA().otherTeamId,
      workerId: councilA().users.practitioner,
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('href="#workerId"')
    expect(bad.body).toContain('Choose a worker in this team')
    const ok = await browser.post(`/requests/${request.id}/allocation`, {
      teamId: councilA().teamId,
      workerId: councilA().users.practitioner,
    })
    expect(ok.statusCode).toBe(303)
    const after = await browser.get(String(ok.headers.location))
    expect(after.body).toContain('Allocation saved')
    expect(after.body).toContain('Allocated to practitioner a')
  })

  // ── Caseloads and queues ───────────────────────────────────────────────

  it('shows a worker their open allocated requests only', async () => {
    const mine = await allocated('practitioner', { requestedOn: '2026-05-16' })
    const closed = await allocated('practitioner')
    const someoneElses = await allocated('team_manager')
    const unallocated = await recorded()
    const api = await ctx().api('practitioner')
    await api.post(`/api/v1/requests/${closed.id}/triage`, { triageOutcome: NFA, triagedOn: '2026-06-02' })
    const response = await api.get('/api/v1/caseload')
    expect(response.statusCode).toBe(200)
    const requests = response.json().requests as {
      id: string
      daysOpen: number
      workerId: string
      requestedOn: string
    }[]
    const ids = requests.map((r) => r.id)
    expect(ids).toContain(mine.id)
    expect(ids).not.toContain(closed.id)
    expect(ids).not.toContain(someoneElses.id)
    expect(ids).not.toContain(unallocated.id)
    expect(requests.every((r) => r.workerId === councilA().users.practitioner)).toBe(true)
    expect(requests.find((r) => r.id === mine.id)?.daysOpen).toBe(30)
    expect([...requests].sort((x, y) => x.requestedOn.localeCompare(y.requestedOn))).toEqual(requests)

    const page = await (await ctx().browser('practitioner')).get('/caseload')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`/requests/${mine.id}`)
    expect(page.body).toContain(String(mine.personName))
    expect(page.body).not.toContain(`/requests/${closed.id}`)
    expect(page.body).toContain('moj-sortable-table')
  })

  it('shows a manager the team’s unallocated queue oldest first and each worker’s caseload count', async () => {
    const older = await recorded({ requestedOn: '2026-05-01' })
    const newer = await recorded({ requestedOn: '2026-06-14' })
    const taken = await allocated('practitioner')
    const elsewhere = await recorded({ teamId: councilA().otherTeamId })
    const manager = await ctx().api('team_manager')
    const response = await manager.get(`/api/v1/teams/${councilA().teamId}/queue`)
    expect(response.statusCode).toBe(200)
    const body = response.json() as {
      team: { id: string; name: string }
      queue: { id: string; requestedOn: string; daysOpen: number }[]
      workers: { id: string; openRequests: number }[]
    }
    expect(body.team).toEqual({ id: councilA().teamId, name: 'Team one' })
    const ids = body.queue.map((r) => r.id)
    expect(ids).toContain(older.id)
    expect(ids).toContain(newer.id)
    expect(ids).not.toContain(taken.id)
    expect(ids).not.toContain(elsewhere.id)
    expect(ids.indexOf(older.id)).toBeLessThan(ids.indexOf(newer.id))
    expect(body.queue.find((r) => r.id === older.id)?.daysOpen).toBe(45)
    expect([...body.queue].sort((x, y) => x.requestedOn.localeCompare(y.requestedOn))).toEqual(body.queue)
    const caseload = (await (await ctx().api('practitioner')).get('/api/v1/caseload')).json().requests
    expect(body.workers.find((w) => w.id === councilA().users.practitioner)?.openRequests).toBe(
      caseload.length,
    )
    expect(body.workers.map((w) => w.id).sort()).toEqual(
      [councilA().users.practitioner, councilA().users.team_manager].sort(),
    )

    const browser = await ctx().browser('team_manager')
    const page = await browser.get('/team')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Unallocated queue')
    expect(page.body).toContain(`/requests/${older.id}`)
    expect(page.body).not.toContain(`/requests/${taken.id}`)
    expect(page.body).toContain(`/team/workers/${councilA().users.practitioner}`)
    expect(page.body.indexOf(`/requests/${older.id}`)).toBeLessThan(
      page.body.indexOf(`/requests/${newer.id}`),
    )
    const workerPage = await browser.get(`/team/workers/${councilA().users.practitioner}`)
    expect(workerPage.statusCode).toBe(200)
    expect(workerPage.body).toContain('practitioner a’s caseload')
    expect(workerPage.body).toContain(`/requests/${taken.id}`)
    const workerApi = await manager.get(`/api/v1/workers/${councilA().users.practitioner}/caseload`)
    expect(workerApi.statusCode).toBe(200)
    expect(workerApi.json().requests.map((r: { id: string }) => r.id)).toContain(taken.id)
  })

  it('lets a head of service pick any team of the council, and a team manager only their own', async () => {
    const elsewhere = await recorded({ teamId: councilA().otherTeamId })
    const head = await ctx().browser('head_of_service')
    const page = await head.get(`/team?team=${councilA().otherTeamId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Team two')
    expect(page.body).toContain(`/requests/${elsewhere.id}`)
    expect(page.body).toContain('Show team')
    expect((await head.get('/team')).statusCode).toBe(200)
    const headApi = await ctx().api('head_of_service')
    expect((await headApi.get(`/api/v1/teams/${councilA().otherTeamId}/queue`)).statusCode).toBe(200)

    const manager = await ctx().browser('team_manager')
    expect((await manager.get(`/team?team=${councilA().otherTeamId}`)).statusCode).toBe(403)
    const managerApi = await ctx().api('team_manager')
    expect((await managerApi.get(`/api/v1/teams/${councilA().otherTeamId}/queue`)).statusCode).toBe(403)
  })

  it('audits reads of requests, caseloads and queues', async () => {
    const request = await recorded()
    await (await ctx().api('practitioner')).get(`/api/v1/requests/${request.id}`)
    await (await ctx().browser('practitioner')).get(`/requests/${request.id}`)
    const reads = (await auditRowsFor(ctx().database, request.id)).filter((a) => a.action === 'read')
    expect(reads).toHaveLength(2)
    expect(reads[0]).toMatchObject({
      record_type: 'request',
      person_id: request.personId,
      user_id: councilA().users.practitioner,
    })
    await (await ctx().api('practitioner')).get('/api/v1/caseload')
    expect(
      (await auditRowsFor(ctx().database, councilA().users.practitioner)).some(
        (a) => a.record_type === 'caseload',
      ),
    ).toBe(true)
    await (await ctx().api('team_manager')).get(`/api/v1/teams/${councilA().teamId}/queue`)
    expect(
      (await auditRowsFor(ctx().database, councilA().teamId)).some((a) => a.record_type === 'team-queue'),
    ).toBe(true)
    const list = await (await ctx().api('practitioner')).get(`/api/v1/people/${request.personId}/requests`)
    expect(list.statusCode).toBe(200)
    expect(list.json().requests.map((r: { id: string }) => r.id)).toEqual([request.id])
  })

  // ── Roles and councils, for every route ────────────────────────────────

  type Call = (ids: { personId: string; requestId: string; teamId: string; workerId: string }) => {
    method: 'get' | 'post'
    url: string
    body?: Record<string, string>
    page?: boolean
  }
  const ROUTES: [string, 'caseWork' | 'allocate', Call][] = [
    [
      'GET /people/{id}/requests/new',
      'caseWork',
      (i) => ({ method: 'get', url: `/people/${i.personId}/requests/new`, page: true }),
    ],
    [
      'POST /people/{id}/requests/new',
      'caseWork',
      (i) => ({
        method: 'post',
        url: `/people/${i.personId}/requests/new`,
        body: { ...requestForm },
        page: true,
      }),
    ],
    [
      'GET /requests/{id}',
      'caseWork',
      (i) => ({ method: 'get', url: `/requests/${i.requestId}`, page: true }),
    ],
    [
      'POST /requests/{id}/triage',
      'caseWork',
      (i) => ({
        method: 'post',
        url: `/requests/${i.requestId}/triage`,
        body: { triageOutcome: PROGRESS, ...dateBoxes('triagedOn', '2', '6', '2026') },
        page: true,
      }),
    ],
    [
      'POST /requests/{id}/allocation',
      'allocate',
      (i) => ({
        method: 'post',
        url: `/requests/${i.requestId}/allocation`,
        body: { teamId: i.teamId, workerId: i.workerId },
        page: true,
      }),
    ],
    ['GET /caseload', 'caseWork', () => ({ method: 'get', url: '/caseload', page: true })],
    ['GET /team', 'allocate', (i) => ({ method: 'get', url: `/team?team=${i.teamId}`, page: true })],
    [
      'GET /team/workers/{id}',
      'allocate',
      (i) => ({ method: 'get', url: `/team/workers/${i.workerId}`, page: true }),
    ],
    [
      'POST /api/v1/people/{id}/requests',
      'caseWork',
      (i) => ({ method: 'post', url: `/api/v1/people/${i.personId}/requests`, body: { ...validRequest } }),
    ],
    [
      'GET /api/v1/people/{id}/requests',
      'caseWork',
      (i) => ({ method: 'get', url: `/api/v1/people/${i.personId}/requests` }),
    ],
    [
      'GET /api/v1/requests/{id}',
      'caseWork',
      (i) => ({ method: 'get', url: `/api/v1/requests/${i.requestId}` }),
    ],
    [
      'POST /api/v1/requests/{id}/triage',
      'caseWork',
      (i) => ({
        method: 'post',
        url: `/api/v1/requests/${i.requestId}/triage`,
        body: { triageOutcome: PROGRESS, triagedOn: '2026-06-02' },
      }),
    ],
    [
      'POST /api/v1/requests/{id}/allocation',
      'allocate',
      (i) => ({
        method: 'post',
        url: `/api/v1/requests/${i.requestId}/allocation`,
        body: { teamId: i.teamId, workerId: i.workerId },
      }),
    ],
    ['GET /api/v1/caseload', 'caseWork', () => ({ method: 'get', url: '/api/v1/caseload' })],
    [
      'GET /api/v1/teams/{id}/queue',
      'allocate',
      (i) => ({ method: 'get', url: `/api/v1/teams/${i.teamId}/queue` }),
    ],
    [
      'GET /api/v1/workers/{id}/caseload',
      'allocate',
      (i) => ({ method: 'get', url: `/api/v1/workers/${i.workerId}/caseload` }),
    ],
  ]

  async function send(role: Role, council: CouncilKey, call: ReturnType<Call>) {
    const client = call.page ? await ctx().browser(role, council) : await ctx().api(role, council)
    return call.method === 'get' ? client.get(call.url) : client.post(call.url, call.body ?? {})
  }

  async function idsInA() {
    const request = await recorded()
    return {
      personId: request.personId,
      requestId: request.id,
      teamId: councilA().teamId,
      workerId: councilA().users.practitioner,
    }
  }

  it.each(ROUTES)(
    '%s refuses roles without the permission (403) and writes nothing',
    async (_name, permission, call) => {
      const ids = await idsInA()
      const refused: Role[] =
        permission === 'allocate'
          ? ['practitioner', 'analyst', 'admin', 'panel_member', 'finance', 'commissioner']
          : ['analyst', 'admin', 'panel_member', 'finance', 'commissioner']
      const before = await counts(ctx())
      for (const role of refused) {
        const response = await send(role, 'a', call(ids))
        expect(response.statusCode, `${role}: ${response.body.slice(0, 200)}`).toBe(403)
      }
      expect(await counts(ctx())).toEqual(before)
    },
  )

  it.each(ROUTES)(
    '%s does not reveal council A’s records to council B (404)',
    async (_name, permission, call) => {
      const ids = await idsInA()
      const role: Role = permission === 'allocate' ? 'head_of_service' : 'practitioner'
      const before = await counts(ctx())
      const response = await send(role, 'b', call(ids))
      const url = call(ids).url
      if (url === '/caseload' || url === '/api/v1/caseload') {
        // No id to guess: B's caseload simply holds none of A's requests.
        expect(response.statusCode).toBe(200)
        expect(response.body).not.toContain(ids.requestId)
        expect(response.body).not.toContain(ids.personId)
      } else {
        expect(response.statusCode, response.body.slice(0, 200)).toBe(404)
        expect(response.body).not.toContain(ids.personId)
      }
      expect(await counts(ctx())).toEqual(before)
    },
  )

  it.each([
    '/requests/not-a-uuid',
    '/api/v1/requests/not-a-uuid',
    '/people/123/requests/new',
    '/team/workers/x',
  ])('answers 404 for %s', async (url) => {
    const client = url.startsWith('/api/')
      ? await ctx().api('team_manager')
      : await ctx().browser('team_manager')
    expect((await client.get(url)).statusCode).toBe(404)
  })

  it('describes the API in the OpenAPI document', async () => {
    const doc = (await ctx().app.inject({ url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, unknown>
    }
    for (const path of [
      '/api/v1/people/{id}/requests',
      '/api/v1/requests/{id}',
      '/api/v1/requests/{id}/triage',
      '/api/v1/requests/{id}/allocation',
      '/api/v1/caseload',
      '/api/v1/teams/{id}/queue',
      '/api/v1/workers/{id}/caseload',
    ]) {
      expect(doc.paths[path], path).toBeDefined()
    }
    expect(JSON.stringify(doc.paths['/api/v1/people/{id}/requests'])).toContain('Discharge from Hospital')
  })
})
