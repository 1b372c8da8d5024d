import type { Page } from 'playwright-core'
import { expectAccessible } from '../support/browser.ts'

/** The queue of funding requests waiting at a level. */
export class FundingQueuePage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByRole('link', { name: 'Funding requests' }).first().click()
    await this.page.waitForURL(/\/funding-requests(\?.*)?$/)
    await expectAccessible(this.page, 'the funding requests queue')
  }

  async openRequestFor(personName: string) {
    await this.page.getByRole('link', { name: personName }).first().click()
    await this.page.waitForURL(/\/funding-requests\/[0-9a-f-]{36}$/)
    await expectAccessible(this.page, 'a funding request to decide')
  }
}

/** A funding request: its route, its steps, and the decision form. */
export class FundingRequestPage {
  constructor(private readonly page: Page) {}

  text() {
    return this.page.locator('main').textContent()
  }

  async decide(decision: { outcome: string; weeklyAmount?: string; reasons?: string; minutes?: string }) {
    const page = this.page
    await page
      .getByRole('group', { name: 'What is your decision?' })
      .getByLabel(decision.outcome, { exact: true })
      .check()
    if (decision.weeklyAmount !== undefined)
      await page.getByLabel('Weekly amount you approve').fill(decision.weeklyAmount)
    await page.getByLabel('Reasons').fill(decision.reasons ?? '')
    if (decision.minutes !== undefined)
      await page.getByLabel('Minutes spent deciding (optional)').fill(decision.minutes)
    await page.getByRole('button', { name: 'Record the decision' }).click()
    await page.waitForLoadState('load')
  }

  errorSummary() {
    return this.page.getByRole('alert').textContent()
  }
}
