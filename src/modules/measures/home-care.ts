/**
 * HOMECARE-10H, a local measure: of the people with long-term home care at the
 * period end, the share whose planned hours add up to 10 or more a week —
 * one of the distributions the sector argues about.
 */
import { type Figures, type MeasureDefinition, type MeasureFamily, num, percentage } from './definition.ts'
import { LT_COMMUNITY } from './rules.ts'
import { derivedEndSql, eventsFrom, literal, PERIOD_END, type Scope } from './sql.ts'

function query(scope: Scope): string {
  const end = derivedEndSql('e', 'p')
  return `
WITH home_care AS (
  SELECT e.council_id, e.person_id,
    sum(CASE WHEN lower(e.cost_frequency_unit_type) = 'hourly' THEN abs(e.planned_units_per_week) END) AS hours,
    count(*) FILTER (WHERE lower(e.cost_frequency_unit_type) = 'hourly' AND e.planned_units_per_week IS NOT NULL) AS priced_by_the_hour
  FROM ${eventsFrom(scope)}
    AND e.event_type = 'Service' AND e.client_type = 'Service user'
    AND e.service_type = ${literal(LT_COMMUNITY)}
    AND lower(e.service_component) = 'home support or domiciliary care'
    AND e.event_start_on <= ${PERIOD_END}
    AND ((${end}) >= ${PERIOD_END} OR (${end}) IS NULL)
  GROUP BY e.council_id, e.person_id
)
SELECT council_id,
  count(*) FILTER (WHERE priced_by_the_hour > 0 AND hours >= 10) AS numerator,
  count(*) FILTER (WHERE priced_by_the_hour > 0) AS denominator,
  count(*) FILTER (WHERE priced_by_the_hour = 0) AS hours_unknown
FROM home_care GROUP BY council_id`
}

interface Row {
  council_id: string
  numerator: number
  denominator: number
  hours_unknown: number
}

export const homeCareFamily: MeasureFamily<Row> = {
  key: 'home-care',
  query,
  figures(row): Record<string, Figures> {
    const n = num(row?.numerator)
    const d = num(row?.denominator)
    return {
      'HOMECARE-10H': {
        numerator: n,
        denominator: d,
        value: percentage(n, d),
        note: `${num(row?.hours_unknown)} people with home care had no hours recorded (not priced by the hour, or no planned units) and are left out.`,
      },
    }
  },
}

export const homeCare10h: MeasureDefinition = {
  code: 'HOMECARE-10H',
  title: 'Home care packages of 10 or more hours a week',
  unit: 'percent',
  kind: 'local',
  family: 'home-care',
  summary:
    'Of the people receiving long-term home care at the period end, the share planned to receive 10 or more hours a week.',
  numeratorText: 'People whose planned home care adds up to 10 or more hours a week',
  denominatorText: 'People with long-term home care at the period end whose hours are recorded',
  definition: [
    'Home care is a long-term community support service whose component is home support or domiciliary care, open on the last day of the period.',
    'A person’s hours are the planned units per week of all their home care services priced by the hour, added together. People whose home care is not priced by the hour, or has no planned units, are left out and counted in the note, because their hours are not known.',
  ],
}
