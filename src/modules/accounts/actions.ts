import { formatDate } from '../../kernel/dates.ts'
import type { Database } from '../../kernel/db/connect.ts'
import { conflict, type FieldError, notFound, ValidationProblem } from '../../kernel/problem.ts'
import { parseInput } from '../../kernel/validation.ts'
import { type AuditEntry, recordAudit, recordAuditBy } from '../audit/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { providersHoldingIsfs } from '../market/store.ts'
import { personName } from '../people/rules.ts'
import { activePlansHeldAsMoney } from '../plans/store.ts'
import {
  ACCOUNT_KIND_LABELS,
  type CloseAccountInput,
  closeAccountSchema,
  type OpenAccountInput,
  openAccountSchema,
  statementPeriod,
  type TransactionInput,
  transactionListSchema,
  transactionSchema,
} from './inputs.ts'
import {
  type Balances,
  balancesAfter,
  KIND_LABELS,
  postingsFor,
  refusal,
  type TransactionKind,
} from './ledger.ts'
import { concerns, contingencyPence } from './monitoring.ts'
import { runningBalance, statementFor } from './statement.ts'
import {
  accountsOfSeries,
  findAccounts,
  insertAccount,
  insertTransaction,
  listTransactions,
  type StoredAccount,
} from './store.ts'

/*
 * What the pages and the API both do with budget accounts. Opening an account
 * and recording a transaction are each one transaction with their audit entry;
 * each read of an account, or of a list naming people, is audited.
 */

type Db = Database['db']

/** An account as the API gives it and the pages show it. */
export function accountJson(account: StoredAccount, today: string) {
  // A closed account holds nothing and is owed nothing: no check applies to it.
  const found =
    account.closed_on !== null
      ? []
      : concerns(
          {
            weeklyPence: account.weekly_pence,
            contingencyWeeks: account.contingency_weeks,
            openedOn: account.opened_on,
            heldPence: account.balances.held,
            lastSpendOn: account.last_spend_on,
            diedOn: account.date_of_death,
            planInEffect: account.plan_in_effect,
          },
          today,
        )
  return {
    id: account.id,
    personId: account.person_id,
    personName: personName(account),
    laPersonId: account.la_person_id,
    planId: account.plan_id,
    planVersion: account.plan_version,
    kind: account.kind,
    kindLabel: ACCOUNT_KIND_LABELS[account.kind],
    holder: account.holder,
    holderProviderId: account.holder_provider_id ?? null,
    weeklyPence: account.weekly_pence,
    contingencyWeeks: account.contingency_weeks,
    contingencyPence: contingencyPence({
      weeklyPence: account.weekly_pence,
      contingencyWeeks: account.contingency_weeks,
    }),
    openedOn: account.opened_on,
    heldPence: account.balances.held,
    spentPence: account.balances.spent,
    /** What the council has paid in, less what it has clawed back. */
    paidInPence: 0 - account.balances.council,
    lastSpendOn: account.last_spend_on,
    concerns: found,
    closedOn: account.closed_on,
    closedReason: account.closed_reason,
  }
}
export type AccountJson = ReturnType<typeof accountJson>

/** Plans held as money with no account yet, as the list shows them. */
function awaitingJson(plan: Awaited<ReturnType<typeof activePlansHeldAsMoney>>[number]) {
  return {
    planId: plan.plan_id,
    planVersion: plan.version,
    personId: plan.person_id,
    personName: personName(plan),
    laPersonId: plan.la_person_id,
    kind: plan.kind,
    kindLabel: ACCOUNT_KIND_LABELS[plan.kind],
    weeklyPence: plan.weekly_pence,
    activeFrom: plan.active_from,
    providers: plan.providers,
  }
}

const accountRead = (
  user: CurrentUser,
  account: { id: string; personId: string },
  view: string,
): AuditEntry => ({
  councilId: user.councilId,
  userId: user.id,
  action: 'read',
  recordType: 'budget_account',
  recordId: account.id,
  personId: account.personId,
  detail: { view },
})

/**
 * The council's accounts (or some) as they stand now: an account belongs to a
 * plan's series, so when a later version of the plan is active, its weekly
 * amount held this way is the account's budget (a review that changed the
 * hours changes what the account is for).
 */
async function accountsNow(
  db: Db,
  councilId: string,
  only: Parameters<typeof findAccounts>[2] = {},
  held?: Awaited<ReturnType<typeof activePlansHeldAsMoney>>,
) {
  const accounts = await findAccounts(db, councilId, only)
  if (accounts.length === 0) return accounts
  const current = new Map(
    (held ?? (await activePlansHeldAsMoney(db, councilId))).map((plan) => [
      `${plan.series_id}|${plan.kind}`,
      plan,
    ]),
  )
  return accounts.map((account): StoredAccount => {
    const plan = current.get(`${account.plan_series_id}|${account.kind}`)
    return plan
      ? { ...account, plan_id: plan.plan_id, plan_version: plan.version, weekly_pence: plan.weekly_pence }
      : account
  })
}

const ONE_ACCOUNT = 'This plan already has an account held this way'

/** Accounts a page lists, and plans waiting for an account it shows. */
export const ACCOUNTS_PAGE_SIZE = 50
export const AWAITING_SHOWN = 50

/**
 * Accounts needing attention first (money to recover, after a death or as a
 * surplus, before a return due), closed ones last, each group by name as stored.
 */
const attentionRank = (account: AccountJson) =>
  account.closedOn !== null
    ? 3
    : account.concerns.some((c) => c.code === 'died' || c.code === 'surplus')
      ? 0
      : account.concerns.length > 0
        ? 1
        : 2

/** Every account, those needing attention first, and the plans held as money with no account yet. */
async function accountsAndPlansWaiting(db: Db, councilId: string, today: string) {
  const held = await activePlansHeldAsMoney(db, councilId)
  const all = (await accountsNow(db, councilId, {}, held))
    .map((a) => accountJson(a, today))
    // A stable sort: each group stays in the order stored.
    .sort((a, b) => attentionRank(a) - attentionRank(b))
  const opened = await accountsOfSeries(
    db,
    councilId,
    held.map((plan) => plan.series_id),
  )
  const waiting = held.filter((plan) => !opened.has(`${plan.series_id}|${plan.kind}`))
  return { all, waiting }
}

/**
 * How many accounts need finance's attention and how many plans wait for an
 * account: counts, as the accounts page finds them, reading no one's record.
 *
 * @example
 * const { needingAttention, awaitingAccount } = await accountsWaiting(db, councilId, '2026-06-15')
 */
export async function accountsWaiting(db: Db, councilId: string, today: string) {
  const { all, waiting } = await accountsAndPlansWaiting(db, councilId, today)
  return {
    needingAttention: all.filter((a) => a.concerns.length > 0).length,
    awaitingAccount: waiting.length,
  }
}

/**
 * A page of the council's accounts, those needing attention first, and the
 * active plans held as a direct payment or an individual service fund that
 * have no account yet, those waiting longest first. Each person shown is
 * recorded as read.
 *
 * @example
 * const { accounts, total, awaiting } = await readAccounts(database, user, '2026-06-15', 1)
 */
export async function readAccounts(database: Database, user: CurrentUser, today: string, page = 1) {
  return database.db.transaction().execute(async (tx) => {
    const { all, waiting } = await accountsAndPlansWaiting(tx, user.councilId, today)
    const accounts = all.slice((page - 1) * ACCOUNTS_PAGE_SIZE, page * ACCOUNTS_PAGE_SIZE)
    const awaiting = waiting.slice(0, AWAITING_SHOWN).map(awaitingJson)
    await recordAudit(tx, [
      ...accounts.map((account) => accountRead(user, account, 'list')),
      ...awaiting.map(
        (plan): AuditEntry => ({
          councilId: user.councilId,
          userId: user.id,
          action: 'read',
          recordType: 'support_plan',
          recordId: plan.planId,
          personId: plan.personId,
          detail: { view: 'accounts to open' },
        }),
      ),
    ])
    return {
      accounts,
      page,
      pages: Math.max(1, Math.ceil(all.length / ACCOUNTS_PAGE_SIZE)),
      total: all.length,
      needingAttention: all.filter((a) => a.concerns.length > 0).length,
      awaiting,
      awaitingTotal: waiting.length,
    }
  })
}

/**
 * What finance's checks found on the accounts of these people of the council,
 * by person: for the reviews module, whose practitioners review a direct
 * payment when its account holds a surplus or its returns stop. The caller
 * audits what it shows.
 *
 * @example
 * const flagged = await accountConcernsByPerson(db, councilId, '2026-06-15', personIds) // Map { personId => [{ kindLabel, text }] }
 */
export async function accountConcernsByPerson(
  db: Db,
  councilId: string,
  today: string,
  personIds: readonly string[],
) {
  const flagged = new Map<string, { kindLabel: string; text: string }[]>()
  if (personIds.length === 0) return flagged
  for (const stored of await accountsNow(db, councilId, { personIds })) {
    const account = accountJson(stored, today)
    for (const concern of account.concerns) {
      const list = flagged.get(account.personId) ?? []
      list.push({ kindLabel: account.kindLabel, text: concern.text })
      flagged.set(account.personId, list)
    }
  }
  return flagged
}

/** The plan (held as money in the way asked) an account can be opened for, or 404. */
async function planToOpen(db: Db, user: CurrentUser, planId: string, kind: string) {
  const plan = (await activePlansHeldAsMoney(db, user.councilId, { planId })).find((p) => p.kind === kind)
  if (!plan) throw notFound('Plan held as a direct payment or individual service fund')
  return plan
}

/**
 * What the form opening an account shows: the plan, recorded as read.
 *
 * @example
 * const plan = await readPlanToOpen(database, user, planId, 'direct_payment')
 */
export async function readPlanToOpen(database: Database, user: CurrentUser, planId: string, kind: string) {
  return database.db.transaction().execute(async (tx) => {
    const plan = awaitingJson(await planToOpen(tx, user, planId, kind))
    await recordAuditBy(tx, user, {
      action: 'read',
      recordType: 'support_plan',
      recordId: plan.planId,
      personId: plan.personId,
      detail: { view: 'open account' },
    })
    return plan
  })
}

/**
 * Opens an account for an active plan's lines held as a direct payment or an
 * individual service fund, at their weekly amount. One account a plan and
 * way of holding: a second answers 409.
 *
 * @example
 * const account = await openAccount(database, user, { planId, kind: 'direct_payment', holder: 'Ann Smith',
 *   openedOn: '2026-06-01' }, '2026-06-15')
 */
export async function openAccount(database: Database, user: CurrentUser, input: unknown, today: string) {
  return database.db.transaction().execute(async (tx) => {
    const body: OpenAccountInput = parseInput(openAccountSchema(today), input)
    const plan = await planToOpen(tx, user, body.planId, body.kind)
    if (plan.active_from && body.openedOn < plan.active_from) {
      throw new ValidationProblem([
        {
          field: 'openedOn',
          message: `Date the account opened must be on or after the plan started, ${formatDate(plan.active_from)}`,
        },
      ])
    }
    if (body.holderProviderId !== undefined) await checkHolderProvider(tx, user.councilId, body)
    if (
      (await accountsOfSeries(tx, user.councilId, [plan.series_id])).has(`${plan.series_id}|${plan.kind}`)
    ) {
      throw conflict(ONE_ACCOUNT)
    }
    // Of two opening it at once, the second's insert fails on the one-account-a-plan key.
    const id = await insertAccount(tx, {
      councilId: user.councilId,
      personId: plan.person_id,
      planId: plan.plan_id,
      planSeriesId: plan.series_id,
      kind: body.kind,
      holder: body.holder,
      weeklyPence: plan.weekly_pence,
      contingencyWeeks: body.contingencyWeeks,
      openedOn: body.openedOn,
      openedBy: user.id,
      holderProviderId: body.holderProviderId ?? null,
    }).catch((error: unknown) => {
      if ((error as { code?: string }).code === '23505') throw conflict(ONE_ACCOUNT)
      throw error
    })
    await recordAuditBy(tx, user, {
      action: 'create',
      recordType: 'budget_account',
      recordId: id,
      personId: plan.person_id,
      detail: { kind: body.kind, weeklyPence: plan.weekly_pence, contingencyWeeks: body.contingencyWeeks },
    })
    const [account] = await accountsNow(tx, user.councilId, { accountId: id })
    return accountJson(account as StoredAccount, today)
  })
}

/**
 * An individual service fund's holder, when the directory's: a provider of
 * the council that holds such funds (its users then read the fund's
 * statement). A direct payment is held by the person, never a provider.
 */
async function checkHolderProvider(db: Db, councilId: string, body: OpenAccountInput) {
  if (body.kind !== 'individual_service_fund')
    throw new ValidationProblem([
      { field: 'holderProviderId', message: 'A direct payment is held by the person: choose no provider' },
    ])
  const providers = await providersHoldingIsfs(db, councilId)
  if (!providers.some((p) => p.id === body.holderProviderId))
    throw new ValidationProblem([
      {
        field: 'holderProviderId',
        message: 'Choose a provider of the directory that holds individual service funds',
      },
    ])
}

/**
 * The individual service funds a provider holds, for its own users: each
 * account with its money as the statement counts it.
 *
 * @example
 * const funds = await fundsHeldBy(database, user, '2026-06-15')
 */
export async function fundsHeldBy(database: Database, user: CurrentUser, today: string) {
  if (!user.providerId) return []
  const accounts = await accountsNow(database.db, user.councilId, { holderProviderId: user.providerId })
  return accounts.map((a) => accountJson(a, today))
}

/**
 * A fund's statement for the provider holding it (the last three months, or
 * the days asked), recorded as read by its user; 404 for any other account.
 *
 * @example
 * const statement = await fundStatement(database, user, accountId, {}, '2026-06-15')
 */
export async function fundStatement(
  database: Database,
  user: CurrentUser,
  accountId: string,
  asked: unknown,
  today: string,
) {
  return database.db.transaction().execute(async (tx) => {
    const [held] = user.providerId
      ? await findAccounts(tx, user.councilId, { accountId, holderProviderId: user.providerId })
      : []
    if (!held) throw notFound('Budget account')
    const statement = await statementOf(tx, user.councilId, accountId, asked, today)
    await recordAudit(tx, accountRead(user, statement.account, 'statement for the provider holding it'))
    return statement
  })
}

/** Each transaction as a statement lists it, with the money held after it (oldest first). */
function statementLines(transactions: Awaited<ReturnType<typeof listTransactions>>) {
  const lines = transactions.map((t) => ({
    id: t.id,
    kind: t.kind as TransactionKind,
    kindLabel: KIND_LABELS[t.kind as TransactionKind],
    amountPence: t.amount_pence,
    occurredOn: t.occurred_on,
    description: t.description,
    recordedBy: t.recorded_by_name,
    recordedAt: t.recorded_at,
  }))
  return runningBalance(lines).map(({ line, direction, heldAfterPence }) => ({
    ...line,
    direction,
    heldAfterPence,
  }))
}

async function accountOf(db: Db, user: CurrentUser, accountId: string, lock = false) {
  const [account] = await accountsNow(db, user.councilId, { accountId, lock })
  if (!account) throw notFound('Budget account')
  return account
}

/**
 * An account and its statement, recorded as read unless told not to.
 *
 * @example
 * const { account, lines } = await readAccount(database, user, id, '2026-06-15')
 */
export async function readAccount(
  database: Database,
  user: CurrentUser,
  accountId: string,
  today: string,
  options: { audit?: boolean } = {},
) {
  return database.db.transaction().execute(async (tx) => {
    const account = accountJson(await accountOf(tx, user, accountId), today)
    const lines = statementLines(await listTransactions(tx, user.councilId, accountId))
    if (options.audit !== false) await recordAudit(tx, accountRead(user, account, 'statement'))
    return { account, lines }
  })
}

/**
 * The statement of an account for the days asked (`from` to `to`; by default
 * the last three months), as sent to whoever holds the money, recorded as read.
 *
 * @example
 * const statement = await readStatement(database, user, id, { from: '2026-05-01', to: '2026-05-31' }, today)
 */
export async function readStatement(
  database: Database,
  user: CurrentUser,
  accountId: string,
  asked: unknown,
  today: string,
) {
  return database.db.transaction().execute(async (tx) => {
    const statement = await statementOf(tx, user.councilId, accountId, asked, today)
    await recordAudit(tx, accountRead(user, statement.account, 'statement for a period'))
    return statement
  })
}

/**
 * An account's statement for a period (by default the last three months), as
 * the finance officer's page and the holder's link both show it; unaudited.
 */
export async function statementOf(
  db: Db,
  councilId: string,
  accountId: string,
  asked: unknown,
  today: string,
) {
  const [found] = await accountsNow(db, councilId, { accountId })
  if (!found) throw notFound('Budget account')
  const account = accountJson(found, today)
  const period = statementPeriod(asked, today, account.openedOn)
  const all = statementLines(await listTransactions(db, councilId, accountId))
  const statement = statementFor(all, period.from, period.to)
  return { account, ...period, ...statement, lines: statement.lines.map((s) => s.line) }
}

/**
 * Records one transaction on an account, or refuses it with the reason
 * (money cannot leave a ledger that does not hold it; nothing before the
 * account opened), in one database transaction with the account locked.
 *
 * @example
 * await recordTransaction(database, user, accountId, { kind: 'payment', amountPence: 57_600, occurredOn: '2026-06-01' }, today)
 */
export async function recordTransaction(
  database: Database,
  user: CurrentUser,
  accountId: string,
  input: unknown,
  today: string,
) {
  return database.db.transaction().execute(async (tx) => {
    const account = await openAccountOf(tx, user, accountId)
    const body: TransactionInput = parseInput(transactionSchema(today), input)
    const problems = transactionProblems(account, account.balances, body)
    if (problems.length > 0) throw new ValidationProblem(problems)
    const id = await writeTransaction(tx, user, account, body)
    return { id, kind: body.kind }
  })
}

/**
 * Records several transactions on an account at once (the lines of a
 * statement), oldest first, each checked against the money as the ones
 * before it left it: all of them, or, with any refused, none. A problem's
 * field names the transaction by its place in the list (`transactions.2.amountPence`).
 *
 * @example
 * await recordTransactions(database, user, accountId, [{ kind: 'payment', … }, { kind: 'spend', … }], today)
 */
export async function recordTransactions(
  database: Database,
  user: CurrentUser,
  accountId: string,
  inputs: unknown,
  today: string,
) {
  const listed = parseInput(transactionListSchema(today), { transactions: inputs })
  return database.db.transaction().execute(async (tx) => {
    const account = await openAccountOf(tx, user, accountId)
    const order = listed.transactions.map((body, index) => ({ body, index }))
    // Oldest first, so that a card load is counted before the spending it paid for.
    order.sort((a, b) => a.body.occurredOn.localeCompare(b.body.occurredOn) || a.index - b.index)
    let balances = account.balances
    const problems: FieldError[] = []
    for (const { body, index } of order) {
      const found = transactionProblems(account, balances, body)
      for (const p of found)
        problems.push({
          field: `transactions.${index}.${p.field}`,
          message: `Line ${index + 1}: ${p.message}`,
        })
      // A refused line moves no money, so the lines after it are checked as if it were left out.
      if (found.length === 0) balances = balancesAfter(balances, postingsFor(body.kind, body.amountPence))
    }
    if (problems.length > 0) throw new ValidationProblem(problems)
    const ids: string[] = []
    for (const { body } of order) ids.push(await writeTransaction(tx, user, account, body))
    return { ids }
  })
}

type LockedAccount = Awaited<ReturnType<typeof accountOf>>

/** An account locked for money to move on it: 409 once it is closed. */
async function openAccountOf(tx: Db, user: CurrentUser, accountId: string): Promise<LockedAccount> {
  const account = await accountOf(tx, user, accountId, true)
  if (account.closed_on !== null)
    throw conflict(`The account closed on ${formatDate(account.closed_on)}: no money moves on it now`)
  return account
}

/**
 * Closes an account when its support ends: what is still held is clawed back
 * on the closing day, in the same transaction, and no money moves on it after.
 * The closing day cannot come before the account's last transaction.
 *
 * @example
 * await closeAccount(database, user, id, { closedOn: '2026-06-15', reason: 'The person died on 10 June.' }, today)
 */
export async function closeAccount(
  database: Database,
  user: CurrentUser,
  accountId: string,
  input: unknown,
  today: string,
) {
  return database.db.transaction().execute(async (tx) => {
    const account = await openAccountOf(tx, user, accountId)
    const body: CloseAccountInput = parseInput(closeAccountSchema(today), input)
    const last =
      (await listTransactions(tx, user.councilId, accountId)).at(-1)?.occurred_on ?? account.opened_on
    if (body.closedOn < last) {
      throw new ValidationProblem([
        {
          field: 'closedOn',
          message: `Date the account closed must be on or after ${last === account.opened_on ? 'it opened' : 'its last transaction'}, ${formatDate(last)}`,
        },
      ])
    }
    const heldPence = account.balances.held
    if (heldPence > 0) {
      await writeTransaction(tx, user, account, {
        kind: 'clawback',
        amountPence: heldPence,
        occurredOn: body.closedOn,
        description: 'Money held when the account closed',
      })
    }
    await tx
      .updateTable('budget_accounts')
      .set({ closed_on: body.closedOn, closed_reason: body.reason, closed_by: user.id })
      .where('id', '=', accountId)
      .where('council_id', '=', user.councilId)
      .execute()
    await recordAuditBy(tx, user, {
      action: 'update',
      recordType: 'budget_account',
      recordId: accountId,
      personId: account.person_id,
      detail: { closedOn: body.closedOn, clawedBackPence: Math.max(0, heldPence) },
    })
    return { clawedBackPence: Math.max(0, heldPence) }
  })
}

/** Why a transaction cannot be recorded on an account with these balances: none when it can. */
function transactionProblems(
  account: LockedAccount,
  balances: Balances,
  body: TransactionInput,
): FieldError[] {
  const refused = refusal(balances, body.kind, body.amountPence)
  return [
    ...(refused ? [{ field: 'amountPence', message: refused }] : []),
    ...(body.occurredOn < account.opened_on
      ? [
          {
            field: 'occurredOn',
            message: `Date of the transaction must be on or after the account opened, ${formatDate(account.opened_on)}`,
          },
        ]
      : []),
  ]
}

/** Writes a checked transaction and its audit entry. */
async function writeTransaction(tx: Db, user: CurrentUser, account: LockedAccount, body: TransactionInput) {
  const id = await insertTransaction(tx, {
    councilId: user.councilId,
    accountId: account.id,
    kind: body.kind,
    amountPence: body.amountPence,
    occurredOn: body.occurredOn,
    description: body.description ?? null,
    recordedBy: user.id,
  })
  await recordAuditBy(tx, user, {
    action: 'create',
    recordType: 'budget_transaction',
    recordId: id,
    personId: account.person_id,
    detail: {
      accountId: account.id,
      kind: body.kind,
      amountPence: body.amountPence,
      occurredOn: body.occurredOn,
    },
  })
  return id
}
