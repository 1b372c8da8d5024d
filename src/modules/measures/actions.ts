/**
 * What the measures pages and API do: validated changes in one transaction
 * with their audit entry, and the reads the pages are built from.
 */
import { z } from 'zod'
import { addDays } from '../../kernel/dates.ts'
import type { Database } from '../../kernel/db/connect.ts'
import { notFound, ValidationProblem } from '../../kernel/problem.ts'
import { parseInput } from '../../kernel/validation.ts'
import { recordAudit } from '../audit/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { findMeasure, MEASURES } from './catalogue.ts'
import { computeMeasure, computeMeasures, type MeasureResult } from './compute.ts'
import { councilMeasureSchema, countLabel } from './council-measures.ts'
import type { MeasureDefinition } from './definition.ts'
import {
  financialYear,
  financialYearOf,
  financialYearsUpTo,
  isFinancialYear,
  type Period,
  quarterlyRollingYears,
} from './periods.ts'
import {
  type CouncilMeasure,
  deleteCouncilMeasure,
  findCouncilMeasure,
  insertCouncilMeasure,
  setPopulation,
  updateCouncilMeasure,
} from './store.ts'

/** CLD became mandatory in April 2023: the first year measures can be computed for. */
export const FIRST_YEAR = 2023

/** The financial years a user can pick, newest first. */
export const yearChoices = (today: string) => financialYearsUpTo(today, FIRST_YEAR)

/** The latest complete financial year on a day (2025-26 on 15 June 2026). */
export const latestCompleteYear = (today: string) => financialYearOf(addDays(today, -365))

const yearQuery = z.object({
  year: z
    .string({ error: 'Enter a financial year like 2024-25' })
    .refine((y) => isFinancialYear(y) && Number(y.slice(0, 4)) >= FIRST_YEAR, {
      message: `Enter a financial year from ${FIRST_YEAR}-${String((FIRST_YEAR + 1) % 100).padStart(2, '0')}, like 2024-25`,
    })
    .optional(),
})

/** The year asked for in a query string, or the latest complete one. */
export function parseYear(query: unknown, today: string): string {
  return parseInput(yearQuery, query).year ?? latestCompleteYear(today)
}

const periodQuery = yearQuery.extend({
  quarter: z
    .preprocess(
      (value) => (value === '' ? undefined : value),
      z.enum(['1', '2', '3', '4'], { error: 'Choose the whole year or a quarter from 1 to 4' }).optional(),
    )
    .optional(),
})

/**
 * The period asked for: a financial year (`?year=2024-25`), or the rolling
 * twelve months to the end of one of its quarters (`&quarter=3` for the
 * twelve months to 31 December 2024).
 *
 * @example
 * parsePeriod({ year: '2024-25', quarter: '1' }, '2026-06-15').period.end // '2024-06-30'
 */
export function parsePeriod(
  query: unknown,
  today: string,
): { year: string; quarter?: number; period: Period } {
  const parsed = parseInput(periodQuery, query)
  const year = parsed.year ?? latestCompleteYear(today)
  const quarter = parsed.quarter ? Number(parsed.quarter) : undefined
  const period = quarter ? (quarterlyRollingYears(year)[quarter - 1] as Period) : financialYear(year)
  return { year, quarter, period }
}

/** Every measure for the user's council in a period (a financial year or a rolling one). */
export async function readMeasures(
  database: Database,
  user: CurrentUser,
  period: Period,
  signal?: AbortSignal,
) {
  return { period, results: await computeMeasures(database.db, user.councilId, period, signal) }
}

export interface MeasurePage {
  code: string
  title: string
  unit: string
  kind: 'ASCOF' | 'local' | 'council'
  summary: string
  definition: string[]
  numeratorText: string
  denominatorText: string
  source?: string
  year: string
  figures: MeasureResult
  years: { year: string; period: Period; figures: MeasureResult }[]
  quarters: { period: Period; figures: MeasureResult }[]
  councilMeasure?: CouncilMeasure
}

/**
 * The periods a measure's page shows for a year: every financial year, and
 * the rolling years ending at each quarter of the year.
 *
 * @example
 * measurePagePeriods('2024-25', '2026-06-15').length // 4 years and 4 rolling years
 */
export function measurePagePeriods(year: string, today: string): Period[] {
  return [...yearChoices(today).map(financialYear), ...quarterlyRollingYears(year)]
}

/**
 * The family of queries that gives a measure: its own for a built-in one, the
 * counts for one of the council's own. 404 for a code that is neither.
 *
 * @example
 * await familyOfMeasure(database, user, 'ASCOF-2A') // 'ascof-2a'
 */
export async function familyOfMeasure(database: Database, user: CurrentUser, code: string): Promise<string> {
  const builtIn = findMeasure(code)
  if (builtIn) return builtIn.family
  if (await findCouncilMeasure(database.db, user.councilId, code)) return 'counts'
  throw notFound('Measure')
}

/**
 * A measure's page: its definition, its figures for the year, each earlier
 * year, and the rolling years ending at each quarter of the chosen year.
 * 404 for a code that is neither built in nor one of the council's own.
 */
export async function readMeasure(
  database: Database,
  user: CurrentUser,
  code: string,
  year: string,
  today: string,
  signal?: AbortSignal,
): Promise<MeasurePage> {
  const builtIn = findMeasure(code)
  const own = builtIn ? undefined : await findCouncilMeasure(database.db, user.councilId, code)
  if (!builtIn && !own) throw notFound('Measure')
  const describe: Omit<MeasureDefinition, 'family'> = builtIn ?? {
    code,
    title: own?.title ?? code,
    unit: own?.unit ?? 'ratio',
    kind: 'local',
    summary: own?.definition ?? '',
    definition: [own?.definition ?? ''],
    numeratorText: countLabel(own?.numerator ?? ''),
    denominatorText: countLabel(own?.denominator ?? ''),
  }
  const figuresFor = async (period: Period) => {
    const result = await computeMeasure(database.db, user.councilId, period, code, signal)
    if (!result) throw notFound('Measure')
    return result
  }
  const years = []
  for (const y of yearChoices(today))
    years.push({ year: y, period: financialYear(y), figures: await figuresFor(financialYear(y)) })
  const quarters = []
  for (const period of quarterlyRollingYears(year))
    quarters.push({ period, figures: await figuresFor(period) })
  const figures = quarters.at(-1)?.figures ?? (await figuresFor(financialYear(year)))
  return {
    code,
    title: describe.title,
    unit: describe.unit,
    kind: own ? 'council' : (builtIn?.kind ?? 'local'),
    summary: describe.summary,
    definition: describe.definition,
    numeratorText: describe.numeratorText,
    denominatorText: describe.denominatorText,
    source: describe.source,
    year,
    figures,
    years,
    quarters,
    councilMeasure: own,
  }
}

const count = (label: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.replace(/[,\s]/g, '') : value),
    z.coerce
      .number({ error: `Enter the population ${label} as a whole number` })
      .int({ error: `Enter the population ${label} as a whole number` })
      .min(0, { error: `The population ${label} must be 0 or more` })
      .max(50_000_000, { error: `The population ${label} must be 50,000,000 or less` }),
  )

export const populationSchema = z.object({
  year: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() : value),
    z.coerce
      .number({ error: 'Enter the mid-year as a year, like 2024' })
      .int({ error: 'Enter the mid-year as a year, like 2024' })
      .min(1990, { error: 'Enter a mid-year from 1990' })
      .max(2100, { error: 'Enter a mid-year before 2100' }),
  ),
  aged18To64: count('aged 18 to 64'),
  aged65Plus: count('aged 65 and over'),
})

/**
 * Sets the council's ONS mid-year population for a year, with an audit entry.
 *
 * @example
 * await savePopulation(database, user, { year: '2024', aged18To64: '350000', aged65Plus: '120000' })
 */
export async function savePopulation(database: Database, user: CurrentUser, input: unknown) {
  const population = parseInput(populationSchema, input)
  return database.db.transaction().execute(async (tx) => {
    const outcome = await setPopulation(tx, user.councilId, population, user.id)
    await recordAudit(tx, {
      councilId: user.councilId,
      userId: user.id,
      action: outcome === 'created' ? 'create' : 'update',
      recordType: 'population',
      recordId: String(population.year),
      detail: { year: population.year, aged18To64: population.aged18To64, aged65Plus: population.aged65Plus },
    })
    return { ...population, outcome }
  })
}

/** Adds a council measure; a code already used by the council is a field error. */
export async function addCouncilMeasure(database: Database, user: CurrentUser, input: unknown) {
  const measure = parseInput(councilMeasureSchema, input)
  return database.db.transaction().execute(async (tx) => {
    const created = await insertCouncilMeasure(tx, user.councilId, measure, user.id)
    if (!created)
      throw new ValidationProblem([
        { field: 'code', message: 'Your council already has a measure with this code' },
      ])
    await recordAudit(tx, {
      councilId: user.councilId,
      userId: user.id,
      action: 'create',
      recordType: 'local measure',
      recordId: measure.code,
      detail: {
        title: measure.title,
        numerator: measure.numerator,
        denominator: measure.denominator,
        unit: measure.unit,
      },
    })
    return measure
  })
}

/** Changes a council measure's title, definition, counts or unit (not its code). */
export async function changeCouncilMeasure(
  database: Database,
  user: CurrentUser,
  code: string,
  input: unknown,
) {
  if (!(await findCouncilMeasure(database.db, user.councilId, code))) throw notFound('Measure')
  const { code: _ignored, ...measure } = parseInput(councilMeasureSchema, {
    ...(input as object),
    code: `${code}`,
  })
  return database.db.transaction().execute(async (tx) => {
    if (!(await updateCouncilMeasure(tx, user.councilId, code, measure))) throw notFound('Measure')
    await recordAudit(tx, {
      councilId: user.councilId,
      userId: user.id,
      action: 'update',
      recordType: 'local measure',
      recordId: code,
      detail: {
        title: measure.title,
        numerator: measure.numerator,
        denominator: measure.denominator,
        unit: measure.unit,
      },
    })
    return { code, ...measure }
  })
}

/** Removes a council measure. */
export async function removeCouncilMeasure(database: Database, user: CurrentUser, code: string) {
  return database.db.transaction().execute(async (tx) => {
    if (!(await deleteCouncilMeasure(tx, user.councilId, code))) throw notFound('Measure')
    await recordAudit(tx, {
      councilId: user.councilId,
      userId: user.id,
      action: 'update',
      recordType: 'local measure',
      recordId: code,
      detail: { change: 'deleted' },
    })
  })
}

/** A measure result as the API gives it: `value` unrounded. */
export function measureJson(result: MeasureResult) {
  return {
    code: result.code,
    title: result.title,
    kind: result.kind,
    numerator: result.numerator,
    denominator: result.denominator,
    value: result.value,
    unit: result.unit,
    ...(result.note ? { note: result.note } : {}),
    ...(result.breakdown ? { breakdown: result.breakdown } : {}),
  }
}

export { MEASURES }
