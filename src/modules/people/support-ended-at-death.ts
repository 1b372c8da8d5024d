/**
 * What recording a person's death ends, in the transaction that records it:
 * their support plan in effect, any reablement still open, their open
 * requests for support and their links with unpaid carers (either way), each
 * on the day they died (or the day it began, when a death is recorded that
 * came before). A request not yet triaged is
 * triaged "NFA: Deceased"; one triaged and waiting for its assessment closes.
 * Payments stop being due with the plan, providers' packages leave their
 * lists, and the CLD events these records project end with the outcome
 * "NFA: Deceased". Each change is audited as the user's.
 *
 * What a death does not end is left to the people who work the case: a
 * direct payment account (money to recover first), a plan waiting for a
 * decision (which can then be refused or returned, never approved), an
 * assessment under way. No plan is made, changed or submitted after it.
 *
 * Each record it ends is noted as it stood before (support_ended_at_death),
 * so that a death recorded in error can be removed, putting them back, and
 * one recorded on the wrong day corrected, moving their ends to the new day:
 * otherwise a slip on the form would stop someone's support for good.
 */
import { type Kysely, sql } from 'kysely'
import { formatDate } from '../../kernel/dates.ts'
import { conflict, type Problem } from '../../kernel/problem.ts'
import type { Schema } from '../../schema.ts'
import { recordAuditBy } from '../audit/store.ts'
import { endCarerLinksAtDeath, reopenCarerLinkAfterDeath } from '../carers/actions.ts'
import { eventEndsOfRecord, restoreEventEnds, updateEventForRecord } from '../events/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { endActivePlan, reinstateEndedPlan } from '../plans/store.ts'
import { sequelFor } from '../reablement/sequels.ts'
import { endEpisode, listEpisodesForPerson, reopenEpisode } from '../reablement/store.ts'
import { closeRequest, listRequestsForPerson, reopenRequest, triageRequest } from '../requests/store.ts'

const DIED = sequelFor('died')

export interface EndedAtDeath {
  planId: string | null
  reablementIds: string[]
  requestIds: string[]
  carerLinkIds: string[]
}

const later = (day: string, other: string) => (day > other ? day : other)

/** What recording a person's death would end: what the confirmation asks about. */
export interface OpenAtDeath {
  plan: { id: string; version: number; weeklyPence: number | null } | null
  reablement: number
  requests: number
  /** Current links with unpaid carers, or with the adults they care for. */
  carerLinks: number
}

/**
 * What is open for a person now, that recording their death would end.
 *
 * @example
 * const open = await openAtDeath(db, councilId, personId) // { plan: { version: 2, … }, reablement: 0, requests: 1 }
 */
export async function openAtDeath(
  db: Kysely<Schema>,
  councilId: string,
  personId: string,
): Promise<OpenAtDeath> {
  // One statement: a dead person's page asks this on every view (a CLD import's death may leave it all open).
  const { rows } = await sql<{
    plan_id: string | null
    version: number | null
    approved_weekly_pence: number | null
    reablement: number
    requests: number
    carer_links: number
  }>`
    SELECT p.id AS plan_id, p.version, p.approved_weekly_pence,
      (SELECT count(*)::int FROM reablement_episodes r
        WHERE r.council_id = ${councilId} AND r.person_id = ${personId} AND r.ended_on IS NULL) AS reablement,
      (SELECT count(*)::int FROM support_requests q
        WHERE q.council_id = ${councilId} AND q.person_id = ${personId} AND q.closed_on IS NULL) AS requests,
      (SELECT count(*)::int FROM carer_links l
        WHERE l.council_id = ${councilId} AND l.ended_on IS NULL
          AND (l.carer_id = ${personId} OR l.cared_for_id = ${personId})) AS carer_links
    FROM (SELECT 1) AS one
    LEFT JOIN support_plans p ON p.council_id = ${councilId} AND p.person_id = ${personId} AND p.status = 'active'`.execute(
    db,
  )
  const row = rows[0]
  return {
    plan: row?.plan_id
      ? { id: row.plan_id, version: row.version as number, weeklyPence: row.approved_weekly_pence }
      : null,
    reablement: row?.reablement ?? 0,
    requests: row?.requests ?? 0,
    carerLinks: row?.carer_links ?? 0,
  }
}

/**
 * Ends a person's plan in effect, open reablement and open requests at their death.
 *
 * @example
 * const ended = await endSupportAtDeath(tx, user, personId, '2026-06-03', new Date())
 * ended.planId // the plan that ended, or null
 */
export async function endSupportAtDeath(
  tx: Kysely<Schema>,
  user: CurrentUser,
  personId: string,
  dateOfDeath: string,
  now: Date,
): Promise<EndedAtDeath> {
  if (!DIED) throw new Error('The reablement sequels have no death')
  const { councilId } = user
  const note = async (recordType: Noted['recordType'], recordId: string, before: Noted['before']) =>
    noteEnded(tx, { councilId, personId, recordType, recordId, before })
  const inEffect = await tx
    .selectFrom('support_plans')
    .select(['id', 'active_to'])
    .where('council_id', '=', councilId)
    .where('person_id', '=', personId)
    .where('status', '=', 'active')
    .executeTakeFirst()
  if (inEffect) await note('support_plan', inEffect.id, { active_to: inEffect.active_to })
  const plan = await endActivePlan(tx, councilId, personId, dateOfDeath)
  if (plan) {
    await updateEventForRecord(tx, councilId, plan.id, {
      event_end_on: plan.activeTo,
      event_outcome: DIED.eventOutcome,
    })
    await recordAuditBy(tx, user, {
      action: 'update',
      recordType: 'support_plan',
      recordId: plan.id,
      personId,
      detail: { change: 'end', because: 'died', activeTo: plan.activeTo },
    })
  }

  const open = (await listEpisodesForPerson(tx, councilId, personId)).filter((e) => e.endedOn === null)
  const reablementIds: string[] = []
  // A reablement episode closes its request as it ends: noted so that only a request it closed reopens with it.
  const openBefore = new Set(
    (await listRequestsForPerson(tx, councilId, personId))
      .filter((r) => r.closedOn === null)
      .map((r) => r.id),
  )
  for (const episode of open) {
    const endedOn = later(episode.startedOn, dateOfDeath)
    const closesRequest = episode.requestId !== null && openBefore.has(episode.requestId)
    await note('reablement', episode.id, { request_id: closesRequest ? episode.requestId : null })
    const ended = await endEpisode(tx, councilId, episode.id, {
      endedOn,
      sequel: DIED.code,
      eventOutcome: DIED.eventOutcome,
      endedBy: user.id,
      at: now,
    })
    if (!ended) continue
    reablementIds.push(episode.id)
    await updateEventForRecord(tx, councilId, episode.id, {
      event_end_on: endedOn,
      event_outcome: DIED.eventOutcome,
    })
    if (episode.requestId) await closeRequest(tx, councilId, episode.requestId, endedOn)
    await recordAuditBy(tx, user, {
      action: 'update',
      recordType: 'reablement',
      recordId: episode.id,
      personId,
      detail: {
        change: 'end',
        because: 'died',
        endedOn,
        sequel: DIED.code,
        eventOutcome: DIED.eventOutcome,
        closedRequestId: episode.requestId,
      },
    })
  }
  const requestIds: string[] = []
  for (const request of await listRequestsForPerson(tx, councilId, personId)) {
    if (request.closedOn !== null) continue
    const closedOn = later(request.triagedOn ?? request.requestedOn, dateOfDeath)
    await note('request', request.id, {
      triage_outcome: request.triageOutcome,
      triaged_on: request.triagedOn,
    })
    const triaged =
      request.triageOutcome === null &&
      (await triageRequest(tx, councilId, request.id, { outcome: DIED.eventOutcome, triagedOn: closedOn }))
    if (triaged) {
      await updateEventForRecord(tx, councilId, request.id, {
        event_end_on: closedOn,
        event_outcome: DIED.eventOutcome,
      })
    }
    await closeRequest(tx, councilId, request.id, closedOn)
    requestIds.push(request.id)
    await recordAuditBy(tx, user, {
      action: 'update',
      recordType: 'request',
      recordId: request.id,
      personId,
      detail: {
        change: triaged ? 'triage' : 'close',
        because: 'died',
        ...(triaged ? { triageOutcome: DIED.eventOutcome, triagedOn: closedOn } : {}),
        closed: true,
      },
    })
  }
  const carerLinkIds: string[] = []
  for (const link of await endCarerLinksAtDeath(tx, user, personId, dateOfDeath, now)) {
    await note('carer_link', link.id, {})
    carerLinkIds.push(link.id)
  }
  return { planId: plan?.id ?? null, reablementIds, requestIds, carerLinkIds }
}

/** A record a death ended, noted as it stood before. */
interface Noted {
  councilId: string
  personId: string
  recordType: 'support_plan' | 'reablement' | 'request' | 'carer_link'
  recordId: string
  before: Record<string, string | null>
}

/** Notes a record, and the ends of the CLD events it projects, before a death ends them. */
async function noteEnded(tx: Kysely<Schema>, noted: Noted): Promise<void> {
  const events = await eventEndsOfRecord(tx, noted.councilId, noted.recordId)
  await tx
    .insertInto('support_ended_at_death')
    .values({
      council_id: noted.councilId,
      person_id: noted.personId,
      record_type: noted.recordType,
      record_id: noted.recordId,
      before: JSON.stringify(noted.before),
      events_before: JSON.stringify(events),
    })
    .execute()
}

/**
 * What removing a person's recorded death would put back: what recording it
 * ended and is still as the death left it. The check before removing it (or
 * moving it to another day) names these.
 *
 * @example
 * const ended = await endedAtDeath(db, councilId, personId) // { plan: { version: 2, … }, reablement: 1, requests: 0 }
 */
export async function endedAtDeath(
  db: Kysely<Schema>,
  councilId: string,
  personId: string,
): Promise<OpenAtDeath> {
  const noted = await db
    .selectFrom('support_ended_at_death as n')
    .leftJoin('support_plans as p', (join) =>
      join
        .onRef('p.id', '=', 'n.record_id')
        .on('n.record_type', '=', 'support_plan')
        .on('p.status', '=', 'ended'),
    )
    .select(['n.record_type', 'p.id as plan_id', 'p.version', 'p.approved_weekly_pence'])
    .where('n.council_id', '=', councilId)
    .where('n.person_id', '=', personId)
    .execute()
  const plan = noted.find((n) => n.plan_id !== null)
  return {
    plan: plan?.plan_id
      ? { id: plan.plan_id, version: plan.version as number, weeklyPence: plan.approved_weekly_pence }
      : null,
    reablement: noted.filter((n) => n.record_type === 'reablement').length,
    requests: noted.filter((n) => n.record_type === 'request').length,
    carerLinks: noted.filter((n) => n.record_type === 'carer_link').length,
  }
}

/**
 * What correcting a person's date of death ends on the new day: what
 * recording it ended (put back, then ended again) and anything still open
 * (a death brought by a CLD import ended nothing).
 *
 * @example
 * const moving = await endedOnCorrection(db, councilId, personId) // { plan: { version: 2, … }, reablement: 0, requests: 1, carerLinks: 0 }
 */
export async function endedOnCorrection(
  db: Kysely<Schema>,
  councilId: string,
  personId: string,
): Promise<OpenAtDeath> {
  const [ended, open] = await Promise.all([
    endedAtDeath(db, councilId, personId),
    openAtDeath(db, councilId, personId),
  ])
  return {
    plan: ended.plan ?? open.plan,
    reablement: ended.reablement + open.reablement,
    requests: ended.requests + open.requests,
    carerLinks: ended.carerLinks + open.carerLinks,
  }
}

/**
 * Puts back what recording a person's death ended, each record as it stood
 * before (a record changed since in a way the death did not is left as it
 * is), with its CLD events: the death was recorded in error (`removed`), or
 * is being recorded again on another day (`corrected`), which then ends them
 * on that day. Each change is audited as the user's.
 *
 * @example
 * const restored = await restoreSupportEndedAtDeath(tx, user, personId, 'removed', new Date())
 * restored.planId // the plan in effect again, or null
 */
export async function restoreSupportEndedAtDeath(
  tx: Kysely<Schema>,
  user: CurrentUser,
  personId: string,
  because: 'removed' | 'corrected',
  at: Date,
): Promise<EndedAtDeath> {
  if (!DIED) throw new Error('The reablement sequels have no death')
  const { councilId } = user
  const noted = await tx
    .deleteFrom('support_ended_at_death')
    .where('council_id', '=', councilId)
    .where('person_id', '=', personId)
    .returning(['record_type', 'record_id', 'before', 'events_before'])
    .execute()
  const restored: EndedAtDeath = { planId: null, reablementIds: [], requestIds: [], carerLinkIds: [] }
  const said = because === 'removed' ? 'death removed' : 'date of death corrected'
  for (const { record_type: recordType, record_id: recordId, before, events_before: events } of noted) {
    if (recordType === 'carer_link') {
      if (await reopenCarerLinkAfterDeath(tx, user, recordId, said, at)) restored.carerLinkIds.push(recordId)
      continue
    }
    const done =
      recordType === 'support_plan'
        ? await reinstateEndedPlan(tx, councilId, recordId, before.active_to ?? null)
        : recordType === 'reablement'
          ? await reopenEpisode(tx, councilId, recordId, DIED.code)
          : await reopenRequest(tx, councilId, recordId, {
              triageOutcome: before.triage_outcome ?? null,
              triagedOn: before.triaged_on ?? null,
            })
    if (!done) continue
    await restoreEventEnds(tx, councilId, events)
    if (recordType === 'support_plan') restored.planId = recordId
    else if (recordType === 'reablement') restored.reablementIds.push(recordId)
    else restored.requestIds.push(recordId)
    // The request a reablement episode closed as it ended reopens with it.
    const closedWithIt = recordType === 'reablement' ? (before.request_id ?? null) : null
    if (closedWithIt) await reopenRequest(tx, councilId, closedWithIt)
    await recordAuditBy(tx, user, {
      action: 'update',
      recordType,
      recordId,
      personId,
      detail: { change: 'reopen', because: said },
    })
  }
  return restored
}

/**
 * What a death ended or a removal put back, named by kind for a redirect
 * (`plan+requests`), as the person page's message reads it.
 *
 * @example
 * namedAtDeath({ planId: 'p', reablementIds: [], requestIds: ['r'], carerLinkIds: [] }) // 'plan+requests'
 */
export function namedAtDeath(records: EndedAtDeath | undefined): string {
  return [
    ...(records?.planId ? ['plan'] : []),
    ...(records?.reablementIds.length ? ['reablement'] : []),
    ...(records?.requestIds.length ? ['requests'] : []),
    ...(records?.carerLinkIds.length ? ['carers'] : []),
  ].join('+')
}

/**
 * The 409 for something that cannot follow a person's death.
 *
 * @example
 * if (plan.date_of_death) throw afterDeath(plan.date_of_death, 'a plan cannot be submitted for funding')
 */
export function afterDeath(dateOfDeath: string, cannot: string): Problem {
  return conflict(`They died on ${formatDate(dateOfDeath)}: ${cannot}`, { dateOfDeath })
}
