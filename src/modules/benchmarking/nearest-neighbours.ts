/**
 * Nearest neighbours, the way CIPFA finds a council's statistical peers: each
 * context variable is turned into a z-score across the councils being
 * compared (so a population of 300,000 and a deprivation score of 25 weigh
 * the same), the distance between two councils is the Euclidean distance
 * between their z-scores, and distances are rebased so the farthest candidate
 * is 1 and an identical council would be 0. Every variable weighs the same.
 * Pure: no I/O.
 */

export interface ContextRow {
  code: string
  name: string
  /** Variable name → value; null or absent when the council has no figure. */
  values: Readonly<Record<string, number | null | undefined>>
}

export interface Neighbour {
  code: string
  name: string
  /** Euclidean distance between z-scores. */
  distance: number
  /** The distance divided by the farthest candidate's: 0 to 1. */
  rebased: number
}

export interface NeighbourResult {
  /** Nearest first, at most k. */
  neighbours: Neighbour[]
  /** Every comparable candidate, nearest first. */
  ranked: Neighbour[]
  /** The variables used: those the council itself has a figure for. */
  variables: string[]
  /** Variables asked for that the council has no figure for, so left out. */
  unusedVariables: string[]
  /** Candidates left out for want of a figure, and which. */
  excluded: { code: string; name: string; missing: string[] }[]
  /** Mean and standard deviation of each variable over the council and the comparable candidates. */
  scales: { variable: string; mean: number; standardDeviation: number }[]
}

const has = (row: ContextRow, variable: string) => {
  const value = row.values[variable]
  return typeof value === 'number' && Number.isFinite(value)
}

/**
 * The k councils nearest to `council` among `candidates` on the chosen
 * variables. Standard deviations are of the whole pool (the council and its
 * comparable candidates, divided by their number); a variable that does not
 * vary adds nothing. Ties are broken by code.
 *
 * @example
 * nearestNeighbours(
 *   { code: 'T', name: 'Target', values: { population65plus: 100 } },
 *   [{ code: 'A', name: 'A', values: { population65plus: 120 } }, { code: 'B', name: 'B', values: { population65plus: 90 } }],
 *   ['population65plus'],
 *   1,
 * ).neighbours[0].code // 'B'
 */
export function nearestNeighbours(
  council: ContextRow,
  candidates: readonly ContextRow[],
  variables: readonly string[],
  k: number,
): NeighbourResult {
  const used = variables.filter((variable) => has(council, variable))
  const unusedVariables = variables.filter((variable) => !has(council, variable))
  const others = candidates.filter((candidate) => candidate.code !== council.code)
  const excluded = others
    .map((candidate) => ({
      code: candidate.code,
      name: candidate.name,
      missing: used.filter((variable) => !has(candidate, variable)),
    }))
    .filter((candidate) => candidate.missing.length > 0)
  const comparable = others.filter((candidate) => used.every((variable) => has(candidate, variable)))
  const pool = [council, ...comparable]

  const scales = used.map((variable) => {
    const values = pool.map((row) => row.values[variable] as number)
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length
    return { variable, mean, standardDeviation: Math.sqrt(variance) }
  })
  const zScores = (row: ContextRow) =>
    scales.map(({ variable, mean, standardDeviation }) =>
      standardDeviation === 0 ? 0 : ((row.values[variable] as number) - mean) / standardDeviation,
    )
  const target = zScores(council)
  const distances = comparable.map((candidate) => {
    const z = zScores(candidate)
    return {
      code: candidate.code,
      name: candidate.name,
      distance: Math.sqrt(z.reduce((sum, value, i) => sum + (value - (target[i] as number)) ** 2, 0)),
    }
  })
  const farthest = Math.max(0, ...distances.map((d) => d.distance))
  const ranked = distances
    .map((d) => ({ ...d, rebased: farthest === 0 ? 0 : d.distance / farthest }))
    .sort((a, b) => a.distance - b.distance || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  return {
    neighbours: ranked.slice(0, Math.max(0, k)),
    ranked,
    variables: used,
    unusedVariables,
    excluded,
    scales,
  }
}
