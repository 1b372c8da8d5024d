import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, demoEmail } from '../../src/modules/synthetic/demo-council.ts'
import { SignInPage } from './pages/sign-in-page.ts'
import { expectAccessible, launchBrowser, newPage } from './support/browser.ts'
import { type JourneyServer, startJourneyServer } from './support/journey-server.ts'

describe('signing in', () => {
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

  it('shows an error summary for a wrong password, then signs in and shows the synthetic-data banner', async () => {
    const { context, page } = await newPage(browser)
    const signIn = new SignInPage(page)
    await signIn.open(server.url)
    await signIn.signIn(demoEmail('admin'), 'wrong password')
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The email address or password is not right')
    await expectAccessible(page, 'sign in with an error')
    await signIn.signIn(demoEmail('admin'), DEMO_PASSWORD)
    await page.waitForURL(`${server.url}/`)
    expect(await page.textContent('body')).toContain('Synthetic data')
    await expectAccessible(page, 'home')
    await page.getByRole('link', { name: 'Audit log' }).first().click()
    await page.waitForURL(/\/audit/)
    expect(await page.locator('h1').textContent()).toBe('Audit log')
    await expectAccessible(page, 'audit log')
    await context.close()
  })
})
