import { apiPoster } from './journey.ts'
import type { JourneyServer } from './journey-server.ts'

/**
 * A person with a plan of home care at £24 an hour, assessed, planned and
 * submitted for funding through the API by the demo practitioner, as the
 * pages would have done it.
 *
 * @example
 * await submittedPlan(journey.server, { givenName: 'Nora', familyName: 'Quayle', hours: 6, deliveryMechanism: 'direct_payment' })
 */
export async function submittedPlan(
  server: JourneyServer,
  person: {
    givenName: string
    familyName: string
    hours: number
    deliveryMechanism: string
    /** The provider the plan names (Caring Hands Ltd unless a direct payment); null for none. */
    provider?: string | null
  },
) {
  const call = await apiPoster(server, 'practitioner')
  const made = await call('/api/v1/people', {
    givenName: person.givenName,
    familyName: person.familyName,
    dateOfBirth: '1951-09-14',
    gender: 'Female',
    confirmNotDuplicate: true,
  })
  const assessment = await call(`/api/v1/people/${made.id}/assessments`, {
    kind: 'needs',
    format: 'light',
    impairmentOrIllness: true,
    wellbeingSignificantlyAffected: true,
    outcomes: { nutrition: ['needs_assistance'], personal_hygiene: ['needs_assistance'] },
  })
  await call(`/api/v1/assessments/${assessment.id}/decision`, { confirm: true })
  const plan = await call(`/api/v1/people/${made.id}/plans`, {
    assessmentId: assessment.id,
    lines: [
      {
        serviceType: 'Long term support: Community',
        serviceComponent: 'Home support or domiciliary care',
        deliveryMechanism: person.deliveryMechanism,
        unitCostPence: 2400,
        unitsPerWeek: person.hours,
        costUnit: 'Hourly',
        provider:
          person.provider !== undefined
            ? person.provider
            : person.deliveryMechanism === 'direct_payment'
              ? null
              : 'Caring Hands Ltd',
      },
    ],
  })
  await call(`/api/v1/plans/${plan.id}/funding-requests`, {})
  return { personId: made.id, planId: plan.id }
}
