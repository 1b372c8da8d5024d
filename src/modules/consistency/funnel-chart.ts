/**
 * A funnel plot drawn on the server as SVG, like the benchmarking charts: an
 * image with a title and a description, the same figures always in a table
 * beside it. Requests run along, the figure up; the council's figure is a
 * line, the 95% limits dashed and the 99.8% limits solid. A point outside
 * the 99.8% limits is named and drawn as a diamond, so it is told apart by
 * shape and words as well as colour. Pure: figures in, a string out.
 */
import { escapeXml, svgFrame } from '../benchmarking/svg-charts.ts'
import type { Funnel } from './funnel.ts'

const TEXT = '#0b0c0c'
const POINT = '#505a5f'
const FLAGGED = '#d4351c'
const CENTRE = '#1d70b8'
const LIMIT = '#0b0c0c'
const FONT = 'font-family="GDS Transport, arial, sans-serif"'

export interface FunnelChartOptions {
  /** Unique on the page: the title and description ids derive from it. */
  id: string
  title: string
  description: string
  funnel: Funnel
  /** A point's name by its group key. */
  nameOf: (group: string) => string
  /** The figure as words on the axis and labels ('1.10×', '12%'). */
  format: (value: number) => string
}

const WIDTH = 640
const HEIGHT = 380
const PLOT = { left: 70, right: WIDTH - 20, top: 20, bottom: HEIGHT - 50 }
const round = (n: number) => Math.round(n * 10) / 10

/**
 * The chart for a funnel; undefined when there is nothing to draw (no centre or no points).
 *
 * @example
 * funnelChart({ id: 'cost', title: 'Need-adjusted cost', description: '…', funnel, nameOf: (g) => names.get(g) ?? g, format: (v) => `${v.toFixed(2)}×` })
 */
export function funnelChart(options: FunnelChartOptions): string | undefined {
  const { funnel } = options
  if (funnel.centre === null || funnel.points.length === 0) return undefined
  const centre = funnel.centre
  const most = Math.max(...funnel.points.map((p) => p.requests))
  const nMax = Math.max(2, Math.ceil(most * 1.1))
  // The figure's range: every point and the centre, and the limits where they are narrowest.
  const widest = funnel.limitsAt(Math.max(1, Math.min(...funnel.points.map((p) => p.requests))))
  const narrowest = funnel.limitsAt(nMax)
  const values = [
    centre,
    ...funnel.points.map((p) => p.value),
    ...(narrowest ? [narrowest.control[0], narrowest.control[1]] : []),
  ]
  let low = Math.min(...values)
  let high = Math.max(...values)
  if (widest) {
    // The wide end of the funnel is shown in part, never so much that the points crowd together.
    const span = high - low || Math.abs(centre) || 1
    low = Math.max(Math.min(low, widest.control[0]), low - span / 2)
    high = Math.min(Math.max(high, widest.control[1]), high + span / 2)
  }
  const pad = (high - low || 1) * 0.08
  low = Math.max(0, low - pad)
  high += pad
  const x = (n: number) => round(PLOT.left + (n / nMax) * (PLOT.right - PLOT.left))
  const y = (v: number) => round(PLOT.bottom - ((v - low) / (high - low)) * (PLOT.bottom - PLOT.top))

  const body: string[] = [
    `<defs><clipPath id="${options.id}-plot"><rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}"/></clipPath></defs>`,
    `<line x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${PLOT.right}" y2="${PLOT.bottom}" stroke="${TEXT}"/>`,
    `<line x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${PLOT.bottom}" stroke="${TEXT}"/>`,
  ]
  for (const tick of ticks(0, nMax)) {
    body.push(
      `<line x1="${x(tick)}" y1="${PLOT.bottom}" x2="${x(tick)}" y2="${PLOT.bottom + 5}" stroke="${TEXT}"/>`,
      `<text x="${x(tick)}" y="${PLOT.bottom + 20}" text-anchor="middle" font-size="13" fill="${TEXT}" ${FONT}>${tick}</text>`,
    )
  }
  body.push(
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${HEIGHT - 8}" text-anchor="middle" font-size="14" fill="${TEXT}" ${FONT}>Requests</text>`,
  )
  for (const tick of ticks(low, high)) {
    body.push(
      `<line x1="${PLOT.left - 5}" y1="${y(tick)}" x2="${PLOT.left}" y2="${y(tick)}" stroke="${TEXT}"/>`,
      `<text x="${PLOT.left - 8}" y="${y(tick) + 4}" text-anchor="end" font-size="13" fill="${TEXT}" ${FONT}>${escapeXml(options.format(tick))}</text>`,
    )
  }

  // Each limit as a curve over n = 1 … nMax (whole numbers for counts), clipped to the plot.
  const steps = 80
  const sampled = Array.from({ length: steps + 1 }, (_, i) => 1 + ((nMax - 1) * i) / steps)
  const ns = funnel.discrete ? [...new Set(sampled.map(Math.round))] : sampled
  const curve = (pick: (n: number) => number | undefined) => {
    const points = ns.flatMap((n) => {
      const v = pick(n)
      return v === undefined || !Number.isFinite(v) ? [] : [`${x(n)},${y(v)}`]
    })
    return points.length > 1 ? `M ${points.join(' L ')}` : ''
  }
  const limitPaths = [
    { side: 0 as const, level: 'warning' as const, dash: ' stroke-dasharray="6 4"' },
    { side: 1 as const, level: 'warning' as const, dash: ' stroke-dasharray="6 4"' },
    { side: 0 as const, level: 'control' as const, dash: '' },
    { side: 1 as const, level: 'control' as const, dash: '' },
  ]
  body.push(`<g clip-path="url(#${options.id}-plot)">`)
  for (const { side, level, dash } of limitPaths) {
    const d = curve((n) => funnel.limitsAt(n)?.[level][side])
    if (d) body.push(`<path d="${d}" fill="none" stroke="${LIMIT}" stroke-width="1.5"${dash}/>`)
  }
  body.push(
    `<line x1="${PLOT.left}" y1="${y(centre)}" x2="${PLOT.right}" y2="${y(centre)}" stroke="${CENTRE}" stroke-width="2"/>`,
  )
  for (const point of funnel.points) {
    const far = point.position === 'far-above' || point.position === 'far-below'
    const cx = x(point.requests)
    const cy = y(point.value)
    if (far) {
      body.push(
        `<path d="M ${cx} ${cy - 8} L ${cx + 8} ${cy} L ${cx} ${cy + 8} L ${cx - 8} ${cy} Z" fill="${FLAGGED}" stroke="#ffffff" stroke-width="1.5"/>`,
      )
    } else {
      body.push(`<circle cx="${cx}" cy="${cy}" r="5" fill="${POINT}" stroke="#ffffff" stroke-width="1"/>`)
    }
  }
  body.push('</g>')
  for (const point of funnel.points.filter((p) => p.position === 'far-above' || p.position === 'far-below')) {
    const cx = x(point.requests)
    const cy = Math.min(PLOT.bottom - 4, Math.max(PLOT.top + 12, y(point.value)))
    const anchor = cx > (PLOT.left + PLOT.right) / 2 ? 'end' : 'start'
    const dx = anchor === 'end' ? -12 : 12
    body.push(
      `<text x="${cx + dx}" y="${cy + 4}" text-anchor="${anchor}" font-size="13" font-weight="bold" fill="${TEXT}" ${FONT}>${escapeXml(options.nameOf(point.group))}</text>`,
    )
  }
  body.push(
    `<text x="${PLOT.right}" y="${Math.max(PLOT.top + 12, y(centre) - 6)}" text-anchor="end" font-size="13" fill="${CENTRE}" ${FONT}>${escapeXml(`Council: ${options.format(centre)}`)}</text>`,
  )
  return svgFrame(options.id, options.title, options.description, WIDTH, HEIGHT, body)
}

/**
 * About five round ticks from low to high.
 *
 * @example
 * ticks(0, 47) // [0, 10, 20, 30, 40]
 */
export function ticks(low: number, high: number): number[] {
  if (!(high > low)) return [low]
  const rough = (high - low) / 5
  const magnitude = 10 ** Math.floor(Math.log10(rough))
  const step = ([1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? rough) as number
  const first = Math.ceil(low / step) * step
  const out: number[] = []
  for (let t = first; t <= high + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)))
  return out
}
