import { z } from 'zod'
import { type DateInput, pastOrToday } from '../../kernel/date-input.ts'
import { addDays } from '../../kernel/dates.ts'
import { type FieldError, ValidationProblem } from '../../kernel/problem.ts'
import { absent, fieldErrors, parseInput } from '../../kernel/validation.ts'
import { penceFromPounds } from '../plans/money-input.ts'
import { TRANSACTION_KINDS } from './ledger.ts'

/*
 * Opening a budget account and recording what happened to its money, as the
 * API sends them (pence, ISO dates) and as the forms do (pounds, date boxes).
 */

export const HOLDER_MAX = 200
export const DESCRIPTION_MAX = 500
/** £1,000,000: more in one transaction is a typing mistake. */
export const AMOUNT_MAX_PENCE = 100_000_000
/**
 * Eight weeks of the budget: four paid in advance (payments are usually four-weekly) and four more kept
 * for emergencies, as many councils' direct payment policies allow before recovering the rest.
 */
export const DEFAULT_CONTINGENCY_WEEKS = 8

export const ACCOUNT_KINDS = ['direct_payment', 'individual_service_fund'] as const
export const ACCOUNT_KIND_LABELS: Record<(typeof ACCOUNT_KINDS)[number], string> = {
  direct_payment: 'Direct payment',
  individual_service_fund: 'Individual service fund',
}
/** An account of each kind, as a sentence names it. */
export const AN_ACCOUNT: Record<(typeof ACCOUNT_KINDS)[number], string> = {
  direct_payment: 'a direct payment account',
  individual_service_fund: 'an individual service fund account',
}

export const OPENED_DATE: DateInput = {
  field: 'openedOn',
  name: 'Date the account opened',
  missing: 'Enter the date the account opened',
}
export const OCCURRED_DATE: DateInput = {
  field: 'occurredOn',
  name: 'Date of the transaction',
  missing: 'Enter the date of the transaction',
}

export const CLOSED_DATE: DateInput = {
  field: 'closedOn',
  name: 'Date the account closed',
  missing: 'Enter the date the account closed',
}
export const REASON_MAX = 500

export const closeAccountSchema = (today: string) =>
  z.object({
    closedOn: z.preprocess(absent, pastOrToday(CLOSED_DATE, today)),
    reason: z.preprocess(
      absent,
      z
        .string({ error: 'Enter why the account is closing' })
        .max(REASON_MAX, { error: `Why the account is closing must be ${REASON_MAX} characters or fewer` }),
    ),
  })
export type CloseAccountInput = z.output<ReturnType<typeof closeAccountSchema>>

export const openAccountSchema = (today: string) =>
  z.object({
    planId: z.uuid({ error: 'Choose the plan the account is for' }),
    kind: z.enum(ACCOUNT_KINDS, { error: 'Choose how the money is held' }),
    holder: z.preprocess(
      absent,
      z
        .string({ error: 'Enter who holds the money' })
        .max(HOLDER_MAX, { error: `Who holds the money must be ${HOLDER_MAX} characters or fewer` }),
    ),
    contingencyWeeks: z
      .int({ error: 'Enter the contingency as a whole number of weeks' })
      .min(0, { error: 'The contingency must be 0 weeks or more' })
      .max(52, { error: 'The contingency must be 52 weeks or fewer' })
      .default(DEFAULT_CONTINGENCY_WEEKS),
    openedOn: z.preprocess(absent, pastOrToday(OPENED_DATE, today)),
    holderProviderId: z.preprocess(
      absent,
      z.uuid({ error: 'Choose the provider from the directory, or none' }).optional(),
    ),
  })
export type OpenAccountInput = z.output<ReturnType<typeof openAccountSchema>>

export const transactionSchema = (today: string) =>
  z.object({
    kind: z.enum(TRANSACTION_KINDS, { error: 'Choose what happened to the money' }),
    amountPence: z
      .int({ error: 'Enter the amount as a whole number of pence' })
      .min(1, { error: 'The amount must be more than nothing' })
      .max(AMOUNT_MAX_PENCE, { error: 'The amount must be £1,000,000 or less' }),
    occurredOn: z.preprocess(absent, pastOrToday(OCCURRED_DATE, today)),
    description: z.preprocess(
      absent,
      z
        .string({ error: 'Enter the description as text' })
        .max(DESCRIPTION_MAX, { error: `The description must be ${DESCRIPTION_MAX} characters or fewer` })
        .optional(),
    ),
  })
export type TransactionInput = z.output<ReturnType<typeof transactionSchema>>

/** Transactions at most in one list: a statement's lines (statement-file.ts). */
export const TRANSACTIONS_MAX = 2_000

export const transactionListSchema = (today: string) =>
  z.object({
    transactions: z
      .array(transactionSchema(today), { error: 'Give the transactions as a list' })
      .min(1, { error: 'Give at least one transaction' })
      .max(TRANSACTIONS_MAX, {
        error: `Give at most ${TRANSACTIONS_MAX.toLocaleString('en-GB')} transactions at once`,
      }),
  })

/** Parses with a schema, naming each problem by the form's own field where the form's differs. */
function parseRenamed<S extends z.ZodType>(
  schema: S,
  input: unknown,
  early: FieldError[],
  renames: Record<string, string>,
): z.output<S> {
  const result = schema.safeParse(input)
  const later = result.success ? [] : fieldErrors(result.error)
  const errors = [
    ...early,
    ...later
      .map((e) => ({ ...e, field: renames[e.field] ?? e.field }))
      .filter((e) => !early.some((x) => x.field === e.field)),
  ]
  if (errors.length > 0) throw new ValidationProblem(errors)
  return result.data as z.output<S>
}

/**
 * The transaction form as a transaction: the amount in pounds to pence.
 * Errors keep the form's names (`amount`).
 *
 * @example
 * transactionFromForm({ kind: 'payment', amount: '672.00', occurredOn: '2026-06-01' }, '2026-06-15')
 */
export function transactionFromForm(form: Record<string, unknown>, today: string): TransactionInput {
  const amount = typeof form.amount === 'string' ? form.amount.trim() : ''
  const amountPence = amount === '' ? undefined : penceFromPounds(amount)
  const early: FieldError[] =
    amount !== '' && amountPence === undefined
      ? [{ field: 'amount', message: 'Enter the amount in pounds and pence, like 150.00' }]
      : amount === ''
        ? [{ field: 'amount', message: 'Enter the amount' }]
        : []
  return parseRenamed(
    transactionSchema(today),
    { kind: form.kind, amountPence, occurredOn: form.occurredOn, description: form.description },
    early,
    { amountPence: 'amount' },
  )
}

/**
 * The form opening an account: the contingency typed as weeks.
 *
 * @example
 * openAccountFromForm({ planId, kind: 'direct_payment', holder: 'Ann Smith', contingencyWeeks: '4', openedOn: '2026-06-01' }, '2026-06-15')
 */
export function openAccountFromForm(form: Record<string, unknown>, today: string): OpenAccountInput {
  const weeks = typeof form.contingencyWeeks === 'string' ? form.contingencyWeeks.trim() : ''
  const contingencyWeeks = weeks === '' ? undefined : /^\d{1,3}$/.test(weeks) ? Number(weeks) : Number.NaN
  return parseRenamed(
    openAccountSchema(today),
    {
      planId: form.planId,
      kind: form.kind,
      holder: form.holder,
      contingencyWeeks,
      openedOn: form.openedOn,
      holderProviderId: form.holderProviderId,
    },
    [],
    {},
  )
}

export const STATEMENT_FROM: DateInput = {
  field: 'from',
  name: 'Start of the statement',
  missing: 'Enter the start of the statement',
  optional: true,
}
export const STATEMENT_TO: DateInput = {
  field: 'to',
  name: 'End of the statement',
  missing: 'Enter the end of the statement',
  optional: true,
}
/** Days a statement covers unless asked otherwise: about three months, ending today. */
export const STATEMENT_DAYS = 91

export const statementPeriodSchema = (today: string) =>
  z.object({
    from: z.preprocess(absent, pastOrToday(STATEMENT_FROM, today).optional()),
    to: z.preprocess(absent, pastOrToday(STATEMENT_TO, today).optional()),
  })

/**
 * The days a statement covers, from the query: by default the last three
 * months, and never before the account opened unless asked.
 *
 * @example
 * statementPeriod({ from: '2026-05-01', to: '2026-05-31' }, '2026-06-15', '2026-01-05') // { from: '2026-05-01', to: '2026-05-31' }
 */
export function statementPeriod(input: unknown, today: string, openedOn: string) {
  const asked = parseInput(statementPeriodSchema(today), input)
  const to = asked.to ?? today
  // ISO days sort as text: the later of three months back and the account's opening, at most the end.
  const from = asked.from ?? ([addDays(to, -(STATEMENT_DAYS - 1)), openedOn, to].sort()[1] as string)
  if (from > to) {
    throw new ValidationProblem([
      { field: 'to', message: 'End of the statement must be on or after its start' },
    ])
  }
  return { from, to }
}
