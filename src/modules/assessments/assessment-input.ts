import { z } from 'zod'
import { EVENT_OUTCOMES } from '../../kernel/code-lists/cld.ts'
import { type DateInput, type DateInputsRead, pastOrToday, readDateInputs } from '../../kernel/date-input.ts'
import { type FieldError, ValidationProblem } from '../../kernel/problem.ts'
import { absent, fieldErrors } from '../../kernel/validation.ts'
import {
  ADULT_OUTCOMES,
  CARER_OUTCOMES,
  DIFFICULTIES,
  type Difficulty,
  type EligibilityInput,
  type EligibilityKind,
  isDifficulty,
  isOutcomeCode,
} from './eligibility.ts'

/** How much assessment the case needs: chosen to fit the person, not the process. */
export const ASSESSMENT_FORMATS = ['light', 'standard', 'comprehensive'] as const
export type AssessmentFormat = (typeof ASSESSMENT_FORMATS)[number]
export const ASSESSMENT_KINDS = ['needs', 'carer'] as const

const MAX_TEXT = 20_000
/**
 * The date the assessment started, as its date input and its messages name it.
 * The API may leave it out (it is then today); the form asks for it, filled in
 * with today.
 */
export const ASSESSMENT_START: DateInput = {
  field: 'startedOn',
  name: 'Date the assessment started',
  missing: 'Enter the date the assessment started',
}

/** A week of minutes: more on one assessment is a typing slip. */
const MAX_MINUTES = 10_080

/** Minutes spent on the case, whole minutes each. */
export interface Minutes {
  direct: number
  travel: number
  recording: number
}

/** A recorded assessment, as checked: the facts the eligibility rules decide on, and the rest. */
export interface AssessmentInput {
  kind: EligibilityKind
  format: AssessmentFormat
  requestId?: string
  startedOn?: string
  strengths?: string
  communityAssets?: string
  impairmentOrIllness?: boolean
  needsFromCaring?: boolean
  carerHealthAtRisk?: boolean
  /** Only outcomes with a difficulty recorded, each list de-duplicated in the regulation's order. */
  outcomes: Record<string, Difficulty[]>
  wellbeingSignificantlyAffected: boolean
  wellbeingNotes?: string
  minutes?: Minutes
}

type EventOutcome = (typeof EVENT_OUTCOMES)[number]

/** The CLD event outcomes a completed assessment can have: Release 2's, less its placeholder for Release 1 data. */
export const ASSESSMENT_EVENT_OUTCOMES = EVENT_OUTCOMES.filter(
  (o) => o !== 'Release 1 specification only: Not mapped',
) as [EventOutcome, ...EventOutcome[]]

export type DecisionInput =
  | { decision: 'confirmed'; eventOutcome?: EventOutcome }
  | { decision: 'overridden'; eligible: boolean; reason: string; eventOutcome?: EventOutcome }

const text = (what: string) =>
  z.preprocess(
    absent,
    z
      .string({ error: `Enter ${what} as text` })
      .max(MAX_TEXT, {
        error: `${capitalise(what)} must be ${MAX_TEXT.toLocaleString('en-GB')} characters or fewer`,
      })
      .optional(),
  )

const minutes = (what: string) =>
  z
    .number({ error: `Enter the ${what} minutes as a whole number, for example 45` })
    .int({ error: `Enter the ${what} minutes as a whole number, for example 45` })
    .min(0, { error: `The ${what} minutes must be 0 or more` })
    .max(MAX_MINUTES, {
      error: `The ${what} minutes must be ${MAX_MINUTES.toLocaleString('en-GB')} or fewer`,
    })
    .default(0)

const notAsked = (message: string) => z.preprocess(absent, z.undefined({ error: message }))

const KIND_NAME: Record<EligibilityKind, string> = {
  needs: 'a needs assessment',
  carer: 'a carer’s assessment',
}

function outcomesSchema(kind: EligibilityKind | undefined) {
  const codes = (kind === 'carer' ? CARER_OUTCOMES : ADULT_OUTCOMES).map((o) => o.code).join(', ')
  return z
    .record(
      z.string(),
      z.array(z.unknown(), { error: 'List the difficulties for an outcome as an array of codes' }),
      {
        error: 'Enter the outcomes as an object of outcome codes, each with a list of difficulties',
      },
    )
    .superRefine((outcomes, ctx) => {
      if (!kind) return
      for (const [code, difficulties] of Object.entries(outcomes)) {
        if (!isOutcomeCode(kind, code)) {
          ctx.addIssue({
            code: 'custom',
            path: [code],
            message: `‘${code}’ is not a specified outcome for ${KIND_NAME[kind]}: use ${codes}`,
          })
          continue
        }
        const wrong = difficulties.find((d) => typeof d !== 'string' || !isDifficulty(d))
        if (wrong !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [code],
            message: `‘${String(wrong)}’ is not a recognised difficulty: use ${DIFFICULTIES.map((d) => d.code).join(', ')}`,
          })
        }
      }
    })
}

function assessmentSchema(kind: EligibilityKind | undefined, today: string) {
  const kindSpecific =
    kind === 'needs'
      ? {
          impairmentOrIllness: z.boolean({
            error: 'Answer whether the needs arise from a physical or mental impairment or illness',
          }),
          needsFromCaring: notAsked(
            'Only a carer’s assessment asks whether the needs arise from providing care',
          ),
          carerHealthAtRisk: notAsked('Only a carer’s assessment asks about the carer’s health'),
        }
      : kind === 'carer'
        ? {
            impairmentOrIllness: notAsked('Only a needs assessment asks about an impairment or illness'),
            needsFromCaring: z.boolean({
              error: 'Answer whether the needs arise from providing necessary care for an adult',
            }),
            carerHealthAtRisk: z.boolean({
              error: 'Answer whether the carer’s physical or mental health is deteriorating or at risk of it',
            }),
          }
        : {}
  return z.object({
    kind: z.enum(ASSESSMENT_KINDS, { error: 'Choose a needs assessment or a carer’s assessment' }),
    format: z.enum(ASSESSMENT_FORMATS, {
      error: 'Choose the format of the assessment: light, standard or comprehensive',
    }),
    requestId: z.preprocess(
      absent,
      z.uuid({ error: 'Choose the request this assessment is for' }).optional(),
    ),
    startedOn: z.preprocess(absent, pastOrToday(ASSESSMENT_START, today).optional()),
    strengths: text('the person’s strengths'),
    communityAssets: text('the community assets'),
    ...kindSpecific,
    outcomes: outcomesSchema(kind),
    wellbeingSignificantlyAffected: z.boolean({
      error: 'Answer whether there is, or is likely to be, a significant impact on well-being',
    }),
    wellbeingNotes: text('the notes on well-being'),
    minutes: z.preprocess(
      (value) => (value === null ? undefined : value),
      z
        .object(
          { direct: minutes('direct contact'), travel: minutes('travel'), recording: minutes('recording') },
          { error: 'Enter the minutes as an object with direct, travel and recording' },
        )
        .optional(),
    ),
  })
}

/**
 * Checks a recorded assessment from the API or the form: outcome codes must
 * belong to the kind of assessment, difficulties must be the regulation's, and
 * each kind's own questions must be answered. Throws a ValidationProblem whose
 * fields are the JSON body's names (`impairmentOrIllness`, `outcomes.recreation`).
 *
 * @example
 * parseAssessmentInput({ kind: 'needs', format: 'light', impairmentOrIllness: true,
 *   wellbeingSignificantlyAffected: true, outcomes: { nutrition: ['needs_assistance'] } }, '2026-06-15')
 * // { kind: 'needs', format: 'light', outcomes: { nutrition: ['needs_assistance'] }, … }
 * parseAssessmentInput({ kind: 'needs', …, outcomes: { recreation: [] } }, today)
 * // throws: 422 with a message for outcomes.recreation
 */
export function parseAssessmentInput(input: unknown, today: string): AssessmentInput {
  const body = (input ?? {}) as Record<string, unknown>
  const kind = ASSESSMENT_KINDS.find((k) => k === body.kind)
  const result = assessmentSchema(kind, today).safeParse(body)
  if (!result.success) throw new ValidationProblem(fieldErrors(result.error))
  const data = result.data as z.output<ReturnType<typeof assessmentSchema>> & {
    impairmentOrIllness?: boolean
    needsFromCaring?: boolean
    carerHealthAtRisk?: boolean
  }
  const outcomes: Record<string, Difficulty[]> = {}
  for (const [code, given] of Object.entries(data.outcomes)) {
    const difficulties = DIFFICULTIES.map((d) => d.code).filter((d) => given.includes(d))
    if (difficulties.length > 0) outcomes[code] = difficulties
  }
  return {
    kind: data.kind,
    format: data.format,
    requestId: data.requestId,
    startedOn: data.startedOn,
    strengths: data.strengths,
    communityAssets: data.communityAssets,
    impairmentOrIllness: data.impairmentOrIllness,
    needsFromCaring: data.needsFromCaring,
    carerHealthAtRisk: data.carerHealthAtRisk,
    outcomes,
    wellbeingSignificantlyAffected: data.wellbeingSignificantlyAffected,
    wellbeingNotes: data.wellbeingNotes,
    minutes: data.minutes,
  }
}

/**
 * The facts the eligibility rules decide on, from a checked assessment.
 *
 * @example
 * determineEligibility(eligibilityInput(parseAssessmentInput(request.body, today)))
 */
export function eligibilityInput(input: AssessmentInput): EligibilityInput {
  return input.kind === 'needs'
    ? {
        kind: 'needs',
        impairmentOrIllness: input.impairmentOrIllness === true,
        outcomes: input.outcomes,
        wellbeingSignificantlyAffected: input.wellbeingSignificantlyAffected,
      }
    : {
        kind: 'carer',
        needsFromCaring: input.needsFromCaring === true,
        carerHealthAtRisk: input.carerHealthAtRisk === true,
        outcomes: input.outcomes,
        wellbeingSignificantlyAffected: input.wellbeingSignificantlyAffected,
      }
}

/** The form's fields, as posted (repeated checkbox names arrive as arrays). */
export type FormBody = Record<string, string | string[] | undefined>

/**
 * Turns the assessment form into the API's body, so that pages and the API
 * share one set of rules and messages. Yes/no radios become booleans, ticked
 * difficulties become lists, blank minutes count as none, and the date input's
 * boxes become the start date, their own errors ("… must include a month")
 * coming back beside the body for the page to show.
 *
 * @example
 * assessmentFromForm('needs', { format: 'light', impairmentOrIllness: 'yes', 'outcomes.nutrition': 'needs_assistance',
 *   'startedOn-day': '12', 'startedOn-month': '6', 'startedOn-year': '2026' })
 * // { body: { kind: 'needs', format: 'light', startedOn: '2026-06-12', impairmentOrIllness: true, … }, dates }
 */
export function assessmentFromForm(
  kind: EligibilityKind,
  form: FormBody,
): { body: Record<string, unknown>; dates: DateInputsRead } {
  const list = kind === 'needs' ? ADULT_OUTCOMES : CARER_OUTCOMES
  const minuteFields = ['direct', 'travel', 'recording'] as const
  const anyMinutes = minuteFields.some((m) => (one(form[`minutes.${m}`]) ?? '').trim() !== '')
  const dates = readDateInputs(form, [ASSESSMENT_START])
  const body = {
    kind,
    format: one(form.format),
    requestId: one(form.requestId),
    startedOn: dates.values.startedOn,
    strengths: one(form.strengths),
    communityAssets: one(form.communityAssets),
    ...(kind === 'needs'
      ? { impairmentOrIllness: yesNo(form.impairmentOrIllness) }
      : { needsFromCaring: yesNo(form.needsFromCaring), carerHealthAtRisk: yesNo(form.carerHealthAtRisk) }),
    outcomes: Object.fromEntries(list.map((o) => [o.code, many(form[`outcomes.${o.code}`])])),
    wellbeingSignificantlyAffected: yesNo(form.wellbeingSignificantlyAffected),
    wellbeingNotes: one(form.wellbeingNotes),
    minutes: anyMinutes
      ? Object.fromEntries(minuteFields.map((m) => [m, wholeNumber(one(form[`minutes.${m}`]))]))
      : undefined,
  }
  return { body, dates }
}

const decisionSchema = z.object({
  confirm: z.preprocess(absent, z.literal(true, { error: 'Send confirm as true' }).optional()),
  override: z.preprocess(absent, z.literal(true, { error: 'Send override as true' }).optional()),
  eligible: z.preprocess(
    absent,
    z.boolean({ error: 'Answer whether the needs are eligible, as true or false' }).optional(),
  ),
  reason: text('the reason for overriding'),
  eventOutcome: z.preprocess(
    absent,
    z.enum(ASSESSMENT_EVENT_OUTCOMES, { error: 'Choose an event outcome from the CLD list' }).optional(),
  ),
})

/**
 * Checks a decision on an assessment's eligibility: `{confirm: true}`, or
 * `{override: true, eligible, reason}` with a written reason, either with an
 * optional CLD event outcome. Whether an override changes anything is for the
 * caller, which knows the computed result.
 *
 * @example
 * parseDecisionInput({ override: true, eligible: false, reason: 'Needs met by family' })
 * // { decision: 'overridden', eligible: false, reason: 'Needs met by family' }
 */
export function parseDecisionInput(input: unknown): DecisionInput {
  const result = decisionSchema.safeParse(input ?? {})
  const errors: FieldError[] = result.success ? [] : fieldErrors(result.error)
  const data = result.success ? result.data : undefined
  if (data) {
    if (data.confirm === data.override) {
      errors.push({
        field: 'confirm',
        message: 'Choose whether to confirm or override the eligibility determination',
      })
    } else if (data.override) {
      if (data.eligible === undefined) {
        errors.push({
          field: 'eligible',
          message: 'Answer whether the needs are eligible after the override',
        })
      }
      if (data.reason === undefined) {
        errors.push({
          field: 'reason',
          message: 'Enter the reason for overriding the eligibility determination',
        })
      }
    }
  }
  if (errors.length > 0 || !data) throw new ValidationProblem(errors)
  if (data.override && data.eligible !== undefined && data.reason !== undefined) {
    return {
      decision: 'overridden',
      eligible: data.eligible,
      reason: data.reason,
      eventOutcome: data.eventOutcome,
    }
  }
  return { decision: 'confirmed', eventOutcome: data.eventOutcome }
}

/**
 * Turns the decision form into the API's body. An override can only turn the
 * computed result round, so the form asks for the reason, not the result.
 *
 * @example
 * decisionFromForm({ decision: 'override', reason: 'Needs met by family' }, true)
 * // { override: true, eligible: false, reason: 'Needs met by family' }
 */
export function decisionFromForm(form: FormBody, computedEligible: boolean): Record<string, unknown> {
  const choice = one(form.decision)
  const eventOutcome = one(form.eventOutcome)
  if (choice === 'confirm') return { confirm: true, eventOutcome }
  if (choice === 'override')
    return { override: true, eligible: !computedEligible, reason: one(form.reason), eventOutcome }
  return { eventOutcome }
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function many(value: string | string[] | undefined): string[] {
  if (value === undefined) return []
  return Array.isArray(value) ? value : [value]
}

function yesNo(value: string | string[] | undefined): boolean | undefined {
  const answer = one(value)
  return answer === 'yes' ? true : answer === 'no' ? false : undefined
}

/** Blank is none; digits are a number; anything else goes through to be refused with a message. */
function wholeNumber(value: string | undefined): number | string {
  const trimmed = (value ?? '').trim()
  if (trimmed === '') return 0
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : trimmed
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
