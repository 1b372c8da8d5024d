import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { calibrateRate, MINIMUM_SAMPLES } from './ras-calibration.ts'

const exact = (rate: number, points: number[]) => points.map((p) => ({ points: p, weeklyPence: p * rate }))

describe('calibrateRate', () => {
  it('finds the rate behind plans that follow it exactly', () => {
    expect(calibrateRate(exact(750, [10, 20, 30, 44, 60]))).toEqual({
      n: 5,
      fitted: true,
      ratePerPointPence: 750,
      rSquared: 1,
      meanAbsoluteErrorPence: 0,
      meanWeeklyPence: 24_600,
      message: 'Fitted on 5 approved plans',
    })
  })

  it.each([
    // Σpc / Σp² = 5,520,000 / 5,500 = 1,003.6; errors 1,040, 920, 120, 1,160 and 800.
    [
      'noisy plans around £10 a point',
      [
        [10, 9000],
        [20, 21_000],
        [30, 30_000],
        [40, 39_000],
        [50, 51_000],
      ],
      1004,
      808,
    ],
    // 2,800,000 / 5,500 = 509.1; errors 24,910, 180, 14,730, 10,360 and 5,450.
    [
      'plans unrelated to need',
      [
        [10, 30_000],
        [20, 10_000],
        [30, 30_000],
        [40, 10_000],
        [50, 20_000],
      ],
      509,
      11_126,
    ],
  ])('%s', (_name, pairs, rate, mae) => {
    const report = calibrateRate(
      pairs.map(([points, weeklyPence]) => ({
        points: points as number,
        weeklyPence: weeklyPence as number,
      })),
    )
    expect(report.ratePerPointPence).toBe(rate)
    expect(report.meanAbsoluteErrorPence).toBe(mae)
    expect(report.fitted).toBe(true)
  })

  it('reports a poor fit as a low or negative R²', () => {
    const report = calibrateRate([
      { points: 10, weeklyPence: 30_000 },
      { points: 20, weeklyPence: 10_000 },
      { points: 30, weeklyPence: 30_000 },
      { points: 40, weeklyPence: 10_000 },
      { points: 50, weeklyPence: 20_000 },
    ])
    expect(report.rSquared).toBeLessThan(0)
  })

  it('refuses to fit on too few plans', () => {
    const report = calibrateRate(exact(500, [10, 20, 30, 40]))
    expect(report).toMatchObject({ n: 4, fitted: false, ratePerPointPence: null, rSquared: null })
    expect(report.message).toBe(
      `Only 4 approved plans with an assessment: at least ${MINIMUM_SAMPLES} are needed to fit a rate`,
    )
  })

  it('refuses to fit when no plan scores any points', () => {
    expect(calibrateRate(exact(500, [0, 0, 0, 0, 0])).message).toBe(
      'None of the approved plans’ assessments scores any points',
    )
  })

  it('recovers any whole rate from exact plans', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: MINIMUM_SAMPLES, maxLength: 200 }),
        (rate, points) => {
          const report = calibrateRate(exact(rate, points))
          expect(report.ratePerPointPence).toBe(rate)
          expect(report.meanAbsoluteErrorPence).toBe(0)
        },
      ),
    )
  })
})
