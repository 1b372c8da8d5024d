/**
 * Local spend measures from the planned costs on long-term services: the
 * share spent on residential and nursing care, and spend per person by age
 * band. Costs are turned into a weekly cost and spread over the days each
 * service ran in the period, as DHSC's cost tables do (`6.Costs_fact.sql`).
 */
import { type Figures, type LongTermPart, type MeasureDefinition, num, percentage } from './definition.ts'
import { LT_NURSING, LT_RESIDENTIAL } from './rules.ts'
import { literals, longTermServiceSql, PERIOD_END, PERIOD_START } from './sql.ts'

/**
 * SQL twin of `unitsPerWeek` in rules.ts, in double precision as JavaScript
 * works it out. (In numeric, a nation's spend took a third of the long-term
 * support query on PostgreSQL: every sum's state is a decimal, and a parallel
 * plan serialises each person's to combine them.)
 */
const unitsPerWeekSql = (e: string) => `CASE
    WHEN lower(${e}.cost_frequency_unit_type) LIKE 'week%' THEN CAST(1 AS float8)
    WHEN lower(${e}.cost_frequency_unit_type) LIKE 'fortnight%' THEN CAST(1 AS float8) / 2
    WHEN lower(${e}.cost_frequency_unit_type) LIKE '4-week%' THEN CAST(1 AS float8) / 4
    WHEN lower(${e}.cost_frequency_unit_type) LIKE 'month%' THEN CAST(12 AS float8) / 52
    WHEN lower(${e}.cost_frequency_unit_type) LIKE 'quarter%' THEN CAST(4 AS float8) / 52
    WHEN lower(${e}.cost_frequency_unit_type) LIKE 'annual%' THEN CAST(1 AS float8) / 52
    ELSE CAST(abs(${e}.planned_units_per_week) AS float8) END`

/**
 * Each service's cost is rounded to a whole number of thousandths of a penny,
 * so that sums are exact, whatever order the rows arrive in: a sum of
 * fractions in double precision depends on that order, and a council's
 * figures must not change when the same events are read in another (a CLD
 * export imported elsewhere gives the same measures). Whole numbers stay
 * exact in double precision up to 2⁵³ of them, £90 billion; a large council
 * spends about £100 million a year. (Whole numbers as bigint would be exact
 * too, but PostgreSQL sums bigint in a 128-bit state as slow as numeric's.)
 */
const PARTS_OF_A_PENNY = 1000

/** A long-term service running at some time in the period. */
const IN_PERIOD = (end: string) => `${longTermServiceSql('e')} AND e.event_start_on <= ${PERIOD_END}
    AND ((${end}) >= ${PERIOD_START} OR (${end}) IS NULL)
    AND ((${end}) >= e.event_start_on OR (${end}) IS NULL)`

/**
 * A service's planned cost within the period in thousandths of a penny
 * (`PARTS_OF_A_PENNY`), rounded to a whole number; null when it has no unit cost.
 */
const costSql = (end: string) => `round(CASE
      WHEN e.unit_cost_pence IS NULL OR e.unit_cost_pence = 0 THEN NULL
      WHEN lower(e.cost_frequency_unit_type) = 'one-off' THEN CAST(abs(e.unit_cost_pence) AS float8)
      ELSE abs(e.unit_cost_pence) * ${unitsPerWeekSql('e')}
        * ((CASE WHEN (${end}) IS NULL OR (${end}) > ${PERIOD_END} THEN ${PERIOD_END} ELSE ${end} END)
          - (CASE WHEN e.event_start_on < ${PERIOD_START} THEN ${PERIOD_START} ELSE e.event_start_on END) + 1) / 7
    END * ${PARTS_OF_A_PENNY})`

const SUPPORTED = 'spend_supported'

/** Spend's part of the long-term support pass: each person's planned cost of long-term support in the period. */
export const spendPart: LongTermPart<Row> = {
  key: 'spend',
  perPerson: (end) => [
    `bool_or(${IN_PERIOD(end)}) AS ${SUPPORTED}`,
    `sum(CASE WHEN ${IN_PERIOD(end)} THEN ${costSql(end)} END) AS spend_cost`,
    `sum(CASE WHEN ${IN_PERIOD(end)} AND e.service_type IN ${literals([LT_RESIDENTIAL, LT_NURSING])} THEN ${costSql(end)} END) AS spend_care_home_cost`,
  ],
  perCouncil: [
    `sum(spend_care_home_cost) FILTER (WHERE ${SUPPORTED}) AS care_home_cost`,
    `sum(spend_cost) FILTER (WHERE ${SUPPORTED}) AS all_cost`,
    `sum(spend_cost) FILTER (WHERE ${SUPPORTED} AND age_at_end BETWEEN 18 AND 64) AS cost_18_to_64`,
    `count(*) FILTER (WHERE ${SUPPORTED} AND age_at_end BETWEEN 18 AND 64) AS people_18_to_64`,
    `sum(spend_cost) FILTER (WHERE ${SUPPORTED} AND age_at_end >= 65) AS cost_65_plus`,
    `count(*) FILTER (WHERE ${SUPPORTED} AND age_at_end >= 65) AS people_65_plus`,
    `count(*) FILTER (WHERE ${SUPPORTED} AND spend_cost IS NULL) AS people_without_costs`,
  ],
  figures,
}

/** Costs in thousandths of a penny (`PARTS_OF_A_PENNY`). */
interface Row {
  council_id: string
  care_home_cost: number | null
  all_cost: number | null
  cost_18_to_64: number | null
  people_18_to_64: number
  cost_65_plus: number | null
  people_65_plus: number
  people_without_costs: number
}

const pounds = (cost: unknown) => num(cost) / (100 * PARTS_OF_A_PENNY)

function figures(row: Row | undefined): Record<string, Figures> {
  const withoutCosts = `${num(row?.people_without_costs)} people in long-term support had no planned cost recorded.`
  const perPerson = (spend: unknown, people: unknown): Figures => {
    const n = pounds(spend)
    const d = num(people)
    return { numerator: n, denominator: d, value: d ? n / d : null, note: withoutCosts }
  }
  return {
    'RESIDENTIAL-SPEND-SHARE': {
      numerator: pounds(row?.care_home_cost),
      denominator: pounds(row?.all_cost),
      value: percentage(pounds(row?.care_home_cost), pounds(row?.all_cost)),
      note: withoutCosts,
    },
    'SPEND-PER-PERSON-18-64': perPerson(row?.cost_18_to_64, row?.people_18_to_64),
    'SPEND-PER-PERSON-65+': perPerson(row?.cost_65_plus, row?.people_65_plus),
  }
}

const costing =
  'A service’s planned cost is its unit cost times its units a week (set by the cost frequency when it is weekly or longer, otherwise the planned units per week), for each week it ran within the period (days ÷ 7, counting both ends); a one-off cost counts once. Each service’s cost is counted to the nearest thousandth of a penny. Services without a unit cost, or whose units cannot be known, add nothing.'

export const residentialSpendShare: MeasureDefinition = {
  code: 'RESIDENTIAL-SPEND-SHARE',
  title: 'Share of long-term support spend on residential and nursing care',
  unit: 'percent',
  kind: 'local',
  family: 'long-term-support',
  summary:
    'Of the planned cost of all long-term support in the period, the share spent on residential and nursing care.',
  numeratorText: 'Planned cost of long-term residential and nursing care in the period (£)',
  denominatorText: 'Planned cost of all long-term support in the period (£)',
  definition: [
    'Long-term support is nursing, residential, community and prison support for people who use services (not carers).',
    costing,
  ],
}

const perPerson = (band: string, code: string): MeasureDefinition => ({
  code,
  title: `Long-term support spend per person aged ${band}`,
  unit: 'pounds per person',
  kind: 'local',
  family: 'long-term-support',
  summary: `The planned cost of long-term support in the period for people aged ${band}, divided by the number of people of that age supported.`,
  numeratorText: `Planned cost of long-term support in the period for people aged ${band} (£)`,
  denominatorText: `People aged ${band} with long-term support at any time in the period`,
  definition: [
    `The denominator counts each person aged ${band} at the period end (from the first day of the birth month) who had long-term support at any time in the period, whether or not a cost is recorded for it.`,
    costing,
  ],
})

export const spendPerPerson18To64 = perPerson('18 to 64', 'SPEND-PER-PERSON-18-64')
export const spendPerPerson65Plus = perPerson('65 and over', 'SPEND-PER-PERSON-65+')
