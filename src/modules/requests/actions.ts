import type { Kysely } from 'kysely'
import { daysBetween } from '../../kernel/dates.ts'
import { coalesce } from '../../kernel/db/coalesce.ts'
import type { Database } from '../../kernel/db/connect.ts'
import { conflict, type FieldError, forbidden, notFound, ValidationProblem } from '../../kernel/problem.ts'
import { parseInput } from '../../kernel/validation.ts'
import type { Schema } from '../../schema.ts'
import { auditAppender, recordAuditBy } from '../audit/store.ts'
import { recordEvent, updateEventForRecord } from '../events/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { listTeams, listWorkers } from '../identity/store.ts'
import { personForUser } from '../people/store.ts'
import { allocationSchema, newRequestSchema, triageSchema } from './inputs.ts'
import { closesRequest, requestState, requestStatusText } from './rules.ts'
import {
  allocateRequest,
  closeRequest,
  findRequest,
  insertRequest,
  listCaseloads,
  listRequestsForPerson,
  listTeamQueue,
  openCaseloadCounts,
  type SupportRequest,
  triageRequest,
} from './store.ts'

type Db = Kysely<Schema>

/*
 * What pages and the API both do with requests. Each change is one
 * transaction holding the change, its CLD event and its audit entry; each read
 * of someone's records is audited.
 */

/**
 * Records a request for support for a person of the user's council, with its
 * CLD Request event. It goes to the chosen team's queue, else the recorder's.
 *
 * @example
 * const request = await recordRequest(database, user, personId, body, '2026-06-15')
 */
export async function recordRequest(
  database: Database,
  user: CurrentUser,
  personId: string,
  input: unknown,
  today: string,
): Promise<SupportRequest> {
  return database.db.transaction().execute(async (tx) => {
    const person = await personForUser(tx, user, personId)
    const body = parseInput(newRequestSchema(today), input)
    const teamId = body.teamId ?? user.teamId
    if (!teamId)
      throw new ValidationProblem([{ field: 'teamId', message: 'Choose the team whose queue it goes to' }])
    if (body.teamId) {
      const teams = await listTeams(tx, user.councilId)
      if (!teams.some((team) => team.id === body.teamId)) {
        throw new ValidationProblem([{ field: 'teamId', message: 'Choose a team from the list' }])
      }
    }
    const id = await insertRequest(tx, {
      councilId: user.councilId,
      personId,
      requestedOn: body.requestedOn,
      routeOfAccess: body.routeOfAccess,
      whatWasAsked: body.whatWasAsked,
      teamId,
      createdBy: user.id,
    })
    await recordEvent(tx, {
      council_id: user.councilId,
      person_id: personId,
      client_type: person.client_type,
      event_type: 'Request',
      event_start_on: body.requestedOn,
      request_route_of_access: body.routeOfAccess,
      source_record_id: id,
    })
    await recordAuditBy(tx, user, {
      action: 'create',
      recordType: 'request',
      recordId: id,
      personId,
      detail: { requestedOn: body.requestedOn, routeOfAccess: body.routeOfAccess, teamId },
    })
    return (await findRequest(tx, user.councilId, id)) as SupportRequest
  })
}

/**
 * Reads one request, auditing the read unless told not to (a form shown again
 * after a mistake is not a new read).
 *
 * @example
 * const request = await readRequest(database, user, id)
 */
export async function readRequest(
  database: Database,
  user: CurrentUser,
  id: string,
  options: { audit?: boolean } = {},
): Promise<SupportRequest> {
  return database.db.transaction().execute(async (tx) => {
    const request = await findRequest(tx, user.councilId, id)
    if (!request) throw notFound('Request')
    if (options.audit !== false) {
      await recordAuditBy(tx, user, {
        action: 'read',
        recordType: 'request',
        recordId: id,
        personId: request.personId,
      })
    }
    return request
  })
}

/**
 * The person a new request is for, auditing the read.
 *
 * @example
 * const person = await readPersonForNewRequest(database, user, personId)
 */
export async function readPersonForNewRequest(
  database: Database,
  user: CurrentUser,
  personId: string,
  options: { audit?: boolean } = {},
) {
  return database.db.transaction().execute(async (tx) => {
    const person = await personForUser(tx, user, personId)
    if (options.audit !== false) {
      await recordAuditBy(tx, user, {
        action: 'read',
        recordType: 'person',
        recordId: personId,
        personId,
        detail: { view: 'new request' },
      })
    }
    return person
  })
}

/**
 * A person's requests, newest first, auditing the read.
 *
 * @example
 * const requests = await readRequestsForPerson(database, user, personId)
 */
export async function readRequestsForPerson(database: Database, user: CurrentUser, personId: string) {
  return database.db.transaction().execute(async (tx) => {
    await personForUser(tx, user, personId)
    const requests = await listRequestsForPerson(tx, user.councilId, personId)
    await recordAuditBy(tx, user, {
      action: 'read',
      recordType: 'request',
      personId,
      detail: { list: requests.length },
    })
    return requests
  })
}

/**
 * Records the triage of a request: its outcome ends the CLD Request event; an
 * NFA outcome also closes the request. A request is triaged once (409 after).
 *
 * @example
 * await triage(database, user, id, { triageOutcome: 'NFA: Support declined', triagedOn: '2026-06-02' }, today)
 */
export async function triage(
  database: Database,
  user: CurrentUser,
  id: string,
  input: unknown,
  today: string,
): Promise<SupportRequest> {
  return database.db.transaction().execute(async (tx) => {
    const request = await findRequest(tx, user.councilId, id, { forUpdate: true })
    if (!request) throw notFound('Request')
    if (request.triageOutcome) {
      throw conflict('This request has already been triaged', { triageOutcome: request.triageOutcome })
    }
    if (request.closedOn) throw conflict('This request is closed', { closedOn: request.closedOn })
    const body = parseInput(triageSchema(request.requestedOn, today), input)
    const changed = await triageRequest(tx, user.councilId, id, {
      outcome: body.triageOutcome,
      triagedOn: body.triagedOn,
    })
    if (!changed) throw conflict('This request has already been triaged')
    await updateEventForRecord(tx, user.councilId, id, {
      event_end_on: body.triagedOn,
      event_outcome: body.triageOutcome,
    })
    const closes = closesRequest(body.triageOutcome)
    if (closes) await closeRequest(tx, user.councilId, id, body.triagedOn)
    await recordAuditBy(tx, user, {
      action: 'update',
      recordType: 'request',
      recordId: id,
      personId: request.personId,
      detail: {
        change: 'triage',
        triageOutcome: body.triageOutcome,
        triagedOn: body.triagedOn,
        closed: closes,
      },
    })
    return (await findRequest(tx, user.councilId, id)) as SupportRequest
  })
}

/**
 * Allocates (or reallocates) an open request to a team and a worker of that
 * team in the user's council. With no worker it goes to the team's queue.
 *
 * @example
 * await allocate(database, user, id, { teamId, workerId }, new Date())
 */
export async function allocate(
  database: Database,
  user: CurrentUser,
  id: string,
  input: unknown,
  now: Date,
): Promise<SupportRequest> {
  return database.db.transaction().execute(async (tx) => {
    const request = await findRequest(tx, user.councilId, id, { forUpdate: true })
    if (!request) throw notFound('Request')
    if (request.closedOn)
      throw conflict('This request is closed: it cannot be allocated', { closedOn: request.closedOn })
    const body = parseInput(allocationSchema, input)
    const teams = await listTeams(tx, user.councilId)
    const workers = await listWorkers(tx, user.councilId)
    const errors: FieldError[] = []
    const teamKnown = teams.some((team) => team.id === body.teamId)
    if (!teamKnown) errors.push({ field: 'teamId', message: 'Choose a team from the list' })
    if (body.workerId || !teamKnown) {
      const worker = workers.find((w) => w.id === body.workerId)
      if (!teamKnown || !worker || worker.team_id !== body.teamId) {
        errors.push({ field: 'workerId', message: 'Choose a worker in this team' })
      }
    }
    if (errors.length) throw new ValidationProblem(errors)
    const workerId = body.workerId ?? null
    await allocateRequest(tx, user.councilId, id, { teamId: body.teamId, workerId, at: now })
    await recordAuditBy(tx, user, {
      action: 'update',
      recordType: 'request',
      recordId: id,
      personId: request.personId,
      detail: {
        change: request.workerId ? 'reallocation' : 'allocation',
        teamId: body.teamId,
        workerId,
        previousTeamId: request.teamId,
        previousWorkerId: request.workerId,
      },
    })
    return (await findRequest(tx, user.councilId, id)) as SupportRequest
  })
}

/**
 * Reads of workers' caseloads, each audited before it is answered; reads
 * arriving together share their statements (see kernel/db/coalesce.ts). Made
 * once per app.
 *
 * @example
 * const readCaseload = auditedCaseloadReads(database.db)
 * const caseload = await readCaseload(user, user.id)
 */
export function auditedCaseloadReads(db: Db) {
  const appendAudit = auditAppender(db)
  const caseload = coalesce((keys: readonly { councilId: string; workerId: string }[]) =>
    listCaseloads(db, keys),
  )
  // No transaction: the audit entry is written before anything is shown (see people/audited-reads.ts).
  return async (user: CurrentUser, workerId: string) => {
    const requests = await caseload({ councilId: user.councilId, workerId })
    await appendAudit([
      {
        councilId: user.councilId,
        userId: user.id,
        action: 'read',
        recordType: 'caseload',
        recordId: workerId,
        detail: { requests: requests.length },
      },
    ])
    return requests
  }
}

/**
 * A worker a manager may look at: in the council (else 404) and, for a team
 * manager, in their own team (else 403).
 *
 * @example
 * const worker = await workerForManager(database, user, workerId)
 */
export async function workerForManager(database: Database, user: CurrentUser, workerId: string) {
  const worker = (await listWorkers(database.db, user.councilId)).find((w) => w.id === workerId)
  if (!worker) throw notFound('Worker')
  if (user.role === 'team_manager' && worker.team_id !== user.teamId) throw forbidden()
  return worker
}

/**
 * The team a manager may look at: a team manager their own team only, a head
 * of service any team of the council (their own, or the first, by default).
 *
 * @example
 * const team = await teamForManager(database, user, query.team)
 */
export async function teamForManager(database: Database, user: CurrentUser, teamId: string | undefined) {
  const teams = await listTeams(database.db, user.councilId)
  const wanted = teamId ?? user.teamId ?? (user.role === 'head_of_service' ? teams[0]?.id : undefined)
  const team = teams.find((t) => t.id === wanted)
  if (!team) throw notFound('Team')
  if (user.role !== 'head_of_service' && team.id !== user.teamId) throw forbidden()
  return { team, teams }
}

/**
 * A team's unallocated queue and each of its workers' open caseload count,
 * auditing the read.
 *
 * @example
 * const { queue, workers } = await readTeamQueue(database, user, team.id)
 */
export async function readTeamQueue(database: Database, user: CurrentUser, teamId: string) {
  return database.db.transaction().execute(async (tx) => {
    const queue = await listTeamQueue(tx, user.councilId, teamId)
    const counts = await openCaseloadCounts(tx, user.councilId)
    const workers = (await listWorkers(tx, user.councilId))
      .filter((w) => w.team_id === teamId)
      .map((w) => ({ id: w.id, name: w.display_name, role: w.role, openRequests: counts.get(w.id) ?? 0 }))
    await recordAuditBy(tx, user, {
      action: 'read',
      recordType: 'team-queue',
      recordId: teamId,
      detail: { requests: queue.length },
    })
    return { queue, workers }
  })
}

/** The workers of a council with their team's name, for the allocation form. */
export async function allocationChoices(database: Database, councilId: string) {
  const teams = await listTeams(database.db, councilId)
  const teamNames = new Map(teams.map((t) => [t.id, t.name]))
  const workers = (await listWorkers(database.db, councilId))
    .filter((w) => w.team_id)
    .map((w) => ({
      id: w.id,
      name: w.display_name,
      teamId: w.team_id,
      teamName: teamNames.get(w.team_id ?? '') ?? '',
    }))
  return { teams, workers }
}

/**
 * A request as the API gives it: camelCase, with its state and how long it
 * has been open.
 *
 * @example
 * reply.code(201).send(requestJson(request, today))
 */
export function requestJson(request: SupportRequest, today: string) {
  return {
    id: request.id,
    personId: request.personId,
    personName: request.personName,
    requestedOn: request.requestedOn,
    routeOfAccess: request.routeOfAccess,
    whatWasAsked: request.whatWasAsked,
    triageOutcome: request.triageOutcome,
    triagedOn: request.triagedOn,
    teamId: request.teamId,
    teamName: request.teamName,
    workerId: request.workerId,
    workerName: request.workerName,
    allocatedAt: request.allocatedAt,
    closedOn: request.closedOn,
    status: requestState(request),
    statusText: requestStatusText(request),
    daysOpen: daysBetween(request.requestedOn, request.closedOn ?? today),
    createdBy: request.createdBy,
    createdAt: request.createdAt,
  }
}
