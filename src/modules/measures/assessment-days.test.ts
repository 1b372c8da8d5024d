import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { medianOfSlices } from './assessment-days.ts'

/** How many waited each number of days, in one slice. */
const slice = (counts: Record<number, number>) =>
  Object.entries(counts).map(([days, assessments]) => ({ council_id: 'c', days: Number(days), assessments }))

/** percentile_cont(0.5) of a list, as PostgreSQL works it out. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = (sorted.length - 1) / 2
  const low = sorted[Math.floor(middle)] as number
  const high = sorted[Math.ceil(middle)] as number
  return low + (high - low) * (middle - Math.floor(middle))
}

describe('medianOfSlices', () => {
  it.each([
    ['no slices with waits', [], undefined],
    ['one wait', [slice({ 12: 1 })], { assessments: 1, median_days: 12 }],
    ['an odd number: the middle one', [slice({ 3: 1, 5: 1, 40: 1 })], { assessments: 3, median_days: 5 }],
    [
      'an even number: halfway between the middle two',
      [slice({ 3: 2 }), slice({ 10: 2 })],
      { assessments: 4, median_days: 6.5 },
    ],
    [
      'the same wait in two slices, added',
      [slice({ 7: 2, 9: 1 }), slice({ 7: 1, 1: 1 })],
      { assessments: 5, median_days: 7 },
    ],
    ['a wait of no days', [slice({ 0: 3, 100: 2 })], { assessments: 5, median_days: 0 }],
  ])('%s', (_what, slices, expected) => {
    const row = medianOfSlices(slices.flat())
    expect(row).toEqual(expected && { council_id: 'c', ...expected })
  })

  it('gives the median of all the waits, however they are split into slices', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 30 }), {
          minLength: 1,
          maxLength: 6,
        }),
        (slices) => {
          const rows = slices.flatMap((waits) => {
            const counts: Record<number, number> = {}
            for (const days of waits) counts[days] = (counts[days] ?? 0) + 1
            return slice(counts)
          })
          const all = slices.flat()
          const row = medianOfSlices(rows)
          if (all.length === 0) expect(row).toBeUndefined()
          else expect(row).toEqual({ council_id: 'c', assessments: all.length, median_days: median(all) })
        },
      ),
      { numRuns: 500 },
    )
  })
})
