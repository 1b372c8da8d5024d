/**
 * Rows in PostgreSQL's COPY text format: a batch of an import's events goes
 * to the database as one COPY (`copyRows`), which the server reads several
 * times faster than the same rows as array parameters, and which costs the
 * checking thread one flat string a row to build.
 */

const SPECIAL = /[\\\t\n\r]/
const SPECIALS = /[\\\t\n\r]/g
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/**
 * One value as COPY's text format writes it: null as \N; a backslash, tab or
 * line break escaped.
 *
 * @example
 * copyValue('a\tb') // 'a\\tb'
 * copyValue(null) // '\\N'
 */
export function copyValue(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N'
  if (typeof value === 'number') return String(value)
  return SPECIAL.test(value) ? value.replace(SPECIALS, (special) => ESCAPED[special] as string) : value
}

/**
 * Collects rows and writes them as COPY text.
 *
 * @example
 * const rows = new CopyRows()
 * rows.push(['a', null, 3])
 * rows.toString() // 'a\t\\N\t3\n'
 */
export class CopyRows {
  private rows: string[] = []
  private values: string[] = []

  get length(): number {
    return this.rows.length
  }

  push(values: readonly (string | number | null | undefined)[]): void {
    const row = this.values
    row.length = values.length
    for (let i = 0; i < values.length; i++) row[i] = copyValue(values[i])
    // Joined, so the batch holds one flat string a row rather than its pieces.
    this.rows.push(row.join('\t'))
  }

  toString(): string {
    return this.rows.length === 0 ? '' : `${this.rows.join('\n')}\n`
  }
}
