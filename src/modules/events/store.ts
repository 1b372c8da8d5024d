import type { Insertable, Kysely, Selectable } from 'kysely'
import type { CldEventsTable, Schema } from '../../schema.ts'

type Db = Kysely<Schema>

export type NewCldEvent = Insertable<CldEventsTable>

/**
 * The CLD outcome of a service still in effect. CLD asks every event but a
 * financial assessment for an outcome; until a service ends (and its end
 * gives it its own), it continues. ASCEND's synthetic CLD files say the same.
 */
export const OPEN_SERVICE_OUTCOME = 'Continuation of support or services'

/**
 * Records a Client Level Data event. ASCEND's own records (requests,
 * assessments, services, reviews) each project into one event, in the same
 * transaction, so the CLD return and the measures read one shape.
 *
 * @example
 * await recordEvent(tx, { council_id, person_id, event_type: 'Request', event_start_on: '2025-05-01',
 *   request_route_of_access: 'Community / Other route', source_record_id: request.id })
 */
export async function recordEvent(db: Db, event: NewCldEvent): Promise<string> {
  const row = await db.insertInto('cld_events').values(event).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/**
 * A person's client funding status on a day, as their services in effect
 * then give it (the latest to start, of those that say): what a review that
 * day records, since CLD asks it of reviews as of services. None when no
 * service in effect says.
 *
 * @example
 * await fundingStatusOn(tx, councilId, personId, '2026-06-15') // 'Fully social care funded'
 */
export async function fundingStatusOn(
  db: Db,
  councilId: string,
  personId: string,
  day: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('cld_events_live as e')
    .select('e.client_funding_status')
    .where('e.council_id', '=', councilId)
    .where('e.person_id', '=', personId)
    .where('e.event_type', '=', 'Service')
    .where('e.client_funding_status', 'is not', null)
    .where('e.event_start_on', '<=', day)
    .where((eb) => eb.or([eb('e.event_end_on', 'is', null), eb('e.event_end_on', '>=', day)]))
    .orderBy('e.event_start_on', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row?.client_funding_status ?? null
}

/** The ends of the events an ASCEND record projects, as they stand: what undoing a change to them needs. */
export async function eventEndsOfRecord(db: Db, councilId: string, sourceRecordId: string) {
  return db
    .selectFrom('cld_events')
    .select(['id', 'event_end_on', 'event_outcome'])
    .where('council_id', '=', councilId)
    .where('source_record_id', '=', sourceRecordId)
    .orderBy('id')
    .execute()
}

/**
 * Puts events' ends back as `eventEndsOfRecord` read them.
 *
 * @example
 * await restoreEventEnds(tx, councilId, await eventEndsOfRecord(tx, councilId, plan.id))
 */
export async function restoreEventEnds(
  db: Db,
  councilId: string,
  ends: readonly { id: string; event_end_on: string | null; event_outcome: string | null }[],
): Promise<void> {
  for (const end of ends)
    await db
      .updateTable('cld_events')
      .set({ event_end_on: end.event_end_on, event_outcome: end.event_outcome })
      .where('council_id', '=', councilId)
      .where('id', '=', end.id)
      .execute()
}

/** Updates the event projected from an ASCEND record (its end date, outcome…). */
export async function updateEventForRecord(
  db: Db,
  councilId: string,
  sourceRecordId: string,
  changes: Partial<
    Pick<NewCldEvent, 'event_end_on' | 'event_outcome' | 'eligible_needs_identified' | 'event_description'>
  >,
): Promise<void> {
  await db
    .updateTable('cld_events')
    .set(changes)
    .where('council_id', '=', councilId)
    .where('source_record_id', '=', sourceRecordId)
    .execute()
}

/**
 * People's events, newest first, one list per key in the keys' order: the
 * spine of each one's timeline. Read through the live view, so an import still
 * loading, or an event a later rolling file replaced, never shows.
 *
 * @example
 * const [eventsOfA, eventsOfB] = await listEventsForPeople(db, [{ councilId, personId: a }, { councilId, personId: b }])
 */
export async function listEventsForPeople(
  db: Db,
  keys: readonly { councilId: string; personId: string }[],
): Promise<Selectable<CldEventsTable>[][]> {
  if (keys.length === 0) return []
  const rows = await db
    .selectFrom('cld_events_live')
    .selectAll()
    .where('council_id', 'in', [...new Set(keys.map((key) => key.councilId))])
    .where('person_id', 'in', [...new Set(keys.map((key) => key.personId))])
    .orderBy('event_start_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute()
  const byPerson = new Map<string, Selectable<CldEventsTable>[]>()
  for (const row of rows) {
    const list = byPerson.get(row.person_id)
    if (list) list.push(row)
    else byPerson.set(row.person_id, [row])
  }
  return keys.map((key) =>
    (byPerson.get(key.personId) ?? []).filter((row) => row.council_id === key.councilId),
  )
}
