/**
 * ISF-PEOPLE, a local measure from ASCEND's own support plans: of the people
 * with a support plan in force at the period end, the share with part or all
 * of their personal budget held as an individual service fund. CLD has no
 * delivery mechanism for an ISF, so a council loading CLD files alone has no
 * figure here: only plans recorded in ASCEND count.
 */
import { type Figures, type MeasureDefinition, type MeasureFamily, share } from './definition.ts'
import { inScope, PERIOD_END, type Scope } from './sql.ts'

function query(scope: Scope): string {
  return `
WITH in_force AS (
  SELECT sp.council_id, sp.person_id,
    bool_or(EXISTS (SELECT 1 FROM support_plan_lines l WHERE l.plan_id = sp.id AND l.delivery_mechanism = 'individual_service_fund')) AS has_isf
  FROM support_plans sp
  WHERE ${inScope(scope, 'sp')} AND sp.status IN ('active', 'superseded', 'ended')
    AND sp.active_from <= ${PERIOD_END} AND (sp.active_to IS NULL OR sp.active_to >= ${PERIOD_END})
  GROUP BY sp.council_id, sp.person_id
)
SELECT council_id, count(*) FILTER (WHERE has_isf) AS numerator, count(*) AS denominator
FROM in_force GROUP BY council_id`
}

interface Row {
  council_id: string
  numerator: number
  denominator: number
}

export const personalBudgetsFamily: MeasureFamily<Row> = {
  key: 'personal-budgets',
  // Plans are not among the tables whose changes move the data version: always worked out afresh (a small table).
  cacheable: false,
  query,
  figures(row): Record<string, Figures> {
    const figures = share(row?.numerator, row?.denominator)
    return {
      'ISF-PEOPLE': {
        ...figures,
        note: figures.denominator
          ? undefined
          : 'No support plan recorded in ASCEND was in force at the period end. CLD files carry no individual service funds.',
      },
    }
  },
}

export const isfPeople: MeasureDefinition = {
  code: 'ISF-PEOPLE',
  title: 'People whose personal budget includes an individual service fund',
  unit: 'percent',
  kind: 'local',
  family: 'personal-budgets',
  summary:
    'Of the people with a support plan in force at the period end, the share with some or all of their personal budget held as an individual service fund.',
  numeratorText: 'People whose plan in force has a line held as an individual service fund',
  denominatorText: 'People with a support plan recorded in ASCEND in force at the period end',
  definition: [
    'An individual service fund (ISF) is a personal budget held by a provider, who agrees with the person how it is spent.',
    'A plan is in force on the last day of the period when it had been approved and had started by then and had not been replaced before it. The numerator counts people whose plan in force has at least one line delivered as an individual service fund.',
    'CLD has no delivery mechanism for an ISF, so only support plans recorded in ASCEND count; a council that loads CLD files from another system has no figure here.',
  ],
}
