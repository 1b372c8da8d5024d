import type { Page } from 'playwright-core'
import { expectAccessible } from '../support/browser.ts'

/** CLD returns: the upload form and the list of imports. */
export class CldImportsPage {
  constructor(private readonly page: Page) {}

  async upload(file: { name: string; text: string }) {
    await this.page
      .getByLabel('CLD file')
      .setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: Buffer.from(file.text) })
    await this.page.getByRole('button', { name: 'Import file' }).click()
  }

  async submitWithoutFile() {
    await this.page.getByRole('button', { name: 'Import file' }).click()
  }

  errorSummary() {
    return this.page.getByRole('alert').textContent()
  }

  /** The row of an import in the list, as text. */
  rowText(fileName: string) {
    return this.page
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name: fileName, exact: true }) })
      .first()
      .textContent()
  }
}

/** One import: its progress while it loads, then its summary and problem report. */
export class CldImportPage {
  constructor(private readonly page: Page) {}

  /** The progress line, while the import loads (empty once it has finished). */
  async progress(): Promise<string> {
    const status = this.page.locator('#import-progress')
    return (await status.count()) ? ((await status.textContent()) ?? '') : ''
  }

  /** Waits for the page to show the finished import (the page reloads itself when it ends). */
  async waitUntilFinished() {
    await this.page.getByRole('heading', { name: 'Problems found' }).waitFor({ timeout: 90_000 })
    await expectAccessible(this.page, 'a finished CLD import')
  }

  /** A value of the summary list, by its key. */
  summary(key: string) {
    return this.page
      .locator('.govuk-summary-list__row')
      .filter({ has: this.page.locator('.govuk-summary-list__key', { hasText: key }) })
      .locator('.govuk-summary-list__value')
      .textContent()
  }

  /** The problem table's rows, each as [line, column, value, problem, what happened]. */
  async problems(): Promise<string[][]> {
    const rows = await this.page.locator('table tbody tr').all()
    return Promise.all(
      rows.map(async (row) => (await row.locator('td').allTextContents()).map((t) => t.trim())),
    )
  }

  downloadLink() {
    return this.page.getByRole('link', { name: 'Download the problem report (CSV)' })
  }
}
