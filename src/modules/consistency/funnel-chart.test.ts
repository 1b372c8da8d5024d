import { describe, expect, it } from 'vitest'
import { costFunnel, decisionFunnel } from './funnel.ts'
import { funnelChart, ticks } from './funnel-chart.ts'

const percent = (v: number) => `${Math.round(v * 100)}%`

describe('ticks', () => {
  it.each([
    [0, 47, [0, 10, 20, 30, 40]],
    [0, 5, [0, 1, 2, 3, 4, 5]],
    [0.8, 1.3, [0.8, 0.9, 1, 1.1, 1.2, 1.3]],
    [0, 0.25, [0, 0.05, 0.1, 0.15, 0.2, 0.25]],
    [3, 3, [3]],
  ])('from %s to %s', (low, high, expected) => {
    expect(ticks(low, high)).toEqual(expected)
  })
})

describe('funnelChart', () => {
  const requests = [
    ...Array.from({ length: 40 }, (_, i) => ({
      group: `P${i % 8}`,
      weeklyCostPence: 10_000 + (i % 5) * 100,
      indicativeWeeklyPence: 10_000,
    })),
    ...Array.from({ length: 10 }, () => ({
      group: 'G',
      weeklyCostPence: 16_000,
      indicativeWeeklyPence: 10_000,
    })),
  ]
  const names = new Map([['G', 'Generous & <Co>']])
  const chart = funnelChart({
    id: 'cost',
    title: 'Plan cost',
    description: 'A funnel plot',
    funnel: costFunnel(requests),
    nameOf: (g) => names.get(g) ?? g,
    format: percent,
  }) as string

  it('is an image with its title and description for screen readers', () => {
    expect(chart).toContain('role="img" aria-labelledby="cost-title cost-desc"')
    expect(chart).toContain('<title id="cost-title">Plan cost</title>')
    expect(chart).toContain('<desc id="cost-desc">A funnel plot</desc>')
  })

  it('draws the council’s line, two limits of each kind and a point per group', () => {
    expect(chart).toContain(`Council: ${percent(costFunnel(requests).centre as number)}`)
    expect(chart.match(/stroke-dasharray="6 4"/g)?.length).toBe(2)
    expect(chart.match(/<path d="M [^"]*" fill="none"/g)?.length).toBe(4)
    expect(chart.match(/<circle /g)?.length).toBe(8)
  })

  it('names a point outside the 99.8% limits, escaped, and draws it as a diamond', () => {
    expect(chart).toContain('>Generous &amp; &lt;Co&gt;</text>')
    expect(chart.match(/fill="#d4351c"/g)?.length).toBe(1)
  })

  it('draws counts’ limits at whole numbers of requests only', () => {
    const funnel = decisionFunnel(
      Array.from({ length: 12 }, (_, i) => ({ group: `P${i % 3}`, changed: i % 4 === 0 })),
    )
    const drawn = funnelChart({
      id: 'd',
      title: 't',
      description: 'd',
      funnel,
      nameOf: String,
      format: percent,
    }) as string
    // n from 1 to ceil(4 × 1.1) = 5: five points a curve.
    const curve = drawn.match(/<path d="(M [^"]*)" fill="none"/)?.[1] as string
    expect(curve.split(' L ').length).toBe(5)
  })

  it('draws nothing with nothing to show', () => {
    expect(
      funnelChart({
        id: 'x',
        title: 't',
        description: 'd',
        funnel: costFunnel([]),
        nameOf: String,
        format: percent,
      }),
    ).toBeUndefined()
  })
})
