import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ageOn } from '../../kernel/dates.ts'
import { ageFromBirthMonth, birthMonthStart, workingAgeBand } from './ages.ts'

describe('age from the first of the birth month', () => {
  it.each([
    // born, on, age the national pipeline gives, why
    ['1960-04-20', '2025-04-05', 65, 'taken as born on 1 April, so 65 before the true birthday'],
    ['1960-04-01', '2025-04-01', 64, '23,741 days is 64.999 years of 365.25 days'],
    ['1960-04-01', '2025-04-02', 65, 'a day later it is 65'],
    ['1960-03-31', '2025-03-31', 65, 'born in March, taken as 1 March 1960'],
    ['2007-05-10', '2025-05-02', 18, 'turns 18 at the start of the birth month'],
    ['2007-05-10', '2025-04-30', 17, 'still 17 the month before'],
  ])('born %s, on %s: %i (%s)', (born, on, age) => {
    expect(ageFromBirthMonth(born, on)).toBe(age)
  })

  it('is unknown without a date of birth', () => {
    expect(ageFromBirthMonth(null, '2025-01-01')).toBeNull()
  })

  it('never differs from the true age by more than one year', () => {
    const day = fc
      .date({ min: new Date('1910-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10))
    fc.assert(
      fc.property(day, day, (born, on) => {
        fc.pre(born <= on)
        expect(Math.abs((ageFromBirthMonth(born, on) ?? 0) - ageOn(born, on))).toBeLessThanOrEqual(1)
      }),
    )
  })

  it('puts the date on the first of the month', () => {
    expect(birthMonthStart('1960-04-20')).toBe('1960-04-01')
  })

  it.each([
    [17, 'Under 18'],
    [18, '18 to 64'],
    [64, '18 to 64'],
    [65, '65 and above'],
    [null, 'Unknown'],
  ] as const)('age %s is in band %s', (age, band) => {
    expect(workingAgeBand(age)).toBe(band)
  })
})
