import type { Page } from 'playwright-core'
import { expectAccessible, expectNoErrorSummary } from '../support/browser.ts'

/** Types an ISO date into the GOV.UK date input (Day, Month, Year) whose legend is given. */
async function fillDate(page: Page, legend: string, isoDate: string) {
  const [year = '', month = '', day = ''] = isoDate.split('-')
  const group = page.getByRole('group', { name: legend })
  await group.getByLabel('Day').fill(String(Number(day)))
  await group.getByLabel('Month').fill(String(Number(month)))
  await group.getByLabel('Year').fill(year)
}

/** Record a request for support. */
export class NewRequestPage {
  constructor(private readonly page: Page) {}

  async record(request: { on: string; route: string; whatWasAsked: string }) {
    const page = this.page
    await fillDate(page, 'Date of the request', request.on)
    await page
      .getByRole('group', { name: 'How did the request come in?' })
      .getByLabel(request.route, { exact: true })
      .check()
    await page.getByLabel('What did they ask for?').fill(request.whatWasAsked)
    await page.getByRole('button', { name: 'Record request' }).click()
    await expectNoErrorSummary(page)
    await page.waitForURL(/\/requests\/[0-9a-f-]{36}(\?.*)?$/)
    await expectAccessible(page, 'the request')
  }
}

/** A request: triage and allocation. */
export class RequestPage {
  constructor(private readonly page: Page) {}

  async triage(outcome: string, on: string) {
    await this.page.getByLabel('Outcome of triage').selectOption(outcome)
    await fillDate(this.page, 'Date of triage', on)
    await this.page.getByRole('button', { name: 'Record triage' }).click()
    await expectNoErrorSummary(this.page)
    await this.page.waitForLoadState()
    await expectAccessible(this.page, 'the request after triage')
  }

  async startAssessment() {
    await this.page.getByRole('button', { name: 'Start an assessment for this request' }).click()
    await this.page.waitForURL(/\/assessments\/new/)
    await expectAccessible(this.page, 'choose the kind of assessment')
  }

  async openPerson(name: string) {
    await this.page.getByRole('link', { name }).first().click()
    await this.page.waitForURL(/\/people\/[0-9a-f-]{36}(\?.*)?$/)
  }
}
