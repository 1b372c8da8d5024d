/**
 * What the self-assessment pages and API do: start a year, score an area,
 * keep the action plan, and read a year with its evidence. Every change is
 * validated, written in one transaction and audited.
 */
import { z } from 'zod'
import { formatDate } from '../../kernel/dates.ts'
import type { Database } from '../../kernel/db/connect.ts'
import { notFound, ValidationProblem } from '../../kernel/problem.ts'
import { blankToUndefined, isoDate, parseInput } from '../../kernel/validation.ts'
import { recordAudit } from '../audit/store.ts'
import { type Comparison, readComparisons } from '../benchmarking/actions.ts'
import { FIRST_YEAR, financialYearOf, isFinancialYear } from '../benchmarking/council-measures.ts'
import type { CurrentUser } from '../identity/store.ts'
import { AREA_MEASURES } from './area-measures.ts'
import { AREA_DESCRIPTIONS, AREAS, type Area, isArea, SCORE_LABELS, type Score } from './descriptors.ts'
import {
  type ActionStatus,
  findAction,
  findSelfAssessment,
  insertAction,
  insertSelfAssessment,
  listActions,
  listAllScores,
  listAreaScores,
  listSelfAssessments,
  type PlanAction,
  saveAreaScore,
  updateActionStatus,
} from './store.ts'

export const ACTION_STATUSES: readonly ActionStatus[] = ['not-started', 'in-progress', 'complete']
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  complete: 'Complete',
}

/**
 * The financial year a label names, shifted by some years.
 *
 * @example
 * shiftYear('2026-27', -1) // '2025-26'
 */
export function shiftYear(year: string, by: number): string {
  const first = Number(year.slice(0, 4)) + by
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`
}

/**
 * A self-assessment is written during its year on the evidence of the year
 * before it, the latest complete one.
 *
 * @example
 * evidenceYearFor('2026-27') // '2025-26'
 */
export const evidenceYearFor = (year: string) => shiftYear(year, -1)

/** The years a self-assessment can be started for: this financial year and the two before it. */
export function startableYears(today: string): string[] {
  const current = financialYearOf(today)
  return [0, -1, -2]
    .map((by) => shiftYear(current, by))
    .filter((year) => Number(year.slice(0, 4)) > FIRST_YEAR)
}

/** A year in a URL: a financial year, else the page does not exist. */
export function pathYear(value: string): string {
  if (!isFinancialYear(value)) throw notFound('Self-assessment')
  return value
}

/** An area in a URL. */
export function pathArea(value: string): Area {
  if (!isArea(value)) throw notFound('Area')
  return value
}

async function requireSelfAssessment(database: Database, councilId: string, year: string) {
  const found = await findSelfAssessment(database.db, councilId, year)
  if (!found) throw notFound('Self-assessment')
  return found
}

/**
 * Starts the council's self-assessment for a year.
 *
 * @example
 * await startSelfAssessment(database, user, { year: '2026-27' }, '2026-06-15')
 */
export async function startSelfAssessment(
  database: Database,
  user: CurrentUser,
  input: unknown,
  today: string,
) {
  const years = startableYears(today)
  const { year } = parseInput(
    z.object({
      year: z.enum(years as [string, ...string[]], {
        error: `Choose the year to assess: ${years.join(', ')}`,
      }),
    }),
    input,
  )
  if (await findSelfAssessment(database.db, user.councilId, year)) {
    throw new ValidationProblem([
      { field: 'year', message: `There is already a self-assessment for ${year}` },
    ])
  }
  await database.db.transaction().execute(async (tx) => {
    await insertSelfAssessment(tx, user.councilId, year, user.id)
    await recordAudit(tx, {
      councilId: user.councilId,
      userId: user.id,
      action: 'create',
      recordType: 'self-assessment',
      recordId: year,
      detail: { year },
    })
  })
  return { year }
}

export const JUSTIFICATION_MAX = 5000

const scoreSchema = z.object({
  score: z.preprocess(
    (value) => (typeof value === 'number' ? String(value) : blankToUndefined(value)),
    z.enum(['0', '1', '2', '3'], { error: 'Choose a score from 0 to 3' }),
  ),
  justification: z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'Explain why you chose this score' })
      .max(
        JUSTIFICATION_MAX,
        `The justification must be ${JUSTIFICATION_MAX.toLocaleString('en-GB')} characters or fewer`,
      ),
  ),
})

/**
 * Scores an area with its justification (again, if it was scored before).
 *
 * @example
 * await scoreArea(database, user, '2026-27', 'prevention', { score: '2', justification: 'Because…' })
 */
export async function scoreArea(
  database: Database,
  user: CurrentUser,
  year: string,
  area: Area,
  input: unknown,
) {
  await requireSelfAssessment(database, user.councilId, year)
  const parsed = parseInput(scoreSchema, input)
  const score = Number(parsed.score)
  await database.db.transaction().execute(async (tx) => {
    const before = await saveAreaScore(tx, {
      councilId: user.councilId,
      year,
      area,
      score,
      justification: parsed.justification,
      userId: user.id,
    })
    await recordAudit(tx, {
      councilId: user.councilId,
      userId: user.id,
      action: before === null ? 'create' : 'update',
      recordType: 'self-assessment-area',
      recordId: `${year}/${area}`,
      detail: { year, area, score, scoreBefore: before },
    })
  })
  return { area, score, justification: parsed.justification }
}

export const ACTION_MAX = 1000
export const OWNER_MAX = 200

const actionSchema = (year: string) => {
  const yearStart = `${year.slice(0, 4)}-04-01`
  return z.object({
    action: z.preprocess(
      blankToUndefined,
      z
        .string({ error: 'Enter the action' })
        .max(ACTION_MAX, `The action must be ${ACTION_MAX.toLocaleString('en-GB')} characters or fewer`),
    ),
    owner: z.preprocess(
      blankToUndefined,
      z
        .string({ error: 'Enter who owns the action' })
        .max(OWNER_MAX, `The owner must be ${OWNER_MAX} characters or fewer`),
    ),
    dueOn: z.preprocess(
      blankToUndefined,
      isoDate('Enter the due date as a real date, for example 2026-09-30').refine((d) => d >= yearStart, {
        message: `The due date must be on or after ${formatDate(yearStart)}, when the year began`,
      }),
    ),
  })
}

/**
 * Adds an action to an area's plan.
 *
 * @example
 * await addAction(database, user, '2026-27', 'recovery', { action: 'Recruit two reablement workers', owner: 'Head of reablement', dueOn: '2026-12-31' })
 */
export async function addAction(
  database: Database,
  user: CurrentUser,
  year: string,
  area: Area,
  input: unknown,
) {
  await requireSelfAssessment(database, user.councilId, year)
  const parsed = parseInput(actionSchema(year), input)
  return database.db.transaction().execute(async (tx) => {
    const created = await insertAction(tx, {
      councilId: user.councilId,
      year,
      area,
      ...parsed,
      userId: user.id,
    })
    await recordAudit(tx, {
      councilId: user.councilId,
      userId: user.id,
      action: 'create',
      recordType: 'self-assessment-action',
      recordId: created.id,
      detail: { year, area, dueOn: parsed.dueOn },
    })
    return created
  })
}

const statusSchema = z.object({
  status: z.enum(ACTION_STATUSES as [ActionStatus, ...ActionStatus[]], {
    error: 'Choose a status: not-started, in-progress or complete',
  }),
})

/**
 * Moves an action on (or back): complete records today as the day it was done.
 *
 * @example
 * await setActionStatus(database, user, '2026-27', actionId, { status: 'complete' }, '2026-06-15')
 */
export async function setActionStatus(
  database: Database,
  user: CurrentUser,
  year: string,
  id: string,
  input: unknown,
  today: string,
) {
  await requireSelfAssessment(database, user.councilId, year)
  const found = await findAction(database.db, user.councilId, year, id)
  if (!found) throw notFound('Action')
  const { status } = parseInput(statusSchema, input)
  const completedOn = status === 'complete' ? today : null
  await database.db.transaction().execute(async (tx) => {
    await updateActionStatus(tx, user.councilId, id, status, completedOn)
    await recordAudit(tx, {
      councilId: user.councilId,
      userId: user.id,
      action: 'update',
      recordType: 'self-assessment-action',
      recordId: id,
      detail: { year, status, statusBefore: found.status },
    })
  })
  return { id, area: found.area as Area, status, completedOn }
}

export interface EvidenceRow {
  code: string
  why: string
  comparison: Comparison | undefined
}

export interface AreaView {
  area: Area
  title: string
  covers: string
  levels: { score: Score; label: string; text: string }[]
  score: number | null
  scoreLabel: string | null
  justification: string | null
  updatedAt: Date | null
  updatedByName: string | null
  evidence: EvidenceRow[]
  actions: PlanAction[]
}

export interface SelfAssessmentView {
  year: string
  evidenceYear: string
  startedAt: Date
  startedByName: string | null
  areas: AreaView[]
  peers: { code: string; name: string }[]
  peersWithoutPack: string[]
  usingPeerGroup: boolean
}

/**
 * A year's self-assessment: each area with its descriptors, score, evidence
 * (the council's measures for the year before, and its position among its
 * peers when their packs are loaded) and actions.
 *
 * @example
 * const view = await readSelfAssessment(database, user, '2026-27')
 */
export async function readSelfAssessment(
  database: Database,
  user: CurrentUser,
  year: string,
): Promise<SelfAssessmentView> {
  const found = await requireSelfAssessment(database, user.councilId, year)
  const evidenceYear = evidenceYearFor(year)
  const [scores, actions, evidence] = await Promise.all([
    listAreaScores(database.db, user.councilId, year),
    listActions(database.db, user.councilId, year),
    readComparisons(database, user.councilId, evidenceYear),
  ])
  const comparisons = new Map(evidence.comparisons.map((c) => [c.code, c]))
  const areas = AREAS.map((area): AreaView => {
    const scored = scores.find((s) => s.area === area)
    const description = AREA_DESCRIPTIONS[area]
    return {
      area,
      title: description.title,
      covers: description.covers,
      levels: ([0, 1, 2, 3] as const).map((score) => ({
        score,
        label: SCORE_LABELS[score],
        text: description.levels[score],
      })),
      score: scored?.score ?? null,
      scoreLabel: scored ? SCORE_LABELS[scored.score as Score] : null,
      justification: scored?.justification ?? null,
      updatedAt: scored?.updatedAt ?? null,
      updatedByName: scored?.updatedByName ?? null,
      evidence: AREA_MEASURES[area].map((m) => ({
        code: m.code,
        why: m.why,
        comparison: comparisons.get(m.code),
      })),
      actions: actions.filter((a) => a.area === area),
    }
  })
  return {
    year,
    evidenceYear,
    startedAt: found.started_at,
    startedByName: found.started_by_name,
    areas,
    peers: evidence.peers,
    peersWithoutPack: evidence.peersWithoutPack,
    usingPeerGroup: evidence.usingPeerGroup,
  }
}

/** The council's self-assessments, newest first. */
export async function readSelfAssessments(database: Database, user: CurrentUser) {
  return listSelfAssessments(database.db, user.councilId)
}

/**
 * Every year's scores side by side, oldest year first, with the change from
 * the year before.
 *
 * @example
 * const { years, rows } = await compareYears(database, user)
 */
export async function compareYears(database: Database, user: CurrentUser) {
  const [years, scores] = await Promise.all([
    listSelfAssessments(database.db, user.councilId),
    listAllScores(database.db, user.councilId),
  ])
  const ordered = years.map((y) => y.year).sort()
  const rows = AREAS.map((area) => {
    let previous: number | null = null
    const cells = ordered.map((year) => {
      const found = scores.find((s) => s.year === year && s.area === area)
      const score = found ? Number(found.score) : null
      const change = score !== null && previous !== null ? score - previous : null
      if (score !== null) previous = score
      return { year, score, change }
    })
    return { area, title: AREA_DESCRIPTIONS[area].title, cells }
  })
  return { years: years.slice().sort((a, b) => (a.year < b.year ? -1 : 1)), rows }
}

/** A year's self-assessment as the API gives it. */
export function selfAssessmentJson(view: SelfAssessmentView) {
  return {
    year: view.year,
    evidenceYear: view.evidenceYear,
    startedAt: view.startedAt.toISOString(),
    startedBy: view.startedByName,
    peers: view.peers,
    areas: view.areas.map((a) => ({
      area: a.area,
      title: a.title,
      score: a.score,
      scoreLabel: a.scoreLabel,
      justification: a.justification,
      evidence: a.evidence.map((e) => ({
        code: e.code,
        why: e.why,
        title: e.comparison?.title ?? null,
        unit: e.comparison?.unit ?? null,
        value: e.comparison?.own?.value ?? null,
        numerator: e.comparison?.own?.numerator ?? null,
        denominator: e.comparison?.own?.denominator ?? null,
        position: e.comparison?.position ?? null,
      })),
      actions: a.actions.map(actionJson),
    })),
  }
}

export const actionJson = (a: PlanAction) => ({
  id: a.id,
  area: a.area,
  action: a.action,
  owner: a.owner,
  dueOn: a.dueOn,
  status: a.status,
  completedOn: a.completedOn,
})
