/** A figure checked against a target: passed, missed, or not applicable here. */
export type Verdict = 'PASS' | 'FAIL' | 'n/a'

export interface Check {
  what: string
  figure: string
  target: string
  verdict: Verdict
}

/**
 * PASS when `ok`, FAIL otherwise; n/a when the figure is missing.
 *
 * @example
 * verdict(p95 <= 50) // 'PASS'
 */
export const verdict = (ok: boolean | undefined): Verdict => (ok === undefined ? 'n/a' : ok ? 'PASS' : 'FAIL')

/**
 * Milliseconds as people read them: '812 ms', '2.41 s'.
 *
 * @example
 * duration(2412) // '2.41 s'
 */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '–'
  return ms < 1000 ? `${ms.toFixed(ms < 10 ? 1 : 0)} ms` : `${(ms / 1000).toFixed(2)} s`
}

/**
 * Lays out rows as a plain-text table with a rule under the header; numbers
 * (and figures that start with one) are right-aligned.
 *
 * @example
 * console.log(table(['route', 'p95'], [['person page', '12.0 ms']]))
 */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)))
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => /^[\d.–-]/.test(row[i] ?? '')))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/**
 * Prints a step's title as a heading the eye can find in a long run.
 *
 * @example
 * heading('1. Seed a large council')
 */
export function heading(title: string): void {
  console.log(`\n${title}\n${'─'.repeat(title.length)}`)
}
