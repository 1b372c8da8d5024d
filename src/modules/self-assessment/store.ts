/**
 * The self-assessment's tables: one row per council and year, a score per
 * area, and the action plan. Every query is for one council.
 */
import { type Kysely, sql } from 'kysely'
import type { Schema } from '../../schema.ts'

type Db = Kysely<Schema>

export type ActionStatus = 'not-started' | 'in-progress' | 'complete'

export interface SelfAssessmentSummary {
  year: string
  startedAt: Date
  startedByName: string | null
  areasScored: number
  actionsOpen: number
  actionsComplete: number
}

/**
 * The council's self-assessments, newest year first, with how far each has got.
 *
 * @example
 * const years = await listSelfAssessments(db, councilId)
 */
export async function listSelfAssessments(db: Db, councilId: string): Promise<SelfAssessmentSummary[]> {
  const rows = await db
    .selectFrom('self_assessments as s')
    .leftJoin('users as u', 'u.id', 's.started_by')
    .select([
      's.year',
      's.started_at',
      'u.display_name',
      (eb) =>
        eb
          .selectFrom('self_assessment_areas as a')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('a.council_id', '=', 's.council_id')
          .whereRef('a.year', '=', 's.year')
          .as('areas_scored'),
      (eb) =>
        eb
          .selectFrom('self_assessment_actions as x')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('x.council_id', '=', 's.council_id')
          .whereRef('x.year', '=', 's.year')
          .where('x.status', '<>', 'complete')
          .as('actions_open'),
      (eb) =>
        eb
          .selectFrom('self_assessment_actions as x')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('x.council_id', '=', 's.council_id')
          .whereRef('x.year', '=', 's.year')
          .where('x.status', '=', 'complete')
          .as('actions_complete'),
    ])
    .where('s.council_id', '=', councilId)
    .orderBy('s.year', 'desc')
    .execute()
  return rows.map((row) => ({
    year: row.year,
    startedAt: row.started_at,
    startedByName: row.display_name,
    areasScored: Number(row.areas_scored ?? 0),
    actionsOpen: Number(row.actions_open ?? 0),
    actionsComplete: Number(row.actions_complete ?? 0),
  }))
}

/** The council's self-assessment for a year, or undefined. */
export async function findSelfAssessment(db: Db, councilId: string, year: string) {
  return db
    .selectFrom('self_assessments as s')
    .leftJoin('users as u', 'u.id', 's.started_by')
    .select(['s.year', 's.started_at', 'u.display_name as started_by_name'])
    .where('s.council_id', '=', councilId)
    .where('s.year', '=', year)
    .executeTakeFirst()
}

export async function insertSelfAssessment(db: Db, councilId: string, year: string, userId: string | null) {
  await db
    .insertInto('self_assessments')
    .values({ council_id: councilId, year, started_by: userId })
    .execute()
}

export interface AreaScore {
  area: string
  score: number
  justification: string
  updatedAt: Date
  updatedByName: string | null
}

/** The scored areas of a year's self-assessment. */
export async function listAreaScores(db: Db, councilId: string, year: string): Promise<AreaScore[]> {
  const rows = await db
    .selectFrom('self_assessment_areas as a')
    .leftJoin('users as u', 'u.id', 'a.updated_by')
    .select(['a.area', 'a.score', 'a.justification', 'a.updated_at', 'u.display_name'])
    .where('a.council_id', '=', councilId)
    .where('a.year', '=', year)
    .execute()
  return rows.map((row) => ({
    area: row.area,
    score: Number(row.score),
    justification: row.justification,
    updatedAt: row.updated_at,
    updatedByName: row.display_name,
  }))
}

/** Every year's scores, for comparing years. */
export async function listAllScores(db: Db, councilId: string) {
  return db
    .selectFrom('self_assessment_areas')
    .select(['year', 'area', 'score'])
    .where('council_id', '=', councilId)
    .execute()
}

/** Scores an area, or rescores it. Returns the score it had before, if any. */
export async function saveAreaScore(
  db: Db,
  row: {
    councilId: string
    year: string
    area: string
    score: number
    justification: string
    userId: string
  },
): Promise<number | null> {
  const before = await db
    .selectFrom('self_assessment_areas')
    .select('score')
    .where('council_id', '=', row.councilId)
    .where('year', '=', row.year)
    .where('area', '=', row.area)
    .executeTakeFirst()
  const values = {
    score: row.score,
    justification: row.justification,
    updated_by: row.userId,
    updated_at: new Date(),
  }
  await db
    .insertInto('self_assessment_areas')
    .values({ council_id: row.councilId, year: row.year, area: row.area, ...values })
    .onConflict((oc) => oc.columns(['council_id', 'year', 'area']).doUpdateSet(values))
    .execute()
  return before ? Number(before.score) : null
}

export interface PlanAction {
  id: string
  area: string
  action: string
  owner: string
  dueOn: string
  status: ActionStatus
  completedOn: string | null
  createdAt: Date
}

/** A year's action plan, by area then due date. */
export async function listActions(db: Db, councilId: string, year: string): Promise<PlanAction[]> {
  const rows = await db
    .selectFrom('self_assessment_actions')
    .select(['id', 'area', 'action', 'owner', 'due_on', 'status', 'completed_on', 'created_at'])
    .where('council_id', '=', councilId)
    .where('year', '=', year)
    .orderBy('due_on')
    .orderBy('created_at')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    area: row.area,
    action: row.action,
    owner: row.owner,
    dueOn: row.due_on,
    status: row.status,
    completedOn: row.completed_on,
    createdAt: row.created_at,
  }))
}

export async function insertAction(
  db: Db,
  row: {
    councilId: string
    year: string
    area: string
    action: string
    owner: string
    dueOn: string
    userId: string
  },
): Promise<PlanAction> {
  const inserted = await db
    .insertInto('self_assessment_actions')
    .values({
      council_id: row.councilId,
      year: row.year,
      area: row.area,
      action: row.action,
      owner: row.owner,
      due_on: row.dueOn,
      created_by: row.userId,
    })
    .returning(['id', 'area', 'action', 'owner', 'due_on', 'status', 'completed_on', 'created_at'])
    .executeTakeFirstOrThrow()
  return {
    id: inserted.id,
    area: inserted.area,
    action: inserted.action,
    owner: inserted.owner,
    dueOn: inserted.due_on,
    status: inserted.status,
    completedOn: inserted.completed_on,
    createdAt: inserted.created_at,
  }
}

/** An action of the council's year, or undefined (another council's is never found). */
export async function findAction(db: Db, councilId: string, year: string, id: string) {
  return db
    .selectFrom('self_assessment_actions')
    .select(['id', 'area', 'status', 'action'])
    .where('council_id', '=', councilId)
    .where('year', '=', year)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function updateActionStatus(
  db: Db,
  councilId: string,
  id: string,
  status: ActionStatus,
  completedOn: string | null,
) {
  await db
    .updateTable('self_assessment_actions')
    .set({ status, completed_on: completedOn, updated_at: new Date() })
    .where('council_id', '=', councilId)
    .where('id', '=', id)
    .execute()
}
