/**
 * A budget account's double-entry ledger, in whole pence. Each account has
 * three ledgers: the council's fund the money comes from, the money held (in
 * the direct payment's bank or card account, or by the provider holding the
 * individual service fund) and the money spent on support. Every transaction
 * moves an amount from one ledger to another as two postings that add up to
 * nothing (debits positive, credits negative), so what the council has paid
 * out is always what is held plus what is spent. Pure: the store writes the
 * postings and the database checks them again as it commits (migration 0019).
 */
import { formatPounds } from '../../kernel/money.ts'

export const TRANSACTION_KINDS = ['payment', 'spend', 'refund', 'clawback'] as const
export type TransactionKind = (typeof TRANSACTION_KINDS)[number]

export const LEDGERS = ['council', 'held', 'spent'] as const
export type Ledger = (typeof LEDGERS)[number]

export interface Posting {
  ledger: Ledger
  /** Debit positive, credit negative. */
  amountPence: number
}

/** Each ledger's balance: the sum of its postings. */
export type Balances = Record<Ledger, number>

export const NO_BALANCES: Readonly<Balances> = Object.freeze({ council: 0, held: 0, spent: 0 })

/** Where each kind of transaction takes money from and puts it. */
const MOVES: Record<TransactionKind, { to: Ledger; from: Ledger }> = {
  /** The council pays money into the account. */
  payment: { to: 'held', from: 'council' },
  /** The holder pays for support out of the account. */
  spend: { to: 'spent', from: 'held' },
  /** Money spent comes back into the account (a provider's refund, a payment recorded in error). */
  refund: { to: 'held', from: 'spent' },
  /** The council takes back money held beyond what the plan needs. */
  clawback: { to: 'council', from: 'held' },
}

/** What each kind of transaction is called on a statement. */
export const KIND_LABELS: Record<TransactionKind, string> = {
  payment: 'Payment in',
  spend: 'Spending',
  refund: 'Refund of spending',
  clawback: 'Clawback',
}

/**
 * The two postings of a transaction. The amount must be a positive whole
 * number of pence.
 *
 * @example
 * postingsFor('spend', 12_000) // [{ ledger: 'spent', amountPence: 12000 }, { ledger: 'held', amountPence: -12000 }]
 */
export function postingsFor(kind: TransactionKind, amountPence: number): [Posting, Posting] {
  if (!Number.isSafeInteger(amountPence) || amountPence <= 0) {
    throw new RangeError(
      `A transaction's amount must be a positive whole number of pence, not ${amountPence}`,
    )
  }
  const { to, from } = MOVES[kind]
  return [
    { ledger: to, amountPence },
    { ledger: from, amountPence: -amountPence },
  ]
}

/**
 * Balances after the postings.
 *
 * @example
 * balancesAfter(NO_BALANCES, postingsFor('payment', 50_000)) // { council: -50000, held: 50000, spent: 0 }
 */
export function balancesAfter(balances: Readonly<Balances>, postings: readonly Posting[]): Balances {
  const next = { ...balances }
  for (const posting of postings) next[posting.ledger] += posting.amountPence
  return next
}

/**
 * Why a transaction cannot be made, in words for the person recording it, or
 * undefined when it can: money cannot leave a ledger that does not hold it
 * (no account is overdrawn, and no more is refunded than was spent).
 *
 * @example
 * refusal({ council: -10_000, held: 10_000, spent: 0 }, 'spend', 12_000)
 * // 'The amount must be no more than the money held, £100.00'
 */
export function refusal(balances: Readonly<Balances>, kind: TransactionKind, amountPence: number) {
  const { from } = MOVES[kind]
  if (from === 'held' && amountPence > balances.held) {
    return `The amount must be no more than the money held, ${formatPounds(balances.held)}`
  }
  if (from === 'spent' && amountPence > balances.spent) {
    return `A refund must be no more than the money spent, ${formatPounds(balances.spent)}`
  }
  return undefined
}
