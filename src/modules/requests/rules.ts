import { EVENT_OUTCOMES } from '../../kernel/code-lists/cld.ts'

export type TriageOutcome = (typeof TRIAGE_OUTCOMES)[number]

/**
 * The CLD event outcomes a practitioner can give a request at triage: every
 * Release 2 outcome except the one that only exists to carry Release 1 data.
 */
export const TRIAGE_OUTCOMES = EVENT_OUTCOMES.filter(
  (
    outcome,
  ): outcome is Exclude<(typeof EVENT_OUTCOMES)[number], 'Release 1 specification only: Not mapped'> =>
    outcome !== 'Release 1 specification only: Not mapped',
)

/**
 * Whether a triage outcome ends the work the request started. 'No further
 * action' outcomes close it; a 'Progress to …' outcome (and any other) keeps it
 * open for the allocated worker.
 *
 * @example
 * closesRequest('NFA: Information and advice or signposting') // true
 * closesRequest('Progress to assessment, review or reassessment') // false
 */
export const closesRequest = (outcome: string): boolean => outcome.startsWith('NFA')

export type RequestState = 'closed' | 'allocated' | 'unallocated'

/**
 * Where a request stands: closed once its work is done, else allocated when a
 * worker holds it, else waiting in a team's queue.
 *
 * @example
 * requestState({ closedOn: null, workerId: 'u1' }) // 'allocated'
 */
export function requestState(request: { closedOn: string | null; workerId: string | null }): RequestState {
  if (request.closedOn) return 'closed'
  return request.workerId ? 'allocated' : 'unallocated'
}

/**
 * The status as a person reads it on the request page and in lists.
 *
 * @example
 * requestStatusText({ closedOn: null, workerId: 'u1', workerName: 'Sam Okafor', teamName: 'North' })
 * // 'Allocated to Sam Okafor'
 */
export function requestStatusText(request: {
  closedOn: string | null
  workerId: string | null
  workerName: string | null
  teamName: string | null
}): string {
  switch (requestState(request)) {
    case 'closed':
      return 'Closed'
    case 'allocated':
      return `Allocated to ${request.workerName ?? 'a worker'}`
    default:
      return request.teamName ? `Unallocated, in ${request.teamName}’s queue` : 'Unallocated'
  }
}
