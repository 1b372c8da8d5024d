import { z } from 'zod'
import { type FieldError, ValidationProblem } from '../../kernel/problem.ts'
import { fieldErrors } from '../../kernel/validation.ts'
import { DIFFICULTIES, type Difficulty } from '../assessments/eligibility.ts'
import { penceFromPounds, poundsForForm } from '../plans/money-input.ts'
import { RAS_OUTCOMES, type RasConfig, rasConfigProblems } from './ras.ts'

const points = (what: string) =>
  z
    .int({ error: `Enter the points for ${what} as a whole number` })
    .min(0, { error: `The points for ${what} must be 0 or more` })
    .max(1000, { error: `The points for ${what} must be 1,000 or fewer` })

const pence = (what: string, max = 10_000_000) =>
  z
    .int({ error: `Enter ${what} in whole pence` })
    .min(0, { error: `${what} must be 0 or more` })
    .max(max, { error: `${what} must be at most ${max.toLocaleString('en-GB')} pence` })

const code = (what: string) =>
  z.string({ error: `Enter a code for ${what}` }).regex(/^[a-z][a-z0-9_]{0,39}$/, {
    error: `The code for ${what} must be lower-case letters, digits and underscores`,
  })

/** A RAS configuration as the API takes it. Outcomes left out score 0. */
export const rasConfigSchema = z
  .object({
    outcomePoints: z
      .partialRecord(z.enum(RAS_OUTCOMES.map((o) => o.code) as [string, ...string[]]), points('each outcome'))
      .default({}),
    difficultyPoints: z.object(
      Object.fromEntries(DIFFICULTIES.map((d) => [d.code, points(d.label.toLowerCase())])) as Record<
        Difficulty,
        ReturnType<typeof points>
      >,
      { error: 'Enter the points for each difficulty' },
    ),
    questions: z
      .array(
        z.object({
          code: code('the question'),
          text: z
            .string({ error: 'Enter the question' })
            .trim()
            .min(1, { error: 'Enter the question' })
            .max(300),
          options: z
            .array(
              z.object({
                code: code('the answer'),
                label: z
                  .string({ error: 'Enter the answer' })
                  .trim()
                  .min(1, { error: 'Enter the answer' })
                  .max(200),
                points: points('the answer'),
              }),
            )
            .min(2, { error: 'Give each question at least two answers' })
            .max(12),
        }),
      )
      .max(20, { error: 'A RAS can have at most 20 extra questions' })
      .default([]),
    method: z.enum(['rate', 'bands'], { error: 'Choose a rate per point or bands' }),
    ratePerPointPence: pence('The rate per point', 100_000).default(0),
    bands: z
      .array(
        z.object({ fromPoints: z.int().min(0).max(100_000), weeklyPence: pence('A band’s weekly amount') }),
      )
      .max(40)
      .default([]),
    minimumWeeklyPence: pence('The minimum').default(0),
    maximumWeeklyPence: pence('The maximum'),
  })
  .transform((config) => ({
    ...config,
    outcomePoints: Object.fromEntries(RAS_OUTCOMES.map((o) => [o.code, config.outcomePoints[o.code] ?? 0])),
  }))

/**
 * Checks a RAS configuration from the API, or throws a ValidationProblem.
 *
 * @example
 * const config = parseRasConfig(request.body)
 */
export function parseRasConfig(input: unknown): RasConfig {
  const result = rasConfigSchema.safeParse(input ?? {})
  if (!result.success) throw new ValidationProblem(fieldErrors(result.error))
  const problems = rasConfigProblems(result.data)
  if (problems.length) throw new ValidationProblem(problems)
  return result.data
}

/** The form's own fields, where they differ from the API's. */
const FORM_FIELD: Record<string, string> = {
  ratePerPointPence: 'ratePerPoint',
  minimumWeeklyPence: 'minimumWeekly',
  maximumWeeklyPence: 'maximumWeekly',
}

/**
 * The RAS configuration form's values from a configuration: points as
 * numbers, money as pounds, bands and questions as lines of text.
 *
 * @example
 * reply.view('budgets/views/ras.njk', { values: rasFormValues(config) })
 */
export function rasFormValues(config: RasConfig): Record<string, string> {
  const values: Record<string, string> = {
    method: config.method,
    ratePerPoint: poundsForForm(config.ratePerPointPence),
    minimumWeekly: poundsForForm(config.minimumWeeklyPence),
    maximumWeekly: poundsForForm(config.maximumWeeklyPence),
    bands: config.bands.map((b) => `${b.fromPoints}: ${poundsForForm(b.weeklyPence)}`).join('\n'),
    questions: config.questions
      .map((q) =>
        [`${q.code}: ${q.text}`, ...q.options.map((o) => `- ${o.code}: ${o.label} = ${o.points}`)].join('\n'),
      )
      .join('\n\n'),
  }
  for (const o of RAS_OUTCOMES) values[`outcomePoints.${o.code}`] = String(config.outcomePoints[o.code] ?? 0)
  for (const d of DIFFICULTIES) values[`difficultyPoints.${d.code}`] = String(config.difficultyPoints[d.code])
  return values
}

const wholeOrText = (value: string | undefined) => {
  const trimmed = (value ?? '').trim()
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed === '' ? undefined : trimmed
}

/**
 * Reads the RAS configuration form into a configuration, or throws a
 * ValidationProblem naming the form's fields. Bands are lines of
 * "points: £ a week"; questions are blocks of "code: question" followed by
 * "- code: answer = points" lines.
 *
 * @example
 * const config = rasConfigFromForm({ method: 'rate', ratePerPoint: '6.00', maximumWeekly: '1250', ... })
 */
export function rasConfigFromForm(form: Record<string, string | undefined>): RasConfig {
  const errors: FieldError[] = []
  const money = (field: string, required: boolean) => {
    const raw = (form[field] ?? '').trim()
    if (raw === '') {
      if (required) errors.push({ field, message: 'Enter an amount in pounds, like 1250 or 6.50' })
      return undefined
    }
    const value = penceFromPounds(raw)
    if (value === undefined) errors.push({ field, message: 'Enter an amount in pounds, like 1250 or 6.50' })
    return value
  }
  const bands: { fromPoints: number; weeklyPence: number }[] = []
  for (const line of (form.bands ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const match = /^(\d+)\s*:\s*(.+)$/.exec(line)
    const weeklyPence = match ? penceFromPounds(match[2]) : undefined
    if (!match || weeklyPence === undefined) {
      errors.push({
        field: 'bands',
        message: `Write each band as “points: pounds a week”, like “20: 150” (not “${line}”)`,
      })
      break
    }
    bands.push({ fromPoints: Number(match[1]), weeklyPence })
  }
  const questions = parseQuestions(form.questions ?? '', errors)
  const input = {
    method: form.method || undefined,
    ratePerPointPence: money('ratePerPoint', form.method === 'rate'),
    minimumWeeklyPence: money('minimumWeekly', false),
    maximumWeeklyPence: money('maximumWeekly', true),
    bands,
    questions,
    outcomePoints: Object.fromEntries(
      RAS_OUTCOMES.map((o) => [o.code, wholeOrText(form[`outcomePoints.${o.code}`]) ?? 0]),
    ),
    difficultyPoints: Object.fromEntries(
      DIFFICULTIES.map((d) => [d.code, wholeOrText(form[`difficultyPoints.${d.code}`]) ?? 0]),
    ),
  }
  let config: RasConfig | undefined
  try {
    config = parseRasConfig(input)
  } catch (error) {
    if (!(error instanceof ValidationProblem)) throw error
    for (const e of error.errors) {
      const field = e.field.startsWith('questions')
        ? 'questions'
        : e.field.startsWith('bands')
          ? 'bands'
          : e.field
      const named = FORM_FIELD[field] ?? field
      if (!errors.some((x) => x.field === named)) errors.push({ field: named, message: e.message })
    }
  }
  if (errors.length || !config) throw new ValidationProblem(errors)
  return config
}

function parseQuestions(text: string, errors: FieldError[]) {
  const questions: {
    code: string
    text: string
    options: { code: string; label: string; points: number }[]
  }[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (!line) continue
    const option = /^-\s*([^:]+):\s*(.+?)\s*=\s*(\d+)$/.exec(line)
    if (option) {
      const current = questions.at(-1)
      if (!current) {
        errors.push({
          field: 'questions',
          message: 'Start each question with a line “code: question” before its answers',
        })
        return []
      }
      current.options.push({
        code: (option[1] as string).trim(),
        label: option[2] as string,
        points: Number(option[3]),
      })
      continue
    }
    const question = /^([^:-][^:]*):\s*(.+)$/.exec(line)
    if (!question) {
      errors.push({
        field: 'questions',
        message: `Write each question as “code: question” and each answer as “- code: answer = points” (not “${line}”)`,
      })
      return []
    }
    questions.push({ code: (question[1] as string).trim(), text: question[2] as string, options: [] })
  }
  return questions
}
