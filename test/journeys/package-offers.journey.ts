import { describe, expect, it } from 'vitest'
import { fillDate } from './pages/reablement-pages.ts'
import { expectAccessible, expectNoErrorSummary, screenshot } from './support/browser.ts'
import { apiPoster, signedInPage, useJourney } from './support/journey.ts'
import { submittedPlan } from './support/submitted-plan.ts'

describe('package offers', () => {
  const journey = useJourney()

  it('a practitioner offers a waiting package to the demo provider, with an error first; the provider accepts it; the plan shows it arranged', async () => {
    await submittedPlan(journey.server, {
      givenName: 'Olive',
      familyName: 'Kitteridge',
      hours: 6,
      deliveryMechanism: 'commissioned',
      provider: null,
    })
    const addService = await apiPoster(journey.server, 'provider')
    await addService('/api/v1/provider/services', {
      name: 'Home care',
      serviceComponent: 'Home support or domiciliary care',
      areas: ['DM1', 'DM2'],
      ratePence: 2250,
      rateUnit: 'Hourly',
    })

    const practitioner = await signedInPage(journey, 'practitioner')
    try {
      const { page } = practitioner
      await page.getByRole('link', { name: 'Packages waiting for a provider' }).click()
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Packages waiting for a provider',
      )
      await expectAccessible(page, 'packages waiting for a provider')
      const row = page.getByRole('row').filter({ hasText: 'Olive Kitteridge' })
      await row.getByRole('link', { name: /Line 1/ }).click()
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Providers for this plan')
      await expectAccessible(page, 'a plan’s providers, before any offer')

      await page.getByRole('link', { name: 'Offer line 1 to Demoshire Care Partnership' }).click()
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Offer line 1 to Demoshire Care Partnership',
      )
      await fillDate(page, 'When should the care start?', '2020-01-06')
      await page.getByRole('button', { name: 'Send offer' }).click()
      expect(await page.locator('.govuk-error-summary').textContent()).toContain(
        'Start date must be today or in the future',
      )
      await expectAccessible(page, 'an offer to a provider, with an error')
      await fillDate(page, 'When should the care start?', '2031-03-03')
      await page
        .getByLabel('Message for the provider (optional)')
        .fill('Mornings and evenings; key safe by the door.')
      await page.getByRole('button', { name: 'Send offer' }).click()
      await expectNoErrorSummary(page)
      expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain('Offer sent')
      expect(await page.locator('main').textContent()).toContain('Waiting for a reply')
      await expectAccessible(page, 'a plan’s providers, with an offer waiting')
    } finally {
      await practitioner.close()
    }

    const provider = await signedInPage(journey, 'provider')
    try {
      const { page } = provider
      await page.getByRole('link', { name: 'Packages offered to you' }).click()
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Packages offered to you')
      await expectAccessible(page, 'packages offered to a provider')
      await page
        .getByRole('link', { name: /Home support or domiciliary care: 6 a week/ })
        .first()
        .click()
      expect(await page.locator('main').textContent()).toContain(
        'Mornings and evenings; key safe by the door.',
      )
      expect(await page.locator('main').textContent()).not.toContain('Kitteridge')
      await expectAccessible(page, 'a package offered to a provider')
      await page.getByRole('button', { name: 'Accept package' }).click()
      expect(await page.locator('.govuk-error-summary').textContent()).toContain(
        'Enter the date you can start',
      )
      await expectAccessible(page, 'a reply to an offer, with an error')
      await fillDate(page, 'When can you start?', '2031-03-10')
      await page.getByRole('button', { name: 'Accept package' }).click()
      await expectNoErrorSummary(page)
      expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain(
        'You have accepted the package',
      )
      expect(
        await page
          .getByRole('table', { name: 'Packages you have accepted, for plans in effect' })
          .textContent(),
      ).toContain('Olive Kitteridge')
      await expectAccessible(page, 'packages a provider has accepted')
      await screenshot(page, 'provider-packages')
    } finally {
      await provider.close()
    }

    const again = await signedInPage(journey, 'practitioner')
    try {
      const { page } = again
      await page.getByRole('link', { name: 'Packages waiting for a provider' }).click()
      expect(await page.locator('main').textContent()).not.toContain('Olive Kitteridge')
    } finally {
      await again.close()
    }

    const commissioner = await signedInPage(journey, 'commissioner')
    try {
      const { page } = commissioner
      await page.goto(`${journey.server.url}/market/gaps`)
      const declines = page.getByRole('table', {
        name: 'Packages offered in the last twelve months, by kind of service',
      })
      expect(await declines.textContent()).toContain('Home support or domiciliary care')
      await expectAccessible(page, 'where plans need providers, with why providers declined packages')
    } finally {
      await commissioner.close()
    }
  })
})
