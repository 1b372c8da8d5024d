/**
 * Where a council stands among its peers on one measure, and how spread out
 * the peers are. Pure: no I/O.
 */

export interface Spread {
  /** How many councils had a value (the council itself included when it has one). */
  count: number
  min: number
  lowerQuartile: number
  median: number
  upperQuartile: number
  max: number
}

export interface PeerPosition {
  /** 1 is the highest value; councils with equal values share a rank. Null when the council has no value. */
  rank: number | null
  /** How many councils were ranked (the council and its peers with a value). */
  of: number
  /** The peers' median (without the council); null when no peer has a value. */
  peerMedian: number | null
  /** 'above' or 'below' the peers' median, or 'at' it. */
  comparedWithMedian: 'above' | 'below' | 'at' | null
}

const sorted = (values: readonly (number | null)[]) =>
  values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b)

/**
 * A quantile by linear interpolation between the closest ranks (Excel's
 * QUARTILE.INC, R's type 7).
 *
 * @example
 * quantile([1, 2, 3, 4], 0.5) // 2.5
 * quantile([1, 2, 3, 4], 0.25) // 1.75
 */
export function quantile(ascending: readonly number[], p: number): number {
  if (!ascending.length) throw new Error('No values')
  const position = (ascending.length - 1) * p
  const below = Math.floor(position)
  const above = Math.ceil(position)
  const low = ascending[below] as number
  return low + ((ascending[above] as number) - low) * (position - below)
}

/**
 * The spread of a set of values, or null when none is known.
 *
 * @example
 * spreadOf([10, null, 30, 20]) // { count: 3, min: 10, lowerQuartile: 15, median: 20, upperQuartile: 25, max: 30 }
 */
export function spreadOf(values: readonly (number | null)[]): Spread | null {
  const known = sorted(values)
  if (!known.length) return null
  return {
    count: known.length,
    min: known[0] as number,
    lowerQuartile: quantile(known, 0.25),
    median: quantile(known, 0.5),
    upperQuartile: quantile(known, 0.75),
    max: known[known.length - 1] as number,
  }
}

/**
 * The council's rank among itself and its peers (highest first) and how it
 * compares with the peers' median. Whether high is good depends on the
 * measure, so the words stay neutral.
 *
 * @example
 * peerPosition(70, [80, 60, null, 75]) // { rank: 3, of: 4, peerMedian: 75, comparedWithMedian: 'below' }
 */
export function peerPosition(own: number | null, peers: readonly (number | null)[]): PeerPosition {
  const known = sorted(peers)
  const peerMedian = known.length ? quantile(known, 0.5) : null
  if (own === null || !Number.isFinite(own)) {
    return { rank: null, of: known.length, peerMedian, comparedWithMedian: null }
  }
  const rank = 1 + known.filter((value) => value > own).length
  const comparedWithMedian =
    peerMedian === null ? null : own > peerMedian ? 'above' : own < peerMedian ? 'below' : 'at'
  return { rank, of: known.length + 1, peerMedian, comparedWithMedian }
}
