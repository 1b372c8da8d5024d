/**
 * HOMECARE-10H, a local measure: of the people with long-term home care at the
 * period end, the share whose planned hours add up to 10 or more a week —
 * one of the distributions the sector argues about.
 */
import { type Figures, type LongTermPart, type MeasureDefinition, num, share } from './definition.ts'
import { LT_COMMUNITY } from './rules.ts'
import { literal, PERIOD_END } from './sql.ts'

const HOME_CARE_AT_END = (end: string) => `e.event_type = 'Service' AND e.client_type = 'Service user'
    AND e.service_type = ${literal(LT_COMMUNITY)}
    AND lower(e.service_component) = 'home support or domiciliary care'
    AND e.event_start_on <= ${PERIOD_END}
    AND ((${end}) >= ${PERIOD_END} OR (${end}) IS NULL)`
const HOURLY = `lower(e.cost_frequency_unit_type) = 'hourly'`

/** Home care's part of the long-term support pass: each person's planned hours of home care open at the period end. */
export const homeCarePart: LongTermPart<Row> = {
  key: 'home_care',
  perPerson: (end) => [
    `count(*) FILTER (WHERE ${HOME_CARE_AT_END(end)}) AS home_care_services`,
    `sum(CASE WHEN ${HOME_CARE_AT_END(end)} AND ${HOURLY} THEN abs(e.planned_units_per_week) END) AS home_care_hours`,
    `count(*) FILTER (WHERE ${HOME_CARE_AT_END(end)} AND ${HOURLY} AND e.planned_units_per_week IS NOT NULL) AS home_care_priced_by_the_hour`,
  ],
  perCouncil: [
    'count(*) FILTER (WHERE home_care_services > 0 AND home_care_priced_by_the_hour > 0 AND home_care_hours >= 10) AS numerator',
    'count(*) FILTER (WHERE home_care_services > 0 AND home_care_priced_by_the_hour > 0) AS denominator',
    'count(*) FILTER (WHERE home_care_services > 0 AND home_care_priced_by_the_hour = 0) AS hours_unknown',
  ],
  figures,
}

interface Row {
  council_id: string
  numerator: number
  denominator: number
  hours_unknown: number
}

function figures(row: Row | undefined): Record<string, Figures> {
  return {
    'HOMECARE-10H': {
      ...share(row?.numerator, row?.denominator),
      note: `${num(row?.hours_unknown)} people with home care had no hours recorded (not priced by the hour, or no planned units) and are left out.`,
    },
  }
}

export const homeCare10h: MeasureDefinition = {
  code: 'HOMECARE-10H',
  title: 'Home care packages of 10 or more hours a week',
  unit: 'percent',
  kind: 'local',
  family: 'long-term-support',
  summary:
    'Of the people receiving long-term home care at the period end, the share planned to receive 10 or more hours a week.',
  numeratorText: 'People whose planned home care adds up to 10 or more hours a week',
  denominatorText: 'People with long-term home care at the period end whose hours are recorded',
  definition: [
    'Home care is a long-term community support service whose component is home support or domiciliary care, open on the last day of the period.',
    'A person’s hours are the planned units per week of all their home care services priced by the hour, added together. People whose home care is not priced by the hour, or has no planned units, are left out and counted in the note, because their hours are not known.',
  ],
}
