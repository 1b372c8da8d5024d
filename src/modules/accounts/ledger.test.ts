import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type Balances,
  balancesAfter,
  LEDGERS,
  NO_BALANCES,
  postingsFor,
  refusal,
  TRANSACTION_KINDS,
  type TransactionKind,
} from './ledger.ts'

describe('postingsFor', () => {
  it.each([
    ['payment', 'held', 'council'],
    ['spend', 'spent', 'held'],
    ['refund', 'held', 'spent'],
    ['clawback', 'council', 'held'],
  ] as const)('%s: debits %s, credits %s', (kind, debit, credit) => {
    expect(postingsFor(kind, 1_234)).toEqual([
      { ledger: debit, amountPence: 1_234 },
      { ledger: credit, amountPence: -1_234 },
    ])
  })

  it.each([0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])(
    'refuses an amount of %s pence',
    (amount) => {
      expect(() => postingsFor('payment', amount)).toThrow(RangeError)
    },
  )
})

describe('refusal', () => {
  const held = { council: -10_000, held: 6_000, spent: 4_000 }
  it.each([
    ['payment', 1_000_000, undefined],
    ['spend', 6_000, undefined],
    ['spend', 6_001, 'The amount must be no more than the money held, £60.00'],
    ['clawback', 6_000, undefined],
    ['clawback', 6_001, 'The amount must be no more than the money held, £60.00'],
    ['refund', 4_000, undefined],
    ['refund', 4_001, 'A refund must be no more than the money spent, £40.00'],
  ] as const)('%s of %i pence: %s', (kind, amount, expected) => {
    expect(refusal(held, kind, amount)).toBe(expected)
  })
})

const transaction = fc.record({
  kind: fc.constantFrom(...TRANSACTION_KINDS),
  amountPence: fc.integer({ min: 1, max: 5_000_000 }),
})

/** Runs transactions as the service does: each refused one changes nothing. */
function run(transactions: readonly { kind: TransactionKind; amountPence: number }[]) {
  let balances: Balances = { ...NO_BALANCES }
  const accepted: { kind: TransactionKind; amountPence: number }[] = []
  for (const t of transactions) {
    if (refusal(balances, t.kind, t.amountPence)) continue
    const postings = postingsFor(t.kind, t.amountPence)
    expect(postings.reduce((sum, p) => sum + p.amountPence, 0)).toBe(0)
    balances = balancesAfter(balances, postings)
    accepted.push(t)
  }
  return { balances, accepted }
}

const total = (list: readonly { kind: TransactionKind; amountPence: number }[], kind: TransactionKind) =>
  list.filter((t) => t.kind === kind).reduce((sum, t) => sum + t.amountPence, 0)

describe('the ledger, over any run of transactions', () => {
  it('always balances: the ledgers add up to nothing, and no account is overdrawn or over-refunded', () => {
    fc.assert(
      fc.property(fc.array(transaction, { maxLength: 60 }), (transactions) => {
        const { balances } = run(transactions)
        expect(LEDGERS.reduce((sum, ledger) => sum + balances[ledger], 0)).toBe(0)
        expect(balances.held).toBeGreaterThanOrEqual(0)
        expect(balances.spent).toBeGreaterThanOrEqual(0)
      }),
    )
  })

  it('holds what was paid in less what was spent and clawed back, plus refunds', () => {
    fc.assert(
      fc.property(fc.array(transaction, { maxLength: 60 }), (transactions) => {
        const { balances, accepted } = run(transactions)
        const paid = total(accepted, 'payment')
        const spent = total(accepted, 'spend') - total(accepted, 'refund')
        const clawedBack = total(accepted, 'clawback')
        expect(balances.held).toBe(paid - spent - clawedBack)
        expect(balances.spent).toBe(spent)
        expect(0 - balances.council).toBe(paid - clawedBack)
      }),
    )
  })

  it('refuses exactly the transactions that would take out more than a ledger has', () => {
    fc.assert(
      fc.property(fc.array(transaction, { maxLength: 40 }), transaction, (before, next) => {
        const { balances } = run(before)
        const after = balancesAfter(balances, postingsFor(next.kind, next.amountPence))
        expect(refusal(balances, next.kind, next.amountPence) === undefined).toBe(
          after.held >= 0 && after.spent >= 0,
        )
      }),
    )
  })
})
