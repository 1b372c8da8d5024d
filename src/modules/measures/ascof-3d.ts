/**
 * ASCOF 3D (formerly 1C), the client measures: the proportion of people in
 * long-term community support at the period end who receive self-directed
 * support (3D1, part 1a) and direct payments (3D2, part 2a). As DHSC's
 * `Create_ASCOF_3D_2425_Onwards` computes them from CLD.
 */
import { type Figures, type MeasureDefinition, type MeasureFamily, num, percentage } from './definition.ts'
import { LONG_TERM_SERVICE_TYPES, LT_COMMUNITY, LT_NURSING, LT_RESIDENTIAL, SETTING_RANKS } from './rules.ts'
import { derivedEndSql, eventsFrom, literal, literals, PERIOD_END, personAgeSql, type Scope } from './sql.ts'

/** SQL twin of `settingRank` in rules.ts. */
function settingRankSql(event: string): string {
  const mechanism = `CASE WHEN lower(${event}.service_component) = 'direct payment' THEN 'direct payment' ELSE lower(${event}.delivery_mechanism) END`
  const r = SETTING_RANKS
  return `CASE
    WHEN ${event}.service_type = ${literal(LT_NURSING)} THEN ${r.nursing}
    WHEN ${event}.service_type = ${literal(LT_RESIDENTIAL)} THEN ${r.residential}
    WHEN ${event}.service_type = ${literal(LT_COMMUNITY)} THEN CASE ${mechanism}
      WHEN 'direct payment' THEN ${r.communityDirectPayment}
      WHEN 'cassr managed personal budget' THEN ${r.communityManagedBudget}
      WHEN 'cassr commissioned support' THEN ${r.communityCommissioned}
      ELSE ${r.communityUnknown} END
    ELSE CASE ${mechanism}
      WHEN 'cassr managed personal budget' THEN ${r.prisonManagedBudget}
      WHEN 'cassr commissioned support' THEN ${r.prisonCommissioned}
      ELSE ${r.prisonUnknown} END
  END`
}

function query(scope: Scope): string {
  const end = derivedEndSql('e', 'p')
  return `
WITH open_at_end AS (
  SELECT e.council_id, e.person_id, ${settingRankSql('e')} AS setting_rank
  FROM ${eventsFrom(scope)}
    AND e.event_type = 'Service' AND e.client_type = 'Service user'
    AND e.service_type IN ${literals(LONG_TERM_SERVICE_TYPES)}
    AND e.event_start_on <= ${PERIOD_END}
    AND ((${end}) >= e.event_start_on OR (${end}) IS NULL)
    AND ((${end}) >= ${PERIOD_END} OR (${end}) IS NULL)
    AND (p.date_of_death IS NULL OR p.date_of_death >= ${PERIOD_END})
),
settings AS (
  -- One setting per person: the highest of their services open at the period end.
  SELECT o.council_id, o.person_id, min(o.setting_rank) AS setting_rank,
    CASE WHEN b.date_of_birth IS NULL THEN NULL ELSE ${personAgeSql('b', PERIOD_END)} END AS age
  FROM open_at_end o JOIN people b ON b.id = o.person_id
  GROUP BY o.council_id, o.person_id, b.date_of_birth
)
SELECT council_id,
  count(*) FILTER (WHERE setting_rank BETWEEN ${SETTING_RANKS.communityDirectPayment} AND ${SETTING_RANKS.communityUnknown}) AS community,
  count(*) FILTER (WHERE setting_rank IN (${SETTING_RANKS.communityDirectPayment}, ${SETTING_RANKS.communityManagedBudget})) AS self_directed,
  count(*) FILTER (WHERE setting_rank = ${SETTING_RANKS.communityDirectPayment}) AS direct_payments,
  count(*) FILTER (WHERE setting_rank = ${SETTING_RANKS.communityUnknown}) AS mechanism_unknown,
  count(*) FILTER (WHERE setting_rank BETWEEN ${SETTING_RANKS.communityDirectPayment} AND ${SETTING_RANKS.communityUnknown} AND age <= 64) AS community_18_to_64,
  count(*) FILTER (WHERE setting_rank IN (${SETTING_RANKS.communityDirectPayment}, ${SETTING_RANKS.communityManagedBudget}) AND age <= 64) AS self_directed_18_to_64,
  count(*) FILTER (WHERE setting_rank = ${SETTING_RANKS.communityDirectPayment} AND age <= 64) AS direct_payments_18_to_64,
  count(*) FILTER (WHERE setting_rank BETWEEN ${SETTING_RANKS.communityDirectPayment} AND ${SETTING_RANKS.communityUnknown} AND age >= 65) AS community_65_plus,
  count(*) FILTER (WHERE setting_rank IN (${SETTING_RANKS.communityDirectPayment}, ${SETTING_RANKS.communityManagedBudget}) AND age >= 65) AS self_directed_65_plus,
  count(*) FILTER (WHERE setting_rank = ${SETTING_RANKS.communityDirectPayment} AND age >= 65) AS direct_payments_65_plus
FROM settings
WHERE age >= 18 OR age IS NULL
GROUP BY council_id`
}

interface Row {
  council_id: string
  community: number
  self_directed: number
  direct_payments: number
  mechanism_unknown: number
  community_18_to_64: number
  self_directed_18_to_64: number
  direct_payments_18_to_64: number
  community_65_plus: number
  self_directed_65_plus: number
  direct_payments_65_plus: number
}

export const ascof3dFamily: MeasureFamily<Row> = {
  key: 'ascof-3d',
  query,
  figures(row): Record<string, Figures> {
    const figures = (part: 'self_directed' | 'direct_payments'): Figures => {
      const n = num(row?.[part])
      const d = num(row?.community)
      const band = (label: string, suffix: '18_to_64' | '65_plus') => ({
        label,
        numerator: num(row?.[`${part}_${suffix}`]),
        denominator: num(row?.[`community_${suffix}`]),
        value: percentage(num(row?.[`${part}_${suffix}`]), num(row?.[`community_${suffix}`])),
      })
      return {
        numerator: n,
        denominator: d,
        value: percentage(n, d),
        note: `${num(row?.mechanism_unknown)} people in long-term community support had no recognised delivery mechanism and no direct-payment component; they count in the denominator only. People of unknown age count in the total.`,
        breakdown: [band('Aged 18 to 64', '18_to_64'), band('Aged 65 and over', '65_plus')],
      }
    }
    return { 'ASCOF-3D1': figures('self_directed'), 'ASCOF-3D2': figures('direct_payments') }
  },
}

const shared = [
  'The denominator counts people aged 18 and over (or of unknown age) whose long-term support at the last day of the period is in the community. Each person has one setting, the highest of the long-term services open that day: nursing care, then residential care, then community support by direct payment, by council-managed personal budget, council-commissioned, or by an unknown mechanism, then prison. So someone in a care home who also has a direct payment counts as in a care home, and is not in this measure.',
  'A direct payment is recognised by the service component (“Direct payment”) as well as by the delivery mechanism, because the mechanism is optional in CLD. A mechanism that is missing or not recognised, with no direct-payment component, leaves the person in the denominator only.',
  'People who died before the period end are left out. Age is worked out from the first day of the birth month at the period end, as the national data does.',
]

export const ascof3d1: MeasureDefinition = {
  code: 'ASCOF-3D1',
  title: 'Self-directed support among people in long-term community support',
  unit: 'percent',
  kind: 'ASCOF',
  family: 'ascof-3d',
  summary:
    'Of the people in long-term community support at the period end, the share receiving self-directed support: a direct payment or a council-managed personal budget.',
  numeratorText:
    'People in long-term community support with a direct payment or a council-managed personal budget',
  denominatorText: 'People aged 18 and over in long-term community support at the period end',
  definition: [
    'Part 1a of ASCOF 3D. The numerator counts the people whose community support is a direct payment or a council-managed personal budget.',
    ...shared,
  ],
  source: 'DHSC, ASC-CLD-LA-Dashboard: ASCOF_measures/Create_ASCOF_3D_2425_Onwards.sql (client measures)',
}

export const ascof3d2: MeasureDefinition = {
  code: 'ASCOF-3D2',
  title: 'Direct payments among people in long-term community support',
  unit: 'percent',
  kind: 'ASCOF',
  family: 'ascof-3d',
  summary:
    'Of the people in long-term community support at the period end, the share receiving a direct payment.',
  numeratorText: 'People in long-term community support with a direct payment',
  denominatorText: 'People aged 18 and over in long-term community support at the period end',
  definition: [
    'Part 2a of ASCOF 3D. The numerator counts the people whose community support is a direct payment.',
    ...shared,
  ],
  source: 'DHSC, ASC-CLD-LA-Dashboard: ASCOF_measures/Create_ASCOF_3D_2425_Onwards.sql (client measures)',
}
