import { z } from 'zod'
import { type DateInput, isoDateOf, readDateInputs } from '../../kernel/date-input.ts'
import { isUuid } from '../../kernel/path-id.ts'
import { type FieldError, ValidationProblem } from '../../kernel/problem.ts'
import { blankToUndefined, fieldErrors } from '../../kernel/validation.ts'

export const MEETING_DATE: DateInput = {
  field: 'meetsOn',
  name: 'Date of the meeting',
  missing: 'Enter the date of the meeting',
}

/** A list of ids (a form sends one as a string), with one message for the whole list. */
const uuidList = (message: string, max: number, tooMany: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? [value] : value),
    z
      .array(z.unknown(), { error: message })
      .min(1, { error: message })
      .max(max, { error: tooMany })
      .refine((list) => list.every(isUuid), { error: message })
      .transform((list) => list as string[]),
  )

/** A new panel meeting, as the API takes it. */
export const meetingBodySchema = z.object({
  meetsOn: z.preprocess(blankToUndefined, isoDateOf(MEETING_DATE)).meta({ description: 'YYYY-MM-DD' }),
  startsAt: z
    .preprocess(
      blankToUndefined,
      z
        .string({ error: 'Enter the time as text, like 10:00' })
        .regex(/^([01]?\d|2[0-3])[:.][0-5]\d$/, { error: 'Enter the time like 10:00 or 14:30' })
        .transform((t) => t.replace('.', ':').padStart(5, '0'))
        .optional(),
    )
    .meta({ description: 'HH:MM, 24-hour clock' }),
  location: z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'Enter the place as text' })
      .max(200, { error: 'The place must be 200 characters or fewer' })
      .optional(),
  ),
  chairId: z.uuid({ error: 'Choose who chairs the meeting' }),
  memberIds: uuidList('Choose the panel members who sit on it', 30, 'Choose at most 30 members').meta({
    description: 'Panel members who sit on it (the chair is added if missing)',
  }),
})

export type MeetingInput = z.output<typeof meetingBodySchema>

/**
 * A new meeting from the API, or a ValidationProblem.
 *
 * @example
 * const meeting = parseMeeting({ meetsOn: '2026-07-01', chairId, memberIds: [chairId, otherId] })
 */
export function parseMeeting(body: unknown): MeetingInput {
  const result = meetingBodySchema.safeParse(body ?? {})
  if (!result.success) throw new ValidationProblem(fieldErrors(result.error))
  return result.data
}

/**
 * The meeting form (a GOV.UK date input, a chair, member checkboxes) as a
 * meeting, or a ValidationProblem whose errors name the form's fields.
 *
 * @example
 * const meeting = meetingFromForm(request.body)
 */
export function meetingFromForm(form: Record<string, unknown>): MeetingInput {
  const dates = readDateInputs(form, [MEETING_DATE])
  const result = meetingBodySchema.safeParse({
    meetsOn: dates.values.meetsOn,
    startsAt: form.startsAt,
    location: form.location,
    chairId: form.chairId || undefined,
    memberIds: form.memberIds ?? [],
  })
  const errors: FieldError[] = [...dates.errors]
  if (!result.success) {
    for (const e of fieldErrors(result.error)) if (!errors.some((x) => x.field === e.field)) errors.push(e)
  }
  if (errors.length || !result.success) throw new ValidationProblem(errors)
  return result.data
}

/** Requests to put on a meeting's agenda. */
export const agendaBodySchema = z.object({
  fundingRequestIds: uuidList(
    'Choose the requests to put on the agenda',
    100,
    'Put at most 100 requests on an agenda at once',
  ),
  minutes: z
    .preprocess(
      (v) =>
        typeof v === 'string' ? (v.trim() === '' ? undefined : /^\d+$/.test(v.trim()) ? Number(v) : v) : v,
      z
        .int({ error: 'Enter the minutes as a whole number' })
        .min(0, { error: 'The minutes must be 0 or more' })
        .max(1440, { error: 'The minutes must be 1,440 (a day) or fewer' })
        .optional(),
    )
    .meta({ description: 'Minutes spent preparing each request’s panel paper, if recorded' }),
})

/** Moving an item to another meeting. */
export const moveBodySchema = z.object({
  meetingId: z.uuid({ error: 'Choose the meeting to move it to' }),
})

/** A meeting's minutes, and whether it has been held. */
export const minutesBodySchema = z.object({
  minutes: z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'Enter the minutes as text' })
      .max(20_000, { error: 'The minutes must be 20,000 characters or fewer' })
      .optional(),
  ),
  held: z
    .preprocess(
      (v) => (v === 'yes' || v === 'true' ? true : v === undefined || v === '' ? false : v),
      z.boolean({
        error: 'Say whether the meeting has been held: true or false',
      }),
    )
    .meta({ description: 'Marks the meeting held (it cannot be unmarked)' }),
})
