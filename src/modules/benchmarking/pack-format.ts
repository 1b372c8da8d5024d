/**
 * The benchmark pack: what one council publishes for its peers. A versioned
 * JSON document (or the same figures as one CSV table) holding a council's
 * measures for a financial year with their numerators and denominators, and
 * the context figures nearest neighbours are found by — every count already
 * through disclosure control. benchmark-pack-format.md describes it for
 * people; the zod schema here is the contract, and its JSON Schema is served
 * at /api/v1/benchmark-packs/schema.
 */
import { parse as parseCsv } from 'csv-parse/sync'
import { stringify as stringifyCsv } from 'csv-stringify/sync'
import { z } from 'zod'
import type { FieldError } from '../../kernel/problem.ts'
import { ROUND_TO, SUPPRESS_BELOW } from './disclosure-control.ts'

export const PACK_FORMAT = 'ascend-benchmark-pack'
export const PACK_VERSION = 1

export const MEASURE_UNITS = [
  'percent',
  'per 100,000',
  'per 1,000',
  'ratio',
  'pounds per person',
  'days',
] as const
export type PackUnit = (typeof MEASURE_UNITS)[number]

/** The context variables a pack carries, in the order pages list them. */
export const CONTEXT_VARIABLES = [
  'population18to64',
  'population65plus',
  'peopleInLongTermSupport',
  'deprivationScore',
  'ruralPercent',
] as const
export type ContextVariable = (typeof CONTEXT_VARIABLES)[number]

export const CONTEXT_LABELS: Record<ContextVariable, string> = {
  population18to64: 'Population aged 18 to 64',
  population65plus: 'Population aged 65 and over',
  peopleInLongTermSupport: 'People in long-term support during the year',
  deprivationScore: 'Average deprivation score (IMD)',
  ruralPercent: 'Population living in rural areas (%)',
}

/** Context variables that are counts, and so rounded like every other count. */
export const COUNT_CONTEXT: readonly ContextVariable[] = [
  'population18to64',
  'population65plus',
  'peopleInLongTermSupport',
]

const FINANCIAL_YEAR = /^(\d{4})-(\d{2})$/
const isFinancialYearLabel = (label: string) => {
  const match = FINANCIAL_YEAR.exec(label)
  return !!match && (Number(match[1]) + 1) % 100 === Number(match[2])
}

/** A published count: rounded to the nearest 5 and at least 5, or null when suppressed or not known. */
const publishedCount = z
  .number({ error: 'Must be a number or null' })
  .refine((n) => Number.isInteger(n) && n >= SUPPRESS_BELOW && n % ROUND_TO === 0, {
    error: `Counts in a benchmark pack must be rounded to the nearest ${ROUND_TO} and at least ${SUPPRESS_BELOW}: the pack may not have been through disclosure control`,
  })
  .nullable()

const measureSchema = z.object({
  code: z
    .string({ error: 'Enter the measure’s code' })
    .regex(
      /^[A-Z0-9][A-Z0-9+-]{1,39}$/,
      'A measure code is 2 to 40 capital letters, digits, hyphens or plus signs',
    ),
  title: z.string({ error: 'Enter the measure’s title' }).min(1, 'Enter the measure’s title').max(200),
  unit: z.enum(MEASURE_UNITS, { error: `The unit must be one of: ${MEASURE_UNITS.join(', ')}` }),
  numerator: publishedCount,
  denominator: publishedCount,
  value: z.number({ error: 'The value must be a number or null' }).finite().nullable(),
  suppressed: z.boolean({ error: 'Say whether the measure is suppressed (true or false)' }),
})
export type PackMeasure = z.infer<typeof measureSchema>

const score = (what: string) =>
  z
    .number({ error: `${what} must be a number or null` })
    .min(0, `${what} must be 0 or more`)
    .max(100, `${what} must be 100 or less`)
    .nullable()

export const packSchema = z
  .object({
    format: z.literal(PACK_FORMAT, {
      error: `This is not an ASCEND benchmark pack: "format" must be "${PACK_FORMAT}"`,
    }),
    version: z.literal(PACK_VERSION),
    council: z.object({
      code: z
        .string({ error: 'Enter the council’s code' })
        .regex(/^[A-Za-z0-9_-]{2,12}$/, 'A council code is 2 to 12 letters, digits, hyphens or underscores'),
      name: z.string({ error: 'Enter the council’s name' }).min(1, 'Enter the council’s name').max(200),
      synthetic: z.boolean({ error: 'Say whether the council is synthetic (true or false)' }),
    }),
    year: z
      .string({ error: 'Enter the financial year, like 2024-25' })
      .refine(isFinancialYearLabel, 'The year must be a financial year, like 2024-25'),
    generatedAt: z.iso.datetime({
      offset: true,
      error: 'generatedAt must be a date and time, like 2025-06-01T09:00:00Z',
    }),
    generator: z.string().max(100),
    disclosureControl: z.object({
      suppressedBelow: z.literal(SUPPRESS_BELOW),
      roundedTo: z.literal(ROUND_TO),
    }),
    context: z.object({
      population18to64: publishedCount,
      population65plus: publishedCount,
      peopleInLongTermSupport: publishedCount,
      deprivationScore: score('The deprivation score'),
      ruralPercent: score('The rural share'),
    }),
    measures: z.array(measureSchema).max(500, 'A pack holds at most 500 measures'),
  })
  .superRefine((pack, context) => {
    const seen = new Set<string>()
    pack.measures.forEach((measure, i) => {
      if (seen.has(measure.code)) {
        context.addIssue({
          code: 'custom',
          path: ['measures', i, 'code'],
          message: `${measure.code} appears twice`,
        })
      }
      seen.add(measure.code)
      if (measure.suppressed && measure.value !== null) {
        context.addIssue({
          code: 'custom',
          path: ['measures', i, 'value'],
          message: `${measure.code} is suppressed, so it can have no value`,
        })
      }
      const expected = valueFromFigures(measure.unit, measure.numerator, measure.denominator)
      if (expected === null && measure.value !== null) {
        context.addIssue({
          code: 'custom',
          path: ['measures', i, 'value'],
          message: `${measure.code} has a value but not both of the figures it is worked out from`,
        })
      } else if (
        typeof expected === 'number' &&
        measure.value !== null &&
        Math.abs(expected - measure.value) > 0.011
      ) {
        context.addIssue({
          code: 'custom',
          path: ['measures', i, 'value'],
          message: `${measure.code}’s value is not worked out from its rounded numerator and denominator`,
        })
      }
    })
  })
export type BenchmarkPack = z.infer<typeof packSchema>

const MULTIPLIERS: Partial<Record<PackUnit, number>> = {
  percent: 100,
  'per 100,000': 100_000,
  'per 1,000': 1000,
  ratio: 1,
  'pounds per person': 1,
}

/**
 * A measure's value from its published figures, to 2 decimal places; null when
 * a figure is missing; undefined for a median, which is not a ratio of them.
 *
 * @example
 * valueFromFigures('percent', 50, 120) // 41.67
 * valueFromFigures('days', null, 40) // undefined
 */
export function valueFromFigures(unit: PackUnit, numerator: number | null, denominator: number | null) {
  const multiplier = MULTIPLIERS[unit]
  if (multiplier === undefined) return undefined
  if (numerator === null || !denominator) return null
  return roundTo2((numerator / denominator) * multiplier)
}

export const roundTo2 = (value: number) => Math.round(value * 100) / 100

/** A pack that cannot be read, with what is wrong in words a person can act on. */
export class PackProblem extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join(' '))
    this.name = 'PackProblem'
  }
}

/**
 * Checks a pack and returns it typed, or throws a PackProblem. A pack of
 * another format version is refused before anything else is read, with a
 * message that says what to do.
 *
 * @example
 * const pack = readPack(JSON.parse(text))
 */
export function readPack(input: unknown): BenchmarkPack {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new PackProblem([
      { field: 'pack', message: 'The file is not a benchmark pack: it holds no JSON object' },
    ])
  }
  const raw = input as Record<string, unknown>
  if (raw.format !== PACK_FORMAT) {
    throw new PackProblem([
      {
        field: 'format',
        message: `The file is not an ASCEND benchmark pack: its "format" is not "${PACK_FORMAT}"`,
      },
    ])
  }
  if (raw.version !== PACK_VERSION) {
    const council = raw.council as { name?: unknown } | undefined
    const who = typeof council?.name === 'string' && council.name ? council.name : 'the council that sent it'
    const version =
      typeof raw.version === 'number' || typeof raw.version === 'string' ? raw.version : 'missing'
    throw new PackProblem([
      {
        field: 'version',
        message: `This pack is version ${version}; ASCEND reads version ${PACK_VERSION} packs. Ask ${who} to export it again as a version ${PACK_VERSION} pack.`,
      },
    ])
  }
  const result = packSchema.safeParse(input)
  if (result.success) return result.data
  const seen = new Set<string>()
  const errors: FieldError[] = []
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.') || 'pack'
    if (seen.has(field)) continue
    seen.add(field)
    errors.push({ field, message: `${describePath(input, issue.path)}: ${issue.message}` })
  }
  throw new PackProblem(errors)
}

/** "Measure ASCOF-2A, numerator" rather than "measures.0.numerator". */
function describePath(input: unknown, path: readonly PropertyKey[]): string {
  if (path[0] === 'measures' && typeof path[1] === 'number') {
    const measure = (input as { measures?: { code?: unknown }[] }).measures?.[path[1]]
    const name = typeof measure?.code === 'string' ? measure.code : `number ${path[1] + 1}`
    return `Measure ${name}${path[2] !== undefined ? `, ${String(path[2])}` : ''}`
  }
  return path.length ? path.map(String).join(', ') : 'The pack'
}

/**
 * Reads a pack from a file's text: JSON, or the CSV form.
 *
 * @example
 * const pack = readPackText(fs.readFileSync('NTH-2024-25.json', 'utf8'))
 */
export function readPackText(text: string): BenchmarkPack {
  const trimmed = text.replace(/^\uFEFF/, '').trim()
  if (!trimmed) throw new PackProblem([{ field: 'pack', message: 'The file is empty' }])
  if (trimmed.startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(trimmed)
    } catch {
      throw new PackProblem([{ field: 'pack', message: 'The file is not valid JSON' }])
    }
    return readPack(parsed)
  }
  return readPack(packFromCsv(trimmed))
}

// ── CSV ─────────────────────────────────────────────────────────────────────
// One table, one row per measure or context figure, every row carrying the
// pack's own fields so that the file reads on its own in a spreadsheet.

export const CSV_COLUMNS = [
  'format',
  'version',
  'council_code',
  'council_name',
  'synthetic',
  'year',
  'generated_at',
  'generator',
  'suppressed_below',
  'rounded_to',
  'section',
  'code',
  'title',
  'unit',
  'numerator',
  'denominator',
  'value',
  'suppressed',
] as const

/**
 * The pack as CSV text.
 *
 * @example
 * fs.writeFileSync('NTH-2024-25.csv', packToCsv(pack))
 */
export function packToCsv(pack: BenchmarkPack): string {
  const head = [
    pack.format,
    pack.version,
    pack.council.code,
    pack.council.name,
    pack.council.synthetic,
    pack.year,
    pack.generatedAt,
    pack.generator,
    pack.disclosureControl.suppressedBelow,
    pack.disclosureControl.roundedTo,
  ]
  const blank = (value: number | null) => (value === null ? '' : value)
  const rows = [
    ...CONTEXT_VARIABLES.map((variable) => [
      ...head,
      'context',
      variable,
      CONTEXT_LABELS[variable],
      '',
      '',
      '',
      blank(pack.context[variable]),
      '',
    ]),
    ...pack.measures.map((m) => [
      ...head,
      'measure',
      m.code,
      m.title,
      m.unit,
      blank(m.numerator),
      blank(m.denominator),
      blank(m.value),
      m.suppressed,
    ]),
  ]
  return stringifyCsv([[...CSV_COLUMNS], ...rows], { cast: { boolean: (value) => String(value) } })
}

/** Turns the CSV form back into the JSON shape, for readPack to check. */
export function packFromCsv(text: string): unknown {
  let records: Record<string, string>[]
  try {
    records = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true })
  } catch {
    throw new PackProblem([
      { field: 'pack', message: 'The file is neither JSON nor a CSV table ASCEND can read' },
    ])
  }
  const first = records[0]
  if (!first || !('format' in first) || !('section' in first)) {
    throw new PackProblem([
      {
        field: 'pack',
        message: `The file is not an ASCEND benchmark pack: a CSV pack starts with the columns ${CSV_COLUMNS.slice(0, 3).join(', ')}…`,
      },
    ])
  }
  const numberOrNull = (value: string | undefined) =>
    value === undefined || value === '' ? null : Number(value)
  const numberOrText = (value: string | undefined) =>
    value !== undefined && value !== '' && Number.isFinite(Number(value)) ? Number(value) : value
  const bool = (value: string | undefined) => (value === 'true' ? true : value === 'false' ? false : value)
  const context: Record<string, number | null> = Object.fromEntries(CONTEXT_VARIABLES.map((v) => [v, null]))
  const measures: unknown[] = []
  for (const record of records) {
    if (record.section === 'context') context[record.code ?? ''] = numberOrNull(record.value)
    else if (record.section === 'measure') {
      measures.push({
        code: record.code,
        title: record.title,
        unit: record.unit,
        numerator: numberOrNull(record.numerator),
        denominator: numberOrNull(record.denominator),
        value: numberOrNull(record.value),
        suppressed: bool(record.suppressed),
      })
    }
  }
  return {
    format: first.format,
    version: numberOrText(first.version),
    council: { code: first.council_code, name: first.council_name, synthetic: bool(first.synthetic) },
    year: first.year,
    generatedAt: first.generated_at,
    generator: first.generator ?? '',
    disclosureControl: {
      suppressedBelow: numberOrText(first.suppressed_below),
      roundedTo: numberOrText(first.rounded_to),
    },
    context,
    measures,
  }
}

/** The file name a pack is saved under: `NTH-2024-25.json`. */
export const packFileName = (pack: Pick<BenchmarkPack, 'council' | 'year'>, extension: 'json' | 'csv') =>
  `${pack.council.code}-${pack.year}.${extension}`
