import type { Kysely } from 'kysely'
import type { FundingRequestsTable, Schema } from '../../schema.ts'

type Db = Kysely<Schema>

/** A funding request as practice consistency weighs it: who planned it, in which team, and its amounts. */
export interface PlannedRequest {
  practitionerId: string
  practitionerName: string
  teamId: string | null
  teamName: string | null
  route: FundingRequestsTable['route']
  status: FundingRequestsTable['status']
  weeklyCostPence: number
  indicativeWeeklyPence: number
}

/**
 * The council's funding requests submitted from one day to another (both
 * included), each with the practitioner who submitted it and their team as
 * it is now. No one's case: amounts and outcomes only.
 *
 * @example
 * const requests = await requestsSubmittedBetween(db, user.councilId, '2025-04-01', '2026-03-31')
 */
export async function requestsSubmittedBetween(
  db: Db,
  councilId: string,
  from: string,
  to: string,
): Promise<PlannedRequest[]> {
  const rows = await db
    .selectFrom('funding_requests as r')
    .innerJoin('users as u', 'u.id', 'r.submitted_by')
    .leftJoin('teams as t', 't.id', 'u.team_id')
    .select([
      'r.submitted_by',
      'u.display_name',
      'u.team_id',
      't.name as team_name',
      'r.route',
      'r.status',
      'r.weekly_cost_pence',
      'r.indicative_weekly_pence',
    ])
    .where('r.council_id', '=', councilId)
    .where('u.council_id', '=', councilId)
    .where('r.submitted_at', '>=', new Date(`${from}T00:00:00Z`))
    .where('r.submitted_at', '<', new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000))
    .execute()
  return rows.map((r) => ({
    practitionerId: r.submitted_by,
    practitionerName: r.display_name,
    teamId: r.team_id,
    teamName: r.team_name,
    route: r.route,
    status: r.status,
    weeklyCostPence: r.weekly_cost_pence,
    indicativeWeeklyPence: r.indicative_weekly_pence,
  }))
}
