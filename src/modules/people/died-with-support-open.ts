/**
 * The people whose death is recorded while what a death ends is still open
 * in ASCEND: a death brought by a CLD import changes only the person's
 * details, so their plan stays in effect (payments due), and their requests,
 * reablement and carer links open, until a practitioner ends them
 * (end-at-death-routes.ts). The list starts from the open records, which are
 * ASCEND's own and few, not from the deaths, which an imported council holds
 * by the ten thousand.
 */
import { type Kysely, sql } from 'kysely'
import type { Schema } from '../../schema.ts'

/** The council's open records a death ends, a row each, by person and kind. */
const openRecords = (councilId: string) => sql`
  SELECT person_id, 1 AS plans, 0 AS reablement, 0 AS requests, 0 AS carer_links
    FROM support_plans WHERE council_id = ${councilId} AND status = 'active'
  UNION ALL SELECT person_id, 0, 1, 0, 0
    FROM reablement_episodes WHERE council_id = ${councilId} AND ended_on IS NULL
  UNION ALL SELECT person_id, 0, 0, 1, 0
    FROM support_requests WHERE council_id = ${councilId} AND closed_on IS NULL
  UNION ALL SELECT carer_id, 0, 0, 0, 1
    FROM carer_links WHERE council_id = ${councilId} AND ended_on IS NULL
  UNION ALL SELECT cared_for_id, 0, 0, 0, 1
    FROM carer_links WHERE council_id = ${councilId} AND ended_on IS NULL
`

export interface DiedWithSupportOpen {
  id: string
  laPersonId: string
  givenName: string | null
  familyName: string | null
  dateOfDeath: string
  plan: boolean
  reablement: number
  requests: number
  carerLinks: number
}

/**
 * The council's people who died with support still open, the earliest death first.
 *
 * @example
 * const people = await diedWithSupportOpen(db, councilId) // [{ laPersonId: 'S0000611', plan: true, requests: 1, … }]
 */
export async function diedWithSupportOpen(
  db: Kysely<Schema>,
  councilId: string,
): Promise<DiedWithSupportOpen[]> {
  const { rows } = await sql<{
    id: string
    la_person_id: string
    given_name: string | null
    family_name: string | null
    date_of_death: string
    plans: number
    reablement: number
    requests: number
    carer_links: number
  }>`
    WITH open AS (${openRecords(councilId)})
    SELECT p.id, p.la_person_id, p.given_name, p.family_name, p.date_of_death,
      sum(o.plans)::int AS plans, sum(o.reablement)::int AS reablement,
      sum(o.requests)::int AS requests, sum(o.carer_links)::int AS carer_links
    FROM open o JOIN people p ON p.id = o.person_id
    -- (A merged record holds nothing open: a merge moves everything to the record kept.)
    WHERE p.council_id = ${councilId} AND p.date_of_death IS NOT NULL
    GROUP BY p.id, p.la_person_id, p.given_name, p.family_name, p.date_of_death
    ORDER BY p.date_of_death, p.family_name, p.given_name, p.id`.execute(db)
  return rows.map((row) => ({
    id: row.id,
    laPersonId: row.la_person_id,
    givenName: row.given_name,
    familyName: row.family_name,
    dateOfDeath: row.date_of_death,
    plan: row.plans > 0,
    reablement: row.reablement,
    requests: row.requests,
    carerLinks: row.carer_links,
  }))
}

/**
 * How many of the council's people died with support still open: the count
 * the home page, an import's page and the command line give.
 *
 * @example
 * await countDiedWithSupportOpen(db, councilId) // 2
 */
export async function countDiedWithSupportOpen(db: Kysely<Schema>, councilId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    WITH open AS (${openRecords(councilId)})
    SELECT count(DISTINCT o.person_id)::int AS n
    FROM open o JOIN people p ON p.id = o.person_id
    WHERE p.council_id = ${councilId} AND p.date_of_death IS NOT NULL`.execute(db)
  return rows[0]?.n ?? 0
}
