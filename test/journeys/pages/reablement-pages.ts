import type { Page } from 'playwright-core'
import { expectAccessible, expectNoErrorSummary } from '../support/browser.ts'

/** Types an ISO date into the GOV.UK date input (Day, Month, Year) whose legend is given. */
export async function fillDate(page: Page, legend: string, isoDate: string) {
  const [year = '', month = '', day = ''] = isoDate.split('-')
  const group = page.getByRole('group', { name: legend })
  await group.getByLabel('Day').fill(String(Number(day)))
  await group.getByLabel('Month').fill(String(Number(month)))
  await group.getByLabel('Year').fill(year)
}

/** Start reablement for a person. */
export class StartReablementPage {
  constructor(private readonly page: Page) {}

  async open(baseUrl: string, personId: string) {
    await this.page.goto(`${baseUrl}/people/${personId}/reablement/new`)
    await expectAccessible(this.page, 'start reablement')
  }

  async start(episode: {
    startedOn: string
    plannedEndOn?: string
    provider?: string
    dischargedOn?: string
  }) {
    const page = this.page
    await fillDate(page, 'Date reablement started', episode.startedOn)
    if (episode.plannedEndOn) await fillDate(page, 'Planned end date (optional)', episode.plannedEndOn)
    if (episode.provider) await page.getByLabel('Provider (optional)').fill(episode.provider)
    await page
      .getByRole('group', { name: 'Did reablement follow a stay in hospital?' })
      .getByLabel(episode.dischargedOn ? 'Yes' : 'No', { exact: true })
      .check()
    if (episode.dischargedOn) {
      await fillDate(page, 'If they came out of hospital, the date they left', episode.dischargedOn)
    }
    await page.getByRole('button', { name: 'Start reablement' }).click()
    await expectNoErrorSummary(page)
    await page.waitForURL(/\/reablement\/[0-9a-f-]{36}(\?.*)?$/)
    await expectAccessible(page, 'reablement started')
  }
}

/** One reablement episode: end it, and record the at-home check. */
export class ReablementPage {
  constructor(private readonly page: Page) {}

  text() {
    return this.page.locator('main').textContent()
  }

  async end(endedOn: string, sequel: string) {
    const page = this.page
    await fillDate(page, 'Date reablement ended', endedOn)
    await page
      .getByRole('group', { name: 'What happened when reablement ended?' })
      .getByLabel(sequel, { exact: true })
      .check()
    await page.getByRole('button', { name: 'End reablement' }).click()
    await expectNoErrorSummary(page)
    await page.waitForLoadState()
    await expectAccessible(page, 'reablement ended')
  }

  async recordCheck(where: string, checkedOn: string) {
    const page = this.page
    await page
      .getByRole('group', { name: /Where were they 91 days after leaving hospital/ })
      .getByLabel(where, { exact: true })
      .check()
    await fillDate(page, 'Date of the check', checkedOn)
    await page.getByRole('button', { name: 'Record the check' }).click()
    await expectNoErrorSummary(page)
    await page.waitForLoadState()
    await expectAccessible(page, 'at-home check recorded')
  }
}

/** The council's reablement: open episodes and at-home checks due. */
export class ReablementListPage {
  constructor(private readonly page: Page) {}

  async openFromNavigation() {
    await this.page.getByRole('link', { name: 'Reablement', exact: true }).first().click()
    await this.page.waitForURL(/\/reablement$/)
    await expectAccessible(this.page, 'reablement list')
  }

  /** The rows of the table of at-home checks due or overdue, as cell texts. */
  async checksDue(): Promise<string[][]> {
    const table = this.page.locator('table', {
      has: this.page.locator('caption', { hasText: 'At-home checks due or overdue' }),
    })
    if ((await table.count()) === 0) return []
    return table
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll('td, th')].map((cell) => (cell.textContent ?? '').trim())),
      )
  }
}
