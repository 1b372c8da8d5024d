import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type DateInput,
  dateFromParts,
  dateInputErrors,
  dateInputValues,
  datePartsOf,
  isoDateOf,
  pastOrToday,
  readDateInputs,
  todayOrLater,
} from './date-input.ts'
import { isRealDate } from './validation.ts'

const REQUEST_DATE: DateInput = {
  field: 'requestedOn',
  name: 'Date of the request',
  missing: 'Enter the date of the request',
}
const DEATH_DATE: DateInput = { field: 'dateOfDeath', name: 'Date of death', missing: '', optional: true }

const boxes = (field: string, day: string, month: string, year: string) => ({
  [`${field}-day`]: day,
  [`${field}-month`]: month,
  [`${field}-year`]: year,
})

describe('dateFromParts', () => {
  it.each([
    [['', '', ''], undefined],
    [['27', '6', '1950'], '1950-06-27'],
    [[' 01 ', '12', '1950'], '1950-12-01'],
    [['7', 'June', '1950'], '1950-06-07'],
    [['7', 'sept', '1950'], '1950-09-07'],
    [['7', 'Dec.', '1950'], '1950-12-07'],
    [['27', '', '1950'], '1950--27'],
    [['27', 'Juin', '1950'], '1950-Juin-27'],
    [['27', '6', '50'], '50-6-27'],
  ])('%j → %j', (parts, iso) => {
    const [day, month, year] = parts as [string, string, string]
    expect(dateFromParts(day, month, year)).toBe(iso)
  })
})

describe('datePartsOf and dateInputValues', () => {
  it('splits an ISO date back into what was typed', () => {
    expect(datePartsOf('1950-06-07')).toEqual({ day: '7', month: '6', year: '1950' })
    expect(datePartsOf(null)).toEqual({ day: '', month: '', year: '' })
  })

  it('names the boxes after the field', () => {
    expect(dateInputValues('requestedOn', '2026-06-15')).toEqual(boxes('requestedOn', '15', '6', '2026'))
    expect(dateInputValues('dateOfDeath', null)).toEqual(boxes('dateOfDeath', '', '', ''))
  })
})

describe('readDateInputs', () => {
  it.each([
    [['', '', ''], 'Enter the date of the request', ['day', 'month', 'year']],
    [[' ', '', '  '], 'Enter the date of the request', ['day', 'month', 'year']],
    [['1', '', '2026'], 'Date of the request must include a month', ['month']],
    [['', '', '2026'], 'Date of the request must include a day and month', ['day', 'month']],
    [['1', '6', ''], 'Date of the request must include a year', ['year']],
    [['', '6', ''], 'Date of the request must include a day and year', ['day', 'year']],
    [['x', '6', '2026'], 'Date of the request must be a real date', ['day']],
    [['32', '6', '2026'], 'Date of the request must be a real date', ['day']],
    [['0', '6', '2026'], 'Date of the request must be a real date', ['day']],
    [['1', '13', '2026'], 'Date of the request must be a real date', ['month']],
    [['1', 'Juin', '2026'], 'Date of the request must be a real date', ['month']],
    [['1', '6', '26'], 'Date of the request must be a real date', ['year']],
    [['1', '13', '26'], 'Date of the request must be a real date', ['month', 'year']],
    [['31', '6', '2026'], 'Date of the request must be a real date', ['day']],
    [['29', '2', '2026'], 'Date of the request must be a real date', ['day']],
  ])('boxes %j: %s, highlighting %j', (typed, message, parts) => {
    const [day, month, year] = typed as [string, string, string]
    const read = readDateInputs(boxes('requestedOn', day, month, year), [REQUEST_DATE])
    expect(read.errors).toEqual([{ field: 'requestedOn', message, parts }])
  })

  it.each([
    [['1', '6', '2026'], '2026-06-01'],
    [['29', '2', '2024'], '2024-02-29'],
    [[' 07 ', ' 06 ', ' 2026 '], '2026-06-07'],
    [['7', 'june', '2026'], '2026-06-07'],
  ])('boxes %j give %s', (typed, iso) => {
    const [day, month, year] = typed as [string, string, string]
    const read = readDateInputs(boxes('requestedOn', day, month, year), [REQUEST_DATE])
    expect(read).toMatchObject({ values: { requestedOn: iso }, errors: [] })
  })

  it('leaves an optional date blank without an error, and checks it when partly filled', () => {
    expect(readDateInputs(boxes('dateOfDeath', '', '', ''), [DEATH_DATE])).toMatchObject({
      values: { dateOfDeath: undefined },
      errors: [],
    })
    expect(readDateInputs(boxes('dateOfDeath', '1', '', ''), [DEATH_DATE]).errors).toEqual([
      {
        field: 'dateOfDeath',
        message: 'Date of death must include a month and year',
        parts: ['month', 'year'],
      },
    ])
  })

  it('reads missing or non-text boxes as blank', () => {
    expect(readDateInputs({ 'requestedOn-day': ['1'] }, [REQUEST_DATE]).errors[0]?.message).toBe(
      'Enter the date of the request',
    )
  })

  it('never hands a schema a real date when the boxes have an error', () => {
    const box = fc.oneof(
      fc.constantFrom('', ' ', '0', '00', '1', '12', '13', '29', '31', '32', 'june', 'x'),
      fc.string(),
    )
    const year = fc.oneof(fc.constantFrom('', '26', '2024', '2026', '02026'), fc.string())
    fc.assert(
      fc.property(box, box, year, (day, month, yearText) => {
        const read = readDateInputs(boxes('requestedOn', day, month, yearText), [REQUEST_DATE])
        const value = read.values.requestedOn
        const accepted = isoDateOf(REQUEST_DATE).safeParse(value).success
        if (read.errors.length > 0) expect(accepted).toBe(false)
        else expect(accepted && value !== undefined && isRealDate(value)).toBe(true)
      }),
    )
  })
})

describe('dateInputErrors', () => {
  const read = readDateInputs(
    { ...boxes('requestedOn', '1', '', '2026'), ...boxes('triagedOn', '2', '6', '2026') },
    [REQUEST_DATE, { field: 'triagedOn', name: 'Date of triage', missing: 'Enter the date of triage' }],
  )

  it('puts the boxes’ own error in place of the schema’s, and points other date errors at every box', () => {
    expect(
      dateInputErrors(read, [
        { field: 'requestedOn', message: 'Date of the request must be a real date' },
        { field: 'routeOfAccess', message: 'Choose how the request came in' },
        { field: 'triagedOn', message: 'Date of triage must be today or in the past' },
      ]),
    ).toEqual([
      { field: 'requestedOn', message: 'Date of the request must include a month', parts: ['month'] },
      { field: 'routeOfAccess', message: 'Choose how the request came in' },
      {
        field: 'triagedOn',
        message: 'Date of triage must be today or in the past',
        parts: ['day', 'month', 'year'],
      },
    ])
  })

  it('keeps a box error the schema did not report', () => {
    expect(dateInputErrors(read, [])).toEqual([
      { field: 'requestedOn', message: 'Date of the request must include a month', parts: ['month'] },
    ])
  })
})

describe('pastOrToday', () => {
  const schema = pastOrToday(REQUEST_DATE, '2026-06-15')
  it.each([
    [undefined, 'Enter the date of the request'],
    ['2026-02-30', 'Date of the request must be a real date'],
    ['1 June 2026', 'Date of the request must be a real date'],
    ['2026-06-16', 'Date of the request must be today or in the past'],
  ])('%j: %s', (value, message) => {
    const result = schema.safeParse(value)
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([message])
  })

  it('accepts today and earlier', () => {
    expect(schema.parse('2026-06-15')).toBe('2026-06-15')
    expect(schema.parse('1999-01-01')).toBe('1999-01-01')
  })
})

describe('todayOrLater', () => {
  const schema = todayOrLater({ name: 'Start date', missing: 'Enter the start date' }, '2026-06-15')
  it.each([
    [undefined, 'Enter the start date'],
    ['2026-06-31', 'Start date must be a real date'],
    ['2026-06-14', 'Start date must be today or in the future'],
  ])('%j: %s', (value, message) => {
    expect(schema.safeParse(value).error?.issues.map((issue) => issue.message)).toEqual([message])
  })

  it('accepts today and later', () => {
    expect(schema.parse('2026-06-15')).toBe('2026-06-15')
    expect(schema.parse('2030-01-01')).toBe('2030-01-01')
  })
})
