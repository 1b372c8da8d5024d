import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../src/modules/identity/roles.ts'
import { DEMO_PASSWORD, demoEmail } from '../../src/modules/synthetic/demo-council.ts'
import { FundingRequestPage } from './pages/funding-pages.ts'
import { AgendaItemPage, DecisionCostPage, MeetingPage, PanelsPage } from './pages/panel-pages.ts'
import { PlanBuilderPage, PlanPage } from './pages/plan-pages.ts'
import { SignInPage } from './pages/sign-in-page.ts'
import { expectAccessible, launchBrowser, newPage, screenshot } from './support/browser.ts'
import { type JourneyServer, startJourneyServer } from './support/journey-server.ts'

/** Needs found eligible in most areas of life: a large indicative budget. */
const ASSESSMENT = {
  kind: 'needs',
  format: 'comprehensive',
  impairmentOrIllness: true,
  wellbeingSignificantlyAffected: true,
  strengths: 'Enjoys company and music; her son visits at weekends',
  outcomes: {
    nutrition: ['needs_assistance', 'endangers_health_safety'],
    personal_hygiene: ['needs_assistance'],
    toilet_needs: ['needs_assistance', 'significant_pain_distress_anxiety'],
    clothing: ['needs_assistance'],
    home_safety: ['endangers_health_safety'],
  },
}

describe('a residential placement decided by the panel', () => {
  let server: JourneyServer
  let browser: Browser

  beforeAll(async () => {
    server = await startJourneyServer()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  async function assessedPerson(givenName: string, familyName: string) {
    const session = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: demoEmail('practitioner'), password: DEMO_PASSWORD }),
    })
    const { token } = (await session.json()) as { token: string }
    const call = async (path: string, body: unknown) => {
      const response = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      })
      expect(response.status, await response.clone().text()).toBeLessThan(300)
      return (await response.json()) as { id: string }
    }
    const person = await call('/api/v1/people', {
      givenName,
      familyName,
      dateOfBirth: '1938-11-20',
      gender: 'Female',
      confirmNotDuplicate: true,
    })
    const assessment = await call(`/api/v1/people/${person.id}/assessments`, ASSESSMENT)
    await call(`/api/v1/assessments/${assessment.id}/decision`, { confirm: true })
    return person.id
  }

  async function signedIn(role: Role): Promise<{ page: Page; close: () => Promise<void> }> {
    const { context, page } = await newPage(browser)
    const signIn = new SignInPage(page)
    await signIn.open(server.url)
    await signIn.signIn(demoEmail(role), DEMO_PASSWORD)
    await page.waitForURL(`${server.url}/`)
    return { page, close: () => context.close() }
  }

  it('goes to panel, is put on an agenda and decided with reasons; the cost of deciding shows it', async () => {
    const personId = await assessedPerson('Winifred', 'Castellanos')

    // The practitioner plans a residential placement: the scheme sends it to the panel.
    const practitioner = await signedIn('practitioner')
    const builder = new PlanBuilderPage(practitioner.page)
    await builder.openFromPerson(server.url, personId)
    await builder.workOutBudget('Never')
    await builder.fillLine(0, {
      serviceType: 'Long term support: Residential care',
      serviceComponent: 'Long term residential care',
      provider: 'Oak Lodge',
      held: 'Council-commissioned support',
      unitCost: '950',
      costUnit: 'Weekly',
      unitsPerWeek: '1',
    })
    await builder.save()
    await new PlanPage(practitioner.page).submitForFunding('45')
    const submitted = await new FundingRequestPage(practitioner.page).text()
    expect(submitted).toContain('Waiting for a decision')
    expect(submitted).toContain('Panel')
    expect(submitted).toContain('Days waiting')
    await practitioner.close()

    // The head of service arranges a meeting and builds its agenda from the waiting requests.
    const organiser = await signedIn('head_of_service')
    const panels = new PanelsPage(organiser.page)
    await panels.open()
    expect(await panels.text()).toContain('Winifred Castellanos')
    const tomorrow = new Date(Date.now() + 86_400_000)
    await panels.arrangeMeeting({
      date: {
        day: String(tomorrow.getUTCDate()),
        month: String(tomorrow.getUTCMonth() + 1),
        year: String(tomorrow.getUTCFullYear()),
      },
      time: '10:00',
      place: 'Committee Room 2',
      chair: 'Demo panel member',
      members: ['Demo panel member'],
    })
    const meeting = new MeetingPage(organiser.page)
    await meeting.addToAgenda(['Winifred Castellanos'])
    const agenda = await meeting.text()
    expect(agenda).toContain('Winifred Castellanos')
    expect(agenda).toContain('To consider')
    await screenshot(organiser.page, 'panel-agenda')
    const meetingUrl = organiser.page.url()
    await organiser.close()

    // A member of the panel records its decision, with reasons.
    const member = await signedIn('panel_member')
    await new PanelsPage(member.page).open()
    await member.page.goto(meetingUrl)
    await expectAccessible(member.page, 'the meeting as a panel member sees it')
    const memberMeeting = new MeetingPage(member.page)
    await memberMeeting.openItem('Winifred Castellanos')
    const item = new AgendaItemPage(member.page)
    expect(await item.text()).toContain('Oak Lodge')
    await item.decide({ outcome: 'Approve a different amount (amend)', weeklyAmount: '875' })
    expect(await item.errorSummary()).toContain('Give your reasons for amending the request')
    await expectAccessible(member.page, 'a panel decision with an error')
    await item.decide({
      outcome: 'Approve a different amount (amend)',
      weeklyAmount: '875',
      reasons:
        'Oak Lodge’s standard room meets her needs; the garden suite’s extra cost is not needed to meet them.',
    })
    await member.page.waitForURL(meetingUrl)
    expect(await memberMeeting.text()).toContain('Approved at an amended amount')
    await memberMeeting.saveMinutes('Present: the chair. No declarations of interest.', true)
    await memberMeeting.openPrintable()
    const printed = await member.page.locator('main').textContent()
    expect(printed).toContain('garden suite')
    expect(printed).toContain('No declarations of interest')
    await screenshot(member.page, 'panel-minutes')
    await member.close()

    // The cost of deciding shows the panel's route.
    const head = await signedIn('head_of_service')
    const cost = new DecisionCostPage(head.page)
    await cost.open()
    const panelRow = await cost.rowFor('Panel')
    expect(panelRow[0]).toBe('1')
    expect(panelRow.at(-2)).toBe('100% (1)')
    expect(panelRow.at(-1)).toBe('£3,900.00 a year less')
    expect(await cost.rowFor('Team manager')).toEqual(['0', '–', '–', '0', '–', '–', 'None'])
    await screenshot(head.page, 'decision-cost')
    await head.close()

    // The administrator sets the escalation days and default minutes.
    const admin = await signedIn('admin')
    await admin.page.getByRole('link', { name: 'Decision settings' }).first().click()
    await admin.page.waitForURL(/\/admin\/decision-settings$/)
    await expectAccessible(admin.page, 'the decision settings')
    await admin.page.getByLabel('Days a request may wait before it is overdue').fill('')
    await admin.page.getByRole('button', { name: 'Save the settings' }).click()
    expect(await admin.page.getByRole('alert').textContent()).toContain('Enter days a request may wait')
    await expectAccessible(admin.page, 'the decision settings with an error')
    await admin.page.getByLabel('Days a request may wait before it is overdue').fill('21')
    await admin.page.getByRole('button', { name: 'Save the settings' }).click()
    await admin.page.waitForURL(/saved=1$/)
    await admin.close()
  })
})
