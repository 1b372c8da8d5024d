import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { percentile } from './percentile.ts'

describe('percentile', () => {
  const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]

  it.each([
    [oneToTen, 50, 5],
    [oneToTen, 95, 10],
    [oneToTen, 90, 9],
    [oneToTen, 0, 1],
    [oneToTen, 100, 10],
    [[7], 95, 7],
  ])('of %j at p%d is %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected)
  })

  it('is NaN for no values', () => {
    expect(percentile([], 50)).toBeNaN()
  })

  it('leaves at least p% of values at or below it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1 }), fc.integer({ min: 0, max: 100 }), (values, p) => {
        const sorted = [...values].sort((a, b) => a - b)
        const value = percentile(sorted, p)
        expect(sorted).toContain(value)
        expect(sorted.filter((v) => v <= value).length).toBeGreaterThanOrEqual((p / 100) * sorted.length)
      }),
    )
  })
})
