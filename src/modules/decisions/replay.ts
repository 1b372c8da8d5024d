/**
 * What another scheme of delegation would have done with a period's real
 * requests (DESIGN.md capability 12a): each request routed again by the
 * scheme, and where it would have gone somewhere else, its days, staff time
 * and money estimated from what the council's own decisions at that level
 * took in the same period. A request that stays where it went keeps what
 * really happened. The estimates assume a level treats the requests it
 * gains as it treated its own: as quickly, with as much time, amending as
 * often and by as much. Pure: requests and schemes in, figures out.
 */
import { WEEKS_IN_YEAR } from '../plans/plan-costs.ts'
import { type DecidedRequest, daysToDecision, median, stepMinutes } from './decision-cost.ts'
import {
  AUTHORITY_LEVELS,
  type AuthorityLevel,
  type DelegationScheme,
  levelRank,
  type RoutingFacts,
  routeFundingRequest,
} from './delegation.ts'
import type { DecisionSettings } from './settings.ts'

/** A decided request with what routing reads of its plan. */
export interface ReplayedRequest extends DecidedRequest {
  facts: RoutingFacts
}

/** What one request cost: days to decision, staff minutes, and the yearly money its amendment changed. */
interface RequestCost {
  days: number | null
  minutes: number
  annualChangePence: number
  refused: boolean
}

/** A level's typical request in the period, from the requests decided there. */
interface LevelHistory {
  decided: number
  medianDays: number | null
  meanMinutes: number
  meanAnnualChangePence: number
}

export interface LevelFigures {
  level: AuthorityLevel
  requests: number
  staffHours: number
  /** Median days to decision over the requests whose days are known. */
  medianDays: number | null
  annualChangePence: number
  refused: number
}

export interface Replay {
  decided: number
  asDecided: { levels: LevelFigures[]; all: Omit<LevelFigures, 'level'> }
  underScheme: { levels: LevelFigures[]; all: Omit<LevelFigures, 'level'> }
  /** Requests that would have gone to another level, by where from and where to (from ≠ to). */
  moves: { from: AuthorityLevel; to: AuthorityLevel; requests: number }[]
  /** Requests that would go to a level that decided none in the period: their days are not known. */
  withoutHistory: number
  /** Requests refused as decided that the practitioner would have approved themselves under the scheme. */
  refusedNowDelegated: number
}

function actualCost(request: DecidedRequest, settings: DecisionSettings): RequestCost {
  const minutes = request.steps.reduce((sum, step) => sum + stepMinutes(step, settings).minutes, 0)
  const annualChangePence =
    request.status === 'amended' && request.approvedWeeklyPence !== null
      ? (request.approvedWeeklyPence - request.weeklyCostPence) * WEEKS_IN_YEAR
      : 0
  return {
    days: daysToDecision(request.submittedAt, request.decidedAt),
    minutes,
    annualChangePence,
    refused: request.status === 'refused',
  }
}

/**
 * A level's typical request: from those decided there, else, for a level that
 * decided none, the council's default minutes for submitting and deciding
 * there, no amendments and days not known.
 */
function historyOf(
  level: AuthorityLevel,
  costs: readonly { route: AuthorityLevel; cost: RequestCost }[],
  settings: DecisionSettings,
): LevelHistory {
  const here = costs.filter((c) => c.route === level).map((c) => c.cost)
  if (here.length === 0) {
    const decision = stepMinutes({ step: 'approved', level, minutes: null }, settings).minutes
    const paper = level === 'panel' ? settings.panelPreparationMinutes : 0
    return {
      decided: 0,
      medianDays: level === 'practitioner' ? 0 : null,
      meanMinutes: settings.submissionMinutes + paper + decision,
      meanAnnualChangePence: 0,
    }
  }
  const mean = (pick: (c: RequestCost) => number) => here.reduce((sum, c) => sum + pick(c), 0) / here.length
  return {
    decided: here.length,
    medianDays: median(here.map((c) => c.days as number)),
    meanMinutes: mean((c) => c.minutes),
    meanAnnualChangePence: mean((c) => c.annualChangePence),
  }
}

function figures(level: AuthorityLevel | null, rows: readonly RequestCost[]) {
  const known = rows.filter((r) => r.days !== null).map((r) => r.days as number)
  return {
    ...(level === null ? {} : { level }),
    requests: rows.length,
    staffHours: rows.reduce((sum, r) => sum + r.minutes, 0) / 60,
    medianDays: median(known),
    annualChangePence: Math.round(rows.reduce((sum, r) => sum + r.annualChangePence, 0)),
    refused: rows.filter((r) => r.refused).length,
  }
}

function byLevel(rows: readonly { level: AuthorityLevel; cost: RequestCost }[]) {
  return {
    levels: AUTHORITY_LEVELS.map(
      (level) =>
        figures(
          level,
          rows.filter((r) => r.level === level).map((r) => r.cost),
        ) as LevelFigures,
    ),
    all: figures(
      null,
      rows.map((r) => r.cost),
    ) as Omit<LevelFigures, 'level'>,
  }
}

/**
 * Replays decided requests under a scheme. A request routed elsewhere takes
 * its new level's typical days, staff minutes and yearly change (the mean
 * over the level's requests, amended or not; nothing for the practitioner,
 * who approves their own), and is not counted as refused: whether another
 * level would have refused it is not estimated.
 *
 * @example
 * const replay = replayRequests(requests, proposedScheme, settings)
 * replay.underScheme.all.staffHours - replay.asDecided.all.staffHours // hours saved (negative) or added
 */
export function replayRequests(
  requests: readonly ReplayedRequest[],
  scheme: DelegationScheme,
  settings: DecisionSettings,
): Replay {
  const actual = requests.map((r) => ({ route: r.route, cost: actualCost(r, settings) }))
  const histories = new Map(AUTHORITY_LEVELS.map((level) => [level, historyOf(level, actual, settings)]))
  const moves = new Map<string, number>()
  let withoutHistory = 0
  let refusedNowDelegated = 0
  const replayed = requests.map((request, i) => {
    const was = actual[i] as (typeof actual)[number]
    const level = routeFundingRequest(scheme, request.facts).level
    if (level === request.route) return { level, cost: was.cost }
    moves.set(`${request.route}>${level}`, (moves.get(`${request.route}>${level}`) ?? 0) + 1)
    if (level === 'practitioner' && was.cost.refused) refusedNowDelegated++
    const history = histories.get(level) as LevelHistory
    if (history.medianDays === null) withoutHistory++
    return {
      level,
      cost: {
        days: history.medianDays,
        minutes: history.meanMinutes,
        annualChangePence: history.meanAnnualChangePence,
        refused: false,
      },
    }
  })
  return {
    decided: requests.length,
    asDecided: byLevel(actual.map((a) => ({ level: a.route, cost: a.cost }))),
    underScheme: byLevel(replayed),
    moves: [...moves]
      .map(([key, count]) => {
        const [from, to] = key.split('>') as [AuthorityLevel, AuthorityLevel]
        return { from, to, requests: count }
      })
      .sort((a, b) => levelRank(b.from) - levelRank(a.from) || levelRank(b.to) - levelRank(a.to)),
    withoutHistory,
    refusedNowDelegated,
  }
}
