/**
 * A bank or prepaid-card statement as the account's holder or the card
 * provider sends it (CSV), read into the lines a finance officer records:
 * the date, what it was, and the money in or out. Banks write these files
 * in a few shapes; the columns are found by their names (any case):
 *
 * - a date: `Date`, `Transaction date`, `Posting date`, `Value date`;
 * - what it was: `Description`, `Details`, `Narrative`, `Reference`, `Merchant`;
 * - the money, either one signed `Amount` (money out below nothing), or
 *   `Paid in`/`Money in`/`Credit` beside `Paid out`/`Money out`/`Debit`.
 *
 * Dates as 31/01/2026 (day first, as UK banks write them) or 2026-01-31.
 * Any other column (a running balance, a type) is left alone. Pure: text
 * in, lines and problems out.
 */
import { parse } from 'csv-parse/sync'
import { isRealDate } from '../../kernel/validation.ts'
import { penceFromPounds } from '../plans/money-input.ts'
import { TRANSACTIONS_MAX } from './inputs.ts'
import type { TransactionKind } from './ledger.ts'

export interface StatementLine {
  /** The physical line of the file (the header is line 1). */
  line: number
  occurredOn: string
  description: string
  /** Money in above nothing, money out below. */
  amountPence: number
}

export interface StatementProblem {
  line: number
  message: string
}

const COLUMNS = {
  date: ['date', 'transaction date', 'posting date', 'value date'],
  description: ['description', 'details', 'narrative', 'reference', 'merchant'],
  amount: ['amount', 'value'],
  moneyIn: ['paid in', 'money in', 'credit', 'in'],
  moneyOut: ['paid out', 'money out', 'debit', 'out'],
} as const

/**
 * The date a statement writes, as an ISO day; undefined when it is none.
 *
 * @example
 * statementDate('31/01/2026') // '2026-01-31'
 * statementDate('2026-01-31') // '2026-01-31'
 * statementDate('01/31/2026') // undefined (no 31st month)
 */
export function statementDate(text: string): string | undefined {
  const value = text.trim()
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value)
  const iso = uk ? `${uk[3]}-${uk[2]?.padStart(2, '0')}-${uk[1]?.padStart(2, '0')}` : value
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && isRealDate(iso) ? iso : undefined
}

/**
 * Money as a statement writes it, in pence, signed: '-12.50', '£1,250.00', '(12.50)'.
 *
 * @example
 * statementPence('-£12.50') // -1250
 * statementPence('(12.50)') // -1250
 * statementPence('twelve') // undefined
 */
export function statementPence(text: string): number | undefined {
  let value = text.trim().replace(/\s+/g, '')
  let sign = 1
  if (/^\(.*\)$/.test(value)) {
    sign = -1
    value = value.slice(1, -1)
  }
  if (value.startsWith('-')) {
    sign = -sign
    value = value.slice(1)
  } else if (value.startsWith('+')) value = value.slice(1)
  const pence = penceFromPounds(value)
  return pence === undefined ? undefined : sign * pence
}

/**
 * Reads a statement file into its lines, and a problem for each line that
 * cannot be used (it is left out) or for a file that cannot be read at all.
 *
 * @example
 * readStatementFile('Date,Description,Amount\n31/01/2026,Card load,400.00\n')
 * // { lines: [{ line: 2, occurredOn: '2026-01-31', description: 'Card load', amountPence: 40000 }], problems: [] }
 */
export function readStatementFile(text: string): { lines: StatementLine[]; problems: StatementProblem[] } {
  let records: string[][]
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true })
  } catch (error) {
    return {
      lines: [],
      problems: [
        { line: 1, message: `The file is not a CSV file that can be read: ${(error as Error).message}` },
      ],
    }
  }
  const [header = [], ...rows] = records
  const names = header.map((name) => name.trim().toLowerCase())
  const find = (wanted: readonly string[]) => names.findIndex((name) => wanted.includes(name))
  const at = {
    date: find(COLUMNS.date),
    description: find(COLUMNS.description),
    amount: find(COLUMNS.amount),
    moneyIn: find(COLUMNS.moneyIn),
    moneyOut: find(COLUMNS.moneyOut),
  }
  const missing: string[] = []
  if (at.date < 0) missing.push('a date (Date)')
  if (at.amount < 0 && (at.moneyIn < 0 || at.moneyOut < 0))
    missing.push('the money (Amount, or Paid in and Paid out)')
  if (missing.length) {
    return {
      lines: [],
      problems: [
        { line: 1, message: `The first line must name the columns: ${missing.join(' and ')} were not found` },
      ],
    }
  }
  if (rows.length > TRANSACTIONS_MAX) {
    return {
      lines: [],
      problems: [
        {
          line: 1,
          message: `A statement can have at most ${TRANSACTIONS_MAX.toLocaleString('en-GB')} lines: split the file`,
        },
      ],
    }
  }
  const lines: StatementLine[] = []
  const problems: StatementProblem[] = []
  rows.forEach((row, i) => {
    const line = i + 2
    const cell = (index: number) => (index >= 0 ? (row[index] ?? '').trim() : '')
    const occurredOn = statementDate(cell(at.date))
    if (!occurredOn) {
      problems.push({
        line,
        message: `Line ${line}: the date “${cell(at.date)}” is not a date like 31/01/2026`,
      })
      return
    }
    const amountPence = moneyOf(cell, at)
    if (typeof amountPence === 'string') {
      problems.push({ line, message: `Line ${line}: ${amountPence}` })
      return
    }
    lines.push({ line, occurredOn, description: cell(at.description).slice(0, 500), amountPence })
  })
  return { lines, problems }
}

/** A line's money in pence (signed), or what is wrong with it. */
function moneyOf(cell: (index: number) => string, at: Record<keyof typeof COLUMNS, number>): number | string {
  if (at.amount >= 0 && cell(at.amount) !== '') {
    const pence = statementPence(cell(at.amount))
    if (pence === undefined) return `the amount “${cell(at.amount)}” is not a sum of money like -12.50`
    if (pence === 0) return 'the amount is nothing'
    return pence
  }
  const moneyIn = cell(at.moneyIn)
  const moneyOut = cell(at.moneyOut)
  if ((moneyIn === '') === (moneyOut === ''))
    return 'give the money paid in or the money paid out, not both or neither'
  const pence = statementPence(moneyIn || moneyOut)
  if (pence === undefined || pence <= 0) return `“${moneyIn || moneyOut}” is not a sum of money like 12.50`
  return moneyIn ? pence : -pence
}

/** Money in is a payment in or a refund of spending; money out is spending or a clawback. */
export const KINDS_FOR: Record<'in' | 'out', readonly TransactionKind[]> = {
  in: ['payment', 'refund'],
  out: ['spend', 'clawback'],
}

const signed = (kind: TransactionKind, amountPence: number) =>
  KINDS_FOR.in.includes(kind) ? amountPence : -amountPence

export interface ProposedLine extends StatementLine {
  /** What it is taken to be, until the finance officer says otherwise. */
  kind: TransactionKind
  direction: 'in' | 'out'
  /** A transaction on the same day for the same money is already recorded: left out unless chosen. */
  alreadyRecorded: boolean
}

/**
 * Each line as the transaction it most likely is (money in a payment in,
 * money out spending), and whether it seems already recorded: a recorded
 * transaction of the same day and the same money in or out matches one line
 * (two such lines need two such transactions).
 *
 * @example
 * proposeLines([{ line: 2, occurredOn: '2026-01-31', description: 'Card load', amountPence: 40000 }], [])
 * // [{ …, kind: 'payment', direction: 'in', alreadyRecorded: false }]
 */
export function proposeLines(
  lines: readonly StatementLine[],
  recorded: readonly { occurredOn: string; kind: TransactionKind; amountPence: number }[],
): ProposedLine[] {
  const unmatched = new Map<string, number>()
  for (const r of recorded) {
    const key = `${r.occurredOn}|${signed(r.kind, r.amountPence)}`
    unmatched.set(key, (unmatched.get(key) ?? 0) + 1)
  }
  return lines.map((line) => {
    const key = `${line.occurredOn}|${line.amountPence}`
    const left = unmatched.get(key) ?? 0
    if (left > 0) unmatched.set(key, left - 1)
    const direction = line.amountPence > 0 ? 'in' : 'out'
    return { ...line, direction, kind: KINDS_FOR[direction][0] as TransactionKind, alreadyRecorded: left > 0 }
  })
}
