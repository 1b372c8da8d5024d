import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { dateInputErrors, dateInputValues, readDateInputs } from '../../kernel/date-input.ts'
import { addDays, isoDay } from '../../kernel/dates.ts'
import { pathId } from '../../kernel/path-id.ts'
import { type FieldError, notFound, ValidationProblem } from '../../kernel/problem.ts'
import { recordAudit } from '../audit/store.ts'
import { fundingRequestJson } from '../decisions/actions.ts'
import {
  DECISION_OUTCOMES,
  decisionBodySchema,
  decisionFromForm,
  OUTCOME_LABELS,
} from '../decisions/inputs.ts'
import { REQUEST_STATUS_TAGS } from '../decisions/routes.ts'
import { type DecisionSettings, daysWaiting, isOverdue } from '../decisions/settings.ts'
import { readDecisionSettings } from '../decisions/settings-store.ts'
import { can } from '../identity/roles.ts'
import type { CurrentUser } from '../identity/store.ts'
import { personName, readPlan } from '../plans/actions.ts'
import {
  addToAgenda,
  arrangeMeeting,
  decideItem,
  itemOpen,
  mayDecideAtMeeting,
  moveItem,
  panelMembers,
  readMeeting,
  readPanels,
  saveMinutes,
} from './actions.ts'
import {
  agendaBodySchema,
  MEETING_DATE,
  meetingBodySchema,
  meetingFromForm,
  minutesBodySchema,
  moveBodySchema,
  parseMeeting,
} from './inputs.ts'
import type { AgendaRow, StoredMeeting } from './store.ts'

type Form = Record<string, string | string[] | undefined>
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)
const textOf = (form: Form) => Object.fromEntries(Object.entries(form).map(([k, v]) => [k, single(v)]))

const idParams = z.toJSONSchema(z.object({ id: z.uuid() }))
const itemParams = z.toJSONSchema(z.object({ id: z.uuid(), itemId: z.uuid() }))

const OUTCOME_TAGS: Record<string, { text: string; classes: string }> = {
  approve: { text: 'Approved', classes: 'govuk-tag--green' },
  amend: { text: 'Approved at an amended amount', classes: 'govuk-tag--green' },
  refuse: { text: 'Refused', classes: 'govuk-tag--red' },
  defer: { text: 'Deferred', classes: 'govuk-tag--orange' },
  return: { text: 'Returned for changes', classes: 'govuk-tag--grey' },
}

/**
 * Panels: meetings with their members and chair, agendas built from the
 * requests waiting for the panel, the panel's decision on each item with
 * reasons, minutes, and a printable agenda; pages and API.
 */
export async function panelRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const panels = { preHandler: allow('panels') }
  const organise = { preHandler: allow('organisePanels') }
  const decide = { preHandler: allow('decideFunding') }
  const today = () => isoDay(services.now())

  // Pages
  app.get('/panels', { ...panels, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const { meetings, waiting } = await readPanels(database, user)
    const { settings } = await readDecisionSettings(database.db, user.councilId)
    const now = services.now()
    return reply.view('panels/views/panels.njk', {
      title: 'Panels',
      canOrganise: can(user.role, 'organisePanels'),
      escalationDays: settings.escalationDays,
      upcoming: meetings.filter((m) => m.status === 'planned').reverse(),
      past: meetings.filter((m) => m.status === 'held'),
      waiting: waiting.map((r) => {
        const days = daysWaiting(r.submitted_at, now)
        return { ...r, personName: personName(r), daysWaiting: days, overdue: isOverdue(days, settings) }
      }),
    })
  })

  app.get('/panels/new', { ...organise, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    return renderMeetingForm(reply, user, dateInputValues('meetsOn', addDays(today(), 7)), [])
  })

  app.post('/panels/new', { ...organise, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const form = (request.body ?? {}) as Form
    try {
      const meeting = await arrangeMeeting(database, user, meetingFromForm(form))
      return reply.redirect(`/panels/${meeting.id}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const dates = readDateInputs(form, [MEETING_DATE])
      return renderMeetingForm(reply.code(422), user, form, dateInputErrors(dates, error.errors))
    }
  })

  async function renderMeetingForm(
    reply: FastifyReply,
    user: CurrentUser,
    values: Form,
    errors: FieldError[],
  ) {
    const members = await panelMembers(database, user)
    const chosen = new Set(
      Array.isArray(values.memberIds) ? values.memberIds : values.memberIds ? [values.memberIds] : [],
    )
    return reply.view('panels/views/meeting-form.njk', {
      title: 'Arrange a panel meeting',
      breadcrumbs: [{ text: 'Panels', href: '/panels' }],
      errors,
      values: textOf(values),
      chairItems: [
        { value: '', text: 'Choose the chair', selected: !values.chairId },
        ...members.map((m) => ({ value: m.id, text: m.display_name, selected: values.chairId === m.id })),
      ],
      memberItems: members.map((m) => ({ value: m.id, text: m.display_name, checked: chosen.has(m.id) })),
      noMembers: members.length === 0,
    })
  }

  app.get('/panels/:id', { ...panels, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = pathId((request.params as { id: string }).id, 'Panel meeting')
    return renderMeeting(reply, user, id, {}, [])
  })

  async function renderMeeting(
    reply: FastifyReply,
    user: CurrentUser,
    id: string,
    values: Record<string, string | undefined>,
    errors: FieldError[],
    options: { audit?: boolean; flash?: string; chosen?: string[] } = {},
  ) {
    const { meeting, agenda } = await readMeeting(database, user, id, options)
    const { settings } = await readDecisionSettings(database.db, user.councilId)
    const canOrganise = can(user.role, 'organisePanels')
    const member = meeting.members.some((m) => m.id === user.id)
    const { waiting } =
      canOrganise && meeting.status === 'planned' ? await readPanels(database, user) : { waiting: [] }
    const now = services.now()
    return reply.view('panels/views/meeting.njk', {
      ...meetingPage(meeting),
      errors,
      values,
      flash: options.flash,
      canOrganise,
      canDecide: await mayDecideAtMeeting(database, user, id),
      canKeepMinutes: canOrganise || member,
      items: agenda.map((item) => itemView(item, settings, now)),
      addable: waiting
        .filter((r) => r.meeting_id === null)
        .map((r) => {
          const days = daysWaiting(r.submitted_at, now)
          return {
            value: r.id,
            text: personName(r),
            hint: {
              text: `${poundsOf(r.weekly_cost_pence)} a week; waiting ${days} days${isOverdue(days, settings) ? ' (overdue)' : ''}`,
            },
            checked: (options.chosen ?? []).includes(r.id),
          }
        }),
    })
  }

  app.post('/panels/:id/agenda', { ...organise, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = pathId((request.params as { id: string }).id, 'Panel meeting')
    const form = (request.body ?? {}) as Form
    try {
      await addToAgenda(
        database,
        user,
        id,
        { fundingRequestIds: form.fundingRequestIds ?? [], minutes: single(form.preparationMinutes) },
        services.now(),
      )
      return reply.redirect(`/panels/${id}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const errors = error.errors.map((e) =>
        e.field === 'minutes' ? { ...e, field: 'preparationMinutes' } : e,
      )
      const values = { ...textOf(form), fundingRequestIds: undefined }
      return renderMeeting(reply.code(422), user, id, values, errors, {
        audit: false,
        chosen: [form.fundingRequestIds ?? []].flat(),
      })
    }
  })

  app.post('/panels/:id/minutes', { ...panels, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = pathId((request.params as { id: string }).id, 'Panel meeting')
    const form = textOf((request.body ?? {}) as Form)
    try {
      await saveMinutes(database, user, id, { minutes: form.minutes, held: form.held }, services.now())
      return reply.redirect(`/panels/${id}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return renderMeeting(reply.code(422), user, id, form, error.errors, { audit: false })
    }
  })

  app.get('/panels/:id/print', { ...panels, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = pathId((request.params as { id: string }).id, 'Panel meeting')
    const { meeting, agenda } = await readMeeting(database, user, id)
    const { settings } = await readDecisionSettings(database.db, user.councilId)
    return reply.view('panels/views/print.njk', {
      ...meetingPage(meeting),
      title: `Agenda and minutes: panel of ${meeting.meets_on}`,
      items: agenda.map((item) => itemView(item, settings, services.now())),
    })
  })

  app.get('/panels/:id/items/:itemId', { ...panels, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const params = request.params as { id: string; itemId: string }
    const id = pathId(params.id, 'Panel meeting')
    const itemId = pathId(params.itemId, 'Agenda item')
    return renderItem(reply, user, id, itemId, {}, [])
  })

  async function renderItem(
    reply: FastifyReply,
    user: CurrentUser,
    id: string,
    itemId: string,
    values: Record<string, string | undefined>,
    errors: FieldError[],
    options: { audit?: boolean } = {},
  ) {
    const { meeting, agenda } = await readMeeting(database, user, id, { audit: false })
    const item = agenda.find((i) => i.id === itemId)
    if (!item) throw notFound('Agenda item')
    const { plan } = await readPlan(database, user, item.plan_id, { audit: false })
    if (options.audit !== false) {
      await recordAudit(database.db, {
        councilId: user.councilId,
        userId: user.id,
        action: 'read',
        recordType: 'funding_request',
        recordId: item.funding_request_id,
        personId: item.person_id,
        detail: { view: 'panel agenda item', meetingId: id },
      })
    }
    const { settings } = await readDecisionSettings(database.db, user.councilId)
    const { meetings } = can(user.role, 'organisePanels')
      ? await readPanels(database, user)
      : { meetings: [] }
    const view = itemView(item, settings, services.now())
    return reply.view('panels/views/item.njk', {
      ...meetingPage(meeting),
      title: `Panel item: ${view.personName}`,
      breadcrumbs: [
        { text: 'Panels', href: '/panels' },
        { text: `Meeting of ${meeting.meets_on}`, href: `/panels/${meeting.id}` },
      ],
      errors,
      values,
      item: view,
      plan,
      canDecide: view.open && (await mayDecideAtMeeting(database, user, id)),
      canMove: view.open && can(user.role, 'organisePanels'),
      moveItems: [
        { value: '', text: 'Choose a meeting', selected: !values.meetingId },
        ...meetings
          .filter((m) => m.status === 'planned' && m.id !== meeting.id && m.meets_on >= meeting.meets_on)
          .reverse()
          .map((m) => ({
            value: m.id,
            text: `${m.meets_on}${m.starts_at ? ` at ${m.starts_at}` : ''} (chair: ${m.chair_name})`,
            selected: values.meetingId === m.id,
          })),
      ],
      outcomeItems: DECISION_OUTCOMES.map((o) => ({
        value: o,
        text: OUTCOME_LABELS[o],
        checked: values.outcome === o,
      })),
    })
  }

  app.post(
    '/panels/:id/items/:itemId/decision',
    { ...decide, schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const params = request.params as { id: string; itemId: string }
      const id = pathId(params.id, 'Panel meeting')
      const itemId = pathId(params.itemId, 'Agenda item')
      const form = textOf((request.body ?? {}) as Form)
      try {
        await decideItem(database, user, id, itemId, form, services.now(), (body, weekly) =>
          decisionFromForm(body as Record<string, string | undefined>, weekly),
        )
        return reply.redirect(`/panels/${id}`, 303)
      } catch (error) {
        if (!(error instanceof ValidationProblem)) throw error
        return renderItem(reply.code(422), user, id, itemId, form, error.errors, { audit: false })
      }
    },
  )

  app.post(
    '/panels/:id/items/:itemId/move',
    { ...organise, schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const params = request.params as { id: string; itemId: string }
      const id = pathId(params.id, 'Panel meeting')
      const itemId = pathId(params.itemId, 'Agenda item')
      const form = textOf((request.body ?? {}) as Form)
      try {
        const target = await moveItem(database, user, id, itemId, { meetingId: form.meetingId || undefined })
        return reply.redirect(`/panels/${target.id}`, 303)
      } catch (error) {
        if (!(error instanceof ValidationProblem)) throw error
        return renderItem(reply.code(422), user, id, itemId, form, error.errors, { audit: false })
      }
    },
  )

  // API
  app.get(
    '/api/v1/panel-meetings',
    {
      ...panels,
      schema: {
        tags: ['panels'],
        summary: 'Panel meetings (latest first) and the requests waiting for the panel, with days waiting',
      },
    },
    async (request) => {
      const user = currentUser(request)
      const { meetings, waiting } = await readPanels(database, user)
      const { settings } = await readDecisionSettings(database.db, user.councilId)
      const now = services.now()
      return {
        meetings: meetings.map((m) => ({
          id: m.id,
          meetsOn: m.meets_on,
          startsAt: m.starts_at,
          location: m.location,
          status: m.status,
          chair: m.chair_name,
          members: Number(m.members),
          items: Number(m.items),
          decided: Number(m.decided),
        })),
        waiting: waiting.map((r) => {
          const days = daysWaiting(r.submitted_at, now)
          return {
            fundingRequestId: r.id,
            personId: r.person_id,
            planId: r.plan_id,
            status: r.status,
            weeklyCostPence: r.weekly_cost_pence,
            annualCostPence: r.annual_cost_pence,
            submittedAt: r.submitted_at,
            daysWaiting: days,
            overdue: isOverdue(days, settings),
            listedForMeetingId: r.meeting_id,
          }
        }),
      }
    },
  )

  app.post(
    '/api/v1/panel-meetings',
    {
      ...organise,
      schema: {
        tags: ['panels'],
        summary: 'Arrange a panel meeting: date, chair and members (panel members of the council)',
        body: z.toJSONSchema(meetingBodySchema, { io: 'input' }),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const meeting = await arrangeMeeting(database, user, parseMeeting(request.body))
      return reply.code(201).send(meetingJson(meeting, [], null, services.now()))
    },
  )

  app.get(
    '/api/v1/panel-meetings/:id',
    {
      ...panels,
      schema: {
        tags: ['panels'],
        summary: 'A panel meeting with its members, agenda and minutes',
        params: idParams,
      },
    },
    async (request) => {
      const user = currentUser(request)
      const id = pathId((request.params as { id: string }).id, 'Panel meeting')
      const { meeting, agenda } = await readMeeting(database, user, id)
      const { settings } = await readDecisionSettings(database.db, user.councilId)
      return meetingJson(meeting, agenda, settings, services.now())
    },
  )

  app.post(
    '/api/v1/panel-meetings/:id/agenda',
    {
      ...organise,
      schema: {
        tags: ['panels'],
        summary: 'Put requests waiting for the panel on a planned meeting’s agenda (409 once held)',
        params: idParams,
        body: z.toJSONSchema(agendaBodySchema, { io: 'input' }),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const id = pathId((request.params as { id: string }).id, 'Panel meeting')
      await addToAgenda(database, user, id, request.body, services.now())
      const { meeting, agenda } = await readMeeting(database, user, id, { audit: false })
      const { settings } = await readDecisionSettings(database.db, user.councilId)
      return reply.code(201).send(meetingJson(meeting, agenda, settings, services.now()))
    },
  )

  app.post(
    '/api/v1/panel-meetings/:id/agenda/:itemId/move',
    {
      ...organise,
      schema: {
        tags: ['panels'],
        summary: 'Move an undecided item to a later planned meeting',
        params: itemParams,
        body: z.toJSONSchema(moveBodySchema),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const params = request.params as { id: string; itemId: string }
      const id = pathId(params.id, 'Panel meeting')
      const itemId = pathId(params.itemId, 'Agenda item')
      const target = await moveItem(database, user, id, itemId, request.body)
      const { meeting, agenda } = await readMeeting(database, user, target.id, { audit: false })
      const { settings } = await readDecisionSettings(database.db, user.councilId)
      return meetingJson(meeting, agenda, settings, services.now())
    },
  )

  app.post(
    '/api/v1/panel-meetings/:id/agenda/:itemId/decision',
    {
      ...decide,
      schema: {
        tags: ['panels'],
        summary:
          'The panel’s decision on an item, by a member of the meeting: approve, amend, refuse, defer or return, with reasons',
        params: itemParams,
        body: z.toJSONSchema(decisionBodySchema),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const params = request.params as { id: string; itemId: string }
      const id = pathId(params.id, 'Panel meeting')
      const itemId = pathId(params.itemId, 'Agenda item')
      return fundingRequestJson(await decideItem(database, user, id, itemId, request.body, services.now()))
    },
  )

  app.put(
    '/api/v1/panel-meetings/:id/minutes',
    {
      ...panels,
      schema: {
        tags: ['panels'],
        summary: 'Save a meeting’s minutes and mark it held (its members and organisers)',
        params: idParams,
        body: z.toJSONSchema(minutesBodySchema, { io: 'input' }),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const id = pathId((request.params as { id: string }).id, 'Panel meeting')
      await saveMinutes(database, user, id, request.body, services.now())
      const { meeting, agenda } = await readMeeting(database, user, id, { audit: false })
      const { settings } = await readDecisionSettings(database.db, user.councilId)
      return meetingJson(meeting, agenda, settings, services.now())
    },
  )
}

function poundsOf(pence: number): string {
  return (pence / 100).toLocaleString('en-GB', { style: 'currency', currency: 'GBP' })
}

function meetingPage(meeting: StoredMeeting) {
  return {
    title: `Panel meeting: ${meeting.meets_on}`,
    breadcrumbs: [{ text: 'Panels', href: '/panels' }],
    meeting,
    memberNames: meeting.members.map((m) => m.display_name),
  }
}

function itemView(item: AgendaRow, settings: DecisionSettings, now: Date) {
  const open = itemOpen(item)
  const days = daysWaiting(item.submitted_at, now)
  return {
    ...item,
    personName: personName(item),
    open,
    daysWaiting: open ? days : null,
    overdue: open && isOverdue(days, settings),
    outcomeTag: item.outcome
      ? OUTCOME_TAGS[item.outcome]
      : open
        ? { text: 'To consider', classes: 'govuk-tag--yellow' }
        : REQUEST_STATUS_TAGS[item.request_status],
  }
}

function meetingJson(
  meeting: StoredMeeting,
  agenda: AgendaRow[],
  settings: DecisionSettings | null,
  now: Date,
) {
  return {
    id: meeting.id,
    meetsOn: meeting.meets_on,
    startsAt: meeting.starts_at,
    location: meeting.location,
    status: meeting.status,
    chair: { id: meeting.chair_id, name: meeting.chair_name },
    members: meeting.members.map((m) => ({ id: m.id, name: m.display_name })),
    minutes: meeting.minutes,
    heldAt: meeting.held_at,
    agenda: agenda.map((item) => {
      const view = settings ? itemView(item, settings, now) : null
      return {
        id: item.id,
        position: item.position,
        fundingRequestId: item.funding_request_id,
        personId: item.person_id,
        planId: item.plan_id,
        weeklyCostPence: item.weekly_cost_pence,
        annualCostPence: item.annual_cost_pence,
        requestStatus: item.request_status,
        outcome: item.outcome,
        decidedAt: item.decided_at,
        decidedBy: item.decider_name,
        reasons: item.outcome ? item.reasons : null,
        daysWaiting: view?.daysWaiting ?? null,
        overdue: view?.overdue ?? false,
      }
    }),
  }
}
