import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { quarterOfDay, returnQuarter, returnQuarters } from './return-quarters.ts'

describe('the quarter a day falls in', () => {
  it.each([
    ['2025-04-01', '2025-26-Q1'],
    ['2025-06-30', '2025-26-Q1'],
    ['2025-07-01', '2025-26-Q2'],
    ['2025-09-30', '2025-26-Q2'],
    ['2025-10-01', '2025-26-Q3'],
    ['2025-12-31', '2025-26-Q3'],
    ['2026-01-01', '2025-26-Q4'],
    ['2026-03-31', '2025-26-Q4'],
    ['1999-05-01', '1999-00-Q1'],
    ['2009-02-01', '2008-09-Q4'],
  ])('%s is in %s', (day, label) => {
    expect(quarterOfDay(day)).toBe(label)
  })
})

describe('a quarter a return can be made for', () => {
  it.each([
    // label, today, ended, or undefined when no return can be made
    ['2025-26-Q4', '2026-06-15', true],
    ['2026-27-Q1', '2026-06-15', false],
    ['2026-27-Q1', '2026-04-01', false],
    ['2026-27-Q1', '2026-06-30', false],
    ['2026-27-Q1', '2026-07-01', true],
    ['2026-27-Q2', '2026-06-30', undefined],
    ['2025-27-Q1', '2026-06-15', undefined],
    ['2025-26-Q5', '2026-06-15', undefined],
    ['Q1', '2026-06-15', undefined],
  ])('%s on %s: ended %s', (label, today, ended) => {
    expect(returnQuarter(label, today)?.ended).toBe(ended)
  })

  it('covers the rolling twelve months ending with the quarter, and knows the quarter’s own months', () => {
    expect(returnQuarter('2025-26-Q2', '2026-06-15')).toEqual({
      label: '2025-26-Q2',
      name: '2025-26 Q2',
      periodStartOn: '2024-10-01',
      periodEndOn: '2025-09-30',
      quarterStartOn: '2025-07-01',
      ended: true,
    })
  })
})

describe('the quarters offered', () => {
  it('are the quarter under way and those before it, latest first', () => {
    expect(returnQuarters('2026-06-15', 6).map((q) => [q.label, q.ended])).toEqual([
      ['2026-27-Q1', false],
      ['2025-26-Q4', true],
      ['2025-26-Q3', true],
      ['2025-26-Q2', true],
      ['2025-26-Q1', true],
      ['2024-25-Q4', true],
    ])
  })

  it('follow each other without a gap on any day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (date) => {
          const today = date.toISOString().slice(0, 10)
          const quarters = returnQuarters(today, 8)
          expect(quarters).toHaveLength(8)
          expect(quarters[0]?.label).toBe(quarterOfDay(today))
          expect(quarters.filter((q) => !q.ended).map((q) => q.label)).toEqual([quarterOfDay(today)])
          for (const [index, quarter] of quarters.slice(1).entries()) {
            const later = quarters[index] as (typeof quarters)[number]
            const nextDay = new Date(Date.parse(`${quarter.periodEndOn}T00:00:00Z`) + 86_400_000)
            expect(nextDay.toISOString().slice(0, 10)).toBe(later.quarterStartOn)
          }
        },
      ),
    )
  })
})
