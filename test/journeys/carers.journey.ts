import { describe, expect, it } from 'vitest'
import { expectAccessible, expectNoErrorSummary, screenshot } from './support/browser.ts'
import { signedInPage, useJourney } from './support/journey.ts'
import { insertPerson } from './support/people.ts'

describe('unpaid carers', () => {
  const journey = useJourney()

  /** Two people of the demo council: a woman who needs care and her husband, not yet linked. */
  async function couple() {
    const person = (la: string, given: string, born: string) =>
      insertPerson(journey.server, {
        la_person_id: la,
        given_name: given,
        family_name: 'Ashworth',
        date_of_birth: born,
      })
    return {
      edna: await person('JOURNEY-CARER-1', 'Edna', '1941-05-17'),
      frank: await person('JOURNEY-CARER-2', 'Frank', '1939-09-02'),
    }
  }

  it('a practitioner links a husband as his wife’s carer, sees he has had no carer’s assessment, then ends the link', async () => {
    const { edna } = await couple()
    const { context, page } = await signedInPage(journey, 'practitioner')
    try {
      await page.goto(`${journey.server.url}/people/${edna.id}`)
      expect(await page.locator('#carers + p').textContent()).toContain(
        'No unpaid carer is linked to Edna Ashworth',
      )
      await page.getByRole('button', { name: 'Link a carer' }).click()
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Link an unpaid carer')
      await expectAccessible(page, 'finding a carer')
      await page
        .getByLabel('The carer’s name, date of birth, NHS number, postcode or council ID')
        .fill('Frank Ashworth')
      await page.getByRole('button', { name: 'Search' }).click()
      await expectAccessible(page, 'carers found')
      await page.getByRole('link', { name: 'Choose Frank Ashworth' }).click()

      await page.getByLabel('Hours caring a week (optional)').fill('sixty')
      await page.getByRole('button', { name: 'Link carer' }).click()
      const summary = await page.locator('.govuk-error-summary').textContent()
      expect(summary).toContain('Choose how the carer is related to the person')
      expect(summary).toContain('Hours caring a week must be a whole number from 0 to 168')
      expect(summary).toContain('Enter the date the caring started')
      await expectAccessible(page, 'linking a carer, with errors')

      await page.getByLabel('Husband, wife or partner').check()
      await page.getByRole('group', { name: 'Do they live together?' }).getByLabel('Yes').check()
      await page.getByLabel('Hours caring a week (optional)').fill('60')
      const started = page.getByRole('group', { name: 'When did the caring start?' })
      await started.getByLabel('Day').fill('1')
      await started.getByLabel('Month').fill('3')
      await started.getByLabel('Year').fill('2023')
      await page.getByRole('button', { name: 'Link carer' }).click()
      await expectNoErrorSummary(page)
      expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain(
        'Carer linked',
      )
      const card = page.locator('.govuk-summary-card', { hasText: 'Frank Ashworth' })
      const cardText = await card.textContent()
      expect(cardText).toContain('60 hours')
      expect(cardText).toContain('None recorded')
      expect(await page.locator('.ascend-person-details').textContent()).toMatch(/Has an unpaid carer\s*Yes/)
      await expectAccessible(page, 'a record with its carer')
      await screenshot(page, 'carer-linked')

      await card.getByRole('link', { name: 'View record of Frank Ashworth' }).click()
      const caring = page.locator('.govuk-summary-card', { hasText: 'Edna Ashworth' })
      expect(await caring.textContent()).toContain('Husband, wife or partner')
      await expectAccessible(page, 'the carer’s record')
      await caring.getByRole('link', { name: 'End link with Edna Ashworth' }).click()
      await page.getByRole('button', { name: 'End the link' }).click()
      expect(await page.locator('.govuk-error-summary').textContent()).toContain(
        'Enter the date the caring ended',
      )
      await expectAccessible(page, 'ending a link, with an error')
      const ended = page.getByRole('group', { name: 'When did the caring end?' })
      await ended.getByLabel('Day').fill('1')
      await ended.getByLabel('Month').fill('3')
      await ended.getByLabel('Year').fill('2022')
      await page.getByRole('button', { name: 'End the link' }).click()
      expect(await page.locator('.govuk-error-summary').textContent()).toContain(
        'Date the caring ended must be on or after the date it started',
      )
      await ended.getByLabel('Year').fill('2026')
      await page.getByRole('button', { name: 'End the link' }).click()
      await expectNoErrorSummary(page)
      expect(await page.locator('main').textContent()).toContain('Cared for in the past')
    } finally {
      await context.close()
    }
  })
})
