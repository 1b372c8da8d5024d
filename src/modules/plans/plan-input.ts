import { z } from 'zod'
import {
  type DELIVERY_MECHANISMS,
  matchCode,
  SERVICE_COMPONENTS,
  SERVICE_TYPES,
} from '../../kernel/code-lists/cld.ts'
import { type FieldError, ValidationProblem } from '../../kernel/problem.ts'
import { fieldErrors } from '../../kernel/validation.ts'
import { penceFromPounds, poundsForForm } from './money-input.ts'
import { type CostUnit, matchCostUnit, toHundredths } from './plan-costs.ts'

/** How the money for a line is held: ASCEND's words (the CLD has no individual service fund). */
export const PLAN_DELIVERY_MECHANISMS = [
  'direct_payment',
  'individual_service_fund',
  'managed_budget',
  'commissioned',
] as const
export type PlanDeliveryMechanism = (typeof PLAN_DELIVERY_MECHANISMS)[number]

export const DELIVERY_MECHANISM_LABELS: Record<PlanDeliveryMechanism, string> = {
  direct_payment: 'Direct payment',
  individual_service_fund: 'Individual service fund',
  managed_budget: 'Council-managed personal budget',
  commissioned: 'Council-commissioned support',
}

/**
 * The CLD Delivery_Mechanism a line is returned as. An individual service
 * fund has no CLD value: it is a personal budget the council arranges through
 * a provider, so it goes as a managed personal budget (ASCEND keeps the ISF).
 */
export const CLD_DELIVERY_MECHANISM: Record<PlanDeliveryMechanism, (typeof DELIVERY_MECHANISMS)[number]> = {
  direct_payment: 'Direct Payment',
  individual_service_fund: 'CASSR Managed Personal Budget',
  managed_budget: 'CASSR Managed Personal Budget',
  commissioned: 'CASSR Commissioned Support',
}

export const FUNDING_SOURCES = ['council', 'nhs', 'pooled_fund', 'person_contribution'] as const
export type FundingSource = (typeof FUNDING_SOURCES)[number]

export const FUNDING_SOURCE_LABELS: Record<FundingSource, string> = {
  council: 'The council',
  nhs: 'The NHS',
  pooled_fund: 'A pooled fund (council and NHS)',
  person_contribution: 'The person’s assessed contribution',
}

/** The most lines a plan can have: more is a sign of a mistake, not of a plan. */
export const MAX_LINES = 40

export interface PlanLineInput {
  serviceType: (typeof SERVICE_TYPES)[number]
  serviceComponent: (typeof SERVICE_COMPONENTS)[number] | null
  deliveryMechanism: PlanDeliveryMechanism
  fundingSource: FundingSource
  provider: string | null
  unitCostPence: number
  unitsHundredths: number
  costUnit: CostUnit
}

const codeFrom =
  <T extends string>(list: readonly T[], message: string) =>
  (value: string, ctx: z.RefinementCtx) => {
    const found = matchCode(list, value)
    if (found === undefined) {
      ctx.addIssue({ code: 'custom', message })
      return z.NEVER
    }
    return found
  }

const lineSchema = z.object({
  serviceType: z
    .string({ error: 'Choose a service type' })
    .transform(
      codeFrom(SERVICE_TYPES, 'Choose a service type from the CLD list, like “Long term support: Community”'),
    ),
  serviceComponent: z
    .string({ error: 'Choose a service component from the CLD list' })
    .transform(
      codeFrom(
        SERVICE_COMPONENTS,
        'Choose a service component from the CLD list, like “Home support or domiciliary care”',
      ),
    )
    .nullish()
    .transform((v) => v ?? null),
  deliveryMechanism: z.enum(PLAN_DELIVERY_MECHANISMS, {
    error:
      'Choose how the money will be held: direct payment, individual service fund, council-managed or council-commissioned',
  }),
  fundingSource: z
    .enum(FUNDING_SOURCES, {
      error: 'Choose who pays: the council, the NHS, a pooled fund or the person’s contribution',
    })
    .default('council'),
  provider: z
    .string({ error: 'Enter the provider as text' })
    .trim()
    .max(200, { error: 'The provider must be 200 characters or fewer' })
    .nullish()
    .transform((v) => (v ? v : null)),
  unitCostPence: z
    .int({ error: 'Enter the unit cost in whole pence' })
    .min(0, { error: 'The unit cost must be 0 or more' })
    .max(10_000_000, { error: 'The unit cost must be £100,000 or less' }),
  unitsPerWeek: z
    .number({ error: 'Enter the units a week as a number, like 10 or 7.5' })
    .positive({ error: 'The units a week must be more than 0' })
    .max(10_000, { error: 'The units a week must be 10,000 or fewer' })
    .refine((v) => toHundredths(v) !== undefined, {
      error: 'The units a week can have at most 2 decimal places',
    }),
  costUnit: z
    .string({ error: 'Choose what one unit is: an hour, a day, a week…' })
    .transform((value, ctx) => {
      const unit = matchCostUnit(value)
      if (!unit) {
        ctx.addIssue({
          code: 'custom',
          message: 'Choose what one unit is: Hourly, Daily, Per session, Weekly, Monthly…',
        })
        return z.NEVER
      }
      return unit
    }),
})

const linesSchema = z
  .array(lineSchema, { error: 'Add the plan’s lines' })
  .min(1, { error: 'Add at least one line to the plan' })
  .max(MAX_LINES, { error: `A plan can have at most ${MAX_LINES} lines` })

/** A new plan, as the API takes it. */
export const planBodySchema = z.object({
  assessmentId: z.uuid({ error: 'Choose the completed assessment this plan meets' }),
  lines: linesSchema,
  rasAnswers: z
    .record(z.string(), z.string({ error: 'Answer with an answer’s code' }))
    .optional()
    .meta({
      description: 'Answers to the council’s extra RAS questions, when no indicative budget was given yet',
    }),
})

/** A new version of a plan: its lines. */
export const versionBodySchema = z.object({ lines: linesSchema })

function toLines(lines: z.output<typeof linesSchema>): PlanLineInput[] {
  return lines.map(({ unitsPerWeek, ...line }) => ({
    ...line,
    unitsHundredths: toHundredths(unitsPerWeek) as number,
  }))
}

/**
 * Checks a new plan from the API, or throws a ValidationProblem naming
 * fields as the body does (`lines.0.unitCostPence`).
 *
 * @example
 * const { assessmentId, lines } = parsePlanBody(request.body)
 */
export function parsePlanBody(body: unknown) {
  const result = planBodySchema.safeParse(body ?? {})
  if (!result.success) throw new ValidationProblem(fieldErrors(result.error))
  return {
    assessmentId: result.data.assessmentId,
    lines: toLines(result.data.lines),
    rasAnswers: result.data.rasAnswers ?? {},
  }
}

/**
 * Checks a plan's new lines from the API, or throws a ValidationProblem.
 *
 * @example
 * const lines = parseLines(request.body)
 */
export function parseLines(body: unknown): PlanLineInput[] {
  const result = versionBodySchema.safeParse(body ?? {})
  if (!result.success) throw new ValidationProblem(fieldErrors(result.error))
  return toLines(result.data.lines)
}

/** One line of the plan form as typed. */
export interface LineForm {
  serviceType: string
  serviceComponent: string
  provider: string
  deliveryMechanism: string
  fundingSource: string
  unitCost: string
  costUnit: string
  unitsPerWeek: string
}

const LINE_FIELDS: (keyof LineForm)[] = [
  'serviceType',
  'serviceComponent',
  'provider',
  'deliveryMechanism',
  'fundingSource',
  'unitCost',
  'costUnit',
  'unitsPerWeek',
]

export const blankLine = (): LineForm => ({
  serviceType: '',
  serviceComponent: '',
  provider: '',
  deliveryMechanism: '',
  fundingSource: 'council',
  unitCost: '',
  costUnit: 'Hourly',
  unitsPerWeek: '',
})

/** A line the person filled nothing in on (the defaults aside) is not a line. */
const isBlank = (line: LineForm) =>
  !line.serviceType &&
  !line.serviceComponent &&
  !line.provider &&
  !line.deliveryMechanism &&
  !line.unitCost &&
  !line.unitsPerWeek

/**
 * The plan form's lines as typed, from fields named `lines.0.serviceType`
 * and so on; `lineCount` says how many the form showed.
 *
 * @example
 * const lines = linesFromForm(request.body)
 */
export function linesFromForm(form: Record<string, unknown>): LineForm[] {
  const shown = Math.min(Math.max(Number(form.lineCount) || 0, 0), MAX_LINES)
  const lines: LineForm[] = []
  for (let i = 0; i < shown; i++) {
    const line = blankLine()
    for (const field of LINE_FIELDS) {
      const value = form[`lines.${i}.${field}`]
      line[field] = typeof value === 'string' ? value.trim() : ''
    }
    lines.push(line)
  }
  return lines
}

/**
 * Turns the form's lines into plan lines, or throws a ValidationProblem whose
 * fields are the form's own (`lines.2.unitCost`). Blank lines are left out;
 * the rest keep their numbering on the page.
 *
 * @example
 * const lines = planLinesFromForm(linesFromForm(request.body))
 */
export function planLinesFromForm(lines: LineForm[]): PlanLineInput[] {
  const errors: FieldError[] = []
  const parsed: PlanLineInput[] = []
  const filled = lines.map((line, index) => ({ line, index })).filter(({ line }) => !isBlank(line))
  if (filled.length === 0)
    throw new ValidationProblem([
      { field: 'lines.0.serviceType', message: 'Add at least one line to the plan' },
    ])
  for (const { line, index } of filled) {
    const lineErrors: FieldError[] = []
    const unitCostPence = penceFromPounds(line.unitCost)
    if (unitCostPence === undefined) {
      lineErrors.push({
        field: `lines.${index}.unitCost`,
        message: line.unitCost ? 'Enter the unit cost in pounds, like 24.50' : 'Enter the unit cost',
      })
    }
    const units = line.unitsPerWeek === '' ? Number.NaN : Number(line.unitsPerWeek)
    const result = lineSchema.safeParse({
      serviceType: line.serviceType || undefined,
      serviceComponent: line.serviceComponent || null,
      deliveryMechanism: line.deliveryMechanism || undefined,
      fundingSource: line.fundingSource || undefined,
      provider: line.provider || null,
      unitCostPence: unitCostPence ?? 0,
      unitsPerWeek: Number.isNaN(units) ? undefined : units,
      costUnit: line.costUnit || undefined,
    })
    if (!result.success) {
      for (const e of fieldErrors(result.error)) {
        const field = e.field === 'unitCostPence' ? 'unitCost' : e.field
        const message =
          field === 'unitsPerWeek' && line.unitsPerWeek === ''
            ? 'Enter the number of units'
            : e.message.replace(' in whole pence', '')
        if (!lineErrors.some((x) => x.field === `lines.${index}.${field}`)) {
          lineErrors.push({
            field: `lines.${index}.${field}`,
            message: `Line ${index + 1}: ${lowerFirst(message)}`,
          })
        }
      }
    }
    for (const e of lineErrors) {
      errors.push(
        e.message.startsWith('Line ') ? e : { ...e, message: `Line ${index + 1}: ${lowerFirst(e.message)}` },
      )
    }
    if (result.success && lineErrors.length === 0) parsed.push(toLines([result.data])[0] as PlanLineInput)
  }
  if (errors.length) throw new ValidationProblem(errors)
  return parsed
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1)

/**
 * A stored line as the form shows it again, to change it in a new version.
 *
 * @example
 * const lines = plan.lines.map(lineFormOf)
 */
export function lineFormOf(line: {
  service_type: string
  service_component: string | null
  provider: string | null
  delivery_mechanism: string
  funding_source: string
  unit_cost_pence: number
  cost_unit: string
  units_per_week: number
}): LineForm {
  return {
    serviceType: line.service_type,
    serviceComponent: line.service_component ?? '',
    provider: line.provider ?? '',
    deliveryMechanism: line.delivery_mechanism,
    fundingSource: line.funding_source,
    unitCost: poundsForForm(line.unit_cost_pence),
    costUnit: line.cost_unit,
    unitsPerWeek: String(Number(line.units_per_week)),
  }
}
