import type { Page } from 'playwright-core'
import { expectAccessible } from '../support/browser.ts'

/** The audit log, as an administrator reads it. */
export class AuditLogPage {
  constructor(private readonly page: Page) {}

  async open(baseUrl: string, filter: Record<string, string> = {}) {
    await this.page.goto(`${baseUrl}/audit?${new URLSearchParams(filter)}`)
    await expectAccessible(this.page, 'audit log')
  }

  /** Each row's cells as text. */
  rows() {
    return this.page
      .locator('table tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) =>
          Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent?.trim() ?? ''),
        ),
      )
  }
}
