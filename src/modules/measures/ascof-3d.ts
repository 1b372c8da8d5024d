/**
 * ASCOF 3D (formerly 1C), the client measures: the proportion of people in
 * long-term community support at the period end who receive self-directed
 * support (3D1, part 1a) and direct payments (3D2, part 2a). As DHSC's
 * `Create_ASCOF_3D_2425_Onwards` computes them from CLD.
 */
import {
  type Figures,
  type LongTermPart,
  type MeasureDefinition,
  num,
  share,
  shareInBand,
} from './definition.ts'
import { LT_COMMUNITY, LT_NURSING, LT_RESIDENTIAL, SETTING_RANKS } from './rules.ts'
import { literal, longTermServiceSql, PERIOD_END } from './sql.ts'

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

const OPEN_AT_END = (end: string) => `${longTermServiceSql('e')} AND e.event_start_on <= ${PERIOD_END}
    AND ((${end}) >= e.event_start_on OR (${end}) IS NULL)
    AND ((${end}) >= ${PERIOD_END} OR (${end}) IS NULL)
    AND (p.date_of_death IS NULL OR p.date_of_death >= ${PERIOD_END})`

const r = SETTING_RANKS
const COMMUNITY = `setting_rank BETWEEN ${r.communityDirectPayment} AND ${r.communityUnknown}`
const SELF_DIRECTED = `setting_rank IN (${r.communityDirectPayment}, ${r.communityManagedBudget})`
const DIRECT_PAYMENT = `setting_rank = ${r.communityDirectPayment}`
const IN_MEASURE = `setting_rank IS NOT NULL AND (age_at_end >= 18 OR age_at_end IS NULL)`
const counted = (name: string, where: string) =>
  `count(*) FILTER (WHERE ${IN_MEASURE} AND ${where}) AS ${name}`

/**
 * 3D's part of the long-term support pass: each person's one setting, the
 * highest of their long-term services open at the period end, and the people
 * aged 18 and over (or of unknown age) whose setting is in the community.
 */
export const ascof3dPart: LongTermPart<Row> = {
  key: 'ascof_3d',
  perPerson: (end) => [`min(CASE WHEN ${OPEN_AT_END(end)} THEN ${settingRankSql('e')} END) AS setting_rank`],
  perCouncil: [
    counted('community', COMMUNITY),
    counted('self_directed', SELF_DIRECTED),
    counted('direct_payments', DIRECT_PAYMENT),
    counted('mechanism_unknown', `setting_rank = ${r.communityUnknown}`),
    ...(['18_to_64', '65_plus'] as const).flatMap((band) => {
      const age = band === '18_to_64' ? 'age_at_end <= 64' : 'age_at_end >= 65'
      return [
        counted(`community_${band}`, `${COMMUNITY} AND ${age}`),
        counted(`self_directed_${band}`, `${SELF_DIRECTED} AND ${age}`),
        counted(`direct_payments_${band}`, `${DIRECT_PAYMENT} AND ${age}`),
      ]
    }),
  ],
  figures,
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

function figures(row: Row | undefined): Record<string, Figures> {
  const figures = (part: 'self_directed' | 'direct_payments'): Figures => {
    const band = (label: string, suffix: '18_to_64' | '65_plus') =>
      shareInBand(label, row?.[`${part}_${suffix}`], row?.[`community_${suffix}`])
    return {
      ...share(row?.[part], row?.community),
      note: `${num(row?.mechanism_unknown)} people in long-term community support had no recognised delivery mechanism and no direct-payment component; they count in the denominator only. People of unknown age count in the total.`,
      breakdown: [band('Aged 18 to 64', '18_to_64'), band('Aged 65 and over', '65_plus')],
    }
  }
  return { 'ASCOF-3D1': figures('self_directed'), 'ASCOF-3D2': figures('direct_payments') }
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
  family: 'long-term-support',
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
  family: 'long-term-support',
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
