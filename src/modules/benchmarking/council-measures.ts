/**
 * The one door from benchmarking and the self-assessment into the measures
 * module: a council's measures for a financial year, as
 * `{code, title, unit, numerator, denominator, value}`, and the years the
 * measures cover. Nothing else here reads the measures module.
 */
import type { Kysely } from 'kysely'
import type { Schema } from '../../schema.ts'
import { FIRST_YEAR, latestCompleteYear, yearChoices } from '../measures/actions.ts'
import { MEASURES } from '../measures/catalogue.ts'
import { computeMeasures } from '../measures/compute.ts'
import { financialYear, financialYearOf, isFinancialYear } from '../measures/periods.ts'
import type { MeasureFigures } from './pack-builder.ts'

export { FIRST_YEAR, financialYearOf, isFinancialYear, latestCompleteYear, yearChoices }

/**
 * A council's measures for a financial year: the national and built-in ones,
 * then the council's own.
 *
 * @example
 * const measures = await measuresForYear(database.db, councilId, '2024-25')
 * measures.find((m) => m.code === 'ASCOF-2A')?.value
 */
export async function measuresForYear(
  db: Kysely<Schema>,
  councilId: string,
  year: string,
): Promise<MeasureFigures[]> {
  const results = await computeMeasures(db, councilId, financialYear(year))
  return results.map(({ code, title, unit, numerator, denominator, value }) => ({
    code,
    title,
    unit,
    numerator,
    denominator,
    value,
  }))
}

/** The built-in measures' codes and titles, for naming a measure no figure has arrived for. */
export const BUILT_IN_MEASURES: readonly { code: string; title: string; unit: string }[] = MEASURES.map(
  (m) => ({
    code: m.code,
    title: m.title,
    unit: m.unit,
  }),
)
