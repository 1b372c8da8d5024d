const NEEDS_QUOTES = /[",\r\n]/

/**
 * One CSV line (RFC 4180) from cells: a cell with a comma, quote or line
 * break is quoted, its quotes doubled. Null and undefined are blank.
 *
 * @example
 * csvLine(['Asian or Asian British: Indian', 'Black, Black British', null]) // 'Asian or Asian British: Indian,"Black, Black British",\n'
 */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  let line = ''
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]
    const text = cell === null || cell === undefined ? '' : String(cell)
    if (i > 0) line += ','
    line += NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  return `${line}\n`
}
