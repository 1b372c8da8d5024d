import type { Page } from 'playwright-core'
import { expectAccessible, expectNoErrorSummary } from '../support/browser.ts'
import { DecisionFormPage } from './funding-pages.ts'

export interface MeetingDetails {
  date: { day: string; month: string; year: string }
  time: string
  place: string
  chair: string
  members: string[]
}

/** The panels page: meetings to come, requests waiting for the panel, meetings held. */
export class PanelsPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByRole('link', { name: 'Panels', exact: true }).first().click()
    await this.page.waitForURL(/\/panels$/)
    await expectAccessible(this.page, 'the panels page')
  }

  text() {
    return this.page.locator('main').textContent()
  }

  async arrangeMeeting(meeting: MeetingDetails) {
    const page = this.page
    await page.getByRole('button', { name: 'Arrange a meeting' }).click()
    await page.waitForURL(/\/panels\/new$/)
    await expectAccessible(page, 'arrange a panel meeting')
    const date = page.getByRole('group', { name: 'Date of the meeting' })
    await date.getByLabel('Day').fill(meeting.date.day)
    await date.getByLabel('Month').fill(meeting.date.month)
    await date.getByLabel('Year').fill(meeting.date.year)
    await page.getByLabel('Time (optional)').fill(meeting.time)
    await page.getByLabel('Place (optional)').fill(meeting.place)
    await page.getByLabel('Chair').selectOption({ label: meeting.chair })
    const members = page.getByRole('group', { name: 'Members' })
    for (const member of meeting.members) await members.getByLabel(member).check()
    await page.getByRole('button', { name: 'Arrange the meeting' }).click()
    await expectNoErrorSummary(page)
    await page.waitForURL(/\/panels\/[0-9a-f-]{36}$/)
    await expectAccessible(page, 'a planned panel meeting')
  }

  async openMeeting(name: string | RegExp) {
    await this.page.getByRole('link', { name }).first().click()
    await this.page.waitForURL(/\/panels\/[0-9a-f-]{36}$/)
    await expectAccessible(this.page, 'a panel meeting')
  }
}

/** A meeting: its agenda, adding requests to it, the minutes. */
export class MeetingPage {
  constructor(private readonly page: Page) {}

  text() {
    return this.page.locator('main').textContent()
  }

  async addToAgenda(personNames: string[]) {
    const group = this.page.getByRole('group', { name: /Requests waiting for the panel and on no agenda/ })
    for (const name of personNames) await group.getByLabel(name).check()
    await this.page.getByRole('button', { name: 'Add to the agenda' }).click()
    await expectNoErrorSummary(this.page)
    await expectAccessible(this.page, 'a meeting with its agenda')
  }

  async openItem(personName: string) {
    await this.page.getByRole('table').getByRole('link', { name: personName }).click()
    await this.page.waitForURL(/\/items\/[0-9a-f-]{36}$/)
    await expectAccessible(this.page, 'a panel agenda item')
  }

  async saveMinutes(minutes: string, held: boolean) {
    await this.page.getByLabel('Minutes of the meeting').fill(minutes)
    if (held) await this.page.getByLabel('The meeting has been held').check()
    await this.page.getByRole('button', { name: 'Save the minutes' }).click()
    await expectNoErrorSummary(this.page)
    await expectAccessible(this.page, 'a meeting with its minutes')
  }

  async openPrintable() {
    await this.page.getByRole('link', { name: 'Printable agenda and minutes' }).click()
    await this.page.waitForURL(/\/print$/)
    await expectAccessible(this.page, 'the printable agenda and minutes')
  }
}

/** An agenda item: the plan and the panel's decision with reasons. */
export class AgendaItemPage extends DecisionFormPage {
  constructor(page: Page) {
    super(page, {
      question: 'What has the panel decided?',
      weeklyAmount: 'Weekly amount the panel approves',
      reasons: 'The panel’s reasons',
      minutes: /Minutes the panel spent on this item/,
      button: 'Record the panel’s decision',
    })
  }
}

/** The cost of deciding, by route. */
export class DecisionCostPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByRole('link', { name: 'Cost of deciding' }).first().click()
    await this.page.waitForURL(/\/decisions\/cost/)
    await expectAccessible(this.page, 'the cost of deciding')
  }

  async rowFor(route: string) {
    const row = this.page
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: route, exact: true }) })
    return (await row.getByRole('cell').allTextContents()).map((t) => t.trim())
  }
}
