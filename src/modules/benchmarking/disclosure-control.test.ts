import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Cell, controlCounts, type Relation, roundToFive } from './disclosure-control.ts'

describe('roundToFive', () => {
  it.each([
    [5, 5],
    [6, 5],
    [7, 5],
    [8, 10],
    [12, 10],
    [13, 15],
    [1002, 1000],
    [1003, 1005],
  ])('%i is published as %i', (count, published) => {
    expect(roundToFive(count)).toBe(published)
  })
})

describe('controlCounts: one measure (denominator = numerator + everyone else)', () => {
  const measure = (n: number | null, d: number | null) =>
    controlCounts(
      [
        { id: 'n', value: n },
        { id: 'd', value: d },
        { id: 'rest', value: n === null || d === null ? null : d - n, hidden: true },
      ],
      [{ total: 'd', parts: ['n', 'rest'] }],
    )
  it.each([
    // numerator, denominator → published numerator, denominator, why the numerator is missing
    { n: 3, d: 120, out: [null, 120], why: 'primary' },
    { n: 0, d: 40, out: [null, 40], why: 'primary' },
    { n: 118, d: 120, out: [null, 120], why: 'secondary' },
    { n: 120, d: 120, out: [null, 120], why: 'secondary' },
    { n: 2, d: 4, out: [null, null], why: 'primary' },
    { n: 6, d: 9, out: [null, 10], why: 'secondary' },
    { n: 48, d: 120, out: [50, 120], why: null },
    { n: 5, d: 10, out: [5, 10], why: null },
    { n: 7, d: null, out: [5, null], why: null },
  ])('$n of $d publishes $out', ({ n, d, out, why }) => {
    const result = measure(n, d)
    expect([result.get('n')?.published, result.get('d')?.published]).toEqual(out)
    expect(result.get('n')?.suppressed).toBe(why)
    expect(result.get('rest')?.published).toBeNull()
  })
})

describe('controlCounts: nested numerators (direct payments within self-directed support)', () => {
  // d = everyone; sds = dp + managed; the managed and commissioned counts are never published.
  const nested = (dp: number, managed: number, commissioned: number) =>
    controlCounts(
      [
        { id: 'd', value: dp + managed + commissioned },
        { id: 'sds', value: dp + managed },
        { id: 'dp', value: dp },
        { id: 'managed', value: managed, hidden: true },
        { id: 'not-sds', value: commissioned, hidden: true },
        { id: 'not-dp', value: managed + commissioned, hidden: true },
      ],
      [
        { total: 'd', parts: ['sds', 'not-sds'] },
        { total: 'd', parts: ['dp', 'not-dp'] },
        { total: 'sds', parts: ['dp', 'managed'] },
      ],
    )
  it('suppresses one of the two numerators when only a few have a managed budget', () => {
    const result = nested(40, 2, 60)
    expect(result.get('dp')?.suppressed).toBe('secondary')
    expect(result.get('sds')?.published).toBe(40)
    expect(result.get('d')?.published).toBe(100)
  })
  it('publishes both when every group is large', () => {
    const result = nested(40, 20, 60)
    expect([result.get('dp')?.published, result.get('sds')?.published, result.get('d')?.published]).toEqual([
      40, 60, 120,
    ])
  })
})

// ── The attacker ────────────────────────────────────────────────────────────
// A table of counts built from a few "leaf" counts: every other cell is a sum of
// some of them, and each sum is a relation. The attacker knows the structure,
// the rule (this very function) and the published figures, and tries every
// possible set of true counts in a generous box: whichever sets give exactly
// the same publication are what the attacker cannot tell apart. A suppressed
// count, or a small unpublished remainder, must take at least two values
// among them — else it has been recovered — and a small remainder must also
// be able to be 5 or more, else the attacker learns that only a few people
// are left (the "all but a few" disclosure) — unless a published cell that
// holds it is itself under 5, which its suppression already says.

interface Structure {
  leaves: number
  /** Each derived cell is the sum of these leaves (and of the derived cells it contains). */
  sums: number[][]
  hidden: boolean[]
}

function cellsAndRelations(structure: Structure, values: number[]) {
  const cells: Cell[] = []
  const relations: Relation[] = []
  const leafId = (i: number) => `leaf${i}`
  for (let i = 0; i < structure.leaves; i++) {
    cells.push({ id: leafId(i), value: values[i] ?? 0, hidden: structure.hidden[i] ?? false })
  }
  structure.sums.forEach((members, s) => {
    const id = `sum${s}`
    const hidden = structure.hidden[structure.leaves + s] ?? false
    cells.push({ id, value: members.reduce((total, i) => total + (values[i] ?? 0), 0), hidden })
    // The sum's parts: the largest earlier sums inside it, then the leaves not yet covered.
    const covered = new Set<number>()
    const parts: string[] = []
    for (let t = s - 1; t >= 0; t--) {
      const inner = structure.sums[t] ?? []
      if (inner.length < members.length && inner.every((i) => members.includes(i) && !covered.has(i))) {
        parts.push(`sum${t}`)
        for (const i of inner) covered.add(i)
      }
    }
    for (const i of members) if (!covered.has(i)) parts.push(leafId(i))
    relations.push({ total: id, parts })
  })
  return { cells, relations }
}

function publication(structure: Structure, values: number[]) {
  const { cells, relations } = cellsAndRelations(structure, values)
  const controlled = controlCounts(cells, relations)
  return {
    key: cells.map((cell) => `${cell.id}=${controlled.get(cell.id)?.published ?? 'x'}`).join(','),
    cells,
    controlled,
  }
}

/**
 * Tables as the pack builder makes them: a total split into parts, parts split
 * again (nested, never crossing), any leaf possibly an unpublished remainder.
 * Each sum is a run of consecutive leaves, and runs never cross.
 */
const structures: fc.Arbitrary<Structure> = fc.integer({ min: 2, max: 4 }).chain((leaves) =>
  fc
    .array(
      fc
        .tuple(fc.integer({ min: 0, max: leaves - 1 }), fc.integer({ min: 0, max: leaves - 1 }))
        .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const)
        .filter(([a, b]) => b > a),
      { maxLength: 3 },
    )
    .map((runs) => {
      const kept: (readonly [number, number])[] = [[0, leaves - 1]]
      for (const [a, b] of runs) {
        const crosses = kept.some(([c, d]) => (a < c && c <= b && b < d) || (c < a && a <= d && d < b))
        if (!crosses && !kept.some(([c, d]) => c === a && d === b)) kept.push([a, b])
      }
      return kept
        .map(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i))
        .sort((x, y) => x.length - y.length)
    })
    .chain((sums) =>
      fc.record({
        leaves: fc.constant(leaves),
        sums: fc.constant(sums),
        // Only leaves are ever unpublished remainders ("everyone else"), as in a pack.
        hidden: fc
          .array(fc.boolean(), { minLength: leaves, maxLength: leaves })
          .map((flags) => [...flags, ...sums.map(() => false)]),
      }),
    ),
)

function* everyValueSet(leaves: number, max: number): Generator<number[]> {
  const values = new Array(leaves).fill(0)
  while (true) {
    yield values
    let i = 0
    while (i < leaves && values[i] === max) values[i++] = 0
    if (i === leaves) return
    values[i] += 1
  }
}

describe('controlCounts against an attacker who knows the rule', () => {
  /**
   * Publishes every set of true counts in the box once, groups them by what
   * was published, and checks each set of true counts (up to `truthMax` in each
   * leaf) against the others in its group. The box reaches well past the
   * truths so that its edge tells the attacker nothing.
   */
  function attack(structure: Structure, box: number, truthMax: number): string[] {
    const groups = new Map<string, ReturnType<typeof publication>[]>()
    for (const values of everyValueSet(structure.leaves, box)) {
      const outcome = publication(structure, values)
      const group = groups.get(outcome.key)
      if (group) group.push(outcome)
      else groups.set(outcome.key, [outcome])
    }
    const leavesOf = (id: string) =>
      id.startsWith('leaf') ? [Number(id.slice(4))] : (structure.sums[Number(id.slice(3))] ?? [])
    const failures: string[] = []
    for (const [key, group] of groups) {
      // What the attacker can say of each cell: every value it takes in the group.
      const possible = new Map<string, Set<number>>()
      for (const outcome of group) {
        for (const cell of outcome.cells) {
          const seen = possible.get(cell.id) ?? new Set<number>()
          seen.add(cell.value ?? -1)
          possible.set(cell.id, seen)
        }
      }
      for (const truth of group) {
        const leaves = truth.cells.slice(0, structure.leaves)
        if (leaves.some((cell) => (cell.value ?? 0) > truthMax)) continue
        const inSmallGroup = (id: string) =>
          truth.cells.some(
            (outer) =>
              !outer.hidden &&
              truth.controlled.get(outer.id)?.suppressed === 'primary' &&
              leavesOf(id).every((leaf) => leavesOf(outer.id).includes(leaf)),
          )
        for (const cell of truth.cells) {
          const small = cell.hidden === true && (cell.value ?? 0) < 5
          if (!truth.controlled.get(cell.id)?.suppressed && !small) continue
          const values = possible.get(cell.id) ?? new Set<number>()
          const counts = leaves.map((leaf) => leaf.value).join(',')
          if (values.size < 2) failures.push(`${cell.id} recovered from ${key} (true counts ${counts})`)
          else if (small && !inSmallGroup(cell.id) && Math.max(...values) < 5) {
            failures.push(`${cell.id} known to be under 5 from ${key} (true counts ${counts})`)
          }
        }
      }
    }
    return failures
  }

  it('never lets a suppressed count or a small remainder be recovered or bounded under 5, by any differencing of totals and parts', () => {
    fc.assert(
      fc.property(structures, (structure) => {
        const [box, truthMax] =
          structure.leaves === 4 ? [17, 6] : structure.leaves === 3 ? [26, 10] : [34, 14]
        const failures = attack(structure, box, truthMax)
        expect(failures.slice(0, 3), JSON.stringify(structure)).toEqual([])
      }),
      { numRuns: 30 },
    )
  }, 120_000)

  it('publishes only multiples of 5 of at least 5, each within 2 of the truth', () => {
    fc.assert(
      fc.property(
        structures,
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 4, maxLength: 4 }),
        (structure, values) => {
          const { cells, controlled } = publication(structure, values)
          for (const cell of cells) {
            const published = controlled.get(cell.id)?.published
            if (published === null || published === undefined) continue
            expect(cell.hidden).toBeFalsy()
            expect(published % 5).toBe(0)
            expect(published).toBeGreaterThanOrEqual(5)
            expect(Math.abs(published - (cell.value ?? 0))).toBeLessThanOrEqual(2)
          }
        },
      ),
    )
  })
})

describe('controlCounts on the shape of ASCOF 3D (two nested numerators over one denominator)', () => {
  // Everyone in community support is dp + managed + commissioned. Published: the
  // denominator, self-directed support (dp + managed) and direct payments (dp).
  const shape = (dp: number, managed: number, commissioned: number) => {
    const cells: Cell[] = [
      { id: 'everyone', value: dp + managed + commissioned },
      { id: 'sds', value: dp + managed },
      { id: 'dp', value: dp },
      { id: 'managed', value: managed, hidden: true },
      { id: 'commissioned', value: commissioned, hidden: true },
      { id: 'not-dp', value: managed + commissioned, hidden: true },
    ]
    const relations: Relation[] = [
      { total: 'everyone', parts: ['sds', 'commissioned'] },
      { total: 'everyone', parts: ['dp', 'not-dp'] },
      { total: 'sds', parts: ['dp', 'managed'] },
    ]
    const controlled = controlCounts(cells, relations)
    return { cells, controlled, key: cells.map((c) => controlled.get(c.id)?.published ?? 'x').join(',') }
  }

  it('lets no small group be recovered or known to be small, for every count from 0 to 11 in each group', () => {
    const groups = new Map<string, ReturnType<typeof shape>[]>()
    const range = [...Array(36).keys()]
    for (const dp of range)
      for (const managed of range)
        for (const commissioned of range) {
          const published = shape(dp, managed, commissioned)
          groups.set(published.key, [...(groups.get(published.key) ?? []), published])
        }
    const leaf = (one: ReturnType<typeof shape>, id: string) => one.cells.find((c) => c.id === id)?.value ?? 0
    for (const truth of groups.values()) {
      for (const one of truth) {
        // Truths up to 11 in each group; candidates up to 35, so the box's edge tells the attacker nothing.
        if (['dp', 'managed', 'commissioned'].some((id) => leaf(one, id) > 11)) continue
        for (const cell of one.cells) {
          const small = cell.hidden && (cell.value ?? 0) < 5
          if (!one.controlled.get(cell.id)?.suppressed && !small) continue
          if (one.controlled.get('everyone')?.suppressed === 'primary') continue
          const values = new Set(truth.map((t) => t.cells.find((c) => c.id === cell.id)?.value))
          expect(values.size, `${cell.id} in ${one.key}`).toBeGreaterThan(1)
          if (small)
            expect(
              Math.max(...(values as Set<number>)),
              `${cell.id} small in ${one.key}`,
            ).toBeGreaterThanOrEqual(5)
        }
      }
    }
  })
})
