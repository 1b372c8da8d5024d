import { addDays } from '../../kernel/dates.ts'
import type { Database } from '../../kernel/db/connect.ts'
import { conflict, notFound } from '../../kernel/problem.ts'
import { parseInput } from '../../kernel/validation.ts'
import { recordAuditBy } from '../audit/store.ts'
import { OPEN_SERVICE_OUTCOME, recordEvent, updateEventForRecord } from '../events/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { personForUser } from '../people/store.ts'
import { closeRequest, findRequest, listRequestsForPerson } from '../requests/store.ts'
import {
  atHomeCheckSchema,
  endEpisodeSchema,
  type RequestForEpisode,
  startAnchors,
  startEpisodeSchema,
} from './inputs.ts'
import {
  AT_HOME_CHECK_UPCOMING_DAYS,
  atHomeCheckDueOn,
  atHomeCheckResultLabel,
  atHomeCheckState,
  episodeDays,
  episodeState,
  withinAscof2dWindow,
} from './rules.ts'
import { sequelFor } from './sequels.ts'
import {
  endEpisode,
  findEpisode,
  insertAtHomeCheck,
  insertEpisode,
  listChecksDueBy,
  listEpisodesForPerson,
  listOpenEpisodes,
  personName,
  recordAtHomeCheck,
  type StoredEpisode,
} from './store.ts'

/*
 * What pages and the API both do with reablement. Each change is one
 * transaction holding the change, its CLD Service event and its audit entry;
 * each read of someone's records is audited.
 */

/** How CLD names the service a reablement episode is. */
export const REABLEMENT_SERVICE = {
  service_type: 'Short term support: ST-Max',
  service_component: 'Reablement',
  // Reablement is free to the person for up to six weeks (rules.ts).
  client_funding_status: 'Fully social care funded',
} as const

const TRIAGED_TO_REABLEMENT = 'Progress to reablement/ST-Max'

/**
 * The person a new episode is for, their open requests triaged to reablement
 * and any episode still open, auditing the read unless told not to.
 *
 * @example
 * const { person, requests, openEpisode } = await readPersonForNewEpisode(database, user, personId)
 */
export async function readPersonForNewEpisode(
  database: Database,
  user: CurrentUser,
  personId: string,
  options: { audit?: boolean } = {},
) {
  return database.db.transaction().execute(async (tx) => {
    const row = await personForUser(tx, user, personId)
    const requests = (await listRequestsForPerson(tx, user.councilId, personId)).filter(
      (r) => r.triageOutcome === TRIAGED_TO_REABLEMENT && !r.closedOn,
    )
    const openEpisode = (await listEpisodesForPerson(tx, user.councilId, personId)).find((e) => !e.endedOn)
    if (options.audit !== false) {
      await recordAuditBy(tx, user, {
        action: 'read',
        recordType: 'person',
        recordId: personId,
        personId,
        detail: { view: 'new reablement episode' },
      })
    }
    return {
      person: { id: row.id, name: personName(row), laPersonId: row.la_person_id },
      requests,
      openEpisode,
    }
  })
}

/**
 * Starts a reablement episode for a person of the user's council, with its
 * CLD Service event and, after a hospital discharge, its at-home check. A
 * person has one open episode at a time (409).
 *
 * @example
 * const episode = await startEpisode(database, user, personId, { startedOn: '2026-06-01',
 *   afterHospitalDischarge: true, dischargedOn: '2026-05-31' }, '2026-06-15')
 */
export async function startEpisode(
  database: Database,
  user: CurrentUser,
  personId: string,
  input: unknown,
  today: string,
): Promise<StoredEpisode> {
  try {
    return await database.db.transaction().execute(async (tx) => {
      const person = await personForUser(tx, user, personId)
      const open = (await listEpisodesForPerson(tx, user.councilId, personId)).find((e) => !e.endedOn)
      if (open) throw alreadyOpen(open.id)
      const anchors = startAnchors(input, today)
      let request: RequestForEpisode | null | undefined
      if (anchors.requestId) {
        const found = await findRequest(tx, user.councilId, anchors.requestId)
        request = found && found.personId === personId ? found : null
      }
      const body = parseInput(startEpisodeSchema(today, { ...anchors, request }), input)
      const dischargedOn = body.afterHospitalDischarge ? (body.dischargedOn ?? null) : null
      const id = await insertEpisode(tx, {
        councilId: user.councilId,
        personId,
        requestId: body.requestId ?? null,
        startedOn: body.startedOn,
        plannedEndOn: body.plannedEndOn ?? null,
        provider: body.provider ?? null,
        dischargedOn,
        createdBy: user.id,
      })
      await recordEvent(tx, {
        council_id: user.councilId,
        person_id: personId,
        client_type: person.client_type,
        event_type: 'Service',
        event_start_on: body.startedOn,
        ...REABLEMENT_SERVICE,
        event_outcome: OPEN_SERVICE_OUTCOME,
        source_record_id: id,
      })
      if (dischargedOn) {
        await insertAtHomeCheck(tx, {
          episodeId: id,
          councilId: user.councilId,
          personId,
          dischargedOn,
          dueOn: atHomeCheckDueOn(dischargedOn),
        })
      }
      await recordAuditBy(tx, user, {
        action: 'create',
        recordType: 'reablement',
        recordId: id,
        personId,
        detail: {
          startedOn: body.startedOn,
          afterHospitalDischarge: dischargedOn !== null,
          dischargedOn,
          requestId: body.requestId ?? null,
        },
      })
      return (await findEpisode(tx, user.councilId, id)) as StoredEpisode
    })
  } catch (error) {
    // Two starts at once: the one-open-episode index stops the second.
    if ((error as { code?: string }).code === '23505') throw alreadyOpen()
    throw error
  }
}

const alreadyOpen = (episodeId?: string) =>
  conflict('This person already has a reablement episode that has not ended', episodeId ? { episodeId } : {})

/**
 * Reads one episode, auditing the read unless told not to (a form shown again
 * after a mistake is not a new read).
 *
 * @example
 * const episode = await readEpisode(database, user, id)
 */
export async function readEpisode(
  database: Database,
  user: CurrentUser,
  id: string,
  options: { audit?: boolean } = {},
): Promise<StoredEpisode> {
  return database.db.transaction().execute(async (tx) => {
    const episode = await findEpisode(tx, user.councilId, id)
    if (!episode) throw notFound('Reablement episode')
    if (options.audit !== false) {
      await recordAuditBy(tx, user, {
        action: 'read',
        recordType: 'reablement',
        recordId: id,
        personId: episode.personId,
      })
    }
    return episode
  })
}

/**
 * A person's episodes, newest first, auditing the read.
 *
 * @example
 * const episodes = await readEpisodesForPerson(database, user, personId)
 */
export async function readEpisodesForPerson(database: Database, user: CurrentUser, personId: string) {
  return database.db.transaction().execute(async (tx) => {
    await personForUser(tx, user, personId)
    const episodes = await listEpisodesForPerson(tx, user.councilId, personId)
    await recordAuditBy(tx, user, {
      action: 'read',
      recordType: 'reablement',
      personId,
      detail: { list: episodes.length },
    })
    return episodes
  })
}

/**
 * Ends an open episode with its sequel: the CLD Service event ends with the
 * sequel's event outcome, and a request that led to it closes unless more
 * support is to be arranged. An episode ends once (409 after).
 *
 * @example
 * await endReablement(database, user, id, { endedOn: '2026-06-12', sequel: 'no_ongoing_support' }, today, now)
 */
export async function endReablement(
  database: Database,
  user: CurrentUser,
  id: string,
  input: unknown,
  today: string,
  now: Date,
): Promise<StoredEpisode> {
  return database.db.transaction().execute(async (tx) => {
    const episode = await findEpisode(tx, user.councilId, id, { forUpdate: true })
    if (!episode) throw notFound('Reablement episode')
    if (episode.endedOn)
      throw conflict('This reablement episode has already ended', { endedOn: episode.endedOn })
    const body = parseInput(endEpisodeSchema(episode.startedOn, today), input)
    const sequel = sequelFor(body.sequel)
    if (!sequel) throw notFound('Sequel')
    const ended = await endEpisode(tx, user.councilId, id, {
      endedOn: body.endedOn,
      sequel: sequel.code,
      eventOutcome: sequel.eventOutcome,
      endedBy: user.id,
      at: now,
    })
    if (!ended) throw conflict('This reablement episode has already ended')
    await updateEventForRecord(tx, user.councilId, id, {
      event_end_on: body.endedOn,
      event_outcome: sequel.eventOutcome,
    })
    const closesRequest = Boolean(episode.requestId && sequel.closesRequest)
    if (closesRequest) await closeRequest(tx, user.councilId, episode.requestId as string, body.endedOn)
    await recordAuditBy(tx, user, {
      action: 'update',
      recordType: 'reablement',
      recordId: id,
      personId: episode.personId,
      detail: {
        change: 'end',
        endedOn: body.endedOn,
        sequel: sequel.code,
        eventOutcome: sequel.eventOutcome,
        closedRequestId: closesRequest ? episode.requestId : null,
      },
    })
    return (await findEpisode(tx, user.councilId, id)) as StoredEpisode
  })
}

/**
 * Records where someone was 91 days after the hospital discharge their
 * episode followed. Recorded once (409 after), on or after the day it is due.
 *
 * @example
 * await recordCheck(database, user, episodeId, { result: 'at_home', checkedOn: '2026-08-30' }, today, now)
 */
export async function recordCheck(
  database: Database,
  user: CurrentUser,
  id: string,
  input: unknown,
  today: string,
  now: Date,
): Promise<StoredEpisode> {
  return database.db.transaction().execute(async (tx) => {
    const episode = await findEpisode(tx, user.councilId, id, { forUpdate: true })
    if (!episode) throw notFound('Reablement episode')
    if (!episode.check) {
      throw conflict('This reablement did not follow a hospital discharge, so it has no at-home check')
    }
    if (episode.check.result) {
      throw conflict('The at-home check has already been recorded', { result: episode.check.result })
    }
    const body = parseInput(atHomeCheckSchema(episode.check.dueOn, today), input)
    const recorded = await recordAtHomeCheck(tx, user.councilId, id, {
      result: body.result,
      checkedOn: body.checkedOn,
      checkedBy: user.id,
      at: now,
    })
    if (!recorded) throw conflict('The at-home check has already been recorded')
    await recordAuditBy(tx, user, {
      action: 'update',
      recordType: 'reablement',
      recordId: id,
      personId: episode.personId,
      detail: { change: 'at-home check', result: body.result, checkedOn: body.checkedOn },
    })
    return (await findEpisode(tx, user.councilId, id)) as StoredEpisode
  })
}

/**
 * The council's reablement at a glance: open episodes (longest running
 * first), at-home checks due or overdue, and those coming up. The read is
 * audited.
 *
 * @example
 * const { open, checksDue, checksComingUp } = await readReablementList(database, user, today)
 */
export async function readReablementList(database: Database, user: CurrentUser, today: string) {
  return database.db.transaction().execute(async (tx) => {
    const open = await listOpenEpisodes(tx, user.councilId)
    const waiting = await listChecksDueBy(tx, user.councilId, addDays(today, AT_HOME_CHECK_UPCOMING_DAYS))
    const stateOf = (e: StoredEpisode) => atHomeCheckState(e.check as { dueOn: string; result: null }, today)
    const checksDue = waiting.filter((e) => stateOf(e) !== 'not yet due')
    const checksComingUp = waiting.filter((e) => stateOf(e) === 'not yet due')
    await recordAuditBy(tx, user, {
      action: 'read',
      recordType: 'reablement-list',
      detail: { open: open.length, checksDue: checksDue.length, checksComingUp: checksComingUp.length },
    })
    return { open, checksDue, checksComingUp }
  })
}

/**
 * An episode as the API gives it: camelCase, with its state, its sequel in
 * words and its at-home check.
 *
 * @example
 * reply.code(201).send(episodeJson(episode, today))
 */
export function episodeJson(episode: StoredEpisode, today: string) {
  const sequel = sequelFor(episode.sequel)
  return {
    id: episode.id,
    personId: episode.personId,
    personName: episode.personName,
    personDiedOn: episode.personDiedOn,
    requestId: episode.requestId,
    startedOn: episode.startedOn,
    plannedEndOn: episode.plannedEndOn,
    provider: episode.provider,
    afterHospitalDischarge: episode.dischargedOn !== null,
    dischargedOn: episode.dischargedOn,
    withinAscof2dWindow: episode.dischargedOn
      ? withinAscof2dWindow(episode.startedOn, episode.dischargedOn)
      : null,
    endedOn: episode.endedOn,
    status: episodeState(episode, today),
    days: episodeDays(episode, today),
    sequel: sequel ? { code: sequel.code, label: sequel.label } : null,
    eventOutcome: episode.eventOutcome,
    ongoingLowLevelSupport: sequel ? sequel.ongoingLowLevelSupport : null,
    longTermSupport: sequel ? sequel.longTermSupport : null,
    atHomeCheck: episode.check
      ? {
          dueOn: episode.check.dueOn,
          status: atHomeCheckState(episode.check, today),
          result: episode.check.result,
          resultText: atHomeCheckResultLabel(episode.check.result) || null,
          checkedOn: episode.check.checkedOn,
        }
      : null,
    createdBy: episode.createdBy,
    createdAt: episode.createdAt,
  }
}
