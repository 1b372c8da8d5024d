import { describe, expect, it } from 'vitest'
import {
  financialYear,
  financialYearOf,
  financialYearsUpTo,
  isFinancialYear,
  populationYearFor,
  quarterlyRollingYears,
  rollingYearTo,
} from './periods.ts'

describe('financial years', () => {
  it.each([
    ['2024-25', true],
    ['1999-00', true],
    ['2024-26', false],
    ['2024/25', false],
    ['24-25', false],
  ])('%s is a financial year: %s', (label, expected) => {
    expect(isFinancialYear(label)).toBe(expected)
  })

  it.each([
    ['2024-25', '2024-04-01', '2025-03-31'],
    ['2023-24', '2023-04-01', '2024-03-31'],
  ])('%s runs from %s to %s', (label, start, end) => {
    expect(financialYear(label)).toEqual({ start, end, label })
  })

  it.each([
    ['2025-03-31', '2024-25'],
    ['2025-04-01', '2025-26'],
    ['2000-01-15', '1999-00'],
  ])('%s falls in %s', (day, label) => {
    expect(financialYearOf(day)).toBe(label)
  })

  it('lists years newest first', () => {
    expect(financialYearsUpTo('2026-06-15', 2024)).toEqual(['2026-27', '2025-26', '2024-25'])
  })
})

describe('rolling years', () => {
  it.each([
    ['2024-06-30', '2023-07-01'],
    ['2025-03-31', '2024-04-01'],
    ['2024-12-31', '2024-01-01'],
    ['2024-02-28', '2023-03-01'],
    ['2024-02-29', '2023-03-01'],
  ])('the twelve months to %s start on %s', (end, start) => {
    expect(rollingYearTo(end).start).toBe(start)
  })

  it('ends one at each quarter end, the last being the financial year', () => {
    const periods = quarterlyRollingYears('2024-25')
    expect(periods.map((p) => [p.start, p.end])).toEqual([
      ['2023-07-01', '2024-06-30'],
      ['2023-10-01', '2024-09-30'],
      ['2024-01-01', '2024-12-31'],
      ['2024-04-01', '2025-03-31'],
    ])
    expect(periods[0]?.label).toBe('12 months to 30 June 2024')
  })

  it.each([
    ['2024-04-01', 2024],
    ['2025-01-01', 2024],
    ['2024-07-01', 2024],
    ['2024-01-01', 2023],
  ])('a period starting %s uses the mid-%i population', (start, year) => {
    expect(populationYearFor({ start })).toBe(year)
  })
})
