/**
 * The checks a finance officer makes of a budget account, as rules: money
 * held beyond the contingency the council allows (a few weeks of the budget,
 * kept for emergencies such as cover when a personal assistant is ill) is
 * surplus that may be clawed back, and an account with no spending recorded
 * for weeks needs a return (bank or card statements, receipts) asked for, as
 * direct payment reviews do. When the person has died, their plan has ended
 * (or is to be ended, when the death came in a CLD file) and all that is held
 * is to be recovered before the account closes. Pure.
 */
import { addDays, formatDate } from '../../kernel/dates.ts'
import { formatPounds } from '../../kernel/money.ts'

/** Weeks without spending recorded before an open account needs a return. */
export const RETURN_DUE_WEEKS = 8

export interface MonitoredAccount {
  weeklyPence: number
  contingencyWeeks: number
  openedOn: string
  /** Money held now. */
  heldPence: number
  /** The latest day spending was recorded for, if any. */
  lastSpendOn: string | null
  /** The day the person died, when they have. */
  diedOn?: string | null
  /** Whether their support plan is still in effect: after a death, only when a CLD import brought it. */
  planInEffect?: boolean
}

export type Concern =
  | { code: 'died'; diedOn: string; text: string }
  | { code: 'surplus'; surplusPence: number; text: string }
  | { code: 'return_due'; since: string; text: string }

/** The money the holder may keep unspent. */
export const contingencyPence = (account: Pick<MonitoredAccount, 'weeklyPence' | 'contingencyWeeks'>) =>
  account.weeklyPence * account.contingencyWeeks

/**
 * What needs a finance officer's attention on an account today, most urgent
 * first; empty when nothing does.
 *
 * @example
 * concerns({ weeklyPence: 20_000, contingencyWeeks: 4, openedOn: '2026-01-05', heldPence: 100_000,
 *   lastSpendOn: '2026-06-01' }, '2026-06-15')
 * // [{ code: 'surplus', surplusPence: 20000, text: 'Surplus of £200.00 over 4 weeks’ contingency' }]
 */
export function concerns(account: MonitoredAccount, today: string): Concern[] {
  const found: Concern[] = []
  const allowed = contingencyPence(account)
  if (account.diedOn) {
    // All that is held is to be recovered, not only a surplus over the contingency.
    const held = account.heldPence > 0 ? `recover the ${formatPounds(account.heldPence)} held and ` : ''
    found.push({
      code: 'died',
      diedOn: account.diedOn,
      text: account.planInEffect
        ? `They died on ${formatDate(account.diedOn)}, but their support plan is still in effect (the death came in a CLD file): ask their practitioner to end it, then ${held}close the account`
        : `They died on ${formatDate(account.diedOn)} and their support plan has ended: ${held}close the account`,
    })
  } else if (account.heldPence > allowed) {
    const surplusPence = account.heldPence - allowed
    const weeks = account.contingencyWeeks === 1 ? '1 week’s' : `${account.contingencyWeeks} weeks’`
    found.push({
      code: 'surplus',
      surplusPence,
      text: `Surplus of ${formatPounds(surplusPence)} over ${weeks} contingency`,
    })
  }
  const since = account.lastSpendOn ?? account.openedOn
  if (addDays(since, RETURN_DUE_WEEKS * 7) <= today) {
    found.push({
      code: 'return_due',
      since,
      text: account.lastSpendOn
        ? `No spending recorded for ${RETURN_DUE_WEEKS} weeks or more: ask for a return`
        : `No spending recorded since the account opened ${RETURN_DUE_WEEKS} weeks or more ago: ask for a return`,
    })
  }
  return found
}
