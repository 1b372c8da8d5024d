import { expect, it } from 'vitest'
import type { Role } from '../../src/modules/identity/roles.ts'
import { addUser } from '../../src/modules/identity/store.ts'
import { draftPlan, EVERY_OUTCOME, type PlanJson } from '../support/plan-fixtures.ts'
import { type CouncilKey, describeOnEachDatabase, TEST_PASSWORD } from '../support/test-context.ts'

const RESIDENTIAL = {
  serviceType: 'Long term support: Residential care',
  serviceComponent: 'Long term residential care',
  deliveryMechanism: 'commissioned',
  unitCostPence: 90_000,
  unitsPerWeek: 1,
  costUnit: 'Weekly',
  provider: 'Oak Lodge',
}

interface MeetingJson {
  id: string
  status: string
  members: { id: string; name: string }[]
  agenda: {
    id: string
    fundingRequestId: string
    outcome: string | null
    daysWaiting: number | null
    overdue: boolean
  }[]
}

describeOnEachDatabase('panels: meetings, agendas, decisions and minutes', (ctx) => {
  const db = () => ctx().database.db
  const users = (council: CouncilKey = 'a') => ctx().councils[council].users

  /** A residential placement plan submitted for funding: the demo scheme sends it to the panel. */
  async function panelRequest(council: CouncilKey = 'a') {
    const { person, plan } = await draftPlan(ctx(), [RESIDENTIAL], { council, assessment: EVERY_OUTCOME })
    const api = await ctx().api('practitioner', council)
    const response = await api.post(`/api/v1/plans/${plan.id}/funding-requests`, { minutes: 40 })
    expect(response.statusCode, response.body).toBe(201)
    const request = response.json() as { id: string; route: string; status: string }
    expect(request).toMatchObject({ route: 'panel', status: 'pending' })
    return { person, plan: plan as PlanJson, requestId: request.id }
  }

  /** A second panel member of council A, who sits on no meeting unless asked. */
  async function secondPanelMember() {
    const found = await db()
      .selectFrom('users')
      .select(['id', 'password_hash'])
      .where('email', '=', 'panel2@a.test')
      .executeTakeFirst()
    if (found) return found.id
    const hash = await db()
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', users().panel_member)
      .executeTakeFirstOrThrow()
    const user = await addUser(db(), {
      councilId: ctx().councils.a.id,
      email: 'panel2@a.test',
      displayName: 'Second Panellist',
      role: 'panel_member',
      passwordHash: hash.password_hash,
    })
    return user.id
  }

  async function apiAs(email: string) {
    const session = await ctx().app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email, password: TEST_PASSWORD },
    })
    expect(session.statusCode, session.body).toBe(201)
    const { token } = session.json() as { token: string }
    return (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
      ctx().app.inject({
        method,
        url,
        payload: payload as object,
        headers: { authorization: `Bearer ${token}` },
      })
  }

  async function meeting(meetsOn = '2026-06-24', council: CouncilKey = 'a', memberIds?: string[]) {
    const api = await ctx().api('head_of_service', council)
    const chairId = users(council).panel_member
    const response = await api.post('/api/v1/panel-meetings', {
      meetsOn,
      startsAt: '10:00',
      location: 'Room 4, County Hall',
      chairId,
      memberIds: memberIds ?? [chairId],
    })
    expect(response.statusCode, response.body).toBe(201)
    return response.json() as MeetingJson
  }

  async function listed(meetingId: string, requestIds: string[], council: CouncilKey = 'a') {
    const api = await ctx().api('head_of_service', council)
    const response = await api.post(`/api/v1/panel-meetings/${meetingId}/agenda`, {
      fundingRequestIds: requestIds,
    })
    expect(response.statusCode, response.body).toBe(201)
    return response.json() as MeetingJson
  }

  const count = async (
    table: 'panel_meetings' | 'panel_agenda_items' | 'decision_steps' | 'panel_meeting_members',
  ) =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('a residential placement goes on a panel agenda and the panel decides it with reasons', async () => {
    const second = await secondPanelMember()
    const { plan, requestId } = await panelRequest()
    const made = await meeting('2026-06-24', 'a', [users().panel_member, second])
    expect(made.members.map((m) => m.id).sort()).toEqual([users().panel_member, second].sort())

    const withItem = await listed(made.id, [requestId])
    expect(withItem.agenda).toHaveLength(1)
    expect(withItem.agenda[0]).toMatchObject({ fundingRequestId: requestId, outcome: null, daysWaiting: 0 })
    const itemId = withItem.agenda[0]?.id as string

    const panel = await ctx().api('panel_member')
    const before = await count('decision_steps')
    const noReasons = await panel.post(`/api/v1/panel-meetings/${made.id}/agenda/${itemId}/decision`, {
      outcome: 'amend',
      weeklyPence: 85_000,
    })
    expect(noReasons.statusCode).toBe(422)
    expect(noReasons.json().errors).toEqual([
      { field: 'reasons', message: 'Give your reasons for amending the request' },
    ])
    expect(await count('decision_steps')).toBe(before)

    const decided = await panel.post(`/api/v1/panel-meetings/${made.id}/agenda/${itemId}/decision`, {
      outcome: 'amend',
      weeklyPence: 85_000,
      reasons: 'Oak Lodge’s standard rate meets her needs; the premium room is not needed.',
    })
    expect(decided.statusCode, decided.body).toBe(200)
    expect(decided.json()).toMatchObject({ status: 'amended', approvedWeeklyPence: 85_000 })

    const planRow = await db()
      .selectFrom('support_plans')
      .selectAll()
      .where('id', '=', plan.id)
      .executeTakeFirstOrThrow()
    expect(planRow).toMatchObject({ status: 'active', approved_weekly_pence: 85_000 })
    const steps = await db()
      .selectFrom('decision_steps')
      .selectAll()
      .where('funding_request_id', '=', requestId)
      .orderBy('id')
      .execute()
    expect(steps.map((s) => s.step)).toEqual(['submitted', 'routed', 'listed', 'amended'])
    expect(steps[2]).toMatchObject({ level: 'panel', user_id: users().head_of_service })
    expect(steps[3]?.detail).toMatchObject({ meetingId: made.id, approvedWeeklyPence: 85_000 })

    const read = await panel.get(`/api/v1/panel-meetings/${made.id}`)
    expect(read.json().agenda[0]).toMatchObject({
      outcome: 'amend',
      reasons: expect.stringContaining('standard rate'),
    })

    const again = await panel.post(`/api/v1/panel-meetings/${made.id}/agenda/${itemId}/decision`, {
      outcome: 'approve',
    })
    expect(again.statusCode).toBe(409)

    // Five members of the panel each 15 minutes by default; here two sat: 30, plus 40 to submit and 60 to prepare.
    const cost = await (await ctx().api('analyst')).get('/api/v1/decisions/cost?year=2026-27')
    expect(cost.statusCode, cost.body).toBe(200)
    const panelRow = cost.json().routes.find((r: { route: string }) => r.route === 'panel')
    expect(panelRow).toMatchObject({
      decided: 1,
      medianDaysToDecision: 0,
      amended: 1,
      amendedOrRefusedShare: 1,
      annualChangeByAmendmentPence: -5_000 * 52,
    })
    expect(panelRow.staffHours).toBeCloseTo((40 + 60 + 30) / 60, 2)
  })

  it('a deferred request waits again and goes on a later agenda; an item moves to a later meeting', async () => {
    const { requestId } = await panelRequest()
    const other = await panelRequest()
    const first = await meeting('2026-06-25')
    const later = await meeting('2026-07-09')
    const agenda = await listed(first.id, [requestId, other.requestId])
    const [item, otherItem] = agenda.agenda as [MeetingJson['agenda'][0], MeetingJson['agenda'][0]]

    const panel = await ctx().api('panel_member')
    const deferred = await panel.post(`/api/v1/panel-meetings/${first.id}/agenda/${item.id}/decision`, {
      outcome: 'defer',
      reasons: 'We need the occupational therapist’s report.',
    })
    expect(deferred.statusCode, deferred.body).toBe(200)
    expect(deferred.json().status).toBe('deferred')

    const organiser = await ctx().api('head_of_service')
    const moved = await organiser.post(`/api/v1/panel-meetings/${first.id}/agenda/${otherItem.id}/move`, {
      meetingId: later.id,
    })
    expect(moved.statusCode, moved.body).toBe(200)
    expect(moved.json().agenda.map((i: { fundingRequestId: string }) => i.fundingRequestId)).toEqual([
      other.requestId,
    ])
    const relisted = await listed(later.id, [requestId])
    expect(relisted.agenda.map((i) => i.fundingRequestId)).toEqual([other.requestId, requestId])

    const waiting = await panel.get('/api/v1/panel-meetings')
    const row = waiting
      .json()
      .waiting.find((r: { fundingRequestId: string }) => r.fundingRequestId === requestId)
    expect(row).toMatchObject({ status: 'deferred', listedForMeetingId: later.id })

    // Moving a decided item, or to an earlier or the same meeting, is refused.
    expect(
      (
        await organiser.post(`/api/v1/panel-meetings/${first.id}/agenda/${item.id}/move`, {
          meetingId: later.id,
        })
      ).statusCode,
    ).toBe(409)
    const laterItem = relisted.agenda[0]?.id as string
    const backwards = await organiser.post(`/api/v1/panel-meetings/${later.id}/agenda/${laterItem}/move`, {
      meetingId: first.id,
    })
    expect(backwards.statusCode).toBe(422)
    expect(backwards.json().errors).toEqual([
      { field: 'meetingId', message: 'Choose a later planned meeting to move it to' },
    ])
  })

  it('refuses requests that are not waiting for the panel, and closes a held meeting’s agenda', async () => {
    const organiser = await ctx().api('head_of_service')
    const made = await meeting('2026-06-26')
    const { requestId } = await panelRequest()
    const managerLevel = await draftPlan(ctx(), [
      {
        ...RESIDENTIAL,
        serviceType: 'Long term support: Community',
        serviceComponent: 'Day support',
        unitCostPence: 300,
        unitsPerWeek: 1,
      },
    ])
    const submitted = await (await ctx().api('practitioner')).post(
      `/api/v1/plans/${managerLevel.plan.id}/funding-requests`,
      {},
    )
    const before = await count('panel_agenda_items')
    for (const ids of [[], [submitted.json().id], ['not-a-uuid']]) {
      const response = await organiser.post(`/api/v1/panel-meetings/${made.id}/agenda`, {
        fundingRequestIds: ids,
      })
      expect(response.statusCode, JSON.stringify(ids)).toBe(422)
      expect(response.json().errors[0].field).toBe('fundingRequestIds')
    }
    await listed(made.id, [requestId])
    const twice = await organiser.post(`/api/v1/panel-meetings/${made.id}/agenda`, {
      fundingRequestIds: [requestId],
    })
    expect(twice.statusCode).toBe(422)
    expect(await count('panel_agenda_items')).toBe(before + 1)

    // On an agenda, the panel decides it there, not on the request's own page.
    const direct = await (await ctx().api('panel_member')).post(
      `/api/v1/funding-requests/${requestId}/decision`,
      {
        outcome: 'approve',
      },
    )
    expect(direct.statusCode).toBe(409)
    expect(direct.json().meetingId).toBe(made.id)

    const minutes = await (await ctx().api('panel_member')).put(`/api/v1/panel-meetings/${made.id}/minutes`, {
      minutes: 'Present: the chair. No declarations of interest.',
      held: true,
    })
    expect(minutes.statusCode, minutes.body).toBe(200)
    expect(minutes.json()).toMatchObject({ status: 'held', minutes: expect.stringContaining('Present') })
    const { requestId: another } = await panelRequest()
    const closed = await organiser.post(`/api/v1/panel-meetings/${made.id}/agenda`, {
      fundingRequestIds: [another],
    })
    expect(closed.statusCode).toBe(409)
  })

  it('checks a new meeting: date, chair and members from the council’s panel', async () => {
    const organiser = await ctx().api('head_of_service')
    const before = await count('panel_meetings')
    const cases: [object, string, string][] = [
      [
        { chairId: users().panel_member, memberIds: [users().panel_member] },
        'meetsOn',
        'Enter the date of the meeting',
      ],
      [
        { meetsOn: '2026-02-30', chairId: users().panel_member, memberIds: [users().panel_member] },
        'meetsOn',
        'Date of the meeting must be a real date',
      ],
      [
        { meetsOn: '2026-07-01', memberIds: [users().panel_member] },
        'chairId',
        'Choose who chairs the meeting',
      ],
      [
        { meetsOn: '2026-07-01', chairId: users().panel_member, memberIds: [] },
        'memberIds',
        'Choose the panel members who sit on it',
      ],
      [
        {
          meetsOn: '2026-07-01',
          chairId: users().panel_member,
          memberIds: [users().panel_member],
          startsAt: '25:00',
        },
        'startsAt',
        'Enter the time like 10:00 or 14:30',
      ],
      [
        { meetsOn: '2026-07-01', chairId: users().team_manager, memberIds: [users().panel_member] },
        'chairId',
        'Choose a chair from the council’s panel members',
      ],
      [
        { meetsOn: '2026-07-01', chairId: users().panel_member, memberIds: [users('b').panel_member] },
        'memberIds',
        'Choose members from the council’s panel members',
      ],
    ]
    for (const [body, field, message] of cases) {
      const response = await organiser.post('/api/v1/panel-meetings', body)
      expect(response.statusCode, JSON.stringify(body)).toBe(422)
      expect(response.json().errors[0]).toEqual({ field, message })
    }
    expect(await count('panel_meetings')).toBe(before)
  })

  it('lets only the meeting’s members decide its items, and keeps councils apart', async () => {
    const second = await secondPanelMember()
    const { requestId } = await panelRequest()
    const made = await meeting('2026-06-30')
    const { agenda } = await listed(made.id, [requestId])
    const itemId = agenda[0]?.id as string
    const url = `/api/v1/panel-meetings/${made.id}/agenda/${itemId}/decision`
    const before = await count('decision_steps')

    const notMember = await apiAs('panel2@a.test')
    expect((await notMember('POST', url, { outcome: 'approve' })).statusCode).toBe(403)
    expect(second).toBeTruthy()
    for (const role of ['head_of_service', 'team_manager'] as Role[]) {
      expect((await (await ctx().api(role)).post(url, { outcome: 'approve' })).statusCode, role).toBe(403)
    }
    for (const role of ['practitioner', 'commissioner', 'analyst', 'finance', 'admin'] as Role[]) {
      expect((await (await ctx().api(role)).post(url, { outcome: 'approve' })).statusCode, role).toBe(403)
    }
    expect(await count('decision_steps')).toBe(before)

    // Council B sees none of A's meetings, items or requests.
    const otherPanel = await ctx().api('panel_member', 'b')
    const otherOrganiser = await ctx().api('head_of_service', 'b')
    expect((await otherPanel.post(url, { outcome: 'approve' })).statusCode).toBe(404)
    expect((await otherPanel.get(`/api/v1/panel-meetings/${made.id}`)).statusCode).toBe(404)
    expect(
      (await otherPanel.put(`/api/v1/panel-meetings/${made.id}/minutes`, { minutes: 'x' })).statusCode,
    ).toBe(404)
    expect(
      (
        await otherOrganiser.post(`/api/v1/panel-meetings/${made.id}/agenda`, {
          fundingRequestIds: [requestId],
        })
      ).statusCode,
    ).toBe(404)
    const theirs = await meeting('2026-07-01', 'b')
    expect(
      (
        await otherOrganiser.post(`/api/v1/panel-meetings/${made.id}/agenda/${itemId}/move`, {
          meetingId: theirs.id,
        })
      ).statusCode,
    ).toBe(404)
    const stealing = await otherOrganiser.post(`/api/v1/panel-meetings/${theirs.id}/agenda`, {
      fundingRequestIds: [requestId],
    })
    expect(stealing.statusCode).toBe(422)
    const list = await otherPanel.get('/api/v1/panel-meetings')
    expect(list.json().meetings.map((m: { id: string }) => m.id)).not.toContain(made.id)
    expect(list.json().waiting.map((r: { fundingRequestId: string }) => r.fundingRequestId)).not.toContain(
      requestId,
    )
    expect(await count('decision_steps')).toBe(before)

    // Organising is for heads of service and administrators; reading for them and panel members.
    const practitioner = await ctx().api('practitioner')
    expect((await practitioner.get('/api/v1/panel-meetings')).statusCode).toBe(403)
    expect((await practitioner.get(`/api/v1/panel-meetings/${made.id}`)).statusCode).toBe(403)
    const panel = await ctx().api('panel_member')
    expect(
      (
        await panel.post('/api/v1/panel-meetings', {
          meetsOn: '2026-07-01',
          chairId: users().panel_member,
          memberIds: [],
        })
      ).statusCode,
    ).toBe(403)
    expect(
      (await panel.post(`/api/v1/panel-meetings/${made.id}/agenda`, { fundingRequestIds: [] })).statusCode,
    ).toBe(403)
    expect((await panel.post(`/api/v1/panel-meetings/${made.id}/agenda/${itemId}/move`, {})).statusCode).toBe(
      403,
    )
    const minutesByOutsider = await notMember('PUT', `/api/v1/panel-meetings/${made.id}/minutes`, {
      minutes: 'x',
    })
    expect(minutesByOutsider.statusCode).toBe(403)
    const long = await (await ctx().api('admin')).put(`/api/v1/panel-meetings/${made.id}/minutes`, {
      minutes: 'x'.repeat(20_001),
    })
    expect(long.statusCode).toBe(422)
    expect(long.json().errors).toEqual([
      { field: 'minutes', message: 'The minutes must be 20,000 characters or fewer' },
    ])
  })

  it('shows days waiting and flags overdue requests by the council’s escalation days', async () => {
    const { requestId } = await panelRequest()
    await db()
      .updateTable('funding_requests')
      .set({ submitted_at: new Date('2026-05-10T10:00:00Z') })
      .where('id', '=', requestId)
      .execute()
    const panel = await ctx().api('panel_member')
    const queue = await panel.get('/api/v1/funding-requests?level=panel')
    const row = queue.json().waiting.find((r: { id: string }) => r.id === requestId)
    expect(row).toMatchObject({ daysWaiting: 36, overdue: true })
    expect(queue.json().escalationDays).toBe(28)
    expect((await panel.get(`/api/v1/funding-requests/${requestId}`)).json()).toMatchObject({
      daysWaiting: 36,
      overdue: true,
    })

    const admin = await ctx().api('admin')
    const bad = await admin.put('/api/v1/decision-settings', { escalationDays: 0 })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().errors[0]).toEqual({ field: 'escalationDays', message: 'The days must be 1 or more' })
    const settings = (await admin.get('/api/v1/decision-settings')).json()
    expect(settings).toMatchObject({ escalationDays: 28, isDefault: true })
    const saved = await admin.put('/api/v1/decision-settings', {
      ...settings,
      isDefault: undefined,
      escalationDays: 40,
    })
    expect(saved.statusCode, saved.body).toBe(200)
    const after = await panel.get('/api/v1/funding-requests?level=panel')
    expect(after.json().waiting.find((r: { id: string }) => r.id === requestId)).toMatchObject({
      overdue: false,
    })
    // Settings are the council's own.
    expect(
      (await (await ctx().api('admin', 'b')).get('/api/v1/decision-settings')).json().escalationDays,
    ).toBe(28)
    expect(
      (await (await ctx().api('head_of_service')).put('/api/v1/decision-settings', settings)).statusCode,
    ).toBe(403)
    await admin.put('/api/v1/decision-settings', { ...settings, isDefault: undefined })
  })

  it('gives the cost of deciding to those who weigh the scheme, for a year they choose', async () => {
    for (const role of ['head_of_service', 'commissioner', 'analyst', 'admin', 'finance'] as Role[]) {
      const response = await (await ctx().api(role)).get('/api/v1/decisions/cost')
      expect(response.statusCode, role).toBe(200)
      expect(response.json().routes.map((r: { route: string }) => r.route)).toEqual([
        'practitioner',
        'team_manager',
        'head_of_service',
        'panel',
      ])
    }
    for (const role of ['practitioner', 'team_manager', 'panel_member'] as Role[]) {
      expect((await (await ctx().api(role)).get('/api/v1/decisions/cost')).statusCode, role).toBe(403)
    }
    const analyst = await ctx().api('analyst')
    const bad = await analyst.get('/api/v1/decisions/cost?year=2026')
    expect(bad.statusCode).toBe(422)
    expect(bad.json().errors).toEqual([{ field: 'year', message: 'Give a financial year like 2025-26' }])
    const empty = await analyst.get('/api/v1/decisions/cost?year=2024-25')
    expect(empty.json().all).toMatchObject({ decided: 0, medianDaysToDecision: null })
    // Council B's cost counts none of A's decisions.
    const theirs = await (await ctx().api('analyst', 'b')).get('/api/v1/decisions/cost?year=2026-27')
    const ours = await analyst.get('/api/v1/decisions/cost?year=2026-27')
    expect(ours.json().all.decided).toBeGreaterThan(0)
    expect(theirs.json().all.decided).toBe(0)
  })

  it('works without JavaScript: arranging, the agenda, the decision and the minutes on pages', async () => {
    const { requestId } = await panelRequest()
    const organiser = await ctx().browser('head_of_service')
    const form = await organiser.get('/panels/new')
    expect(form.statusCode).toBe(200)
    const bad = await organiser.post('/panels/new', {
      'meetsOn-day': '31',
      'meetsOn-month': '6',
      'meetsOn-year': '2026',
      chairId: '',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Date of the meeting must be a real date')
    expect(bad.body).toContain('href="#meetsOn-day"')
    expect(bad.body).toContain('Choose who chairs the meeting')
    const made = await organiser.post('/panels/new', {
      'meetsOn-day': '2',
      'meetsOn-month': '7',
      'meetsOn-year': '2026',
      startsAt: '14.30',
      chairId: users().panel_member,
      memberIds: users().panel_member,
    })
    expect(made.statusCode, made.body).toBe(303)
    const meetingUrl = made.headers.location as string
    const page = await organiser.get(meetingUrl)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('at 14:30')
    expect(page.body).toContain('Add requests to the agenda')

    const none = await organiser.post(`${meetingUrl}/agenda`, { preparationMinutes: 'lots' })
    expect(none.statusCode).toBe(422)
    expect(none.body).toContain('Choose the requests to put on the agenda')
    const added = await organiser.post(`${meetingUrl}/agenda`, {
      fundingRequestIds: requestId,
      preparationMinutes: '50',
    })
    expect(added.statusCode, added.body).toBe(303)
    const withItem = await organiser.get(meetingUrl)
    const itemUrl = /href="(\/panels\/[0-9a-f-]{36}\/items\/[0-9a-f-]{36})"/.exec(
      withItem.body,
    )?.[1] as string
    expect(itemUrl).toBeTruthy()

    const panel = await ctx().browser('panel_member')
    const item = await panel.get(itemUrl)
    expect(item.statusCode).toBe(200)
    expect(item.body).toContain('Record the panel’s decision')
    const refusedWithout = await panel.post(`${itemUrl}/decision`, { outcome: 'refuse', minutes: '45' })
    expect(refusedWithout.statusCode).toBe(422)
    expect(refusedWithout.body).toContain('Give your reasons for refusing the request')
    const refused = await panel.post(`${itemUrl}/decision`, {
      outcome: 'refuse',
      reasons: 'Her needs can be met at home with the reablement team’s support.',
      minutes: '45',
    })
    expect(refused.statusCode, refused.body).toBe(303)
    const decidedPage = await panel.get(meetingUrl)
    expect(decidedPage.body).toContain('Refused')
    const minutes = await panel.post(`${meetingUrl}/minutes`, { minutes: 'Present: the chair.', held: 'yes' })
    expect(minutes.statusCode).toBe(303)
    const print = await panel.get(`${meetingUrl}/print`)
    expect(print.statusCode).toBe(200)
    expect(print.body).toContain('Her needs can be met at home')
    expect(print.body).toContain('Present: the chair.')
    const step = await db()
      .selectFrom('decision_steps')
      .select(['step', 'minutes'])
      .where('funding_request_id', '=', requestId)
      .where('step', 'in', ['listed', 'refused'])
      .orderBy('id')
      .execute()
    expect(step).toEqual([
      { step: 'listed', minutes: 50 },
      { step: 'refused', minutes: 45 },
    ])

    const list = await panel.get('/panels')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('Meetings held')
    for (const url of ['/panels', meetingUrl, itemUrl, `${meetingUrl}/print`]) {
      expect((await (await ctx().browser('practitioner')).get(url)).statusCode, url).toBe(403)
      expect((await (await ctx().browser('panel_member', 'b')).get(url)).statusCode, url).toBe(
        url === '/panels' ? 200 : 404,
      )
    }
    expect((await panel.get('/panels/new')).statusCode).toBe(403)
  })

  it('links a request and its plan only for readers who may open them', async () => {
    const { requestId, plan } = await panelRequest()
    const made = await listed((await meeting('2026-07-08')).id, [requestId])
    const itemUrl = `/panels/${made.id}/items/${made.agenda[0]?.id}`
    const requestLink = `href="/funding-requests/${requestId}"`
    const planLink = `href="/plans/${plan.id}"`
    const asPanel = await ctx().browser('panel_member')
    expect((await asPanel.get('/panels')).body).toContain(requestLink)
    const item = await asPanel.get(itemUrl)
    expect(item.body).toContain(requestLink)
    expect(item.body).toContain(planLink)
    // Administrators arrange panels but do not read plans: every link they are shown must open.
    const asAdmin = await ctx().browser('admin')
    expect((await asAdmin.get(`/funding-requests/${requestId}`)).statusCode).toBe(403)
    const list = await asAdmin.get('/panels')
    expect(list.statusCode).toBe(200)
    expect(list.body).not.toContain(requestLink)
    const adminItem = await asAdmin.get(itemUrl)
    expect(adminItem.statusCode).toBe(200)
    expect(adminItem.body).not.toContain(requestLink)
    expect(adminItem.body).not.toContain(planLink)
    expect(adminItem.body).toContain(`Version ${plan.version}`)
  })

  it('keeps every page form from the wrong roles (403) and other councils (404), writing nothing', async () => {
    const { requestId } = await panelRequest()
    const made = await meeting('2026-07-07')
    const later = await meeting('2026-07-21')
    const { agenda } = await listed(made.id, [requestId])
    const itemUrl = `/panels/${made.id}/items/${agenda[0]?.id}`
    const meetingForm = {
      'meetsOn-day': '8',
      'meetsOn-month': '7',
      'meetsOn-year': '2026',
      chairId: users().panel_member,
      memberIds: users().panel_member,
    }
    const forms: { url: string; form: Record<string, string>; allowed: Role[]; otherCouncil: boolean }[] = [
      { url: '/panels/new', form: meetingForm, allowed: ['head_of_service', 'admin'], otherCouncil: false },
      {
        url: `/panels/${made.id}/agenda`,
        form: { fundingRequestIds: requestId },
        allowed: ['head_of_service', 'admin'],
        otherCouncil: true,
      },
      {
        url: `/panels/${made.id}/minutes`,
        form: { minutes: 'Present: nobody' },
        allowed: ['panel_member', 'head_of_service', 'admin'],
        otherCouncil: true,
      },
      {
        url: `${itemUrl}/decision`,
        form: { outcome: 'approve' },
        allowed: ['team_manager', 'head_of_service', 'panel_member'],
        otherCouncil: true,
      },
      {
        url: `${itemUrl}/move`,
        form: { meetingId: later.id },
        allowed: ['head_of_service', 'admin'],
        otherCouncil: true,
      },
      {
        url: '/admin/decision-settings',
        form: { escalationDays: '5' },
        allowed: ['admin'],
        otherCouncil: false,
      },
    ]
    const snapshot = async () => ({
      meetings: await count('panel_meetings'),
      items: await db()
        .selectFrom('panel_agenda_items')
        .select(['meeting_id', 'outcome'])
        .orderBy('id')
        .execute(),
      steps: await count('decision_steps'),
      minutes: await db().selectFrom('panel_meetings').select('minutes').orderBy('id').execute(),
      settings: await db().selectFrom('decision_settings').selectAll().execute(),
    })
    const before = await snapshot()
    const roles: Role[] = [
      'practitioner',
      'team_manager',
      'head_of_service',
      'panel_member',
      'finance',
      'commissioner',
      'analyst',
      'admin',
    ]
    for (const { url, form, allowed, otherCouncil } of forms) {
      for (const role of roles.filter((r) => !allowed.includes(r))) {
        const response = await (await ctx().browser(role)).post(url, form)
        expect(response.statusCode, `${role} ${url}`).toBe(403)
      }
      if (otherCouncil) {
        const role = allowed.includes('panel_member') ? 'panel_member' : (allowed[0] as Role)
        const response = await (await ctx().browser(role, 'b')).post(url, form)
        expect(response.statusCode, `council B ${role} ${url}`).toBe(404)
      }
    }
    // Allowed to reach the form, a team manager or head of service still may not decide a panel item.
    expect(
      (await (await ctx().browser('head_of_service')).post(`${itemUrl}/decision`, { outcome: 'approve' }))
        .statusCode,
    ).toBe(403)
    expect(await snapshot()).toEqual(before)
    // Bad input on the settings page writes nothing either.
    const bad = await (await ctx().browser('admin')).post('/admin/decision-settings', { escalationDays: '5' })
    expect(bad.statusCode).toBe(422)
    expect(await snapshot()).toEqual(before)
  })

  it('shows the cost page and the settings page with their errors', async () => {
    const analyst = await ctx().browser('analyst')
    const cost = await analyst.get('/decisions/cost')
    expect(cost.statusCode).toBe(200)
    expect(cost.body).toContain('Median days to decision')
    expect(cost.body).toContain('Panel')
    const badYear = await analyst.get('/decisions/cost?year=twenty')
    expect(badYear.statusCode).toBe(422)
    expect(badYear.body).toContain('Choose a financial year from the list')
    expect((await (await ctx().browser('practitioner')).get('/decisions/cost')).statusCode).toBe(403)

    const admin = await ctx().browser('admin')
    const settings = await admin.get('/admin/decision-settings')
    expect(settings.statusCode).toBe(200)
    const bad = await admin.post('/admin/decision-settings', {
      escalationDays: '',
      submissionMinutes: 'half an hour',
      teamManagerMinutes: '20',
      headOfServiceMinutes: '30',
      panelPreparationMinutes: '60',
      panelSittingMinutesPerMember: '15',
      panelMembers: '4',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Enter days a request may wait before it is overdue')
    expect(bad.body).toContain('href="#submissionMinutes"')
    expect((await admin.get('/api/v1/decision-settings')).statusCode).toBe(401)
    expect((await (await ctx().browser('head_of_service')).get('/admin/decision-settings')).statusCode).toBe(
      403,
    )
    const saved = await admin.post('/admin/decision-settings', {
      escalationDays: '21',
      submissionMinutes: '30',
      teamManagerMinutes: '20',
      headOfServiceMinutes: '30',
      panelPreparationMinutes: '60',
      panelSittingMinutesPerMember: '15',
      panelMembers: '4',
    })
    expect(saved.statusCode).toBe(303)
    expect((await admin.get('/admin/decision-settings?saved=1')).body).toContain('Settings saved')
    await admin.post('/admin/decision-settings', {
      escalationDays: '28',
      submissionMinutes: '30',
      teamManagerMinutes: '20',
      headOfServiceMinutes: '30',
      panelPreparationMinutes: '60',
      panelSittingMinutesPerMember: '15',
      panelMembers: '4',
    })
  })
})
