/**
 * REVIEWS-ON-TIME, a local measure: of the people who have been in long-term
 * support for at least a year, the share reviewed in the period (the Care Act
 * expects a review at least every 12 months). Like SALT's LTS002b, from the
 * Review events.
 */
import { type Figures, type MeasureDefinition, type MeasureFamily, num, percentage } from './definition.ts'
import { measureEventsRelation } from './event-source.ts'
import { LONG_TERM_SERVICE_TYPES } from './rules.ts'
import { derivedEndSql, eventsFrom, literals, PERIOD_END, PERIOD_START, type Scope } from './sql.ts'

function query(scope: Scope): string {
  const end = derivedEndSql('e', 'p')
  const openOn = (day: string) =>
    `bool_or(e.event_start_on <= ${day} AND ((${end}) IS NULL OR (${end}) >= ${day}))`
  return `
WITH long_term AS (
  SELECT e.council_id, e.person_id, ${openOn(PERIOD_START)} AS at_start, ${openOn(PERIOD_END)} AS at_end
  FROM ${eventsFrom(scope)}
    AND e.event_type = 'Service' AND e.client_type = 'Service user'
    AND e.service_type IN ${literals(LONG_TERM_SERVICE_TYPES)}
    AND (p.date_of_death IS NULL OR p.date_of_death > ${PERIOD_END})
  GROUP BY e.council_id, e.person_id
),
cohort AS (SELECT council_id, person_id FROM long_term WHERE at_start AND at_end),
reviewed AS (
  SELECT DISTINCT r.person_id FROM ${measureEventsRelation()} r
  WHERE r.event_type = 'Review' AND r.client_type = 'Service user'
    AND r.event_end_on BETWEEN ${PERIOD_START} AND ${PERIOD_END}
    AND r.person_id IN (SELECT person_id FROM cohort)
)
SELECT c.council_id, count(*) AS denominator, count(r.person_id) AS numerator
FROM cohort c LEFT JOIN reviewed r ON r.person_id = c.person_id
GROUP BY c.council_id`
}

interface Row {
  council_id: string
  numerator: number
  denominator: number
}

export const reviewsFamily: MeasureFamily<Row> = {
  key: 'reviews',
  query,
  figures(row): Record<string, Figures> {
    const n = num(row?.numerator)
    const d = num(row?.denominator)
    return { 'REVIEWS-ON-TIME': { numerator: n, denominator: d, value: percentage(n, d) } }
  },
}

export const reviewsOnTime: MeasureDefinition = {
  code: 'REVIEWS-ON-TIME',
  title: 'People in long-term support for a year who were reviewed',
  unit: 'percent',
  kind: 'local',
  family: 'reviews',
  summary:
    'Of the people in long-term support both at the start and at the end of the period, the share with a review completed during it.',
  numeratorText: 'Of those, people with a review completed in the period',
  denominatorText:
    'People who use services with long-term support open on the first and on the last day of the period',
  definition: [
    'The denominator counts people who use services with a long-term service (nursing, residential, community or prison) open on the first day of the period and one open on its last day, who were alive at the end: people in long-term support for at least a year when the period is a year.',
    'The numerator counts those with a review (planned or unplanned) completed during the period. The Care Act statutory guidance expects a plan to be reviewed at least every 12 months.',
  ],
}
