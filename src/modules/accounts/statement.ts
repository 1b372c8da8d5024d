/**
 * A statement of an account for a period, as sent to whoever holds the money:
 * the money held at the start, each transaction in the period with the money
 * held after it, and the money held at the end. Pure: the running balance is
 * worked out over every transaction in date order, so a period's opening
 * balance is what the transactions before it left.
 */
import type { TransactionKind } from './ledger.ts'

export interface LedgerLine {
  kind: TransactionKind
  amountPence: number
  occurredOn: string
}

export interface StatementLine<L extends LedgerLine> {
  line: L
  /** Into the money held (payments, refunds) or out of it (spending, clawback). */
  direction: 'in' | 'out'
  heldAfterPence: number
}

const into = (kind: TransactionKind) => kind === 'payment' || kind === 'refund'

/**
 * Every transaction with the money held after it. `lines` must be in the
 * order they happened (date, then when recorded).
 *
 * @example
 * runningBalance([{ kind: 'payment', amountPence: 500, occurredOn: '2026-06-01' }])
 * // [{ line, direction: 'in', heldAfterPence: 500 }]
 */
export function runningBalance<L extends LedgerLine>(lines: readonly L[]): StatementLine<L>[] {
  let held = 0
  return lines.map((line) => {
    const direction = into(line.kind) ? ('in' as const) : ('out' as const)
    held += direction === 'in' ? line.amountPence : -line.amountPence
    return { line, direction, heldAfterPence: held }
  })
}

/**
 * The statement for the days `from` to `to`, both included.
 *
 * @example
 * statementFor(lines, '2026-05-01', '2026-05-31')
 * // { openingPence, lines: [...May's], inPence, outPence, closingPence }
 */
export function statementFor<L extends LedgerLine>(lines: readonly L[], from: string, to: string) {
  const all = runningBalance(lines)
  const before = all.filter((s) => s.line.occurredOn < from)
  const within = all.filter((s) => s.line.occurredOn >= from && s.line.occurredOn <= to)
  const openingPence = before.at(-1)?.heldAfterPence ?? 0
  const sum = (direction: 'in' | 'out') =>
    within.filter((s) => s.direction === direction).reduce((total, s) => total + s.line.amountPence, 0)
  const inPence = sum('in')
  const outPence = sum('out')
  return { openingPence, lines: within, inPence, outPence, closingPence: openingPence + inPence - outPence }
}
