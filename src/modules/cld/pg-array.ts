/**
 * PostgreSQL array literals, built as text: a batch of an import goes to the
 * database as one array per column (`unnest($1::text[], $2::date[], …)`), so
 * tens of thousands of rows cost a handful of parameters, parsed by the
 * server's own array reader, rather than a JSON document or a statement each.
 * They travel as UTF-8 bytes, made on the checking thread: PGlite counts a
 * text parameter's bytes in a JavaScript loop on the main thread, twice.
 */

const NEEDS_ESCAPE = /["\\]/g

/**
 * The quoted forms of values that repeat (code values, dates, amounts): most
 * of a CLD batch's cells are one of a few hundred texts, and quoting each
 * afresh made a string per cell that lived as long as its batch, which cost
 * more in garbage collection than anything else in building the batch.
 */
const QUOTED = new Map<string | number, string>()
const QUOTED_LIMIT = 50_000

/** The value in double quotes, as one flat string (a batch holds it until its end). */
function quote(text: string): string {
  return ['', text.includes('"') || text.includes('\\') ? text.replace(NEEDS_ESCAPE, '\\$&') : text, ''].join(
    '"',
  )
}

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

  /** Adds a value; one that repeats across rows is quoted once (see `pushUnique`). */
  push(value: string | number | null | undefined): void {
    if (value === null || value === undefined) {
      this.parts.push('NULL')
      return
    }
    let quoted = QUOTED.get(value)
    if (quoted === undefined) {
      quoted = quote(typeof value === 'string' ? value : String(value))
      if (QUOTED.size < QUOTED_LIMIT) QUOTED.set(value, quoted)
    }
    this.parts.push(quoted)
  }

  /** Adds a value that is unlikely to come again (an id), without remembering its quoted form. */
  pushUnique(value: string | number): void {
    this.parts.push(quote(typeof value === 'string' ? value : String(value)))
  }

  toString(): string {
    return `{${this.parts.join(',')}}`
  }

  /** The literal as UTF-8 bytes, in a buffer of their own (so it can be transferred to another thread). */
  toBytes(): Uint8Array {
    return UTF8.encode(this.toString())
  }
}

const UTF8 = new TextEncoder()
