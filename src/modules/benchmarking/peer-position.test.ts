import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { peerPosition, quantile, spreadOf } from './peer-position.ts'

describe('quantile (linear between closest ranks)', () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0.25, 1.75],
    [[1, 2, 3, 4], 0.75, 3.25],
    [[7], 0.5, 7],
    [[10, 20, 30], 0, 10],
    [[10, 20, 30], 1, 30],
  ])('%j at %f is %f', (values, p, expected) => {
    expect(quantile(values, p)).toBe(expected)
  })
})

describe('spreadOf', () => {
  it('describes the known values and ignores the missing', () => {
    expect(spreadOf([10, null, 30, 20])).toEqual({
      count: 3,
      min: 10,
      lowerQuartile: 15,
      median: 20,
      upperQuartile: 25,
      max: 30,
    })
  })
  it('is null with nothing known', () => {
    expect(spreadOf([null, null])).toBeNull()
  })
  it('keeps min ≤ lower quartile ≤ median ≤ upper quartile ≤ max', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1 }), (values) => {
        const s = spreadOf(values)
        expect(s).not.toBeNull()
        if (!s) return
        expect(s.min).toBeLessThanOrEqual(s.lowerQuartile)
        expect(s.lowerQuartile).toBeLessThanOrEqual(s.median)
        expect(s.median).toBeLessThanOrEqual(s.upperQuartile)
        expect(s.upperQuartile).toBeLessThanOrEqual(s.max)
      }),
    )
  })
})

describe('peerPosition', () => {
  it.each([
    {
      own: 70,
      peers: [80, 60, null, 75],
      out: { rank: 3, of: 4, peerMedian: 75, comparedWithMedian: 'below' },
    },
    { own: 90, peers: [80, 60], out: { rank: 1, of: 3, peerMedian: 70, comparedWithMedian: 'above' } },
    { own: 60, peers: [80, 60, 40], out: { rank: 2, of: 4, peerMedian: 60, comparedWithMedian: 'at' } },
    { own: null, peers: [80, 60], out: { rank: null, of: 2, peerMedian: 70, comparedWithMedian: null } },
    { own: 50, peers: [null], out: { rank: 1, of: 1, peerMedian: null, comparedWithMedian: null } },
  ])('$own among $peers', ({ own, peers, out }) => {
    expect(peerPosition(own, peers)).toEqual(out)
  })
})
