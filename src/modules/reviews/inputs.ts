import { z } from 'zod'
import {
  EVENT_OUTCOMES,
  METHODS_OF_REVIEW,
  matchCode,
  REVIEW_OUTCOMES_ACHIEVED,
  REVIEW_REASONS,
} from '../../kernel/code-lists/cld.ts'
import { type DateInput, pastOrToday } from '../../kernel/date-input.ts'
import { absent } from '../../kernel/validation.ts'

/*
 * A review as the form and the API send it, in CLD's words. A rule that
 * depends on another field (completed on or after it started; outcomes
 * achieved required for a planned review) is built into the later field's
 * schema from the earlier one's value, so every problem is reported at once.
 */

type EventOutcome = (typeof EVENT_OUTCOMES)[number]

/** The CLD event outcomes a review can end with: Release 2's, less its placeholder for Release 1 data. */
export const REVIEW_EVENT_OUTCOMES = EVENT_OUTCOMES.filter(
  (o) => o !== 'Release 1 specification only: Not mapped',
) as [EventOutcome, ...EventOutcome[]]

/** The review reason that reviews short-term support, not a plan: it does not count for the plan's schedule. */
export const SHORT_TERM_REVIEW_REASON = 'Review of short term support'

export const NOTES_MAX = 4000

export const REVIEW_STARTED_DATE: DateInput = {
  field: 'startedOn',
  name: 'Date the review started',
  missing: 'Enter the date the review started',
}
export const REVIEW_COMPLETED_DATE: DateInput = {
  field: 'completedOn',
  name: 'Date the review was completed',
  missing: 'Enter the date the review was completed',
}

/** Accepts a code list value in any of the spellings councils use, stored as the code. */
const codeFrom = (list: readonly string[]) => (value: unknown) => {
  const cleaned = absent(value)
  return typeof cleaned === 'string' ? (matchCode(list, cleaned) ?? cleaned) : cleaned
}

const reasonSchema = z.preprocess(
  codeFrom(REVIEW_REASONS),
  z.enum(REVIEW_REASONS, { error: 'Choose why the review was done' }),
)
const startedSchema = (today: string) => z.preprocess(absent, pastOrToday(REVIEW_STARTED_DATE, today))

/**
 * A review. `given` holds the reason and start date as sent, when valid.
 *
 * @example
 * parseInput(reviewSchema('2026-06-15', reviewAnchors(body, '2026-06-15')), body)
 */
export const reviewSchema = (today: string, given: { reviewReason?: string; startedOn?: string } = {}) => {
  const outcomes = z.enum(REVIEW_OUTCOMES_ACHIEVED, {
    error: 'Choose whether the outcomes in their plan were met',
  })
  return z.object({
    reviewReason: reasonSchema,
    startedOn: startedSchema(today),
    completedOn: z.preprocess(
      absent,
      pastOrToday(REVIEW_COMPLETED_DATE, today).refine((day) => !given.startedOn || day >= given.startedOn, {
        error: 'Date the review was completed must be on or after the date it started',
      }),
    ),
    // CLD makes Review_Outcomes_Achieved mandatory for planned reviews only.
    outcomesAchieved: z.preprocess(
      codeFrom(REVIEW_OUTCOMES_ACHIEVED),
      given.reviewReason === 'Planned' ? outcomes : outcomes.optional(),
    ),
    methodOfReview: z.preprocess(
      codeFrom(METHODS_OF_REVIEW),
      z.enum(METHODS_OF_REVIEW, { error: 'Choose who took part in the review' }),
    ),
    eventOutcome: z.preprocess(
      codeFrom(EVENT_OUTCOMES),
      z.enum(REVIEW_EVENT_OUTCOMES, { error: 'Choose what happens after the review' }),
    ),
    notes: z.preprocess(
      absent,
      z
        .string({ error: 'Enter what the review found as text' })
        .max(NOTES_MAX, {
          error: `What the review found must be ${NOTES_MAX.toLocaleString('en-GB')} characters or fewer`,
        })
        .optional(),
    ),
  })
}

export type ReviewInput = z.output<ReturnType<typeof reviewSchema>>

/**
 * The values the rest of the review schema depends on, read leniently (a
 * bad value is reported by the full schema).
 *
 * @example
 * reviewAnchors({ reviewReason: 'Planned', startedOn: '2026-06-01' }, '2026-06-15')
 * // { reviewReason: 'Planned', startedOn: '2026-06-01' }
 */
export function reviewAnchors(input: unknown, today: string) {
  const raw = (input ?? {}) as Record<string, unknown>
  return {
    reviewReason: reasonSchema.safeParse(raw.reviewReason).data,
    startedOn: startedSchema(today).safeParse(raw.startedOn).data,
  }
}
