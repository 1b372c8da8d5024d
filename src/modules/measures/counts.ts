/**
 * The fixed list of counts a council can build its own measures from: each
 * local measure is one count over another. Users choose counts by key from
 * this list; they never write SQL.
 */
import type { FigureContext, Figures, MeasureFamily, PopulationForPeriod } from './definition.ts'
import { addedUp } from './person-slices.ts'
import { LONG_TERM_SERVICE_TYPES, LT_COMMUNITY, LT_NURSING, LT_RESIDENTIAL, ST_MAX } from './rules.ts'
import {
  derivedEndSql,
  eventsFrom,
  inFirstSlice,
  inScope,
  literal,
  literals,
  PERIOD_END,
  PERIOD_START,
  recordedEndNotBefore,
  type Scope,
} from './sql.ts'

export interface CountDefinition {
  key: string
  label: string
  /** People with at least one event (alias e, death dates p) meeting this condition. */
  people?: string
  /** Events meeting this condition. */
  events?: string
  /** An aggregate over the time entries (alias t). */
  minutes?: string
  population?: keyof Pick<PopulationForPeriod, 'aged18To64' | 'aged65Plus'> | 'aged18Plus'
}

const END = derivedEndSql('e', 'p')
const overlapsPeriod = `e.event_start_on <= ${PERIOD_END} AND ((${END}) >= ${PERIOD_START} OR (${END}) IS NULL)`
const openAtEnd = `e.event_start_on <= ${PERIOD_END} AND ((${END}) >= ${PERIOD_END} OR (${END}) IS NULL)
  AND (p.date_of_death IS NULL OR p.date_of_death >= ${PERIOD_END})`
const endsInPeriod = `(${END}) BETWEEN ${PERIOD_START} AND ${PERIOD_END}`

const SERVICE_USER_SERVICE = `e.event_type = 'Service' AND e.client_type = 'Service user'`
const LONG_TERM = `${SERVICE_USER_SERVICE} AND e.service_type IN ${literals(LONG_TERM_SERVICE_TYPES)}`

export const COUNTS: readonly CountDefinition[] = [
  {
    key: 'people-in-long-term-support',
    label: 'People in long-term support at any time in the period',
    people: `${LONG_TERM} AND ${overlapsPeriod}`,
  },
  {
    key: 'people-in-long-term-support-at-end',
    label: 'People in long-term support at the period end',
    people: `${LONG_TERM} AND ${openAtEnd}`,
  },
  {
    key: 'people-in-community-support-at-end',
    label: 'People in long-term community support at the period end',
    people: `${SERVICE_USER_SERVICE} AND e.service_type = ${literal(LT_COMMUNITY)} AND ${openAtEnd}`,
  },
  {
    key: 'people-in-care-homes-at-end',
    label: 'People in long-term residential or nursing care at the period end',
    people: `${SERVICE_USER_SERVICE} AND e.service_type IN ${literals([LT_RESIDENTIAL, LT_NURSING])} AND ${openAtEnd}`,
  },
  {
    key: 'people-with-direct-payments-at-end',
    label: 'People with a direct payment for long-term community support at the period end',
    people: `${SERVICE_USER_SERVICE} AND e.service_type = ${literal(LT_COMMUNITY)} AND ${openAtEnd}
       AND (lower(e.delivery_mechanism) = 'direct payment' OR lower(e.service_component) = 'direct payment')`,
  },
  {
    key: 'requests-completed',
    label: 'Requests for support completed in the period',
    events: `e.event_type = 'Request' AND e.client_type = 'Service user' AND ${endsInPeriod}`,
  },
  {
    key: 'assessments-completed',
    label: 'Needs assessments completed in the period (long-term and short-term)',
    events: `e.event_type = 'Assessment' AND e.client_type = 'Service user'
       AND e.assessment_type IN ('Long term assessment', 'Short term assessment') AND ${endsInPeriod}`,
  },
  {
    key: 'carers-assessments-completed',
    label: 'Carers’ assessments completed in the period',
    events: `e.event_type = 'Assessment' AND e.client_type = 'Unpaid carer' AND ${endsInPeriod}`,
  },
  {
    key: 'reviews-completed',
    label: 'Reviews completed in the period',
    events: `e.event_type = 'Review' AND ${endsInPeriod}`,
  },
  {
    key: 'reablement-services-ended',
    label: 'Reablement (ST-Max) services that ended in the period',
    events: `${SERVICE_USER_SERVICE} AND e.service_type = ${literal(ST_MAX)} AND ${endsInPeriod}`,
  },
  {
    key: 'carers-supported',
    label: 'Unpaid carers with carer support at any time in the period',
    people: `e.event_type = 'Service' AND e.service_type LIKE 'Unpaid carer support:%' AND ${overlapsPeriod}`,
  },
  {
    key: 'direct-minutes',
    label: 'Practitioner minutes of direct contact recorded in the period',
    minutes: 'sum(t.direct_minutes)',
  },
  {
    key: 'all-minutes',
    label: 'All practitioner minutes recorded in the period',
    minutes: 'sum(t.direct_minutes + t.travel_minutes + t.recording_minutes)',
  },
  { key: 'population-18-to-64', label: 'Population aged 18 to 64 (ONS mid-year)', population: 'aged18To64' },
  {
    key: 'population-65-plus',
    label: 'Population aged 65 and over (ONS mid-year)',
    population: 'aged65Plus',
  },
  {
    key: 'population-18-plus',
    label: 'Population aged 18 and over (ONS mid-year)',
    population: 'aged18Plus',
  },
]

export const COUNT_KEYS = COUNTS.map((count) => count.key)

/** The name of a count's column in the family's one row per council. */
const column = (key: string) => `count_${key.replace(/-/g, '_')}`

const counted = COUNTS.filter((count) => count.people || count.events || count.minutes)
const ofPeople = COUNTS.filter((count) => count.people)
const ofEvents = COUNTS.filter((count) => count.events)

function query(scope: Scope): string {
  // Events counted in one pass; people in another, over only the events a count of people looks at,
  // a flag per person and count (so each person counts once, with no DISTINCT); time entries in a third.
  return `
WITH per_person AS (
  SELECT e.council_id, e.person_id,
    ${ofPeople.map((c) => `max(CASE WHEN ${c.people} THEN 1 ELSE 0 END) AS ${column(c.key)}`).join(',\n    ')}
  FROM ${eventsFrom(scope)}
    AND e.event_start_on <= ${PERIOD_END} AND ${recordedEndNotBefore('e', PERIOD_START)}
    AND (${ofPeople.map((c) => `(${c.people})`).join('\n      OR ')})
  GROUP BY e.council_id, e.person_id
),
from_people AS (
  SELECT council_id, ${ofPeople.map((c) => `sum(${column(c.key)}) AS ${column(c.key)}`).join(', ')}
  FROM per_person GROUP BY council_id
),
from_events AS (
  SELECT e.council_id, ${ofEvents.map((c) => `count(*) FILTER (WHERE ${c.events}) AS ${column(c.key)}`).join(',\n    ')}
  FROM ${eventsFrom(scope)}
    AND e.event_start_on <= ${PERIOD_END} AND ${recordedEndNotBefore('e', PERIOD_START)}
  GROUP BY e.council_id
),
from_time AS (
  SELECT t.council_id, ${COUNTS.filter((c) => c.minutes)
    .map((c) => `${c.minutes} AS ${column(c.key)}`)
    .join(', ')}
  FROM time_entries t
  WHERE ${inScope(scope, 't')}${inFirstSlice(scope)} AND t.recorded_on BETWEEN ${PERIOD_START} AND ${PERIOD_END}
  GROUP BY t.council_id
)
SELECT COALESCE(v.council_id, m.council_id) AS council_id,
  ${counted.map((c) => `${c.people ? 'w' : c.events ? 'v' : 'm'}.${column(c.key)}`).join(', ')}
FROM from_events v
  LEFT JOIN from_people w ON w.council_id = v.council_id
  FULL JOIN from_time m ON m.council_id = v.council_id`
}

/** A count's value for one council and period; null when it needs a population that is not set. */
export function countValue(
  key: string,
  row: Record<string, unknown> | undefined,
  context: FigureContext,
): number | null {
  const count = COUNTS.find((c) => c.key === key)
  if (!count) return null
  if (count.population) {
    const population = context.population
    if (!population) return null
    return count.population === 'aged18Plus'
      ? population.aged18To64 + population.aged65Plus
      : population[count.population]
  }
  return Number(row?.[column(key)] ?? 0)
}

/** Every count for a council, kept whole in the cache so a council's own measures are worked out from it. */
export const countsFamily: MeasureFamily = {
  key: 'counts',
  bySlices: addedUp,
  query,
  figures(row): Record<string, Figures> {
    return {
      COUNTS: {
        numerator: null,
        denominator: null,
        value: null,
        breakdown: counted.map((count) => ({
          label: count.key,
          numerator: Number(row?.[column(count.key)] ?? 0),
          denominator: null,
          value: null,
        })),
      },
    }
  },
}
