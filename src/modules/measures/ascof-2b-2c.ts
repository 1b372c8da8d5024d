/**
 * ASCOF 2B and 2C: adults whose long-term support needs are met by admission
 * to residential and nursing care homes, per 100,000 population, 18-64 (2B)
 * and 65 and over (2C). As DHSC's `Create_ASCOF_2B2C_2425_Onwards` computes
 * them from CLD: a new long-term residential or nursing service starting in
 * the year, with no other such stay open or ended within 365 days before it.
 */
import {
  type FigureContext,
  type Figures,
  type MeasureDefinition,
  type MeasureFamily,
  num,
  ratePer,
} from './definition.ts'
import { addedUp } from './person-slices.ts'
import { LT_NURSING, LT_RESIDENTIAL, READMISSION_DAYS } from './rules.ts'
import {
  derivedEndSql,
  eventsFrom,
  inSlice,
  literals,
  PERIOD_END,
  PERIOD_START,
  personAgeSql,
  type Scope,
} from './sql.ts'

function query(scope: Scope): string {
  return `
WITH stays AS (
  SELECT e.council_id, e.person_id, e.event_start_on AS start_on, ${derivedEndSql('e', 'p')} AS end_on,
    e.event_outcome AS outcome
  FROM ${eventsFrom(scope)}
    AND e.event_type = 'Service' AND e.client_type = 'Service user'
    AND e.service_type IN ${literals([LT_RESIDENTIAL, LT_NURSING])}
    AND (p.date_of_death IS NULL OR p.date_of_death >= ${PERIOD_START})
    -- A component that is not a residential or nursing placement, or says it is short-term, is not an admission.
    -- (As in the national script, a missing component fails the second test.)
    AND (e.service_component IS NULL OR lower(e.service_component) LIKE '%residential%'
      OR lower(e.service_component) LIKE '%nursing%')
    AND lower(e.service_component) NOT LIKE '%short%'
),
admissions AS (
  -- Age at the start of the stay; people with no date of birth are left out.
  SELECT DISTINCT s.council_id, s.person_id, s.start_on, ${personAgeSql('b', 's.start_on')} AS age
  FROM stays s JOIN people b ON b.id = s.person_id${inSlice(scope, 'b.id')}
  WHERE s.start_on BETWEEN ${PERIOD_START} AND ${PERIOD_END} AND b.date_of_birth IS NOT NULL
    AND (s.outcome IS NULL OR s.outcome <> 'NFA: Self-funded client or under 12wk disregard')
),
new_admissions AS (
  SELECT a.* FROM admissions a
  WHERE NOT EXISTS (
    SELECT 1 FROM stays s
    WHERE s.person_id = a.person_id AND s.start_on < a.start_on
      AND (s.end_on IS NULL OR a.start_on - s.end_on < ${READMISSION_DAYS}))
),
people_admitted AS (
  -- One admission per person; someone admitted in both bands counts in the younger.
  SELECT council_id, person_id,
    min(CASE WHEN age BETWEEN 18 AND 64 THEN '18 to 64' WHEN age > 64 THEN '65 and above' END) AS band
  FROM new_admissions WHERE age >= 18 GROUP BY council_id, person_id
)
SELECT council_id,
  count(*) FILTER (WHERE band = '18 to 64') AS admitted_18_to_64,
  count(*) FILTER (WHERE band = '65 and above') AS admitted_65_plus
FROM people_admitted GROUP BY council_id`
}

interface Row {
  council_id: string
  admitted_18_to_64: number
  admitted_65_plus: number
}

function rate(numerator: number, population: number | null, context: FigureContext): Figures {
  if (!context.population || population === null) {
    return {
      numerator,
      denominator: null,
      value: null,
      note: `The council’s population for mid-${context.wantedPopulationYear} (or an earlier year) has not been set, so there is no rate. Set it on the population page.`,
    }
  }
  const used =
    context.population.year === context.wantedPopulationYear
      ? ''
      : ` (the latest set; mid-${context.wantedPopulationYear} has not been)`
  return {
    numerator,
    denominator: population,
    value: ratePer(numerator, population, 100_000),
    note: `Per 100,000 of the ONS mid-${context.population.year} population${used}.`,
  }
}

export const ascof2b2cFamily: MeasureFamily<Row> = {
  key: 'ascof-2b-2c',
  bySlices: addedUp,
  query,
  figures(row, context) {
    const population = context.population
    return {
      'ASCOF-2B': rate(num(row?.admitted_18_to_64), population?.aged18To64 ?? null, context),
      'ASCOF-2C': rate(num(row?.admitted_65_plus), population?.aged65Plus ?? null, context),
    }
  },
}

const shared = (band: string): string[] => [
  `The numerator counts people aged ${band} (at the start of the stay) with a long-term residential or nursing care service starting in the period. The denominator is the council’s ONS mid-year population aged ${band}; the value is per 100,000 of it.`,
  'An admission is new only if the person had no other long-term residential or nursing stay that began earlier and was still open, or ended fewer than 365 days before. So a move between residential and nursing care, or a stay re-entered within a year, is not a new admission.',
  'Stays whose service component says they are short-term or not residential or nursing care, and stays that ended because the person became self-funding or was under the 12-week property disregard, are left out. People who died before the period began are left out. Someone with new admissions in both age bands counts once, in the younger.',
  'CLD cannot tell a permanent admission from a temporary one, so temporary stays recorded as long-term support are counted, as they are nationally.',
  'Age is worked out from the first day of the birth month, as the national data does. The population is the mid-year estimate for the financial year the period starts in (mid-2024 for 2024-25); if that year is not set, the latest earlier year is used and the page says so.',
]

export const ascof2b: MeasureDefinition = {
  code: 'ASCOF-2B',
  title: 'Admissions to residential and nursing care, aged 18 to 64, per 100,000',
  unit: 'per 100,000',
  kind: 'ASCOF',
  family: 'ascof-2b-2c',
  summary:
    'How many adults aged 18 to 64 had their long-term support needs met by admission to a care home, per 100,000 people of that age.',
  numeratorText: 'People aged 18 to 64 newly admitted to long-term residential or nursing care',
  denominatorText: 'ONS mid-year population aged 18 to 64',
  definition: shared('18 to 64'),
  source: 'DHSC, ASC-CLD-LA-Dashboard: ASCOF_measures/Create_ASCOF_2B2C_2425_Onwards.sql',
}

export const ascof2c: MeasureDefinition = {
  code: 'ASCOF-2C',
  title: 'Admissions to residential and nursing care, aged 65 and over, per 100,000',
  unit: 'per 100,000',
  kind: 'ASCOF',
  family: 'ascof-2b-2c',
  summary:
    'How many adults aged 65 and over had their long-term support needs met by admission to a care home, per 100,000 people of that age.',
  numeratorText: 'People aged 65 and over newly admitted to long-term residential or nursing care',
  denominatorText: 'ONS mid-year population aged 65 and over',
  definition: shared('65 and over'),
  source: 'DHSC, ASC-CLD-LA-Dashboard: ASCOF_measures/Create_ASCOF_2B2C_2425_Onwards.sql',
}
