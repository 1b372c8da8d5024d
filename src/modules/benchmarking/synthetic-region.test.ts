import { describe, expect, it } from 'vitest'
import { UsageError } from '../../cli/main.ts'
import { readConfig } from '../../config.ts'
import { seedCommand } from '../synthetic/seed-command.ts'
import { nearestNeighbours } from './nearest-neighbours.ts'
import { planRegion } from './synthetic-region.ts'

describe('planRegion', () => {
  const plan = planRegion({ councils: 20, people: 2000, seed: 7 })

  it('names twenty councils SYN01 to SYN20, each with its own seed', () => {
    expect(plan.map((c) => c.code)).toEqual(
      Array.from({ length: 20 }, (_, i) => `SYN${String(i + 1).padStart(2, '0')}`),
    )
    expect(new Set(plan.map((c) => c.seed)).size).toBe(20)
  })

  it('is the same for the same seed, and differs for another', () => {
    expect(planRegion({ councils: 20, people: 2000, seed: 7 })).toEqual(plan)
    expect(planRegion({ councils: 20, people: 2000, seed: 8 })).not.toEqual(plan)
  })

  it('varies size, population, older share, deprivation and rurality between councils', () => {
    const range = (values: number[]) => Math.max(...values) / Math.min(...values)
    expect(range(plan.map((c) => c.people))).toBeGreaterThan(1.5)
    expect(range(plan.map((c) => c.aged65Plus / (c.aged18To64 + c.aged65Plus)))).toBeGreaterThan(1.3)
    expect(range(plan.map((c) => c.deprivationScore))).toBeGreaterThan(2)
    expect(
      Math.max(...plan.map((c) => c.ruralPercent)) - Math.min(...plan.map((c) => c.ruralPercent)),
    ).toBeGreaterThan(30)
    expect(new Set(plan.map((c) => c.kind))).toEqual(new Set(['urban', 'county', 'coastal', 'mixed']))
  })

  it('gives councils of a kind each other as nearest neighbours more often than not', () => {
    let sameKind = 0
    for (const council of plan) {
      const row = (c: (typeof plan)[number]) => ({
        code: c.code,
        name: c.code,
        values: { deprivationScore: c.deprivationScore, ruralPercent: c.ruralPercent },
      })
      const [nearest] = nearestNeighbours(
        row(council),
        plan.map(row),
        ['deprivationScore', 'ruralPercent'],
        1,
      ).neighbours
      if (plan.find((c) => c.code === nearest?.code)?.kind === council.kind) sameKind++
    }
    expect(sameKind).toBeGreaterThan(plan.length / 2)
  })
})

describe('ascend seed --councils: usage', () => {
  const config = readConfig({}, { dataDir: '/nonexistent/never-opened' })
  it.each([
    [['--councils', '0', '--size', 'small', '--seed', '1']],
    [['--councils', '100', '--size', 'small', '--seed', '1']],
    [['--councils', 'twenty', '--size', 'small', '--seed', '1']],
    [['--councils', '20', '--council', 'SYN', '--size', 'small', '--seed', '1']],
    [['--councils', '20', '--seed', '1']],
  ])('refuses %j before opening the database', async (args) => {
    await expect(seedCommand(config, args)).rejects.toThrow(UsageError)
  })
})
