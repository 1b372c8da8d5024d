import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRandom } from './random.ts'

const draw = (seed: number, n: number) => {
  const random = createRandom(seed)
  return Array.from({ length: n }, () => random.next())
}

describe('createRandom', () => {
  it('gives the same sequence for the same seed', () => {
    expect(draw(2024, 1000)).toEqual(draw(2024, 1000))
  })

  it('keeps its sequence from release to release (synthetic councils are rebuilt from it)', () => {
    expect(draw(1, 3)).toEqual([0.4256499295588583, 0.79042171058245, 0.6910148127935827])
    expect(createRandom(0).hex8()).toBe('faa9434b')
  })

  it.each([
    [0, 1],
    [1, 2],
    [42, 43],
    [4_294_967_295, 0],
  ])('gives different sequences for seeds %i and %i', (a, b) => {
    expect(draw(a, 10)).not.toEqual(draw(b, 10))
  })

  it('stays in range for any seed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_294_967_295 }),
        fc.integer({ min: -50, max: 50 }),
        (seed, min) => {
          const random = createRandom(seed)
          for (let i = 0; i < 50; i++) {
            const x = random.next()
            expect(x).toBeGreaterThanOrEqual(0)
            expect(x).toBeLessThan(1)
            const n = random.int(min, min + 5)
            expect(Number.isInteger(n)).toBe(true)
            expect(n).toBeGreaterThanOrEqual(min)
            expect(n).toBeLessThanOrEqual(min + 5)
          }
        },
      ),
    )
  })

  it('is roughly uniform', () => {
    const random = createRandom(7)
    const buckets = new Array(10).fill(0)
    for (let i = 0; i < 100_000; i++) buckets[Math.floor(random.next() * 10)] += 1
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500)
  })

  it('picks from a weight table in proportion to the weights', () => {
    const random = createRandom(11)
    const counts = { a: 0, b: 0, c: 0 }
    for (let i = 0; i < 60_000; i++)
      counts[
        random.weighted([
          ['a', 1],
          ['b', 2],
          ['c', 3],
        ] as const)
      ] += 1
    expect(counts.a / 60_000).toBeCloseTo(1 / 6, 1)
    expect(counts.b / 60_000).toBeCloseTo(2 / 6, 1)
    expect(counts.c / 60_000).toBeCloseTo(3 / 6, 1)
  })

  it('never picks a value of weight zero', () => {
    const random = createRandom(3)
    for (let i = 0; i < 10_000; i++)
      expect(
        random.weighted([
          ['never', 0],
          ['always', 1],
        ] as const),
      ).toBe('always')
  })

  it('refuses an empty list or a table with no weight', () => {
    const random = createRandom(3)
    expect(() => random.pick([])).toThrow(RangeError)
    expect(() => random.weighted([['x', 0]])).toThrow(RangeError)
  })

  it('draws normal and exponential values with about the right mean', () => {
    const random = createRandom(5)
    let normal = 0
    let exponential = 0
    for (let i = 0; i < 20_000; i++) {
      normal += random.normal(10, 2)
      exponential += random.exponential(3)
    }
    expect(normal / 20_000).toBeCloseTo(10, 1)
    expect(exponential / 20_000).toBeGreaterThan(2.9)
    expect(exponential / 20_000).toBeLessThan(3.1)
  })
})
