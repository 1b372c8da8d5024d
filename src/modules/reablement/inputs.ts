import { z } from 'zod'
import { type DateInput, isoDateOf, pastOrToday } from '../../kernel/date-input.ts'
import { formatDate } from '../../kernel/dates.ts'
import { absent } from '../../kernel/validation.ts'
import { AT_HOME_CHECK_RESULT_CODES, dischargeProblem } from './rules.ts'
import { SEQUEL_CODES } from './sequels.ts'

/*
 * What the forms and the API send, checked. A rule that compares two fields
 * (an end on or after a start) is built into the later field's schema from
 * the earlier one's value, so every problem is reported at once, each against
 * its own field.
 */

export const PROVIDER_MAX = 200

/** The dates these forms take, as their date inputs and their messages name them. */
export const START_DATE: DateInput = {
  field: 'startedOn',
  name: 'Date reablement started',
  missing: 'Enter the date reablement started',
}
export const PLANNED_END_DATE: DateInput = {
  field: 'plannedEndOn',
  name: 'Planned end date',
  missing: 'Enter the planned end date',
  optional: true,
}
/** Left blank when reablement did not follow a hospital stay; the schema asks for it when it did. */
export const DISCHARGE_DATE: DateInput = {
  field: 'dischargedOn',
  name: 'Date they left hospital',
  missing: 'Enter the date they left hospital',
  optional: true,
}
export const END_DATE: DateInput = {
  field: 'endedOn',
  name: 'Date reablement ended',
  missing: 'Enter the date reablement ended',
}
export const CHECK_DATE: DateInput = {
  field: 'checkedOn',
  name: 'Date of the check',
  missing: 'Enter the date of the check',
}

/** Radios send 'yes' or 'no'; the API sends a boolean. */
const yesNo = (value: unknown) => {
  const cleaned = absent(value)
  if (cleaned === 'yes' || cleaned === 'true') return true
  if (cleaned === 'no' || cleaned === 'false') return false
  return cleaned
}

const startedOnSchema = (today: string) => z.preprocess(absent, pastOrToday(START_DATE, today))

const afterDischargeSchema = z.preprocess(
  yesNo,
  z.boolean({ error: 'Choose yes if reablement followed a stay in hospital' }),
)

/** The request an episode may come from, as far as checking it needs. */
export interface RequestForEpisode {
  requestedOn: string
  triageOutcome: string | null
  closedOn: string | null
}

/**
 * Starting a reablement episode. `request` is what was found for the
 * requestId sent (null when it names none of this person's requests).
 *
 * @example
 * parseInput(startEpisodeSchema('2026-06-15', { startedOn: '2026-06-01', afterHospitalDischarge: false }), body)
 */
export const startEpisodeSchema = (
  today: string,
  given: { startedOn?: string; afterHospitalDischarge?: boolean; request?: RequestForEpisode | null } = {},
) =>
  z.object({
    startedOn: startedOnSchema(today).refine((day) => !given.request || day >= given.request.requestedOn, {
      error: 'Date reablement started must be on or after the date of the request',
    }),
    plannedEndOn: z.preprocess(
      absent,
      isoDateOf(PLANNED_END_DATE)
        .refine((day) => !given.startedOn || day >= given.startedOn, {
          error: 'Planned end date must be on or after the date reablement started',
        })
        .optional(),
    ),
    provider: z.preprocess(
      absent,
      z
        .string({ error: 'Enter the provider as text' })
        .max(PROVIDER_MAX, { error: `Provider must be ${PROVIDER_MAX} characters or fewer` })
        .optional(),
    ),
    afterHospitalDischarge: afterDischargeSchema,
    // Only read when reablement followed a discharge: the form always shows it.
    dischargedOn:
      given.afterHospitalDischarge === true
        ? z.preprocess(
            absent,
            pastOrToday(DISCHARGE_DATE, today).superRefine((day, ctx) => {
              const problem = given.startedOn ? dischargeProblem(given.startedOn, day) : undefined
              if (problem) ctx.addIssue({ code: 'custom', message: problem })
            }),
          )
        : z
            .unknown()
            .optional()
            .transform(() => undefined),
    requestId: z.preprocess(
      absent,
      z
        .uuid({ error: 'Choose one of this person’s requests' })
        .superRefine((_id, ctx) => {
          if (!given.request)
            ctx.addIssue({ code: 'custom', message: 'Choose one of this person’s requests' })
          else if (given.request.closedOn) {
            ctx.addIssue({
              code: 'custom',
              message: 'That request is closed: choose an open request, or none',
            })
          } else if (given.request.triageOutcome !== 'Progress to reablement/ST-Max') {
            ctx.addIssue({ code: 'custom', message: 'That request was not triaged to reablement' })
          }
        })
        .optional(),
    ),
  })

export type StartEpisodeInput = z.output<ReturnType<typeof startEpisodeSchema>>

/**
 * The values the rest of the start schema depends on, read leniently (a bad
 * value is reported by the full schema).
 *
 * @example
 * startAnchors({ startedOn: '2026-06-01', afterHospitalDischarge: 'yes' }, '2026-06-15')
 * // { startedOn: '2026-06-01', afterHospitalDischarge: true, requestId: undefined }
 */
export function startAnchors(input: unknown, today: string) {
  const raw = (input ?? {}) as Record<string, unknown>
  const requestId = z.preprocess(absent, z.uuid()).safeParse(raw.requestId)
  return {
    startedOn: startedOnSchema(today).safeParse(raw.startedOn).data,
    afterHospitalDischarge: afterDischargeSchema.safeParse(raw.afterHospitalDischarge).data,
    requestId: requestId.success ? requestId.data : undefined,
  }
}

/**
 * Ending an episode: the day it ended and what happened next.
 *
 * @example
 * parseInput(endEpisodeSchema('2026-05-01', '2026-06-15'), { endedOn: '2026-06-10', sequel: 'no_ongoing_support' })
 */
export const endEpisodeSchema = (startedOn: string, today: string) =>
  z.object({
    endedOn: z.preprocess(
      absent,
      pastOrToday(END_DATE, today).refine((day) => day >= startedOn, {
        error: 'Date reablement ended must be on or after the date it started',
      }),
    ),
    sequel: z.preprocess(
      absent,
      z.enum(SEQUEL_CODES, { error: 'Choose what happened when reablement ended' }),
    ),
  })

/**
 * The at-home check: where they were 91 days after leaving hospital, recorded
 * on or after that day.
 *
 * @example
 * parseInput(atHomeCheckSchema('2026-06-01', '2026-06-15'), { result: 'at_home', checkedOn: '2026-06-02' })
 */
export const atHomeCheckSchema = (dueOn: string, today: string) =>
  z.object({
    result: z.preprocess(
      absent,
      z.enum(AT_HOME_CHECK_RESULT_CODES, { error: 'Choose where they were 91 days after leaving hospital' }),
    ),
    checkedOn: z.preprocess(
      absent,
      pastOrToday(CHECK_DATE, today).refine((day) => day >= dueOn, {
        error: `Date of the check must be on or after ${formatDate(dueOn)}, 91 days after they left hospital`,
      }),
    ),
  })
