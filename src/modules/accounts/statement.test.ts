import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays } from '../../kernel/dates.ts'
import { TRANSACTION_KINDS } from './ledger.ts'
import { type LedgerLine, runningBalance, statementFor } from './statement.ts'

const LINES: LedgerLine[] = [
  { kind: 'payment', amountPence: 67_200, occurredOn: '2026-04-06' },
  { kind: 'spend', amountPence: 60_000, occurredOn: '2026-05-03' },
  { kind: 'payment', amountPence: 67_200, occurredOn: '2026-05-04' },
  { kind: 'refund', amountPence: 1_000, occurredOn: '2026-05-20' },
  { kind: 'spend', amountPence: 50_000, occurredOn: '2026-05-31' },
  { kind: 'clawback', amountPence: 5_000, occurredOn: '2026-06-01' },
]

describe('statementFor', () => {
  it.each([
    ['the whole history', '2026-04-01', '2026-06-30', 0, 6, 135_400, 115_000, 20_400],
    ['May, both ends included', '2026-05-01', '2026-05-31', 67_200, 4, 68_200, 110_000, 25_400],
    ['a period with nothing in it', '2026-05-05', '2026-05-19', 74_400, 0, 0, 0, 74_400],
    ['a period before the account', '2026-01-01', '2026-03-31', 0, 0, 0, 0, 0],
    ['a single day', '2026-06-01', '2026-06-01', 25_400, 1, 0, 5_000, 20_400],
  ])('%s', (_, from, to, opening, count, inPence, outPence, closing) => {
    const statement = statementFor(LINES, from, to)
    expect(statement).toMatchObject({ openingPence: opening, inPence, outPence, closingPence: closing })
    expect(statement.lines.length).toBe(count)
  })

  it('gives each line the money held after it, and the closing balance is the last line’s', () => {
    expect(runningBalance(LINES).map((s) => [s.direction, s.heldAfterPence])).toEqual([
      ['in', 67_200],
      ['out', 7_200],
      ['in', 74_400],
      ['in', 75_400],
      ['out', 25_400],
      ['out', 20_400],
    ])
  })

  it('splits any history at any day into periods that join up: one period’s close is the next one’s opening', () => {
    const line = fc.record({
      kind: fc.constantFrom(...TRANSACTION_KINDS),
      amountPence: fc.integer({ min: 1, max: 100_000 }),
      occurredOn: fc.integer({ min: 0, max: 120 }).map((d) => addDays('2026-01-01', d)),
    })
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.integer({ min: 0, max: 120 }), (drawn, split) => {
        const lines = [...drawn].sort((a, b) => a.occurredOn.localeCompare(b.occurredOn))
        const day = addDays('2026-01-01', split)
        const first = statementFor(lines, '2025-12-01', day)
        const second = statementFor(lines, addDays(day, 1), '2026-06-30')
        expect(second.openingPence).toBe(first.closingPence)
        expect(first.lines.length + second.lines.length).toBe(lines.length)
        expect(second.closingPence).toBe(runningBalance(lines).at(-1)?.heldAfterPence ?? 0)
      }),
    )
  })
})
