import type { Kysely } from 'kysely'
import type { Schema } from '../../schema.ts'
import { personName } from '../people/rules.ts'

type Db = Kysely<Schema>

/** A reablement episode with its person and its at-home check, as pages and the API read it. */
export interface StoredEpisode {
  id: string
  personId: string
  personName: string
  laPersonId: string
  /** When the person died: a death a CLD import brought leaves their reablement open until a practitioner ends it. */
  personDiedOn: string | null
  requestId: string | null
  startedOn: string
  plannedEndOn: string | null
  provider: string | null
  dischargedOn: string | null
  endedOn: string | null
  sequel: string | null
  eventOutcome: string | null
  createdBy: string
  createdByName: string | null
  createdAt: Date
  endedByName: string | null
  endedAt: Date | null
  check: {
    dueOn: string
    result: string | null
    checkedOn: string | null
    checkedByName: string | null
  } | null
}

const episodeQuery = (db: Db, councilId: string) =>
  db
    .selectFrom('reablement_episodes as e')
    .innerJoin('people as p', (join) =>
      join.onRef('p.id', '=', 'e.person_id').onRef('p.council_id', '=', 'e.council_id'),
    )
    .leftJoin('at_home_checks as c', 'c.episode_id', 'e.id')
    .leftJoin('users as cb', 'cb.id', 'e.created_by')
    .leftJoin('users as eb', 'eb.id', 'e.ended_by')
    .leftJoin('users as kb', 'kb.id', 'c.checked_by')
    .select([
      'e.id',
      'e.person_id',
      'p.given_name',
      'p.family_name',
      'p.la_person_id',
      'p.date_of_death as person_died_on',
      'e.request_id',
      'e.started_on',
      'e.planned_end_on',
      'e.provider',
      'e.discharged_on',
      'e.ended_on',
      'e.sequel',
      'e.event_outcome',
      'e.created_by',
      'cb.display_name as created_by_name',
      'e.created_at',
      'eb.display_name as ended_by_name',
      'e.ended_at',
      'c.due_on',
      'c.result',
      'c.checked_on',
      'kb.display_name as checked_by_name',
    ])
    .where('e.council_id', '=', councilId)

type EpisodeRow = Awaited<ReturnType<ReturnType<typeof episodeQuery>['executeTakeFirstOrThrow']>>

const toEpisode = (row: EpisodeRow): StoredEpisode => ({
  id: row.id,
  personId: row.person_id,
  personName: personName(row),
  laPersonId: row.la_person_id,
  personDiedOn: row.person_died_on,
  requestId: row.request_id,
  startedOn: row.started_on,
  plannedEndOn: row.planned_end_on,
  provider: row.provider,
  dischargedOn: row.discharged_on,
  endedOn: row.ended_on,
  sequel: row.sequel,
  eventOutcome: row.event_outcome,
  createdBy: row.created_by,
  createdByName: row.created_by_name,
  createdAt: row.created_at,
  endedByName: row.ended_by_name,
  endedAt: row.ended_at,
  check: row.due_on
    ? { dueOn: row.due_on, result: row.result, checkedOn: row.checked_on, checkedByName: row.checked_by_name }
    : null,
})

/** A person's name, or words saying it is not recorded (people a CLD file brought have none). */
export { personName }

/**
 * One episode of a council, or undefined (also for another council's). With
 * `forUpdate` the episode is locked until the transaction ends, so two ends
 * or two checks cannot interleave.
 *
 * @example
 * const episode = await findEpisode(db, user.councilId, id)
 */
export async function findEpisode(
  db: Db,
  councilId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoredEpisode | undefined> {
  let query = episodeQuery(db, councilId).where('e.id', '=', id)
  if (options.forUpdate) query = query.forUpdate('e')
  const row = await query.executeTakeFirst()
  return row ? toEpisode(row) : undefined
}

/**
 * A person's episodes, newest first.
 *
 * @example
 * const episodes = await listEpisodesForPerson(db, user.councilId, personId)
 */
export async function listEpisodesForPerson(db: Db, councilId: string, personId: string) {
  const rows = await episodeQuery(db, councilId)
    .where('e.person_id', '=', personId)
    .orderBy('e.started_on', 'desc')
    .orderBy('e.created_at', 'desc')
    .execute()
  return rows.map(toEpisode)
}

/**
 * The council's open episodes, longest running first.
 *
 * @example
 * const open = await listOpenEpisodes(db, user.councilId)
 */
export async function listOpenEpisodes(db: Db, councilId: string) {
  const rows = await episodeQuery(db, councilId)
    .where('e.ended_on', 'is', null)
    .orderBy('e.started_on')
    .orderBy('e.created_at')
    .execute()
  return rows.map(toEpisode)
}

/**
 * Episodes whose at-home check is not recorded and falls due on or before a
 * day, earliest due first.
 *
 * @example
 * const waiting = await listChecksDueBy(db, user.councilId, '2026-07-13')
 */
export async function listChecksDueBy(db: Db, councilId: string, dueBy: string) {
  const rows = await episodeQuery(db, councilId)
    .where('c.result', 'is', null)
    .where('c.due_on', '<=', dueBy)
    .orderBy('c.due_on')
    .orderBy('e.created_at')
    .execute()
  return rows.map(toEpisode)
}

export interface NewEpisode {
  councilId: string
  personId: string
  requestId: string | null
  startedOn: string
  plannedEndOn: string | null
  provider: string | null
  dischargedOn: string | null
  createdBy: string
}

/**
 * Inserts an episode and returns its id; the caller records its CLD Service
 * event, its at-home check and the audit entry in the same transaction.
 *
 * @example
 * const id = await insertEpisode(tx, { councilId, personId, requestId: null, startedOn: '2026-06-01',
 *   plannedEndOn: null, provider: null, dischargedOn: null, createdBy: user.id })
 */
export async function insertEpisode(db: Db, episode: NewEpisode): Promise<string> {
  const row = await db
    .insertInto('reablement_episodes')
    .values({
      council_id: episode.councilId,
      person_id: episode.personId,
      request_id: episode.requestId,
      started_on: episode.startedOn,
      planned_end_on: episode.plannedEndOn,
      provider: episode.provider,
      discharged_on: episode.dischargedOn,
      created_by: episode.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/**
 * Schedules the at-home check of an episode that followed a discharge.
 *
 * @example
 * await insertAtHomeCheck(tx, { episodeId, councilId, personId, dischargedOn: '2026-05-30', dueOn: '2026-08-29' })
 */
export async function insertAtHomeCheck(
  db: Db,
  check: { episodeId: string; councilId: string; personId: string; dischargedOn: string; dueOn: string },
): Promise<void> {
  await db
    .insertInto('at_home_checks')
    .values({
      episode_id: check.episodeId,
      council_id: check.councilId,
      person_id: check.personId,
      discharged_on: check.dischargedOn,
      due_on: check.dueOn,
    })
    .execute()
}

/**
 * Ends an open episode. Returns false when it had already ended (nothing changes).
 *
 * @example
 * await endEpisode(tx, councilId, id, { endedOn: '2026-06-12', sequel: 'no_ongoing_support',
 *   eventOutcome: 'NFA: Support ended as planned', endedBy: user.id, at: new Date() })
 */
export async function endEpisode(
  db: Db,
  councilId: string,
  id: string,
  end: { endedOn: string; sequel: string; eventOutcome: string; endedBy: string; at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('reablement_episodes')
    .set({
      ended_on: end.endedOn,
      sequel: end.sequel,
      event_outcome: end.eventOutcome,
      ended_by: end.endedBy,
      ended_at: end.at,
    })
    .where('council_id', '=', councilId)
    .where('id', '=', id)
    .where('ended_on', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/**
 * Reopens an episode ended with the given sequel (a death recorded in error,
 * or on another day). Returns false when it has since ended otherwise.
 *
 * @example
 * await reopenEpisode(tx, councilId, episodeId, 'died')
 */
export async function reopenEpisode(db: Db, councilId: string, id: string, sequel: string): Promise<boolean> {
  const result = await db
    .updateTable('reablement_episodes')
    .set({ ended_on: null, sequel: null, event_outcome: null, ended_by: null, ended_at: null })
    .where('council_id', '=', councilId)
    .where('id', '=', id)
    .where('sequel', '=', sequel)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/**
 * Records the result of an at-home check not yet recorded. Returns false when
 * it already was (nothing changes).
 *
 * @example
 * await recordAtHomeCheck(tx, councilId, episodeId, { result: 'at_home', checkedOn: '2026-08-30', checkedBy: user.id, at: new Date() })
 */
export async function recordAtHomeCheck(
  db: Db,
  councilId: string,
  episodeId: string,
  check: {
    result: 'at_home' | 'in_hospital' | 'care_home' | 'died' | 'not_known'
    checkedOn: string
    checkedBy: string
    at: Date
  },
): Promise<boolean> {
  const result = await db
    .updateTable('at_home_checks')
    .set({
      result: check.result,
      checked_on: check.checkedOn,
      checked_by: check.checkedBy,
      checked_at: check.at,
    })
    .where('council_id', '=', councilId)
    .where('episode_id', '=', episodeId)
    .where('result', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
