import { type Kysely, sql } from 'kysely'
import type { Schema } from '../../schema.ts'
import { getPerson } from '../people/store.ts'
import { findRequest } from '../requests/store.ts'
import type { AssessmentInput, Minutes } from './assessment-input.ts'
import type { EligibilityResult } from './eligibility.ts'

type Db = Kysely<Schema>

export interface NewAssessment {
  councilId: string
  personId: string
  assessorId: string
  startedOn: string
  input: AssessmentInput
  /** The rules' determination at the time, kept as it was: it is never recomputed. */
  eligibility: EligibilityResult
}

/**
 * Stores a recorded assessment with its computed eligibility, not yet decided.
 *
 * @example
 * const id = await insertAssessment(tx, { councilId, personId, assessorId: user.id, startedOn, input, eligibility })
 */
export async function insertAssessment(db: Db, assessment: NewAssessment): Promise<string> {
  const { input } = assessment
  const row = await db
    .insertInto('assessments')
    .values({
      council_id: assessment.councilId,
      person_id: assessment.personId,
      request_id: input.requestId ?? null,
      kind: input.kind,
      format: input.format,
      started_on: assessment.startedOn,
      strengths: input.strengths ?? null,
      community_assets: input.communityAssets ?? null,
      impairment_or_illness: input.kind === 'needs' ? (input.impairmentOrIllness ?? null) : null,
      needs_from_caring: input.kind === 'carer' ? (input.needsFromCaring ?? null) : null,
      carer_health_at_risk: input.kind === 'carer' ? (input.carerHealthAtRisk ?? null) : null,
      wellbeing_significantly_affected: input.wellbeingSignificantlyAffected,
      wellbeing_notes: input.wellbeingNotes ?? null,
      outcomes: JSON.stringify(input.outcomes),
      computed_eligibility: JSON.stringify(assessment.eligibility),
      assessor_id: assessment.assessorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/**
 * Records a practitioner's minutes on a piece of work (an assessment, a review…),
 * so the council can see how much time reaches people.
 *
 * @example
 * await recordTime(tx, { councilId, personId, userId: user.id, activity: 'assessment', recordId: id,
 *   minutes: { direct: 90, travel: 40, recording: 30 }, recordedOn: '2026-06-15' })
 */
export async function recordTime(
  db: Db,
  entry: {
    councilId: string
    personId: string
    userId: string
    activity: string
    recordId: string
    minutes: Minutes
    recordedOn: string
  },
): Promise<void> {
  await db
    .insertInto('time_entries')
    .values({
      council_id: entry.councilId,
      person_id: entry.personId,
      user_id: entry.userId,
      activity: entry.activity,
      record_id: entry.recordId,
      direct_minutes: entry.minutes.direct,
      travel_minutes: entry.minutes.travel,
      recording_minutes: entry.minutes.recording,
      recorded_on: entry.recordedOn,
    })
    .execute()
}

/**
 * An assessment in this council with the names its page shows and the minutes
 * recorded on it, or undefined (another council's assessment is not found).
 * The person's name and the request's date come from their own modules.
 *
 * @example
 * const assessment = await findAssessment(db, user.councilId, id)
 */
export async function findAssessment(db: Db, councilId: string, id: string) {
  const row = await db
    .selectFrom('assessments as a')
    .innerJoin('users as assessor', 'assessor.id', 'a.assessor_id')
    .leftJoin('users as decider', 'decider.id', 'a.decided_by')
    .selectAll('a')
    .select([
      'assessor.display_name as assessor_name',
      'decider.display_name as decider_name',
      'decider.role as decider_role',
    ])
    .where('a.council_id', '=', councilId)
    .where('a.id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  const person = await getPerson(db, councilId, row.person_id)
  if (!person) return undefined
  const request = row.request_id ? await findRequest(db, councilId, row.request_id) : undefined
  const time = await db
    .selectFrom('time_entries')
    .select((eb) => [
      eb.fn.sum<number>('direct_minutes').as('direct'),
      eb.fn.sum<number>('travel_minutes').as('travel'),
      eb.fn.sum<number>('recording_minutes').as('recording'),
      eb.fn.countAll<number>().as('entries'),
    ])
    .where('council_id', '=', councilId)
    .where('record_id', '=', id)
    .where('activity', '=', 'assessment')
    .executeTakeFirstOrThrow()
  const minutes: Minutes | null =
    Number(time.entries) > 0
      ? { direct: Number(time.direct), travel: Number(time.travel), recording: Number(time.recording) }
      : null
  return {
    ...row,
    given_name: person.given_name,
    family_name: person.family_name,
    request_requested_on: request?.requestedOn ?? null,
    computed_eligibility: row.computed_eligibility as EligibilityResult,
    minutes,
  }
}

export type StoredAssessment = NonNullable<Awaited<ReturnType<typeof findAssessment>>>

export interface AssessmentDecision {
  eligible: boolean
  decision: 'confirmed' | 'overridden'
  overrideReason: string | null
  eventOutcome: string
  completedOn: string
  decidedBy: string
  decidedAt: Date
}

/**
 * Completes an assessment with the practitioner's decision. Only an open
 * assessment completes: the answer is false when it was already decided (by
 * someone else a moment ago, perhaps), so a decision is never overwritten.
 *
 * @example
 * if (!(await completeAssessment(tx, councilId, id, decision))) throw conflict('Already decided')
 */
export async function completeAssessment(
  db: Db,
  councilId: string,
  id: string,
  decision: AssessmentDecision,
): Promise<boolean> {
  const row = await db
    .updateTable('assessments')
    .set({
      eligible: decision.eligible,
      decision: decision.decision,
      override_reason: decision.overrideReason,
      event_outcome: decision.eventOutcome,
      completed_on: decision.completedOn,
      decided_by: decision.decidedBy,
      decided_at: decision.decidedAt,
    })
    .where('council_id', '=', councilId)
    .where('id', '=', id)
    .where('completed_on', 'is', null)
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}

/**
 * A person's assessments, newest first, for their record and timeline.
 *
 * @example
 * const assessments = await listAssessmentsForPerson(db, user.councilId, personId)
 */
export async function listAssessmentsForPerson(db: Db, councilId: string, personId: string) {
  return db
    .selectFrom('assessments')
    .select([
      'id',
      'kind',
      'format',
      'started_on',
      'completed_on',
      'eligible',
      'decision',
      'event_outcome',
      'request_id',
    ])
    .select(sql<boolean>`(computed_eligibility ->> 'eligible')::boolean`.as('computed_eligible'))
    .where('council_id', '=', councilId)
    .where('person_id', '=', personId)
    .orderBy('started_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute()
}
