import { describe, expect, it } from 'vitest'
import { type Balances, balancesAfter, NO_BALANCES, postingsFor } from '../accounts/ledger.ts'
import { concerns } from '../accounts/monitoring.ts'
import { COUNCIL_SIZES, generateCouncil } from './generate-council.ts'

const AS_OF = '2026-06-15'
const council = generateCouncil({ people: COUNCIL_SIZES.small, seed: 1, asOf: AS_OF, councilCode: 'SYNTH' })
const { accounts, transactions } = council.accounts

describe('the budget accounts of a synthetic council', () => {
  it('opens accounts for most active plans held as money, at their weekly amount, after they started', () => {
    const heldAsMoney = new Set(
      council.funding.planLines
        .filter(
          (l) =>
            l.delivery_mechanism === 'direct_payment' || l.delivery_mechanism === 'individual_service_fund',
        )
        .map((l) => `${l.plan}|${l.delivery_mechanism}`),
    )
    const active = [...heldAsMoney].filter(
      (key) => council.funding.plans[Number(key.split('|')[0])]?.status === 'active',
    )
    expect(accounts.length).toBeGreaterThan(active.length * 0.7)
    expect(accounts.length).toBeLessThan(active.length)
    for (const account of accounts) {
      const plan = council.funding.plans[account.plan]
      expect(plan?.status).toBe('active')
      expect(plan?.person).toBe(account.person)
      expect(heldAsMoney.has(`${account.plan}|${account.kind}`)).toBe(true)
      expect(account.opened_on >= (plan?.active_from as string)).toBe(true)
      expect(account.opened_on <= AS_OF).toBe(true)
      expect(account.weekly_pence).toBeGreaterThan(0)
      expect(account.weekly_pence).toBeLessThanOrEqual(
        plan?.approved_weekly_pence ?? Number.POSITIVE_INFINITY,
      )
    }
  })

  it('gives each account a history that never overdraws it, dated from its opening to the as-of date', () => {
    const balances = new Map<number, Balances>()
    for (const t of transactions) {
      const account = accounts[t.account]
      expect(t.occurred_on >= (account?.opened_on as string)).toBe(true)
      expect(t.occurred_on <= AS_OF).toBe(true)
      const after = balancesAfter(balances.get(t.account) ?? NO_BALANCES, postingsFor(t.kind, t.amount_pence))
      expect(after.held).toBeGreaterThanOrEqual(0)
      expect(after.spent).toBeGreaterThanOrEqual(0)
      balances.set(t.account, after)
    }
    expect(new Set(transactions.map((t) => t.kind))).toEqual(
      new Set(['payment', 'spend', 'refund', 'clawback']),
    )
  })

  it('has accounts that need a finance officer’s attention, and more that do not', () => {
    const lastSpend = new Map<number, string>()
    const held = new Map<number, number>()
    for (const t of transactions) {
      if (t.kind === 'spend') lastSpend.set(t.account, t.occurred_on)
      held.set(
        t.account,
        balancesAfter({ ...NO_BALANCES, held: held.get(t.account) ?? 0 }, postingsFor(t.kind, t.amount_pence))
          .held,
      )
    }
    const found = accounts.map((a, i) =>
      concerns(
        {
          weeklyPence: a.weekly_pence,
          contingencyWeeks: a.contingency_weeks,
          openedOn: a.opened_on,
          heldPence: held.get(i) ?? 0,
          lastSpendOn: lastSpend.get(i) ?? null,
        },
        AS_OF,
      ).map((c) => c.code),
    )
    expect(found.some((codes) => codes.includes('surplus'))).toBe(true)
    expect(found.some((codes) => codes.includes('return_due'))).toBe(true)
    expect(found.filter((codes) => codes.length === 0).length).toBeGreaterThan(accounts.length / 2)
  })

  it('is the same for the same seed', () => {
    const again = generateCouncil({ people: COUNCIL_SIZES.small, seed: 1, asOf: AS_OF, councilCode: 'SYNTH' })
    expect(again.accounts).toEqual(council.accounts)
  })
})
