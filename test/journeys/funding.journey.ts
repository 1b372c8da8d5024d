import { describe, expect, it } from 'vitest'
import { FundingQueuePage, FundingRequestPage } from './pages/funding-pages.ts'
import { PlanBuilderPage, type PlanLine, PlanPage } from './pages/plan-pages.ts'
import { expectAccessible, screenshot } from './support/browser.ts'
import { apiPoster, signedInPage, useJourney } from './support/journey.ts'

const HOME_CARE: PlanLine = {
  serviceType: 'Long term support: Community',
  serviceComponent: 'Home support or domiciliary care',
  provider: 'Caring Hands Ltd',
  held: 'Direct payment',
  unitCost: '24.00',
  costUnit: 'Hourly',
  unitsPerWeek: '6',
}

const DAY_SUPPORT: PlanLine = {
  serviceType: 'Long term support: Community',
  serviceComponent: 'Day support',
  provider: 'Riverside Day Centre',
  held: 'Individual service fund',
  unitCost: '30',
  costUnit: 'Daily',
  unitsPerWeek: '1',
}

/**
 * Needs found eligible (nutrition and personal hygiene): 35 points, which
 * ASCEND's starting RAS makes £210 a week with no help at night.
 */
const ASSESSMENT = {
  kind: 'needs',
  format: 'standard',
  impairmentOrIllness: true,
  wellbeingSignificantlyAffected: true,
  strengths: 'Cooks with a little help; her daughter visits daily',
  outcomes: {
    nutrition: ['needs_assistance'],
    personal_hygiene: ['needs_assistance', 'significant_pain_distress_anxiety'],
  },
}

describe('support plans and funding decisions', () => {
  const journey = useJourney()

  /** A person with a completed, eligible assessment, recorded through the API as a practitioner would. */
  async function assessedPerson(givenName: string, familyName: string) {
    const call = await apiPoster(journey.server, 'practitioner')
    const person = await call('/api/v1/people', {
      givenName,
      familyName,
      dateOfBirth: '1944-03-02',
      gender: 'Female',
      confirmNotDuplicate: true,
    })
    const assessment = await call(`/api/v1/people/${person.id}/assessments`, ASSESSMENT)
    await call(`/api/v1/assessments/${assessment.id}/decision`, { confirm: true })
    return { personId: person.id, assessmentId: assessment.id }
  }

  it('a practitioner builds a plan within their delegation, and submitting it approves it', async () => {
    const { personId } = await assessedPerson('Edith', 'Okonjo')
    const { page, close } = await signedInPage(journey, 'practitioner')
    const builder = new PlanBuilderPage(page)
    await builder.openFromPerson(journey.server.url, personId)
    await builder.workOutBudget('Never')
    expect(await builder.budgetText()).toBe('Indicative budget: £210.00 a week')
    expect(await page.locator('main').textContent()).toContain('Managing and maintaining nutrition')

    await builder.fillLine(0, HOME_CARE)
    await builder.addLine()
    await expectAccessible(page, 'the plan builder with two lines')
    await builder.fillLine(1, DAY_SUPPORT)
    await builder.save()

    const plan = new PlanPage(page)
    const planText = await plan.text()
    expect(planText).toContain('£174.00') // 6 × £24 + £30
    expect(planText).toContain('£36.00 a week below the indicative budget')
    await plan.submitForFunding('20')
    const request = new FundingRequestPage(page)
    const requestText = await request.text()
    expect(requestText).toContain('Approved')
    expect(requestText).toContain('Practitioner (delegated)')
    expect(requestText).toContain('Rule 6: no other rule applies')
    await screenshot(page, 'funding-request-delegated')

    await page.getByRole('link', { name: 'Version 1', exact: true }).click()
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/)
    expect(await plan.text()).toContain('Active')
    await plan.openStatement()
    const statement = await page.locator('main').textContent()
    expect(statement).toContain('£174.00')
    expect(statement).toContain('Individual service fund')
    await screenshot(page, 'personal-budget-statement')

    await page.goto(`${journey.server.url}/people/${personId}`)
    const record = await page.locator('main').textContent()
    expect(record).toContain('Support plan in effect')
    expect(record).toContain('£174.00 a week')
    await expectAccessible(page, 'the person’s record with their plan in effect')
    await close()
  })

  it('a dearer plan goes to the team manager, who amends it with written reasons', async () => {
    const { assessmentId } = await assessedPerson('Mabel', 'Achterberg')
    const practitioner = await signedInPage(journey, 'practitioner')
    const builder = new PlanBuilderPage(practitioner.page)
    await builder.openFromAssessment(journey.server.url, assessmentId)
    await builder.workOutBudget('Never')
    await builder.fillLine(0, { ...HOME_CARE, unitsPerWeek: '10' })
    await builder.save()
    await new PlanPage(practitioner.page).submitForFunding('25')
    const submitted = await new FundingRequestPage(practitioner.page).text()
    expect(submitted).toContain('Waiting for a decision')
    expect(submitted).toContain('Team manager')
    expect(submitted).toContain('more than 110% of the indicative budget of £210')
    await practitioner.close()

    const manager = await signedInPage(journey, 'team_manager')
    const queue = new FundingQueuePage(manager.page)
    await queue.open()
    await queue.openRequestFor('Mabel Achterberg')
    const request = new FundingRequestPage(manager.page)
    await request.decide({ outcome: 'Approve a different amount (amend)', weeklyAmount: '216' })
    expect(await request.errorSummary()).toContain('Give your reasons for amending the request')
    await expectAccessible(manager.page, 'a decision with an error')
    await request.decide({
      outcome: 'Approve a different amount (amend)',
      weeklyAmount: '216',
      reasons: 'Nine hours meet her outcomes: the tenth hour overlaps the lunch club she already attends.',
      minutes: '15',
    })
    await manager.page.waitForURL(/\/funding-requests\/[0-9a-f-]{36}$/)
    const decided = await request.text()
    expect(decided).toContain('Approved at an amended amount')
    expect(decided).toContain('£216.00')
    expect(decided).toContain('the tenth hour overlaps the lunch club')
    await expectAccessible(manager.page, 'a decided funding request')
    await screenshot(manager.page, 'funding-request-amended')
    await manager.close()
  })

  it('an administrator reads the scheme of delegation and the resource allocation system', async () => {
    const { page, close } = await signedInPage(journey, 'admin')
    await page.getByRole('link', { name: 'Scheme of delegation' }).first().click()
    await page.waitForURL(/\/admin\/delegation-scheme$/)
    await expectAccessible(page, 'the scheme of delegation')
    expect(await page.locator('main').textContent()).toContain('If the annual cost is above £49,000: panel')
    await page.getByRole('button', { name: 'Add a rule' }).click()
    await page.getByRole('group', { name: 'Rule 7' }).waitFor()
    await expectAccessible(page, 'the scheme with a rule added')
    await page.getByRole('link', { name: 'Resource allocation' }).first().click()
    await page.waitForURL(/\/admin\/ras$/)
    await expectAccessible(page, 'the resource allocation system')
    await close()
  })
})
