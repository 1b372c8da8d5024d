/**
 * The resource allocation system (RAS): need points from an assessment, and
 * from any questions the council adds, turned into an indicative weekly
 * budget, by a rate per point or by bands, within a floor and a cap. Pure,
 * and always explained: every answer that scored says how many points and how
 * much money it gave. Following R (KM) v Cambridgeshire [2012] UKSC 23, the
 * amount is a starting point for support planning, not the personal budget.
 */

import { formatPounds } from '../../kernel/money.ts'
import { ADULT_OUTCOMES, CARER_OUTCOMES, DIFFICULTIES, type Difficulty } from '../assessments/eligibility.ts'

/** An extra question the council adds to the RAS, answered when a budget is given. */
export interface RasQuestion {
  code: string
  text: string
  options: { code: string; label: string; points: number }[]
}

export interface RasBand {
  /** The band starts at this many points (the first band at 0). */
  fromPoints: number
  weeklyPence: number
}

export interface RasConfig {
  /** Points for each specified outcome the person cannot achieve, by outcome code. */
  outcomePoints: Record<string, number>
  /** Points added for each difficulty recorded against an outcome not achieved. */
  difficultyPoints: Record<Difficulty, number>
  questions: RasQuestion[]
  method: 'rate' | 'bands'
  /** With method 'rate': pence a week for each point. */
  ratePerPointPence: number
  /** With method 'bands': the weekly amount for each band of points, lowest first. */
  bands: RasBand[]
  minimumWeeklyPence: number
  maximumWeeklyPence: number
}

/** Every outcome code either kind of assessment uses, with its label (adult wording first). */
export const RAS_OUTCOMES: { code: string; label: string }[] = [
  ...ADULT_OUTCOMES.map(({ code, label }) => ({ code, label: label as string })),
  ...CARER_OUTCOMES.filter((c) => !ADULT_OUTCOMES.some((a) => a.code === c.code)).map(({ code, label }) => ({
    code,
    label: label as string,
  })),
]

/**
 * ASCEND's starting configuration, used by a council until it saves its own:
 * personal care outcomes weigh most, a difficulty that endangers health or
 * safety weighs most, £6 a point a week, capped at £1,250 a week (a little
 * above a typical care home placement). Calibrate it on the council's own
 * approved plans before relying on it.
 */
export const DEFAULT_RAS_CONFIG: RasConfig = {
  outcomePoints: {
    nutrition: 12,
    personal_hygiene: 12,
    toilet_needs: 14,
    clothing: 8,
    home_safety: 12,
    habitable_home: 6,
    relationships: 6,
    work_training_education_volunteering: 6,
    community_facilities: 6,
    caring_for_child: 8,
    caring_for_others: 8,
    recreation: 4,
  },
  difficultyPoints: {
    needs_assistance: 4,
    significant_pain_distress_anxiety: 3,
    endangers_health_safety: 6,
    takes_significantly_longer: 2,
  },
  questions: [
    {
      code: 'night_support',
      text: 'How often is help needed at night?',
      options: [
        { code: 'never', label: 'Never', points: 0 },
        { code: 'some_nights', label: 'Some nights', points: 8 },
        { code: 'most_nights', label: 'Most nights', points: 20 },
      ],
    },
  ],
  method: 'rate',
  ratePerPointPence: 600,
  bands: [],
  minimumWeeklyPence: 0,
  maximumWeeklyPence: 125_000,
}

/** What the RAS reads from an assessment: each outcome, whether achieved, and the difficulties recorded. */
export interface RasAssessment {
  kind: 'needs' | 'carer'
  outcomes: { code: string; label: string; achieved: boolean; difficulties: readonly string[] }[]
}

export interface ExplanationLine {
  kind: 'outcome' | 'question' | 'band' | 'minimum' | 'cap'
  /** The outcome or question code, for lines that come from an answer. */
  code: string | null
  label: string
  /** How the points were made up, or what the adjustment is. */
  detail: string
  points: number
  /** This line's share of the weekly amount; the lines add up to it exactly. */
  pence: number
}

export interface IndicativeBudgetResult {
  points: number
  weeklyPence: number
  explanation: ExplanationLine[]
}

const DIFFICULTY_LABELS = new Map<string, string>(DIFFICULTIES.map((d) => [d.code, d.label]))

const pounds = (pence: number) => formatPounds(pence)

/** Difficulties that make a carer's outcome unachieved exclude taking longer (reg 3(3)). */
function countingDifficulties(kind: RasAssessment['kind'], difficulties: readonly string[]): string[] {
  return difficulties.filter((d) => kind === 'needs' || d !== 'takes_significantly_longer')
}

/**
 * Splits an amount across lines in proportion to their points, in whole
 * pence that add up exactly (largest remainders first, ties to the earlier line).
 */
function apportion(amount: number, points: readonly number[]): number[] {
  const total = points.reduce((a, b) => a + b, 0)
  if (total === 0) return points.map(() => 0)
  const shares = points.map((p) => Math.floor((amount * p) / total))
  let left = amount - shares.reduce((a, b) => a + b, 0)
  const order = points
    .map((p, i) => ({ i, remainder: (amount * p) % total }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i)
  for (const { i } of order) {
    if (left <= 0) break
    shares[i] = (shares[i] as number) + 1
    left -= 1
  }
  return shares
}

/**
 * Works out an indicative weekly budget from an assessment and the answers
 * to the council's extra questions, with its explanation. Unanswered
 * questions score nothing and say so.
 *
 * @example
 * const budget = indicativeBudget(DEFAULT_RAS_CONFIG, {
 *   kind: 'needs',
 *   outcomes: [
 *     { code: 'nutrition', label: 'Managing and maintaining nutrition', achieved: false, difficulties: ['needs_assistance'] },
 *     { code: 'clothing', label: 'Being appropriately clothed', achieved: true, difficulties: [] },
 *   ],
 * }, { night_support: 'some_nights' })
 * budget.points // 24 (12 + 4 for nutrition, 8 for help some nights)
 * budget.weeklyPence // 14400 (24 × £6)
 */
export function indicativeBudget(
  config: RasConfig,
  assessment: RasAssessment,
  answers: Readonly<Record<string, string>> = {},
): IndicativeBudgetResult {
  const lines: ExplanationLine[] = []
  for (const outcome of assessment.outcomes) {
    if (outcome.achieved) continue
    const base = config.outcomePoints[outcome.code] ?? 0
    const counting = countingDifficulties(assessment.kind, outcome.difficulties)
    const parts = counting.map((d) => ({
      label: (DIFFICULTY_LABELS.get(d) ?? d).toLowerCase(),
      points: config.difficultyPoints[d as Difficulty] ?? 0,
    }))
    const points = base + parts.reduce((sum, p) => sum + p.points, 0)
    lines.push({
      kind: 'outcome',
      code: outcome.code,
      label: outcome.label,
      detail: [`not achieved: ${base} points`, ...parts.map((p) => `${p.label}: ${p.points}`)].join('; '),
      points,
      pence: 0,
    })
  }
  for (const question of config.questions) {
    const answer = question.options.find((o) => o.code === answers[question.code])
    lines.push({
      kind: 'question',
      code: question.code,
      label: question.text,
      detail: answer ? `answered “${answer.label}”: ${answer.points} points` : 'not answered: no points',
      points: answer?.points ?? 0,
      pence: 0,
    })
  }
  const points = lines.reduce((sum, l) => sum + l.points, 0)

  let amount: number
  if (config.method === 'rate') {
    for (const line of lines) line.pence = line.points * config.ratePerPointPence
    amount = points * config.ratePerPointPence
  } else {
    const band = [...config.bands].reverse().find((b) => points >= b.fromPoints)
    amount = band?.weeklyPence ?? 0
    const shares = apportion(
      amount,
      lines.map((l) => l.points),
    )
    for (const [i, line] of lines.entries()) line.pence = shares[i] as number
    const bandLabel = band
      ? `The band from ${band.fromPoints} points gives ${pounds(band.weeklyPence)} a week`
      : 'No band applies'
    // With no points to share the band's amount out by, the band carries it itself.
    lines.push({
      kind: 'band',
      code: null,
      label: 'Band',
      detail: points > 0 ? `${bandLabel}, shared across the answers by their points` : bandLabel,
      points: 0,
      pence: points > 0 ? 0 : amount,
    })
  }

  let weeklyPence = amount
  if (weeklyPence < config.minimumWeeklyPence) {
    lines.push({
      kind: 'minimum',
      code: null,
      label: 'Minimum',
      detail: `Raised to the minimum of ${pounds(config.minimumWeeklyPence)} a week`,
      points: 0,
      pence: config.minimumWeeklyPence - weeklyPence,
    })
    weeklyPence = config.minimumWeeklyPence
  }
  if (weeklyPence > config.maximumWeeklyPence) {
    lines.push({
      kind: 'cap',
      code: null,
      label: 'Cap',
      detail: `Capped at the maximum of ${pounds(config.maximumWeeklyPence)} a week`,
      points: 0,
      pence: config.maximumWeeklyPence - weeklyPence,
    })
    weeklyPence = config.maximumWeeklyPence
  }
  return { points, weeklyPence, explanation: lines }
}

/**
 * The points an assessment scores under a configuration, without money: what
 * calibration fits a rate to.
 *
 * @example
 * needPoints(DEFAULT_RAS_CONFIG, assessment, answers) // 24
 */
export function needPoints(
  config: RasConfig,
  assessment: RasAssessment,
  answers: Readonly<Record<string, string>> = {},
): number {
  return indicativeBudget(
    { ...config, method: 'rate', ratePerPointPence: 0, minimumWeeklyPence: 0 },
    assessment,
    answers,
  ).points
}

/**
 * What is wrong with a configuration, as field errors; empty when it can be used.
 *
 * @example
 * rasConfigProblems({ ...DEFAULT_RAS_CONFIG, maximumWeeklyPence: 0, minimumWeeklyPence: 100 })
 * // [{ field: 'maximumWeeklyPence', message: 'The maximum must be at least the minimum' }]
 */
export function rasConfigProblems(config: RasConfig): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = []
  if (config.maximumWeeklyPence < config.minimumWeeklyPence) {
    problems.push({ field: 'maximumWeeklyPence', message: 'The maximum must be at least the minimum' })
  }
  if (config.method === 'bands') {
    if (config.bands.length === 0) problems.push({ field: 'bands', message: 'Enter at least one band' })
    else if (config.bands[0]?.fromPoints !== 0) {
      problems.push({ field: 'bands', message: 'The first band must start at 0 points' })
    } else {
      for (let i = 1; i < config.bands.length; i++) {
        const previous = config.bands[i - 1] as RasBand
        const band = config.bands[i] as RasBand
        if (band.fromPoints <= previous.fromPoints) {
          problems.push({
            field: 'bands',
            message: 'Each band must start at more points than the one before',
          })
          break
        }
        if (band.weeklyPence < previous.weeklyPence) {
          problems.push({ field: 'bands', message: 'A band with more points must not give less money' })
          break
        }
      }
    }
  }
  const codes = new Set<string>()
  for (const [i, question] of config.questions.entries()) {
    if (codes.has(question.code)) {
      problems.push({
        field: `questions.${i}.code`,
        message: `Question codes must be different: “${question.code}” is used twice`,
      })
    }
    codes.add(question.code)
    const options = new Set(question.options.map((o) => o.code))
    if (options.size !== question.options.length) {
      problems.push({
        field: `questions.${i}.options`,
        message: `The answers to “${question.text}” must be different`,
      })
    }
  }
  return problems
}
