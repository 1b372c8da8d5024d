import { type Kysely, sql } from 'kysely'
import type { Schema } from '../../schema.ts'

type Db = Kysely<Schema>

/**
 * The council's panel members, who can sit on a meeting and chair it.
 *
 * @example
 * const members = await listPanelMembers(db, user.councilId)
 */
export async function listPanelMembers(db: Db, councilId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('council_id', '=', councilId)
    .where('role', '=', 'panel_member')
    .where('active', '=', true)
    .orderBy('display_name')
    .execute()
}

export interface NewMeeting {
  councilId: string
  meetsOn: string
  startsAt: string | null
  location: string | null
  chairId: string
  memberIds: readonly string[]
  createdBy: string
}

/**
 * Stores a planned meeting with its members (the chair among them).
 *
 * @example
 * const id = await insertMeeting(tx, { councilId, meetsOn: '2026-07-01', chairId, memberIds, ... })
 */
export async function insertMeeting(db: Db, meeting: NewMeeting): Promise<string> {
  const row = await db
    .insertInto('panel_meetings')
    .values({
      council_id: meeting.councilId,
      meets_on: meeting.meetsOn,
      starts_at: meeting.startsAt,
      location: meeting.location,
      chair_id: meeting.chairId,
      created_by: meeting.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const members = [...new Set([meeting.chairId, ...meeting.memberIds])]
  await db
    .insertInto('panel_meeting_members')
    .values(members.map((userId) => ({ meeting_id: row.id, user_id: userId, council_id: meeting.councilId })))
    .execute()
  return row.id
}

/**
 * A meeting of this council with its chair and members; undefined when there is none.
 *
 * @example
 * const meeting = await findMeeting(db, user.councilId, id)
 */
export async function findMeeting(db: Db, councilId: string, id: string) {
  const meeting = await db
    .selectFrom('panel_meetings as m')
    .innerJoin('users as chair', 'chair.id', 'm.chair_id')
    .selectAll('m')
    .select('chair.display_name as chair_name')
    .where('m.council_id', '=', councilId)
    .where('m.id', '=', id)
    .executeTakeFirst()
  if (!meeting) return undefined
  const members = await db
    .selectFrom('panel_meeting_members as pm')
    .innerJoin('users as u', 'u.id', 'pm.user_id')
    .select(['u.id', 'u.display_name'])
    .where('pm.council_id', '=', councilId)
    .where('pm.meeting_id', '=', id)
    .orderBy('u.display_name')
    .execute()
  return { ...meeting, members }
}

export type StoredMeeting = NonNullable<Awaited<ReturnType<typeof findMeeting>>>

/**
 * The council's meetings, latest first, with how many items each has and how many are decided.
 *
 * @example
 * const meetings = await listMeetings(db, user.councilId)
 */
export async function listMeetings(db: Db, councilId: string, limit = 100) {
  return db
    .selectFrom('panel_meetings as m')
    .innerJoin('users as chair', 'chair.id', 'm.chair_id')
    .select([
      'm.id',
      'm.meets_on',
      'm.starts_at',
      'm.location',
      'm.status',
      'chair.display_name as chair_name',
      sql<number>`(SELECT count(*) FROM panel_agenda_items i WHERE i.meeting_id = m.id)`.as('items'),
      sql<number>`(SELECT count(*) FROM panel_agenda_items i WHERE i.meeting_id = m.id AND i.outcome IS NOT NULL)`.as(
        'decided',
      ),
      sql<number>`(SELECT count(*) FROM panel_meeting_members pm WHERE pm.meeting_id = m.id)`.as('members'),
    ])
    .where('m.council_id', '=', councilId)
    .orderBy('m.meets_on', 'desc')
    .orderBy('m.created_at', 'desc')
    .limit(limit)
    .execute()
}

/**
 * A meeting's agenda in order, each item with its request, the person and
 * the request's state.
 *
 * @example
 * const items = await listAgenda(db, user.councilId, meetingId)
 */
export async function listAgenda(db: Db, councilId: string, meetingId: string) {
  return db
    .selectFrom('panel_agenda_items as i')
    .innerJoin('funding_requests as r', 'r.id', 'i.funding_request_id')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .leftJoin('users as decider', 'decider.id', 'i.decided_by')
    .select([
      'i.id',
      'i.position',
      'i.outcome',
      'i.decided_at',
      'i.funding_request_id',
      'decider.display_name as decider_name',
      'r.person_id',
      'r.plan_id',
      'r.status as request_status',
      'r.weekly_cost_pence',
      'r.annual_cost_pence',
      'r.indicative_weekly_pence',
      'r.approved_weekly_pence',
      'r.route_reason',
      'r.submitted_at',
      'p.given_name',
      'p.family_name',
      'p.la_person_id',
      // The reasons the panel gave at this meeting (a request deferred here may be decided at another).
      sql<string | null>`(SELECT s.reasons FROM decision_steps s
        WHERE s.funding_request_id = i.funding_request_id AND s.step <> 'listed'
          AND s.detail ->> 'meetingId' = i.meeting_id::text
        ORDER BY s.id DESC LIMIT 1)`.as('reasons'),
    ])
    .where('i.council_id', '=', councilId)
    .where('i.meeting_id', '=', meetingId)
    .orderBy('i.position')
    .execute()
}

export type AgendaRow = Awaited<ReturnType<typeof listAgenda>>[number]

/**
 * One agenda item of a meeting; undefined when the meeting has no such item.
 *
 * @example
 * const item = await findAgendaItem(db, user.councilId, meetingId, itemId)
 */
export async function findAgendaItem(db: Db, councilId: string, meetingId: string, itemId: string) {
  return db
    .selectFrom('panel_agenda_items')
    .selectAll()
    .where('council_id', '=', councilId)
    .where('meeting_id', '=', meetingId)
    .where('id', '=', itemId)
    .executeTakeFirst()
}

/**
 * Requests waiting for the panel (pending or deferred), oldest first, with
 * the planned meeting each is listed for, if any.
 *
 * @example
 * const waiting = await listWaitingPanelRequests(db, user.councilId)
 */
export async function listWaitingPanelRequests(db: Db, councilId: string) {
  return db
    .selectFrom('funding_requests as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .leftJoin('panel_agenda_items as i', (join) =>
      join.onRef('i.funding_request_id', '=', 'r.id').on('i.outcome', 'is', null),
    )
    .leftJoin('panel_meetings as m', 'm.id', 'i.meeting_id')
    .select([
      'r.id',
      'r.person_id',
      'r.plan_id',
      'r.status',
      'r.weekly_cost_pence',
      'r.annual_cost_pence',
      'r.indicative_weekly_pence',
      'r.route_reason',
      'r.submitted_at',
      'p.given_name',
      'p.family_name',
      'i.meeting_id',
      'm.meets_on',
    ])
    .where('r.council_id', '=', councilId)
    .where('r.route', '=', 'panel')
    .where('r.status', 'in', ['pending', 'deferred'])
    .orderBy('r.submitted_at')
    .limit(500)
    .execute()
}

/**
 * Adds requests to the end of a meeting's agenda, in the order given.
 *
 * @example
 * await insertAgendaItems(tx, councilId, meetingId, [requestId], user.id, now)
 */
export async function insertAgendaItems(
  db: Db,
  councilId: string,
  meetingId: string,
  requestIds: readonly string[],
  userId: string,
  now: Date,
): Promise<{ id: string; funding_request_id: string }[]> {
  const last = await lastPosition(db, meetingId)
  return db
    .insertInto('panel_agenda_items')
    .values(
      requestIds.map((requestId, i) => ({
        council_id: councilId,
        meeting_id: meetingId,
        funding_request_id: requestId,
        position: last + i + 1,
        added_by: userId,
        added_at: now,
      })),
    )
    .returning(['id', 'funding_request_id'])
    .execute()
}

async function lastPosition(db: Db, meetingId: string): Promise<number> {
  const row = await db
    .selectFrom('panel_agenda_items')
    .select((eb) => eb.fn.max<number>('position').as('last'))
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst()
  return Number(row?.last ?? 0)
}

/**
 * Moves an undecided item to the end of another meeting's agenda; false
 * when it was decided (or moved) meanwhile.
 *
 * @example
 * if (!(await moveAgendaItem(tx, councilId, item.id, item.meeting_id, laterMeetingId))) throw conflict('…')
 */
export async function moveAgendaItem(
  db: Db,
  councilId: string,
  itemId: string,
  fromMeetingId: string,
  toMeetingId: string,
): Promise<boolean> {
  const position = (await lastPosition(db, toMeetingId)) + 1
  const row = await db
    .updateTable('panel_agenda_items')
    .set({ meeting_id: toMeetingId, position })
    .where('council_id', '=', councilId)
    .where('id', '=', itemId)
    .where('meeting_id', '=', fromMeetingId)
    .where('outcome', 'is', null)
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Records the panel's outcome on an item; false when it already had one.
 *
 * @example
 * await recordItemOutcome(tx, councilId, item.id, 'approve', user.id, now)
 */
export async function recordItemOutcome(
  db: Db,
  councilId: string,
  itemId: string,
  outcome: NonNullable<Schema['panel_agenda_items']['outcome']>,
  userId: string,
  now: Date,
): Promise<boolean> {
  const row = await db
    .updateTable('panel_agenda_items')
    .set({ outcome, decided_by: userId, decided_at: now })
    .where('council_id', '=', councilId)
    .where('id', '=', itemId)
    .where('outcome', 'is', null)
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Saves a meeting's minutes and, when asked, marks it held.
 *
 * @example
 * await updateMinutes(tx, councilId, meetingId, 'Present: …', true, now)
 */
export async function updateMinutes(
  db: Db,
  councilId: string,
  meetingId: string,
  minutes: string | null,
  held: boolean,
  now: Date,
): Promise<void> {
  await db
    .updateTable('panel_meetings')
    .set(held ? { minutes, status: 'held', held_at: now } : { minutes })
    .where('council_id', '=', councilId)
    .where('id', '=', meetingId)
    .execute()
}

/**
 * The meeting a request is (or was last) listed for, for the request's
 * page; undefined when it never was.
 *
 * @example
 * const listing = await agendaListingFor(db, user.councilId, requestId)
 * listing?.open // true while it waits on that agenda
 */
export async function agendaListingFor(db: Db, councilId: string, requestId: string) {
  const row = await db
    .selectFrom('panel_agenda_items as i')
    .innerJoin('panel_meetings as m', 'm.id', 'i.meeting_id')
    .select(['i.id', 'i.meeting_id', 'i.outcome', 'm.meets_on'])
    .where('i.council_id', '=', councilId)
    .where('i.funding_request_id', '=', requestId)
    .orderBy('i.added_at', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    itemId: row.id,
    meetingId: row.meeting_id,
    meetsOn: row.meets_on,
    outcome: row.outcome,
    open: row.outcome === null,
  }
}

/**
 * Whether a user sits on a meeting's panel.
 *
 * @example
 * if (!(await isMember(tx, meetingId, user.id))) throw forbidden()
 */
export async function isMember(db: Db, meetingId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('panel_meeting_members')
    .select('user_id')
    .where('meeting_id', '=', meetingId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return row !== undefined
}
