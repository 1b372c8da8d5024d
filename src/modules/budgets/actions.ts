import type { Kysely } from 'kysely'
import type { Database } from '../../kernel/db/connect.ts'
import { conflict, type FieldError, ValidationProblem } from '../../kernel/problem.ts'
import type { Schema } from '../../schema.ts'
import type { StoredAssessment } from '../assessments/store.ts'
import { recordAudit, recordAuditBy } from '../audit/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { indicativeBudget, needPoints, type RasAssessment, type RasConfig } from './ras.ts'
import { type CalibrationReport, calibrateRate } from './ras-calibration.ts'
import {
  approvedPlansForCalibration,
  currentRasConfig,
  findBudgetForAssessment,
  type GivenBudget,
  insertBudget,
  saveRasConfig,
} from './store.ts'

type Db = Kysely<Schema>

/**
 * What the RAS reads from a stored assessment: its outcomes as the
 * eligibility rules assessed them at the time.
 *
 * @example
 * indicativeBudget(config, rasAssessmentOf(assessment), answers)
 */
export function rasAssessmentOf(
  assessment: Pick<StoredAssessment, 'kind' | 'computed_eligibility'>,
): RasAssessment {
  return {
    kind: assessment.kind,
    outcomes: assessment.computed_eligibility.outcomes.map((o) => ({
      code: o.code,
      label: o.label,
      achieved: o.achieved,
      difficulties: o.difficulties,
    })),
  }
}

/**
 * Checks answers to the council's extra questions: each must name a question
 * and one of its answers. Field names start with `prefix` (`rasAnswers`).
 *
 * @example
 * const errors = answerProblems(config, { night_support: 'most_nights' }, 'rasAnswers')
 */
export function answerProblems(
  config: RasConfig,
  answers: Record<string, string>,
  prefix: string,
): FieldError[] {
  const errors: FieldError[] = []
  for (const [code, answer] of Object.entries(answers)) {
    const question = config.questions.find((q) => q.code === code)
    if (!question) {
      errors.push({
        field: `${prefix}.${code}`,
        message: `There is no question “${code}” in the council’s RAS`,
      })
    } else if (!question.options.some((o) => o.code === answer)) {
      errors.push({
        field: `${prefix}.${code}`,
        message: `Answer “${question.text}” with one of: ${question.options.map((o) => o.code).join(', ')}`,
      })
    }
  }
  return errors
}

/**
 * The indicative budget for an assessment: the one already given, or a new
 * one worked out now by the council's RAS in force and kept as given (with
 * its version and explanation, never recomputed). Call inside the
 * transaction that needs it.
 *
 * @example
 * const budget = await giveIndicativeBudget(tx, user, assessment, { night_support: 'some_nights' }, 'rasAnswers')
 */
export async function giveIndicativeBudget(
  tx: Db,
  user: CurrentUser,
  assessment: StoredAssessment,
  answers: Record<string, string>,
  answersField = 'answers',
): Promise<{ budget: GivenBudget; given: boolean }> {
  const existing = await findBudgetForAssessment(tx, user.councilId, assessment.id)
  if (existing) return { budget: existing, given: false }
  const { version, config } = await currentRasConfig(tx, user.councilId)
  const problems = answerProblems(config, answers, answersField)
  if (problems.length) throw new ValidationProblem(problems)
  const result = indicativeBudget(config, rasAssessmentOf(assessment), answers)
  const budget = await insertBudget(tx, {
    councilId: user.councilId,
    personId: assessment.person_id,
    assessmentId: assessment.id,
    rasVersion: version,
    answers,
    points: result.points,
    weeklyPence: result.weeklyPence,
    explanation: result.explanation,
    givenBy: user.id,
  })
  await recordAuditBy(tx, user, {
    action: 'create',
    recordType: 'indicative_budget',
    recordId: budget.id,
    personId: assessment.person_id,
    detail: {
      assessmentId: assessment.id,
      rasVersion: version,
      points: result.points,
      weeklyPence: result.weeklyPence,
    },
  })
  return { budget, given: true }
}

/**
 * How the council's RAS would score its own approved plans, and the rate per
 * point that fits them best.
 *
 * @example
 * const report = await calibrationReport(database.db, councilId)
 */
export async function calibrationReport(
  db: Db,
  councilId: string,
  options: { config?: RasConfig; approvedSince?: string } = {},
): Promise<CalibrationReport & { rasVersion: number; currentRatePerPointPence: number }> {
  const current = await currentRasConfig(db, councilId)
  const config = options.config ?? current.config
  const plans = await approvedPlansForCalibration(db, councilId, options.approvedSince)
  const samples = plans.map((p) => ({
    points: needPoints(
      config,
      rasAssessmentOf({
        kind: p.kind,
        computed_eligibility: p.computed_eligibility as StoredAssessment['computed_eligibility'],
      }),
      p.answers,
    ),
    weeklyPence: p.approved_weekly_pence as number,
  }))
  return {
    ...calibrateRate(samples),
    rasVersion: current.version,
    currentRatePerPointPence: config.ratePerPointPence,
  }
}

/** Who changes a council's configuration: a signed-in admin, or the CLI (no user). */
export interface Actor {
  councilId: string
  userId: string | null
}

/**
 * Saves a new version of the council's RAS, audited.
 *
 * @example
 * const version = await saveRas(database, { councilId: user.councilId, userId: user.id }, config, null)
 */
export async function saveRas(database: Database, actor: Actor, config: RasConfig, note: string | null) {
  return database.db.transaction().execute(async (tx) => {
    let version: number
    try {
      version = await saveRasConfig(tx, actor.councilId, config, actor.userId, note)
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw conflict('Someone saved the RAS at the same moment: reload the page and try again')
      }
      throw error
    }
    await recordAudit(tx, {
      councilId: actor.councilId,
      userId: actor.userId,
      action: 'update',
      recordType: 'ras_configuration',
      recordId: String(version),
      detail: { version, method: config.method, ratePerPointPence: config.ratePerPointPence, note },
    })
    return version
  })
}

/**
 * Applies a calibration: a new version of the RAS with the fitted rate,
 * switched to a rate per point.
 *
 * @example
 * const { version, report } = await applyCalibration(database, { councilId, userId: null })
 */
export async function applyCalibration(database: Database, actor: Actor, approvedSince?: string) {
  const { config } = await currentRasConfig(database.db, actor.councilId)
  const report = await calibrationReport(database.db, actor.councilId, { approvedSince })
  if (!report.fitted || report.ratePerPointPence === null) {
    throw new ValidationProblem([{ field: 'calibration', message: report.message }])
  }
  const version = await saveRas(
    database,
    actor,
    { ...config, method: 'rate', ratePerPointPence: report.ratePerPointPence },
    `Rate calibrated on ${report.n} approved plans (R² ${report.rSquared?.toFixed(2)})`,
  )
  return { version, report }
}
