import { describe, expect, it } from 'vitest'
import { AccountPage, AccountsPage, OpenAccountPage } from './pages/account-pages.ts'
import { expectAccessible, newPage, screenshot } from './support/browser.ts'
import { signedInPage, useJourney } from './support/journey.ts'
import { submittedPlan } from './support/submitted-plan.ts'

describe('budget accounts', () => {
  const journey = useJourney()

  it('a finance officer opens a direct payment account, pays money in, records spending, uploads a card statement, gives the holder a link and closes the account', async () => {
    await submittedPlan(journey.server, {
      givenName: 'Nora',
      familyName: 'Quayle',
      hours: 6,
      deliveryMechanism: 'direct_payment',
    })
    const { page, close } = await signedInPage(journey, 'finance')
    const accounts = new AccountsPage(page)
    await accounts.openFromNavigation()
    await accounts.openAccountFor('Nora Quayle')
    expect(await page.locator('main').textContent()).toContain('£144.00')

    const opening = new OpenAccountPage(page)
    await opening.open('')
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter who holds the money')
    await expectAccessible(page, 'opening an account, with an error')
    await opening.open('Nora Quayle')
    await page.waitForURL(/\/accounts\/[0-9a-f-]{36}\?done=opened$/)
    await expectAccessible(page, 'a new account')

    const account = new AccountPage(page)
    await account.record({ kind: 'Payment in', amount: '576.00', description: 'Four weeks in advance' })
    expect(await account.text()).toContain('Payment in recorded.')
    await account.record({ kind: 'Spending', amount: '600' })
    expect(await account.errorSummary()).toContain('The amount must be no more than the money held, £576.00')
    await expectAccessible(page, 'recording a transaction, with an error')
    await account.recordAgain('144.00')
    const statement = await account.text()
    expect(statement).toContain('Spending recorded.')
    expect(statement).toContain('£432.00')
    expect(statement).toContain('Four weeks in advance')
    await expectAccessible(page, 'an account statement')
    await screenshot(page, 'budget-account-statement')

    await page.getByRole('link', { name: 'Statement for a period, to send to the holder' }).click()
    await page.waitForURL(/\/statement$/)
    const period = await page.locator('main').textContent()
    expect(period).toContain('Held at the start')
    expect(period).toContain('£432.00')
    await expectAccessible(page, 'a statement for a period')
    await page.getByRole('group', { name: 'End of the statement' }).getByLabel('Year').fill('1999')
    await page.getByRole('button', { name: 'Show statement' }).click()
    await page.waitForURL(/to-year=1999/)
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'End of the statement must be on or after its start',
    )
    await expectAccessible(page, 'a statement for a period, with an error')
    await page.getByRole('link', { name: 'Nora Quayle' }).click()
    await page.waitForURL(/\/accounts\/[0-9a-f-]{36}$/)

    // Today's card statement: the load already recorded, a purchase and a refund not yet.
    const day = new Date().toISOString().slice(0, 10).split('-').reverse().join('/')
    const file = [
      'Date,Description,Amount',
      `${day},Four weeks in advance,576.00`,
      `${day},Corner shop,-20.00`,
      `${day},Corner shop refund,5.00`,
    ]
    await page.getByRole('button', { name: 'Upload a statement' }).click()
    await expectAccessible(page, 'uploading a statement')
    await page
      .getByLabel('Statement file')
      .setInputFiles({ name: 'card.csv', mimeType: 'text/csv', buffer: Buffer.from(file.join('\n')) })
    await page.getByRole('button', { name: 'Read the statement' }).click()
    await page.waitForURL(/\/statement-file$/)
    expect(await page.locator('main').textContent()).toContain('Seems already recorded')
    expect(await page.getByLabel('Record line 2').isChecked()).toBe(false)
    await page.getByLabel('Line 4 recorded as').selectOption({ label: 'Refund of spending' })
    await expectAccessible(page, 'a statement’s lines')
    await page.getByRole('button', { name: 'Record the ticked lines' }).click()
    await page.waitForURL(/done=statement/)
    const after = await page.locator('main').textContent()
    expect(after).toContain('The statement’s lines are recorded.')
    expect(after).toContain('£417.00')

    // A link for the holder, opened by someone who is not signed in.
    await page.getByRole('button', { name: 'Make a link for the holder' }).click()
    const link = await page.getByLabel('The link').inputValue()
    await expectAccessible(page, 'a link for the holder')
    const holder = await newPage(journey.browser)
    await holder.page.goto(link)
    const read = await holder.page.locator('main').textContent()
    expect(read).toContain('Held at the end')
    expect(read).toContain('£417.00')
    await expectAccessible(holder.page, 'the holder’s statement')
    await holder.context.close()
    await page.getByRole('link', { name: 'Back to the account' }).click()

    // The support ends: the account is closed and what it holds clawed back.
    await page.getByRole('link', { name: 'Close the account' }).click()
    expect(await page.locator('main').textContent()).toContain('The account holds £417.00')
    await page.getByRole('button', { name: 'Close the account' }).click()
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Enter why the account is closing',
    )
    await expectAccessible(page, 'closing an account, with an error')
    await page.getByLabel('Why the account is closing').fill('Moved to a managed budget.')
    await page.getByRole('button', { name: 'Close the account' }).click()
    await page.waitForURL(/done=closed/)
    const closed = await page.locator('main').textContent()
    expect(closed).toContain('Account closed.')
    expect(closed).toContain('Money held when the account closed')
    await expectAccessible(page, 'a closed account')

    await page.getByRole('link', { name: 'Back to budget accounts' }).click()
    await page.waitForURL(/\/accounts$/)
    const list = await page.locator('main').textContent()
    expect(list).toContain('Nora Quayle')
    expect(list).not.toContain('Open an account for Nora Quayle')
    await close()
  })
})
