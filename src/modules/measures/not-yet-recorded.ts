/**
 * Local measures whose data ASCEND does not record yet. Each says plainly
 * why on its page and in the API, with no figures, rather than a misleading
 * zero. They gain a query when the records they need exist: individual
 * service funds come with support plans and personal budgets, delegation and
 * decision times with funding requests.
 */
import type { Figures, MeasureDefinition, MeasureFamily } from './definition.ts'

function notRecorded(key: string, codes: Record<string, string>): MeasureFamily {
  return {
    key,
    query: () => null,
    figures(): Record<string, Figures> {
      return Object.fromEntries(
        Object.entries(codes).map(([code, note]) => [
          code,
          { numerator: null, denominator: null, value: null, note },
        ]),
      )
    },
  }
}

const ISF_NOTE =
  'Not recorded yet. CLD has no delivery mechanism for an individual service fund, and ASCEND records personal budgets only once support plans are recorded in it.'
const FUNDING_NOTE =
  'Not recorded yet: ASCEND records funding requests and their decisions once that part of the service is in use.'

export const individualServiceFundFamily = notRecorded('individual-service-funds', { 'ISF-PEOPLE': ISF_NOTE })
export const fundingDecisionsFamily = notRecorded('funding-decisions', {
  'DELEGATED-SHARE': FUNDING_NOTE,
  'DECISION-DAYS-MEDIAN': FUNDING_NOTE,
})

export const isfPeople: MeasureDefinition = {
  code: 'ISF-PEOPLE',
  title: 'People whose personal budget is an individual service fund',
  unit: 'percent',
  kind: 'local',
  family: 'individual-service-funds',
  summary:
    'Of the people with a personal budget at the period end, the share holding it as an individual service fund (held by a provider who agrees its use with them).',
  numeratorText: 'People whose personal budget is held as an individual service fund',
  denominatorText: 'People with a personal budget at the period end',
  definition: [
    'An individual service fund is a personal budget held by a provider, who agrees with the person how it is spent.',
    ISF_NOTE,
  ],
}

export const delegatedShare: MeasureDefinition = {
  code: 'DELEGATED-SHARE',
  title: 'Funding decisions made under delegated authority',
  unit: 'percent',
  kind: 'local',
  family: 'funding-decisions',
  summary:
    'Of the funding requests decided in the period, the share approved by the practitioner or their manager within delegated limits rather than by a panel, by route.',
  numeratorText: 'Funding requests decided under delegated authority',
  denominatorText: 'Funding requests decided in the period',
  definition: [
    'Each funding request is routed by the council’s scheme of delegation: to the practitioner within their limit, to a team manager or head of service, or to a panel.',
    FUNDING_NOTE,
  ],
}

export const decisionDaysMedian: MeasureDefinition = {
  code: 'DECISION-DAYS-MEDIAN',
  title: 'Days from funding request to decision (median), by route',
  unit: 'days',
  kind: 'local',
  family: 'funding-decisions',
  summary: 'The middle wait, in days, from a funding request to its decision, for each approval route.',
  numeratorText: 'None: the value is a median',
  denominatorText: 'Funding requests decided in the period',
  definition: [
    'The wait is counted from the day a funding request is made to the day it is decided, for each route it can take.',
    FUNDING_NOTE,
  ],
}
