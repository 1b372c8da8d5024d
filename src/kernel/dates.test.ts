import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, ageOn, daysBetween, formatDate, formatDateTime, isoDay } from './dates.ts'
import { formatPounds } from './money.ts'

describe('dates', () => {
  it.each([
    ['2025-03-31', 1, '2025-04-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2026-10-25', 1, '2026-10-26'],
  ])('addDays(%s, %i) is %s', (day, days, expected) => {
    expect(addDays(day, days)).toBe(expected)
  })

  it.each([
    ['2025-04-01', '2025-04-01', 0],
    ['2025-04-01', '2026-04-01', 365],
    ['2026-06-15', '2026-06-01', -14],
  ])('daysBetween(%s, %s) is %i', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected)
  })

  it.each([
    ['1950-06-15', '2025-06-14', 74],
    ['1950-06-15', '2025-06-15', 75],
    ['2000-02-29', '2025-02-28', 24],
    ['2000-02-29', '2025-03-01', 25],
  ])('ageOn(%s, %s) is %i', (born, on, expected) => {
    expect(ageOn(born, on)).toBe(expected)
  })

  it('ageOn counts the birthdays passed, for any two days', () => {
    const day = fc
      .date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('2100-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map(isoDay)
    fc.assert(
      fc.property(day, day, (born, on) => {
        const [by, bm, bd] = born.split('-').map(Number) as [number, number, number]
        const [y, m, d] = on.split('-').map(Number) as [number, number, number]
        const birthdayPassed = m > bm || (m === bm && d >= bd)
        expect(ageOn(born, on)).toBe(y - by - (birthdayPassed ? 0 : 1))
      }),
      { numRuns: 2_000 },
    )
  })

  it.each([
    ['2025-04-01', '1 April 2025'],
    ['2026-12-25T10:00:00Z', '25 December 2026'],
    [null, ''],
  ])('formatDate(%s) is “%s”', (day, expected) => {
    expect(formatDate(day)).toBe(expected)
  })

  it('writes a moment in UK time, summer and winter', () => {
    expect(formatDateTime(new Date('2026-06-15T12:30:00Z'))).toBe('15 June 2026 at 13:30')
    expect(formatDateTime('2026-01-15T12:30:00Z')).toBe('15 January 2026 at 12:30')
    expect(formatDateTime(null)).toBe('')
  })

  it('gives the UTC day of a moment', () => {
    expect(isoDay(new Date('2026-06-15T23:59:59Z'))).toBe('2026-06-15')
  })
})

describe('money', () => {
  it.each([
    [0, '£0.00'],
    [5, '£0.05'],
    [123456, '£1,234.56'],
    [-2500, '-£25.00'],
  ])('formatPounds(%i) is %s', (pence, expected) => {
    expect(formatPounds(pence)).toBe(expected)
  })
})

describe('formatDate spells out every day as Intl does', () => {
  const intl = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
  it('for any day from 1900 to 2100, and for a timestamp', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2100-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (at) => {
          const day = at.toISOString().slice(0, 10)
          expect(formatDate(day)).toBe(intl.format(new Date(`${day}T00:00:00Z`)))
          expect(formatDate(at.toISOString())).toBe(intl.format(new Date(`${day}T00:00:00Z`)))
        },
      ),
    )
  })
})
