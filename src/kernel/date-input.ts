/**
 * GOV.UK date inputs: a date typed as three boxes (day, month, year) on a page,
 * turned into the ISO date (`YYYY-MM-DD`) the API and the schemas take, with
 * the Design System's error messages for the boxes themselves ("Date of the
 * request must include a month"). What the date must be (today or in the past,
 * after another date) is for each schema to say, with the same wording.
 */
import { z } from 'zod'
import type { FieldError } from './problem.ts'
import { isRealDate } from './validation.ts'

export const DATE_PARTS = ['day', 'month', 'year'] as const
export type DatePart = (typeof DATE_PARTS)[number]

/**
 * A date on a form: its field name (the API's, `requestedOn`), what its
 * messages call it, and whether it may be left blank.
 */
export interface DateInput {
  field: string
  /** The date's name at the start of a sentence: 'Date of the request'. */
  name: string
  /** The message when nothing is entered: 'Enter the date of the request'. */
  missing: string
  optional?: boolean
}

/** A date input's error, with the boxes to highlight: the summary links to the first. */
export interface DateInputError extends FieldError {
  parts: DatePart[]
}

/** What a form's date inputs hold: an ISO date (or the text typed) per field, and the boxes' errors. */
export interface DateInputsRead {
  inputs: readonly DateInput[]
  /** Per field: the ISO date, undefined when left blank, or, with an error, the text as typed (never a real ISO date). */
  values: Record<string, string | undefined>
  errors: DateInputError[]
}

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]

/** A month as typed: 1–12 with or without a 0, or its name or first three letters ('Sept' too). */
function monthNumber(text: string): string | undefined {
  if (/^\d{1,2}$/.test(text)) return text.padStart(2, '0')
  const lower = text.toLowerCase().replace(/\.$/, '')
  const index = MONTH_NAMES.findIndex(
    (name) => name === lower || name.slice(0, 3) === lower || (lower === 'sept' && name === 'september'),
  )
  return index < 0 ? undefined : String(index + 1).padStart(2, '0')
}

/**
 * Day, month and year as typed into a GOV.UK date input, as an ISO date (real
 * or not). Wholly blank is undefined; a month may be a name. Anything that is
 * not numbers of the right length comes back as typed, which no ISO date check
 * accepts.
 *
 * @example
 * dateFromParts('7', 'june', '1950') // '1950-06-07'
 * dateFromParts('27', '', '1950') // '1950--27'
 */
export function dateFromParts(day?: string, month?: string, year?: string): string | undefined {
  const parts = [day, month, year].map((part) => (part ?? '').trim())
  if (parts.every((part) => part === '')) return undefined
  const [d, m, y] = parts as [string, string, string]
  const monthDigits = monthNumber(m)
  if (!/^\d{1,2}$/.test(d) || monthDigits === undefined || !/^\d{4}$/.test(y)) return `${y}-${m}-${d}`
  return `${y}-${monthDigits}-${d.padStart(2, '0')}`
}

/**
 * An ISO date split back into a GOV.UK date input's day, month and year.
 *
 * @example
 * datePartsOf('1950-06-07') // { day: '7', month: '6', year: '1950' }
 */
export function datePartsOf(date: string | null | undefined): { day: string; month: string; year: string } {
  if (!date) return { day: '', month: '', year: '' }
  const [year = '', month = '', day = ''] = date.split('-')
  return { day: String(Number(day)), month: String(Number(month)), year }
}

/**
 * A date as a form's values for its date input (`requestedOn-day`, …), to
 * fill the boxes.
 *
 * @example
 * dateInputValues('requestedOn', '2026-06-15')
 * // { 'requestedOn-day': '15', 'requestedOn-month': '6', 'requestedOn-year': '2026' }
 */
export function dateInputValues(field: string, date: string | null | undefined): Record<string, string> {
  const parts = datePartsOf(date)
  return Object.fromEntries(DATE_PARTS.map((part) => [`${field}-${part}`, parts[part]]))
}

const listOfParts = (parts: DatePart[]) =>
  parts.length === 1 ? `a ${parts[0]}` : `a ${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`

/** The GOV.UK checks of the boxes themselves, in the Design System's order. */
function checkBoxes(input: DateInput, typed: Record<DatePart, string>): DateInputError | undefined {
  const blank = DATE_PARTS.filter((part) => typed[part] === '')
  if (blank.length === DATE_PARTS.length) {
    return input.optional ? undefined : { field: input.field, message: input.missing, parts: [...DATE_PARTS] }
  }
  if (blank.length > 0) {
    return { field: input.field, message: `${input.name} must include ${listOfParts(blank)}`, parts: blank }
  }
  const notReal = (parts: DatePart[]): DateInputError => ({
    field: input.field,
    message: `${input.name} must be a real date`,
    parts,
  })
  const month = monthNumber(typed.month)
  const wrong = DATE_PARTS.filter((part) => {
    if (part === 'day') return !/^\d{1,2}$/.test(typed.day) || !inRange(typed.day, 1, 31)
    if (part === 'month') return month === undefined || !inRange(month, 1, 12)
    return !/^\d{4}$/.test(typed.year)
  })
  if (wrong.length > 0) return notReal(wrong)
  // Each box makes sense alone, but not together: 31 June, or 29 February in a common year.
  const date = dateFromParts(typed.day, typed.month, typed.year)
  if (date === undefined || !isRealDate(date)) return notReal(['day'])
  return undefined
}

const inRange = (digits: string, min: number, max: number) => Number(digits) >= min && Number(digits) <= max

/**
 * Reads a form's GOV.UK date inputs (`<field>-day`, `-month`, `-year`) into
 * ISO dates, checking the boxes as the Design System asks: nothing entered, a
 * box left blank, a box that cannot be right. A date with an error keeps the
 * text as typed, which any ISO date check refuses, so a schema given these
 * values never accepts a date the boxes got wrong.
 *
 * @example
 * readDateInputs({ 'requestedOn-day': '1', 'requestedOn-month': '', 'requestedOn-year': '2026' },
 *   [{ field: 'requestedOn', name: 'Date of the request', missing: 'Enter the date of the request' }])
 * // { values: { requestedOn: '2026--1' },
 * //   errors: [{ field: 'requestedOn', message: 'Date of the request must include a month', parts: ['month'] }], … }
 */
export function readDateInputs(form: Record<string, unknown>, inputs: readonly DateInput[]): DateInputsRead {
  const values: Record<string, string | undefined> = {}
  const errors: DateInputError[] = []
  for (const input of inputs) {
    const typed = Object.fromEntries(
      DATE_PARTS.map((part) => {
        const value = form[`${input.field}-${part}`]
        return [part, typeof value === 'string' ? value.trim() : '']
      }),
    ) as Record<DatePart, string>
    const error = checkBoxes(input, typed)
    const date = dateFromParts(typed.day, typed.month, typed.year)
    values[input.field] = error && date === undefined ? '--' : date
    if (error) errors.push(error)
  }
  return { inputs, values, errors }
}

/**
 * The errors a page with date inputs shows: a date input's own error (which
 * boxes) in place of the schema's for that date, and every other error on a
 * date pointed at all its boxes, so the error summary links to the first.
 * Other fields' errors pass through, in the schema's order.
 *
 * @example
 * dateInputErrors(read, [{ field: 'requestedOn', message: 'Date of the request must be today or in the past' }])
 * // [{ field: 'requestedOn', message: '…', parts: ['day', 'month', 'year'] }]
 */
export function dateInputErrors(read: DateInputsRead, errors: readonly FieldError[]): FieldError[] {
  const dates = new Set(read.inputs.map((input) => input.field))
  const own = new Map(read.errors.map((error) => [error.field, error]))
  const shown: FieldError[] = errors.map(
    (error) =>
      own.get(error.field) ?? (dates.has(error.field) ? { ...error, parts: [...DATE_PARTS] } : error),
  )
  // A box error the schema did not repeat (it should: the value it was given is never a date).
  for (const error of read.errors) if (!shown.some((e) => e.field === error.field)) shown.unshift(error)
  return shown
}

/**
 * A required ISO date in an input schema, with GOV.UK messages: `missing` when
 * absent, '<name> must be a real date' when not a date on the calendar in the
 * form YYYY-MM-DD. Chain further checks with the same name.
 *
 * @example
 * z.preprocess(blankToUndefined, isoDateOf(REQUEST_DATE))
 */
export function isoDateOf(input: Pick<DateInput, 'name' | 'missing'>) {
  return z
    .string({ error: input.missing })
    .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && isRealDate(value), {
      error: `${input.name} must be a real date`,
      abort: true,
    })
}

/**
 * A required ISO date that is today or earlier, with GOV.UK messages.
 *
 * @example
 * pastOrToday(REQUEST_DATE, '2026-06-15').parse('2026-06-16') // throws 'Date of the request must be today or in the past'
 */
export function pastOrToday(input: Pick<DateInput, 'name' | 'missing'>, today: string) {
  return isoDateOf(input).refine((value) => value <= today, {
    error: `${input.name} must be today or in the past`,
    abort: true,
  })
}

/**
 * A required ISO date that is today or later, with GOV.UK messages.
 *
 * @example
 * todayOrLater(START_DATE, '2026-06-15').parse('2026-06-14') // throws 'Start date must be today or in the future'
 */
export function todayOrLater(input: Pick<DateInput, 'name' | 'missing'>, today: string) {
  return isoDateOf(input).refine((value) => value >= today, {
    error: `${input.name} must be today or in the future`,
    abort: true,
  })
}
