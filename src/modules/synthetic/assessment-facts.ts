/**
 * The facts a synthetic assessment records, drawn so that the national
 * eligibility rules (src/modules/assessments/eligibility.ts) find them
 * eligible or not as intended. The rules, not this file, decide: this only
 * chooses facts that lead there, in the ways real assessments do.
 */
import type { AdultOutcome, CarerOutcome, Difficulty, EligibilityInput } from '../assessments/eligibility.ts'
import type { Random, Weights } from './random.ts'

// How often each outcome is the one a person cannot achieve. ASSUMED: personal
// care and the home come up far more than work or caring for a child.
const ADULT_OUTCOME_WEIGHTS: Weights<AdultOutcome> = [
  ['personal_hygiene', 24],
  ['clothing', 16],
  ['nutrition', 15],
  ['toilet_needs', 12],
  ['home_safety', 12],
  ['habitable_home', 10],
  ['community_facilities', 6],
  ['relationships', 3],
  ['work_training_education_volunteering', 1.5],
  ['caring_for_child', 0.5],
]

const CARER_OUTCOME_WEIGHTS: Weights<CarerOutcome> = [
  ['recreation', 22],
  ['relationships', 16],
  ['work_training_education_volunteering', 16],
  ['community_facilities', 12],
  ['habitable_home', 10],
  ['nutrition', 8],
  ['caring_for_others', 10],
  ['caring_for_child', 6],
]

const DIFFICULTY_WEIGHTS: Weights<Difficulty> = [
  ['needs_assistance', 60],
  ['significant_pain_distress_anxiety', 15],
  ['endangers_health_safety', 12],
  ['takes_significantly_longer', 13],
]

function difficulties(random: Random, carer: boolean): Difficulty[] {
  const chosen = new Set<Difficulty>()
  const count = random.chance(0.75) ? 1 : 2
  while (chosen.size < count) {
    const difficulty = random.weighted(DIFFICULTY_WEIGHTS)
    // A carer's outcome is unachieved only by reg 3(3)'s three limbs, so an
    // intended one gets one of those.
    if (carer && difficulty === 'takes_significantly_longer' && chosen.size === 0) continue
    chosen.add(difficulty)
  }
  return [...chosen]
}

function outcomes<C extends string>(random: Random, weights: Weights<C>, count: number, carer: boolean) {
  const chosen: Partial<Record<C, Difficulty[]>> = {}
  let picked = 0
  while (picked < count) {
    const code = random.weighted(weights)
    if (chosen[code]) continue
    chosen[code] = difficulties(random, carer)
    picked += 1
  }
  return chosen
}

/**
 * Facts for an adult's needs assessment. When not meant to be eligible, one
 * condition of reg 2 fails: most often too few outcomes, sometimes no
 * significant impact on well-being, rarely needs not from an impairment.
 *
 * @example
 * determineEligibility(adultFacts(createRandom(1), true)).eligible // true
 */
export function adultFacts(random: Random, eligible: boolean): EligibilityInput & { kind: 'needs' } {
  if (eligible) {
    const count = random.weighted([
      [2, 22],
      [3, 28],
      [4, 22],
      [5, 14],
      [6, 9],
      [7, 5],
    ] as const)
    return {
      kind: 'needs',
      impairmentOrIllness: true,
      outcomes: outcomes(random, ADULT_OUTCOME_WEIGHTS, count, false),
      wellbeingSignificantlyAffected: true,
    }
  }
  const failure = random.weighted([
    ['too-few-outcomes', 60],
    ['wellbeing', 30],
    ['no-impairment', 10],
  ] as const)
  const count = failure === 'too-few-outcomes' ? random.int(0, 1) : random.int(2, 4)
  return {
    kind: 'needs',
    impairmentOrIllness: failure !== 'no-impairment',
    outcomes: outcomes(random, ADULT_OUTCOME_WEIGHTS, count, false),
    wellbeingSignificantlyAffected: failure === 'wellbeing' ? false : random.chance(0.6),
  }
}

/**
 * Facts for a carer's assessment (reg 3). When not meant to be eligible: no
 * significant impact on well-being, or health not at risk and every outcome
 * achieved (perhaps only more slowly, which reg 3 does not count), or needs
 * that do not come from caring.
 *
 * @example
 * determineEligibility(carerFacts(createRandom(1), false)).eligible // false
 */
export function carerFacts(random: Random, eligible: boolean): EligibilityInput & { kind: 'carer' } {
  if (eligible) {
    const healthAtRisk = random.chance(0.6)
    return {
      kind: 'carer',
      needsFromCaring: true,
      carerHealthAtRisk: healthAtRisk,
      outcomes: outcomes(random, CARER_OUTCOME_WEIGHTS, random.int(healthAtRisk ? 0 : 1, 4), true),
      wellbeingSignificantlyAffected: true,
    }
  }
  const failure = random.weighted([
    ['wellbeing', 50],
    ['nothing-unachieved', 40],
    ['not-from-caring', 10],
  ] as const)
  if (failure === 'nothing-unachieved') {
    const slower: Partial<Record<CarerOutcome, Difficulty[]>> = random.chance(0.4)
      ? { [random.weighted(CARER_OUTCOME_WEIGHTS)]: ['takes_significantly_longer'] }
      : {}
    return {
      kind: 'carer',
      needsFromCaring: true,
      carerHealthAtRisk: false,
      outcomes: slower,
      wellbeingSignificantlyAffected: random.chance(0.5),
    }
  }
  return {
    kind: 'carer',
    needsFromCaring: failure !== 'not-from-caring',
    carerHealthAtRisk: random.chance(0.4),
    outcomes: outcomes(random, CARER_OUTCOME_WEIGHTS, random.int(0, 3), true),
    wellbeingSignificantlyAffected: failure !== 'wellbeing',
  }
}
