/**
 * A synthetic council's budget accounts, added after its funding history: for
 * most active plans with lines held as a direct payment or an individual
 * service fund, an account opened when the plan started, paid four weeks in
 * advance every four weeks, with spending recorded from four-weekly returns
 * (bank or card statements, an ISF provider's statement), now and then a
 * refund, and the patterns a finance officer looks for: some accounts
 * underspend until a surplus builds (and some of those had surplus clawed
 * back at a six-monthly check), and some stopped sending returns. The rest of
 * the plans wait for an account to be opened.
 *
 * Pure and deterministic, with its own random stream, so everything drawn
 * before it stays as it was.
 */
import { DEFAULT_CONTINGENCY_WEEKS } from '../accounts/inputs.ts'
import type { TransactionKind } from '../accounts/ledger.ts'
import { DAY_MS, dayOf, isoOf, stampOf } from './day-numbers.ts'
import type { SyntheticPlanLine } from './funding-history.ts'
import type { GeneratedCouncil } from './generate-council.ts'
import type { Random } from './random.ts'

export interface SyntheticAccount {
  person: number
  plan: number
  kind: 'direct_payment' | 'individual_service_fund'
  holder: string
  weekly_pence: number
  contingency_weeks: number
  opened_on: string
  opened_by: number
}

export interface SyntheticTransaction {
  account: number
  kind: TransactionKind
  amount_pence: number
  occurred_on: string
  description: string
  recorded_by: number
  recorded_at: string
}

export interface SyntheticAccounts {
  /** Each account's transactions follow it in date order: the money held never goes below nothing. */
  accounts: SyntheticAccount[]
  transactions: SyntheticTransaction[]
}

/** Share of plans held as money with an account opened. ASSUMED: the rest wait for finance. */
const OPENED_SHARE = 0.85
/** Share of accounts spending about half their budget, so that a surplus builds. ASSUMED: councils recover surpluses from many. */
const UNDERSPEND_SHARE = 0.2
/** Share of underspending accounts whose surplus was clawed back at a six-monthly check. ASSUMED. */
const CLAWED_BACK_SHARE = 0.5
/** Share of accounts whose returns stopped two to four months ago. ASSUMED. */
const NO_RETURNS_SHARE = 0.1
/** Share of returns that bring a refund (a cancelled visit, an agency's credit note). ASSUMED. */
const REFUND_SHARE = 0.03
const CYCLE_DAYS = 28

const DATE_TEXT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})
const dateText = (day: number) => DATE_TEXT.format(new Date(day * DAY_MS))
/** Recorded in working hours on the day, as a finance officer keys a statement in. */
const recordedOn = (day: number, random: Random) => stampOf(day, random.int(9 * 60, 17 * 60))

type HeldAs = SyntheticAccount['kind']

/**
 * @example
 * council.accounts = addBudgetAccounts(council, createRandom(seed + ACCOUNTS_SEED_OFFSET))
 */
export function addBudgetAccounts(council: GeneratedCouncil, random: Random): SyntheticAccounts {
  const out: SyntheticAccounts = { accounts: [], transactions: [] }
  const asOf = dayOf(council.asOf)
  // Heads of service hold the accounts permission; a council with none has its first worker record.
  const recorder = Math.max(
    0,
    council.workers.findIndex((worker) => worker.role === 'head_of_service'),
  )
  const linesByPlan = new Map<number, SyntheticPlanLine[]>()
  for (const line of council.funding.planLines) {
    const lines = linesByPlan.get(line.plan)
    if (lines) lines.push(line)
    else linesByPlan.set(line.plan, [line])
  }

  council.funding.plans.forEach((plan, p) => {
    if (plan.status !== 'active' || plan.active_from === null) return
    for (const kind of ['direct_payment', 'individual_service_fund'] as const) {
      const lines = (linesByPlan.get(p) ?? []).filter((line) => line.delivery_mechanism === kind)
      if (lines.length === 0 || !random.chance(OPENED_SHARE)) continue
      const linesWeekly = lines.reduce((sum, line) => sum + line.weekly_pence, 0)
      const weekly = Math.min(linesWeekly, plan.approved_weekly_pence ?? linesWeekly)
      if (weekly <= 0) continue
      const openedDay = Math.min(asOf, dayOf(plan.active_from) + random.int(0, 10))
      const person = council.people[plan.person]
      const account = out.accounts.length
      out.accounts.push({
        person: plan.person,
        plan: p,
        kind,
        holder: holderOf(kind, person, lines, random),
        weekly_pence: weekly,
        contingency_weeks: DEFAULT_CONTINGENCY_WEEKS,
        opened_on: isoOf(openedDay),
        opened_by: recorder,
      })
      history(account, kind, weekly, openedDay, asOf, recorder, random, out.transactions)
    }
  })
  return out
}

function holderOf(
  kind: HeldAs,
  person: { given_name: string; family_name: string } | undefined,
  lines: readonly SyntheticPlanLine[],
  random: Random,
): string {
  if (kind === 'individual_service_fund')
    return lines.find((line) => line.provider)?.provider ?? 'Brightside Home Support'
  const name = person ? `${person.given_name} ${person.family_name}` : 'The person'
  // About one in five direct payments is managed by a family member as the person's representative.
  return random.chance(0.2) && person ? `${person.family_name} family, for ${name}` : name
}

/** An account's payments and returns from its opening to the as-of date. */
function history(
  account: number,
  kind: HeldAs,
  weekly: number,
  openedDay: number,
  asOf: number,
  recorder: number,
  random: Random,
  transactions: SyntheticTransaction[],
) {
  const underspends = random.chance(UNDERSPEND_SHARE)
  const clawsBack = underspends && random.chance(CLAWED_BACK_SHARE)
  const returnsStop = random.chance(NO_RETURNS_SHARE) ? asOf - random.int(63, 120) : Number.POSITIVE_INFINITY
  const spends = () =>
    underspends ? random.between(0.4, 0.6) : Math.min(1, Math.max(0.6, random.normal(0.93, 0.05)))
  let held = 0
  let spent = 0
  const add = (kindOf: TransactionKind, amount: number, day: number, description: string) => {
    if (amount <= 0) return
    held += kindOf === 'payment' || kindOf === 'refund' ? amount : -amount
    spent += kindOf === 'spend' ? amount : kindOf === 'refund' ? -amount : 0
    transactions.push({
      account,
      kind: kindOf,
      amount_pence: amount,
      occurred_on: isoOf(day),
      description,
      recorded_by: recorder,
      recorded_at: recordedOn(Math.min(asOf, day + random.int(0, 3)), random),
    })
  }
  const checkDay = openedDay + 26 * 7
  for (let day = openedDay; day <= asOf; day += CYCLE_DAYS) {
    add('payment', weekly * 4, day, `Four weeks from ${dateText(day)}`)
    const returnDay = day + CYCLE_DAYS - 1
    if (returnDay > asOf || returnDay >= returnsStop) continue
    const statement = kind === 'direct_payment' ? 'Bank statement' : 'Provider’s statement'
    add(
      'spend',
      Math.min(held, Math.round(weekly * 4 * spends())),
      returnDay,
      `${statement}, four weeks to ${dateText(returnDay)}`,
    )
    if (spent > 0 && random.chance(REFUND_SHARE)) {
      add(
        'refund',
        Math.min(spent, Math.round(weekly * random.between(0.05, 0.2))),
        returnDay,
        'Refund: a visit cancelled',
      )
    }
    if (clawsBack && returnDay < checkDay && returnDay + CYCLE_DAYS >= checkDay) {
      const keep = weekly * 4
      if (held > weekly * DEFAULT_CONTINGENCY_WEEKS)
        add('clawback', held - keep, returnDay, 'Surplus recovered at the six-monthly check')
    }
  }
}
