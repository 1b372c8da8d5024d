import { expect } from 'vitest'
import { insertPerson } from './fixtures.ts'
import type { CouncilKey, TestContext } from './test-context.ts'

/**
 * Needs found eligible: nutrition (needs assistance: 12 + 4 points) and
 * personal hygiene (needs assistance, pain or distress: 12 + 4 + 3), so 35
 * points, which ASCEND's default RAS makes £210 a week.
 */
export const TWO_OUTCOMES = {
  kind: 'needs',
  format: 'standard',
  impairmentOrIllness: true,
  wellbeingSignificantlyAffected: true,
  outcomes: {
    nutrition: ['needs_assistance'],
    personal_hygiene: ['needs_assistance', 'significant_pain_distress_anxiety'],
  },
}
export const TWO_OUTCOMES_WEEKLY_PENCE = 21_000

const EVERY_DIFFICULTY = [
  'needs_assistance',
  'significant_pain_distress_anxiety',
  'endangers_health_safety',
  'takes_significantly_longer',
]

/** Every outcome with every difficulty: more points than the default cap, so £1,250 a week. */
export const EVERY_OUTCOME = {
  ...TWO_OUTCOMES,
  outcomes: Object.fromEntries(
    [
      'nutrition',
      'personal_hygiene',
      'toilet_needs',
      'clothing',
      'home_safety',
      'habitable_home',
      'relationships',
      'work_training_education_volunteering',
      'community_facilities',
      'caring_for_child',
    ].map((code) => [code, EVERY_DIFFICULTY]),
  ),
}
export const EVERY_OUTCOME_WEEKLY_PENCE = 125_000

/**
 * A person with a completed assessment that found eligible needs, made
 * through the API as a practitioner would.
 *
 * @example
 * const { person, assessmentId } = await assessedPerson(ctx())
 */
export async function assessedPerson(
  ctx: TestContext,
  council: CouncilKey = 'a',
  assessment: object = TWO_OUTCOMES,
) {
  const person = await insertPerson(ctx.database, ctx.councils[council].id)
  const api = await ctx.api('practitioner', council)
  const recorded = await api.post(`/api/v1/people/${person.id}/assessments`, assessment)
  expect(recorded.statusCode, recorded.body).toBe(201)
  const { id } = recorded.json() as { id: string }
  const decided = await api.post(`/api/v1/assessments/${id}/decision`, { confirm: true })
  expect(decided.statusCode, decided.body).toBe(200)
  return { person, assessmentId: id }
}

/** A plan line of home care in the community: `hours` a week at `hourlyPence`. */
export function homeCare(hours: number, hourlyPence = 2400, overrides: Record<string, unknown> = {}) {
  return {
    serviceType: 'Long term support: Community',
    serviceComponent: 'Home support or domiciliary care',
    deliveryMechanism: 'direct_payment',
    unitCostPence: hourlyPence,
    unitsPerWeek: hours,
    costUnit: 'Hourly',
    provider: 'Caring Hands Ltd',
    ...overrides,
  }
}

/**
 * A person with a draft plan of the given lines, made through the API.
 *
 * @example
 * const { person, plan } = await draftPlan(ctx(), [homeCare(7)])
 */
export async function draftPlan(
  ctx: TestContext,
  lines: object[],
  options: { council?: CouncilKey; assessment?: object } = {},
) {
  const { person, assessmentId } = await assessedPerson(ctx, options.council ?? 'a', options.assessment)
  const api = await ctx.api('practitioner', options.council ?? 'a')
  const response = await api.post(`/api/v1/people/${person.id}/plans`, { assessmentId, lines })
  expect(response.statusCode, response.body).toBe(201)
  return { person, assessmentId, plan: response.json() as PlanJson }
}

/**
 * A person with an active plan of 7 hours' home care a week at £24 (£168),
 * held as `deliveryMechanism`: drafted and approved by a practitioner within
 * their delegated limit, through the API.
 */
export async function activePlan(
  ctx: TestContext,
  council: CouncilKey = 'a',
  deliveryMechanism = 'direct_payment',
) {
  const { person, plan } = await draftPlan(ctx, [homeCare(7, 2400, { deliveryMechanism })], { council })
  const api = await ctx.api('practitioner', council)
  const submitted = await api.post(`/api/v1/plans/${plan.id}/funding-requests`, {})
  expect(submitted.statusCode, submitted.body).toBe(201)
  expect(submitted.json()).toMatchObject({ route: 'practitioner', status: 'approved' })
  return { person, plan }
}

export interface PlanJson {
  id: string
  seriesId: string
  version: number
  status: string
  weeklyCostPence: number
  annualCostPence: number
  approvedWeeklyPence: number | null
  indicativeBudget: {
    id: string
    weeklyPence: number
    points: number
    rasVersion: number
    explanation: unknown[]
  }
  lines: Record<string, unknown>[]
}
