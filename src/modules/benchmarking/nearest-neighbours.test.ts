import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type ContextRow, nearestNeighbours } from './nearest-neighbours.ts'

const row = (
  code: string,
  population65plus: number | null,
  peopleInLongTermSupport: number | null,
): ContextRow => ({
  code,
  name: `Council ${code}`,
  values: { population65plus, peopleInLongTermSupport },
})

describe('nearestNeighbours: a worked example', () => {
  // Worked by hand. The pool is T, A, B and C (D has no long-term support figure).
  //
  //   population 65+:  T 100, A 120, B 80, C 100   mean 100, variance (0+400+400+0)/4 = 200, sd √200
  //   long-term support: T 10, A 12, B 10, C 20    mean 13, variance (9+1+9+49)/4 = 17,  sd √17
  //
  //   z-scores        population       long-term support
  //   T               0                −3/√17
  //   A               20/√200 = √2     −1/√17
  //   B               −√2              −3/√17
  //   C               0                7/√17
  //
  //   distance from T:  A √(2 + 4/17) = √(38/17) ≈ 1.4951
  //                     B √(2 + 0)    = √2      ≈ 1.4142
  //                     C √(0 + 100/17)          ≈ 2.4254 (the farthest)
  //   rebased (÷ C's):  A √(38/100) ≈ 0.6164, B √(34/100) ≈ 0.5831, C 1
  const result = nearestNeighbours(
    row('T', 100, 10),
    [row('A', 120, 12), row('B', 80, 10), row('C', 100, 20), row('D', 90, null)],
    ['population65plus', 'peopleInLongTermSupport'],
    2,
  )

  it('finds B then A as the two nearest', () => {
    expect(result.neighbours.map((n) => n.code)).toEqual(['B', 'A'])
  })

  it.each([
    ['A', Math.sqrt(38 / 17), Math.sqrt(0.38)],
    ['B', Math.SQRT2, Math.sqrt(0.34)],
    ['C', Math.sqrt(100 / 17), 1],
  ])('%s is at distance %f, rebased %f', (code, distance, rebased) => {
    const found = result.ranked.find((n) => n.code === code)
    expect(found?.distance).toBeCloseTo(distance, 10)
    expect(found?.rebased).toBeCloseTo(rebased, 10)
  })

  it('standardises over the pool with the population standard deviation', () => {
    expect(result.scales).toEqual([
      { variable: 'population65plus', mean: 100, standardDeviation: Math.sqrt(200) },
      { variable: 'peopleInLongTermSupport', mean: 13, standardDeviation: Math.sqrt(17) },
    ])
  })

  it('leaves out a candidate without a figure, and says which', () => {
    expect(result.excluded).toEqual([{ code: 'D', name: 'Council D', missing: ['peopleInLongTermSupport'] }])
  })
})

describe('nearestNeighbours: edges', () => {
  it('does not use a variable the council has no figure for', () => {
    const result = nearestNeighbours(
      row('T', 100, null),
      [row('A', 120, 12), row('B', 90, 10)],
      ['population65plus', 'peopleInLongTermSupport'],
      5,
    )
    expect(result.variables).toEqual(['population65plus'])
    expect(result.unusedVariables).toEqual(['peopleInLongTermSupport'])
    expect(result.neighbours.map((n) => n.code)).toEqual(['B', 'A'])
  })

  it('gives every candidate distance 0 when nothing varies, in code order', () => {
    const result = nearestNeighbours(
      row('T', 100, 10),
      [row('B', 100, 10), row('A', 100, 10)],
      ['population65plus'],
      5,
    )
    expect(result.ranked).toEqual([
      { code: 'A', name: 'Council A', distance: 0, rebased: 0 },
      { code: 'B', name: 'Council B', distance: 0, rebased: 0 },
    ])
  })

  it('never counts the council as its own neighbour', () => {
    const result = nearestNeighbours(
      row('T', 100, 10),
      [row('T', 100, 10), row('A', 50, 5)],
      ['population65plus'],
      5,
    )
    expect(result.ranked.map((n) => n.code)).toEqual(['A'])
  })

  it('is unchanged when every figure is scaled or shifted (z-scores)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 })), {
          minLength: 3,
          maxLength: 12,
        }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: -500, max: 500 }),
        (figures, scale, shift) => {
          const rows = figures.map(([a, b], i) => row(`C${String(i).padStart(2, '0')}`, a, b))
          const moved = rows.map((r) => ({
            ...r,
            values: {
              population65plus: (r.values.population65plus as number) * scale + shift,
              peopleInLongTermSupport: r.values.peopleInLongTermSupport,
            },
          }))
          const [first, ...rest] = rows
          const [movedFirst, ...movedRest] = moved
          const before = nearestNeighbours(
            first as ContextRow,
            rest,
            ['population65plus', 'peopleInLongTermSupport'],
            3,
          )
          const after = nearestNeighbours(
            movedFirst as ContextRow,
            movedRest,
            ['population65plus', 'peopleInLongTermSupport'],
            3,
          )
          for (const [i, n] of after.ranked.entries()) {
            expect(n.rebased).toBeCloseTo(before.ranked[i]?.rebased ?? Number.NaN, 6)
          }
        },
      ),
    )
  })
})
