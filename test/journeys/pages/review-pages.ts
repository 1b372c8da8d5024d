import type { Page } from 'playwright-core'
import { expectAccessible, expectNoErrorSummary } from '../support/browser.ts'
import { fillDate } from './reablement-pages.ts'

/** Reviews overdue for a team or the council. */
export class OverdueReviewsPage {
  constructor(private readonly page: Page) {}

  async openFromNavigation() {
    await this.page.getByRole('link', { name: 'Reviews', exact: true }).first().click()
    await this.page.waitForURL(/\/reviews\/overdue/)
    await expectAccessible(this.page, 'reviews overdue')
  }

  /** The rows of the overdue table, as cell texts. */
  async overdue(): Promise<string[][]> {
    const table = this.page.locator('table', { has: this.page.locator('caption', { hasText: 'Overdue' }) })
    if ((await table.count()) === 0) return []
    return table
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll('td, th')].map((cell) => (cell.textContent ?? '').trim())),
      )
  }

  async recordReviewFor(name: string) {
    await this.page.getByRole('link', { name: `Record a review for ${name}` }).click()
    await this.page.waitForURL(/\/reviews\/new$/)
    await expectAccessible(this.page, 'record a review')
  }
}

/** Record a review: the schedule, then the review in CLD's words. */
export class RecordReviewPage {
  constructor(private readonly page: Page) {}

  text() {
    return this.page.locator('main').textContent()
  }

  async record(review: {
    reason: string
    startedOn: string
    completedOn: string
    outcomesMet?: string
    whoTookPart: string
    whatNext: string
    found?: string
  }) {
    const page = this.page
    await page
      .getByRole('group', { name: 'Why was the review done?' })
      .getByLabel(review.reason, { exact: true })
      .check()
    await fillDate(page, 'Date the review started', review.startedOn)
    await fillDate(page, 'Date the review was completed', review.completedOn)
    if (review.outcomesMet) {
      await page
        .getByRole('group', { name: 'Were the outcomes in their plan met?' })
        .getByLabel(review.outcomesMet, { exact: true })
        .check()
    }
    await page
      .getByRole('group', { name: 'Who took part in the review?' })
      .getByLabel(review.whoTookPart, { exact: true })
      .check()
    await page.getByLabel('What happens after the review?').selectOption(review.whatNext)
    if (review.found) await page.getByLabel('What the review found (optional)').fill(review.found)
    await page.getByRole('button', { name: 'Record review' }).click()
    await expectNoErrorSummary(page)
    await page.waitForURL(/\/reviews\/[0-9a-f-]{36}(\?.*)?$/)
    await expectAccessible(page, 'review recorded')
  }
}
