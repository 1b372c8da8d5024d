/**
 * Charts drawn on the server as SVG: no JavaScript, nothing to load, printable.
 * Each is an image with a title and a description for screen readers, and
 * pages always put the same figures in a table beside it. The council's own
 * figure is told apart by its colour, its weight and the words "(you)", never
 * by colour alone. Pure: strings in, a string out (every text escaped).
 */
import { formatValue } from './format-figures.ts'

const TEXT = '#0b0c0c'
const HIGHLIGHT = '#1d70b8'
const PEER = '#505a5f'
const RULE = '#b1b4b6'
const FONT = 'font-family="GDS Transport, arial, sans-serif"'

/**
 * Text safe inside SVG markup.
 *
 * @example
 * escapeXml('Bath & North East Somerset <BANES>') // 'Bath &amp; North East Somerset &lt;BANES&gt;'
 */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  )
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** A label over at most two lines of about `width` characters, broken between words. */
function twoLines(text: string, width: number): [string, string?] {
  if (text.length <= width) return [text]
  const cut = text.lastIndexOf(' ', width)
  const at = cut > 0 ? cut : width
  return [text.slice(0, at), clip(text.slice(at).trim(), width)]
}
const round = (n: number) => Math.round(n * 10) / 10

/** An SVG image with its title and description for screen readers, around a chart's body. */
export function svgFrame(
  id: string,
  title: string,
  description: string,
  width: number,
  height: number,
  body: string[],
) {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="ascend-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false">`,
    `<title id="${id}-title">${escapeXml(title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(description)}</desc>`,
    ...body,
    '</svg>',
  ].join('\n')
}

export interface BarRow {
  label: string
  value: number | null
  /** The council itself. */
  highlight?: boolean
  /** Said instead of a value when there is none ('Suppressed'). */
  missing?: string
}

export interface BarChartOptions {
  /** Unique on the page: the title and description ids derive from it. */
  id: string
  title: string
  description: string
  unit: string
  rows: readonly BarRow[]
  /** A dashed line across the bars, such as the peers' median. */
  reference?: { value: number; label: string }
}

/**
 * A horizontal bar chart, one bar per council, the council's own in blue.
 *
 * @example
 * barChart({ id: 'c1', title: 'ASCOF 2A', description: 'Bars…', unit: 'percent',
 *   rows: [{ label: 'Northshire', value: 75, highlight: true }, { label: 'Southshire', value: null, missing: 'Suppressed' }] })
 */
export function barChart(options: BarChartOptions): string {
  // Narrow in its own units, so that beside its table (half a page) the text stays readable.
  const width = 440
  const labelWidth = 170
  const valueWidth = 95
  const barArea = width - labelWidth - valueWidth
  const rowHeight = 30
  const top = options.reference ? 28 : 8
  const height = top + options.rows.length * rowHeight + 8
  const values = options.rows.map((r) => r.value).filter((v): v is number => v !== null && Number.isFinite(v))
  const scaleMax = Math.max(0, ...values, options.reference?.value ?? 0) || 1
  const x = (value: number) => labelWidth + (Math.max(0, value) / scaleMax) * barArea

  const body: string[] = [
    `<line x1="${labelWidth}" y1="${top - 4}" x2="${labelWidth}" y2="${height - 4}" stroke="${TEXT}" stroke-width="1"/>`,
  ]
  options.rows.forEach((row, i) => {
    const y = top + i * rowHeight
    const colour = row.highlight ? HIGHLIGHT : PEER
    const weight = row.highlight ? ' font-weight="bold"' : ''
    const label = row.highlight ? `${clip(row.label, 12)} (you)` : clip(row.label, 19)
    body.push(
      `<text x="${labelWidth - 8}" y="${y + 20}" text-anchor="end" font-size="16" fill="${TEXT}"${weight} ${FONT}>${escapeXml(label)}</text>`,
    )
    if (row.value === null || !Number.isFinite(row.value)) {
      body.push(
        `<text x="${labelWidth + 8}" y="${y + 20}" font-size="16" fill="${TEXT}" font-style="italic" ${FONT}>${escapeXml(row.missing ?? 'No value')}</text>`,
      )
      return
    }
    const end = x(row.value)
    body.push(
      `<rect x="${labelWidth}" y="${y + 5}" width="${round(Math.max(end - labelWidth, 1))}" height="20" fill="${colour}"/>`,
      `<text x="${round(end + 6)}" y="${y + 20}" font-size="16" fill="${TEXT}"${weight} ${FONT}>${escapeXml(formatValue(options.unit, row.value))}</text>`,
    )
  })
  if (options.reference) {
    const rx = round(x(options.reference.value))
    body.push(
      `<line x1="${rx}" y1="${top - 4}" x2="${rx}" y2="${height - 4}" stroke="${TEXT}" stroke-width="2" stroke-dasharray="6 4"/>`,
      `<text x="${rx}" y="${top - 10}" text-anchor="middle" font-size="15" fill="${TEXT}" ${FONT}>${escapeXml(`${options.reference.label}: ${formatValue(options.unit, options.reference.value)}`)}</text>`,
    )
  }
  return svgFrame(options.id, options.title, options.description, width, height, body)
}

export interface SpreadRow {
  label: string
  unit: string
  points: readonly { label: string; value: number | null; highlight?: boolean }[]
}

export interface SpreadChartOptions {
  id: string
  title: string
  description: string
  rows: readonly SpreadRow[]
}

/**
 * A strip chart of how spread out councils are on several measures: one line
 * per measure running from its lowest to its highest value, a grey dot per
 * peer and a larger blue diamond for the council.
 *
 * @example
 * spreadChart({ id: 's', title: 'Spread', description: '…', rows: [{ label: 'Home care 10+ hours', unit: 'percent',
 *   points: [{ label: 'Northshire', value: 31, highlight: true }, { label: 'Southshire', value: 22 }] }] })
 */
export function spreadChart(options: SpreadChartOptions): string {
  const width = 640
  const labelWidth = 220
  const left = labelWidth + 10
  const right = width - 60
  const rowHeight = 64
  const height = options.rows.length * rowHeight + 10
  const body: string[] = []
  options.rows.forEach((row, i) => {
    const y = i * rowHeight + 30
    const known = row.points.filter(
      (p): p is typeof p & { value: number } => p.value !== null && Number.isFinite(p.value),
    )
    const [first, second] = twoLines(row.label, 30)
    body.push(
      `<text x="${labelWidth - 6}" y="${second ? y - 3 : y + 5}" text-anchor="end" font-size="14" fill="${TEXT}" ${FONT}>${escapeXml(first)}${
        second ? `<tspan x="${labelWidth - 6}" dy="17">${escapeXml(second)}</tspan>` : ''
      }</text>`,
    )
    if (!known.length) {
      body.push(
        `<text x="${left}" y="${y + 5}" font-size="14" fill="${TEXT}" font-style="italic" ${FONT}>No values</text>`,
      )
      return
    }
    const min = Math.min(...known.map((p) => p.value))
    const max = Math.max(...known.map((p) => p.value))
    const at = (value: number) =>
      round(max === min ? (left + right) / 2 : left + ((value - min) / (max - min)) * (right - left))
    body.push(
      `<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="${RULE}" stroke-width="2"/>`,
      `<text x="${left}" y="${y + 24}" text-anchor="start" font-size="13" fill="${TEXT}" ${FONT}>${escapeXml(formatValue(row.unit, min))}</text>`,
      `<text x="${right}" y="${y + 24}" text-anchor="end" font-size="13" fill="${TEXT}" ${FONT}>${escapeXml(formatValue(row.unit, max))}</text>`,
    )
    for (const point of known.filter((p) => !p.highlight)) {
      body.push(
        `<circle cx="${at(point.value)}" cy="${y}" r="6" fill="${PEER}" stroke="#ffffff" stroke-width="1"/>`,
      )
    }
    for (const point of known.filter((p) => p.highlight)) {
      const cx = at(point.value)
      body.push(
        `<path d="M ${cx} ${y - 10} L ${cx + 10} ${y} L ${cx} ${y + 10} L ${cx - 10} ${y} Z" fill="${HIGHLIGHT}" stroke="#ffffff" stroke-width="2"/>`,
        `<text x="${cx}" y="${y - 14}" text-anchor="middle" font-size="13" font-weight="bold" fill="${TEXT}" ${FONT}>${escapeXml(`You: ${formatValue(row.unit, point.value)}`)}</text>`,
      )
    }
  })
  return svgFrame(options.id, options.title, options.description, width, height, body)
}
