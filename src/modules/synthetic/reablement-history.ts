/**
 * A synthetic council's last year of reablement as the reablement module
 * records it: an episode for each reablement (CLD ST-Max) Service event that
 * started in the year, with the request triaged to it, the hospital
 * discharge it followed, its planned end, and, once ended, its sequel; and
 * for each episode after a discharge, the at-home check 91 days on (done
 * for most whose day has come, some still waiting and overdue).
 *
 * Pure and deterministic, with its own random stream. It links each episode's
 * Service event to the episode.
 */
import { addDays } from '../../kernel/dates.ts'
import { AT_HOME_CHECK_DAYS, USUAL_REABLEMENT_DAYS } from '../reablement/rules.ts'
import type { GeneratedCouncil, SyntheticEvent } from './generate-council.ts'
import type { Random } from './random.ts'

export interface SyntheticEpisode {
  person: number
  request: number | null
  started_on: string
  planned_end_on: string
  provider: string
  discharged_on: string | null
  ended_on: string | null
  sequel: string | null
  event_outcome: string | null
  created_by: number
  created_at: string
  ended_by: number | null
  ended_at: string | null
}

export interface SyntheticAtHomeCheck {
  episode: number
  person: number
  discharged_on: string
  due_on: string
  result: 'at_home' | 'care_home' | 'died' | 'not_known' | null
  checked_on: string | null
  checked_by: number | null
  checked_at: string | null
}

export interface ReablementHistory {
  episodes: SyntheticEpisode[]
  checks: SyntheticAtHomeCheck[]
}

const PROVIDERS = ['Northside Reablement Team', 'Southside Reablement Team', 'Homeward Reablement (in-house)']

/** The sequel a generated outcome records, and what started after the episode when it says only 'Progress to …'. */
const SEQUEL_OF_OUTCOME: Record<string, string> = {
  'Admitted to hospital': 'admitted_to_hospital',
  'NFA: Deceased': 'died',
  'NFA: Support declined': 'declined',
  'NFA: Support ended as planned': 'no_ongoing_support',
}

/** Share of at-home checks whose day has come that have been recorded. ASSUMED. */
const CHECKED_SHARE = 0.85

const stamp = (day: string, minute: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + minute * 60_000).toISOString()

/**
 * Adds the last year's reablement episodes and at-home checks to a generated council.
 *
 * @example
 * const reablement = addReablementHistory(council, createRandom(seed + 2_000_003))
 * reablement.episodes.length // one per reablement that started in the year
 */
export function addReablementHistory(council: GeneratedCouncil, random: Random): ReablementHistory {
  const out: ReablementHistory = { episodes: [], checks: [] }
  const asOf = council.asOf
  const from = addDays(asOf, -364)
  const servicesOf = new Map<number, SyntheticEvent[]>()
  for (const e of council.events) {
    if (e.event_type === 'Service') servicesOf.set(e.person, [...(servicesOf.get(e.person) ?? []), e])
  }
  const requestOf = new Map<string, number>()
  council.requests.forEach((r, index) => {
    if (r.triage_outcome === 'Progress to reablement/ST-Max' && r.closed_on !== null) {
      requestOf.set(`${r.person}|${r.closed_on}`, index)
    }
  })

  for (const event of council.events) {
    if (event.event_type !== 'Service' || event.service_type !== 'Short term support: ST-Max') continue
    if (event.event_start_on < from || event.event_start_on > asOf) continue
    const requestIndex = requestOf.get(`${event.person}|${event.event_start_on}`) ?? null
    const request = requestIndex === null ? undefined : council.requests[requestIndex]
    const worker = request?.worker ?? practitionerOf(council, random)
    const discharged = request?.route_of_access === 'Discharge from Hospital' ? request.requested_on : null
    const ended = event.event_end_on
    const sequel = ended === null ? null : sequelOf(event, servicesOf.get(event.person) ?? [])
    const index = out.episodes.length
    out.episodes.push({
      person: event.person,
      request: requestIndex,
      started_on: event.event_start_on,
      planned_end_on: addDays(event.event_start_on, USUAL_REABLEMENT_DAYS),
      provider: random.pick(PROVIDERS),
      discharged_on: discharged,
      ended_on: ended,
      sequel,
      event_outcome: ended === null ? null : event.event_outcome,
      created_by: worker,
      created_at: stamp(event.event_start_on, random.int(9 * 60, 12 * 60)),
      ended_by: ended === null ? null : worker,
      ended_at: ended === null ? null : stamp(ended, random.int(13 * 60, 17 * 60)),
    })
    event.source = { table: 'reablement_episodes', index }
    if (discharged !== null) {
      out.checks.push(
        check(council, random, index, event, discharged, worker, servicesOf.get(event.person) ?? []),
      )
    }
  }
  return out
}

/** What followed an ended episode, in the reablement module's words. */
function sequelOf(event: SyntheticEvent, services: readonly SyntheticEvent[]): string {
  const direct = SEQUEL_OF_OUTCOME[event.event_outcome ?? '']
  if (direct) return direct
  const end = event.event_end_on as string
  const next = services.find(
    (s) => s !== event && s.event_start_on >= end && s.event_start_on <= addDays(end, 7),
  )
  if (next?.service_type === 'Short term support: Ongoing low level') return 'ongoing_low_level'
  if (next?.service_type === 'Short term support: Other short term') return 'other_short_term'
  if (next === undefined && event.event_outcome !== 'Progress to support planning or services') {
    return 'ended_other_reason'
  }
  return 'long_term_support'
}

function check(
  council: GeneratedCouncil,
  random: Random,
  episode: number,
  event: SyntheticEvent,
  dischargedOn: string,
  worker: number,
  services: readonly SyntheticEvent[],
): SyntheticAtHomeCheck {
  const dueOn = addDays(dischargedOn, AT_HOME_CHECK_DAYS)
  const checkedOn = addDays(dueOn, random.int(0, 10))
  const done = checkedOn <= council.asOf && random.chance(CHECKED_SHARE)
  const person = council.people[event.person]
  const died =
    person?.date_of_death !== null && person?.date_of_death !== undefined && person.date_of_death <= dueOn
  const inCareHome = services.some(
    (e) =>
      (e.service_type === 'Long term support: Residential care' ||
        e.service_type === 'Long term support: Nursing care') &&
      e.event_start_on <= dueOn &&
      (e.event_end_on === null || e.event_end_on >= dueOn),
  )
  const result = died ? 'died' : inCareHome ? 'care_home' : random.chance(0.03) ? 'not_known' : 'at_home'
  return {
    episode,
    person: event.person,
    discharged_on: dischargedOn,
    due_on: dueOn,
    result: done ? result : null,
    checked_on: done ? checkedOn : null,
    checked_by: done ? worker : null,
    checked_at: done ? stamp(checkedOn, random.int(9 * 60, 17 * 60)) : null,
  }
}

function practitionerOf(council: GeneratedCouncil, random: Random): number {
  const practitioners = council.workers.flatMap((w, i) => (w.role === 'practitioner' ? [i] : []))
  return random.pick(practitioners)
}
