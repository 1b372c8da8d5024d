/**
 * Builds a council's benchmark pack from its measures: says which figures are
 * counts of people or events and how they add up (the relations an attacker
 * could difference), puts them through disclosure control, and works every
 * value out again from the rounded figures so that no value carries more than
 * the figures beside it. Pure: no I/O.
 */
import { type Cell, controlCounts, type Relation } from './disclosure-control.ts'
import {
  type BenchmarkPack,
  MEASURE_UNITS,
  PACK_FORMAT,
  PACK_VERSION,
  type PackMeasure,
  type PackUnit,
  valueFromFigures,
} from './pack-format.ts'

/** A council's figures for one measure, unrounded, as the measures module gives them. */
export interface MeasureFigures {
  code: string
  title: string
  unit: string
  numerator: number | null
  denominator: number | null
  value: number | null
}

export interface PackInput {
  council: { code: string; name: string; synthetic: boolean }
  year: string
  generatedAt: Date
  generator: string
  measures: readonly MeasureFigures[]
  /** Context the council entered itself (not counts: published as entered, to 1 decimal place). */
  entered: { deprivationScore: number | null; ruralPercent: number | null }
}

/**
 * Measures whose numerator counts some of the people (or events) its
 * denominator counts: the denominator is the numerator plus "everyone else",
 * an unpublished remainder that must not be given away when it is small.
 */
export const SUBSET_MEASURES: ReadonlySet<string> = new Set([
  'ASCOF-2A',
  'ASCOF-2B',
  'ASCOF-2C',
  'ASCOF-2E',
  'ASCOF-3D1',
  'ASCOF-3D2',
  'HOMECARE-10H',
  'ISF-PEOPLE',
  'DELEGATED-SHARE',
  'REVIEWS-ON-TIME',
])

/**
 * Measures whose numerator is an amount (pounds or minutes), not a count of
 * people: rounded to the nearest 5 like a count, but tied to no remainder,
 * and withheld with the count it is divided by when that count is suppressed.
 */
export const AMOUNT_NUMERATORS: ReadonlySet<string> = new Set([
  'RESIDENTIAL-SPEND-SHARE',
  'DIRECT-TIME-SHARE',
  'SPEND-PER-PERSON-18-64',
  'SPEND-PER-PERSON-65+',
])

/** Measures whose denominator is an amount too. */
const AMOUNT_DENOMINATORS: ReadonlySet<string> = new Set(['RESIDENTIAL-SPEND-SHARE', 'DIRECT-TIME-SHARE'])

/** One measure's denominator is another's, so they are one cell. */
const SHARED_DENOMINATORS: readonly [string, string][] = [['ASCOF-3D2', 'ASCOF-3D1']]

/** The outer measure's numerator holds the inner's (direct payments are self-directed support). */
const NESTED_NUMERATORS: readonly { outer: string; inner: string }[] = [
  { outer: 'ASCOF-3D1', inner: 'ASCOF-3D2' },
]

/** A denominator split into other measures' denominators (people in long-term support, by age). */
const SPLIT_DENOMINATORS: readonly { total: string; parts: string[] }[] = [
  { total: 'ASCOF-2E', parts: ['SPEND-PER-PERSON-18-64', 'SPEND-PER-PERSON-65+'] },
]

/** Context counts that are a measure's denominator. */
const CONTEXT_FROM_DENOMINATOR = {
  population18to64: 'ASCOF-2B',
  population65plus: 'ASCOF-2C',
  peopleInLongTermSupport: 'ASCOF-2E',
} as const

const isUnit = (unit: string): unit is PackUnit => (MEASURE_UNITS as readonly string[]).includes(unit)
const isCount = (value: number | null): value is number => value !== null && Number.isFinite(value)

/**
 * Builds the pack. Counts are rounded to whole numbers first (a count is
 * whole; an amount in pounds or minutes is rounded to the nearest unit before
 * it is rounded to 5).
 *
 * @example
 * const pack = buildPack({ council, year: '2024-25', generatedAt: new Date(), generator: 'ASCEND 0.1.0', measures, entered })
 * pack.measures.find((m) => m.code === 'ASCOF-2A') // { numerator: 45, denominator: 60, value: 75, suppressed: false, … }
 */
export function buildPack(input: PackInput): BenchmarkPack {
  const measures = input.measures.filter((m) => isUnit(m.unit))
  const byCode = new Map(measures.map((m) => [m.code, m]))
  const whole = (value: number | null) => (isCount(value) ? Math.round(value) : null)

  // Cells: one per figure, with shared denominators merged into one.
  const cells = new Map<string, Cell>()
  const alias = new Map<string, string>()
  const cellOf = (id: string) => alias.get(id) ?? id
  for (const [code, into] of SHARED_DENOMINATORS) {
    const a = byCode.get(code)
    const b = byCode.get(into)
    if (a && b && isCount(a.denominator) && whole(a.denominator) === whole(b.denominator)) {
      alias.set(`${code}:denominator`, `${into}:denominator`)
    }
  }
  for (const m of measures) {
    if (m.unit !== 'days')
      cells.set(`${m.code}:numerator`, { id: `${m.code}:numerator`, value: whole(m.numerator) })
    const denominator = cellOf(`${m.code}:denominator`)
    if (!cells.has(denominator)) cells.set(denominator, { id: denominator, value: whole(m.denominator) })
  }

  const relations: Relation[] = []
  for (const m of measures) {
    if (!SUBSET_MEASURES.has(m.code)) continue
    const n = whole(m.numerator)
    const d = whole(m.denominator)
    const rest = `${m.code}:rest`
    cells.set(rest, { id: rest, value: n !== null && d !== null && d >= n ? d - n : null, hidden: true })
    relations.push({ total: cellOf(`${m.code}:denominator`), parts: [`${m.code}:numerator`, rest] })
  }
  for (const { outer, inner } of NESTED_NUMERATORS) {
    const o = whole(byCode.get(outer)?.numerator ?? null)
    const i = whole(byCode.get(inner)?.numerator ?? null)
    if (o === null || i === null || i > o) continue
    const between = `${outer}-${inner}:between`
    cells.set(between, { id: between, value: o - i, hidden: true })
    relations.push({ total: `${outer}:numerator`, parts: [`${inner}:numerator`, between] })
  }
  for (const split of SPLIT_DENOMINATORS) {
    const ids = [split.total, ...split.parts].map((code) => cellOf(`${code}:denominator`))
    if (ids.every((id) => isCount(cells.get(id)?.value ?? null))) {
      relations.push({ total: ids[0] as string, parts: ids.slice(1) })
    }
  }

  const controlled = controlCounts([...cells.values()], relations)
  const published = (id: string) => controlled.get(cellOf(id)) ?? { published: null, suppressed: null }

  const packMeasures: PackMeasure[] = measures.map((m) => {
    const unit = m.unit as PackUnit
    const d = published(`${m.code}:denominator`)
    const countDenominator = !AMOUNT_DENOMINATORS.has(m.code)
    // An amount goes with the count it is divided by.
    const withheld = AMOUNT_NUMERATORS.has(m.code) && countDenominator && d.suppressed !== null
    const n =
      unit === 'days' || withheld
        ? { published: null, suppressed: withheld ? 'secondary' : null }
        : published(`${m.code}:numerator`)
    const suppressed = n.suppressed !== null || d.suppressed !== null
    const value =
      unit === 'days'
        ? d.published !== null && isCount(m.value)
          ? Math.round(m.value * 10) / 10
          : null
        : suppressed
          ? null
          : (valueFromFigures(unit, n.published, d.published) ?? null)
    return {
      code: m.code,
      title: m.title,
      unit,
      numerator: n.published,
      denominator: d.published,
      value,
      suppressed,
    }
  })

  const contextCount = (variable: keyof typeof CONTEXT_FROM_DENOMINATOR) =>
    byCode.has(CONTEXT_FROM_DENOMINATOR[variable])
      ? published(`${CONTEXT_FROM_DENOMINATOR[variable]}:denominator`).published
      : null
  const tenth = (value: number | null) => (isCount(value) ? Math.round(value * 10) / 10 : null)

  return {
    format: PACK_FORMAT,
    version: PACK_VERSION,
    council: { ...input.council },
    year: input.year,
    generatedAt: input.generatedAt.toISOString(),
    generator: input.generator,
    disclosureControl: { suppressedBelow: 5, roundedTo: 5 },
    context: {
      population18to64: contextCount('population18to64'),
      population65plus: contextCount('population65plus'),
      peopleInLongTermSupport: contextCount('peopleInLongTermSupport'),
      deprivationScore: tenth(input.entered.deprivationScore),
      ruralPercent: tenth(input.entered.ruralPercent),
    },
    measures: packMeasures,
  }
}
