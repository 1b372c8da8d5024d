import { type Kysely, type Selectable, sql } from 'kysely'
import type { BudgetAccountsTable, Schema } from '../../schema.ts'
import { type Balances, NO_BALANCES, postingsFor, type TransactionKind } from './ledger.ts'

type Db = Kysely<Schema>

export type AccountKind = BudgetAccountsTable['kind']

/** An account with whose it is and what it holds: what lists and statements show. */
export interface StoredAccount extends Selectable<BudgetAccountsTable> {
  given_name: string | null
  family_name: string | null
  la_person_id: string | null
  date_of_death: string | null
  plan_version: number
  /** Whether the person has a support plan in effect (after a death, one a CLD import's death left open). */
  plan_in_effect: boolean
  balances: Balances
  last_spend_on: string | null
}

/**
 * Opens an account; the plan and amounts are the caller's to check. A
 * second account for a plan's series and kind fails (23505).
 *
 * @example
 * const id = await insertAccount(tx, { councilId, personId, planId, planSeriesId, kind: 'direct_payment', holder: 'Ann Smith',
 *   weeklyPence: 16_800, contingencyWeeks: 4, openedOn: '2026-06-01', openedBy: user.id })
 */
export async function insertAccount(
  db: Db,
  account: {
    councilId: string
    personId: string
    planId: string
    planSeriesId: string
    kind: AccountKind
    holder: string
    weeklyPence: number
    contingencyWeeks: number
    openedOn: string
    openedBy: string
    /** The directory's provider holding an individual service fund, when it is one. */
    holderProviderId?: string | null
  },
): Promise<string> {
  const row = await db
    .insertInto('budget_accounts')
    .values({
      council_id: account.councilId,
      person_id: account.personId,
      plan_id: account.planId,
      plan_series_id: account.planSeriesId,
      kind: account.kind,
      holder: account.holder,
      weekly_pence: account.weeklyPence,
      contingency_weeks: account.contingencyWeeks,
      opened_on: account.openedOn,
      opened_by: account.openedBy,
      holder_provider_id: account.holderProviderId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/**
 * The plans (series and kind) of the council that have an account already.
 * An account belongs to a plan's series: a new version of the plan keeps it.
 */
export async function accountsOfSeries(db: Db, councilId: string, seriesIds: readonly string[]) {
  if (seriesIds.length === 0) return new Set<string>()
  const rows = await db
    .selectFrom('budget_accounts')
    .select(['plan_series_id', 'kind'])
    .where('council_id', '=', councilId)
    .where('plan_series_id', '=', (eb) => eb.fn.any(eb.val([...seriesIds])))
    .execute()
  return new Set(rows.map((row) => `${row.plan_series_id}|${row.kind}`))
}

/**
 * The council's accounts (or one, or those of some people), each with its ledgers' balances and the
 * latest day spending was recorded for. `lock` takes the account's row for
 * the rest of the transaction, so two transactions on one account are made
 * one after the other and each sees the other's money.
 */
export async function findAccounts(
  db: Db,
  councilId: string,
  only: { accountId?: string; personIds?: readonly string[]; holderProviderId?: string; lock?: boolean } = {},
): Promise<StoredAccount[]> {
  let query = db
    .selectFrom('budget_accounts as a')
    .innerJoin('people as person', 'person.id', 'a.person_id')
    .innerJoin('support_plans as plan', 'plan.id', 'a.plan_id')
    .selectAll('a')
    .select([
      'person.given_name',
      'person.family_name',
      'person.la_person_id',
      'person.date_of_death',
      'plan.version as plan_version',
      sql<boolean>`EXISTS (SELECT 1 FROM support_plans s WHERE s.person_id = a.person_id AND s.status = 'active')`.as(
        'plan_in_effect',
      ),
    ])
    .where('a.council_id', '=', councilId)
    .orderBy('person.family_name')
    .orderBy('person.given_name')
    .orderBy('a.opened_on')
    .orderBy('a.id')
  if (only.accountId) query = query.where('a.id', '=', only.accountId)
  if (only.personIds)
    query = query.where('a.person_id', '=', (eb) => eb.fn.any(eb.val([...(only.personIds ?? [])])))
  if (only.holderProviderId) query = query.where('a.holder_provider_id', '=', only.holderProviderId)
  if (only.lock) query = query.forUpdate('a')
  const accounts = await query.execute()
  if (accounts.length === 0) return []
  const ids = accounts.map((account) => account.id)
  const sums = await db
    .selectFrom('budget_postings')
    .select(['account_id', 'ledger', sql<string>`sum(amount_pence)`.as('total')])
    .where('account_id', 'in', ids)
    .groupBy(['account_id', 'ledger'])
    .execute()
  const spends = await db
    .selectFrom('budget_transactions')
    .select(['account_id', sql<string | null>`max(occurred_on)::text`.as('last_spend_on')])
    .where('council_id', '=', councilId)
    .where('account_id', 'in', ids)
    .where('kind', '=', 'spend')
    .groupBy('account_id')
    .execute()
  const balances = new Map<string, Balances>()
  for (const sum of sums) {
    const held = balances.get(sum.account_id) ?? { ...NO_BALANCES }
    held[sum.ledger] = Number(sum.total)
    balances.set(sum.account_id, held)
  }
  const lastSpend = new Map(spends.map((row) => [row.account_id, row.last_spend_on]))
  return accounts.map((account) => ({
    ...account,
    balances: balances.get(account.id) ?? { ...NO_BALANCES },
    last_spend_on: lastSpend.get(account.id) ?? null,
  }))
}

/** An account's transactions, oldest first (the order a statement's running balance is worked out in). */
export async function listTransactions(db: Db, councilId: string, accountId: string) {
  return db
    .selectFrom('budget_transactions as t')
    .innerJoin('users as u', 'u.id', 't.recorded_by')
    .selectAll('t')
    .select('u.display_name as recorded_by_name')
    .where('t.council_id', '=', councilId)
    .where('t.account_id', '=', accountId)
    .orderBy('t.occurred_on')
    .orderBy('t.recorded_at')
    .orderBy('t.id')
    .execute()
}

/**
 * Records a transaction and its two postings (ledger.ts), in one statement:
 * the database checks at its end that they balance and that no ledger is
 * left below nothing.
 *
 * @example
 * const id = await insertTransaction(tx, { councilId, accountId, kind: 'payment', amountPence: 67_200,
 *   occurredOn: '2026-06-01', description: 'Four weeks from 1 June', recordedBy: user.id })
 */
export async function insertTransaction(
  db: Db,
  transaction: {
    councilId: string
    accountId: string
    kind: TransactionKind
    amountPence: number
    occurredOn: string
    description: string | null
    recordedBy: string
  },
): Promise<string> {
  const row = await db
    .insertInto('budget_transactions')
    .values({
      council_id: transaction.councilId,
      account_id: transaction.accountId,
      kind: transaction.kind,
      amount_pence: transaction.amountPence,
      occurred_on: transaction.occurredOn,
      description: transaction.description,
      recorded_by: transaction.recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('budget_postings')
    .values(
      postingsFor(transaction.kind, transaction.amountPence).map((posting) => ({
        council_id: transaction.councilId,
        transaction_id: row.id,
        account_id: transaction.accountId,
        ledger: posting.ledger,
        amount_pence: posting.amountPence,
      })),
    )
    .execute()
  return row.id
}
