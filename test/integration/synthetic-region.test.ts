import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../src/kernel/db/connect.ts'
import { exportPack, importPack, listPacks } from '../../src/modules/benchmarking/actions.ts'
import { nearestNeighbours } from '../../src/modules/benchmarking/nearest-neighbours.ts'
import { planRegion, seedSyntheticRegion } from '../../src/modules/benchmarking/synthetic-region.ts'
import { freshDatabase, testDatabaseKinds } from '../support/databases.ts'

describe.each(testDatabaseKinds())('%s: a synthetic region for benchmarking', (kind) => {
  let database: Database
  let seeded: Awaited<ReturnType<typeof seedSyntheticRegion>>
  const options = { councils: 3, people: 150, seed: 11, asOf: '2026-06-15' }

  beforeAll(async () => {
    database = await freshDatabase(kind)
    seeded = await seedSyntheticRegion(database, options)
  }, 180_000)
  afterAll(async () => {
    await database?.close()
  })

  it('makes SYN01 to SYN03 as planned, each synthetic with people, a population and context figures', async () => {
    const plan = planRegion(options)
    expect(seeded.map((c) => c.code)).toEqual(['SYN01', 'SYN02', 'SYN03'])
    for (const [i, council] of seeded.entries()) {
      expect(council.summary.people).toBe(plan[i]?.people)
      expect(council.name).toMatch(/^Synthetic council SYN0\d/)
    }
  })

  it('gives each council a pack whose context finds its neighbours', async () => {
    const packs = []
    for (const council of seeded) {
      packs.push(
        await exportPack(
          database,
          { ...council, synthetic: true },
          '2025-26',
          new Date('2026-06-15T12:00:00Z'),
        ),
      )
    }
    for (const [i, pack] of packs.entries()) {
      const planned = seeded[i]
      expect(pack.council.synthetic).toBe(true)
      expect(pack.context.deprivationScore).toBe(planned?.deprivationScore)
      expect(pack.context.ruralPercent).toBe(planned?.ruralPercent)
      // The 2025-26 rates use mid-2025, the planned population grown a little.
      expect(Math.abs((pack.context.population65plus ?? 0) - (planned?.aged65Plus ?? 0) * 1.0)).toBeLessThan(
        (planned?.aged65Plus ?? 0) * 0.02 + 5,
      )
      expect(pack.measures.length).toBeGreaterThan(10)
    }
    const [first, ...others] = seeded
    for (const pack of packs.slice(1)) {
      await importPack(
        database,
        { councilId: first?.id ?? '', councilCode: 'SYN01', userId: null },
        pack,
        'cli',
      )
    }
    expect((await listPacks(database.db, first?.id ?? '', '2025-26')).map((p) => p.peerCode)).toEqual([
      'SYN02',
      'SYN03',
    ])
    const result = nearestNeighbours(
      { code: 'SYN01', name: 'SYN01', values: packs[0]?.context ?? {} },
      packs.slice(1).map((p) => ({ code: p.council.code, name: p.council.name, values: p.context })),
      ['population18to64', 'population65plus', 'deprivationScore', 'ruralPercent'],
      1,
    )
    expect(result.variables).toEqual([
      'population18to64',
      'population65plus',
      'deprivationScore',
      'ruralPercent',
    ])
    expect(result.neighbours).toHaveLength(1)
    expect(others.map((c) => c.code)).toContain(result.neighbours[0]?.code)
  })
})
