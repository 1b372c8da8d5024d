import { describe, expect, it } from 'vitest'
import { barChart, escapeXml, spreadChart } from './svg-charts.ts'

const bars = barChart({
  id: 'chart-2a',
  title: 'ASCOF 2A across peers',
  description: 'Horizontal bars, one per council.',
  unit: 'percent',
  rows: [
    { label: 'Us <Council>', value: 75, highlight: true },
    { label: 'South & District', value: 50 },
    { label: 'Eastshire', value: null, missing: 'Suppressed' },
  ],
  reference: { value: 62.5, label: 'Peer median' },
})

describe('barChart', () => {
  it('is an image named by its title and description', () => {
    expect(bars).toMatch(/^<svg [^>]*role="img" aria-labelledby="chart-2a-title chart-2a-desc"/)
    expect(bars).toContain('<title id="chart-2a-title">ASCOF 2A across peers</title>')
    expect(bars).toContain('<desc id="chart-2a-desc">Horizontal bars, one per council.</desc>')
  })

  it('escapes every label', () => {
    expect(bars).toContain('Us &lt;Council&gt; (you)')
    expect(bars).toContain('South &amp; District')
    expect(bars).not.toContain('<Council>')
  })

  it('draws bars in proportion, the council’s in blue, and says suppressed in words', () => {
    const widths = [...bars.matchAll(/<rect [^>]*width="([\d.]+)"[^>]*fill="(#[0-9a-f]+)"/g)].map((m) => [
      Number(m[1]),
      m[2],
    ])
    expect(widths).toEqual([
      [175, '#1d70b8'],
      [116.7, '#505a5f'],
    ])
    expect(bars).toContain('>Suppressed</text>')
    expect(bars).toContain('Peer median: 62.5%')
    expect(bars).toContain('>75.0%</text>')
  })
})

describe('spreadChart', () => {
  const chart = spreadChart({
    id: 'spread',
    title: 'Spread',
    description: 'One line per measure.',
    rows: [
      {
        label: 'Home care packages of 10 or more hours a week',
        unit: 'percent',
        points: [
          { label: 'Northshire', value: 30, highlight: true },
          { label: 'Southshire', value: 10 },
          { label: 'Westshire', value: 50 },
        ],
      },
      { label: 'Empty', unit: 'days', points: [{ label: 'Northshire', value: null, highlight: true }] },
    ],
  })

  it('places the council halfway along when it is halfway between the lowest and the highest', () => {
    expect(chart).toContain('<path d="M 405 20')
    expect(chart).toContain('You: 30.0%')
    expect(chart).toContain('>10.0%</text>')
    expect(chart).toContain('>50.0%</text>')
  })

  it('breaks a long label over two lines', () => {
    expect(chart).toContain('Home care packages of 10 or<tspan x="214" dy="17">more hours a week</tspan>')
  })

  it('says when a measure has no values', () => {
    expect(chart).toContain('>No values</text>')
  })
})

describe('escapeXml', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['"quoted" \'single\'', '&quot;quoted&quot; &#39;single&#39;'],
    ['<script>', '&lt;script&gt;'],
  ])('%s → %s', (text, escaped) => {
    expect(escapeXml(text)).toBe(escaped)
  })
})
