/**
 * The national eligibility criteria: the Care and Support (Eligibility Criteria)
 * Regulations 2015 (SI 2015/313), regulation 2 (adults who need care and support)
 * and regulation 3 (carers). Pure: the assessment records the facts, this decides
 * and gives reasons a social worker can read back to the person.
 */

/** The specified outcomes in reg 2(2), in the order the regulation lists them. */
export const ADULT_OUTCOMES = [
  { code: 'nutrition', label: 'Managing and maintaining nutrition' },
  { code: 'personal_hygiene', label: 'Maintaining personal hygiene' },
  { code: 'toilet_needs', label: 'Managing toilet needs' },
  { code: 'clothing', label: 'Being appropriately clothed' },
  { code: 'home_safety', label: "Being able to make use of the adult's home safely" },
  { code: 'habitable_home', label: 'Maintaining a habitable home environment' },
  { code: 'relationships', label: 'Developing and maintaining family or other personal relationships' },
  {
    code: 'work_training_education_volunteering',
    label: 'Accessing and engaging in work, training, education or volunteering',
  },
  {
    code: 'community_facilities',
    label:
      'Making use of necessary facilities or services in the local community including public transport, and recreational facilities or services',
  },
  { code: 'caring_for_child', label: 'Carrying out any caring responsibilities the adult has for a child' },
] as const

/** The outcomes in reg 3(2)(b), in the order the regulation lists them. */
export const CARER_OUTCOMES = [
  { code: 'caring_for_child', label: 'Carrying out any caring responsibilities the carer has for a child' },
  { code: 'caring_for_others', label: 'Providing care to other persons for whom the carer provides care' },
  {
    code: 'habitable_home',
    label:
      "Maintaining a habitable home environment in the carer's home (whether or not this is also the home of the adult needing care)",
  },
  { code: 'nutrition', label: 'Managing and maintaining nutrition' },
  { code: 'relationships', label: 'Developing and maintaining family or other personal relationships' },
  {
    code: 'work_training_education_volunteering',
    label: 'Engaging in work, training, education or volunteering',
  },
  {
    code: 'community_facilities',
    label:
      'Making use of necessary facilities or services in the local community, including recreational facilities or services',
  },
  { code: 'recreation', label: 'Engaging in recreational activities' },
] as const

/**
 * The ways of being "unable to achieve" an outcome: reg 2(3) for adults, reg 3(3)
 * for carers. Reg 3(3) has no limb for taking significantly longer, so that
 * difficulty has no carer label and never makes a carer's outcome unachieved.
 * Needing prompting counts as needing assistance (statutory guidance, chapter 6).
 */
export const DIFFICULTIES = [
  {
    code: 'needs_assistance',
    label: 'Unable to achieve it without assistance',
    carerLabel: 'Unable to achieve it without assistance',
  },
  {
    code: 'significant_pain_distress_anxiety',
    label: 'Achieving it without assistance causes significant pain, distress or anxiety',
    carerLabel: 'Achieving it without assistance causes the carer significant pain, distress or anxiety',
  },
  {
    code: 'endangers_health_safety',
    label:
      'Achieving it without assistance endangers, or is likely to endanger, the health or safety of the adult or others',
    carerLabel:
      'Achieving it without assistance endangers, or is likely to endanger, the health or safety of the carer or others',
  },
  {
    code: 'takes_significantly_longer',
    label: 'Achieving it without assistance takes significantly longer than would normally be expected',
    carerLabel: null,
  },
] as const

export type AdultOutcome = (typeof ADULT_OUTCOMES)[number]['code']
export type CarerOutcome = (typeof CARER_OUTCOMES)[number]['code']
export type Difficulty = (typeof DIFFICULTIES)[number]['code']

/** Whose needs are being decided: an adult's needs for care and support, or a carer's needs for support. */
export type EligibilityKind = 'needs' | 'carer'

export interface AdultEligibilityInput {
  kind: 'needs'
  impairmentOrIllness: boolean
  outcomes: Partial<Record<AdultOutcome, readonly Difficulty[]>>
  wellbeingSignificantlyAffected: boolean
}

export interface CarerEligibilityInput {
  kind: 'carer'
  needsFromCaring: boolean
  carerHealthAtRisk: boolean
  outcomes: Partial<Record<CarerOutcome, readonly Difficulty[]>>
  wellbeingSignificantlyAffected: boolean
}

export type EligibilityInput = AdultEligibilityInput | CarerEligibilityInput

export type ConditionCode =
  | 'needs_arise_from_impairment_or_illness'
  | 'unable_to_achieve_two_or_more_outcomes'
  | 'needs_arise_from_providing_care'
  | 'health_at_risk_or_outcome_not_achieved'
  | 'significant_impact_on_wellbeing'

export interface OutcomeAssessment {
  code: AdultOutcome | CarerOutcome
  label: string
  achieved: boolean
  /** Every difficulty recorded, in the order of DIFFICULTIES, including any that do not count for a carer. */
  difficulties: Difficulty[]
  reason: string
}

export interface ConditionResult {
  code: ConditionCode
  met: boolean
  reason: string
}

export interface EligibilityResult {
  kind: EligibilityKind
  eligible: boolean
  /** Codes of the outcomes not achieved, in the regulation's order. */
  outcomesNotAchieved: (AdultOutcome | CarerOutcome)[]
  /** One per specified outcome for this kind, in the regulation's order. */
  outcomes: OutcomeAssessment[]
  /** One per condition of the regulation, in the regulation's order. */
  conditions: ConditionResult[]
  /** The conditions' reasons in order, then the decision. */
  reasons: string[]
}

const ADULT_OUTCOME_CODES: ReadonlySet<string> = new Set(ADULT_OUTCOMES.map((o) => o.code))
const CARER_OUTCOME_CODES: ReadonlySet<string> = new Set(CARER_OUTCOMES.map((o) => o.code))
const DIFFICULTY_CODES: ReadonlySet<string> = new Set(DIFFICULTIES.map((d) => d.code))

/** Reg 2(1)(b): an adult must be unable to achieve at least this many outcomes. */
const ADULT_OUTCOMES_NEEDED = 2

/**
 * Whether a code names one of the specified outcomes for that kind of assessment,
 * for checking form or API input before deciding.
 *
 * @example
 * isOutcomeCode('carer', 'recreation') // true
 * isOutcomeCode('needs', 'recreation') // false: recreation is only a carer's outcome
 */
export function isOutcomeCode(kind: 'needs', code: string): code is AdultOutcome
export function isOutcomeCode(kind: 'carer', code: string): code is CarerOutcome
export function isOutcomeCode(kind: EligibilityKind, code: string): code is AdultOutcome | CarerOutcome
export function isOutcomeCode(kind: EligibilityKind, code: string): boolean {
  return (kind === 'needs' ? ADULT_OUTCOME_CODES : CARER_OUTCOME_CODES).has(code)
}

/**
 * Whether a code names one of the recorded difficulties.
 *
 * @example
 * isDifficulty('needs_assistance') // true
 * isDifficulty('tired') // false
 */
export function isDifficulty(code: string): code is Difficulty {
  return DIFFICULTY_CODES.has(code)
}

/**
 * Decides whether needs meet the national eligibility criteria: reg 2 for an
 * adult's needs (`kind: 'needs'`), reg 3 for a carer's (`kind: 'carer'`). An
 * outcome is not achieved when a difficulty that the regulation recognises is
 * recorded against it; an omitted outcome or an empty list means achieved.
 * Throws a RangeError for an outcome or difficulty code the regulation does not
 * have, since guessing would misstate a legal decision.
 *
 * @example
 * const result = determineEligibility({
 *   kind: 'needs',
 *   impairmentOrIllness: true,
 *   outcomes: { nutrition: ['needs_assistance'], personal_hygiene: ['significant_pain_distress_anxiety'] },
 *   wellbeingSignificantlyAffected: true,
 * })
 * result.eligible // true
 * result.outcomesNotAchieved // ['nutrition', 'personal_hygiene']
 */
export function determineEligibility(input: EligibilityInput): EligibilityResult {
  return input.kind === 'needs' ? decideAdult(input) : decideCarer(input)
}

/**
 * One line for lists and timelines: the decision, the regulation, and why.
 *
 * @example
 * summariseEligibility(determineEligibility({
 *   kind: 'needs',
 *   impairmentOrIllness: true,
 *   outcomes: { nutrition: ['needs_assistance'] },
 *   wellbeingSignificantlyAffected: true,
 * }))
 * // 'Not eligible (regulation 2): the person is unable to achieve only 1 of the specified outcomes (at least 2 are needed).'
 */
export function summariseEligibility(result: EligibilityResult): string {
  const regulation = result.kind === 'needs' ? 'regulation 2' : 'regulation 3'
  const total = result.outcomes.length
  const notAchieved = result.outcomesNotAchieved.length
  if (result.eligible) {
    return `Eligible (${regulation}): all conditions met; ${notAchieved} of ${total} specified outcomes not achieved.`
  }
  const failures = result.conditions
    .filter((c) => !c.met)
    .map((c) => failurePhrase(result.kind, c.code, notAchieved))
  return `Not eligible (${regulation}): ${failures.join('; ')}.`
}

function decideAdult(input: AdultEligibilityInput): EligibilityResult {
  const outcomes = assessOutcomes('needs', ADULT_OUTCOMES, input.outcomes)
  const notAchieved = outcomes.filter((o) => !o.achieved)
  const conditions: ConditionResult[] = [
    {
      code: 'needs_arise_from_impairment_or_illness',
      met: input.impairmentOrIllness,
      reason: input.impairmentOrIllness
        ? 'The needs arise from a physical or mental impairment or illness.'
        : 'The needs do not arise from, and are not related to, a physical or mental impairment or illness.',
    },
    {
      code: 'unable_to_achieve_two_or_more_outcomes',
      met: notAchieved.length >= ADULT_OUTCOMES_NEEDED,
      reason:
        notAchieved.length === 0
          ? `The person is able to achieve all of the specified outcomes (they must be unable to achieve at least ${ADULT_OUTCOMES_NEEDED}).`
          : `The person is unable to achieve ${notAchieved.length} of the specified outcomes (at least ${ADULT_OUTCOMES_NEEDED} are needed): ${listLabels(notAchieved)}.`,
    },
    wellbeingCondition(input.wellbeingSignificantlyAffected, "the person's"),
  ]
  return finish('needs', outcomes, conditions)
}

function decideCarer(input: CarerEligibilityInput): EligibilityResult {
  const outcomes = assessOutcomes('carer', CARER_OUTCOMES, input.outcomes)
  const notAchieved = outcomes.filter((o) => !o.achieved)
  // Reg 3(2) is an "or": a risk to the carer's health is enough on its own,
  // as is a single outcome not achieved.
  const circumstanceMet = input.carerHealthAtRisk || notAchieved.length > 0
  const health = input.carerHealthAtRisk
    ? "The carer's physical or mental health is, or is at risk of, deteriorating."
    : "The carer's physical or mental health is not, and is not at risk of, deteriorating."
  const outcomesSentence =
    notAchieved.length === 0
      ? 'The carer is able to achieve all of the specified outcomes.'
      : `The carer is unable to achieve ${notAchieved.length} of the specified outcomes (1 is enough): ${listLabels(notAchieved)}.`
  const conditions: ConditionResult[] = [
    {
      code: 'needs_arise_from_providing_care',
      met: input.needsFromCaring,
      reason: input.needsFromCaring
        ? 'The needs arise as a consequence of providing necessary care for an adult.'
        : 'The needs do not arise as a consequence of providing necessary care for an adult.',
    },
    {
      code: 'health_at_risk_or_outcome_not_achieved',
      met: circumstanceMet,
      reason: circumstanceMet
        ? `${health} ${outcomesSentence}`
        : `${health} ${outcomesSentence} One or the other is needed.`,
    },
    wellbeingCondition(input.wellbeingSignificantlyAffected, "the carer's"),
  ]
  return finish('carer', outcomes, conditions)
}

function assessOutcomes(
  kind: EligibilityKind,
  list: readonly { code: AdultOutcome | CarerOutcome; label: string }[],
  recorded: Partial<Record<string, readonly Difficulty[]>>,
): OutcomeAssessment[] {
  for (const code of Object.keys(recorded)) {
    if (!isOutcomeCode(kind, code)) {
      throw new RangeError(`'${code}' is not a specified outcome for ${kindName(kind)}`)
    }
  }
  return list.map(({ code, label }) => {
    const given = recorded[code] ?? []
    for (const d of given) {
      if (!isDifficulty(d)) throw new RangeError(`'${String(d)}' is not a recognised difficulty`)
    }
    // Deduplicated and in a fixed order so the same facts always read the same way.
    const difficulties = DIFFICULTIES.map((d) => d.code).filter((d) => given.includes(d))
    const counting = DIFFICULTIES.filter((d) => difficulties.includes(d.code)).flatMap((d) => {
      const text = kind === 'needs' ? d.label : d.carerLabel
      return text === null ? [] : [text]
    })
    const achieved = counting.length === 0
    return { code, label, achieved, difficulties, reason: outcomeReason(kind, difficulties, counting) }
  })
}

function outcomeReason(kind: EligibilityKind, difficulties: Difficulty[], counting: string[]): string {
  const who = kind === 'needs' ? 'The person' : 'The carer'
  if (counting.length > 0) {
    return `${who} is unable to achieve this outcome: ${counting.map(lowerFirst).join('; ')}.`
  }
  if (difficulties.length === 0) {
    return `No difficulty is recorded, so ${who.toLowerCase()} is treated as able to achieve this outcome.`
  }
  // Only a carer can get here: the sole difficulty recorded is taking longer.
  return 'Taking significantly longer than would normally be expected does not make a carer unable to achieve an outcome under regulation 3(3), so this outcome counts as achieved.'
}

function wellbeingCondition(met: boolean, whose: string): ConditionResult {
  return {
    code: 'significant_impact_on_wellbeing',
    met,
    reason: met
      ? `As a consequence there is, or is likely to be, a significant impact on ${whose} well-being.`
      : `There is not, and is not likely to be, a significant impact on ${whose} well-being.`,
  }
}

function finish(
  kind: EligibilityKind,
  outcomes: OutcomeAssessment[],
  conditions: ConditionResult[],
): EligibilityResult {
  const eligible = conditions.every((c) => c.met)
  const notAchieved = outcomes.filter((o) => !o.achieved)
  const regulation = kind === 'needs' ? 'regulation 2' : 'regulation 3'
  const subject = kind === 'needs' ? 'The needs' : "The carer's needs"
  const decision = eligible
    ? `${subject} are eligible because all three conditions in ${regulation} are met.`
    : `${subject} are not eligible because ${joinAnd(
        conditions.filter((c) => !c.met).map((c) => failurePhrase(kind, c.code, notAchieved.length)),
      )}.`
  return {
    kind,
    eligible,
    outcomesNotAchieved: notAchieved.map((o) => o.code),
    outcomes,
    conditions,
    reasons: [...conditions.map((c) => c.reason), decision],
  }
}

function failurePhrase(kind: EligibilityKind, code: ConditionCode, notAchievedCount: number): string {
  switch (code) {
    case 'needs_arise_from_impairment_or_illness':
      return 'the needs do not arise from a physical or mental impairment or illness'
    case 'unable_to_achieve_two_or_more_outcomes':
      return notAchievedCount === 0
        ? `the person is able to achieve all of the specified outcomes (at least ${ADULT_OUTCOMES_NEEDED} must not be achieved)`
        : `the person is unable to achieve only ${notAchievedCount} of the specified outcomes (at least ${ADULT_OUTCOMES_NEEDED} are needed)`
    case 'needs_arise_from_providing_care':
      return 'the needs do not arise from providing necessary care for an adult'
    case 'health_at_risk_or_outcome_not_achieved':
      return "the carer's health is not deteriorating or at risk, and the carer is able to achieve all of the specified outcomes"
    case 'significant_impact_on_wellbeing':
      return `there is no significant impact, actual or likely, on ${kind === 'needs' ? "the person's" : "the carer's"} well-being`
  }
}

function listLabels(outcomes: readonly OutcomeAssessment[]): string {
  // Semicolons, as in the regulation, because some labels contain commas.
  return outcomes.map((o) => lowerFirst(o.label)).join('; ')
}

function joinAnd(phrases: string[]): string {
  // Phrases may contain commas, so separate them with semicolons before the last "and".
  if (phrases.length <= 1) return phrases.join('')
  return `${phrases.slice(0, -1).join('; ')}; and ${phrases.at(-1)}`
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

function kindName(kind: EligibilityKind): string {
  return kind === 'needs' ? "an adult's needs (regulation 2)" : "a carer's needs (regulation 3)"
}
