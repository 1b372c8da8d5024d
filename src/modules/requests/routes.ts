import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { REQUEST_ROUTES_OF_ACCESS } from '../../kernel/code-lists/cld.ts'
import { dateInputErrors, dateInputValues, readDateInputs } from '../../kernel/date-input.ts'
import { daysBetween, isoDay } from '../../kernel/dates.ts'
import { pathId } from '../../kernel/path-id.ts'
import { type FieldError, ValidationProblem } from '../../kernel/problem.ts'
import { openApiBody } from '../../kernel/validation.ts'
import { can } from '../identity/roles.ts'
import type { CurrentUser } from '../identity/store.ts'
import { personName } from '../people/rules.ts'
import {
  allocate,
  allocationChoices,
  auditedCaseloadReads,
  readPersonForNewRequest,
  readRequest,
  readRequestsForPerson,
  readTeamQueue,
  recordRequest,
  requestJson,
  teamForManager,
  triage,
  workerForManager,
} from './actions.ts'
import {
  allocationSchema,
  newRequestSchema,
  REQUEST_DATE,
  TRIAGE_DATE,
  triageSchema,
  WHAT_WAS_ASKED_MAX,
} from './inputs.ts'
import { closesRequest, requestState, requestStatusText, TRIAGE_OUTCOMES } from './rules.ts'
import type { SupportRequest } from './store.ts'

const idParams = z.toJSONSchema(z.object({ id: z.uuid() }))

/** Banners after a change; keyed so that no input is ever echoed into the page. */
const DONE_MESSAGES: Record<string, string> = {
  recorded: 'Request recorded. It is in the team’s unallocated queue.',
  triaged: 'Triage recorded.',
  closed: 'Triage recorded. The request is closed: no further action.',
  allocated: 'Allocation saved.',
}

/** Requests for support, triage, allocation, caseloads and team queues: pages and API. */
export async function requestRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const readCaseload = auditedCaseloadReads(database.db)
  const today = () => isoDay(services.now())
  const caseWork = { preHandler: allow('caseWork') }
  const allocation = { preHandler: allow('allocate') }
  const params = (request: FastifyRequest) => request.params as Record<string, string>
  const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>

  // ── Pages ────────────────────────────────────────────────────────────────

  app.get('/people/:id/requests/new', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const person = await readPersonForNewRequest(database, user, pathId(params(request).id, 'Person'))
    return newRequestPage(reply, user, person, {
      ...dateInputValues('requestedOn', today()),
      teamId: user.teamId ?? '',
    })
  })

  app.post('/people/:id/requests/new', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const personId = pathId(params(request).id, 'Person')
    const form = body(request)
    const dates = readDateInputs(form, [REQUEST_DATE])
    try {
      const created = await recordRequest(database, user, personId, { ...form, ...dates.values }, today())
      return reply.redirect(`/requests/${created.id}?done=recorded`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const person = await readPersonForNewRequest(database, user, personId, { audit: false })
      return newRequestPage(reply.code(422), user, person, form, dateInputErrors(dates, error.errors))
    }
  })

  async function newRequestPage(
    reply: FastifyReply,
    user: CurrentUser,
    person: { id: string; given_name: string | null; family_name: string | null; la_person_id: string },
    values: Record<string, unknown>,
    errors?: FieldError[],
  ) {
    const { teams } = await allocationChoices(database, user.councilId)
    const name = personName(person)
    return reply.view('requests/views/new-request.njk', {
      title: `Record a request for support for ${name}`,
      breadcrumbs: [
        { text: 'Home', href: '/' },
        { text: 'People', href: '/people' },
        { text: name, href: `/people/${person.id}` },
      ],
      person: { ...person, name },
      values,
      errors,
      routes: REQUEST_ROUTES_OF_ACCESS,
      teams,
      maxLength: WHAT_WAS_ASKED_MAX,
    })
  }

  app.get('/requests/:id', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const found = await readRequest(database, user, pathId(params(request).id, 'Request'))
    const done = String((request.query as { done?: unknown }).done ?? '')
    return requestPage(reply, user, found, { flash: DONE_MESSAGES[done] })
  })

  app.post('/requests/:id/triage', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = pathId(params(request).id, 'Request')
    const form = body(request)
    const dates = readDateInputs(form, [TRIAGE_DATE])
    try {
      const triaged = await triage(database, user, id, { ...form, ...dates.values }, today())
      const done = closesRequest(triaged.triageOutcome ?? '') ? 'closed' : 'triaged'
      return reply.redirect(`/requests/${id}?done=${done}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const found = await readRequest(database, user, id, { audit: false })
      return requestPage(reply.code(422), user, found, {
        errors: dateInputErrors(dates, error.errors),
        triageValues: form,
      })
    }
  })

  app.post('/requests/:id/allocation', { ...allocation, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = pathId(params(request).id, 'Request')
    try {
      await allocate(database, user, id, body(request), services.now())
      return reply.redirect(`/requests/${id}?done=allocated`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const found = await readRequest(database, user, id, { audit: false })
      return requestPage(reply.code(422), user, found, {
        errors: error.errors,
        allocationValues: body(request),
      })
    }
  })

  async function requestPage(
    reply: FastifyReply,
    user: CurrentUser,
    found: SupportRequest,
    extra: {
      flash?: string
      errors?: FieldError[]
      triageValues?: Record<string, unknown>
      allocationValues?: Record<string, unknown>
    },
  ) {
    const state = requestState(found)
    const canAllocate = can(user.role, 'allocate') && state !== 'closed'
    const choices = canAllocate
      ? await allocationChoices(database, user.councilId)
      : { teams: [], workers: [] }
    return reply.view('requests/views/request.njk', {
      title: `Request for support for ${found.personName}`,
      breadcrumbs: [
        { text: 'Home', href: '/' },
        { text: 'People', href: '/people' },
        { text: found.personName, href: `/people/${found.personId}` },
      ],
      request: found,
      state,
      statusText: requestStatusText(found),
      daysOpen: daysBetween(found.requestedOn, found.closedOn ?? today()),
      canTriage: !found.triageOutcome && state !== 'closed',
      canAllocate,
      outcomes: TRIAGE_OUTCOMES,
      triageValues: extra.triageValues ?? dateInputValues('triagedOn', today()),
      allocationValues: extra.allocationValues ?? {
        teamId: found.teamId ?? '',
        workerId: found.workerId ?? '',
      },
      teams: choices.teams,
      workers: choices.workers,
      errors: extra.errors,
      flash: extra.flash,
    })
  }

  app.get('/caseload', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const requests = await readCaseload(user, user.id)
    return reply.view('requests/views/caseload.njk', {
      title: 'My caseload',
      heading: 'My caseload',
      emptyText: 'You have no open requests allocated to you.',
      rows: caseloadRows(requests, today()),
      breadcrumbs: [{ text: 'Home', href: '/' }],
    })
  })

  app.get('/team', { ...allocation, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const query = request.query as { team?: unknown }
    const wanted =
      typeof query.team === 'string' && query.team !== '' ? pathId(query.team, 'Team') : undefined
    const { team, teams } = await teamForManager(database, user, wanted)
    const { queue, workers } = await readTeamQueue(database, user, team.id)
    return reply.view('requests/views/team.njk', {
      title: `${team.name}: allocation queue and caseloads`,
      breadcrumbs: [{ text: 'Home', href: '/' }],
      team,
      teams,
      canPickTeam: user.role === 'head_of_service',
      queue: caseloadRows(queue, today()),
      workers,
    })
  })

  app.get('/team/workers/:userId', { ...allocation, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const worker = await workerForManager(database, user, pathId(params(request).userId, 'Worker'))
    const requests = await readCaseload(user, worker.id)
    const teamLink =
      user.role === 'head_of_service' && worker.team_id ? `/team?team=${worker.team_id}` : '/team'
    return reply.view('requests/views/caseload.njk', {
      title: `${worker.display_name}’s caseload`,
      heading: `${worker.display_name}’s caseload`,
      emptyText: `${worker.display_name} has no open requests.`,
      rows: caseloadRows(requests, today()),
      breadcrumbs: [
        { text: 'Home', href: '/' },
        { text: 'Team', href: teamLink },
      ],
    })
  })

  // ── API ──────────────────────────────────────────────────────────────────

  app.post(
    '/api/v1/people/:id/requests',
    {
      ...caseWork,
      schema: {
        tags: ['requests'],
        summary: 'Record a request for support for a person',
        description:
          'Records the request and its CLD Request event. It goes to the unallocated queue of the chosen team, ' +
          'or of the recorder’s team when none is chosen.',
        params: idParams,
        body: openApiBody(newRequestSchema('2099-12-31')),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const created = await recordRequest(
        database,
        user,
        pathId(params(request).id, 'Person'),
        request.body,
        today(),
      )
      return reply.code(201).send(requestJson(created, today()))
    },
  )

  app.get(
    '/api/v1/people/:id/requests',
    {
      ...caseWork,
      schema: {
        tags: ['requests'],
        summary: 'A person’s requests for support, newest first',
        params: idParams,
      },
    },
    async (request) => {
      const user = currentUser(request)
      const requests = await readRequestsForPerson(database, user, pathId(params(request).id, 'Person'))
      return { requests: requests.map((r) => requestJson(r, today())) }
    },
  )

  app.get(
    '/api/v1/requests/:id',
    { ...caseWork, schema: { tags: ['requests'], summary: 'Read a request for support', params: idParams } },
    async (request) => {
      const user = currentUser(request)
      return requestJson(await readRequest(database, user, pathId(params(request).id, 'Request')), today())
    },
  )

  app.post(
    '/api/v1/requests/:id/triage',
    {
      ...caseWork,
      schema: {
        tags: ['requests'],
        summary: 'Record the triage outcome of a request',
        description:
          'Ends the CLD Request event with the outcome. An NFA outcome closes the request. A request is triaged ' +
          'once: a second triage answers 409.',
        params: idParams,
        body: openApiBody(triageSchema('1900-01-01', '2099-12-31')),
      },
    },
    async (request) => {
      const user = currentUser(request)
      return requestJson(
        await triage(database, user, pathId(params(request).id, 'Request'), request.body, today()),
        today(),
      )
    },
  )

  app.post(
    '/api/v1/requests/:id/allocation',
    {
      ...allocation,
      schema: {
        tags: ['requests'],
        summary: 'Allocate or reallocate a request to a team and a worker in it',
        description: 'Without a worker the request goes to the team’s unallocated queue. Managers only.',
        params: idParams,
        body: openApiBody(allocationSchema),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const id = pathId(params(request).id, 'Request')
      return requestJson(await allocate(database, user, id, request.body, services.now()), today())
    },
  )

  app.get(
    '/api/v1/caseload',
    {
      ...caseWork,
      schema: { tags: ['requests'], summary: 'The signed-in worker’s open allocated requests' },
    },
    async (request) => {
      const user = currentUser(request)
      const requests = await readCaseload(user, user.id)
      return { requests: requests.map((r) => requestJson(r, today())) }
    },
  )

  app.get(
    '/api/v1/teams/:id/queue',
    {
      ...allocation,
      schema: {
        tags: ['requests'],
        summary: 'A team’s unallocated queue (oldest first) and its workers’ caseload counts',
        description: 'Team managers see their own team; heads of service any team of the council.',
        params: idParams,
      },
    },
    async (request) => {
      const user = currentUser(request)
      const { team } = await teamForManager(database, user, pathId(params(request).id, 'Team'))
      const { queue, workers } = await readTeamQueue(database, user, team.id)
      return { team, queue: queue.map((r) => requestJson(r, today())), workers }
    },
  )

  app.get(
    '/api/v1/workers/:id/caseload',
    {
      ...allocation,
      schema: {
        tags: ['requests'],
        summary: 'A worker’s open allocated requests, for their manager',
        params: idParams,
      },
    },
    async (request) => {
      const user = currentUser(request)
      const worker = await workerForManager(database, user, pathId(params(request).id, 'Worker'))
      const requests = await readCaseload(user, worker.id)
      return {
        worker: { id: worker.id, name: worker.display_name, teamId: worker.team_id },
        requests: requests.map((r) => requestJson(r, today())),
      }
    },
  )
}

/** Table rows for a caseload or a queue: oldest first, with days open. */
function caseloadRows(requests: SupportRequest[], today: string) {
  return requests.map((r) => ({
    id: r.id,
    personId: r.personId,
    personName: r.personName,
    laPersonId: r.laPersonId,
    died: r.personDiedOn !== null,
    requestedOn: r.requestedOn,
    routeOfAccess: r.routeOfAccess,
    triageOutcome: r.triageOutcome,
    daysOpen: daysBetween(r.requestedOn, today),
  }))
}
