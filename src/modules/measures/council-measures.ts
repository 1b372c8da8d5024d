/**
 * Measures a council defines for itself: a title, a plain-English
 * definition, and a numerator and denominator each chosen from ASCEND's fixed
 * list of counts (counts.ts). Pure: input checking and the arithmetic.
 */
import { z } from 'zod'
import { MEASURES } from './catalogue.ts'
import { COUNT_KEYS, COUNTS } from './counts.ts'
import type { Figures, MeasureUnit } from './definition.ts'

export const COUNCIL_MEASURE_UNITS = ['percent', 'per 1,000', 'ratio'] as const
export type CouncilMeasureUnit = (typeof COUNCIL_MEASURE_UNITS)[number]

const MULTIPLIER: Record<CouncilMeasureUnit, number> = { percent: 100, 'per 1,000': 1000, ratio: 1 }

export const UNIT_LABELS: Record<CouncilMeasureUnit, string> = {
  percent: 'Percentage (numerator ÷ denominator × 100)',
  'per 1,000': 'Per 1,000 (numerator ÷ denominator × 1,000)',
  ratio: 'Ratio (numerator ÷ denominator)',
}

const text = (max: number, missing: string, tooLong: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() : value),
    z.string({ error: missing }).min(1, missing).max(max, tooLong),
  )

/** What a council measure is made of, as a form or the API sends it. */
export const councilMeasureSchema = z
  .object({
    code: z.preprocess(
      (value) => (typeof value === 'string' ? value.trim().toUpperCase() : value),
      z
        .string({ error: 'Enter a code' })
        .min(1, 'Enter a code')
        .regex(
          /^[A-Z0-9][A-Z0-9+-]{1,39}$/,
          'Code must be 2 to 40 letters, digits, hyphens or plus signs, starting with a letter or digit',
        )
        .refine(
          (code) => !MEASURES.some((m) => m.code === code),
          'Code is used by a national or built-in measure: choose another',
        ),
    ),
    title: text(200, 'Enter a title', 'Title must be 200 characters or fewer'),
    definition: text(4000, 'Enter a definition', 'Definition must be 4,000 characters or fewer'),
    numerator: z.enum(COUNT_KEYS as [string, ...string[]], { error: 'Choose what the numerator counts' }),
    denominator: z.enum(COUNT_KEYS as [string, ...string[]], { error: 'Choose what the denominator counts' }),
    unit: z.enum(COUNCIL_MEASURE_UNITS, { error: 'Choose how the value is shown' }),
  })
  .refine((m) => m.numerator !== m.denominator, {
    path: ['denominator'],
    message: 'Denominator must count something other than the numerator',
  })
export type CouncilMeasureInput = z.infer<typeof councilMeasureSchema>

/** A count's label, for pages. */
export const countLabel = (key: string) => COUNTS.find((count) => count.key === key)?.label ?? key

/**
 * A council measure's figures from its two counts.
 *
 * @example
 * councilMeasureFigures('percent', 25, 200) // { numerator: 25, denominator: 200, value: 12.5 }
 */
export function councilMeasureFigures(
  unit: CouncilMeasureUnit,
  numerator: number | null,
  denominator: number | null,
): Figures {
  if (numerator === null || denominator === null) {
    return {
      numerator,
      denominator,
      value: null,
      note: 'A count this measure uses needs the council’s population, which has not been set for this period.',
    }
  }
  return { numerator, denominator, value: denominator ? (numerator / denominator) * MULTIPLIER[unit] : null }
}

/** The unit a council measure shows as. */
export const councilMeasureUnit = (unit: CouncilMeasureUnit): MeasureUnit => unit
