import { protocol, type Results } from '@electric-sql/pglite'

/*
 * PGlite reads a query's answer from its WebAssembly backend with a general
 * protocol parser that copies every field into an ArrayBuffer of its own
 * before decoding it, through class fields kept in WeakMaps: a seventh of a
 * search page's CPU went on reading the rows. This reads the answer to one
 * bound statement (bind, describe, execute, sync) straight from the bytes,
 * decoding each field in place, and builds the same result PGlite's
 * parseResults does. An error is handed to PGlite's own parser, so it is
 * thrown as PGlite's DatabaseError; other messages (notices, and the
 * notifications ASCEND never listens for) are passed over.
 */

type TypeParsers = Record<number, (value: string, typeId: number) => unknown>

interface Field {
  name: string
  dataTypeID: number
}

// Backend message types (PostgreSQL protocol 3).
const ROW_DESCRIPTION = 0x54 // T
const DATA_ROW = 0x44 // D
const COMMAND_COMPLETE = 0x43 // C
const ERROR_RESPONSE = 0x45 // E

const COUNTED_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE'])

/**
 * The result of one statement from the backend's answer, as PGlite's
 * `parse.parseResults(messages, parsers, options)[0]` gives it; throws the
 * statement's error as PGlite's DatabaseError.
 *
 * @example
 * const answer = await pglite.execProtocolRawStream(bindDescribeExecuteSync, { onRawData })
 * const { rows, fields, affectedRows } = readResults(answer, pglite.parsers)
 */
export function readResults<T>(
  answer: Uint8Array,
  parsers: TypeParsers,
  rowMode?: 'array' | 'object',
): Results<T> {
  const bytes = Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength)
  let result: (Results<T> & { command: string; rowCount?: number }) | undefined
  let fields: Field[] = []
  let parse: (((value: string, typeId: number) => unknown) | undefined)[] = []
  const rows: unknown[] = []
  let at = 0
  while (at + 5 <= bytes.length) {
    const type = bytes[at] as number
    const end = at + 1 + bytes.readInt32BE(at + 1)
    if (end > bytes.length) throw new Error('The database sent a message cut short')
    let p = at + 5
    if (type === DATA_ROW) {
      const count = bytes.readInt16BE(p)
      p += 2
      const values: unknown[] = new Array(count)
      for (let i = 0; i < count; i++) {
        const length = bytes.readInt32BE(p)
        p += 4
        if (length === -1) {
          values[i] = null
          continue
        }
        const text = bytes.toString('utf8', p, p + length)
        p += length
        const parser = parse[i]
        values[i] = parser ? parser(text, (fields[i] as Field).dataTypeID) : text
      }
      if (rowMode === 'array') rows.push(values)
      else {
        const row: Record<string, unknown> = {}
        for (let i = 0; i < count; i++) row[(fields[i] as Field).name] = values[i]
        rows.push(row)
      }
    } else if (type === ROW_DESCRIPTION) {
      const count = bytes.readInt16BE(p)
      p += 2
      fields = new Array(count)
      for (let i = 0; i < count; i++) {
        const nameEnd = bytes.indexOf(0, p)
        const name = bytes.toString('utf8', p, nameEnd)
        // The name, table oid (4), column number (2), then the type oid.
        const dataTypeID = bytes.readInt32BE(nameEnd + 7)
        fields[i] = { name, dataTypeID }
        p = nameEnd + 19
      }
      parse = fields.map((field) => parsers[field.dataTypeID])
    } else if (type === COMMAND_COMPLETE) {
      const tag = bytes.toString('utf8', p, end - 1).split(' ')
      const command = tag[0] as string
      const count = Number.parseInt(tag[tag.length - 1] as string, 10)
      const affectedRows = COUNTED_COMMANDS.has(command) ? count : 0
      result = { rows: rows as T[], fields, command, affectedRows }
      if (!Number.isNaN(count)) result.rowCount = count
      // Read on: an error at commit (a deferred constraint) comes after the statement completes.
    } else if (type === ERROR_RESPONSE) {
      throw databaseError(bytes.subarray(at, end))
    }
    at = end
  }
  return result ?? { affectedRows: 0, rows: [], fields: [] }
}

/** PGlite's own error for an ErrorResponse message, with the code, detail and position it gives. */
function databaseError(message: Uint8Array): Error {
  let error: Error | undefined
  new protocol.Parser().parse(message, (parsed: unknown) => {
    error = parsed as Error
  })
  return error ?? new Error('The database reported an error it did not describe')
}
