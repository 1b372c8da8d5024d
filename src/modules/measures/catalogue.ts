/**
 * Every measure ASCEND computes, national then local, and the query families
 * that compute them.
 */
import { ascof2a, ascof2aFamily } from './ascof-2a.ts'
import { ascof2b, ascof2b2cFamily, ascof2c } from './ascof-2b-2c.ts'
import { ascof2e } from './ascof-2e.ts'
import { ascof3d1, ascof3d2 } from './ascof-3d.ts'
import { assessmentDaysFamily, assessmentDaysMedian } from './assessment-days.ts'
import { countsFamily } from './counts.ts'
import type { MeasureDefinition, MeasureFamily } from './definition.ts'
import { decisionDaysMedian, delegatedShare, fundingDecisionsFamily } from './funding-decisions.ts'
import { homeCare10h } from './home-care.ts'
import { longTermSupportFamily } from './long-term-support.ts'
import { packageDaysMedian, packagesArrangedFamily } from './packages-arranged.ts'
import { isfPeople, personalBudgetsFamily } from './personal-budgets.ts'
import { directTimeShare, practitionerTimeFamily } from './practitioner-time.ts'
import { reviewsOnTime } from './reviews.ts'
import { residentialSpendShare, spendPerPerson18To64, spendPerPerson65Plus } from './spend.ts'

export const MEASURES: readonly MeasureDefinition[] = [
  ascof2a,
  ascof2b,
  ascof2c,
  ascof2e,
  ascof3d1,
  ascof3d2,
  homeCare10h,
  residentialSpendShare,
  spendPerPerson18To64,
  spendPerPerson65Plus,
  isfPeople,
  assessmentDaysMedian,
  reviewsOnTime,
  directTimeShare,
  delegatedShare,
  decisionDaysMedian,
  packageDaysMedian,
]

export const FAMILIES: readonly MeasureFamily[] = [
  ascof2aFamily,
  ascof2b2cFamily,
  longTermSupportFamily,
  assessmentDaysFamily,
  practitionerTimeFamily,
  countsFamily,
  personalBudgetsFamily,
  fundingDecisionsFamily,
  packagesArrangedFamily,
] as MeasureFamily[]

/** @example findMeasure('ASCOF-2A')?.title */
export function findMeasure(code: string): MeasureDefinition | undefined {
  return MEASURES.find((measure) => measure.code === code)
}
