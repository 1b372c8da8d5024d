import { describe, expect, it } from 'vitest'
import { FundingRequestPage } from './pages/funding-pages.ts'
import { AgendaItemPage, DecisionCostPage, MeetingPage, PanelsPage } from './pages/panel-pages.ts'
import { PlanBuilderPage, PlanPage } from './pages/plan-pages.ts'
import { expectAccessible, screenshot } from './support/browser.ts'
import { apiPoster, signedInPage, useJourney } from './support/journey.ts'

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
  const journey = useJourney()

  async function assessedPerson(givenName: string, familyName: string) {
    const call = await apiPoster(journey.server, 'practitioner')
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

  it('goes to panel, is put on an agenda and decided with reasons; the cost of deciding shows it', async () => {
    const personId = await assessedPerson('Winifred', 'Castellanos')

    // The practitioner plans a residential placement: the scheme sends it to the panel.
    const practitioner = await signedInPage(journey, 'practitioner')
    const builder = new PlanBuilderPage(practitioner.page)
    await builder.openFromPerson(journey.server.url, personId)
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
    const organiser = await signedInPage(journey, 'head_of_service')
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
    const member = await signedInPage(journey, 'panel_member')
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
    const head = await signedInPage(journey, 'head_of_service')
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
    const admin = await signedInPage(journey, 'admin')
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
