/**
 * Calibrating the RAS on the council's own history (the In Control RAS
 * method): take approved plans, score each person's assessment with the
 * configuration's points, and fit the rate per point that best predicts what
 * was approved. Pure: least squares through the origin (no points, no money),
 * reported with how well it fits.
 */

/** One approved plan: the points its assessment scores and the weekly amount approved. */
export interface CalibrationSample {
  points: number
  weeklyPence: number
}

export interface CalibrationReport {
  /** Approved plans used. */
  n: number
  /** Whether there were enough plans (and points) to fit a rate. */
  fitted: boolean
  /** The fitted rate in whole pence a point a week; null when not fitted. */
  ratePerPointPence: number | null
  /** Share of the variation in approved amounts the fitted rate explains (1 is perfect; below 0 is worse than the mean). */
  rSquared: number | null
  /** Mean absolute difference between approved and predicted weekly amounts, in pence. */
  meanAbsoluteErrorPence: number | null
  /** Mean approved weekly amount, in pence. */
  meanWeeklyPence: number | null
  /** Why it could not be fitted. */
  message: string
}

/** Fewer plans than this say more about the plans than about the council. */
export const MINIMUM_SAMPLES = 5

/**
 * Fits the rate per point from approved plans and reports the fit.
 *
 * @example
 * calibrateRate([{ points: 10, weeklyPence: 10_000 }, { points: 20, weeklyPence: 20_000 }, …])
 * // { n: 5, fitted: true, ratePerPointPence: 1000, rSquared: 1, meanAbsoluteErrorPence: 0, … }
 */
export function calibrateRate(samples: readonly CalibrationSample[]): CalibrationReport {
  const n = samples.length
  const meanWeeklyPence = n > 0 ? samples.reduce((sum, s) => sum + s.weeklyPence, 0) / n : null
  const unfitted = (message: string): CalibrationReport => ({
    n,
    fitted: false,
    ratePerPointPence: null,
    rSquared: null,
    meanAbsoluteErrorPence: null,
    meanWeeklyPence,
    message,
  })
  if (n < MINIMUM_SAMPLES) {
    return unfitted(
      `Only ${n} approved plan${n === 1 ? '' : 's'} with an assessment: at least ${MINIMUM_SAMPLES} are needed to fit a rate`,
    )
  }
  const sumPointsSquared = samples.reduce((sum, s) => sum + s.points * s.points, 0)
  if (sumPointsSquared === 0) return unfitted('None of the approved plans’ assessments scores any points')
  const sumProducts = samples.reduce((sum, s) => sum + s.points * s.weeklyPence, 0)
  const ratePerPointPence = Math.round(sumProducts / sumPointsSquared)
  const mean = meanWeeklyPence as number
  let residualSquares = 0
  let totalSquares = 0
  let absoluteErrors = 0
  for (const s of samples) {
    const error = s.weeklyPence - s.points * ratePerPointPence
    residualSquares += error * error
    totalSquares += (s.weeklyPence - mean) ** 2
    absoluteErrors += Math.abs(error)
  }
  return {
    n,
    fitted: true,
    ratePerPointPence,
    rSquared: totalSquares === 0 ? (residualSquares === 0 ? 1 : 0) : 1 - residualSquares / totalSquares,
    meanAbsoluteErrorPence: Math.round(absoluteErrors / n),
    meanWeeklyPence: Math.round(mean),
    message: `Fitted on ${n} approved plans`,
  }
}
