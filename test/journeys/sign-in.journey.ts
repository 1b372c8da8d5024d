import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, demoEmail } from '../../src/modules/synthetic/demo-council.ts'
import { SignInPage } from './pages/sign-in-page.ts'
import { expectAccessible, newPage } from './support/browser.ts'
import { useJourney } from './support/journey.ts'

describe('signing in', () => {
  const journey = useJourney()

  it('shows an error summary for a wrong password, then signs in and shows the synthetic-data banner', async () => {
    const { context, page } = await newPage(journey.browser)
    const signIn = new SignInPage(page)
    await signIn.open(journey.server.url)
    await signIn.signIn(demoEmail('admin'), 'wrong password')
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('The email address or password is not right')
    await expectAccessible(page, 'sign in with an error')
    await signIn.signIn(demoEmail('admin'), DEMO_PASSWORD)
    await page.waitForURL(`${journey.server.url}/`)
    expect(await page.textContent('body')).toContain('Synthetic data')
    await expectAccessible(page, 'home')
    await page.getByRole('link', { name: 'Audit log' }).first().click()
    await page.waitForURL(/\/audit/)
    expect(await page.locator('h1').textContent()).toBe('Audit log')
    await expectAccessible(page, 'audit log')
    await context.close()
  })
})
