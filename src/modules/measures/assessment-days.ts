/**
 * ASSESSMENT-DAYS-MEDIAN, a local measure: how long people wait from asking
 * for support to a completed assessment, as a median in days. Read from the
 * CLD events, so it works alike for requests and assessments recorded in
 * ASCEND (each projects into an event) and for those imported from a CLD file.
 */
import { type Figures, type MeasureDefinition, type MeasureFamily, num } from './definition.ts'
import { measureEventsRelation } from './event-source.ts'
import {
  derivedEndSql,
  eventsFrom,
  inSlice,
  PERIOD_END,
  PERIOD_START,
  recordedEndNotBefore,
  type Scope,
} from './sql.ts'

/** How far back a request may lie to be the one an assessment answers. */
export const REQUEST_LOOKBACK_DAYS = 365

function query(scope: Scope): string {
  const end = derivedEndSql('e', 'p')
  return `
WITH completed AS (
  SELECT e.id, e.council_id, e.person_id, e.event_start_on AS started_on, ${end} AS completed_on
  FROM ${eventsFrom(scope)}
    AND e.event_type = 'Assessment' AND e.client_type = 'Service user'
    AND e.assessment_type IN ('Long term assessment', 'Short term assessment')
    -- Implied by the next line; the assessments that ended before the period are left out before their
    -- people's deaths and requests are looked up.
    AND ${recordedEndNotBefore('e', PERIOD_START)}
    AND (${end}) BETWEEN ${PERIOD_START} AND ${PERIOD_END}
),
waits AS (
  SELECT a.council_id, a.id, a.completed_on - max(r.event_start_on) AS days
  FROM completed a
  JOIN ${measureEventsRelation()} r ON r.person_id = a.person_id AND r.council_id = a.council_id${inSlice(scope, 'r.person_id')}
    AND r.event_type = 'Request' AND r.client_type = 'Service user'
    AND r.event_start_on <= a.started_on AND r.event_start_on >= a.started_on - ${REQUEST_LOOKBACK_DAYS}
  GROUP BY a.council_id, a.id, a.completed_on
)
${
  // A slice of people gives how many waited each number of days; the median is found from all slices' counts.
  scope.slice
    ? 'SELECT council_id, days, count(*) AS assessments FROM waits GROUP BY council_id, days'
    : `SELECT council_id, count(*) AS assessments, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median_days
FROM waits GROUP BY council_id`
}`
}

/**
 * The whole query's row from every slice's counts of assessments by days
 * waited: the median as percentile_cont(0.5) gives it, halfway between the
 * two middle waits when their number is even. (A slice's row: how many
 * assessments waited so many days.)
 *
 * @example
 * medianOfSlices([{ council_id: 'c', days: 3, assessments: 2 }, { council_id: 'c', days: 10, assessments: 2 }])
 * // { council_id: 'c', assessments: 4, median_days: 6.5 }
 */
export function medianOfSlices(rows: Record<string, unknown>[]): Row | undefined {
  const first = rows[0]
  if (!first) return undefined
  const byDays = new Map<number, number>()
  for (const row of rows) {
    const days = Number(row.days)
    byDays.set(days, (byDays.get(days) ?? 0) + Number(row.assessments))
  }
  const waits = [...byDays].sort(([a], [b]) => a - b)
  const count = waits.reduce((sum, [, n]) => sum + n, 0)
  // The waits at positions floor and ceil of (count - 1) / 2, counting from 0.
  const at = (position: number) => {
    let seen = 0
    for (const [days, n] of waits) {
      seen += n
      if (position < seen) return days
    }
    throw new Error(`No wait at position ${position} of ${count}`)
  }
  const middle = (count - 1) / 2
  const low = at(Math.floor(middle))
  const high = at(Math.ceil(middle))
  return {
    council_id: String(first.council_id),
    assessments: count,
    median_days: low + (high - low) * (middle - Math.floor(middle)),
  }
}

interface Row {
  council_id: string
  assessments: number
  median_days: number | null
}

export const assessmentDaysFamily: MeasureFamily<Row> = {
  key: 'assessment-days',
  query,
  bySlices: medianOfSlices,
  figures(row): Record<string, Figures> {
    const count = num(row?.assessments)
    return {
      'ASSESSMENT-DAYS-MEDIAN': {
        numerator: null,
        denominator: count,
        value:
          count && row?.median_days !== null && row?.median_days !== undefined
            ? Number(row.median_days)
            : null,
        note: 'A median has no numerator: the denominator is the number of completed assessments measured.',
      },
    }
  },
}

export const assessmentDaysMedian: MeasureDefinition = {
  code: 'ASSESSMENT-DAYS-MEDIAN',
  title: 'Days from request to completed assessment (median)',
  unit: 'days',
  kind: 'local',
  family: 'assessment-days',
  summary:
    'The middle wait, in days, from a request for support to the completed needs assessment that followed it.',
  numeratorText: 'None: the value is a median',
  denominatorText:
    'Completed long-term and short-term assessments of people who use services, ending in the period, with a request before them',
  definition: [
    'Each long-term or short-term assessment of a person who uses services (not a carer’s or financial assessment) completed in the period is paired with the latest request for support from the same person that started on or before the day the assessment started, and no more than 365 days before it.',
    'The wait is the days from the request to the assessment’s completion. Assessments with no such request are left out. The value is the median wait (half waited less, half more).',
  ],
}
