import type { Page } from 'playwright-core'
import { expectAccessible, expectNoErrorSummary } from '../support/browser.ts'

export interface PlanLine {
  serviceType: string
  serviceComponent?: string
  provider?: string
  held: string
  unitCost: string
  costUnit: string
  unitsPerWeek: string
}

/** Building a support plan: the indicative budget first, then the lines. */
export class PlanBuilderPage {
  constructor(private readonly page: Page) {}

  /** From the person's record, by its “Build a support plan” link. */
  async openFromPerson(baseUrl: string, personId: string) {
    await this.page.goto(`${baseUrl}/people/${personId}`)
    await expectAccessible(this.page, 'the person’s record')
    await this.page.getByRole('button', { name: 'Build a support plan' }).click()
    await this.page.waitForURL(/\/plans\/new$/)
    await expectAccessible(this.page, 'work out the indicative budget')
  }

  /** From a completed assessment, which the builder then has chosen. */
  async openFromAssessment(baseUrl: string, assessmentId: string) {
    await this.page.goto(`${baseUrl}/assessments/${assessmentId}`)
    await expectAccessible(this.page, 'the completed assessment')
    await this.page.getByRole('button', { name: 'Build a support plan' }).click()
    await this.page.waitForURL(/\/plans\/new\?assessmentId=/)
    await expectAccessible(this.page, 'work out the indicative budget')
  }

  async workOutBudget(nightHelp: string) {
    await this.page
      .getByRole('group', { name: 'How often is help needed at night?' })
      .getByLabel(nightHelp, { exact: true })
      .check()
    await this.page.getByRole('button', { name: 'Work out the indicative budget' }).click()
    await this.page.waitForURL(/\/plans\/new\?assessmentId=/)
    await expectAccessible(this.page, 'the plan builder with its indicative budget')
  }

  budgetText() {
    return this.page.locator('main h2').first().textContent()
  }

  async fillLine(index: number, line: PlanLine) {
    const line$ = this.page.getByRole('group', { name: `Line ${index + 1}`, exact: true })
    await line$.getByLabel('Service type').selectOption(line.serviceType)
    if (line.serviceComponent)
      await line$.getByLabel('Service component (optional)').selectOption(line.serviceComponent)
    if (line.provider) await line$.getByLabel('Provider (optional)').fill(line.provider)
    await line$.getByLabel('How the money is held').selectOption({ label: line.held })
    await line$.getByLabel('Unit cost').fill(line.unitCost)
    await line$.getByLabel('Cost unit').selectOption(line.costUnit)
    await line$.getByLabel('Units a week').fill(line.unitsPerWeek)
  }

  async addLine() {
    await this.page.getByRole('button', { name: 'Add another line' }).click()
    await this.page
      .getByRole('group', { name: /^Line \d+$/ })
      .last()
      .waitFor()
  }

  async save() {
    await this.page.getByRole('button', { name: 'Save the plan', exact: true }).click()
    await expectNoErrorSummary(this.page)
    await this.page.waitForURL(/\/plans\/[0-9a-f-]{36}$/)
    await expectAccessible(this.page, 'the support plan')
  }
}

/** A support plan version: its cost against the indicative budget, and submitting it for funding. */
export class PlanPage {
  constructor(private readonly page: Page) {}

  text() {
    return this.page.locator('main').textContent()
  }

  async submitForFunding(minutes: string) {
    await this.page.getByLabel('Minutes spent preparing the request (optional)').fill(minutes)
    await this.page.getByRole('button', { name: 'Submit for funding' }).click()
    await this.page.waitForURL(/\/funding-requests\/[0-9a-f-]{36}$/)
    await expectAccessible(this.page, 'the funding request')
  }

  async openStatement() {
    await this.page.getByRole('link', { name: 'Personal budget statement' }).click()
    await this.page.waitForURL(/\/statement$/)
    await expectAccessible(this.page, 'the personal budget statement')
  }
}
