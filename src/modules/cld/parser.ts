/**
 * Streams the records of a CLD file (CSV, RFC 4180) with the physical line
 * each starts on, in bounded memory: bytes are read as they come and handed
 * on a chunk of records at a time.
 *
 * Written here rather than taken from csv-parse because a problem report must
 * name exactly the bad lines: after a malformed line csv-parse's recovery also
 * swallows the line that follows it. This reader gives up on the broken line
 * alone and carries on at the next one.
 */
import type { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'

export type CsvItem =
  | { kind: 'record'; cells: string[]; line: number }
  /** A record that is not valid CSV (text after a closing quote, a quote never closed). */
  | { kind: 'broken'; line: number; message: string }

export interface CsvReader {
  /** The records in file order, a chunk at a time; the header is the first, on line 1. */
  chunks: AsyncIterable<CsvItem[]>
  /** Bytes taken from the source so far, for progress. */
  bytesRead(): number
}

const AFTER_CLOSING_QUOTE = 'Text follows a closing quote: the line is not valid CSV'
const NEVER_CLOSED = 'A quoted value is never closed (the file may have been cut off)'
const RUNS_ON = 'A quoted value runs on for more than a megabyte: its closing quote is missing'
/** The longest record read; longer, a quote is taken to be unclosed. */
const MAX_RECORD = 1_000_000

/**
 * Reads CSV records from a byte stream (UTF-8, a byte-order mark dropped).
 * Blank lines count as lines but give no record; a quoted value may span
 * lines, and its record is numbered by the line it starts on. A quote inside
 * an unquoted value is kept as a character, as spreadsheets do.
 *
 * @example
 * const reader = readCsv(fs.createReadStream('cld.csv'))
 * for await (const chunk of reader.chunks) for (const item of chunk) console.log(item.line)
 */
export function readCsv(source: Readable): CsvReader {
  let bytes = 0
  const parser = new CsvParser()

  async function* chunks(): AsyncGenerator<CsvItem[]> {
    const decoder = new StringDecoder('utf8')
    let first = true
    for await (const chunk of source as AsyncIterable<Buffer | string>) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      bytes += buffer.length
      let text = decoder.write(buffer)
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
        first = false
      }
      const items = parser.push(text)
      if (items.length > 0) yield items
    }
    const items = parser.push(decoder.end())
    items.push(...parser.end())
    if (items.length > 0) yield items
  }

  return { chunks: chunks(), bytesRead: () => bytes }
}

/**
 * The state machine: text in, records out. Complete lines are parsed as soon
 * as they arrive; an unfinished line (or quoted value) waits for more text.
 */
class CsvParser {
  /** Text not yet parsed: the start of an unfinished record. */
  private pending = ''
  /** The physical line `pending` starts on. */
  private line = 1

  push(text: string): CsvItem[] {
    const items: CsvItem[] = []
    const buffer = this.pending + text
    let at = 0
    // Where the next quote is: found once and reused, so a file without
    // quotes is not searched to its end for every line.
    let quote = buffer.indexOf('"')
    for (;;) {
      const newline = buffer.indexOf('\n', at)
      if (newline < 0) break
      if (quote >= 0 && quote < at) quote = buffer.indexOf('"', at)
      if (quote < 0 || quote > newline) {
        // The fast path: a whole line with no quote in it is just split.
        const end = newline > at && buffer.charCodeAt(newline - 1) === 13 ? newline - 1 : newline
        if (end > at) items.push({ kind: 'record', cells: buffer.slice(at, end).split(','), line: this.line })
        this.line += 1
        at = newline + 1
        continue
      }
      const parsed = this.parseQuoted(buffer, at, false)
      if (parsed === undefined) {
        if (buffer.length - at <= MAX_RECORD) break // the quoted value goes on past the text we have
        // No real row is this long: a quote was never closed. Give up on the
        // line it opened on and read on from the next.
        items.push({ kind: 'broken', line: this.line, message: RUNS_ON })
        this.line += 1
        at = newline + 1
        continue
      }
      items.push(parsed.item)
      at = parsed.next
    }
    this.pending = buffer.slice(at)
    return items
  }

  /** At the end of the file: whatever is left is the last record, or a broken one. */
  end(): CsvItem[] {
    const rest = this.pending
    this.pending = ''
    if (rest === '' || rest === '\r') return []
    if (!rest.includes('"')) {
      return [{ kind: 'record', cells: rest.replace(/\r$/, '').split(','), line: this.line }]
    }
    const parsed = this.parseQuoted(`${rest}\n`, 0, true)
    return parsed ? [parsed.item] : []
  }

  /**
   * Parses one record starting at `start` that has a quote somewhere. Returns
   * undefined when the record may go on beyond the text (unless `atEnd`).
   */
  private parseQuoted(
    text: string,
    start: number,
    atEnd: boolean,
  ): { item: CsvItem; next: number } | undefined {
    const cells: string[] = []
    const startLine = this.line
    let lines = 0
    let at = start
    let cell = ''
    // The end of the line the next unquoted cell is on: found once, and again
    // only after a quoted value that ran past it (not once a cell, which
    // searched the rest of the line for every cell).
    let newline = -1
    for (;;) {
      // At the start of a cell.
      if (text.charCodeAt(at) === 34) {
        // A quoted cell: up to the closing quote, "" standing for a quote.
        at += 1
        for (;;) {
          const quote = text.indexOf('"', at)
          if (quote < 0) {
            if (!atEnd) return undefined
            this.line += lines + countNewlines(text, start, text.length)
            return {
              item: { kind: 'broken', line: startLine, message: NEVER_CLOSED },
              next: text.length,
            }
          }
          cell += text.slice(at, quote)
          if (text.charCodeAt(quote + 1) === 34) {
            cell += '"'
            at = quote + 2
            continue
          }
          at = quote + 1
          break
        }
        lines += countNewlines(text, start, at)
        start = at
        const next = text.charCodeAt(at)
        if (next === 44) {
          cells.push(cell)
          cell = ''
          at += 1
          continue
        }
        if (next === 10 || (next === 13 && text.charCodeAt(at + 1) === 10)) {
          cells.push(cell)
          const newline = next === 13 ? at + 1 : at
          this.line += lines + 1
          return { item: { kind: 'record', cells, line: startLine }, next: newline + 1 }
        }
        // Anything else after the closing quote: give up on this line only.
        const newline = text.indexOf('\n', at)
        if (newline < 0) {
          if (!atEnd) return undefined
          this.line += lines + 1
          return {
            item: { kind: 'broken', line: startLine, message: AFTER_CLOSING_QUOTE },
            next: text.length,
          }
        }
        this.line += lines + 1
        return { item: { kind: 'broken', line: startLine, message: AFTER_CLOSING_QUOTE }, next: newline + 1 }
      }
      // An unquoted cell: up to the next comma or the end of the line.
      const comma = text.indexOf(',', at)
      if (newline < at) newline = text.indexOf('\n', at)
      if (newline < 0) return undefined
      if (comma >= 0 && comma < newline) {
        cells.push(text.slice(at, comma))
        at = comma + 1
        start = at
        continue
      }
      const end = newline > at && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline
      cells.push(text.slice(at, end))
      this.line += lines + 1
      return { item: { kind: 'record', cells, line: startLine }, next: newline + 1 }
    }
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) count += 1
  return count
}
