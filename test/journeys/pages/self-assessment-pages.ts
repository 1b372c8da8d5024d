import type { Page } from 'playwright-core'
import { expectAccessible, expectNoErrorSummary } from '../support/browser.ts'

/** The list of self-assessments, where a year is started. */
export class SelfAssessmentsPage {
  constructor(private readonly page: Page) {}

  async start(year: string) {
    await this.page
      .getByRole('group', { name: 'Start a self-assessment' })
      .getByLabel(year, { exact: true })
      .check()
    await this.page.getByRole('button', { name: 'Start self-assessment' }).click()
    await expectNoErrorSummary(this.page)
    await this.page.waitForURL(new RegExp(`/self-assessment/${year}\\?done=started$`))
    await expectAccessible(this.page, 'a year’s self-assessment')
  }
}

/** A year's self-assessment: the six areas, their scores, evidence and action plans. */
export class SelfAssessmentYearPage {
  constructor(private readonly page: Page) {}

  async openArea(title: string) {
    await this.page
      .getByRole('table', { name: 'Scores' })
      .getByRole('link', { name: title, exact: true })
      .click()
    await this.page.waitForURL(/\/areas\/[a-z-]+(\?.*)?$/)
    await expectAccessible(this.page, `the ${title} area`)
  }

  async areaText(areaTitle: string) {
    return (await this.page.getByRole('region', { name: areaTitle, exact: true }).textContent()) ?? ''
  }

  async openReport() {
    await this.page.getByRole('link', { name: 'Printable report' }).click()
    await this.page.waitForURL(/\/report$/)
    await expectAccessible(this.page, 'the printable report')
  }
}

/** One area: the score with the descriptors as hints, the justification, evidence and actions. */
export class SelfAssessmentAreaPage {
  constructor(private readonly page: Page) {}

  async score(label: string, justification: string) {
    await this.page.getByRole('group', { name: 'Score' }).getByLabel(label).check()
    await this.page.getByLabel('Justification').fill(justification)
    await this.page.getByRole('button', { name: 'Save score' }).click()
    await expectNoErrorSummary(this.page)
    await this.page.waitForURL(/\?done=scored$/)
    await expectAccessible(this.page, 'the area after scoring')
  }

  async addAction(action: { what: string; owner: string; dueOn: string }) {
    await this.page.getByRole('link', { name: 'Add an action' }).click()
    await this.page.waitForURL(/\/actions\/new$/)
    await expectAccessible(this.page, 'add an action')
    await this.page.getByLabel('What will be done?').fill(action.what)
    await this.page.getByLabel('Who owns it?').fill(action.owner)
    await this.page.getByLabel('Due date').fill(action.dueOn)
    await this.page.getByRole('button', { name: 'Add action' }).click()
    await expectNoErrorSummary(this.page)
    await this.page.waitForURL(/\?done=action-added$/)
    await expectAccessible(this.page, 'the area with an action')
  }

  async completeAction(what: string) {
    await this.page.getByRole('button', { name: `Mark as complete (${what})` }).click()
    await this.page.waitForURL(/\?done=action-complete$/)
    await expectAccessible(this.page, 'the area with a completed action')
  }

  async actionsText() {
    return (await this.page.getByRole('table', { name: /^Actions for/ }).textContent()) ?? ''
  }

  async evidenceText() {
    return (await this.page.getByRole('table', { name: /^Measures that evidence/ }).textContent()) ?? ''
  }
}
