import type { Kysely } from 'kysely'
import type { Schema } from '../../schema.ts'
import type { ExplanationLine, RasConfig } from './ras.ts'
import { DEFAULT_RAS_CONFIG } from './ras.ts'

type Db = Kysely<Schema>

export interface RasVersion {
  /** 0 for ASCEND's default, used until the council saves its own. */
  version: number
  config: RasConfig
  note: string | null
  createdAt: Date | null
  createdByName: string | null
}

/**
 * The council's RAS in force: its latest saved version, or ASCEND's default.
 *
 * @example
 * const { version, config } = await currentRasConfig(db, user.councilId)
 */
export async function currentRasConfig(db: Db, councilId: string): Promise<RasVersion> {
  const row = await db
    .selectFrom('ras_configurations as r')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .select(['r.version', 'r.config', 'r.note', 'r.created_at', 'u.display_name'])
    .where('r.council_id', '=', councilId)
    .orderBy('r.version', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!row)
    return { version: 0, config: DEFAULT_RAS_CONFIG, note: null, createdAt: null, createdByName: null }
  return {
    version: row.version,
    config: row.config as RasConfig,
    note: row.note,
    createdAt: row.created_at,
    createdByName: row.display_name,
  }
}

/**
 * Saves a new version of the council's RAS and returns its number. Budgets
 * already given keep the version they were given under.
 *
 * @example
 * const version = await saveRasConfig(tx, user.councilId, config, user.id, 'Calibrated on 2025-26 plans')
 */
export async function saveRasConfig(
  db: Db,
  councilId: string,
  config: RasConfig,
  userId: string | null,
  note: string | null,
): Promise<number> {
  const latest = await db
    .selectFrom('ras_configurations')
    .select((eb) => eb.fn.max<number>('version').as('version'))
    .where('council_id', '=', councilId)
    .executeTakeFirst()
  const version = Number(latest?.version ?? 0) + 1
  await db
    .insertInto('ras_configurations')
    .values({ council_id: councilId, version, config: JSON.stringify(config), note, created_by: userId })
    .execute()
  return version
}

/** A budget as given. */
export interface GivenBudget {
  id: string
  assessmentId: string
  rasVersion: number
  answers: Record<string, string>
  points: number
  weeklyPence: number
  explanation: ExplanationLine[]
  givenAt: Date
  givenByName: string | null
}

const budgetColumns = [
  'b.id',
  'b.assessment_id',
  'b.ras_version',
  'b.answers',
  'b.points',
  'b.weekly_pence',
  'b.explanation',
  'b.given_at',
  'u.display_name',
] as const

function toBudget(row: {
  id: string
  assessment_id: string
  ras_version: number
  answers: Record<string, string>
  points: number
  weekly_pence: number
  explanation: unknown[]
  given_at: Date
  display_name: string | null
}): GivenBudget {
  return {
    id: row.id,
    assessmentId: row.assessment_id,
    rasVersion: row.ras_version,
    answers: row.answers,
    points: row.points,
    weeklyPence: row.weekly_pence,
    explanation: row.explanation as ExplanationLine[],
    givenAt: row.given_at,
    givenByName: row.display_name,
  }
}

/**
 * The indicative budget given for an assessment, if one was.
 *
 * @example
 * const budget = await findBudgetForAssessment(db, user.councilId, assessmentId)
 */
export async function findBudgetForAssessment(db: Db, councilId: string, assessmentId: string) {
  const row = await db
    .selectFrom('indicative_budgets as b')
    .leftJoin('users as u', 'u.id', 'b.given_by')
    .select(budgetColumns)
    .where('b.council_id', '=', councilId)
    .where('b.assessment_id', '=', assessmentId)
    .executeTakeFirst()
  return row ? toBudget(row) : undefined
}

/** An indicative budget by its id, in this council. */
export async function findBudget(db: Db, councilId: string, id: string) {
  const row = await db
    .selectFrom('indicative_budgets as b')
    .leftJoin('users as u', 'u.id', 'b.given_by')
    .select(budgetColumns)
    .where('b.council_id', '=', councilId)
    .where('b.id', '=', id)
    .executeTakeFirst()
  return row ? toBudget(row) : undefined
}

/**
 * Stores an indicative budget as given. There is one per assessment: when
 * another was given a moment ago, that one is returned and this one dropped.
 *
 * @example
 * const budget = await insertBudget(tx, { councilId, personId, assessmentId, rasVersion, answers, result, givenBy })
 */
export async function insertBudget(
  db: Db,
  budget: {
    councilId: string
    personId: string
    assessmentId: string
    rasVersion: number
    answers: Record<string, string>
    points: number
    weeklyPence: number
    explanation: ExplanationLine[]
    givenBy: string
  },
): Promise<GivenBudget> {
  await db
    .insertInto('indicative_budgets')
    .values({
      council_id: budget.councilId,
      person_id: budget.personId,
      assessment_id: budget.assessmentId,
      ras_version: budget.rasVersion,
      answers: JSON.stringify(budget.answers),
      points: budget.points,
      weekly_pence: budget.weeklyPence,
      explanation: JSON.stringify(budget.explanation),
      given_by: budget.givenBy,
    })
    .onConflict((oc) => oc.columns(['council_id', 'assessment_id']).doNothing())
    .execute()
  return (await findBudgetForAssessment(db, budget.councilId, budget.assessmentId)) as GivenBudget
}

/**
 * Approved plans with what their assessments recorded, for calibration: the
 * amount approved a week, the assessment's outcomes and the extra answers.
 *
 * @example
 * const rows = await approvedPlansForCalibration(db, councilId, '2025-04-01')
 */
export async function approvedPlansForCalibration(db: Db, councilId: string, approvedSince?: string) {
  let query = db
    .selectFrom('support_plans as p')
    .innerJoin('assessments as a', 'a.id', 'p.assessment_id')
    .innerJoin('indicative_budgets as b', 'b.id', 'p.indicative_budget_id')
    .select(['p.id', 'p.approved_weekly_pence', 'a.kind', 'a.computed_eligibility', 'b.answers'])
    .where('p.council_id', '=', councilId)
    .where('p.status', 'in', ['active', 'superseded', 'ended'])
    .where('p.approved_weekly_pence', 'is not', null)
  if (approvedSince) query = query.where('p.active_from', '>=', approvedSince)
  return query.orderBy('p.active_from').execute()
}
