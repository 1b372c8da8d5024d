import { PGlite } from '@electric-sql/pglite'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { usePreparedStatements } from './pglite-prepared-statements.ts'

// Queries through named prepared statements must answer exactly as PGlite's
// own query does: compared here side by side on one in-memory database.

let prepared: PGlite
let plain: PGlite

beforeAll(async () => {
  prepared = await PGlite.create()
  plain = await PGlite.create()
  usePreparedStatements(prepared, 3)
  for (const db of [prepared, plain]) {
    await db.exec(`
      CREATE TABLE notes (id int PRIMARY KEY, body text);
      CREATE TABLE things (id int PRIMARY KEY, name text NOT NULL, tags text[], detail jsonb, on_day date, at timestamptz);
      INSERT INTO things VALUES (1, 'one', '{a,b}', '{"x":1}', '2026-01-02', '2026-01-02T03:04:05Z'), (2, 'two', NULL, NULL, NULL, NULL);
    `)
  }
})
afterAll(async () => {
  await prepared.close()
  await plain.close()
})

const both = async (text: string, params: unknown[] = []) => {
  const [a, b] = [await prepared.query(text, params), await plain.query(text, params)]
  return { a, b }
}

describe('PGlite queries through prepared statements', () => {
  it.each([
    ['a row by key', 'SELECT * FROM things WHERE id = $1', [1]],
    ['no rows', 'SELECT * FROM things WHERE id = $1', [99]],
    ['an array parameter', 'SELECT id FROM things WHERE id = ANY($1::int[]) ORDER BY id', [[1, 2]]],
    ['a JSON parameter', 'SELECT $1::jsonb AS doc', [{ a: [1, 'two', null] }]],
    [
      'a date and a time',
      'SELECT $1::date AS d, $2::timestamptz AS t',
      ['2026-03-04', new Date('2026-03-04T05:06:07Z')],
    ],
    ['a null parameter', 'SELECT $1::text IS NULL AS missing', [null]],
    ['an update', 'UPDATE things SET name = name WHERE id = $1', [2]],
    ['a text with quotes', 'SELECT $1::text AS s', ['it\'s \\ "quoted"']],
    ['text beyond ASCII', 'SELECT $1::text AS s, upper($1) AS u', ['Zoë Ōkafor 👵 Łódź']],
    [
      'numbers of every kind',
      'SELECT 1::int2 a, 2::int4 b, 3::int8 c, 4.5::numeric d, 6.5::float8 e, true f',
      [],
    ],
    ['bytes', "SELECT '\\x00ff10'::bytea AS b", []],
    ['a column named twice', 'SELECT 1 AS n, 2 AS n', []],
    [
      'an answer of many chunks',
      "SELECT g AS n, repeat('é', g % 50) AS s FROM generate_series(1, 3000) g",
      [],
    ],
    [
      'an insert returning rows',
      'INSERT INTO notes (id, body) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET body = $2 RETURNING *',
      [9, 'nine'],
    ],
    ['a delete of nothing', 'DELETE FROM things WHERE id = $1', [99]],
    ['a statement that returns no rows', 'SET LOCAL statement_timeout = 0', []],
  ])('answers %s as PGlite does, each time', async (_, text, params) => {
    for (let run = 0; run < 7; run++) {
      const { a, b } = await both(text as string, params as unknown[])
      expect(a.rows).toEqual(b.rows)
      expect(a.affectedRows).toEqual(b.affectedRows)
      expect(a.fields).toEqual(b.fields)
    }
  })

  it('answers rows as arrays when asked, as PGlite does', async () => {
    const text = 'SELECT id, name, tags FROM things ORDER BY id'
    const [a, b] = [
      await prepared.query(text, [], { rowMode: 'array' }),
      await plain.query(text, [], { rowMode: 'array' }),
    ]
    expect(a.rows).toEqual(b.rows)
    expect(a.fields).toEqual(b.fields)
  })

  it('reads any text back as PGlite does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 40 }).filter((v) => !v.includes('\0')),
        async (value) => {
          const { a, b } = await both('SELECT $1::text AS v, length($1) AS n', [value])
          expect(a.rows).toEqual(b.rows)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('keeps answering after statements are closed to stay within the limit', async () => {
    for (let n = 0; n < 10; n++) {
      const { rows } = await prepared.query<{ n: number }>(`SELECT $1::int + ${n} AS n`, [1])
      expect(rows).toEqual([{ n: 1 + n }])
    }
    const { rows } = await prepared.query<{ n: number }>('SELECT $1::int + 0 AS n', [5])
    expect(rows).toEqual([{ n: 5 }])
  })

  it('prepares again when a table changes under a statement', async () => {
    const text = 'SELECT * FROM things WHERE id = $1'
    await prepared.query(text, [1])
    await prepared.exec('ALTER TABLE things ADD COLUMN extra int DEFAULT 7')
    const { rows } = await prepared.query<{ extra: number }>(text, [1])
    expect(rows[0]?.extra).toBe(7)
    await prepared.exec('ALTER TABLE things DROP COLUMN extra')
  })

  it('reports errors with their code and leaves the database usable', async () => {
    await expect(
      prepared.query('INSERT INTO things (id, name) VALUES ($1, $2)', [1, 'dup']),
    ).rejects.toMatchObject({
      code: '23505',
    })
    await expect(prepared.query('SELECT nonsense FROM', [])).rejects.toMatchObject({ code: '42601' })
    expect((await prepared.query('SELECT count(*)::int AS n FROM things')).rows).toEqual([{ n: 2 }])
  })

  it.each([
    ['a duplicate key', 'INSERT INTO things (id, name) VALUES ($1, $2)', [1, 'dup']],
    ['a missing column', 'SELECT nope FROM things WHERE id = $1', [1]],
    ['a bad cast', 'SELECT $1::int AS n', ['one']],
    ['a division by zero', 'SELECT 1 / ($1::int - 1) AS n', [1]],
  ])('fails on %s with the error PGlite gives', async (_what, text, params) => {
    const error = (db: PGlite) =>
      db.query(text, params).then(
        () => undefined,
        (e: unknown) => e,
      )
    const [a, b] = [await error(prepared), await error(plain)]
    expect(a).toBeInstanceOf((b as object).constructor)
    const parts = (e: unknown) => {
      const { message, code, detail, position, severity, constraint } = e as Record<string, unknown>
      return { message, code, detail, position, severity, constraint }
    }
    expect(parts(a)).toEqual(parts(b))
  })

  it('runs a transaction through them, committed or rolled back', async () => {
    await prepared.transaction(async (tx) => {
      await tx.query('INSERT INTO things (id, name) VALUES ($1, $2)', [3, 'three'])
      expect((await tx.query('SELECT name FROM things WHERE id = $1', [3])).rows).toEqual([{ name: 'three' }])
    })
    await expect(
      prepared.transaction(async (tx) => {
        await tx.query('INSERT INTO things (id, name) VALUES ($1, $2)', [4, 'four'])
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    const { rows } = await prepared.query('SELECT id FROM things WHERE id > $1 ORDER BY id', [2])
    expect(rows).toEqual([{ id: 3 }])
  })

  // What PGlite's own query answers for the same text given as a string.
  it.each([
    ['json', 'SELECT $1::json AS v', '[{"name":"Zoë 👵","n":1},{"n":null}]'],
    ['text', 'SELECT $1::text AS v', 'Zoë 👵 "quoted" \\ back'],
    ['varchar', 'SELECT $1::varchar AS v', 'Zoë'],
    ['an array literal cast from text', 'SELECT $1::text::date[] AS v', '{"2026-01-02",NULL}'],
  ])('takes %s as UTF-8 bytes, answering as for the text', async (_what, text, value) => {
    const fromBytes = await prepared.query(text, [Buffer.from(value, 'utf8')])
    expect(fromBytes.rows).toEqual((await plain.query(text, [value])).rows)
  })

  it('takes bytea as bytes', async () => {
    const bytes = new Uint8Array([0, 1, 254, 255])
    const { rows } = await prepared.query<{ v: Uint8Array }>('SELECT $1::bytea AS v', [bytes])
    expect([...(rows[0]?.v ?? [])]).toEqual([0, 1, 254, 255])
  })
})
