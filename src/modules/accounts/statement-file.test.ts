import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TRANSACTIONS_MAX } from './inputs.ts'
import { proposeLines, readStatementFile, statementDate, statementPence } from './statement-file.ts'

describe('statementDate', () => {
  it.each([
    ['31/01/2026', '2026-01-31'],
    ['1/2/2026', '2026-02-01'],
    ['31.01.2026', '2026-01-31'],
    ['2026-01-31', '2026-01-31'],
    [' 29/02/2028 ', '2028-02-29'],
    ['29/02/2026', undefined],
    ['01/31/2026', undefined],
    ['31 Jan 2026', undefined],
    ['', undefined],
  ])('%j → %j', (text, day) => {
    expect(statementDate(text)).toBe(day)
  })
})

describe('statementPence', () => {
  it.each([
    ['12.50', 1250],
    ['-12.50', -1250],
    ['+12.5', 1250],
    ['£1,250.00', 125_000],
    ['-£12.50', -1250],
    ['(12.50)', -1250],
    ['12.505', undefined],
    ['twelve', undefined],
    ['', undefined],
  ])('%j → %j', (text, pence) => {
    expect(statementPence(text)).toBe(pence)
  })
})

describe('readStatementFile', () => {
  it('reads one signed Amount column, any case, a byte-order mark and quoted commas', () => {
    const text =
      '\uFEFFDATE,Description,AMOUNT\n01/11/2026,"Load, November",576.00\n03/11/2026,Wages,-240.00\n'
    expect(readStatementFile(text)).toEqual({
      lines: [
        { line: 2, occurredOn: '2026-11-01', description: 'Load, November', amountPence: 57_600 },
        { line: 3, occurredOn: '2026-11-03', description: 'Wages', amountPence: -24_000 },
      ],
      problems: [],
    })
  })

  it('reads Paid in and Paid out columns, leaving a balance column alone', () => {
    const text =
      'Transaction date,Details,Paid out,Paid in,Balance\n2026-11-01,Load,,576.00,576.00\n2026-11-02,Shop,12.50,,563.50\n'
    expect(readStatementFile(text).lines.map((l) => l.amountPence)).toEqual([57_600, -1250])
  })

  it.each([
    [
      'a date that is none',
      'Date,Amount\nsoon,1.00\n',
      'Line 2: the date “soon” is not a date like 31/01/2026',
    ],
    [
      'money that is none',
      'Date,Amount\n01/11/2026,lots\n',
      'Line 2: the amount “lots” is not a sum of money like -12.50',
    ],
    ['an amount of nothing', 'Date,Amount\n01/11/2026,0.00\n', 'Line 2: the amount is nothing'],
    [
      'money both in and out',
      'Date,Paid in,Paid out\n01/11/2026,1.00,2.00\n',
      'Line 2: give the money paid in or the money paid out, not both or neither',
    ],
  ])('leaves out a line with %s, saying why', (_what, text, message) => {
    expect(readStatementFile(text)).toEqual({ lines: [], problems: [{ line: 2, message }] })
  })

  it('keeps the good lines of a file with a bad one, numbering lines as the file does', () => {
    const read = readStatementFile('Date,Amount\n01/11/2026,1.00\nnot a date,2.00\n03/11/2026,-3.00\n')
    expect(read.lines.map((l) => l.line)).toEqual([2, 4])
    expect(read.problems.map((p) => p.line)).toEqual([3])
  })

  it.each([
    ['no date column', 'When,Amount\n01/11/2026,1.00\n', 'a date (Date) were not found'],
    [
      'no money column',
      'Date,Description\n01/11/2026,x\n',
      'the money (Amount, or Paid in and Paid out) were not found',
    ],
    [
      'only money in',
      'Date,Paid in\n01/11/2026,1.00\n',
      'the money (Amount, or Paid in and Paid out) were not found',
    ],
  ])('refuses a file with %s', (_what, text, ending) => {
    const read = readStatementFile(text)
    expect(read.lines).toEqual([])
    expect(read.problems[0]?.message).toMatch(new RegExp(`${ending.replace(/[()]/g, '\\$&')}$`))
  })

  it('refuses a file that is not CSV, and one too long to check', () => {
    expect(readStatementFile('Date,Amount\n"01/11/2026,1.00\n').problems[0]?.message).toMatch(
      /^The file is not a CSV file/,
    )
    const long = `Date,Amount\n${'01/11/2026,1.00\n'.repeat(TRANSACTIONS_MAX + 1)}`
    expect(readStatementFile(long).problems[0]?.message).toMatch(/at most 2,000 lines/)
  })
})

describe('proposeLines', () => {
  const line = (occurredOn: string, amountPence: number, n = 2) => ({
    line: n,
    occurredOn,
    description: '',
    amountPence,
  })

  it('takes money in as a payment in and money out as spending', () => {
    expect(
      proposeLines([line('2026-11-01', 100), line('2026-11-02', -50)], []).map((l) => [l.kind, l.direction]),
    ).toEqual([
      ['payment', 'in'],
      ['spend', 'out'],
    ])
  })

  it('marks a line already recorded once for each transaction of that day and money', () => {
    const proposed = proposeLines(
      [line('2026-11-02', -50), line('2026-11-02', -50), line('2026-11-02', 50), line('2026-11-03', -50)],
      [{ occurredOn: '2026-11-02', kind: 'spend', amountPence: 50 }],
    )
    expect(proposed.map((l) => l.alreadyRecorded)).toEqual([true, false, false, false])
    // A refund recorded matches money in; a clawback money out.
    expect(
      proposeLines(
        [line('2026-11-02', 50), line('2026-11-02', -50)],
        [
          { occurredOn: '2026-11-02', kind: 'refund', amountPence: 50 },
          { occurredOn: '2026-11-02', kind: 'clawback', amountPence: 50 },
        ],
      ).map((l) => l.alreadyRecorded),
    ).toEqual([true, true])
  })

  it('never marks more lines of a day and money than there are such transactions (property)', () => {
    const arbitraryLine = fc.record({
      day: fc.integer({ min: 1, max: 3 }),
      pence: fc.constantFrom(-50, 50, 100),
    })
    fc.assert(
      fc.property(
        fc.array(arbitraryLine, { maxLength: 30 }),
        fc.array(arbitraryLine, { maxLength: 30 }),
        (file, held) => {
          const lines = file.map((l) => line(`2026-11-0${l.day}`, l.pence))
          const recorded = held.map((r) => ({
            occurredOn: `2026-11-0${r.day}`,
            kind: r.pence > 0 ? ('payment' as const) : ('spend' as const),
            amountPence: Math.abs(r.pence),
          }))
          const proposed = proposeLines(lines, recorded)
          for (const key of new Set(lines.map((l) => `${l.occurredOn}|${l.amountPence}`))) {
            const marked = proposed.filter(
              (l) => `${l.occurredOn}|${l.amountPence}` === key && l.alreadyRecorded,
            ).length
            const existing = held.filter((r) => `2026-11-0${r.day}|${r.pence}` === key).length
            const present = lines.filter((l) => `${l.occurredOn}|${l.amountPence}` === key).length
            expect(marked).toBe(Math.min(existing, present))
          }
        },
      ),
    )
  })
})
