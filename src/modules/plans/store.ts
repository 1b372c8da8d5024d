import { randomUUID } from 'node:crypto'
import { type Kysely, type Selectable, sql } from 'kysely'
import type { Schema, SupportPlanLinesTable, SupportPlansTable } from '../../schema.ts'
import { lineCost } from './plan-costs.ts'
import type { PlanLineInput } from './plan-input.ts'

type Db = Kysely<Schema>

export type PlanStatus = SupportPlansTable['status']
export type PlanLineRow = Selectable<SupportPlanLinesTable>

/**
 * Stores a plan version with its lines, costed. The first version of a plan
 * starts its series; later versions name the series and their number.
 *
 * @example
 * const id = await insertPlan(tx, { councilId, personId, assessmentId, budgetId, createdBy: user.id, lines, weeklyCostPence, annualCostPence })
 */
export async function insertPlan(
  db: Db,
  plan: {
    councilId: string
    personId: string
    assessmentId: string
    budgetId: string
    createdBy: string
    lines: PlanLineInput[]
    weeklyCostPence: number
    annualCostPence: number
    series?: { id: string; version: number }
  },
): Promise<string> {
  const id = randomUUID()
  await db
    .insertInto('support_plans')
    .values({
      id,
      council_id: plan.councilId,
      person_id: plan.personId,
      // A first version names its own series.
      series_id: plan.series?.id ?? id,
      version: plan.series?.version ?? 1,
      assessment_id: plan.assessmentId,
      indicative_budget_id: plan.budgetId,
      status: 'draft',
      weekly_cost_pence: plan.weeklyCostPence,
      annual_cost_pence: plan.annualCostPence,
      created_by: plan.createdBy,
    })
    .execute()
  await db
    .insertInto('support_plan_lines')
    .values(
      plan.lines.map((line, i) => {
        const cost = lineCost(line)
        return {
          council_id: plan.councilId,
          plan_id: id,
          position: i + 1,
          service_type: line.serviceType,
          service_component: line.serviceComponent,
          delivery_mechanism: line.deliveryMechanism,
          funding_source: line.fundingSource,
          provider: line.provider,
          unit_cost_pence: line.unitCostPence,
          units_per_week: (line.unitsHundredths / 100).toFixed(2),
          cost_unit: line.costUnit,
          weekly_pence: cost.weeklyPence,
          one_off_pence: cost.oneOffPence,
        }
      }),
    )
    .execute()
  return id
}

/**
 * One plan version in this council with its person, lines, and who made it;
 * undefined when there is none (another council's plan is not found).
 *
 * @example
 * const plan = await findPlan(db, user.councilId, id)
 */
export async function findPlan(db: Db, councilId: string, id: string) {
  const plan = await db
    .selectFrom('support_plans as p')
    .innerJoin('people as person', 'person.id', 'p.person_id')
    .innerJoin('users as author', 'author.id', 'p.created_by')
    .selectAll('p')
    .select([
      'person.given_name',
      'person.family_name',
      'person.la_person_id',
      'person.date_of_birth',
      'person.date_of_death',
      'author.display_name as author_name',
    ])
    .where('p.council_id', '=', councilId)
    .where('p.id', '=', id)
    .executeTakeFirst()
  if (!plan) return undefined
  const lines = await db
    .selectFrom('support_plan_lines')
    .selectAll()
    .where('council_id', '=', councilId)
    .where('plan_id', '=', id)
    .orderBy('position')
    .execute()
  return { ...plan, lines: lines.map((l) => ({ ...l, units_per_week: Number(l.units_per_week) })) }
}

export type StoredPlan = NonNullable<Awaited<ReturnType<typeof findPlan>>>

/** The versions of a plan, oldest first. */
export async function listVersions(db: Db, councilId: string, seriesId: string) {
  return db
    .selectFrom('support_plans as p')
    .innerJoin('users as author', 'author.id', 'p.created_by')
    .select([
      'p.id',
      'p.version',
      'p.status',
      'p.weekly_cost_pence',
      'p.annual_cost_pence',
      'p.approved_weekly_pence',
      'p.created_at',
      'author.display_name as author_name',
    ])
    .where('p.council_id', '=', councilId)
    .where('p.series_id', '=', seriesId)
    .orderBy('p.version')
    .execute()
}

/** A person's plans, newest first, each version once. */
export async function listPlansForPerson(db: Db, councilId: string, personId: string) {
  const [plans] = await listPlansForPeople(db, [{ councilId, personId }])
  return plans ?? []
}

/**
 * Several people's plans, one list per key in the keys' order, newest first:
 * the batched form of `listPlansForPerson`.
 *
 * @example
 * const [plansOfA, plansOfB] = await listPlansForPeople(db, [{ councilId, personId: a }, { councilId, personId: b }])
 */
export async function listPlansForPeople(db: Db, keys: readonly { councilId: string; personId: string }[]) {
  if (keys.length === 0) return []
  const rows = await db
    .selectFrom('support_plans')
    .select([
      'id',
      'council_id',
      'person_id',
      'series_id',
      'version',
      'status',
      'weekly_cost_pence',
      'annual_cost_pence',
      'approved_weekly_pence',
      'active_from',
      'active_to',
      'created_at',
    ])
    .where('council_id', 'in', [...new Set(keys.map((key) => key.councilId))])
    .where('person_id', 'in', [...new Set(keys.map((key) => key.personId))])
    .orderBy('created_at', 'desc')
    .orderBy('version', 'desc')
    .execute()
  return keys.map((key) =>
    rows
      .filter((row) => row.person_id === key.personId && row.council_id === key.councilId)
      .map(({ council_id: _council, person_id: _person, ...plan }) => plan),
  )
}

/**
 * Moves a plan version from one of the given statuses to another, and says
 * whether it did: false when someone else moved it first.
 *
 * @example
 * if (!(await moveStatus(tx, councilId, planId, ['draft'], 'submitted'))) throw conflict('Already submitted')
 */
export async function moveStatus(
  db: Db,
  councilId: string,
  planId: string,
  from: PlanStatus[],
  to: PlanStatus,
): Promise<boolean> {
  const row = await db
    .updateTable('support_plans')
    .set({ status: to })
    .where('council_id', '=', councilId)
    .where('id', '=', planId)
    .where('status', 'in', from)
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Ends a person's plan in effect on a day (their death): it becomes 'ended',
 * its last day that one, or the day it began if that was later. Returns the
 * plan's id and last day, or undefined when none was in effect.
 *
 * @example
 * const ended = await endActivePlan(tx, councilId, personId, '2026-06-03')
 */
export async function endActivePlan(
  db: Db,
  councilId: string,
  personId: string,
  lastDay: string,
): Promise<{ id: string; activeTo: string } | undefined> {
  const row = await db
    .updateTable('support_plans')
    .set({ status: 'ended', active_to: sql<string>`greatest(active_from, ${lastDay}::date)` })
    .where('council_id', '=', councilId)
    .where('person_id', '=', personId)
    .where('status', '=', 'active')
    .returning(['id', 'active_to'])
    .executeTakeFirst()
  return row ? { id: row.id, activeTo: row.active_to as string } : undefined
}

/**
 * Puts a plan a death ended back in effect (the death was recorded in error,
 * or on another day), as long as it is still ended and no other plan of the
 * person's is in effect. Returns whether it was.
 *
 * @example
 * await reinstateEndedPlan(tx, councilId, planId, null)
 */
export async function reinstateEndedPlan(
  db: Db,
  councilId: string,
  planId: string,
  activeTo: string | null,
): Promise<boolean> {
  const result = await db
    .updateTable('support_plans')
    .set({ status: 'active', active_to: activeTo })
    .where('council_id', '=', councilId)
    .where('id', '=', planId)
    .where('status', '=', 'ended')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('support_plans as other')
            .select('other.id')
            .whereRef('other.person_id', '=', 'support_plans.person_id')
            .where('other.status', '=', 'active'),
        ),
      ),
    )
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/**
 * Makes a submitted plan version the person's active plan from a date, at
 * the weekly amount approved; their active plan until now is superseded
 * (ending the day before, or the same day when it only started today).
 * Returns the superseded plan's id, if there was one.
 *
 * @example
 * const previous = await activatePlan(tx, councilId, plan.id, plan.person_id, 41_500, '2026-06-15')
 */
export async function activatePlan(
  db: Db,
  councilId: string,
  planId: string,
  personId: string,
  approvedWeeklyPence: number,
  from: string,
): Promise<string | undefined> {
  const previous = await db
    .updateTable('support_plans')
    .set({
      status: 'superseded',
      active_to: sql<string>`greatest(active_from, ${from}::date - 1)`,
    })
    .where('council_id', '=', councilId)
    .where('person_id', '=', personId)
    .where('status', '=', 'active')
    .returning('id')
    .executeTakeFirst()
  const activated = await db
    .updateTable('support_plans')
    .set({ status: 'active', approved_weekly_pence: approvedWeeklyPence, active_from: from })
    .where('council_id', '=', councilId)
    .where('id', '=', planId)
    .where('status', '=', 'submitted')
    .returning('id')
    .executeTakeFirst()
  if (!activated) throw new Error('Only a submitted plan can become active')
  return previous?.id
}

/** The latest version number of a plan series. */
export async function latestVersion(db: Db, councilId: string, seriesId: string): Promise<number> {
  const row = await db
    .selectFrom('support_plans')
    .select((eb) => eb.fn.max<number>('version').as('version'))
    .where('council_id', '=', councilId)
    .where('series_id', '=', seriesId)
    .executeTakeFirst()
  return Number(row?.version ?? 0)
}

/**
 * The ids of every plan version a person has had, for finding the CLD events
 * ASCEND's plans made.
 */
export function planIdsOfPerson(db: Db, councilId: string, personId: string) {
  return db
    .selectFrom('support_plans')
    .select('id')
    .where('council_id', '=', councilId)
    .where('person_id', '=', personId)
}

/** How a plan's money can be held by someone other than the council: the lines a budget account is for. */
export const MONEY_HELD_AS = ['direct_payment', 'individual_service_fund'] as const

/**
 * Active plans with lines held as a direct payment or an individual service
 * fund, a row for each way: the weekly amount of those lines, at most the
 * amount approved (a decision may have amended the plan down), and the
 * providers named on them. For budget accounts to be opened for.
 *
 * @example
 * const held = await activePlansHeldAsMoney(db, councilId, { planId })
 */
export async function activePlansHeldAsMoney(db: Db, councilId: string, only: { planId?: string } = {}) {
  let query = db
    .selectFrom('support_plans as p')
    .innerJoin('support_plan_lines as l', 'l.plan_id', 'p.id')
    .innerJoin('people as person', 'person.id', 'p.person_id')
    .select([
      'p.id as plan_id',
      'p.series_id',
      'p.person_id',
      'p.version',
      'p.active_from',
      'person.given_name',
      'person.family_name',
      'person.la_person_id',
      'l.delivery_mechanism as kind',
      sql<number>`least(sum(l.weekly_pence), p.approved_weekly_pence)::integer`.as('weekly_pence'),
      sql<string | null>`string_agg(DISTINCT l.provider, ', ')`.as('providers'),
    ])
    .where('p.council_id', '=', councilId)
    .where('l.council_id', '=', councilId)
    .where('p.status', '=', 'active')
    .where('l.delivery_mechanism', 'in', MONEY_HELD_AS)
    // The plan's and the person's other columns follow from their keys.
    .groupBy(['p.id', 'person.id', 'l.delivery_mechanism'])
    .orderBy('p.active_from')
    .orderBy('p.id')
  if (only.planId) query = query.where('p.id', '=', only.planId)
  const rows = await query.execute()
  return rows.map((row) => ({
    ...row,
    kind: row.kind as (typeof MONEY_HELD_AS)[number],
    weekly_pence: Number(row.weekly_pence),
  }))
}

/**
 * How many people's plans in effect need each service component in each
 * postcode district, and how many of them hold that line's money as a
 * direct payment or an ISF: what the market must supply, by place.
 *
 * @example
 * await needsByDistrict(db, councilId) // [{ serviceComponent: 'Home support or domiciliary care', district: 'DN4', people: 31, … }]
 */
export async function needsByDistrict(db: Db, councilId: string) {
  const { rows } = await sql<{
    service_component: string
    district: string
    people: number | string
    direct_payment_people: number | string
    isf_people: number | string
  }>`
    SELECT l.service_component, split_part(p.postcode, ' ', 1) AS district,
      count(DISTINCT sp.person_id) AS people,
      count(DISTINCT sp.person_id) FILTER (WHERE l.delivery_mechanism = 'direct_payment') AS direct_payment_people,
      count(DISTINCT sp.person_id) FILTER (WHERE l.delivery_mechanism = 'individual_service_fund') AS isf_people
    FROM support_plans sp
    JOIN support_plan_lines l ON l.plan_id = sp.id
    JOIN people_live p ON p.id = sp.person_id
    WHERE sp.council_id = ${councilId}::uuid AND sp.status = 'active'
      AND l.service_component IS NOT NULL AND p.postcode IS NOT NULL
    GROUP BY 1, 2`.execute(db)
  return rows.map((row) => ({
    serviceComponent: row.service_component,
    district: row.district,
    people: Number(row.people),
    directPaymentPeople: Number(row.direct_payment_people),
    isfPeople: Number(row.isf_people),
  }))
}
