/**
 * What recording a person's death ends, in the transaction that records it:
 * their support plan in effect, any reablement still open and their open
 * requests for support, each on the day they died (or the day it began, when
 * a death is recorded that came before). A request not yet triaged is
 * triaged "NFA: Deceased"; one triaged and waiting for its assessment closes.
 * Payments stop being due with the plan, providers' packages leave their
 * lists, and the CLD events these records project end with the outcome
 * "NFA: Deceased". Each change is audited as the user's.
 *
 * What a death does not end is left to the people who work the case: a
 * direct payment account (money to recover first), a plan waiting for a
 * decision (which can then be refused or returned, never approved), an
 * assessment under way. No plan is made, changed or submitted after it.
 */
import type { Kysely } from 'kysely'
import { formatDate } from '../../kernel/dates.ts'
import { conflict, type Problem } from '../../kernel/problem.ts'
import type { Schema } from '../../schema.ts'
import { recordAuditBy } from '../audit/store.ts'
import { updateEventForRecord } from '../events/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { endActivePlan } from '../plans/store.ts'
import { sequelFor } from '../reablement/sequels.ts'
import { endEpisode, listEpisodesForPerson } from '../reablement/store.ts'
import { closeRequest, listRequestsForPerson, triageRequest } from '../requests/store.ts'

const DIED = sequelFor('died')

export interface EndedAtDeath {
  planId: string | null
  reablementIds: string[]
  requestIds: string[]
}

const later = (day: string, other: string) => (day > other ? day : other)

/** What recording a person's death would end: what the confirmation asks about. */
export interface OpenAtDeath {
  plan: { id: string; version: number; weeklyPence: number | null } | null
  reablement: number
  requests: number
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
  const [plan, episodes, requests] = await Promise.all([
    db
      .selectFrom('support_plans')
      .select(['id', 'version', 'approved_weekly_pence'])
      .where('council_id', '=', councilId)
      .where('person_id', '=', personId)
      .where('status', '=', 'active')
      .executeTakeFirst(),
    listEpisodesForPerson(db, councilId, personId),
    listRequestsForPerson(db, councilId, personId),
  ])
  return {
    plan: plan ? { id: plan.id, version: plan.version, weeklyPence: plan.approved_weekly_pence } : null,
    reablement: episodes.filter((e) => e.endedOn === null).length,
    requests: requests.filter((r) => r.closedOn === null).length,
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
  for (const episode of open) {
    const endedOn = later(episode.startedOn, dateOfDeath)
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
  return { planId: plan?.id ?? null, reablementIds, requestIds }
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
