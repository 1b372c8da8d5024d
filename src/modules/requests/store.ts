import { type Kysely, sql } from 'kysely'
import type { Schema } from '../../schema.ts'
import { personName } from '../people/rules.ts'

type Db = Kysely<Schema>

/** A request for support as the pages and the API show it. */
export interface SupportRequest {
  id: string
  personId: string
  personName: string
  laPersonId: string
  /** When the person died: a death a CLD import brought leaves their requests open until a practitioner ends them. */
  personDiedOn: string | null
  requestedOn: string
  routeOfAccess: string
  whatWasAsked: string
  triageOutcome: string | null
  triagedOn: string | null
  teamId: string | null
  teamName: string | null
  workerId: string | null
  workerName: string | null
  allocatedAt: Date | null
  closedOn: string | null
  createdBy: string | null
  createdByName: string | null
  createdAt: Date
}

export interface NewSupportRequest {
  councilId: string
  personId: string
  requestedOn: string
  routeOfAccess: string
  whatWasAsked: string
  teamId: string | null
  createdBy: string
}

const requestColumns = (db: Db) =>
  db
    .selectFrom('support_requests as r')
    .innerJoin('people as p', (join) =>
      join.onRef('p.id', '=', 'r.person_id').onRef('p.council_id', '=', 'r.council_id'),
    )
    .leftJoin('teams as t', 't.id', 'r.team_id')
    .leftJoin('users as w', 'w.id', 'r.worker_id')
    .leftJoin('users as c', 'c.id', 'r.created_by')
    .select([
      'r.id',
      'r.person_id',
      'p.given_name',
      'p.family_name',
      'p.la_person_id',
      'p.date_of_death as person_died_on',
      'r.requested_on',
      'r.route_of_access',
      'r.what_was_asked',
      'r.triage_outcome',
      'r.triaged_on',
      'r.team_id',
      't.name as team_name',
      'r.worker_id',
      'w.display_name as worker_name',
      'r.allocated_at',
      'r.closed_on',
      'r.created_by',
      'c.display_name as created_by_name',
      'r.created_at',
      'r.council_id',
    ])

const requestQuery = (db: Db, councilId: string) => requestColumns(db).where('r.council_id', '=', councilId)

type RequestRow = Awaited<ReturnType<ReturnType<typeof requestQuery>['executeTakeFirstOrThrow']>>

const toRequest = (row: RequestRow): SupportRequest => ({
  id: row.id,
  personId: row.person_id,
  personName: personName(row),
  laPersonId: row.la_person_id,
  personDiedOn: row.person_died_on,
  requestedOn: row.requested_on,
  routeOfAccess: row.route_of_access,
  whatWasAsked: row.what_was_asked,
  triageOutcome: row.triage_outcome,
  triagedOn: row.triaged_on,
  teamId: row.team_id,
  teamName: row.team_name,
  workerId: row.worker_id,
  workerName: row.worker_name,
  allocatedAt: row.allocated_at,
  closedOn: row.closed_on,
  createdBy: row.created_by,
  createdByName: row.created_by_name,
  createdAt: row.created_at,
})

/**
 * Inserts a request for support and returns its id. The caller records the
 * CLD Request event and the audit entry in the same transaction.
 *
 * @example
 * const id = await insertRequest(tx, { councilId, personId, requestedOn: '2026-06-01',
 *   routeOfAccess: 'Community / Other route', whatWasAsked: 'Help with washing', teamId, createdBy: user.id })
 */
export async function insertRequest(db: Db, request: NewSupportRequest): Promise<string> {
  const row = await db
    .insertInto('support_requests')
    .values({
      council_id: request.councilId,
      person_id: request.personId,
      requested_on: request.requestedOn,
      route_of_access: request.routeOfAccess,
      what_was_asked: request.whatWasAsked,
      team_id: request.teamId,
      created_by: request.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/**
 * One request of a council, or undefined (also for another council's request).
 * With `forUpdate` the row is locked until the transaction ends, so two
 * triages or allocations of the same request cannot interleave.
 *
 * @example
 * const request = await findRequest(db, user.councilId, id)
 */
export async function findRequest(
  db: Db,
  councilId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<SupportRequest | undefined> {
  let query = requestQuery(db, councilId).where('r.id', '=', id)
  if (options.forUpdate) query = query.forUpdate('r')
  const row = await query.executeTakeFirst()
  return row ? toRequest(row) : undefined
}

/**
 * A person's requests, newest first, for their record and timeline.
 *
 * @example
 * const requests = await listRequestsForPerson(db, user.councilId, personId)
 */
export async function listRequestsForPerson(
  db: Db,
  councilId: string,
  personId: string,
): Promise<SupportRequest[]> {
  const rows = await requestQuery(db, councilId)
    .where('r.person_id', '=', personId)
    .orderBy('r.requested_on', 'desc')
    .orderBy('r.created_at', 'desc')
    .execute()
  return rows.map(toRequest)
}

/**
 * Records the triage outcome of a request that has none yet. Returns false when
 * it was already triaged or closed (nothing is changed then).
 *
 * @example
 * await triageRequest(tx, user.councilId, id, { outcome: 'Progress to assessment, review or reassessment', triagedOn: '2026-06-02' })
 */
export async function triageRequest(
  db: Db,
  councilId: string,
  id: string,
  triage: { outcome: string; triagedOn: string },
): Promise<boolean> {
  const result = await db
    .updateTable('support_requests')
    .set({ triage_outcome: triage.outcome, triaged_on: triage.triagedOn })
    .where('council_id', '=', councilId)
    .where('id', '=', id)
    .where('triage_outcome', 'is', null)
    .where('closed_on', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/**
 * Allocates an open request to a team and, optionally, a worker in it. With no
 * worker the request waits in that team's queue.
 *
 * @example
 * await allocateRequest(tx, user.councilId, id, { teamId, workerId, at: new Date() })
 */
export async function allocateRequest(
  db: Db,
  councilId: string,
  id: string,
  allocation: { teamId: string; workerId: string | null; at: Date },
): Promise<void> {
  await db
    .updateTable('support_requests')
    .set({
      team_id: allocation.teamId,
      worker_id: allocation.workerId,
      allocated_at: allocation.workerId ? allocation.at : null,
    })
    .where('council_id', '=', councilId)
    .where('id', '=', id)
    .where('closed_on', 'is', null)
    .execute()
}

/**
 * Closes a request: the work it started is done (an NFA triage outcome, or
 * the assessment it led to completed). It leaves the worker's caseload.
 *
 * @example
 * await closeRequest(tx, user.councilId, requestId, '2026-06-15')
 */
export async function closeRequest(db: Db, councilId: string, requestId: string, on: string): Promise<void> {
  await db
    .updateTable('support_requests')
    .set({ closed_on: on })
    .where('council_id', '=', councilId)
    .where('id', '=', requestId)
    .where('closed_on', 'is', null)
    .execute()
}

/**
 * Reopens a closed request (a death recorded in error, or on another day,
 * closed it), given its triage as it was before (none, or the one it had)
 * when that changed too.
 *
 * @example
 * await reopenRequest(tx, councilId, requestId, { triageOutcome: null, triagedOn: null })
 */
export async function reopenRequest(
  db: Db,
  councilId: string,
  requestId: string,
  triage?: { triageOutcome: string | null; triagedOn: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('support_requests')
    .set({
      closed_on: null,
      ...(triage ? { triage_outcome: triage.triageOutcome, triaged_on: triage.triagedOn } : {}),
    })
    .where('council_id', '=', councilId)
    .where('id', '=', requestId)
    .where('closed_on', 'is not', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/**
 * Workers' caseloads (each their open allocated requests, oldest first), one
 * list per key in the keys' order: several at once, so that caseload pages
 * asked for together share a statement.
 *
 * @example
 * const [mine, theirs] = await listCaseloads(db, [{ councilId, workerId: me }, { councilId, workerId: them }])
 */
export async function listCaseloads(
  db: Db,
  keys: readonly { councilId: string; workerId: string }[],
): Promise<SupportRequest[][]> {
  if (keys.length === 0) return []
  const rows = await requestColumns(db)
    .where('r.council_id', 'in', [...new Set(keys.map((key) => key.councilId))])
    .where('r.worker_id', 'in', [...new Set(keys.map((key) => key.workerId))])
    .where('r.closed_on', 'is', null)
    .orderBy('r.requested_on')
    .orderBy('r.created_at')
    .execute()
  return keys.map((key) =>
    rows.filter((row) => row.worker_id === key.workerId && row.council_id === key.councilId).map(toRequest),
  )
}

/**
 * A team's unallocated queue: open requests with the team and no worker,
 * oldest first, so the longest wait is seen first.
 *
 * @example
 * const queue = await listTeamQueue(db, user.councilId, teamId)
 */
export async function listTeamQueue(db: Db, councilId: string, teamId: string): Promise<SupportRequest[]> {
  const rows = await requestQuery(db, councilId)
    .where('r.team_id', '=', teamId)
    .where('r.worker_id', 'is', null)
    .where('r.closed_on', 'is', null)
    .orderBy('r.requested_on')
    .orderBy('r.created_at')
    .execute()
  return rows.map(toRequest)
}

/**
 * How many open requests wait in a team's queue (as `listTeamQueue` lists them).
 *
 * @example
 * const waiting = await unallocatedCount(db, user.councilId, teamId) // 4
 */
export async function unallocatedCount(db: Db, councilId: string, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('support_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('council_id', '=', councilId)
    .where('team_id', '=', teamId)
    .where('worker_id', 'is', null)
    .where('closed_on', 'is', null)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/**
 * Open allocated requests per worker of a council, for caseload counts.
 *
 * @example
 * const counts = await openCaseloadCounts(db, user.councilId) // Map { userId → 3 }
 */
export async function openCaseloadCounts(db: Db, councilId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('support_requests')
    .select(['worker_id', sql<number>`count(*)::int`.as('open')])
    .where('council_id', '=', councilId)
    .where('worker_id', 'is not', null)
    .where('closed_on', 'is', null)
    .groupBy('worker_id')
    .execute()
  return new Map(rows.map((row) => [row.worker_id as string, Number(row.open)]))
}
