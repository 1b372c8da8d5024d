/**
 * PACKAGE-DAYS-MEDIAN, a local measure from ASCEND's package offers: how long
 * the care in a plan took to arrange with a provider, from the plan coming
 * into effect to a provider accepting the line. Each day is a day someone
 * waited for care they were assessed as needing; by kind of service it shows
 * where the market is short.
 */
import { SERVICE_TYPES } from '../../kernel/code-lists/cld.ts'
import { type Figures, type MeasureDefinition, type MeasureFamily, num, numOrNull } from './definition.ts'
import { type MedianDaysRow, medianDaysBreakdown, medianDaysSql } from './median-days.ts'
import { inScope, PERIOD_END, PERIOD_START, type Scope } from './sql.ts'

/**
 * Packages arranged in the period: lines a provider accepted then, counted
 * once (an acceptance carried to a later version of the plan was arranged
 * when first accepted), with the days from the plan coming into effect (none
 * when the provider accepted before it did).
 */
const arranged = (scope: Scope) => `
  SELECT o.council_id, l.service_type,
    GREATEST(CAST(o.responded_at AS date) - sp.active_from, 0) AS days
  FROM package_offers o
  JOIN support_plans sp ON sp.id = o.plan_id
  JOIN support_plan_lines l ON l.plan_id = o.plan_id AND l.position = o.line_position
  WHERE ${inScope(scope, 'o')} AND o.status = 'accepted' AND o.carried_from_id IS NULL
    AND sp.active_from IS NOT NULL
    AND CAST(o.responded_at AS date) BETWEEN ${PERIOD_START} AND ${PERIOD_END}`

const query = (scope: Scope) => medianDaysSql(arranged(scope), 'service_type', SERVICE_TYPES)

export const packagesArrangedFamily: MeasureFamily<MedianDaysRow> = {
  key: 'packages-arranged',
  // Offers are not among the tables whose changes move the data version: always worked out afresh.
  cacheable: false,
  query,
  figures(row): Record<string, Figures> {
    const total = num(row?.counted)
    // Only the kinds of service arranged in the period: a row for every CLD service type would be mostly empty.
    const breakdown = medianDaysBreakdown(row, SERVICE_TYPES).filter((kind) => kind.denominator)
    return {
      'PACKAGE-DAYS-MEDIAN': {
        numerator: null,
        denominator: total,
        value: total ? numOrNull(row?.median_days) : null,
        note: total
          ? 'A median has no numerator: the denominator is the number of packages arranged.'
          : 'No package was accepted by a provider through ASCEND in the period.',
        breakdown,
      },
    }
  },
}

export const packageDaysMedian: MeasureDefinition = {
  code: 'PACKAGE-DAYS-MEDIAN',
  title: 'Days from a plan coming into effect to its care being arranged (median)',
  unit: 'days',
  kind: 'local',
  family: 'packages-arranged',
  breakdownBy: { heading: 'By kind of service', column: 'Service' },
  summary:
    'The middle wait, in days, from a support plan coming into effect to a provider accepting a package of its care, overall and by kind of service.',
  numeratorText: 'None: the value is a median',
  denominatorText: 'Packages of care accepted by a provider in the period',
  definition: [
    'A package is a line of a support plan in effect whose care the council arranges, offered to providers through ASCEND. It counts in the period a provider accepted it, once: when a new version of the plan keeps the same provider, the package is not arranged again.',
    'The wait is counted in calendar days from the day the plan came into effect to the day the provider accepted (the same day is 0; a provider accepting before the plan came into effect waited 0 days). Direct payments, which people arrange themselves, and lines naming a provider in the plan are not offered, so do not count.',
    'The value is the median wait (half waited less, half more); the breakdown gives the median for each kind of service arranged.',
  ],
}
