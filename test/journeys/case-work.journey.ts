import { describe, expect, it } from 'vitest'
import { AssessmentPage, RecordAssessmentPage } from './pages/assessment-pages.ts'
import { AuditLogPage } from './pages/audit-log-page.ts'
import { PeopleSearchPage, PersonFormPage, PersonPage } from './pages/people-pages.ts'
import { NewRequestPage, RequestPage } from './pages/request-pages.ts'
import { expectAccessible, screenshot } from './support/browser.ts'
import { signedInPage, useJourney } from './support/journey.ts'

const ADA = {
  givenName: 'Ada',
  familyName: 'Lovelace',
  dateOfBirth: { day: '10', month: '12', year: '1945' },
  nhsNumber: '999 000 0026',
  postcode: 'LS1 4AB',
}

describe('a practitioner takes a request through to an eligibility decision', () => {
  const journey = useJourney()

  it('searches, adds a person past the duplicate warning, records a request and an assessment, and the audit log shows it all', async () => {
    const { context, page } = await signedInPage(journey, 'practitioner')
    await expectAccessible(page, 'home')

    // Search first: nobody yet, so add them.
    await page.getByRole('link', { name: 'People' }).first().click()
    await expectAccessible(page, 'find a person')
    const search = new PeopleSearchPage(page)
    await search.search('Lovelace')
    expect(await search.resultsText()).toContain('No one found')
    await search.addPerson()
    const form = new PersonFormPage(page)
    await form.fill(ADA)
    await form.submit()
    await page.waitForURL(/\/people\/[0-9a-f-]{36}/)
    const person = new PersonPage(page)
    expect(await person.heading()).toContain('Ada Lovelace')
    await expectAccessible(page, 'person')
    const adaUrl = page.url().split('?')[0] ?? ''

    // Adding her again is caught before a duplicate is made.
    await page.goto(`${journey.server.url}/people/new`)
    await form.fill({ ...ADA, nhsNumber: undefined, postcode: undefined })
    await form.submit()
    expect(await page.locator('main').textContent()).toContain('Ada Lovelace')
    await expectAccessible(page, 'duplicate warning')
    await screenshot(page, 'duplicate-warning')
    await page
      .getByRole('link', { name: /Ada Lovelace/ })
      .first()
      .click()
    await page.waitForURL(adaUrl)

    // A request for support, triaged to an assessment.
    await person.recordRequest()
    await new NewRequestPage(page).record({
      on: new Date().toISOString().slice(0, 10),
      route: 'Community / Other route',
      whatWasAsked: 'Help with washing and dressing since a fall at home',
    })
    const request = new RequestPage(page)
    await request.triage(
      'Progress to assessment, review or reassessment',
      new Date().toISOString().slice(0, 10),
    )
    expect(await page.locator('main').textContent()).toContain('Progress to assessment')

    // The assessment answers that request: strengths first, then outcomes, then the determination.
    await request.startAssessment()
    const assessment = new RecordAssessmentPage(page)
    await assessment.chooseKind('Needs assessment')
    await assessment.fillNeeds({
      format: 'Standard',
      strengths: 'Cooks for herself most days; sharp and determined',
      communityAssets: 'Daughter visits weekly; church lunch club on Thursdays',
      outcomes: {
        'Maintaining personal hygiene': ['Unable to achieve it without assistance'],
        'Being appropriately clothed': [
          'Achieving it without assistance causes significant pain, distress or anxiety',
        ],
      },
      wellbeingAffected: true,
      minutes: { direct: 75, travel: 30, recording: 40 },
    })
    await assessment.submit()
    const result = new AssessmentPage(page)
    const determination = await result.text()
    expect(determination).toContain('Maintaining personal hygiene')
    expect(determination).toMatch(/eligible/i)
    expect(determination).toContain('Request of')
    await screenshot(page, 'eligibility')
    await result.confirm()
    expect(await result.text()).toContain('Confirmed')

    // Her timeline shows the request and the assessment.
    await page.goto(adaUrl)
    const timeline = await person.timelineText()
    expect(timeline).toMatch(/request/i)
    expect(timeline).toMatch(/assessment/i)
    await expectAccessible(page, 'person with a timeline')
    await context.close()

    // The administrator sees every read and change in the audit log.
    const admin = await signedInPage(journey, 'admin')
    const audit = new AuditLogPage(admin.page)
    await audit.open(journey.server.url, { personId: adaUrl.split('/').pop() ?? '' })
    const rows = await audit.rows()
    const actions = rows.map((cells) => `${cells[2]} ${cells[3]}`)
    expect(actions).toEqual(
      expect.arrayContaining([
        'create person',
        'read person',
        'create request',
        'create assessment',
        'update assessment',
      ]),
    )
    expect(rows.every((cells) => cells[1] === 'Demo practitioner')).toBe(true)
    await screenshot(admin.page, 'audit-log')
    await admin.context.close()
  })
})
