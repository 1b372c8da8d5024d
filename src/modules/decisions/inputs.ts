import { z } from 'zod'
import { matchCode, SERVICE_TYPES } from '../../kernel/code-lists/cld.ts'
import { type FieldError, ValidationProblem } from '../../kernel/problem.ts'
import { fieldErrors } from '../../kernel/validation.ts'
import { penceFromPounds, poundsForForm } from '../plans/money-input.ts'
import { AUTHORITY_LEVELS, type DelegationRule, type DelegationScheme, schemeProblems } from './delegation.ts'

export const DECISION_OUTCOMES = ['approve', 'amend', 'refuse', 'defer', 'return'] as const
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number]

export const OUTCOME_LABELS: Record<DecisionOutcome, string> = {
  approve: 'Approve',
  amend: 'Approve a different amount (amend)',
  refuse: 'Refuse',
  defer: 'Defer',
  return: 'Return for changes',
}

/** Outcomes that must say why, in writing: the person can ask for the reasons and challenge them. */
const NEEDS_REASONS: ReadonlySet<DecisionOutcome> = new Set(['amend', 'refuse', 'return'])

const minutes = z
  .int({ error: 'Enter the minutes as a whole number' })
  .min(0, { error: 'The minutes must be 0 or more' })
  .max(1440, { error: 'The minutes must be 1,440 (a day) or fewer' })

/** Submitting a plan for funding: how long preparing the request took, if recorded. */
export const submitBodySchema = z.object({
  minutes: minutes.optional().meta({ description: 'Minutes spent preparing the request' }),
})

/** A decision on a funding request, as the API takes it. */
export const decisionBodySchema = z
  .object({
    outcome: z.enum(DECISION_OUTCOMES, {
      error: 'Choose a decision: approve, amend, refuse, defer or return',
    }),
    weeklyPence: z
      .int({ error: 'Enter the weekly amount in whole pence' })
      .min(0, { error: 'The weekly amount must be 0 or more' })
      .max(10_000_000, { error: 'The weekly amount must be £100,000 or less' })
      .optional()
      .meta({ description: 'With amend: the weekly amount approved instead of the plan’s cost' }),
    reasons: z
      .string({ error: 'Enter the reasons as text' })
      .trim()
      .max(5000, { error: 'The reasons must be 5,000 characters or fewer' })
      .optional()
      .meta({ description: 'Required to amend, refuse or return' }),
    minutes: minutes.optional().meta({ description: 'Minutes spent deciding' }),
  })
  .superRefine((body, ctx) => {
    if (body.outcome === 'amend' && body.weeklyPence === undefined) {
      ctx.addIssue({ code: 'custom', path: ['weeklyPence'], message: 'Enter the weekly amount you approve' })
    }
    if (NEEDS_REASONS.has(body.outcome) && !body.reasons) {
      const verb = { amend: 'amending', refuse: 'refusing', return: 'returning' }[
        body.outcome as 'amend' | 'refuse' | 'return'
      ]
      ctx.addIssue({
        code: 'custom',
        path: ['reasons'],
        message: `Give your reasons for ${verb} the request`,
      })
    }
  })

export type DecisionInput = z.output<typeof decisionBodySchema>

/**
 * Checks a decision, or throws a ValidationProblem. An amended amount must
 * differ from the plan's cost (otherwise it is an approval).
 *
 * @example
 * const decision = parseDecision(request.body, request.weekly_cost_pence)
 */
export function parseDecision(body: unknown, planWeeklyPence: number): DecisionInput {
  const result = decisionBodySchema.safeParse(body ?? {})
  if (!result.success) throw new ValidationProblem(fieldErrors(result.error))
  if (result.data.outcome === 'amend' && result.data.weeklyPence === planWeeklyPence) {
    throw new ValidationProblem([
      { field: 'weeklyPence', message: 'That is the plan’s own cost: to agree to it, approve the request' },
    ])
  }
  return result.data
}

/**
 * The decision form's fields as a decision body: pounds to pence, blank to
 * absent. Errors keep the form's own names (`weeklyAmount`).
 *
 * @example
 * const decision = decisionFromForm(request.body, request.weekly_cost_pence)
 */
export function decisionFromForm(
  form: Record<string, string | undefined>,
  planWeeklyPence: number,
): DecisionInput {
  const errors: FieldError[] = []
  const weekly = (form.weeklyAmount ?? '').trim()
  const weeklyPence = weekly === '' ? undefined : penceFromPounds(weekly)
  if (weekly !== '' && weeklyPence === undefined && form.outcome === 'amend') {
    errors.push({ field: 'weeklyAmount', message: 'Enter the weekly amount in pounds, like 415.50' })
  }
  const minutesText = (form.minutes ?? '').trim()
  const minutesValue =
    minutesText === '' ? undefined : /^\d+$/.test(minutesText) ? Number(minutesText) : Number.NaN
  try {
    const decision = parseDecision(
      {
        outcome: form.outcome || undefined,
        weeklyPence: form.outcome === 'amend' ? weeklyPence : undefined,
        reasons: form.reasons?.trim() || undefined,
        minutes: minutesValue,
      },
      planWeeklyPence,
    )
    if (errors.length) throw new ValidationProblem(errors)
    return decision
  } catch (error) {
    if (!(error instanceof ValidationProblem)) throw error
    const renamed = error.errors.map((e) => (e.field === 'weeklyPence' ? { ...e, field: 'weeklyAmount' } : e))
    throw new ValidationProblem([
      ...errors,
      ...renamed.filter((e) => !errors.some((x) => x.field === e.field)),
    ])
  }
}

const pence = (what: string) =>
  z
    .int({ error: `Enter ${what} in whole pence` })
    .min(0, { error: `${what} must be 0 or more` })
    .max(1_000_000_000, { error: `${what} is too large` })

const ruleSchema = z.object({
  level: z.enum(AUTHORITY_LEVELS, {
    error: 'Choose who decides: practitioner, team_manager, head_of_service or panel',
  }),
  when: z
    .object({
      anyLineServiceType: z
        .array(
          z.string({ error: 'Choose a CLD service type' }).transform((value, ctx) => {
            const found = matchCode(SERVICE_TYPES, value)
            if (!found) {
              ctx.addIssue({ code: 'custom', message: 'Choose a service type from the CLD list' })
              return z.NEVER
            }
            return found
          }),
        )
        .optional(),
      annualCostAbovePence: pence('The annual cost').optional(),
      weeklyCostAbovePence: pence('The weekly cost').optional(),
      weeklyCostAboveIndicativePercent: z
        .int({ error: 'Enter the percentage as a whole number' })
        .min(0, { error: 'The percentage must be 0 or more' })
        .max(10_000, { error: 'The percentage must be 10,000 or less' })
        .optional(),
    })
    .default({}),
})

/** A scheme of delegation as the API takes it. */
export const schemeBodySchema = z.object({
  rules: z
    .array(ruleSchema, { error: 'Give the scheme’s rules' })
    .max(30, { error: 'A scheme can have at most 30 rules' }),
})

/**
 * Checks a scheme of delegation, including that a dearer plan can never be
 * routed lower, or throws a ValidationProblem.
 *
 * @example
 * const scheme = parseScheme(request.body)
 */
export function parseScheme(body: unknown): DelegationScheme {
  const result = schemeBodySchema.safeParse(body ?? {})
  if (!result.success) throw new ValidationProblem(fieldErrors(result.error))
  const scheme: DelegationScheme = {
    rules: result.data.rules.map((rule) => {
      const when: DelegationRule['when'] = {}
      const types = [...new Set(rule.when.anyLineServiceType ?? [])]
      if (types.length) when.anyLineServiceType = types
      if (rule.when.annualCostAbovePence !== undefined)
        when.annualCostAbovePence = rule.when.annualCostAbovePence
      if (rule.when.weeklyCostAbovePence !== undefined)
        when.weeklyCostAbovePence = rule.when.weeklyCostAbovePence
      if (rule.when.weeklyCostAboveIndicativePercent !== undefined) {
        when.weeklyCostAboveIndicativePercent = rule.when.weeklyCostAboveIndicativePercent
      }
      return { level: rule.level, when }
    }),
  }
  const problems = schemeProblems(scheme)
  if (problems.length) throw new ValidationProblem(problems.map((message) => ({ field: 'rules', message })))
  return scheme
}

/** One rule of the scheme form as typed. */
export interface RuleForm {
  level: string
  serviceTypes: string[]
  annualCostAbove: string
  weeklyCostAbove: string
  weeklyPercentAbove: string
}

export const blankRule = (): RuleForm => ({
  level: '',
  serviceTypes: [],
  annualCostAbove: '',
  weeklyCostAbove: '',
  weeklyPercentAbove: '',
})

/** A saved rule as the form shows it. */
export function ruleFormOf(rule: DelegationRule): RuleForm {
  return {
    level: rule.level,
    serviceTypes: rule.when.anyLineServiceType ?? [],
    annualCostAbove: poundsForForm(rule.when.annualCostAbovePence),
    weeklyCostAbove: poundsForForm(rule.when.weeklyCostAbovePence),
    weeklyPercentAbove: rule.when.weeklyCostAboveIndicativePercent?.toString() ?? '',
  }
}

const asList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' && value !== '' ? [value] : []

/**
 * The scheme form's rules as typed (`rules.0.level`, …); `ruleCount` says how many it showed.
 *
 * @example
 * const rules = rulesFromForm(request.body)
 */
export function rulesFromForm(form: Record<string, unknown>): RuleForm[] {
  const shown = Math.min(Math.max(Number(form.ruleCount) || 0, 0), 30)
  return Array.from({ length: shown }, (_, i) => {
    const text = (field: string) => {
      const value = form[`rules.${i}.${field}`]
      return typeof value === 'string' ? value.trim() : ''
    }
    return {
      level: text('level'),
      serviceTypes: asList(form[`rules.${i}.serviceTypes`]),
      annualCostAbove: text('annualCostAbove'),
      weeklyCostAbove: text('weeklyCostAbove'),
      weeklyPercentAbove: text('weeklyPercentAbove'),
    }
  })
}

/**
 * Turns the form's rules into a scheme, or throws a ValidationProblem whose
 * fields are the form's own (`rules.1.annualCostAbove`).
 *
 * @example
 * const scheme = schemeFromForm(rulesFromForm(request.body))
 */
export function schemeFromForm(rules: RuleForm[]): DelegationScheme {
  const errors: FieldError[] = []
  const money = (value: string, field: string, n: number) => {
    if (value === '') return undefined
    const pence = penceFromPounds(value)
    if (pence === undefined)
      errors.push({ field, message: `Rule ${n}: enter an amount in pounds, like 15000` })
    return pence
  }
  const body = {
    rules: rules.map((rule, i) => {
      const n = i + 1
      const percent = rule.weeklyPercentAbove
      if (percent !== '' && !/^\d+$/.test(percent)) {
        errors.push({
          field: `rules.${i}.weeklyPercentAbove`,
          message: `Rule ${n}: enter the percentage as a whole number, like 125`,
        })
      }
      if (!rule.level) errors.push({ field: `rules.${i}.level`, message: `Rule ${n}: choose who decides` })
      return {
        level: rule.level || 'practitioner',
        when: {
          anyLineServiceType: rule.serviceTypes,
          annualCostAbovePence: money(rule.annualCostAbove, `rules.${i}.annualCostAbove`, n),
          weeklyCostAbovePence: money(rule.weeklyCostAbove, `rules.${i}.weeklyCostAbove`, n),
          weeklyCostAboveIndicativePercent: /^\d+$/.test(percent) ? Number(percent) : undefined,
        },
      }
    }),
  }
  if (errors.length) throw new ValidationProblem(errors)
  return parseScheme(body)
}
