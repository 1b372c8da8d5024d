import type { Scope } from './sql.ts'

export type MeasureUnit = 'percent' | 'per 100,000' | 'days' | 'pounds per person' | 'per 1,000' | 'ratio'

/** One row of a breakdown (by age band, say), shown under the headline figure. */
export interface BreakdownRow {
  label: string
  numerator: number | null
  denominator: number | null
  value: number | null
}

/** A measure's figures for one council and period. `value` is never rounded. */
export interface Figures {
  numerator: number | null
  denominator: number | null
  value: number | null
  /** Said beside the figures: why there is no value, or what it rests on. */
  note?: string
  breakdown?: BreakdownRow[]
}

/** The ONS population a period's rates use, if the council has set one. */
export interface PopulationForPeriod {
  /** The mid-year the period asks for. */
  wantedYear: number
  /** The mid-year used: the wanted one, or the latest earlier one set. */
  year: number
  aged18To64: number
  aged65Plus: number
}

export interface FigureContext {
  population: PopulationForPeriod | null
  wantedPopulationYear: number
}

/**
 * A query that computes one or more measures at once (2B and 2C share one),
 * for every council in scope, one row per council.
 */
export interface MeasureFamily<
  Row extends { council_id: string } = { council_id: string } & Record<string, unknown>,
> {
  key: string
  /** False when it reads tables whose changes do not move the data version: its figures are never cached. */
  cacheable?: false
  /**
   * Set when each person's part of its row comes from their own events alone
   * (and anything else is counted in the first slice only): one council's
   * query may then run a slice of its people at a time (`scope.slice`), and
   * this puts every slice's rows together into the row the whole query gives
   * (`addedUp` from person-slices.ts for counts and sums).
   */
  bySlices?(rows: Record<string, unknown>[]): Row | undefined
  /** Planner settings for its query on one council, where PostgreSQL's own choice was measured to be wrong. */
  oneCouncilSettings?: Readonly<Record<string, string>>
  /** SQL text with :council_id, :period_start and :period_end placeholders; null when the data is not recorded. */
  query(scope: Scope): string | null
  /** The figures of each measure of the family from the council's row (undefined when it had nothing to count). */
  figures(row: Row | undefined, context: FigureContext): Record<string, Figures>
}

/**
 * A measure's part of the long-term support pass (long-term-support.ts), the
 * one query that reads everyone's long-term services once for 2E, 3D, spend,
 * home care and reviews. Each stage's expressions end `AS name`; the names a
 * part gives per person must not be used by another part.
 */
export interface LongTermPart<Row extends object = Record<string, unknown>> {
  /** What its columns in the pass's row per council start with (`ascof_3d__community`). */
  key: string
  /**
   * Aggregates over one person's events (alias e, date of death p) as the pass
   * reads them: their long-term services that began by the period end, and
   * their reviews that ended in it. `end` is the event's derived end.
   */
  perPerson(end: string): string[]
  /**
   * Expressions for each person (alias s: the per-person columns, the person's
   * date_of_birth, date_of_death and accommodation_status, and age_at_end, the
   * age at the period end; d: 2E's deduced accommodation, if any).
   */
  withPerson?: string[]
  /** Aggregates over the people of a council (every column above, unqualified). */
  perCouncil: string[]
  /** Its measures' figures from its columns (without the prefix). */
  figures(row: Row | undefined): Record<string, Figures>
}

export interface MeasureDefinition {
  code: string
  title: string
  unit: MeasureUnit
  kind: 'ASCOF' | 'local'
  family: string
  /** What the figure means, in a sentence. */
  summary: string
  /** How it is worked out, paragraph by paragraph, in plain English (shown on its page). */
  definition: string[]
  /** What the numerator and the denominator count. */
  numeratorText: string
  denominatorText: string
  /** Where the method comes from. */
  source?: string
  /** What the figures' breakdown is by, when not by age: its table's heading and first column. */
  breakdownBy?: { heading: string; column: string }
}

/**
 * A share as a percentage, unrounded; null when there is nothing to divide by.
 *
 * @example
 * percentage(1, 3) // 33.333…
 * percentage(0, 0) // null
 */
export function percentage(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || !denominator) return null
  return (numerator / denominator) * 100
}

/** A share of `per` (100,000 for the admission rates), unrounded. */
export function ratePer(numerator: number | null, denominator: number | null, per: number): number | null {
  if (numerator === null || !denominator) return null
  return (numerator / denominator) * per
}

/** Numbers from SQL: counts arrive as numbers, but a sum over nothing is null. */
export function num(value: unknown): number {
  if (value === null || value === undefined) return 0
  return Number(value)
}

/**
 * A value a query may leave out (a median over nothing) as a number, or null.
 *
 * @example
 * numOrNull('4.5') // 4.5
 * numOrNull(null) // null
 */
export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value)
}

/**
 * A share's figures: numerator and denominator as numbers (a sum over nothing
 * is 0) and the percentage, unrounded.
 *
 * @example
 * share(row?.numerator, row?.denominator) // { numerator: 3, denominator: 4, value: 75 }
 */
export function share(numerator: unknown, denominator: unknown) {
  const n = num(numerator)
  const d = num(denominator)
  return { numerator: n, denominator: d, value: percentage(n, d) }
}

/**
 * One age band's share, for a measure's breakdown.
 *
 * @example
 * shareInBand('Aged 65 and over', row?.numerator_65_plus, row?.denominator_65_plus)
 */
export function shareInBand(label: string, numerator: unknown, denominator: unknown) {
  return { label, ...share(numerator, denominator) }
}
