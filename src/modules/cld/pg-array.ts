/**
 * PostgreSQL array literals, built as text: a batch of an import goes to the
 * database as one array per column (`unnest($1::text[], $2::date[], …)`), so
 * tens of thousands of rows cost a handful of parameters, parsed by the
 * server's own array reader, rather than a JSON document or a statement each.
 */

const NEEDS_ESCAPE = /["\\]/g

/**
 * Collects one column's values and writes them as an array literal. Every
 * value is quoted, so that text such as NULL stays text; null is NULL.
 *
 * @example
 * const column = new ArrayLiteral()
 * column.push('a "b"'); column.push(null); column.push(3)
 * column.toString() // '{"a \\"b\\"",NULL,"3"}'
 */
export class ArrayLiteral {
  private parts: string[] = []

  get length(): number {
    return this.parts.length
  }

  push(value: string | number | null | undefined): void {
    if (value === null || value === undefined) {
      this.parts.push('NULL')
      return
    }
    const text = typeof value === 'string' ? value : String(value)
    this.parts.push(
      `"${text.includes('"') || text.includes('\\') ? text.replace(NEEDS_ESCAPE, '\\$&') : text}"`,
    )
  }

  toString(): string {
    return `{${this.parts.join(',')}}`
  }
}
