/**
 * The SQL of a merge. A merge is the one change that must move every record
 * of a person at once, whichever module keeps it, in one transaction, so the
 * tables that refer to a person are listed here rather than asked of each
 * module; a test compares the list with the database's own catalogue, so a
 * new table that refers to people cannot be forgotten.
 */
import { type Kysely, sql } from 'kysely'
import type { Schema } from '../../schema.ts'
import type { FillableDetails } from './merge-rules.ts'

type Db = Kysely<Schema>

/** Each table and column that refers to a person, with what the preview calls its rows. */
export const PERSON_RECORDS = [
  ['support_requests', 'person_id', 'Requests for support'],
  ['assessments', 'person_id', 'Assessments'],
  ['time_entries', 'person_id', 'Time entries'],
  ['cld_events', 'person_id', 'CLD events (the timeline)'],
  ['indicative_budgets', 'person_id', 'Indicative budgets'],
  ['support_plans', 'person_id', 'Support plan versions'],
  ['funding_requests', 'person_id', 'Funding requests'],
  ['decision_steps', 'person_id', 'Decision steps'],
  ['reablement_episodes', 'person_id', 'Reablement episodes'],
  ['at_home_checks', 'person_id', '91-day checks'],
  ['reviews', 'person_id', 'Reviews'],
  ['budget_accounts', 'person_id', 'Budget accounts'],
  ['support_ended_at_death', 'person_id', 'What a recorded death ended'],
  ['carer_links', 'carer_id', 'Links as a carer'],
  ['carer_links', 'cared_for_id', 'Links to their carers'],
] as const

/**
 * Columns that name a person and stay as they are: the audit log is never
 * changed (a merge's own entries join the two trails), an import's list of
 * the people it brought is its history, the measures' notes of changed
 * people are consumed as they are, and a merged row names the person kept.
 */
export const PERSON_REFERENCES_LEFT = [
  ['audit_log', 'person_id'],
  ['cld_import_people', 'person_id'],
  ['measure_changed_people', 'person_id'],
  ['people', 'merged_into_id'],
] as const

/** How many of each kind of record a person has (kinds with none left out). */
export async function recordCounts(db: Db, personId: string): Promise<{ what: string; count: number }[]> {
  const { rows } = await sql<{ i: number; n: number | string }>`
    ${sql.join(
      PERSON_RECORDS.map(
        ([table, column], i) =>
          sql`SELECT ${i}::int AS i, count(*) AS n FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${personId}::uuid`,
      ),
      sql` UNION ALL `,
    )}`.execute(db)
  return rows
    .map((row) => ({ what: PERSON_RECORDS[row.i]?.[2] as string, count: Number(row.n) }))
    .filter((row) => row.count > 0)
}

/** Moves every record of `from` to `to`, returning how many of each kind moved. */
export async function moveRecords(
  db: Db,
  from: string,
  to: string,
): Promise<{ what: string; count: number }[]> {
  const moved: { what: string; count: number }[] = []
  for (const [table, column, what] of PERSON_RECORDS) {
    const result = await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${to}::uuid
      WHERE ${sql.ref(column)} = ${from}::uuid`.execute(db)
    const count = Number(result.numAffectedRows ?? 0)
    if (count > 0) moved.push({ what, count })
  }
  return moved
}

/** What decides whether two people can be merged, read from their records. */
export async function mergeConditions(db: Db, keptId: string, duplicateId: string) {
  const { rows } = await sql<{
    duplicate_from_file: boolean
    both_active_plan: boolean
    both_in_reablement: boolean
    linked_as_carers: boolean
    shared_carer_links: number | string
  }>`
    SELECT
      EXISTS (SELECT 1 FROM people WHERE id = ${duplicateId}::uuid AND created_by_import_id IS NOT NULL)
        OR EXISTS (SELECT 1 FROM cld_events WHERE person_id = ${duplicateId}::uuid AND import_id IS NOT NULL)
        AS duplicate_from_file,
      (SELECT count(DISTINCT person_id) FROM support_plans
        WHERE person_id IN (${keptId}::uuid, ${duplicateId}::uuid) AND status = 'active') = 2 AS both_active_plan,
      (SELECT count(DISTINCT person_id) FROM reablement_episodes
        WHERE person_id IN (${keptId}::uuid, ${duplicateId}::uuid) AND ended_on IS NULL) = 2 AS both_in_reablement,
      EXISTS (SELECT 1 FROM carer_links WHERE ended_on IS NULL
        AND ((carer_id = ${keptId}::uuid AND cared_for_id = ${duplicateId}::uuid)
          OR (carer_id = ${duplicateId}::uuid AND cared_for_id = ${keptId}::uuid))) AS linked_as_carers,
      (SELECT count(*) FROM carer_links a JOIN carer_links b
          ON a.ended_on IS NULL AND b.ended_on IS NULL
          AND ((a.carer_id = ${keptId}::uuid AND b.carer_id = ${duplicateId}::uuid AND a.cared_for_id = b.cared_for_id)
            OR (a.cared_for_id = ${keptId}::uuid AND b.cared_for_id = ${duplicateId}::uuid AND a.carer_id = b.carer_id))
      ) AS shared_carer_links`.execute(db)
  const row = rows[0]
  return {
    duplicateFromFile: Boolean(row?.duplicate_from_file),
    bothHaveActivePlan: Boolean(row?.both_active_plan),
    bothInReablement: Boolean(row?.both_in_reablement),
    linkedAsCarers: Boolean(row?.linked_as_carers),
    sharedCarerLinks: Number(row?.shared_carer_links ?? 0),
  }
}

/**
 * Marks the duplicate as merged into the person kept (and anyone merged into
 * the duplicate before, so one step always leads to a live record), and
 * fills the kept record's blanks.
 */
export async function markMerged(
  db: Db,
  merge: {
    councilId: string
    keptId: string
    duplicateId: string
    userId: string
    fill: FillableDetails
    at: Date
  },
) {
  await db
    .updateTable('people')
    .set({ merged_into_id: merge.keptId })
    .where('council_id', '=', merge.councilId)
    .where('merged_into_id', '=', merge.duplicateId)
    .execute()
  await db
    .updateTable('people')
    .set({ merged_into_id: merge.keptId, merged_at: merge.at, merged_by: merge.userId, updated_at: merge.at })
    .where('council_id', '=', merge.councilId)
    .where('id', '=', merge.duplicateId)
    .execute()
  if (Object.keys(merge.fill).length > 0)
    await db
      .updateTable('people')
      .set({ ...merge.fill, updated_at: merge.at })
      .where('council_id', '=', merge.councilId)
      .where('id', '=', merge.keptId)
      .execute()
}

/** The person a merged record was merged into, if `id` is a merged record of the council. */
export async function mergedInto(db: Db, councilId: string, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('people')
    .select('merged_into_id')
    .where('council_id', '=', councilId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row?.merged_into_id ?? undefined
}

/**
 * The records merged into each of several people, oldest merge first, in the
 * keys' order (a person's page names them; their trails belong to the person's).
 *
 * @example
 * const [merged] = await recordsMergedInto(db, [{ councilId, personId }])
 */
export async function recordsMergedInto(db: Db, keys: readonly { councilId: string; personId: string }[]) {
  if (keys.length === 0) return []
  const rows = await db
    .selectFrom('people')
    .select(['id', 'la_person_id', 'merged_at', 'merged_into_id', 'council_id'])
    .where('merged_into_id', 'in', [...new Set(keys.map((k) => k.personId))])
    .orderBy('merged_at')
    .execute()
  return keys.map((key) =>
    rows.filter((row) => row.merged_into_id === key.personId && row.council_id === key.councilId),
  )
}
