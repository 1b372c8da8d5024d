import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  binomialLimit,
  type CostRequest,
  costFunnel,
  decisionFunnel,
  LIMIT_Z,
  type Limits,
  positionOf,
} from './funnel.ts'

const LIMITS: Limits = { warning: [0.8, 1.2], control: [0.7, 1.3] }

describe('positionOf', () => {
  it.each([
    [0.69, 'far-below'],
    [0.7, 'below'],
    [0.79, 'below'],
    [0.8, 'within'],
    [1, 'within'],
    [1.2, 'within'],
    [1.21, 'above'],
    [1.3, 'above'],
    [1.31, 'far-above'],
  ] as const)('%s is %s', (value, position) => {
    expect(positionOf(value, LIMITS)).toBe(position)
  })
})

describe('binomialLimit', () => {
  it.each([
    // One request at a share of 0.3: F(0) = 0.7, F(1) = 1.
    ['the upper 97.5% point of one request', 1, 0.3, 0.975, (1 - 0.025 / 0.3) / 1],
    ['the lower 2.5% point of one request, below nothing, is nothing', 1, 0.3, 0.025, 0],
    // Two requests at 0.5: F(0) = 0.25, F(1) = 0.75, F(2) = 1.
    ['the median of two requests at a half', 2, 0.5, 0.5, (1 - (0.75 - 0.5) / 0.5) / 2],
    ['the upper 97.5% point of two requests at a half', 2, 0.5, 0.975, (2 - 0.025 / 0.25) / 2],
    ['a share of nothing has limits of nothing', 50, 0, 0.975, 0],
    ['a share of all has limits of all', 50, 1, 0.025, 1],
  ])('%s', (_what, n, theta, p, expected) => {
    expect(binomialLimit(n, theta, p)).toBeCloseTo(expected, 10)
  })

  it('comes close to the normal approximation for many requests', () => {
    const n = 10_000
    const theta = 0.2
    const normal = theta + LIMIT_Z.warning * Math.sqrt((theta * (1 - theta)) / n)
    expect(binomialLimit(n, theta, 0.975)).toBeCloseTo(normal, 3)
  })

  it('does not underflow for a large number of requests', () => {
    expect(binomialLimit(100_000, 0.5, 0.001)).toBeGreaterThan(0.49)
  })

  it('never leaves 0–1 and grows with p (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.0005, max: 0.9995, noNaN: true }),
        fc.double({ min: 0.0005, max: 0.9995, noNaN: true }),
        (n, theta, p, q) => {
          const [low, high] = p <= q ? [p, q] : [q, p]
          const a = binomialLimit(n, theta, low)
          const b = binomialLimit(n, theta, high)
          expect(a).toBeGreaterThanOrEqual(0)
          expect(b).toBeLessThanOrEqual(1)
          expect(a).toBeLessThanOrEqual(b + 1e-12)
        },
      ),
    )
  })
})

const request = (group: string, cost: number, indicative: number): CostRequest => ({
  group,
  weeklyCostPence: cost,
  indicativeWeeklyPence: indicative,
})

describe('costFunnel', () => {
  it('is the geometric mean of cost over indicative budget, by group and for the council', () => {
    const funnel = costFunnel([
      request('A', 20_000, 10_000),
      request('A', 5_000, 10_000),
      request('B', 30_000, 10_000),
      request('B', 30_000, 10_000),
    ])
    const a = funnel.points.find((p) => p.group === 'A')
    const b = funnel.points.find((p) => p.group === 'B')
    expect(a?.value).toBeCloseTo(1, 12) // √(2 × 0.5)
    expect(b?.value).toBeCloseTo(3, 12)
    expect(funnel.centre).toBeCloseTo(Math.sqrt(3), 12) // (2 × 0.5 × 3 × 3)^¼
    expect(funnel.requests).toBe(4)
    expect(a?.requests).toBe(2)
  })

  it('draws limits at the mean log ratio ± z × spread ÷ √n', () => {
    const logs = [Math.log(2), Math.log(0.5), Math.log(3), Math.log(3)]
    const mean = logs.reduce((x, y) => x + y) / 4
    const sd = Math.sqrt(logs.reduce((s, x) => s + (x - mean) ** 2, 0) / 3)
    const funnel = costFunnel([
      request('A', 20_000, 10_000),
      request('A', 5_000, 10_000),
      request('B', 30_000, 10_000),
      request('B', 30_000, 10_000),
    ])
    const limits = funnel.limitsAt(2)
    expect(limits?.warning[1]).toBeCloseTo(Math.exp(mean + (LIMIT_Z.warning * sd) / Math.sqrt(2)), 12)
    expect(limits?.control[0]).toBeCloseTo(Math.exp(mean - (LIMIT_Z.control * sd) / Math.sqrt(2)), 12)
  })

  it.each([
    ['no indicative budget', request('A', 10_000, 0)],
    ['a plan of one-off costs only', request('A', 0, 10_000)],
  ])('leaves out a request with %s', (_what, left) => {
    const funnel = costFunnel([left, request('A', 10_000, 10_000), request('B', 20_000, 10_000)])
    expect(funnel.requests).toBe(2)
    expect(funnel.points.find((p) => p.group === 'A')?.requests).toBe(1)
  })

  it('has no centre and no limits with nothing to weigh, and no limits with one request', () => {
    expect(costFunnel([]).centre).toBeNull()
    const one = costFunnel([request('A', 10_000, 10_000)])
    expect(one.centre).toBe(1)
    expect(one.points[0]?.limits).toBeNull()
    expect(one.points[0]?.position).toBeNull()
  })

  it('flags the group far above a council that otherwise plans to need', () => {
    const requests = [
      ...Array.from({ length: 40 }, (_, i) => request(`P${i % 8}`, 10_000 + (i % 5) * 100, 10_000)),
      ...Array.from({ length: 10 }, () => request('Generous', 16_000, 10_000)),
    ]
    const generous = costFunnel(requests).points.find((p) => p.group === 'Generous')
    expect(generous?.position).toBe('far-above')
  })

  it('keeps the centre between its limits, limits narrowing with more requests (property)', () => {
    const row = fc.record({
      group: fc.constantFrom('A', 'B', 'C'),
      weeklyCostPence: fc.integer({ min: 0, max: 500_000 }),
      indicativeWeeklyPence: fc.integer({ min: 0, max: 500_000 }),
    })
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.integer({ min: 1, max: 200 }), (rows, n) => {
        const funnel = costFunnel(rows)
        const small = funnel.limitsAt(n)
        const large = funnel.limitsAt(n + 1)
        if (!small || !large || funnel.centre === null) return
        for (const level of ['warning', 'control'] as const) {
          expect(small[level][0]).toBeLessThanOrEqual(funnel.centre * (1 + 1e-12))
          expect(small[level][1]).toBeGreaterThanOrEqual(funnel.centre * (1 - 1e-12))
          expect(large[level][1] - large[level][0]).toBeLessThanOrEqual(
            small[level][1] - small[level][0] + 1e-9,
          )
        }
        // Every kept request is in exactly one group.
        expect(funnel.points.reduce((sum, p) => sum + p.requests, 0)).toBe(funnel.requests)
      }),
    )
  })
})

describe('decisionFunnel', () => {
  it('is the share amended or refused, by group and for the council', () => {
    const funnel = decisionFunnel([
      { group: 'A', changed: true },
      { group: 'A', changed: false },
      { group: 'B', changed: false },
      { group: 'B', changed: false },
    ])
    expect(funnel.centre).toBe(0.25)
    expect(funnel.points).toEqual([
      expect.objectContaining({ group: 'A', requests: 2, value: 0.5 }),
      expect.objectContaining({ group: 'B', requests: 2, value: 0 }),
    ])
    expect(funnel.limitsAt(2)?.warning[1]).toBeCloseTo(binomialLimit(2, 0.25, 0.975), 12)
  })

  it('flags a team manager who changes most of one practitioner’s plans when few others are changed', () => {
    const requests = [
      ...Array.from({ length: 200 }, (_, i) => ({ group: `P${i % 10}`, changed: i % 20 === 0 })),
      ...Array.from({ length: 20 }, (_, i) => ({ group: 'Overruled', changed: i < 12 })),
    ]
    expect(decisionFunnel(requests).points.find((p) => p.group === 'Overruled')?.position).toBe('far-above')
  })

  it('has no centre with no decisions', () => {
    const funnel = decisionFunnel([])
    expect(funnel.centre).toBeNull()
    expect(funnel.limitsAt(5)).toBeNull()
  })

  it('keeps every share and limit within 0–1, the centre inside its limits (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ group: fc.constantFrom('A', 'B'), changed: fc.boolean() }), {
          minLength: 1,
          maxLength: 80,
        }),
        (rows) => {
          const funnel = decisionFunnel(rows)
          for (const point of funnel.points) {
            expect(point.value).toBeGreaterThanOrEqual(0)
            expect(point.value).toBeLessThanOrEqual(1)
            const limits = point.limits as Limits
            expect(limits.control[0]).toBeLessThanOrEqual(limits.warning[0] + 1e-12)
            expect(limits.warning[0]).toBeLessThanOrEqual((funnel.centre as number) + 1e-12)
            expect(limits.warning[1]).toBeGreaterThanOrEqual((funnel.centre as number) - 1e-12)
            expect(limits.control[1]).toBeGreaterThanOrEqual(limits.warning[1] - 1e-12)
          }
        },
      ),
    )
  })
})
