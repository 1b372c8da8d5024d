import type { Page } from 'playwright-core'
import { expectAccessible, expectNoErrorSummary } from '../support/browser.ts'

/** Record a Care Act assessment: the kind, then the form. */
export class RecordAssessmentPage {
  constructor(private readonly page: Page) {}

  async chooseKind(kind: 'Needs assessment' | 'Carer’s assessment') {
    await this.page.getByLabel(kind).check()
    await this.page.getByRole('button', { name: 'Continue' }).click()
    await this.page.waitForURL(/\/assessments\/new\/(needs|carer)/)
    await expectAccessible(this.page, 'the assessment form')
  }

  async fillNeeds(answers: {
    format: 'Light' | 'Standard' | 'Comprehensive'
    strengths: string
    communityAssets: string
    outcomes: Record<string, string[]>
    wellbeingAffected: boolean
    minutes: { direct: number; travel: number; recording: number }
  }) {
    const page = this.page
    await page
      .getByRole('group', { name: 'Which format fits this case?' })
      .getByLabel(answers.format, { exact: true })
      .check()
    await page.getByLabel('Strengths').fill(answers.strengths)
    await page.getByLabel('Community assets').fill(answers.communityAssets)
    await page
      .getByRole('group', { name: /impairment or illness/ })
      .getByLabel('Yes', { exact: true })
      .check()
    for (const [outcome, difficulties] of Object.entries(answers.outcomes)) {
      const group = page.getByRole('group', { name: outcome, exact: true })
      for (const difficulty of difficulties) await group.getByLabel(difficulty).check()
    }
    await page
      .getByRole('group', { name: /significant impact on/ })
      .getByLabel(answers.wellbeingAffected ? 'Yes' : 'No', { exact: true })
      .check()
    await page.getByLabel('Direct contact with the person or carer').fill(String(answers.minutes.direct))
    await page.getByLabel('Travel').fill(String(answers.minutes.travel))
    await page.getByLabel('Recording').fill(String(answers.minutes.recording))
  }

  async submit() {
    await this.page.getByRole('button', { name: 'Save and see eligibility' }).click()
    await expectNoErrorSummary(this.page)
    await this.page.waitForURL(/\/assessments\/[0-9a-f-]{36}(\?.*)?$/)
    await expectAccessible(this.page, 'the eligibility determination')
  }
}

/** The eligibility determination and the practitioner's decision. */
export class AssessmentPage {
  constructor(private readonly page: Page) {}

  text() {
    return this.page.locator('main').textContent()
  }

  async confirm() {
    await this.page
      .getByRole('group', { name: 'Do you agree with the determination?' })
      .getByLabel(/Confirm:/)
      .check()
    await this.page.getByRole('button', { name: 'Record the decision' }).click()
    await expectNoErrorSummary(this.page)
    await this.page.waitForLoadState()
    await expectAccessible(this.page, 'the completed assessment')
  }
}
