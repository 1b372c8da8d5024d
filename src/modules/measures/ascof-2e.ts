/**
 * ASCOF 2E (formerly 1G): the proportion of people who receive long-term
 * support who live in their home or with family. All primary support reasons
 * from 2024-25. As DHSC's `Create_ASCOF_2E_2425_Onwards` computes it, with
 * the accommodation deduced from services when the latest status is unknown
 * (their `Create_personal_details_table`).
 */
import { type Figures, type MeasureDefinition, type MeasureFamily, num, percentage } from './definition.ts'
import {
  ACCOMMODATION_COMPONENTS,
  LONG_TERM_SERVICE_TYPES,
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
  PERIOD_END,
  PERIOD_START,
  personAgeSql,
  rankCase,
  type Scope,
} from './sql.ts'

const KNOWN = literals([...SETTLED_ACCOMMODATION, ...UNSETTLED_ACCOMMODATION])
const TELLING = literals(ACCOMMODATION_COMPONENTS.map((c) => c.toLowerCase()))

function query(scope: Scope): string {
  const end = derivedEndSql('e', 'p')
  return `
WITH long_term AS (
  SELECT e.council_id, e.person_id,
    CASE WHEN COALESCE(${end}, DATE '${OPEN}') >= ${PERIOD_END} THEN ${PERIOD_END} ELSE ${end} END AS capped_end
  FROM ${eventsFrom(scope)}
    AND e.event_type = 'Service' AND e.client_type = 'Service user'
    AND e.service_type IN ${literals(LONG_TERM_SERVICE_TYPES)}
    AND ((${end}) >= e.event_start_on OR (${end}) IS NULL)
    AND e.event_start_on <= ${PERIOD_END}
    AND ((${end}) >= ${PERIOD_START} OR (${end}) IS NULL)
),
cohort AS (
  -- Age at the end of the person's latest long-term service in the period (the period end if still open).
  SELECT l.council_id, l.person_id, p.accommodation_status,
    CASE WHEN p.date_of_birth IS NULL THEN NULL ELSE ${personAgeSql('p', 'max(l.capped_end)')} END AS age
  FROM long_term l JOIN people p ON p.id = l.person_id
  WHERE p.date_of_death IS NULL OR p.date_of_death >= ${PERIOD_START}
  GROUP BY l.council_id, l.person_id, p.accommodation_status, p.date_of_birth
),
in_scope AS (SELECT * FROM cohort WHERE age >= 18),
unknown_accommodation AS (
  SELECT person_id FROM in_scope WHERE accommodation_status IS NULL OR accommodation_status NOT IN ${KNOWN}
),
services AS (
  SELECT e.person_id, e.service_type, e.event_start_on AS start_on, COALESCE(${end}, DATE '${OPEN}') AS end_on,
    ${rankCase('e.service_type', SEQUEL_SERVICE_HIERARCHY, UNRANKED_SERVICE)} AS type_rank,
    CASE WHEN lower(e.service_component) IN ${TELLING} THEN lower(e.service_component) END AS telling
  FROM ${eventsFrom(scope)}
    AND e.event_type = 'Service'
    AND e.person_id IN (SELECT person_id FROM unknown_accommodation)
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
),
classified AS (
  SELECT c.council_id, c.person_id, c.age,
    CASE
      WHEN c.accommodation_status IN ${KNOWN} THEN c.accommodation_status
      WHEN d.service_type = ${literal(LT_NURSING)} THEN 'Registered nursing home'
      WHEN d.service_type = ${literal(LT_RESIDENTIAL)} THEN 'Registered care home'
      WHEN d.component = 'shared lives' THEN 'Shared Lives scheme'
      WHEN d.component = 'extra care housing' THEN 'Sheltered housing, extra care housing or other sheltered housing'
      WHEN d.component = 'community supported living' THEN 'Supported accommodation, supported lodgings or supported group home'
      WHEN d.service_type = ${literal(LT_COMMUNITY)} AND d.component = 'home support or domiciliary care' THEN ${literal(PRESUMED_AT_HOME)}
      WHEN d.service_type = ${literal(LT_COMMUNITY)} AND d.component IS NULL THEN ${literal(PRESUMED_IN_COMMUNITY)}
      WHEN d.service_type = ${literal(LT_PRISON)} THEN 'Prison, young offenders institution or detention centre'
      ELSE 'Unknown'
    END AS accommodation,
    CASE WHEN c.accommodation_status IN ${KNOWN} THEN 0 ELSE 1 END AS was_unknown
  FROM in_scope c LEFT JOIN deduced d ON d.person_id = c.person_id
)
SELECT council_id,
  count(*) FILTER (WHERE accommodation IN ${SETTLED}) AS numerator,
  count(*) AS denominator,
  count(*) FILTER (WHERE accommodation IN ${SETTLED} AND age <= 64) AS numerator_18_to_64,
  count(*) FILTER (WHERE age <= 64) AS denominator_18_to_64,
  count(*) FILTER (WHERE accommodation IN ${SETTLED} AND age >= 65) AS numerator_65_plus,
  count(*) FILTER (WHERE age >= 65) AS denominator_65_plus,
  count(*) FILTER (WHERE was_unknown = 1) AS status_unknown,
  count(*) FILTER (WHERE accommodation = 'Unknown') AS still_unknown
FROM classified GROUP BY council_id`
}

const SETTLED = literals([...SETTLED_ACCOMMODATION, PRESUMED_AT_HOME])

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

export const ascof2eFamily: MeasureFamily<Row> = {
  key: 'ascof-2e',
  query,
  figures(row): Record<string, Figures> {
    const n = num(row?.numerator)
    const d = num(row?.denominator)
    const band = (label: string, bn: unknown, bd: unknown) => ({
      label,
      numerator: num(bn),
      denominator: num(bd),
      value: percentage(num(bn), num(bd)),
    })
    return {
      'ASCOF-2E': {
        numerator: n,
        denominator: d,
        value: percentage(n, d),
        note: `${num(row?.status_unknown)} people had no known accommodation status; it was deduced from their services where it could be, leaving ${num(row?.still_unknown)} unknown (counted in the denominator only).`,
        breakdown: [
          band('Aged 18 to 64', row?.numerator_18_to_64, row?.denominator_18_to_64),
          band('Aged 65 and over', row?.numerator_65_plus, row?.denominator_65_plus),
        ],
      },
    }
  },
}

export const ascof2e: MeasureDefinition = {
  code: 'ASCOF-2E',
  title: 'Long-term support clients living in their own home or with family',
  unit: 'percent',
  kind: 'ASCOF',
  family: 'ascof-2e',
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
