/**
 * A small seeded pseudo-random number generator for synthetic councils: the
 * same seed always gives the same sequence, on any machine, so a synthetic
 * council can be rebuilt exactly. sfc32 (Chris Doty-Humphrey's Small Fast
 * Counting generator, 32-bit), its four words filled from the seed by
 * splitmix32. Not for secrets.
 */

/** A table of values and their relative weights (they need not sum to 1). */
export type Weights<T> = readonly (readonly [T, number])[]

export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** A whole number from min to max, both included. */
  int(min: number, max: number): number
  /** A float from min (included) to max (excluded). */
  between(min: number, max: number): number
  /** True with probability p. */
  chance(p: number): boolean
  /** One item of a non-empty list, each equally likely. */
  pick<T>(list: readonly T[]): T
  /** One value of a weight table, in proportion to its weight. */
  weighted<T>(table: Weights<T>): T
  /** A normally distributed float (Box–Muller). */
  normal(mean: number, sd: number): number
  /** An exponentially distributed float with the given mean. */
  exponential(mean: number): number
  /** Eight lowercase hex digits. */
  hex8(): string
}

const UINT32 = 4_294_967_296

/**
 * Creates a generator from a seed (any whole number; it is taken modulo 2³²).
 *
 * @example
 * const random = createRandom(42)
 * random.int(1, 6) // the same roll every time for seed 42
 * random.weighted([['yes', 3], ['no', 1]]) // 'yes' three times in four
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0
  const splitmix32 = () => {
    state = (state + 0x9e3779b9) | 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = splitmix32()
  let b = splitmix32()
  let c = splitmix32()
  let d = splitmix32()
  const nextUint32 = () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  // The first outputs of a freshly seeded sfc32 are weakly mixed.
  for (let i = 0; i < 12; i++) nextUint32()

  const next = () => nextUint32() / UINT32
  const random: Random = {
    next,
    int(min, max) {
      return min + Math.floor(next() * (max - min + 1))
    },
    between(min, max) {
      return min + next() * (max - min)
    },
    chance(p) {
      return next() < p
    },
    pick(list) {
      if (list.length === 0) throw new RangeError('Cannot pick from an empty list')
      return list[Math.floor(next() * list.length)] as (typeof list)[number]
    },
    weighted(table) {
      let total = 0
      for (const [, weight] of table) total += weight
      if (!(total > 0)) throw new RangeError('A weight table needs a positive total weight')
      let target = next() * total
      for (const [value, weight] of table) {
        target -= weight
        if (target < 0) return value
      }
      // Rounding can leave a sliver at the very top: it belongs to the last entry.
      return (table[table.length - 1] as (typeof table)[number])[0]
    },
    normal(mean, sd) {
      const u = 1 - next()
      const v = next()
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    },
    exponential(mean) {
      return -mean * Math.log(1 - next())
    },
    hex8() {
      return nextUint32().toString(16).padStart(8, '0')
    },
  }
  return random
}
