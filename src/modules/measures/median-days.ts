/**
 * A median wait in days, overall and for each value of a grouping column: the
 * shape of the local measures of how long things take in ASCEND's own records
 * (funding decisions by route, packages arranged by kind of service).
 */
import { type BreakdownRow, num, numOrNull } from './definition.ts'
import { literal } from './sql.ts'

/** A council's row of `medianDaysSql`: the waits counted and their median, overall and by group. */
export type MedianDaysRow = { council_id: string; counted: number; median_days: number | null } & Record<
  string,
  number | null
>

/**
 * One row per council over the rows of `waits` (a query giving `council_id`,
 * `days` and `column`): how many waits (`counted`) and their median
 * (`median_days`), and the same for each of `groups` (`counted_<n>`,
 * `median_days_<n>`, n its place in the list).
 *
 * @example
 * medianDaysSql('SELECT council_id, route, days FROM …', 'route', ['practitioner', 'panel'])
 */
export function medianDaysSql(waits: string, column: string, groups: readonly string[]): string {
  return `
SELECT council_id, count(*) AS counted,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median_days,
  ${groups
    .map(
      (value, at) => `count(*) FILTER (WHERE ${column} = ${literal(value)}) AS counted_${at},
  percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FILTER (WHERE ${column} = ${literal(value)}) AS median_days_${at}`,
    )
    .join(',\n  ')}
FROM (${waits}) AS waits GROUP BY council_id`
}

/**
 * Each group's waits counted (the denominator) and median (the value), labelled in the order of `groups`.
 *
 * @example
 * medianDaysBreakdown(row, ['Practitioner', 'Panel']) // [{ label: 'Practitioner', numerator: null, denominator: 2, value: 1 }, …]
 */
export function medianDaysBreakdown(
  row: MedianDaysRow | undefined,
  labels: readonly string[],
): BreakdownRow[] {
  return labels.map((label, at) => ({
    label,
    numerator: null,
    denominator: num(row?.[`counted_${at}`]),
    value: numOrNull(row?.[`median_days_${at}`]),
  }))
}
