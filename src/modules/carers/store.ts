import { type Kysely, type Selectable, sql } from 'kysely'
import type { CarerLinksTable, Schema } from '../../schema.ts'
import type { CarerLinkInput, CarerLinksOf } from './rules.ts'

type Db = Kysely<Schema>

export type CarerLinkRow = Selectable<CarerLinksTable>

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

/** A person's current links, as carer or as the adult cared for. */
export async function currentLinksOf(db: Db, councilId: string, personId: string): Promise<CarerLinkRow[]> {
  return db
    .selectFrom('carer_links')
    .selectAll()
    .where('council_id', '=', councilId)
    .where('ended_on', 'is', null)
    .where((eb) => eb.or([eb('carer_id', '=', personId), eb('cared_for_id', '=', personId)]))
    .orderBy('id')
    .execute()
}

/**
 * Makes an ended link current again (a death that ended it was recorded in
 * error), unless the two people have been linked again since. The link, or
 * undefined when it was not reopened.
 */
export async function reopenCarerLink(
  db: Db,
  councilId: string,
  id: string,
): Promise<CarerLinkRow | undefined> {
  return db
    .updateTable('carer_links')
    .set({ ended_on: null, ended_by: null })
    .where('council_id', '=', councilId)
    .where('id', '=', id)
    .where('ended_on', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('carer_links as again')
            .select('again.id')
            .whereRef('again.carer_id', '=', 'carer_links.carer_id')
            .whereRef('again.cared_for_id', '=', 'carer_links.cared_for_id')
            .where('again.ended_on', 'is', null),
        ),
      ),
    )
    .returningAll()
    .executeTakeFirst()
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

/** A person as the carers panel asks about them: their ids, and the adults their own CLD row names. */
export interface PanelKey {
  councilId: string
  personId: string
  laPersonId: string
  /** Adult_1/2/3_Linked_Person_ID of the person's own row (null where none). */
  linked: readonly (string | null)[]
}

/** A row of a person's carers panel: a link recorded here (either way), or a person a CLD file links. */
export interface PanelRow {
  kind: 'carer' | 'cared_for' | 'file_carer' | 'file_cared_for'
  link_id: string | null
  relationship: string | null
  lives_with: boolean | null
  hours_a_week: number | null
  started_on: string | null
  ended_on: string | null
  other_id: string
  other_la_person_id: string
  other_given_name: string | null
  other_family_name: string | null
  other_date_of_birth: string | null
  other_date_of_death: string | null
  /** A carer's latest carer's assessment (links to carers only). */
  assessment_id: string | null
  assessment_started_on: string | null
  assessment_completed_on: string | null
}

/**
 * Many people's carers panels in one statement, in the keys' order: their
 * links both ways with the other person of each (a carer with their latest
 * carer's assessment), current ones first, then by start; and the people a
 * CLD file links to them either way. One statement because every person page
 * asks for it: on the embedded database each statement costs a quarter of a
 * millisecond before it reads a row, and pages arriving together share this
 * one (kernel/db/coalesce.ts). It reads the assessments table for the
 * carer's assessment, as one join rather than another statement.
 *
 * @example
 * const [panel] = await carerPanels(db, [{ councilId, personId, laPersonId: 'P0000042', linked: [null, null, null] }])
 */
export async function carerPanels(db: Db, keys: readonly PanelKey[]): Promise<PanelRow[][]> {
  if (keys.length === 0) return []
  const column = <T>(value: (key: PanelKey) => T) => keys.map(value)
  const other = (alias: string) =>
    sql.raw(`${alias}.id AS other_id, ${alias}.la_person_id AS other_la_person_id,
      ${alias}.given_name AS other_given_name, ${alias}.family_name AS other_family_name,
      ${alias}.date_of_birth AS other_date_of_birth, ${alias}.date_of_death AS other_date_of_death`)
  const noLink = sql.raw(`NULL::uuid AS link_id, NULL::text AS relationship, NULL::boolean AS lives_with,
      NULL::int AS hours_a_week, NULL::date AS started_on, NULL::date AS ended_on`)
  const noAssessment = sql.raw(
    'NULL::uuid AS assessment_id, NULL::date AS assessment_started_on, NULL::date AS assessment_completed_on',
  )
  const { rows } = await sql<PanelRow & { n: number }>`
    WITH k AS (
      SELECT * FROM unnest(
        ${column((k) => k.councilId)}::uuid[], ${column((k) => k.personId)}::uuid[],
        ${column((k) => k.laPersonId)}::text[], ${column((k) => k.linked[0] ?? null)}::text[],
        ${column((k) => k.linked[1] ?? null)}::text[], ${column((k) => k.linked[2] ?? null)}::text[]
      ) WITH ORDINALITY AS k(council_id, person_id, la, adult_1, adult_2, adult_3, n)
    )
    SELECT * FROM (
      SELECT k.n::int AS n, 'carer' AS kind, l.id AS link_id, l.relationship, l.lives_with, l.hours_a_week,
        l.started_on, l.ended_on, ${other('p')},
        a.id AS assessment_id, a.started_on AS assessment_started_on, a.completed_on AS assessment_completed_on,
        l.created_at
      FROM k JOIN carer_links l ON l.cared_for_id = k.person_id AND l.council_id = k.council_id
      JOIN people_live p ON p.id = l.carer_id
      LEFT JOIN LATERAL (
        SELECT x.id, x.started_on, x.completed_on FROM assessments x
        WHERE x.person_id = p.id AND x.kind = 'carer'
        ORDER BY x.started_on DESC, x.created_at DESC LIMIT 1
      ) a ON true
      UNION ALL
      SELECT k.n::int, 'cared_for', l.id, l.relationship, l.lives_with, l.hours_a_week,
        l.started_on, l.ended_on, ${other('p')}, ${noAssessment}, l.created_at
      FROM k JOIN carer_links l ON l.carer_id = k.person_id AND l.council_id = k.council_id
      JOIN people_live p ON p.id = l.cared_for_id
      UNION ALL
      SELECT k.n::int, 'file_carer', ${noLink}, ${other('p')}, ${noAssessment}, NULL::timestamptz
      FROM k JOIN people_live p ON p.council_id = k.council_id
        AND (p.adult_1_linked_person_id = k.la OR p.adult_2_linked_person_id = k.la OR p.adult_3_linked_person_id = k.la)
      UNION ALL
      SELECT k.n::int, 'file_cared_for', ${noLink}, ${other('p')}, ${noAssessment}, NULL::timestamptz
      FROM k JOIN people_live p ON p.council_id = k.council_id AND p.la_person_id IN (k.adult_1, k.adult_2, k.adult_3)
    ) panel
    ORDER BY n, ended_on IS NOT NULL, started_on, created_at, other_la_person_id`.execute(db)
  const panels = keys.map((): PanelRow[] => [])
  for (const { n, ...row } of rows) panels[n - 1]?.push(row as PanelRow)
  return panels
}

/** A current link whose carer is due a carer's assessment. */
export interface DueRow {
  link_id: string
  relationship: string
  hours_a_week: number | null
  started_on: string
  carer_id: string
  carer_la_person_id: string
  carer_given_name: string | null
  carer_family_name: string | null
  cared_for_id: string
  cared_for_given_name: string | null
  cared_for_family_name: string | null
  last_started_on: string | null
  last_completed_on: string | null
}

/**
 * The council's current carer links whose carer has had no carer's
 * assessment begin on or after `since`, those never assessed first, then
 * the longest since, then the most hours: at most `limit`, and whether more
 * were left off. Reads the assessments table for the last one, as a join.
 *
 * @example
 * const { rows, more } = await carersDue(db, councilId, '2025-06-15', 200)
 */
export async function carersDue(db: Db, councilId: string, since: string, limit: number) {
  const { rows } = await sql<DueRow>`
    SELECT l.id AS link_id, l.relationship, l.hours_a_week, l.started_on,
      c.id AS carer_id, c.la_person_id AS carer_la_person_id,
      c.given_name AS carer_given_name, c.family_name AS carer_family_name,
      p.id AS cared_for_id, p.given_name AS cared_for_given_name, p.family_name AS cared_for_family_name,
      a.started_on AS last_started_on, a.completed_on AS last_completed_on
    FROM carer_links l
    JOIN people_live c ON c.id = l.carer_id
    JOIN people_live p ON p.id = l.cared_for_id
    LEFT JOIN LATERAL (
      SELECT x.started_on, x.completed_on FROM assessments x
      WHERE x.person_id = c.id AND x.kind = 'carer'
      ORDER BY x.started_on DESC, x.created_at DESC LIMIT 1
    ) a ON true
    WHERE l.council_id = ${councilId}::uuid AND l.ended_on IS NULL
      AND c.date_of_death IS NULL AND p.date_of_death IS NULL
      AND (a.started_on IS NULL OR a.started_on < ${since}::date)
    ORDER BY a.started_on NULLS FIRST, l.hours_a_week DESC NULLS LAST, l.started_on, l.id
    LIMIT ${limit + 1}`.execute(db)
  return { rows: rows.slice(0, limit), more: rows.length > limit }
}
