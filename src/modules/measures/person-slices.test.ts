import { describe, expect, it } from 'vitest'
import { addRows } from './person-slices.ts'

describe('addRows', () => {
  it.each([
    ['the first slice, as it is', undefined, { council_id: 'c', people: 2 }, { council_id: 'c', people: 2 }],
    [
      'a slice with nothing to count',
      { council_id: 'c', people: 2 },
      undefined,
      { council_id: 'c', people: 2 },
    ],
    ['nothing at all', undefined, undefined, undefined],
    [
      'counts, added',
      { council_id: 'c', a: 2, b: 0 },
      { council_id: 'c', a: 3, b: 4 },
      { council_id: 'c', a: 5, b: 4 },
    ],
    [
      'a sum over nothing, then a sum',
      { council_id: 'c', cost: null },
      { council_id: 'c', cost: 7 },
      { council_id: 'c', cost: 7 },
    ],
    [
      'a sum, then a sum over nothing',
      { council_id: 'c', cost: 7 },
      { council_id: 'c', cost: null },
      { council_id: 'c', cost: 7 },
    ],
    [
      'sums over nothing in both',
      { council_id: 'c', cost: null },
      { council_id: 'c', cost: null },
      { council_id: 'c', cost: null },
    ],
  ])('%s', (_what, total, row, expected) => {
    expect(addRows(total && { ...total }, row)).toEqual(expected)
  })

  it('refuses a column it cannot add, rather than keeping one slice’s value', () => {
    expect(() => addRows({ council_id: 'c', median: 3 }, { council_id: 'c', median: '4' })).toThrow(
      'Slices cannot add up median: string',
    )
  })

  it('does not change the first slice’s row', () => {
    const first = { council_id: 'c', people: 2 }
    const total = addRows(undefined, first)
    addRows(total, { council_id: 'c', people: 3 })
    expect(first.people).toBe(2)
  })
})
