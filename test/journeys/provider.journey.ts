import { describe, expect, it } from 'vitest'
import { AccountsPage, OpenAccountPage } from './pages/account-pages.ts'
import { expectAccessible, expectNoErrorSummary, screenshot } from './support/browser.ts'
import { signedInPage, useJourney } from './support/journey.ts'
import { submittedPlan } from './support/submitted-plan.ts'

describe('a provider', () => {
  const journey = useJourney()

  it('finance opens an individual service fund held by the demo provider; its user keeps its listing and reads the fund’s statement', async () => {
    await submittedPlan(journey.server, {
      givenName: 'Iris',
      familyName: 'Murdoch',
      hours: 6,
      deliveryMechanism: 'individual_service_fund',
    })
    const finance = await signedInPage(journey, 'finance')
    try {
      const { page } = finance
      const accounts = new AccountsPage(page)
      await accounts.openFromNavigation()
      await accounts.openAccountFor('Iris Murdoch')
      await page.getByLabel('Provider holding the fund').selectOption({ label: 'Demoshire Care Partnership' })
      await new OpenAccountPage(page).open('Demoshire Care Partnership')
      await page.waitForURL(/\/accounts\/[0-9a-f-]{36}\?done=opened$/)
    } finally {
      await finance.close()
    }

    const provider = await signedInPage(journey, 'provider')
    try {
      const { page } = provider
      expect(await page.locator('main').textContent()).toContain('You keep your organisation’s listing')
      await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Your listing' }).click()
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Demoshire Care Partnership')
      await expectAccessible(page, 'a provider’s own listing')

      await page.getByRole('button', { name: 'Change your details' }).click()
      expect(await page.locator('#status').count()).toBe(0)
      await page.getByLabel('Email (optional)').fill('not an email')
      await page.getByRole('button', { name: 'Save the provider' }).click()
      expect(await page.locator('.govuk-error-summary').textContent()).toContain(
        'Enter an email address like name@example.org',
      )
      await expectAccessible(page, 'a provider changing its details, with an error')
      await page.getByLabel('Email (optional)').fill('office@demoshire-care.example')
      await page.getByRole('button', { name: 'Save the provider' }).click()
      await expectNoErrorSummary(page)
      expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain(
        'Your details are saved',
      )

      await page.getByRole('button', { name: 'Add a service' }).click()
      await page.getByLabel('Name of the service').fill('Sitting service')
      await page.getByLabel('What the service is').selectOption('Home support or domiciliary care')
      await page.getByLabel('Postcode districts it covers').fill('DM1, DM2')
      await page.getByLabel('Rate (optional)').fill('19.50')
      await page.getByLabel('For each').selectOption('Hourly')
      await page.getByRole('button', { name: 'Save the service' }).click()
      await expectNoErrorSummary(page)
      expect(await page.locator('main').textContent()).toContain('Sitting service')

      await page.getByRole('link', { name: 'Statement of Iris Murdoch’s fund' }).click()
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Statement')
      await expectAccessible(page, 'the statement of a fund the provider holds')
      await screenshot(page, 'provider-fund-statement')
    } finally {
      await provider.close()
    }
  })
})
