import { describe, expect, it } from 'vitest'
import { expectAccessible, expectNoErrorSummary, screenshot } from './support/browser.ts'
import { signedInPage, useJourney } from './support/journey.ts'
import { submittedPlan } from './support/submitted-plan.ts'

describe('the market: the directory of providers', () => {
  const journey = useJourney()

  it('a commissioner adds a personal assistant and their service; a practitioner finds them by district', async () => {
    const commissioner = await signedInPage(journey, 'commissioner')
    try {
      const { page } = commissioner
      await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Providers' }).click()
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Providers and services')
      await expectAccessible(page, 'the directory')
      await page.getByRole('button', { name: 'Add a provider' }).click()
      await page.getByRole('button', { name: 'Save the provider' }).click()
      expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter the provider’s name')
      await expectAccessible(page, 'adding a provider, with errors')

      await page.getByLabel('Name', { exact: true }).fill('Rosa Whitfield')
      await page.getByLabel('Personal assistant').check()
      await page.getByLabel('Takes direct payments').check()
      await page.getByRole('button', { name: 'Save the provider' }).click()
      await expectNoErrorSummary(page)
      expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain(
        'Provider added',
      )
      await expectAccessible(page, 'a provider')

      await page.getByRole('button', { name: 'Add a service' }).click()
      await page.getByLabel('Name of the service').fill('Personal assistance')
      await page.getByLabel('What the service is').selectOption('Direct payment')
      await page.getByLabel('Postcode districts it covers').fill('DN4, DN5')
      await page.getByLabel('Rate (optional)').fill('fourteen')
      await page.getByLabel('For each').selectOption('Hourly')
      await page.getByRole('button', { name: 'Save the service' }).click()
      expect(await page.locator('.govuk-error-summary').textContent()).toContain(
        'Enter the rate in pounds, like 24.50',
      )
      await expectAccessible(page, 'adding a service, with an error')
      await page.getByLabel('Rate (optional)').fill('14.75')
      await page.getByRole('button', { name: 'Save the service' }).click()
      await expectNoErrorSummary(page)
      expect(await page.locator('main').textContent()).toContain('£14.75 an hour')

      await page.goto(`${journey.server.url}/market`)
      await page.getByRole('button', { name: 'Where plans need providers' }).click()
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Where plans need providers')
      await expectAccessible(page, 'where plans need providers')
    } finally {
      await commissioner.close()
    }

    const practitioner = await signedInPage(journey, 'practitioner')
    try {
      const { page } = practitioner
      await page.goto(`${journey.server.url}/market`)
      await page.getByLabel('Postcode district or postcode').fill('DN5 7QT')
      await page.getByLabel('How the money is held').selectOption('direct_payment')
      await page.getByRole('button', { name: 'Search' }).click()
      const results = await page.locator('main').textContent()
      expect(results).toContain('Rosa Whitfield')
      expect(results).toContain('Personal assistant')
      await expectAccessible(page, 'the directory searched')
      await screenshot(page, 'market-search')
      // Practitioners read the directory; they do not keep it.
      expect(await page.getByRole('button', { name: 'Add a provider' }).count()).toBe(0)

      // From a plan, the providers that could provide each of its lines.
      const { planId } = await submittedPlan(journey.server, {
        givenName: 'Olive',
        familyName: 'Marsh',
        hours: 10,
        deliveryMechanism: 'direct_payment',
      })
      await page.goto(`${journey.server.url}/plans/${planId}`)
      await page.getByRole('link', { name: 'Providers for this plan' }).click()
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Providers for this plan')
      expect(await page.locator('main').textContent()).toContain('Line 1: Home support or domiciliary care')
      await expectAccessible(page, 'providers for a plan')
      await screenshot(page, 'plan-providers')
    } finally {
      await practitioner.close()
    }
  })
})
