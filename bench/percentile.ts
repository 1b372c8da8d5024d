/**
 * The p-th percentile of values sorted ascending, by the nearest-rank method
 * (the smallest value with at least p% of values at or below it); NaN for none.
 *
 * @example
 * percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95) // 10
 * percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50) // 5
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1] as number
}
