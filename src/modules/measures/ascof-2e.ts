/**
 * ASCOF 2E (formerly 1G): the proportion of people who receive long-term
 * support who live in their home or with family. All primary support reasons
 * from 2024-25. As DHSC's `Create_ASCOF_2E_2425_Onwards` computes it, with
 * the accommodation deduced from services when the latest status is unknown
 * (their `Create_personal_details_table`).
 */
import {
  type Figures,
  type LongTermPart,
  type MeasureDefinition,
  num,
  share,
  shareInBand,
} from './definition.ts'
import {
  ACCOMMODATION_COMPONENTS,
  LT_COMMUNITY,
  LT_NURSING,
  LT_PRISON,
  LT_RESIDENTIAL,
  OPEN,
  PRESUMED_AT_HOME,
  PRESUMED_IN_COMMUNITY,
  SEQUEL_SERVICE_HIERARCHY,
  SETTLED_ACCOMMODATION,
  UNRANKED_SERVICE,
  UNSETTLED_ACCOMMODATION,
} from './rules.ts'
import {
  derivedEndSql,
  eventsFrom,
  literal,
  literals,
  longTermServiceSql,
  PERIOD_END,
  PERIOD_START,
  personAgeSql,
  rankCase,
  type Scope,
} from './sql.ts'

const KNOWN = literals([...SETTLED_ACCOMMODATION, ...UNSETTLED_ACCOMMODATION])
const TELLING = literals(ACCOMMODATION_COMPONENTS.map((c) => c.toLowerCase()))

/** A long-term service running at some time in the period. */
const IN_PERIOD = (end: string) => `${longTermServiceSql('e')}
    AND ((${end}) >= e.event_start_on OR (${end}) IS NULL)
    AND e.event_start_on <= ${PERIOD_END}
    AND ((${end}) >= ${PERIOD_START} OR (${end}) IS NULL)`

/** Age at the end of the person's latest long-term service in the period (the period end if still open). */
const AGE = `CASE WHEN s.date_of_birth IS NULL THEN NULL ELSE ${personAgeSql('s', 's.latest_long_term_end')} END`

/** In the measure: long-term support in the period, alive when it began, aged 18 or over. */
const IN_MEASURE = `(s.latest_long_term_end IS NOT NULL AND (s.date_of_death IS NULL OR s.date_of_death >= ${PERIOD_START})
    AND ${AGE} >= 18)`

/**
 * 2E's deduction of accommodation from services, for the people in the
 * measure whose status is unknown (alias s in `supported`): the CTEs that end
 * in `deduced` (person_id, service_type, component).
 */
export function deducedAccommodationSql(scope: Scope, supported: string): string {
  const end = derivedEndSql('e', 'p')
  return `services AS (
  SELECT e.person_id, e.service_type, e.event_start_on AS start_on, COALESCE(${end}, DATE '${OPEN}') AS end_on,
    ${rankCase('e.service_type', SEQUEL_SERVICE_HIERARCHY, UNRANKED_SERVICE)} AS type_rank,
    CASE WHEN lower(e.service_component) IN ${TELLING} THEN lower(e.service_component) END AS telling
  FROM ${eventsFrom(scope)}
    AND e.event_type = 'Service'
    -- Only what the period's CLD file would hold: a service begun after the period says nothing of where
    -- someone lived in it, and would change a past year's figure.
    AND e.event_start_on <= ${PERIOD_END}
    AND e.person_id IN (
      SELECT s.person_id FROM ${supported} s
      WHERE ${IN_MEASURE} AND (s.accommodation_status IS NULL OR s.accommodation_status NOT IN ${KNOWN}))
),
latest_services AS (
  SELECT s.*, dense_rank() OVER (PARTITION BY s.person_id
    ORDER BY s.end_on DESC, s.type_rank ASC, CASE WHEN s.telling IS NULL THEN 0 ELSE 1 END DESC, s.start_on DESC) AS position
  FROM services s
),
deduced AS (
  -- Where the latest services disagree on the type, or on a component that tells where someone lives, that part is unknown.
  SELECT person_id,
    CASE WHEN count(DISTINCT CASE WHEN type_rank <> ${UNRANKED_SERVICE} THEN service_type END) = 1
      THEN max(CASE WHEN type_rank <> ${UNRANKED_SERVICE} THEN service_type END) END AS service_type,
    CASE WHEN count(DISTINCT telling) = 1 THEN max(telling) END AS component
  FROM latest_services WHERE position = 1 GROUP BY person_id
)`
}

const ACCOMMODATION = `CASE
      WHEN s.accommodation_status IN ${KNOWN} THEN s.accommodation_status
      WHEN d.service_type = ${literal(LT_NURSING)} THEN 'Registered nursing home'
      WHEN d.service_type = ${literal(LT_RESIDENTIAL)} THEN 'Registered care home'
      WHEN d.component = 'shared lives' THEN 'Shared Lives scheme'
      WHEN d.component = 'extra care housing' THEN 'Sheltered housing, extra care housing or other sheltered housing'
      WHEN d.component = 'community supported living' THEN 'Supported accommodation, supported lodgings or supported group home'
      WHEN d.service_type = ${literal(LT_COMMUNITY)} AND d.component = 'home support or domiciliary care' THEN ${literal(PRESUMED_AT_HOME)}
      WHEN d.service_type = ${literal(LT_COMMUNITY)} AND d.component IS NULL THEN ${literal(PRESUMED_IN_COMMUNITY)}
      WHEN d.service_type = ${literal(LT_PRISON)} THEN 'Prison, young offenders institution or detention centre'
      ELSE 'Unknown'
    END`

const SETTLED = literals([...SETTLED_ACCOMMODATION, PRESUMED_AT_HOME])
const counted = (name: string, where = 'TRUE') =>
  `count(*) FILTER (WHERE in_ascof_2e AND ${where}) AS ${name}`

/**
 * 2E's part of the long-term support pass: the people in long-term support
 * during the period, and where they live (deduced from their latest services
 * when their status is unknown).
 */
export const ascof2ePart: LongTermPart<Row> = {
  key: 'ascof_2e',
  perPerson: (end) => [
    `max(CASE WHEN ${IN_PERIOD(end)} THEN CASE WHEN COALESCE(${end}, DATE '${OPEN}') >= ${PERIOD_END} THEN ${PERIOD_END} ELSE ${end} END END) AS latest_long_term_end`,
  ],
  withPerson: [
    `${IN_MEASURE} AS in_ascof_2e`,
    `${AGE} AS ascof_2e_age`,
    `${ACCOMMODATION} AS ascof_2e_accommodation`,
    `CASE WHEN s.accommodation_status IN ${KNOWN} THEN 0 ELSE 1 END AS ascof_2e_was_unknown`,
  ],
  perCouncil: [
    counted('numerator', `ascof_2e_accommodation IN ${SETTLED}`),
    counted('denominator'),
    counted('numerator_18_to_64', `ascof_2e_accommodation IN ${SETTLED} AND ascof_2e_age <= 64`),
    counted('denominator_18_to_64', 'ascof_2e_age <= 64'),
    counted('numerator_65_plus', `ascof_2e_accommodation IN ${SETTLED} AND ascof_2e_age >= 65`),
    counted('denominator_65_plus', 'ascof_2e_age >= 65'),
    counted('status_unknown', 'ascof_2e_was_unknown = 1'),
    counted('still_unknown', `ascof_2e_accommodation = 'Unknown'`),
  ],
  figures,
}

interface Row {
  council_id: string
  numerator: number
  denominator: number
  numerator_18_to_64: number
  denominator_18_to_64: number
  numerator_65_plus: number
  denominator_65_plus: number
  status_unknown: number
  still_unknown: number
}

function figures(row: Row | undefined): Record<string, Figures> {
  return {
    'ASCOF-2E': {
      ...share(row?.numerator, row?.denominator),
      note: `${num(row?.status_unknown)} people had no known accommodation status; it was deduced from their services where it could be, leaving ${num(row?.still_unknown)} unknown (counted in the denominator only).`,
      breakdown: [
        shareInBand('Aged 18 to 64', row?.numerator_18_to_64, row?.denominator_18_to_64),
        shareInBand('Aged 65 and over', row?.numerator_65_plus, row?.denominator_65_plus),
      ],
    },
  }
}

export const ascof2e: MeasureDefinition = {
  code: 'ASCOF-2E',
  title: 'Long-term support clients living in their own home or with family',
  unit: 'percent',
  kind: 'ASCOF',
  family: 'long-term-support',
  summary:
    'Of the people who received long-term support during the period, the share living in settled accommodation: their own home or with family.',
  numeratorText: 'People in long-term support whose accommodation is settled',
  denominatorText:
    'People aged 18 and over who received long-term support (nursing, residential, community or prison) during the period',
  definition: [
    'The denominator counts each person who had long-term support (nursing, residential, community or in prison) at any time in the period, once, aged 18 to 64 or 65 and over at the end of their latest long-term service in the period (or at the period end if it is still open). The two age groups are pooled; people whose age is unknown are left out, as are people who died before the period began.',
    'The numerator counts those whose accommodation is settled: owner occupier or shared ownership, a tenant, settled mainstream housing with family or friends, supported accommodation or lodgings, Shared Lives, approved premises, sheltered or extra care housing, or mobile accommodation for Gypsy, Roma and Traveller communities.',
    'The person’s current accommodation status is used. When it is missing, unknown or not a recognised value, it is deduced from their latest services: nursing or residential care means a care home (unsettled); a Shared Lives, extra care housing or supported living component means that (settled); home care in long-term community support means presumed at home (settled); other long-term community support means presumed in the community (unsettled); prison means prison. Where nothing can be deduced the person stays in the denominator only.',
    'Age is worked out from the first day of the birth month, as the national data does.',
  ],
  source:
    'DHSC, ASC-CLD-LA-Dashboard: ASCOF_measures/Create_ASCOF_2E_2425_Onwards.sql and Create_personal_details_table.sql',
}
