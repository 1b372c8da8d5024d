/**
 * REVIEWS-ON-TIME, a local measure: of the people who have been in long-term
 * support for at least a year, the share reviewed in the period (the Care Act
 * expects a review at least every 12 months). Like SALT's LTS002b, from the
 * Review events.
 */
import { type Figures, type LongTermPart, type MeasureDefinition, share } from './definition.ts'
import { longTermServiceSql, PERIOD_END, PERIOD_START } from './sql.ts'

/**
 * Reviews' part of the long-term support pass: the people who use services
 * with long-term support open on the first and on the last day of the period,
 * alive at its end, and whether they had a review that ended in it.
 */
export const reviewsPart: LongTermPart<Row> = {
  key: 'reviews',
  perPerson: (end) => {
    const openOn = (day: string) =>
      `bool_or(${longTermServiceSql('e')} AND (p.date_of_death IS NULL OR p.date_of_death > ${PERIOD_END})
      AND e.event_start_on <= ${day} AND ((${end}) IS NULL OR (${end}) >= ${day}))`
    return [
      `${openOn(PERIOD_START)} AS long_term_at_start`,
      `${openOn(PERIOD_END)} AS long_term_at_end`,
      `bool_or(e.event_type = 'Review' AND e.client_type = 'Service user'
      AND e.event_end_on BETWEEN ${PERIOD_START} AND ${PERIOD_END}) AS reviewed`,
    ]
  },
  perCouncil: [
    'count(*) FILTER (WHERE long_term_at_start AND long_term_at_end) AS denominator',
    'count(*) FILTER (WHERE long_term_at_start AND long_term_at_end AND reviewed) AS numerator',
  ],
  figures,
}

interface Row {
  council_id: string
  numerator: number
  denominator: number
}

function figures(row: Row | undefined): Record<string, Figures> {
  return { 'REVIEWS-ON-TIME': share(row?.numerator, row?.denominator) }
}

export const reviewsOnTime: MeasureDefinition = {
  code: 'REVIEWS-ON-TIME',
  title: 'People in long-term support for a year who were reviewed',
  unit: 'percent',
  kind: 'local',
  family: 'long-term-support',
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
