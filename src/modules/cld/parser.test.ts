import fs from 'node:fs'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { csvLine } from './csv-line.ts'
import { type CsvItem, readCsv } from './parser.ts'
import { readCld } from './read-cld.ts'
import type { CldProblem } from './validator.ts'

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../../test/fixtures/cld/${name}`, import.meta.url))

/** Every problem a file has, as the importer would report it, in file order. */
async function problemsIn(name: string): Promise<{ problems: CldProblem[]; rows: number; usable: number }> {
  const problems: CldProblem[] = []
  let rows = 0
  let usable = 0
  for await (const chunk of readCld(fs.createReadStream(fixture(name), { highWaterMark: 97 }), 'TESTA')
    .chunks) {
    problems.push(...chunk.headerProblems)
    for (const row of chunk.rows) {
      rows += 1
      if (row.usable) usable += 1
      problems.push(...row.problems)
    }
  }
  return { problems, rows, usable }
}

const DROPPED = 'Row dropped'

describe('reading malformed CLD files', () => {
  it('reports exactly the bad rows of a file with one fault per line', async () => {
    const { problems, rows, usable } = await problemsIn('malformed.csv')
    expect(problems).toEqual([
      {
        line: 3,
        field: 'Event_Start_Date',
        value: '2025-13-01',
        problem: 'Not a real date (write YYYY-MM-DD)',
        action: DROPPED,
      },
      {
        line: 4,
        field: 'Date_of_Birth',
        value: '31/02/1980',
        problem: 'Not a real date (write YYYY-MM-DD)',
        action: 'Kept blank',
      },
      {
        line: 5,
        field: 'Gender',
        value: 'Martian',
        problem: 'Not a value in the CLD code list',
        action: 'Kept as "Invalid and not mapped"',
      },
      {
        line: 6,
        field: 'Event_End_Date',
        value: '2025-11-02',
        problem: 'Before the event start date (2025-11-20)',
        action: DROPPED,
      },
      {
        line: 7,
        field: 'LA_Person_Unique_Identifier',
        value: '',
        problem: 'Blank: a row without a person identifier cannot be used',
        action: DROPPED,
      },
      {
        line: 8,
        field: 'LA_Code',
        value: 'OTHER',
        problem: "Not this council's code (TESTA)",
        action: DROPPED,
      },
      {
        line: 9,
        field: 'Event_Type',
        value: '',
        problem: 'Blank: every row must say which event it is (Request, Assessment, Service or Review)',
        action: DROPPED,
      },
      {
        line: 10,
        field: 'Service_Component',
        value: 'Space travel',
        problem: 'Not a value in the CLD code list',
        action: 'Kept as "Invalid and not mapped"',
      },
      {
        line: 10,
        field: 'Unit_Cost',
        value: 'twelve',
        problem: 'Not an amount in pounds, such as 123.45',
        action: 'Kept blank',
      },
      {
        line: 13,
        field: '(row)',
        value: '',
        problem: 'A quoted value is never closed (the file may have been cut off)',
        action: DROPPED,
      },
    ])
    // Line 11 is blank; 2 and 12 are clean.
    expect({ rows, usable }).toEqual({ rows: 11, usable: 5 })
  })

  it('refuses a file whose header lacks required columns, naming them', async () => {
    await expect(problemsIn('wrong-headers.csv')).rejects.toThrow(
      'The header is missing columns every CLD file must have: Event_Type, Event_Start_Date.',
    )
  })

  it('refuses an empty file', async () => {
    const reader = readCld(Readable.from([]), 'TESTA')
    await expect(async () => {
      for await (const _ of reader.chunks) {
        // reading
      }
    }).rejects.toThrow('The file is empty')
  })

  it.each(['release-1.csv', 'release-2.csv'])('reads %s with no problems', async (name) => {
    expect(await problemsIn(name)).toEqual({ problems: [], rows: 9, usable: 9 })
  })
})

async function itemsOf(text: string, pieceSize: number): Promise<CsvItem[]> {
  const bytes = Buffer.from(text)
  const pieces: Buffer[] = []
  for (let at = 0; at < bytes.length; at += pieceSize) pieces.push(bytes.subarray(at, at + pieceSize))
  const items: CsvItem[] = []
  for await (const chunk of readCsv(Readable.from(pieces)).chunks) items.push(...chunk)
  return items
}

describe('the CSV reader', () => {
  const text = '\uFEFFa,b,c\r\n1,2,3\n\n4,"x\ny",6\n7,"8"x,9\n10,11,12\n"a ""quoted"" word",,é\n9,"10,11\n'

  it('numbers records by the line they start on and gives up on broken lines alone', async () => {
    expect(await itemsOf(text, 1_000)).toEqual([
      { kind: 'record', cells: ['a', 'b', 'c'], line: 1 },
      { kind: 'record', cells: ['1', '2', '3'], line: 2 },
      { kind: 'record', cells: ['4', 'x\ny', '6'], line: 4 },
      { kind: 'broken', line: 6, message: 'Text follows a closing quote: the line is not valid CSV' },
      { kind: 'record', cells: ['10', '11', '12'], line: 7 },
      { kind: 'record', cells: ['a "quoted" word', '', 'é'], line: 8 },
      { kind: 'broken', line: 9, message: 'A quoted value is never closed (the file may have been cut off)' },
    ])
  })

  it('gives the same records however the bytes are split', async () => {
    const whole = await itemsOf(text, 1_000)
    for (let size = 1; size < 20; size++) expect(await itemsOf(text, size)).toEqual(whole)
  })

  it('reads back any cells written by csvLine', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é') })
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        async (rows) => {
          // A record of one empty cell is a blank line, which CSV cannot tell apart.
          const text = rows.map((cells) => csvLine(cells)).join('')
          const items = await itemsOf(text, 7)
          expect(items.map((item) => (item.kind === 'record' ? item.cells : item))).toEqual(rows)
        },
      ),
    )
  })

  it('reads the last line without a line end', async () => {
    expect(await itemsOf('a,b\n1,2', 3)).toEqual([
      { kind: 'record', cells: ['a', 'b'], line: 1 },
      { kind: 'record', cells: ['1', '2'], line: 2 },
    ])
  })
})
