import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { makeNhsNumber } from '../../kernel/nhs-number.ts'
import { fieldErrors } from '../../kernel/validation.ts'
import {
  ageInYears,
  changedFields,
  classifyQuery,
  duplicateReasons,
  earliestDateOfBirth,
  type PersonIdentity,
  personFormToInput,
  personName,
  personSchema,
  prefixEnd,
} from './rules.ts'

const TODAY = '2026-06-15'
const schema = personSchema(TODAY)
const valid = { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1950-12-10' }

const errorsFor = (input: Record<string, unknown>) => {
  const result = schema.safeParse(input)
  return result.success ? [] : fieldErrors(result.error)
}

describe('personSchema', () => {
  it('accepts the required fields alone, with every optional field null', () => {
    expect(schema.parse(valid)).toEqual({
      ...valid,
      dateOfDeath: null,
      nhsNumber: null,
      postcode: null,
      gender: null,
      ethnicity: null,
      primarySupportReason: null,
      accommodationStatus: null,
      employmentStatus: null,
      hasUnpaidCarer: null,
      confirmNotDuplicate: false,
    })
  })

  it.each([
    ['givenName', '  Ada  ', 'Ada'],
    ['nhsNumber', '943 476 5919', '9434765919'],
    ['nhsNumber', '943-476-5919', '9434765919'],
    ['postcode', ' ls1 4ab ', 'LS1 4AB'],
    ['postcode', 'sw1a1aa', 'SW1A 1AA'],
    ['gender', 'female', 'Female'],
    ['ethnicity', 'White: Irish', 'White: Irish'],
    ['ethnicity', 'Mixed: White and Asian', 'Mixed or multiple ethnic groups: White and Asian'],
    ['primarySupportReason', 'Support with Memory & Cognition', 'Support with memory and cognition'],
    ['accommodationStatus', 'Tenant - private landlord', 'Tenant: Private landlord'],
    ['employmentStatus', 'paid: 16 or more hours a week', 'Paid: 16 or more hours a week'],
    ['hasUnpaidCarer', 'yes', 'Yes'],
    ['dateOfDeath', '2026-06-15', '2026-06-15'],
    ['dateOfBirth', earliestDateOfBirth(TODAY), '1901-06-15'],
    ['dateOfBirth', TODAY, TODAY],
    ['confirmNotDuplicate', true, true],
    ['confirmNotDuplicate', 'yes', true],
    ['confirmNotDuplicate', 'false', false],
  ])('%s %j is stored as %j', (field, value, stored) => {
    const parsed = schema.parse({ ...valid, [field]: value }) as Record<string, unknown>
    expect(parsed[field]).toBe(stored)
  })

  it.each([
    ['givenName', undefined, 'Enter a given name'],
    ['givenName', '   ', 'Enter a given name'],
    ['givenName', 'x'.repeat(101), 'Given name must be 100 characters or fewer'],
    ['familyName', '', 'Enter a family name'],
    ['familyName', 42, 'Enter a family name'],
    ['dateOfBirth', undefined, 'Enter a date of birth'],
    ['dateOfBirth', '10/12/1950', 'Date of birth must be a real date'],
    ['dateOfBirth', '1950-02-30', 'Date of birth must be a real date'],
    ['dateOfBirth', '2026-06-16', 'Date of birth must be in the past'],
    ['dateOfBirth', '1901-06-14', 'Date of birth must be no more than 125 years ago'],
    ['dateOfDeath', '2026-13-01', 'Date of death must be a real date'],
    ['dateOfDeath', '2026-06-16', 'Date of death must be today or in the past'],
    ['dateOfDeath', '1950-12-09', 'Date of death must be on or after the date of birth'],
    ['nhsNumber', '9434765918', 'Enter a valid 10-digit NHS number'],
    ['nhsNumber', '943476591', 'Enter a valid 10-digit NHS number'],
    ['nhsNumber', '1234567890', 'Enter a valid 10-digit NHS number'],
    ['nhsNumber', 9434765919, 'Enter a valid 10-digit NHS number'],
    ['postcode', 'QA1 1AA', 'Enter a real postcode, like SW1A 1AA'],
    ['postcode', 'LS1', 'Enter a real postcode, like SW1A 1AA'],
    ['gender', 'Martian', 'Choose the person’s gender from the list'],
    ['ethnicity', 'Purple', 'Choose the person’s ethnicity from the list'],
    ['primarySupportReason', 'Bored', 'Choose the person’s primary support reason from the list'],
    ['accommodationStatus', 'Castle', 'Choose the person’s accommodation from the list'],
    ['employmentStatus', 'Astronaut', 'Choose the person’s employment status from the list'],
    ['hasUnpaidCarer', 'Sometimes', 'Choose whether the person has an unpaid carer'],
    ['confirmNotDuplicate', 'perhaps', 'Confirm you have checked this is a different person'],
  ])('%s %j: "%s"', (field, value, message) => {
    expect(errorsFor({ ...valid, [field]: value })).toEqual([{ field, message }])
  })

  it('treats null and blank optional fields as not recorded', () => {
    const parsed = schema.parse({ ...valid, nhsNumber: null, postcode: '  ', gender: '' })
    expect([parsed.nhsNumber, parsed.postcode, parsed.gender]).toEqual([null, null, null])
  })

  it('gives back what it stores: parsing its output again changes nothing', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{9}$/),
        fc.constantFrom('ls14ab', 'SW1A 1AA', 'm11ae', null),
        fc.constantFrom('male', 'FEMALE', 'Unknown', null),
        (first9, postcode, gender) => {
          const nhsNumber = makeNhsNumber(first9) ?? null
          const once = schema.parse({ ...valid, nhsNumber, postcode, gender })
          expect(schema.parse(once)).toEqual(once)
        },
      ),
    )
  })
})

describe('personFormToInput', () => {
  it('joins the GOV.UK date inputs into ISO dates', () => {
    const { input, dates } = personFormToInput({
      givenName: 'Ada',
      'dateOfBirth-day': '7',
      'dateOfBirth-month': '6',
      'dateOfBirth-year': '1950',
      'dateOfDeath-day': '',
      'dateOfDeath-month': '',
      'dateOfDeath-year': '',
      confirmNotDuplicate: 'yes',
      _csrf: 'token',
    })
    expect(input).toMatchObject({ givenName: 'Ada', dateOfBirth: '1950-06-07', confirmNotDuplicate: true })
    expect(input.dateOfDeath).toBeUndefined()
    expect(input).not.toHaveProperty('_csrf')
    expect(dates.errors).toEqual([])
  })

  it('says which box of a partly filled date is missing, and the schema refuses the date', () => {
    const { input, dates } = personFormToInput({
      ...valid,
      'dateOfBirth-day': '27',
      'dateOfBirth-year': '1950',
    })
    expect(dates.errors).toEqual([
      { field: 'dateOfBirth', message: 'Date of birth must include a month', parts: ['month'] },
    ])
    expect(errorsFor(input)).toEqual([{ field: 'dateOfBirth', message: 'Date of birth must be a real date' }])
  })

  it('asks for a date of birth left blank, but not a date of death', () => {
    const { dates } = personFormToInput({ ...valid })
    expect(dates.errors).toEqual([
      { field: 'dateOfBirth', message: 'Enter a date of birth', parts: ['day', 'month', 'year'] },
    ])
  })
})

describe('duplicateReasons', () => {
  const existing: PersonIdentity = {
    givenName: 'Ada',
    familyName: 'Lovelace',
    dateOfBirth: '1950-12-10',
    nhsNumber: '9434765919',
  }
  it.each<[string, Partial<PersonIdentity>, string[]]>([
    [
      'the same NHS number, different everything else',
      { givenName: 'Bo', familyName: 'X', dateOfBirth: '1960-01-01' },
      ['nhsNumber'],
    ],
    ['the same names and date of birth, no NHS number', { nhsNumber: null }, ['nameAndDateOfBirth']],
    [
      'names differing only in case and spacing',
      { givenName: ' ada', familyName: 'LOVELACE  ', nhsNumber: null },
      ['nameAndDateOfBirth'],
    ],
    ['everything the same', {}, ['nhsNumber', 'nameAndDateOfBirth']],
    ['another date of birth', { dateOfBirth: '1950-12-11', nhsNumber: null }, []],
    ['another given name', { givenName: 'Adam', nhsNumber: null }, []],
    ['another family name', { familyName: 'Byron', nhsNumber: null }, []],
    ['another NHS number, other names', { givenName: 'Bo', nhsNumber: '4010232137' }, []],
  ])('%s → %j', (_label, change, reasons) => {
    expect(duplicateReasons({ ...existing, ...change }, existing)).toEqual(reasons)
  })

  it('never matches on two missing NHS numbers', () => {
    expect(
      duplicateReasons({ ...existing, nhsNumber: null, givenName: 'Bo' }, { ...existing, nhsNumber: null }),
    ).toEqual([])
  })

  it('is symmetric', () => {
    const identity = fc.record({
      givenName: fc.constantFrom('Ada', 'ada ', 'Bo'),
      familyName: fc.constantFrom('Lovelace', 'LOVELACE', 'Byron'),
      dateOfBirth: fc.constantFrom('1950-12-10', '1960-01-01'),
      nhsNumber: fc.constantFrom(null, '9434765919', '4010232137'),
    })
    fc.assert(
      fc.property(identity, identity, (a, b) => {
        expect(duplicateReasons(a, b)).toEqual(duplicateReasons(b, a))
      }),
    )
  })
})

describe('classifyQuery', () => {
  it.each([
    ['', { kind: 'empty' }],
    ['   ', { kind: 'empty' }],
    ['943 476 5919', { kind: 'nhsNumber', nhsNumber: '9434765919' }],
    ['9434765919', { kind: 'nhsNumber', nhsNumber: '9434765919' }],
    ['943-476-5919', { kind: 'nhsNumber', nhsNumber: '9434765919' }],
    ['1950-06-27', { kind: 'dateOfBirth', dateOfBirth: '1950-06-27' }],
    ['27/06/1950', { kind: 'dateOfBirth', dateOfBirth: '1950-06-27' }],
    ['7/6/1950', { kind: 'dateOfBirth', dateOfBirth: '1950-06-07' }],
    ['27-06-1950', { kind: 'dateOfBirth', dateOfBirth: '1950-06-27' }],
    ['LS1 4AB', { kind: 'postcode', postcode: 'LS1 4AB' }],
    ['ls14ab', { kind: 'postcode', postcode: 'LS1 4AB' }],
    ['LS1', { kind: 'postcodePrefix', prefix: 'LS1 ' }],
    ['sw1a', { kind: 'postcodePrefix', prefix: 'SW1A ' }],
    ['LS1 4', { kind: 'postcodePrefix', prefix: 'LS1 4' }],
    ['LS1 4A', { kind: 'postcodePrefix', prefix: 'LS1 4A' }],
    ['Smith', { kind: 'name', alternatives: [{ given: 'smith' }, { family: 'smith' }] }],
    ['  ada   LOVE ', { kind: 'name', alternatives: [{ given: 'ada', family: 'love' }] }],
    ['Lovelace, Ada', { kind: 'name', alternatives: [{ family: 'lovelace', given: 'ada' }] }],
    ["O'Brien", { kind: 'name', alternatives: [{ given: "o'brien" }, { family: "o'brien" }] }],
    [
      'Mary Ann Smith',
      {
        kind: 'name',
        alternatives: [
          { given: 'mary', family: 'ann smith' },
          { given: 'mary ann', family: 'smith' },
        ],
      },
    ],
    ['31/02/1950', { kind: 'invalid', message: 'Enter a real date of birth, like 27/06/1950' }],
    ['1950-13-01', { kind: 'invalid', message: 'Enter a real date of birth, like 27/06/1950' }],
    ['S0000616', { kind: 'councilId', councilId: 'S0000616' }],
    ['  s0000616 ', { kind: 'councilId', councilId: 's0000616' }],
    ['12345', { kind: 'councilId', councilId: '12345' }],
    ['AB-1234/5', { kind: 'councilId', councilId: 'AB-1234/5' }],
    ['LS12', { kind: 'postcodePrefix', prefix: 'LS12 ' }],
    [
      '943 476',
      {
        kind: 'invalid',
        message: 'Enter a 10-digit NHS number, a council ID, or a date of birth like 27/06/1950',
      },
    ],
    ['Ada 2', { kind: 'name', alternatives: [{ given: 'ada', family: '2' }] }],
    ['x'.repeat(101), { kind: 'invalid', message: 'Search for 100 characters or fewer' }],
  ])('%j → %j', (query, expected) => {
    expect(classifyQuery(query)).toEqual(expected)
  })

  it('takes any valid NHS number, however spaced, as an NHS number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), fc.constantFrom(' ', '', '-'), (first9, gap) => {
        const nhs = makeNhsNumber(first9)
        if (nhs === undefined) return
        const typed = `${nhs.slice(0, 3)}${gap}${nhs.slice(3, 6)}${gap}${nhs.slice(6)}`
        expect(classifyQuery(typed)).toEqual({ kind: 'nhsNumber', nhsNumber: nhs })
      }),
    )
  })

  it('never throws, whatever is typed', () => {
    fc.assert(fc.property(fc.string(), (query) => void classifyQuery(query)))
  })
})

describe('changedFields and ageInYears', () => {
  it('names the fields whose values differ, null and undefined alike', () => {
    expect(changedFields({ a: 1, b: null, c: 'x' }, { a: 1, b: undefined, c: 'y' })).toEqual(['c'])
  })

  it.each([
    ['1950-06-27', null, 75],
    ['1950-06-15', null, 76],
    ['1950-06-16', null, 75],
    ['1950-06-27', '2020-06-26', 69],
    ['1950-06-27', '2020-06-27', 70],
  ])('born %s, died %s: %i on 2026-06-15', (born, died, age) => {
    expect(ageInYears(born, died, TODAY)).toBe(age)
  })
})

describe('personName', () => {
  it.each([
    [{ given_name: 'Ada', family_name: 'Lovelace' }, 'Ada Lovelace'],
    [{ given_name: null, family_name: 'Lovelace' }, 'Lovelace'],
    [{ given_name: null, family_name: null }, 'Name not recorded'],
  ])('names %j as “%s”', (person, expected) => {
    expect(personName(person)).toBe(expected)
  })
})

describe('prefixEnd', () => {
  it.each([
    ['smi', 'smj'],
    ['o', 'p'],
    ['ls1 ', 'ls1!'],
    ['zo\u00eb', 'zo\u00ec'],
    ['a\ud7ff', 'a\ue000'],
    ['x\u{1f600}', 'x\u{1f601}'],
    ['', undefined],
    ['a\u{10ffff}', undefined],
  ])('the strings starting with %j end before %j', (prefix, end) => {
    expect(prefixEnd(prefix)).toBe(end)
  })

  it('bounds exactly the strings that start with the prefix, in UTF-8 byte order', () => {
    const bytes = (s: string) => Buffer.from(s, 'utf8')
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 4, unit: 'grapheme' }),
        fc.string({ maxLength: 6, unit: 'grapheme' }),
        (prefix, other) => {
          const end = prefixEnd(prefix)
          fc.pre(end !== undefined)
          const inRange =
            Buffer.compare(bytes(other), bytes(prefix)) >= 0 &&
            Buffer.compare(bytes(other), bytes(end as string)) < 0
          expect(inRange).toBe(other.startsWith(prefix))
          const extended = prefix + other
          expect(
            Buffer.compare(bytes(extended), bytes(prefix)) >= 0 &&
              Buffer.compare(bytes(extended), bytes(end as string)) < 0,
          ).toBe(true)
        },
      ),
    )
  })
})
