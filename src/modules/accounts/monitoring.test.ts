import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays } from '../../kernel/dates.ts'
import { concerns, contingencyPence, type MonitoredAccount, RETURN_DUE_WEEKS } from './monitoring.ts'

const TODAY = '2026-06-15'
const account: MonitoredAccount = {
  weeklyPence: 20_000,
  contingencyWeeks: 4,
  openedOn: '2026-01-05',
  heldPence: 80_000,
  lastSpendOn: '2026-06-01',
}

describe('concerns', () => {
  it.each([
    ['nothing when the money held is within the contingency and spending is recent', {}, []],
    ['a surplus of a penny over the contingency', { heldPence: 80_001 }, ['surplus 1']],
    ['no surplus with a contingency of 0 weeks and nothing held', { contingencyWeeks: 0, heldPence: 0 }, []],
    [
      'all held is surplus with a contingency of 0 weeks',
      { contingencyWeeks: 0, heldPence: 5 },
      ['surplus 5'],
    ],
    [
      'a return due the day 8 weeks after the last spending',
      { lastSpendOn: addDays(TODAY, -RETURN_DUE_WEEKS * 7) },
      ['return_due'],
    ],
    ['no return due a day earlier', { lastSpendOn: addDays(TODAY, -RETURN_DUE_WEEKS * 7 + 1) }, []],
    ['a return due when nothing was spent 8 weeks after opening', { lastSpendOn: null }, ['return_due']],
    [
      'no return due when a new account has not been open 8 weeks',
      { lastSpendOn: null, openedOn: addDays(TODAY, -10) },
      [],
    ],
    [
      'both, surplus first',
      { heldPence: 100_000, lastSpendOn: '2026-01-05' },
      ['surplus 20000', 'return_due'],
    ],
    // Everything held is to be recovered once the person has died, so no surplus is singled out.
    [
      'a death first, and no surplus beside it',
      { diedOn: '2026-06-03', heldPence: 100_000, lastSpendOn: '2026-01-05' },
      ['died', 'return_due'],
    ],
    ['a death with nothing held', { diedOn: '2026-06-03', heldPence: 0 }, ['died']],
  ] as const)('%s', (_, change, expected) => {
    const found = concerns({ ...account, ...change }, TODAY).map((c) =>
      c.code === 'surplus' ? `surplus ${c.surplusPence}` : c.code,
    )
    expect(found).toEqual(expected)
  })

  it('says what the surplus is over', () => {
    expect(concerns({ ...account, heldPence: 100_000 }, TODAY)[0]?.text).toBe(
      'Surplus of £200.00 over 4 weeks’ contingency',
    )
    expect(concerns({ ...account, contingencyWeeks: 1, heldPence: 100_000 }, TODAY)[0]?.text).toBe(
      'Surplus of £800.00 over 1 week’s contingency',
    )
  })

  it('says what a death asks of the finance officer', () => {
    expect(concerns({ ...account, diedOn: '2026-06-03' }, TODAY)[0]?.text).toBe(
      'They died on 3 June 2026 and their support plan has ended: recover the £800.00 held and close the account',
    )
    expect(concerns({ ...account, diedOn: '2026-06-03', heldPence: 0 }, TODAY)[0]?.text).toBe(
      'They died on 3 June 2026 and their support plan has ended: close the account',
    )
    expect(concerns({ ...account, diedOn: '2026-06-03', planInEffect: true }, TODAY)[0]?.text).toBe(
      'They died on 3 June 2026, but their support plan is still in effect (the death came in a CLD file): ask their practitioner to end it, then recover the £800.00 held and close the account',
    )
  })

  it('finds a surplus exactly when more is held than the contingency, and of the difference', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500_000 }),
        fc.integer({ min: 0, max: 52 }),
        fc.integer({ min: 0, max: 50_000_000 }),
        (weeklyPence, contingencyWeeks, heldPence) => {
          const checked = { ...account, weeklyPence, contingencyWeeks, heldPence }
          const surplus = concerns(checked, TODAY).find((c) => c.code === 'surplus')
          const allowed = contingencyPence(checked)
          expect(surplus === undefined).toBe(heldPence <= allowed)
          if (surplus?.code === 'surplus') expect(surplus.surplusPence).toBe(heldPence - allowed)
        },
      ),
    )
  })
})
