import { z } from 'zod'
import { EVENT_OUTCOMES, matchCode, REQUEST_ROUTES_OF_ACCESS } from '../../kernel/code-lists/cld.ts'
import { type DateInput, pastOrToday } from '../../kernel/date-input.ts'
import { blankToUndefined } from '../../kernel/validation.ts'
import { TRIAGE_OUTCOMES } from './rules.ts'

export const WHAT_WAS_ASKED_MAX = 2000

/** The date of a request, as its date input and its messages name it. */
export const REQUEST_DATE: DateInput = {
  field: 'requestedOn',
  name: 'Date of the request',
  missing: 'Enter the date of the request',
}

/** The date of triage, as its date input and its messages name it. */
export const TRIAGE_DATE: DateInput = {
  field: 'triagedOn',
  name: 'Date of triage',
  missing: 'Enter the date of triage',
}

/** Accepts a code list value in any of the spellings councils use, stored as the code. */
const codeFrom = (list: readonly string[]) => (value: unknown) => {
  const cleaned = blankToUndefined(value)
  return typeof cleaned === 'string' ? (matchCode(list, cleaned) ?? cleaned) : cleaned
}

const optionalUuid = (message: string) =>
  z.preprocess(blankToUndefined, z.uuid({ error: message }).optional())

/**
 * A request for support, as the form and the API send it.
 *
 * @example
 * parseInput(newRequestSchema('2026-06-15'), { requestedOn: '2026-06-01', routeOfAccess: 'Prison', whatWasAsked: '…' })
 */
export const newRequestSchema = (today: string) =>
  z.object({
    requestedOn: z.preprocess(blankToUndefined, pastOrToday(REQUEST_DATE, today)),
    routeOfAccess: z.preprocess(
      codeFrom(REQUEST_ROUTES_OF_ACCESS),
      z.enum(REQUEST_ROUTES_OF_ACCESS, { error: 'Choose how the request came in' }),
    ),
    whatWasAsked: z.preprocess(
      blankToUndefined,
      z.string({ error: 'Enter what was asked for' }).max(WHAT_WAS_ASKED_MAX, {
        error: `What was asked for must be ${WHAT_WAS_ASKED_MAX} characters or fewer`,
      }),
    ),
    teamId: optionalUuid('Choose a team from the list'),
  })

/**
 * A triage decision: a CLD event outcome and the date it was made, which is
 * on or after the request and not in the future.
 *
 * @example
 * parseInput(triageSchema('2026-06-01', '2026-06-15'), { triageOutcome: 'NFA: Other', triagedOn: '2026-06-02' })
 */
export const triageSchema = (requestedOn: string, today: string) =>
  z.object({
    // Matched against the whole code list, whose Release 1 spellings map to it.
    triageOutcome: z.preprocess(
      codeFrom(EVENT_OUTCOMES),
      z.enum(TRIAGE_OUTCOMES, { error: 'Choose the outcome of triage' }),
    ),
    triagedOn: z.preprocess(
      blankToUndefined,
      pastOrToday(TRIAGE_DATE, today).refine((day) => day >= requestedOn, {
        error: 'Date of triage must be on or after the date of the request',
      }),
    ),
  })

/**
 * An allocation: a team, and a worker in it (none puts the request in the
 * team's queue).
 *
 * @example
 * parseInput(allocationSchema, { teamId, workerId })
 */
export const allocationSchema = z.object({
  teamId: z.preprocess(blankToUndefined, z.uuid({ error: 'Choose a team' })),
  workerId: optionalUuid('Choose a worker in this team'),
})
