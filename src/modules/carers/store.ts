import { type Kysely, type Selectable, sql } from 'kysely'
import type { CarerLinksTable, Schema } from '../../schema.ts'
import type { CarerLinkInput, CarerLinksOf } from './rules.ts'

type Db = Kysely<Schema>

export type CarerLinkRow = Selectable<CarerLinksTable>

/** A link as a person's page lists it: the link, and the other person's name and council ID. */
export interface LinkWithPerson extends CarerLinkRow {
  other_id: string
  other_la_person_id: string
  other_given_name: string | null
  other_family_name: string | null
  other_date_of_birth: string | null
  other_date_of_death: string | null
}

/** Records a link from a carer to the adult they care for. */
export async function insertCarerLink(
  db: Db,
  link: { councilId: string; caredForId: string; createdBy: string; input: CarerLinkInput },
): Promise<CarerLinkRow> {
  const { input } = link
  return db
    .insertInto('carer_links')
    .values({
      council_id: link.councilId,
      carer_id: input.carerId,
      cared_for_id: link.caredForId,
      relationship: input.relationship,
      lives_with: input.livesWith,
      hours_a_week: input.hoursAWeek ?? null,
      started_on: input.startedOn,
      created_by: link.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** The current link between a carer and an adult, if there is one. */
export async function currentLinkBetween(db: Db, carerId: string, caredForId: string) {
  return db
    .selectFrom('carer_links')
    .select('id')
    .where('carer_id', '=', carerId)
    .where('cared_for_id', '=', caredForId)
    .where('ended_on', 'is', null)
    .executeTakeFirst()
}

/**
 * A link of the council that names `personId` as carer or cared-for (locked
 * for a change when `forUpdate`), or undefined.
 */
export async function findCarerLink(
  db: Db,
  councilId: string,
  personId: string,
  id: string,
  forUpdate = false,
) {
  let select = db
    .selectFrom('carer_links')
    .selectAll()
    .where('council_id', '=', councilId)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('cared_for_id', '=', personId), eb('carer_id', '=', personId)]))
  if (forUpdate) select = select.forUpdate()
  return select.executeTakeFirst()
}

/** Ends a link on a day. */
export async function endCarerLink(
  db: Db,
  id: string,
  endedOn: string,
  endedBy: string,
): Promise<CarerLinkRow> {
  return db
    .updateTable('carer_links')
    .set({ ended_on: endedOn, ended_by: endedBy })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * A carer's links as their CLD fields are worked out from them: the current
 * ones (earliest first) and the ended ones, each by the adult's council ID.
 */
export async function carerLinksOf(db: Db, carerId: string): Promise<CarerLinksOf> {
  const rows = await db
    .selectFrom('carer_links as l')
    .innerJoin('people as p', 'p.id', 'l.cared_for_id')
    .select(['p.la_person_id', 'l.hours_a_week', 'l.ended_on'])
    .where('l.carer_id', '=', carerId)
    .orderBy('l.started_on')
    .orderBy('l.created_at')
    .execute()
  return {
    current: rows
      .filter((row) => row.ended_on === null)
      .map((row) => ({ laPersonId: row.la_person_id, hoursAWeek: row.hours_a_week })),
    ended: rows.filter((row) => row.ended_on !== null).map((row) => row.la_person_id),
  }
}

/**
 * A person's links both ways, with the other person of each: their carers,
 * and the adults they care for; current ones first, then by start.
 *
 * @example
 * const { carers, caredFor } = await linksOfPerson(db, councilId, personId)
 */
export async function linksOfPerson(
  db: Db,
  councilId: string,
  personId: string,
): Promise<{ carers: LinkWithPerson[]; caredFor: LinkWithPerson[] }> {
  const { rows } = await sql<LinkWithPerson & { side: 'carer' | 'cared_for' }>`
    SELECT l.*, CASE WHEN l.cared_for_id = ${personId}::uuid THEN 'carer' ELSE 'cared_for' END AS side,
      p.id AS other_id, p.la_person_id AS other_la_person_id, p.given_name AS other_given_name,
      p.family_name AS other_family_name, p.date_of_birth AS other_date_of_birth,
      p.date_of_death AS other_date_of_death
    FROM carer_links l
    JOIN people_live p ON p.id = CASE WHEN l.cared_for_id = ${personId}::uuid THEN l.carer_id ELSE l.cared_for_id END
    WHERE l.council_id = ${councilId}::uuid
      AND (l.cared_for_id = ${personId}::uuid OR l.carer_id = ${personId}::uuid)
    ORDER BY l.ended_on IS NOT NULL, l.started_on, l.created_at`.execute(db)
  return {
    carers: rows.filter((row) => row.side === 'carer'),
    caredFor: rows.filter((row) => row.side === 'cared_for'),
  }
}
