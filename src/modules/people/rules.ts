/**
 * The person record's rules, free of I/O: what a valid person is, when two
 * records are probably the same person, and what a search box query means.
 * Pages and the API share every one of them.
 */
import { z } from 'zod'
import {
  ACCOMMODATION_STATUSES,
  EMPLOYMENT_STATUSES,
  ETHNICITIES,
  GENDERS,
  HAS_UNPAID_CARER,
  matchCode,
  PRIMARY_SUPPORT_REASONS,
} from '../../kernel/code-lists/cld.ts'
import { type DateInput, type DateInputsRead, readDateInputs } from '../../kernel/date-input.ts'
import { ageOn, formatDate } from '../../kernel/dates.ts'
import { isValidNhsNumber, normaliseNhsNumber } from '../../kernel/nhs-number.ts'
import { normalisePostcode } from '../../kernel/postcode.ts'
import { blankToUndefined, isRealDate } from '../../kernel/validation.ts'

export const NHS_NUMBER_MESSAGE = 'Enter a valid 10-digit NHS number'
export const POSTCODE_MESSAGE = 'Enter a real postcode, like SW1A 1AA'
/** The oldest date of birth accepted, in years before today. */
export const MAX_AGE_YEARS = 125
const NAME_MAX = 100

/** The code-list fields of a person, with the list each is checked against and its error message. */
export const PERSON_CODE_FIELDS = {
  gender: { list: GENDERS, message: 'Choose the person’s gender from the list' },
  ethnicity: { list: ETHNICITIES, message: 'Choose the person’s ethnicity from the list' },
  primarySupportReason: {
    list: PRIMARY_SUPPORT_REASONS,
    message: 'Choose the person’s primary support reason from the list',
  },
  accommodationStatus: {
    list: ACCOMMODATION_STATUSES,
    message: 'Choose the person’s accommodation from the list',
  },
  employmentStatus: {
    list: EMPLOYMENT_STATUSES,
    message: 'Choose the person’s employment status from the list',
  },
  hasUnpaidCarer: { list: HAS_UNPAID_CARER, message: 'Choose whether the person has an unpaid carer' },
} as const
export type PersonCodeField = keyof typeof PERSON_CODE_FIELDS

/** Every field a person record is edited through, by its API (camelCase) name. */
export const PERSON_FIELDS = [
  'givenName',
  'familyName',
  'dateOfBirth',
  'dateOfDeath',
  'nhsNumber',
  'postcode',
  'gender',
  'ethnicity',
  'primarySupportReason',
  'accommodationStatus',
  'employmentStatus',
  'hasUnpaidCarer',
] as const
export type PersonField = (typeof PERSON_FIELDS)[number]

// Absent, null and blank all mean "not recorded"; a PATCH clears a field with null.
const blankOrNull = (value: unknown) => (value === null ? undefined : blankToUndefined(value))

const requiredName = (missing: string, tooLong: string) =>
  z.preprocess(blankToUndefined, z.string({ error: missing }).max(NAME_MAX, { error: tooLong }))

/** Optional in the record: the output is the value or null. */
const optional = <T extends z.ZodType<string | null>>(inner: T) =>
  z.preprocess(blankOrNull, inner.optional()).transform((value) => value ?? null)

const nhsNumber = z.string({ error: NHS_NUMBER_MESSAGE }).transform((value, ctx) => {
  const digits = normaliseNhsNumber(value)
  if (digits === undefined || !isValidNhsNumber(digits)) {
    ctx.addIssue({ code: 'custom', message: NHS_NUMBER_MESSAGE })
    return z.NEVER
  }
  return digits
})

const postcode = z.string({ error: POSTCODE_MESSAGE }).transform((value, ctx) => {
  const normalised = normalisePostcode(value)
  if (normalised === undefined) {
    ctx.addIssue({ code: 'custom', message: POSTCODE_MESSAGE })
    return z.NEVER
  }
  return normalised
})

const codeFrom = (field: PersonCodeField) => {
  const { list, message } = PERSON_CODE_FIELDS[field]
  return z.string({ error: message }).transform((value, ctx) => {
    const code = matchCode<string>(list, value)
    if (code === undefined) {
      ctx.addIssue({ code: 'custom', message })
      return z.NEVER
    }
    return code
  })
}

/** The earliest date of birth accepted on a day. */
export function earliestDateOfBirth(today: string): string {
  return `${Number(today.slice(0, 4)) - MAX_AGE_YEARS}${today.slice(4)}`
}

const pastDate = (what: string, today: string) =>
  z
    .string({ error: `Enter a ${what}` })
    .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && isRealDate(value), {
      error: `${capitalise(what)} must be a real date`,
      abort: true,
    })
    .refine((value) => value <= today, {
      error:
        what === 'date of birth'
          ? 'Date of birth must be in the past'
          : `${capitalise(what)} must be today or in the past`,
      abort: true,
    })
    .refine((value) => value >= earliestDateOfBirth(today), {
      error: `${capitalise(what)} must be no more than ${MAX_AGE_YEARS} years ago`,
    })

const truthy = (value: unknown) => {
  if (value === true || value === 'true' || value === 'yes' || value === 'on') return true
  if (value === undefined || value === null || value === false || value === '' || value === 'false')
    return false
  return value
}

/**
 * The person input schema for a day (dates are checked against `today`):
 * names and date of birth required; NHS number (Modulus 11) and postcode
 * normalised; code-list fields stored as their canonical CLD value. Optional
 * fields come out as null when absent or blank.
 *
 * @example
 * parseInput(personSchema('2026-06-15'), { givenName: 'Ada', familyName: 'Lovelace',
 *   dateOfBirth: '1950-12-10', nhsNumber: '943 476 5919', gender: 'female' })
 * // → { …, nhsNumber: '9434765919', gender: 'Female', postcode: null, confirmNotDuplicate: false }
 */
export function personSchema(today: string) {
  return z
    .object({
      givenName: requiredName('Enter a given name', `Given name must be ${NAME_MAX} characters or fewer`),
      familyName: requiredName('Enter a family name', `Family name must be ${NAME_MAX} characters or fewer`),
      dateOfBirth: z.preprocess(blankToUndefined, pastDate('date of birth', today)),
      dateOfDeath: optional(pastDate('date of death', today)),
      nhsNumber: optional(nhsNumber),
      postcode: optional(postcode),
      gender: optional(codeFrom('gender')),
      ethnicity: optional(codeFrom('ethnicity')),
      primarySupportReason: optional(codeFrom('primarySupportReason')),
      accommodationStatus: optional(codeFrom('accommodationStatus')),
      employmentStatus: optional(codeFrom('employmentStatus')),
      hasUnpaidCarer: optional(codeFrom('hasUnpaidCarer')),
      confirmNotDuplicate: z.preprocess(
        truthy,
        z.boolean({ error: 'Confirm you have checked this is a different person' }),
      ),
    })
    .superRefine((person, ctx) => {
      if (person.dateOfDeath !== null && person.dateOfDeath < person.dateOfBirth) {
        ctx.addIssue({
          code: 'custom',
          path: ['dateOfDeath'],
          message: 'Date of death must be on or after the date of birth',
        })
      }
    })
}
export type PersonInput = z.output<ReturnType<typeof personSchema>>

/**
 * What the API documents for a person's body. Validation is `personSchema`'s;
 * this plain shape exists because JSON Schema cannot describe its transforms.
 */
export const personBodyDocument = z.object({
  givenName: z.string().max(NAME_MAX),
  familyName: z.string().max(NAME_MAX),
  dateOfBirth: z.string().meta({ description: 'YYYY-MM-DD, not in the future, at most 125 years ago' }),
  dateOfDeath: z.string().nullable().optional().meta({ description: 'YYYY-MM-DD' }),
  nhsNumber: z.string().nullable().optional().meta({ description: '10 digits, Modulus 11; spaces allowed' }),
  postcode: z.string().nullable().optional(),
  gender: z.enum(GENDERS).nullable().optional(),
  ethnicity: z.enum(ETHNICITIES).nullable().optional(),
  primarySupportReason: z.enum(PRIMARY_SUPPORT_REASONS).nullable().optional(),
  accommodationStatus: z.enum(ACCOMMODATION_STATUSES).nullable().optional(),
  employmentStatus: z.enum(EMPLOYMENT_STATUSES).nullable().optional(),
  hasUnpaidCarer: z.enum(HAS_UNPAID_CARER).nullable().optional(),
  confirmNotDuplicate: z
    .boolean()
    .optional()
    .meta({ description: 'Create even though the person matches someone already recorded' }),
})

/** The person form's GOV.UK date inputs, named as the schema's messages name them. */
export const PERSON_DATE_INPUTS: readonly DateInput[] = [
  { field: 'dateOfBirth', name: 'Date of birth', missing: 'Enter a date of birth' },
  { field: 'dateOfDeath', name: 'Date of death', missing: 'Enter a date of death', optional: true },
]

/**
 * Turns a submitted person form into the API's shape: the GOV.UK date inputs
 * (`dateOfBirth-day`, `-month`, `-year`) become one ISO date, and their boxes'
 * errors ("Date of birth must include a month") come back beside it for the
 * page to show in place of the schema's.
 *
 * @example
 * personFormToInput({ givenName: 'Ada', 'dateOfBirth-day': '10', 'dateOfBirth-month': '12',
 *   'dateOfBirth-year': '1950' }) // { input: { givenName: 'Ada', dateOfBirth: '1950-12-10', … }, dates }
 */
export function personFormToInput(form: Record<string, unknown>): {
  input: Record<string, unknown>
  dates: DateInputsRead
} {
  const dates = readDateInputs(form, PERSON_DATE_INPUTS)
  const input: Record<string, unknown> = {}
  for (const field of PERSON_FIELDS) {
    const value = form[field]
    input[field] = field in dates.values ? dates.values[field] : typeof value === 'string' ? value : undefined
  }
  const confirm = form.confirmNotDuplicate
  input.confirmNotDuplicate = Array.isArray(confirm) ? confirm.includes('yes') : confirm === 'yes'
  return { input, dates }
}

/** The identifying fields two person records are compared on. */
export interface PersonIdentity {
  givenName: string
  familyName: string
  dateOfBirth: string
  nhsNumber: string | null
}

export type DuplicateReason = 'nhsNumber' | 'nameAndDateOfBirth'

const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase()

/**
 * Why an existing record is probably the same person as a new one: the same
 * NHS number, or the same given and family name (ignoring case and spacing)
 * and date of birth. Empty when it is not a match.
 *
 * @example
 * duplicateReasons({ givenName: 'ada ', familyName: 'LOVELACE', dateOfBirth: '1950-12-10', nhsNumber: null },
 *   { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1950-12-10', nhsNumber: '9434765919' })
 * // ['nameAndDateOfBirth']
 */
export function duplicateReasons(candidate: PersonIdentity, existing: PersonIdentity): DuplicateReason[] {
  const reasons: DuplicateReason[] = []
  if (candidate.nhsNumber !== null && candidate.nhsNumber === existing.nhsNumber) reasons.push('nhsNumber')
  if (
    candidate.dateOfBirth === existing.dateOfBirth &&
    nameKey(candidate.familyName) === nameKey(existing.familyName) &&
    nameKey(candidate.givenName) === nameKey(existing.givenName)
  ) {
    reasons.push('nameAndDateOfBirth')
  }
  return reasons
}

/** A name to match: each part given is a prefix of that name (lower case); both must hold. */
export interface NameMatch {
  given?: string
  family?: string
}

/** What a search box query is taken to mean. */
export type PersonQuery =
  | { kind: 'empty' }
  | { kind: 'invalid'; message: string }
  | { kind: 'nhsNumber'; nhsNumber: string }
  | { kind: 'dateOfBirth'; dateOfBirth: string }
  | { kind: 'postcode'; postcode: string }
  /** An outward code ('LS1 ') or a sector or partial postcode ('LS1 4', 'LS1 4A'): the start of a postcode. */
  | { kind: 'postcodePrefix'; prefix: string }
  /** The council's own identifier for the person (CLD's LA_Person_ID), as a record and the CLD return show it. */
  | { kind: 'councilId'; councilId: string }
  /** Any one of these matches. */
  | { kind: 'name'; alternatives: NameMatch[] }

const QUERY_MAX = 100
const OUTWARD_CODE = /^([A-Z]{1,2}\d[A-Z\d]?)(?:\s+(\d[A-Z]{0,2}))?$/
const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/
/** One word with a digit in it: no name has one, and council IDs (S0000616, 100234, AB-1234/5) do. */
const COUNCIL_ID = /^(?=.*\d)[A-Za-z0-9][A-Za-z0-9/_.-]*$/

/**
 * Decides what a search box query is: ten digits (spaces allowed) that make a
 * valid NHS number an NHS number; an ISO or DD/MM/YYYY date a date of birth; a
 * postcode, or the start of one from its outward code, a postcode; any other
 * single word with a digit in it a council ID; anything else a name, matched
 * as a prefix of the given or family name, or as 'given family' (or 'family, given').
 *
 * @example
 * classifyQuery('943 476 5919') // { kind: 'nhsNumber', nhsNumber: '9434765919' }
 * classifyQuery('27/06/1950') // { kind: 'dateOfBirth', dateOfBirth: '1950-06-27' }
 * classifyQuery('ls1') // { kind: 'postcodePrefix', prefix: 'LS1 ' }
 * classifyQuery('S0000616') // { kind: 'councilId', councilId: 'S0000616' }
 * classifyQuery('Ada Love') // { kind: 'name', alternatives: [{ given: 'ada', family: 'love' }] }
 */
export function classifyQuery(raw: string): PersonQuery {
  const query = raw.trim().replace(/\s+/g, ' ')
  if (query === '') return { kind: 'empty' }
  if (query.length > QUERY_MAX)
    return { kind: 'invalid', message: `Search for ${QUERY_MAX} characters or fewer` }

  if (/^[\d\s-]+$/.test(query) && !/^\d{4}-\d{2}-\d{2}$/.test(query) && !DMY.test(query)) {
    const digits = normaliseNhsNumber(query)
    if (digits !== undefined) return { kind: 'nhsNumber', nhsNumber: digits }
    if (COUNCIL_ID.test(query)) return { kind: 'councilId', councilId: query }
    return {
      kind: 'invalid',
      message: 'Enter a 10-digit NHS number, a council ID, or a date of birth like 27/06/1950',
    }
  }

  const iso = /^\d{4}-\d{2}-\d{2}$/.test(query) ? query : undefined
  const dmy = query.match(DMY)
  const date = iso ?? (dmy ? `${dmy[3]}-${dmy[2]?.padStart(2, '0')}-${dmy[1]?.padStart(2, '0')}` : undefined)
  if (date !== undefined) {
    return isRealDate(date)
      ? { kind: 'dateOfBirth', dateOfBirth: date }
      : { kind: 'invalid', message: 'Enter a real date of birth, like 27/06/1950' }
  }

  const postcode = normalisePostcode(query)
  if (postcode !== undefined) return { kind: 'postcode', postcode }
  const outward = query.toUpperCase().match(OUTWARD_CODE)
  if (outward) return { kind: 'postcodePrefix', prefix: `${outward[1]} ${outward[2] ?? ''}` }
  if (COUNCIL_ID.test(query)) return { kind: 'councilId', councilId: query }

  return { kind: 'name', alternatives: nameAlternatives(query.toLowerCase()) }
}

function nameAlternatives(query: string): NameMatch[] {
  const comma = query.indexOf(',')
  if (comma >= 0) {
    const family = query.slice(0, comma).trim()
    const given = query.slice(comma + 1).trim()
    if (family && given) return [{ family, given }]
    const either = family || given
    return either ? [{ given: either }, { family: either }] : []
  }
  const words = query.split(' ')
  if (words.length === 1) return [{ given: query }, { family: query }]
  // Every way to split the words into a given name then a family name: 'mary ann smith'
  // could be Mary Ann Smith or Mary Ann-Smith's 'Mary' + 'Ann Smith'.
  const alternatives: NameMatch[] = []
  for (let split = 1; split < words.length; split++) {
    alternatives.push({ given: words.slice(0, split).join(' '), family: words.slice(split).join(' ') })
  }
  return alternatives
}

/**
 * The fields whose values differ between two versions of a record: what an
 * edit changed, for the audit log.
 *
 * @example
 * changedFields({ postcode: 'LS1 4AB', gender: null }, { postcode: 'LS2 7EE', gender: null }) // ['postcode']
 */
export function changedFields<K extends string>(
  before: Readonly<Record<K, unknown>>,
  after: Readonly<Record<K, unknown>>,
): K[] {
  return (Object.keys(after) as K[]).filter((key) => (before[key] ?? null) !== (after[key] ?? null))
}

/**
 * A person's age in whole years on a day, or at death; null without a date of birth.
 *
 * @example
 * ageInYears('1950-06-27', null, '2026-06-15') // 75
 */
export function ageInYears(
  dateOfBirth: string | null,
  dateOfDeath: string | null,
  today: string,
): number | null {
  if (dateOfBirth === null) return null
  return ageOn(dateOfBirth, dateOfDeath !== null && dateOfDeath < today ? dateOfDeath : today)
}

/** How the search page describes what it searched for. */
export function describeQuery(query: PersonQuery): string {
  switch (query.kind) {
    case 'nhsNumber':
      return 'NHS number'
    case 'dateOfBirth':
      return `date of birth ${formatDate(query.dateOfBirth)}`
    case 'postcode':
      return `postcode ${query.postcode}`
    case 'postcodePrefix':
      return `postcodes starting ${query.prefix.trim()}`
    case 'councilId':
      return `council ID ${query.councilId}`
    case 'name':
      return 'name'
    default:
      return ''
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * A person's name as pages show it. People imported from a CLD file have no
 * name (the return carries none), so they are shown as such, never as "null null".
 *
 * @example
 * personName({ given_name: 'Ada', family_name: 'Lovelace' }) // 'Ada Lovelace'
 */
export const personName = (person: { given_name: string | null; family_name: string | null }): string =>
  [person.given_name, person.family_name].filter(Boolean).join(' ') || 'Name not recorded'

/**
 * The first string after every string that starts with `prefix`, in code point
 * (so UTF-8 byte) order: `prefix` with its last character moved on by one.
 * Undefined when there is none.
 *
 * @example
 * prefixEnd('smi') // 'smj'
 */
export function prefixEnd(prefix: string): string | undefined {
  const last = [...prefix].at(-1)
  if (last === undefined) return undefined
  const code = last.codePointAt(0) as number
  if (code >= 0x10ffff) return undefined
  // Code points D800–DFFF are not characters: the one after D7FF is E000.
  const next = code === 0xd7ff ? 0xe000 : code + 1
  return prefix.slice(0, prefix.length - last.length) + String.fromCodePoint(next)
}
