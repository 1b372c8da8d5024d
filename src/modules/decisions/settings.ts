import { z } from 'zod'
import { daysBetween, isoDay } from '../../kernel/dates.ts'
import { type FieldError, ValidationProblem } from '../../kernel/problem.ts'
import { fieldErrors } from '../../kernel/validation.ts'

/**
 * The council's decision settings: how many days a funding request may wait
 * before it is flagged overdue, and the staff minutes each step of deciding
 * takes when no one recorded the actual time. Pure: data in, data out.
 */
export interface DecisionSettings {
  /** A request waiting more than this many days is overdue. */
  escalationDays: number
  /** Preparing and submitting a request, at any level. */
  submissionMinutes: number
  /** A team manager reading and deciding a request. */
  teamManagerMinutes: number
  /** A head of service reading and deciding a request. */
  headOfServiceMinutes: number
  /** Preparing a request's panel paper when it is put on an agenda. */
  panelPreparationMinutes: number
  /** Each member's time on one item at a sitting: the item costs this × the members. */
  panelSittingMinutesPerMember: number
  /** Members assumed for a panel decision recorded outside a meeting. */
  panelMembers: number
}

/** ASCEND's defaults, used until the council saves its own. */
export const DEFAULT_DECISION_SETTINGS: DecisionSettings = {
  escalationDays: 28,
  submissionMinutes: 30,
  teamManagerMinutes: 20,
  headOfServiceMinutes: 30,
  panelPreparationMinutes: 60,
  panelSittingMinutesPerMember: 15,
  panelMembers: 4,
}

/** The settings' fields in the order the form shows them, with their labels. */
export const SETTING_FIELDS: { name: keyof DecisionSettings; label: string; hint: string; suffix: string }[] =
  [
    {
      name: 'escalationDays',
      label: 'Days a request may wait before it is overdue',
      hint: 'Requests waiting longer are flagged overdue in the queues',
      suffix: 'days',
    },
    {
      name: 'submissionMinutes',
      label: 'Preparing and submitting a request',
      hint: 'The practitioner’s time, for every route',
      suffix: 'minutes',
    },
    {
      name: 'teamManagerMinutes',
      label: 'A team manager’s decision',
      hint: 'Reading the plan and deciding',
      suffix: 'minutes',
    },
    {
      name: 'headOfServiceMinutes',
      label: 'A head of service’s decision',
      hint: 'Reading the plan and deciding',
      suffix: 'minutes',
    },
    {
      name: 'panelPreparationMinutes',
      label: 'Preparing a panel paper',
      hint: 'Each time a request is put on a panel’s agenda',
      suffix: 'minutes',
    },
    {
      name: 'panelSittingMinutesPerMember',
      label: 'Panel sitting, for each member',
      hint: 'An item costs this for every member of the meeting',
      suffix: 'minutes',
    },
    {
      name: 'panelMembers',
      label: 'Members of a panel when no meeting is recorded',
      hint: 'Used for a panel decision recorded outside a meeting',
      suffix: 'members',
    },
  ]

const whole = (what: string, max: number) =>
  z
    .int({ error: `Enter ${what} as a whole number` })
    .min(0, { error: `${upperFirst(what)} must be 0 or more` })
    .max(max, { error: `${upperFirst(what)} must be ${max.toLocaleString('en-GB')} or fewer` })

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The settings as the API takes them: every field is required. */
export const decisionSettingsSchema = z.object({
  escalationDays: whole('the days', 365)
    .min(1, { error: 'The days must be 1 or more' })
    .meta({ description: 'Days a request may wait before it is overdue' }),
  submissionMinutes: whole('the minutes to submit', 1440),
  teamManagerMinutes: whole('the minutes for a team manager', 1440),
  headOfServiceMinutes: whole('the minutes for a head of service', 1440),
  panelPreparationMinutes: whole('the minutes to prepare a panel paper', 1440),
  panelSittingMinutesPerMember: whole('the minutes for each panel member', 1440),
  panelMembers: whole('the members', 30).min(1, { error: 'The members must be 1 or more' }),
})

/**
 * Checks settings, or throws a ValidationProblem with one message per field.
 *
 * @example
 * const settings = parseDecisionSettings({ ...DEFAULT_DECISION_SETTINGS, escalationDays: 21 })
 */
export function parseDecisionSettings(body: unknown): DecisionSettings {
  const result = decisionSettingsSchema.safeParse(body ?? {})
  if (!result.success) throw new ValidationProblem(fieldErrors(result.error))
  return result.data
}

/**
 * Settings as stored, completed with the defaults for any field missing
 * (settings saved before a field existed).
 *
 * @example
 * settingsOf({ escalationDays: 21 }).teamManagerMinutes // 20
 */
export function settingsOf(stored: unknown): DecisionSettings {
  const given = (stored && typeof stored === 'object' ? stored : {}) as Partial<DecisionSettings>
  const settings = { ...DEFAULT_DECISION_SETTINGS }
  for (const { name } of SETTING_FIELDS) {
    const value = given[name]
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) settings[name] = value
  }
  return settings
}

/**
 * The settings form's text as settings: a field left blank or not a whole
 * number gets its own message, named by the form's field.
 *
 * @example
 * const settings = settingsFromForm({ escalationDays: '21', submissionMinutes: '30', ... })
 */
export function settingsFromForm(form: Record<string, string | undefined>): DecisionSettings {
  const errors: FieldError[] = []
  const body: Record<string, unknown> = {}
  for (const { name, label } of SETTING_FIELDS) {
    const text = (form[name] ?? '').trim()
    if (text === '') errors.push({ field: name, message: `Enter ${lowerFirst(label)}` })
    else if (!/^\d+$/.test(text))
      errors.push({ field: name, message: `${label}: enter a whole number, like 20` })
    else body[name] = Number(text)
  }
  try {
    const settings = parseDecisionSettings(body)
    if (errors.length) throw new ValidationProblem(errors)
    return settings
  } catch (error) {
    if (!(error instanceof ValidationProblem)) throw error
    const more = error.errors.filter((e) => !errors.some((x) => x.field === e.field))
    throw new ValidationProblem([...errors, ...more])
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

/**
 * Calendar days a request has waited since the day it was submitted (0 on that day).
 *
 * @example
 * daysWaiting(new Date('2026-06-01T16:00:00Z'), new Date('2026-06-15T09:00:00Z')) // 14
 */
export function daysWaiting(submittedAt: Date, now: Date): number {
  return Math.max(0, daysBetween(isoDay(submittedAt), isoDay(now)))
}

/**
 * Whether a waiting request is overdue: waiting more days than the council allows.
 *
 * @example
 * isOverdue(29, { ...DEFAULT_DECISION_SETTINGS, escalationDays: 28 }) // true
 */
export function isOverdue(days: number, settings: Pick<DecisionSettings, 'escalationDays'>): boolean {
  return days > settings.escalationDays
}
