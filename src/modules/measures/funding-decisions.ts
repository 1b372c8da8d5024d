/**
 * DELEGATED-SHARE and DECISION-DAYS-MEDIAN, local measures from ASCEND's
 * funding requests: how many decisions the scheme of delegation left with the
 * practitioner, and how long decisions take, each by approval route.
 */
import {
  type BreakdownRow,
  type Figures,
  type MeasureDefinition,
  type MeasureFamily,
  num,
  numOrNull,
  percentage,
} from './definition.ts'
import { type MedianDaysRow, medianDaysBreakdown, medianDaysSql } from './median-days.ts'
import { inScope, PERIOD_END, PERIOD_START, type Scope } from './sql.ts'

export const ROUTES = [
  ['practitioner', 'Practitioner'],
  ['team_manager', 'Team manager'],
  ['head_of_service', 'Head of service'],
  ['panel', 'Panel'],
] as const

const BY_ROUTE = { heading: 'By approval route', column: 'Route' }

const decided = (scope: Scope) => `
  SELECT f.council_id, f.route, CAST(f.decided_at AS date) - CAST(f.submitted_at AS date) AS days
  FROM funding_requests f
  WHERE ${inScope(scope, 'f')} AND f.status IN ('approved', 'amended', 'refused')
    AND CAST(f.decided_at AS date) BETWEEN ${PERIOD_START} AND ${PERIOD_END}`

const query = (scope: Scope) =>
  medianDaysSql(
    decided(scope),
    'route',
    ROUTES.map(([route]) => route),
  )

export const fundingDecisionsFamily: MeasureFamily<MedianDaysRow> = {
  key: 'funding-decisions',
  // Funding requests are not among the tables whose changes move the data version: always worked out afresh.
  cacheable: false,
  query,
  figures(row): Record<string, Figures> {
    const total = num(row?.counted)
    // The practitioner is the first route.
    const delegated = num(row?.counted_0)
    const shares: BreakdownRow[] = ROUTES.map(([, label], at) => ({
      label,
      numerator: num(row?.[`counted_${at}`]),
      denominator: total,
      value: percentage(num(row?.[`counted_${at}`]), total),
    }))
    const days = medianDaysBreakdown(
      row,
      ROUTES.map(([, label]) => label),
    )
    const none = total ? undefined : 'No funding request recorded in ASCEND was decided in the period.'
    return {
      'DELEGATED-SHARE': {
        numerator: delegated,
        denominator: total,
        value: percentage(delegated, total),
        note: none,
        breakdown: shares,
      },
      'DECISION-DAYS-MEDIAN': {
        numerator: null,
        denominator: total,
        value: total ? numOrNull(row?.median_days) : null,
        note: none ?? 'A median has no numerator: the denominator is the number of decisions measured.',
        breakdown: days,
      },
    }
  },
}

export const delegatedShare: MeasureDefinition = {
  code: 'DELEGATED-SHARE',
  title: 'Funding decisions made by practitioners under delegated authority',
  unit: 'percent',
  kind: 'local',
  family: 'funding-decisions',
  breakdownBy: BY_ROUTE,
  summary:
    'Of the funding requests decided in the period, the share the scheme of delegation left with the practitioner, with the share taken by each route.',
  numeratorText: 'Funding requests decided in the period on the practitioner route',
  denominatorText: 'Funding requests decided (approved, amended or refused) in the period',
  definition: [
    'Each funding request is routed by the council’s scheme of delegation: to the practitioner within their limit, or up to a team manager, a head of service or a panel. A request counts in the period it was approved, amended or refused; requests returned, deferred or still waiting do not count.',
    'The numerator counts decisions on the practitioner route; the breakdown gives every route’s share.',
  ],
}

export const decisionDaysMedian: MeasureDefinition = {
  code: 'DECISION-DAYS-MEDIAN',
  title: 'Days from funding request to decision (median), by route',
  unit: 'days',
  kind: 'local',
  family: 'funding-decisions',
  breakdownBy: BY_ROUTE,
  summary:
    'The middle wait, in days, from a funding request being submitted to its decision, overall and for each approval route.',
  numeratorText: 'None: the value is a median',
  denominatorText: 'Funding requests decided (approved, amended or refused) in the period',
  definition: [
    'The wait is counted in calendar days from the day a funding request was submitted to the day it was approved, amended or refused (the same day is 0). A deferred request keeps waiting until it is decided.',
    'The value is the median wait (half waited less, half more); the breakdown gives the median for each route.',
  ],
}
