import { describe, expect, it } from 'vitest'
import { SignInPage } from './pages/sign-in-page.ts'
import { expectAccessible, expectNoErrorSummary, newPage, screenshot } from './support/browser.ts'
import { signedInPage, useJourney } from './support/journey.ts'

describe('an administrator’s users', () => {
  const journey = useJourney()

  it('an administrator adds a practitioner, who sets a password from the link and signs in; then is deactivated', async () => {
    const admin = await signedInPage(journey, 'admin')
    let link = ''
    try {
      const { page } = admin
      await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Users' }).click()
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Users')
      await expectAccessible(page, 'users')
      await page.getByRole('button', { name: 'Add a user' }).click()
      await page.getByLabel('Name', { exact: true }).fill('Mary Seacole')
      await page.getByLabel('Email address').fill('mary.seacole')
      await page.getByLabel('Practitioner').check()
      await page.getByRole('button', { name: 'Add user' }).click()
      const summary = await page.locator('.govuk-error-summary').textContent()
      expect(summary).toContain('Enter an email address like name@council.gov.uk')
      expect(summary).toContain('Choose the team: a practitioner works in one')
      await expectAccessible(page, 'adding a user, with errors')

      await page.getByLabel('Email address').fill('mary.seacole@demo.ascend.test')
      await page.getByLabel('Team', { exact: true }).selectOption({ index: 1 })
      await page.getByRole('button', { name: 'Add user' }).click()
      await expectNoErrorSummary(page)
      expect(await page.locator('.govuk-panel').textContent()).toContain('Mary Seacole has been added')
      link = await page.getByLabel('The link').inputValue()
      expect(link).toMatch(/\/set-password\?link=[A-Za-z0-9_-]{43}$/)
      await expectAccessible(page, 'the password link')
      await screenshot(page, 'user-added')
    } finally {
      await admin.close()
    }

    // Mary opens the link, signed out, in a browser of her own.
    const { context, page } = await newPage(journey.browser)
    try {
      await page.goto(link)
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Set your password')
      await expectAccessible(page, 'setting a password')
      await page.getByLabel('New password').fill('too short')
      await page.getByLabel('Type the password again').fill('too short')
      await page.getByRole('button', { name: 'Set password' }).click()
      expect(await page.locator('.govuk-error-summary').textContent()).toContain(
        'The password must be at least 10 characters',
      )
      await expectAccessible(page, 'setting a password, with an error')
      await page.getByLabel('New password').fill('lamp river biscuit')
      await page.getByLabel('Type the password again').fill('lamp river biscuit')
      await page.getByRole('button', { name: 'Set password' }).click()
      await page.waitForURL(/\/sign-in\?done=password-set/)
      expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Your password is set')
      const signIn = new SignInPage(page)
      await signIn.signIn('mary.seacole@demo.ascend.test', 'lamp river biscuit')
      await page.waitForURL(`${journey.server.url}/`)
      expect(await page.locator('main').textContent()).toContain('Mary Seacole')
      await page.goto(link)
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This link does not work')
      await expectAccessible(page, 'a used link')
    } finally {
      await context.close()
    }

    const again = await signedInPage(journey, 'admin')
    try {
      const { page } = again
      await page.goto(`${journey.server.url}/admin/users`)
      await page.getByRole('link', { name: 'Mary Seacole' }).click()
      await expectAccessible(page, 'a user')
      await page.getByRole('button', { name: 'Deactivate' }).click()
      expect(await page.locator('.govuk-notification-banner').textContent()).toContain('User deactivated')
      expect(await page.locator('main').textContent()).toContain('Deactivated: cannot sign in')
    } finally {
      await again.close()
    }
  })
})
