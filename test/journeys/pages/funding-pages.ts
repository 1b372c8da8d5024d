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

/** What a decision form calls its parts: one decider's form and the panel's word them differently. */
interface DecisionLabels {
  question: string
  weeklyAmount: string
  reasons: string
  minutes: string | RegExp
  button: string
}

/** A decision on a funding request, as the decision form takes it. */
export interface DecisionEntry {
  outcome: string
  weeklyAmount?: string
  reasons?: string
  minutes?: string
}

/**
 * A page with a decision form on a funding request: its outcome, any amount
 * approved, the reasons and the minutes spent.
 */
export class DecisionFormPage {
  constructor(
    protected readonly page: Page,
    private readonly labels: DecisionLabels,
  ) {}

  text() {
    return this.page.locator('main').textContent()
  }

  async decide(decision: DecisionEntry) {
    const { page, labels } = this
    await page
      .getByRole('group', { name: labels.question })
      .getByLabel(decision.outcome, { exact: true })
      .check()
    if (decision.weeklyAmount !== undefined)
      await page.getByLabel(labels.weeklyAmount).fill(decision.weeklyAmount)
    await page.getByLabel(labels.reasons).fill(decision.reasons ?? '')
    if (decision.minutes !== undefined) await page.getByLabel(labels.minutes).fill(decision.minutes)
    await page.getByRole('button', { name: labels.button }).click()
    await page.waitForLoadState('load')
  }

  errorSummary() {
    return this.page.getByRole('alert').textContent()
  }
}

/** A funding request: its route, its steps, and the decision form. */
export class FundingRequestPage extends DecisionFormPage {
  constructor(page: Page) {
    super(page, {
      question: 'What is your decision?',
      weeklyAmount: 'Weekly amount you approve',
      reasons: 'Reasons',
      minutes: 'Minutes spent deciding (optional)',
      button: 'Record the decision',
    })
  }
}
