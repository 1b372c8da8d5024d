/**
 * SQL for package offers: a line of a plan in effect offered to a provider of
 * the directory, and the provider's reply.
 */
import { type Kysely, sql } from 'kysely'
import type { Schema } from '../../schema.ts'
import type { PlanDeliveryMechanism } from '../plans/plan-input.ts'
import type { DeclineReason, OfferStatus } from './offer-rules.ts'

type Db = Kysely<Schema>

/** What an offer or a waiting line shows of its plan's line. */
interface LineFields {
  service_type: string
  service_component: string | null
  delivery_mechanism: string
  units_per_week: number
  cost_unit: string
  unit_cost_pence: number
  weekly_pence: number
}

/** What an offer shows, with its line, its plan's person and who made and answered it. */
export interface OfferRow extends LineFields {
  id: string
  plan_id: string
  plan_status: string
  person_id: string
  line_position: number
  provider_id: string
  provider_name: string
  status: OfferStatus
  start_on: string
  accepted_start_on: string | null
  message: string | null
  offered_at: Date
  offered_by_name: string
  responded_at: Date | null
  decline_reason: DeclineReason | null
  decline_details: string | null
  withdrawn_at: Date | null
  withdrawn_reason: string | null
  postcode: string | null
  given_name: string | null
  family_name: string | null
  la_person_id: string | null
}

function offers(db: Db, councilId: string) {
  return db
    .selectFrom('package_offers as o')
    .innerJoin('support_plans as sp', 'sp.id', 'o.plan_id')
    .innerJoin('support_plan_lines as l', (join) =>
      join.onRef('l.plan_id', '=', 'o.plan_id').onRef('l.position', '=', 'o.line_position'),
    )
    .innerJoin('providers as pr', 'pr.id', 'o.provider_id')
    .innerJoin('users as u', 'u.id', 'o.offered_by')
    .innerJoin('people as p', 'p.id', 'sp.person_id')
    .select([
      'o.id',
      'o.plan_id',
      'sp.status as plan_status',
      'sp.person_id',
      'o.line_position',
      'o.provider_id',
      'pr.name as provider_name',
      'o.status',
      'o.start_on',
      'o.accepted_start_on',
      'o.message',
      'o.offered_at',
      'u.display_name as offered_by_name',
      'o.responded_at',
      'o.decline_reason',
      'o.decline_details',
      'o.withdrawn_at',
      'o.withdrawn_reason',
      'l.service_type',
      'l.service_component',
      'l.delivery_mechanism',
      'l.units_per_week',
      'l.cost_unit',
      'l.unit_cost_pence',
      'l.weekly_pence',
      'p.postcode',
      'p.given_name',
      'p.family_name',
      'p.la_person_id',
    ])
    .where('o.council_id', '=', councilId)
}

const withNumbers = (row: Record<string, unknown>) =>
  ({ ...row, units_per_week: Number(row.units_per_week) }) as OfferRow

/**
 * The offers made for a plan's lines, oldest first.
 *
 * @example
 * const offers = await offersOfPlan(db, councilId, planId)
 */
export async function offersOfPlan(db: Db, councilId: string, planId: string): Promise<OfferRow[]> {
  const rows = await offers(db, councilId).where('o.plan_id', '=', planId).orderBy('o.offered_at').execute()
  return rows.map(withNumbers)
}

/**
 * One offer of the council (optionally only if made to `providerId`), locked
 * for a change when `forUpdate`; undefined for another council's or provider's.
 *
 * @example
 * const offer = await findOffer(tx, councilId, id, { providerId, forUpdate: true })
 */
export async function findOffer(
  db: Db,
  councilId: string,
  id: string,
  only: { providerId?: string; forUpdate?: boolean } = {},
): Promise<OfferRow | undefined> {
  let query = offers(db, councilId).where('o.id', '=', id)
  if (only.providerId) query = query.where('o.provider_id', '=', only.providerId)
  if (only.forUpdate) query = query.forUpdate('o')
  const row = await query.executeTakeFirst()
  return row ? withNumbers(row) : undefined
}

/**
 * The offers made to a provider: those waiting for its reply (oldest first),
 * then those it accepted for plans still in effect, then the last few it
 * declined or saw withdrawn.
 *
 * @example
 * const { open, accepted, closed } = await offersToProvider(db, councilId, providerId)
 */
export async function offersToProvider(db: Db, councilId: string, providerId: string) {
  const mine = () => offers(db, councilId).where('o.provider_id', '=', providerId)
  const [open, accepted, closed] = await Promise.all([
    mine()
      .where('o.status', '=', 'offered')
      .where('sp.status', '=', 'active')
      .orderBy('o.offered_at')
      .execute(),
    mine()
      .where('o.status', '=', 'accepted')
      .where('sp.status', '=', 'active')
      .orderBy('o.accepted_start_on', 'desc')
      .execute(),
    mine()
      .where('o.status', 'in', ['declined', 'withdrawn'])
      .orderBy(sql`coalesce(o.responded_at, o.withdrawn_at)`, 'desc')
      .limit(20)
      .execute(),
  ])
  return { open: open.map(withNumbers), accepted: accepted.map(withNumbers), closed: closed.map(withNumbers) }
}

/**
 * Records an offer.
 *
 * @example
 * const { id } = await insertOffer(tx, { councilId, planId, linePosition: 1, providerId, startOn, message, offeredBy })
 */
export async function insertOffer(
  db: Db,
  offer: {
    councilId: string
    planId: string
    linePosition: number
    providerId: string
    startOn: string
    message: string | null
    offeredBy: string
  },
) {
  return db
    .insertInto('package_offers')
    .values({
      council_id: offer.councilId,
      plan_id: offer.planId,
      line_position: offer.linePosition,
      provider_id: offer.providerId,
      status: 'offered',
      start_on: offer.startOn,
      accepted_start_on: null,
      message: offer.message,
      offered_by: offer.offeredBy,
      responded_by: null,
      responded_at: null,
      decline_reason: null,
      decline_details: null,
      withdrawn_by: null,
      withdrawn_at: null,
      withdrawn_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

/** Records the provider's reply to an open offer. */
export async function recordReply(
  db: Db,
  id: string,
  reply:
    | { status: 'accepted'; acceptedStartOn: string; by: string }
    | { status: 'declined'; reason: DeclineReason; details: string | null; by: string },
) {
  await db
    .updateTable('package_offers')
    .set({
      status: reply.status,
      responded_by: reply.by,
      responded_at: sql<Date>`now()`,
      ...(reply.status === 'accepted'
        ? { accepted_start_on: reply.acceptedStartOn }
        : { decline_reason: reply.reason, decline_details: reply.details }),
    })
    .where('id', '=', id)
    .where('status', '=', 'offered')
    .execute()
}

/**
 * Withdraws open offers: one (`id`), every other open offer of a line once
 * one is accepted, or every open offer of a plan (a new version replaced it).
 * Returns the offers withdrawn, with their providers.
 */
export async function withdrawOffers(
  db: Db,
  which: { id: string } | { planId: string; linePosition?: number; exceptId?: string },
  by: string,
  reason: string | null,
) {
  let query = db
    .updateTable('package_offers')
    .set({ status: 'withdrawn', withdrawn_by: by, withdrawn_at: sql<Date>`now()`, withdrawn_reason: reason })
    .where('status', '=', 'offered')
  if ('id' in which) query = query.where('id', '=', which.id)
  else {
    query = query.where('plan_id', '=', which.planId)
    if (which.linePosition !== undefined) query = query.where('line_position', '=', which.linePosition)
    if (which.exceptId !== undefined) query = query.where('id', '<>', which.exceptId)
  }
  return query.returning(['id', 'provider_id']).execute()
}

/** A line of a plan in effect that no provider has taken on yet. */
export interface WaitingLine extends LineFields {
  plan_id: string
  person_id: string
  line_position: number
  active_from: string | null
  postcode: string | null
  given_name: string | null
  family_name: string | null
  waiting: number
  declined: number
}

/**
 * Lines of the council's plans in effect whose care the council arranges (not
 * a direct payment, which the person arranges) that name no provider and that
 * no provider has accepted: the packages still to be arranged, longest in
 * effect first.
 *
 * @example
 * const lines = await linesWaitingForProviders(db, councilId)
 */
export async function linesWaitingForProviders(db: Db, councilId: string): Promise<WaitingLine[]> {
  const { rows } = await sql<WaitingLine>`
    SELECT sp.id AS plan_id, sp.person_id, l.position AS line_position, l.service_type, l.service_component,
      l.delivery_mechanism, l.units_per_week, l.cost_unit, l.unit_cost_pence, l.weekly_pence, sp.active_from, p.postcode,
      p.given_name, p.family_name,
      count(o.id) FILTER (WHERE o.status = 'offered') AS waiting,
      count(o.id) FILTER (WHERE o.status = 'declined') AS declined
    FROM support_plans sp
    JOIN support_plan_lines l ON l.plan_id = sp.id
    JOIN people_live p ON p.id = sp.person_id
    LEFT JOIN package_offers o ON o.plan_id = sp.id AND o.line_position = l.position
    WHERE sp.council_id = ${councilId}::uuid AND sp.status = 'active'
      AND l.delivery_mechanism <> 'direct_payment' AND l.provider IS NULL
      AND NOT EXISTS (
        SELECT 1 FROM package_offers a
        WHERE a.plan_id = sp.id AND a.line_position = l.position AND a.status = 'accepted')
    GROUP BY sp.id, l.id, p.postcode, p.given_name, p.family_name
    ORDER BY sp.active_from NULLS LAST, sp.id, l.position`.execute(db)
  return rows.map((row) => ({
    ...row,
    units_per_week: Number(row.units_per_week),
    waiting: Number(row.waiting),
    declined: Number(row.declined),
  }))
}

/**
 * The providers that accepted lines of a plan paid a given way (an individual
 * service fund, say), each once.
 *
 * @example
 * const [holder] = await providersAcceptedFor(db, councilId, planId, 'individual_service_fund')
 */
export async function providersAcceptedFor(
  db: Db,
  councilId: string,
  planId: string,
  deliveryMechanism: PlanDeliveryMechanism,
) {
  return db
    .selectFrom('package_offers as o')
    .innerJoin('support_plan_lines as l', (join) =>
      join.onRef('l.plan_id', '=', 'o.plan_id').onRef('l.position', '=', 'o.line_position'),
    )
    .innerJoin('providers as p', 'p.id', 'o.provider_id')
    .select(['p.id', 'p.name'])
    .distinct()
    .where('o.council_id', '=', councilId)
    .where('o.plan_id', '=', planId)
    .where('o.status', '=', 'accepted')
    .where('l.delivery_mechanism', '=', deliveryMechanism)
    .orderBy('p.name')
    .execute()
}

const PLAN_CHANGED = 'The plan has changed: a new version of it is in effect'

/**
 * When a new version of a plan comes into effect: the old version's offers
 * still waiting are withdrawn (the plan changed), and each provider that
 * accepted a line of it goes on providing the new version's line of the same
 * service, component and way of paying (the first such line to the first, and
 * so on). Returns the offers withdrawn, and those carried over with their new ids.
 *
 * @example
 * const { withdrawn, carried } = await carryArrangements(tx, councilId, previousPlanId, planId, user.id)
 */
export async function carryArrangements(
  db: Db,
  councilId: string,
  fromPlanId: string,
  toPlanId: string,
  by: string,
) {
  const withdrawn = await withdrawOffers(db, { planId: fromPlanId }, by, PLAN_CHANGED)
  const { rows } = await sql<{ id: string; carried_from_id: string }>`
    WITH old AS (
      SELECT o.*, l.service_type, l.service_component, l.delivery_mechanism,
        row_number() OVER (PARTITION BY l.service_type, l.service_component, l.delivery_mechanism ORDER BY l.position) AS nth
      FROM package_offers o
      JOIN support_plan_lines l ON l.plan_id = o.plan_id AND l.position = o.line_position
      WHERE o.council_id = ${councilId}::uuid AND o.plan_id = ${fromPlanId}::uuid AND o.status = 'accepted'
    ),
    new AS (
      SELECT l.position, l.service_type, l.service_component, l.delivery_mechanism,
        row_number() OVER (PARTITION BY l.service_type, l.service_component, l.delivery_mechanism ORDER BY l.position) AS nth
      FROM support_plan_lines l
      WHERE l.plan_id = ${toPlanId}::uuid
    )
    INSERT INTO package_offers (council_id, plan_id, line_position, provider_id, status, start_on,
      accepted_start_on, message, offered_by, offered_at, responded_by, responded_at, carried_from_id)
    SELECT ${councilId}::uuid, ${toPlanId}::uuid, n.position, o.provider_id, 'accepted', o.start_on,
      o.accepted_start_on, o.message, o.offered_by, o.offered_at, o.responded_by, o.responded_at, o.id
    FROM old o
    JOIN new n ON n.service_type = o.service_type AND n.delivery_mechanism = o.delivery_mechanism
      AND n.service_component IS NOT DISTINCT FROM o.service_component AND n.nth = o.nth
    RETURNING id, carried_from_id`.execute(db)
  return {
    withdrawn: withdrawn.map((row) => row.id),
    carried: rows.map((row) => ({ id: row.id, carriedFrom: row.carried_from_id })),
  }
}

/**
 * Why providers declined the council's offers in the twelve months to
 * `today`: how many, by the line's service component and the reason given,
 * beside how many offers of that component were made and accepted. An
 * aggregate: it names nobody.
 *
 * @example
 * const rows = await declinesByComponent(db, councilId, '2026-06-15')
 */
export async function declinesByComponent(db: Db, councilId: string, today: string) {
  const { rows } = await sql<{
    service_component: string | null
    offered: number | string
    accepted: number | string
    no_capacity: number | string
    area: number | string
    needs: number | string
    rate: number | string
    other: number | string
  }>`
    SELECT l.service_component, count(*) AS offered,
      count(*) FILTER (WHERE o.status = 'accepted') AS accepted,
      count(*) FILTER (WHERE o.decline_reason = 'no_capacity') AS no_capacity,
      count(*) FILTER (WHERE o.decline_reason = 'area') AS area,
      count(*) FILTER (WHERE o.decline_reason = 'needs') AS needs,
      count(*) FILTER (WHERE o.decline_reason = 'rate') AS rate,
      count(*) FILTER (WHERE o.decline_reason = 'other') AS other
    FROM package_offers o
    JOIN support_plan_lines l ON l.plan_id = o.plan_id AND l.position = o.line_position
    WHERE o.council_id = ${councilId}::uuid AND o.carried_from_id IS NULL
      AND o.offered_at::date > ${today}::date - 365
    GROUP BY l.service_component
    ORDER BY count(*) FILTER (WHERE o.status = 'declined') DESC, l.service_component`.execute(db)
  return rows.map((row) => ({
    serviceComponent: row.service_component,
    offered: Number(row.offered),
    accepted: Number(row.accepted),
    declined: {
      no_capacity: Number(row.no_capacity),
      area: Number(row.area),
      needs: Number(row.needs),
      rate: Number(row.rate),
      other: Number(row.other),
    },
  }))
}

/**
 * How many offers wait for a provider's reply (for plans in effect).
 *
 * @example
 * const waiting = await offersWaitingFor(db, councilId, providerId)
 */
export async function offersWaitingFor(db: Db, councilId: string, providerId: string): Promise<number> {
  const row = await db
    .selectFrom('package_offers as o')
    .innerJoin('support_plans as sp', 'sp.id', 'o.plan_id')
    .select((eb) => eb.fn.countAll<number>().as('waiting'))
    .where('o.council_id', '=', councilId)
    .where('o.provider_id', '=', providerId)
    .where('o.status', '=', 'offered')
    .where('sp.status', '=', 'active')
    .executeTakeFirst()
  return Number(row?.waiting ?? 0)
}
