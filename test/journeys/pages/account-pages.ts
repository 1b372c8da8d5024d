import type { Page } from 'playwright-core'
import { expectAccessible } from '../support/browser.ts'

/** Budget accounts: the council's accounts, and the plans held as money with none. */
export class AccountsPage {
  constructor(private readonly page: Page) {}

  async openFromNavigation() {
    await this.page.getByRole('link', { name: 'Budget accounts', exact: true }).first().click()
    await this.page.waitForURL(/\/accounts$/)
    await expectAccessible(this.page, 'budget accounts')
  }

  async openAccountFor(name: string) {
    await this.page.getByRole('link', { name: `Open an account for ${name}` }).click()
    await this.page.waitForURL(/\/accounts\/open\?/)
    await expectAccessible(this.page, 'open an account')
  }
}

/** The form opening an account. */
export class OpenAccountPage {
  constructor(private readonly page: Page) {}

  async open(holder: string) {
    await this.page.getByLabel('Who holds the money?').fill(holder)
    await this.page.getByRole('button', { name: 'Open account' }).click()
  }
}

/** An account's statement, and the form recording a transaction. */
export class AccountPage {
  constructor(private readonly page: Page) {}

  text() {
    return this.page.locator('main').textContent()
  }

  errorSummary() {
    return this.page.locator('.govuk-error-summary').textContent()
  }

  /** Records a transaction from the account's page; leaves the page the form answers with. */
  async record(transaction: { kind: string; amount: string; description?: string }) {
    const page = this.page
    await page.getByRole('button', { name: 'Record a transaction' }).click()
    await page.waitForURL(/\/transactions\/new$/)
    await page
      .getByRole('group', { name: 'What happened to the money?' })
      .getByLabel(transaction.kind, { exact: true })
      .check()
    await page.getByLabel('Amount').fill(transaction.amount)
    if (transaction.description) await page.getByLabel('Description (optional)').fill(transaction.description)
    await page.getByRole('button', { name: 'Record transaction' }).click()
    await page.waitForLoadState()
  }

  /** Records again from the form with its errors shown. */
  async recordAgain(amount: string) {
    await this.page.getByLabel('Amount').fill(amount)
    await this.page.getByRole('button', { name: 'Record transaction' }).click()
    await this.page.waitForURL(/\/accounts\/[0-9a-f-]{36}\?done=/)
  }
}
