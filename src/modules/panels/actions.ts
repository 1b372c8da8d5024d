import type { Kysely } from 'kysely'
import type { Database } from '../../kernel/db/connect.ts'
import { conflict, notFound, Problem, ValidationProblem } from '../../kernel/problem.ts'
import { parseInput } from '../../kernel/validation.ts'
import type { Schema } from '../../schema.ts'
import { recordAuditBy } from '../audit/store.ts'
import { decideWithin, oneActivePlan } from '../decisions/actions.ts'
import { type DecisionInput, parseDecision } from '../decisions/inputs.ts'
import { findFundingRequest, recordStep, WAITING } from '../decisions/store.ts'
import { can } from '../identity/roles.ts'
import type { CurrentUser } from '../identity/store.ts'
import { agendaBodySchema, type MeetingInput, minutesBodySchema, moveBodySchema } from './inputs.ts'
import {
  findAgendaItem,
  findMeeting,
  insertAgendaItems,
  insertMeeting,
  isMember,
  listAgenda,
  listMeetings,
  listPanelMembers,
  listWaitingPanelRequests,
  moveAgendaItem,
  recordItemOutcome,
  type StoredMeeting,
  updateMinutes,
} from './store.ts'

/*
 * Panel meetings: arranging them, building their agendas from requests
 * waiting for the panel, the panel's decision on each item (made by the
 * decisions module, in the same transaction as the item's outcome), and
 * minutes. Each change is one transaction with its audit entry.
 */

type Db = Kysely<Schema>

const denied = (detail: string) => new Problem(403, 'You do not have permission to do this', detail)

/**
 * Arranges a meeting: its date, chair and members, all panel members of the
 * council (422 otherwise).
 *
 * @example
 * const meeting = await arrangeMeeting(database, user, { meetsOn: '2026-07-01', chairId, memberIds })
 */
export async function arrangeMeeting(database: Database, user: CurrentUser, input: MeetingInput) {
  return database.db.transaction().execute(async (tx) => {
    const panel = new Set((await listPanelMembers(tx, user.councilId)).map((m) => m.id))
    if (!panel.has(input.chairId)) {
      throw new ValidationProblem([
        { field: 'chairId', message: 'Choose a chair from the council’s panel members' },
      ])
    }
    if (input.memberIds.some((id) => !panel.has(id))) {
      throw new ValidationProblem([
        { field: 'memberIds', message: 'Choose members from the council’s panel members' },
      ])
    }
    const id = await insertMeeting(tx, {
      councilId: user.councilId,
      meetsOn: input.meetsOn,
      startsAt: input.startsAt ?? null,
      location: input.location ?? null,
      chairId: input.chairId,
      memberIds: input.memberIds,
      createdBy: user.id,
    })
    await recordAuditBy(tx, user, {
      action: 'create',
      recordType: 'panel_meeting',
      recordId: id,
      detail: { meetsOn: input.meetsOn, members: new Set([input.chairId, ...input.memberIds]).size },
    })
    return (await findMeeting(tx, user.councilId, id)) as StoredMeeting
  })
}

/**
 * A meeting with its agenda. The agenda names people, so reading it is
 * audited (as a search: it lists several) unless told not to.
 *
 * @example
 * const { meeting, agenda } = await readMeeting(database, user, id)
 */
export async function readMeeting(
  database: Database,
  user: CurrentUser,
  id: string,
  options: { audit?: boolean } = {},
) {
  return database.db.transaction().execute(async (tx) => {
    const meeting = await findMeeting(tx, user.councilId, id)
    if (!meeting) throw notFound('Panel meeting')
    const agenda = await listAgenda(tx, user.councilId, id)
    if (options.audit !== false) {
      await recordAuditBy(tx, user, {
        action: 'search',
        recordType: 'panel_meeting',
        recordId: id,
        detail: { agenda: agenda.length },
      })
    }
    return { meeting, agenda }
  })
}

/**
 * The council's meetings and the requests waiting for the panel (with the
 * meeting each is listed for), audited as a search when any are listed.
 *
 * @example
 * const { meetings, waiting } = await readPanels(database, user)
 */
export async function readPanels(database: Database, user: CurrentUser) {
  return database.db.transaction().execute(async (tx) => {
    const meetings = await listMeetings(tx, user.councilId)
    const waiting = await listWaitingPanelRequests(tx, user.councilId)
    await recordAuditBy(tx, user, {
      action: 'search',
      recordType: 'funding_request',
      detail: { queue: ['panel'], waiting: waiting.length },
    })
    return { meetings, waiting }
  })
}

/** The council's panel members, for the meeting form. */
export async function panelMembers(database: Database, user: CurrentUser) {
  return listPanelMembers(database.db, user.councilId)
}

async function plannedMeeting(tx: Db, user: CurrentUser, id: string) {
  const meeting = await findMeeting(tx, user.councilId, id)
  if (!meeting) throw notFound('Panel meeting')
  if (meeting.status !== 'planned') {
    throw conflict('This meeting has been held: put requests on a later meeting’s agenda')
  }
  return meeting
}

/**
 * Puts requests waiting for the panel on a planned meeting's agenda, each a
 * timed 'listed' step (the panel paper is prepared). A request must be
 * waiting for the panel and on no other agenda (422); a held meeting's
 * agenda is closed (409).
 *
 * @example
 * await addToAgenda(database, user, meetingId, { fundingRequestIds: [requestId], minutes: 45 }, now)
 */
export async function addToAgenda(
  database: Database,
  user: CurrentUser,
  meetingId: string,
  body: unknown,
  now: Date,
) {
  return database.db.transaction().execute(async (tx) => {
    const meeting = await plannedMeeting(tx, user, meetingId)
    const input = parseInput(agendaBodySchema, body)
    const ids = [...new Set(input.fundingRequestIds)]
    const open = new Map(
      (await listWaitingPanelRequests(tx, user.councilId)).map((r) => [r.id, r.meeting_id]),
    )
    const problems = ids.filter((id) => !open.has(id) || open.get(id) !== null)
    if (problems.length) {
      throw new ValidationProblem([
        {
          field: 'fundingRequestIds',
          message: 'Choose requests that are waiting for the panel and not on another agenda',
        },
      ])
    }
    const items = await insertAgendaItems(tx, user.councilId, meeting.id, ids, user.id, now)
    for (const item of items) {
      const request = await findFundingRequest(tx, user.councilId, item.funding_request_id)
      if (!request) throw notFound('Funding request')
      await recordStep(tx, {
        councilId: user.councilId,
        requestId: request.id,
        personId: request.person_id,
        step: 'listed',
        level: 'panel',
        at: now,
        userId: user.id,
        minutes: input.minutes ?? null,
        detail: { meetingId: meeting.id, meetsOn: meeting.meets_on },
      })
      await recordAuditBy(tx, user, {
        action: 'update',
        recordType: 'funding_request',
        recordId: request.id,
        personId: request.person_id,
        detail: { listedFor: meeting.id, meetsOn: meeting.meets_on },
      })
    }
    return items
  })
}

/**
 * Moves an undecided item to another planned meeting on the same day or
 * later (422 otherwise); a decided item stays (409).
 *
 * @example
 * await moveItem(database, user, meetingId, itemId, { meetingId: laterMeetingId })
 */
export async function moveItem(
  database: Database,
  user: CurrentUser,
  meetingId: string,
  itemId: string,
  body: unknown,
) {
  return database.db.transaction().execute(async (tx) => {
    const meeting = await findMeeting(tx, user.councilId, meetingId)
    if (!meeting) throw notFound('Panel meeting')
    const item = await findAgendaItem(tx, user.councilId, meetingId, itemId)
    if (!item) throw notFound('Agenda item')
    if (item.outcome !== null)
      throw conflict('The panel has decided this item: it stays on this meeting’s minutes')
    const { meetingId: toId } = parseInput(moveBodySchema, body)
    const target = await findMeeting(tx, user.councilId, toId)
    if (
      !target ||
      target.id === meeting.id ||
      target.status !== 'planned' ||
      target.meets_on < meeting.meets_on
    ) {
      throw new ValidationProblem([
        { field: 'meetingId', message: 'Choose a later planned meeting to move it to' },
      ])
    }
    if (!(await moveAgendaItem(tx, user.councilId, item.id, meeting.id, target.id))) {
      throw conflict('The item was decided or moved meanwhile: reload the page')
    }
    const request = await findFundingRequest(tx, user.councilId, item.funding_request_id)
    await recordAuditBy(tx, user, {
      action: 'update',
      recordType: 'funding_request',
      recordId: item.funding_request_id,
      personId: request?.person_id ?? null,
      detail: { movedFrom: meeting.id, movedTo: target.id, meetsOn: target.meets_on },
    })
    return target
  })
}

/**
 * A member of the meeting's panel records the panel's decision on an item,
 * with reasons: the decisions module decides the request (its rules, its
 * step, the plan taking effect) and the item keeps the outcome, in one
 * transaction. Someone not sitting on this meeting may not (403); an item
 * already decided answers 409. A deferred request waits for a later agenda.
 *
 * @example
 * await decideItem(database, user, meetingId, itemId, { outcome: 'refuse', reasons: '…' }, now)
 */
export async function decideItem(
  database: Database,
  user: CurrentUser,
  meetingId: string,
  itemId: string,
  body: unknown,
  now: Date,
  parse: (body: unknown, planWeeklyPence: number) => DecisionInput = parseDecision,
) {
  return oneActivePlan(
    database.db.transaction().execute(async (tx) => {
      const meeting = await findMeeting(tx, user.councilId, meetingId)
      if (!meeting) throw notFound('Panel meeting')
      const item = await findAgendaItem(tx, user.councilId, meetingId, itemId)
      if (!item) throw notFound('Agenda item')
      if (!(await isMember(tx, meetingId, user.id))) {
        throw denied('Only a member of this meeting’s panel can record its decisions')
      }
      if (item.outcome !== null) {
        throw conflict('The panel has already decided this item: the decision stands and nothing was changed')
      }
      const { request, decision } = await decideWithin(tx, user, item.funding_request_id, body, now, {
        parse,
        stepDetail: { meetingId },
      })
      if (!(await recordItemOutcome(tx, user.councilId, item.id, decision.outcome, user.id, now))) {
        throw conflict('The panel has already decided this item: the decision stands and nothing was changed')
      }
      return request
    }),
  )
}

/**
 * Saves a meeting's minutes and, when asked, marks it held. The council's
 * organisers and the meeting's own members may (403 for others).
 *
 * @example
 * await saveMinutes(database, user, meetingId, { minutes: 'Present: …', held: true }, now)
 */
export async function saveMinutes(
  database: Database,
  user: CurrentUser,
  meetingId: string,
  body: unknown,
  now: Date,
) {
  return database.db.transaction().execute(async (tx) => {
    const meeting = await findMeeting(tx, user.councilId, meetingId)
    if (!meeting) throw notFound('Panel meeting')
    if (!can(user.role, 'organisePanels') && !(await isMember(tx, meetingId, user.id))) {
      throw denied('Only the meeting’s members and those who organise panels can keep its minutes')
    }
    const input = parseInput(minutesBodySchema, body)
    await updateMinutes(tx, user.councilId, meetingId, input.minutes ?? null, input.held, now)
    await recordAuditBy(tx, user, {
      action: 'update',
      recordType: 'panel_meeting',
      recordId: meetingId,
      detail: { minutes: input.minutes ? 'saved' : 'cleared', held: input.held || meeting.status === 'held' },
    })
    return (await findMeeting(tx, user.councilId, meetingId)) as StoredMeeting
  })
}

/** Whether a user may record decisions on this meeting's items (for showing the forms). */
export async function mayDecideAtMeeting(database: Database, user: CurrentUser, meetingId: string) {
  return user.role === 'panel_member' && (await isMember(database.db, meetingId, user.id))
}

/** Whether a request's item is still for the panel to decide (waiting, not decided elsewhere). */
export const itemOpen = (item: { outcome: string | null; request_status: string }) =>
  item.outcome === null && (WAITING as string[]).includes(item.request_status)
