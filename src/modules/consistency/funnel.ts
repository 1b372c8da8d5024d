/**
 * Funnel plots for practice consistency, after Spiegelhalter ("Funnel plots
 * for comparing institutional performance", Statistics in Medicine, 2005):
 * each practitioner's (or team's) figure beside the council's, with limits
 * that narrow as their number of requests grows, so that what a handful of
 * requests shows by chance is not read as a way of working. A point outside
 * the 95% limits is worth a conversation; outside the 99.8% limits, a look at
 * the cases. Limits assume groups differ only by chance: they are a reason to
 * ask, never a judgement.
 *
 * Pure: requests in, figures out.
 */

/** Two-sided normal quantiles: 95% (warning) and 99.8% (control) limits. */
export const LIMIT_Z = { warning: 1.959964, control: 3.090232 } as const

/** Tail probabilities matching LIMIT_Z, for the exact binomial limits. */
const TAIL = { warning: 0.025, control: 0.001 } as const

export type Position = 'far-below' | 'below' | 'within' | 'above' | 'far-above'

export interface Limits {
  warning: readonly [number, number]
  control: readonly [number, number]
}

/** One funding request as the cost funnel reads it. */
export interface CostRequest {
  group: string
  weeklyCostPence: number
  indicativeWeeklyPence: number
}

/** One decision above a practitioner's delegation as the decision funnel reads it. */
export interface DecidedRequest {
  group: string
  /** Amended or refused by whoever decided it. */
  changed: boolean
}

export interface FunnelPoint {
  group: string
  requests: number
  value: number
  limits: Limits | null
  position: Position | null
}

export interface Funnel {
  /** The council's figure: the line the limits are drawn around; null with nothing to go on. */
  centre: number | null
  requests: number
  points: FunnelPoint[]
  /** The limits for a group of n requests (null when there is no centre). */
  limitsAt(n: number): Limits | null
  /** Limits hold for whole numbers of requests only (counts), not for any n between. */
  discrete: boolean
}

/**
 * Where a value falls against its limits (on a limit counts as within).
 *
 * @example
 * positionOf(1.4, { warning: [0.8, 1.2], control: [0.7, 1.3] }) // 'far-above'
 */
export function positionOf(value: number, limits: Limits): Position {
  if (value < limits.control[0]) return 'far-below'
  if (value > limits.control[1]) return 'far-above'
  if (value < limits.warning[0]) return 'below'
  if (value > limits.warning[1]) return 'above'
  return 'within'
}

/** A point per group: its figure from its rows, and where that falls against the limits for its size. */
function pointsOf<T extends { group: string }>(
  rows: readonly T[],
  limitsAt: (n: number) => Limits | null,
  figureOf: (rows: T[]) => number,
): FunnelPoint[] {
  const groups = new Map<string, T[]>()
  for (const row of rows) {
    const list = groups.get(row.group)
    if (list) list.push(row)
    else groups.set(row.group, [row])
  }
  return [...groups].map(([group, members]) => {
    const value = figureOf(members)
    const limits = limitsAt(members.length)
    return {
      group,
      requests: members.length,
      value,
      limits,
      position: limits ? positionOf(value, limits) : null,
    }
  })
}

/** Whether a request can be weighed against its need: both amounts above nothing. */
const weighable = (r: CostRequest) => r.weeklyCostPence > 0 && r.indicativeWeeklyPence > 0

/**
 * Need-adjusted cost: each request's weekly cost over its indicative budget
 * (what the resource allocation system gave for the person's assessed need),
 * averaged on the log scale, so a group's figure is the typical ratio (1.1:
 * plans cost a tenth more than need indicates) and one very large package
 * cannot swamp it. Limits: the council's mean log ratio ± z × its spread ÷ √n.
 * Requests without both amounts are left out (`weighable`).
 *
 * @example
 * costFunnel([{ group: 'A', weeklyCostPence: 22_000, indicativeWeeklyPence: 20_000 }, …]).points[0].value // 1.1
 */
export function costFunnel(requests: readonly CostRequest[]): Funnel {
  const kept = requests.filter(weighable)
  const logs = kept.map((r) => Math.log(r.weeklyCostPence / r.indicativeWeeklyPence))
  const mean = logs.length ? logs.reduce((a, b) => a + b, 0) / logs.length : null
  const spread =
    mean !== null && logs.length > 1
      ? Math.sqrt(logs.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (logs.length - 1))
      : null
  const limitsAt = (n: number): Limits | null => {
    if (mean === null || spread === null || n < 1) return null
    const band = (z: number) =>
      [Math.exp(mean - (z * spread) / Math.sqrt(n)), Math.exp(mean + (z * spread) / Math.sqrt(n))] as const
    return { warning: band(LIMIT_Z.warning), control: band(LIMIT_Z.control) }
  }
  const points = pointsOf(kept, limitsAt, (rows) =>
    Math.exp(
      rows.reduce((sum, r) => sum + Math.log(r.weeklyCostPence / r.indicativeWeeklyPence), 0) / rows.length,
    ),
  )
  return {
    centre: mean === null ? null : Math.exp(mean),
    requests: kept.length,
    points,
    limitsAt,
    discrete: false,
  }
}

/**
 * Decisions that changed a plan: of the requests decided above the
 * practitioner, the share amended or refused. Limits are exact binomial ones
 * around the council's share, interpolated between counts as Spiegelhalter
 * sets out, so they suit the few requests a practitioner may have.
 *
 * @example
 * decisionFunnel([{ group: 'A', changed: true }, { group: 'A', changed: false }]).centre // 0.5
 */
export function decisionFunnel(requests: readonly DecidedRequest[]): Funnel {
  const changed = requests.filter((r) => r.changed).length
  const centre = requests.length ? changed / requests.length : null
  const limitsAt = (n: number): Limits | null => {
    if (centre === null || n < 1) return null
    // For very few requests the interpolated count can land on the far side of the council's share
    // (one request where 1% are changed: an upper 97.5% point of 0); a limit never crosses the centre.
    const band = (tail: number) =>
      [
        Math.min(centre, binomialLimit(n, centre, tail)),
        Math.max(centre, binomialLimit(n, centre, 1 - tail)),
      ] as const
    return { warning: band(TAIL.warning), control: band(TAIL.control) }
  }
  const points = pointsOf(requests, limitsAt, (rows) => rows.filter((r) => r.changed).length / rows.length)
  return { centre, requests: requests.length, points, limitsAt, discrete: true }
}

/**
 * The p-quantile of a Binomial(n, θ) count over n, interpolated so it moves
 * smoothly with n (Spiegelhalter 2005, appendix A.1.1): with r the smallest
 * count whose cumulative probability F(r) reaches p, the limit is
 * (r − (F(r) − p) ÷ (F(r) − F(r − 1))) ÷ n, kept within 0 and 1.
 *
 * @example
 * binomialLimit(1, 0.3, 0.975) // (1 − 0.025 ÷ 0.3) ÷ 1 ≈ 0.917
 */
export function binomialLimit(n: number, theta: number, p: number): number {
  if (theta <= 0) return 0
  if (theta >= 1) return 1
  // Probabilities by recurrence on the log scale, so large n does not underflow.
  let logProbability = n * Math.log1p(-theta)
  let below = 0
  for (let r = 0; r <= n; r++) {
    if (r > 0) logProbability += Math.log((n - r + 1) / r) + Math.log(theta / (1 - theta))
    const probability = Math.exp(logProbability)
    const cumulative = below + probability
    if (cumulative >= p || r === n) {
      const alpha = probability > 0 ? (cumulative - p) / probability : 0
      return Math.min(1, Math.max(0, (r - alpha) / n))
    }
    below = cumulative
  }
  return 1
}
