/**
 * A value as JSON for a bulk statement's one parameter (`${jsonParameter(rows)}::json`,
 * unpacked by json_to_recordset), sent as UTF-8 bytes rather than as text.
 *
 * PGlite writes a text parameter by counting its UTF-8 bytes in a JavaScript
 * loop, a character at a time, twice: for a batch of a thousand rows that loop
 * was an eighth of seeding a council. Bytes go as they are, in the binary
 * format, which for `json` is the same UTF-8 text (PostgreSQL's json_recv), on
 * PGlite and on a server alike. `replacer` is JSON.stringify's.
 *
 * @example
 * await sql`INSERT INTO t (a) SELECT a FROM json_to_recordset(${jsonParameter(rows)}::json) AS r(a int)`.execute(db)
 */
export const jsonParameter = (value: object, replacer?: (key: string, value: unknown) => unknown): Buffer =>
  Buffer.from(JSON.stringify(value, replacer), 'utf8')
