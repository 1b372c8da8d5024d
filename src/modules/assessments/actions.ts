import type { EVENT_OUTCOMES } from '../../kernel/code-lists/cld.ts'
import type { Database } from '../../kernel/db/connect.ts'
import { conflict, notFound, ValidationProblem } from '../../kernel/problem.ts'
import { recordAuditBy } from '../audit/store.ts'
import { recordEvent } from '../events/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { personForUser } from '../people/store.ts'
import { closeRequest, findRequest, listRequestsForPerson } from '../requests/store.ts'
import { eligibilityInput, parseAssessmentInput, parseDecisionInput } from './assessment-input.ts'
import { determineEligibility, type EligibilityResult } from './eligibility.ts'
import {
  completeAssessment,
  findAssessment,
  insertAssessment,
  recordTime,
  type StoredAssessment,
} from './store.ts'

/*
 * What pages and the API both do with assessments. Each change is one
 * transaction holding the change, its time, its CLD event and its audit
 * entry; each read of someone's assessment is audited.
 */

type EventOutcome = (typeof EVENT_OUTCOMES)[number]

/** What the CLD return records when an assessment finds eligible needs, and when it does not. */
export const DEFAULT_EVENT_OUTCOME: Record<'eligible' | 'notEligible', EventOutcome> = {
  eligible: 'Progress to support planning or services',
  notEligible: 'NFA: Information and advice or signposting',
}

/**
 * Records an assessment for a person of the user's council: checks it,
 * determines eligibility by the 2015 regulations and keeps that determination
 * as computed, with the minutes spent. It stays open until decided.
 *
 * @example
 * const { id, eligibility } = await recordAssessment(database, user, personId, body, '2026-06-15')
 */
export async function recordAssessment(
  database: Database,
  user: CurrentUser,
  personId: string,
  body: unknown,
  today: string,
): Promise<{ id: string; eligibility: EligibilityResult }> {
  return database.db.transaction().execute(async (tx) => {
    await personForUser(tx, user, personId)
    const input = parseAssessmentInput(body, today)
    if (input.requestId) {
      const request = await findRequest(tx, user.councilId, input.requestId)
      if (!request || request.personId !== personId) {
        throw new ValidationProblem([{ field: 'requestId', message: 'Choose one of this person’s requests' }])
      }
      if (request.closedOn) {
        throw new ValidationProblem([
          { field: 'requestId', message: 'That request is closed: choose an open request, or none' },
        ])
      }
    }
    const eligibility = determineEligibility(eligibilityInput(input))
    const startedOn = input.startedOn ?? today
    const id = await insertAssessment(tx, {
      councilId: user.councilId,
      personId,
      assessorId: user.id,
      startedOn,
      input,
      eligibility,
    })
    if (input.minutes) {
      await recordTime(tx, {
        councilId: user.councilId,
        personId,
        userId: user.id,
        activity: 'assessment',
        recordId: id,
        minutes: input.minutes,
        recordedOn: today,
      })
    }
    await recordAuditBy(tx, user, {
      action: 'create',
      recordType: 'assessment',
      recordId: id,
      personId,
      detail: {
        kind: input.kind,
        format: input.format,
        startedOn,
        requestId: input.requestId ?? null,
        computedEligible: eligibility.eligible,
        minutes: input.minutes ?? null,
      },
    })
    return { id, eligibility }
  })
}

/**
 * Reads one assessment of the user's council, auditing the read unless told
 * not to (a form shown again after a mistake is not a new read).
 *
 * @example
 * const assessment = await readAssessment(database, user, id)
 */
export async function readAssessment(
  database: Database,
  user: CurrentUser,
  id: string,
  options: { audit?: boolean } = {},
): Promise<StoredAssessment> {
  return database.db.transaction().execute(async (tx) => {
    const assessment = await findAssessment(tx, user.councilId, id)
    if (!assessment) throw notFound('Assessment')
    if (options.audit !== false) {
      await recordAuditBy(tx, user, {
        action: 'read',
        recordType: 'assessment',
        recordId: id,
        personId: assessment.person_id,
      })
    }
    return assessment
  })
}

/**
 * The person a new assessment is for and their open requests, auditing the
 * read of their record unless told not to.
 *
 * @example
 * const { person, requests } = await readPersonToAssess(database, user, personId)
 */
export async function readPersonToAssess(
  database: Database,
  user: CurrentUser,
  personId: string,
  options: { audit?: boolean } = {},
) {
  return database.db.transaction().execute(async (tx) => {
    const person = await personForUser(tx, user, personId)
    // Newest first; only an open request can still be answered by an assessment.
    const requests = (await listRequestsForPerson(tx, user.councilId, personId)).filter((r) => !r.closedOn)
    if (options.audit !== false) {
      await recordAuditBy(tx, user, {
        action: 'read',
        recordType: 'person',
        recordId: personId,
        personId,
        detail: { view: 'new assessment' },
      })
    }
    return { person, requests }
  })
}

/**
 * Confirms or overrides an assessment's computed eligibility, which completes
 * it: the final eligibility and event outcome are set, the CLD Assessment
 * event is recorded, and the request it answers is closed. A second decision
 * is a conflict (409); an override that would not change the result is refused.
 *
 * @example
 * await decideAssessment(database, user, id, { override: true, eligible: false, reason: 'Met by family' }, now)
 */
export async function decideAssessment(
  database: Database,
  user: CurrentUser,
  id: string,
  body: unknown,
  now: Date,
  today: string,
): Promise<StoredAssessment> {
  return database.db.transaction().execute(async (tx) => {
    const assessment = await findAssessment(tx, user.councilId, id)
    if (!assessment) throw notFound('Assessment')
    if (assessment.completed_on) throw alreadyDecided(assessment)
    const decision = parseDecisionInput(body)
    const computed = assessment.computed_eligibility.eligible
    if (decision.decision === 'overridden' && decision.eligible === computed) {
      throw new ValidationProblem([
        {
          field: 'eligible',
          message: `An override must change the result: the rules found the needs ${computed ? 'eligible' : 'not eligible'}. To agree, confirm it`,
        },
      ])
    }
    const eligible = decision.decision === 'overridden' ? decision.eligible : computed
    const eventOutcome =
      decision.eventOutcome ?? (eligible ? DEFAULT_EVENT_OUTCOME.eligible : DEFAULT_EVENT_OUTCOME.notEligible)
    const completed = await completeAssessment(tx, user.councilId, id, {
      eligible,
      decision: decision.decision,
      overrideReason: decision.decision === 'overridden' ? decision.reason : null,
      eventOutcome,
      completedOn: today,
      decidedBy: user.id,
      decidedAt: now,
    })
    if (!completed) throw alreadyDecided(assessment)
    await recordEvent(tx, {
      council_id: user.councilId,
      person_id: assessment.person_id,
      client_type: assessment.kind === 'carer' ? 'Unpaid carer' : 'Service user',
      event_type: 'Assessment',
      event_start_on: assessment.started_on,
      event_end_on: today,
      event_description: `${assessment.kind === 'carer' ? 'Carer’s assessment' : 'Needs assessment'} (${assessment.format})`,
      event_outcome: eventOutcome,
      assessment_type: 'Long term assessment',
      eligible_needs_identified: eligible ? 'Yes' : 'No',
      method_of_assessment: assessment.kind === 'carer' ? 'Carer only' : 'Service user only',
      source_record_id: id,
    })
    if (assessment.request_id) await closeRequest(tx, user.councilId, assessment.request_id, today)
    await recordAuditBy(tx, user, {
      action: 'update',
      recordType: 'assessment',
      recordId: id,
      personId: assessment.person_id,
      detail: { decision: decision.decision, eligible, eventOutcome, completedOn: today },
    })
    return (await findAssessment(tx, user.councilId, id)) as StoredAssessment
  })
}

function alreadyDecided(assessment: StoredAssessment) {
  return conflict('This assessment already has a decision: it is complete and cannot be decided again', {
    completedOn: assessment.completed_on,
  })
}

/**
 * An assessment as the API gives it: the facts recorded, the eligibility as
 * the rules determined it at the time, and the decision once made.
 *
 * @example
 * reply.send(assessmentJson(await readAssessment(database, user, id)))
 */
export function assessmentJson(a: StoredAssessment) {
  return {
    id: a.id,
    personId: a.person_id,
    requestId: a.request_id,
    kind: a.kind,
    format: a.format,
    startedOn: a.started_on,
    completedOn: a.completed_on,
    strengths: a.strengths,
    communityAssets: a.community_assets,
    impairmentOrIllness: a.impairment_or_illness,
    needsFromCaring: a.needs_from_caring,
    carerHealthAtRisk: a.carer_health_at_risk,
    outcomes: a.outcomes,
    wellbeingSignificantlyAffected: a.wellbeing_significantly_affected,
    wellbeingNotes: a.wellbeing_notes,
    eligibility: a.computed_eligibility,
    decision: a.decision
      ? {
          decision: a.decision,
          eligible: a.eligible,
          overrideReason: a.override_reason,
          eventOutcome: a.event_outcome,
          decidedBy: { id: a.decided_by, name: a.decider_name },
          decidedAt: a.decided_at,
        }
      : null,
    assessor: { id: a.assessor_id, name: a.assessor_name },
    minutes: a.minutes,
    createdAt: a.created_at,
  }
}
