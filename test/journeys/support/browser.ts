import fs from 'node:fs'
import { AxeBuilder } from '@axe-core/playwright'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { expect } from 'vitest'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Debian's Chromium, headless, with no calls home (this machine has no network). */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM}: apt-get install -y chromium`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  })
}

/** A page in its own context (axe needs a context made by newContext). */
export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext()
  const page = await context.newPage()
  return { context, page }
}

/** Pages the journey has checked, so each is scanned once per journey. */
const scanned = new Set<string>()

/**
 * Runs axe (WCAG 2.1 A and AA) on the current page and fails on any serious
 * or critical violation, naming the rule and the elements.
 */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  scanned.add(label)
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  const described = serious.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
  expect(described, `accessibility of ${label}`).toEqual([])
}

/** Saves a screenshot under test-results/ for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync('test-results', { recursive: true })
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: true })
}

/** After a submit that should succeed: fails with the page's error summary, if it shows one. */
export async function expectNoErrorSummary(page: Page): Promise<void> {
  await page.waitForLoadState()
  const summary = page.locator('.govuk-error-summary')
  if (await summary.count()) expect(await summary.textContent(), `errors on ${page.url()}`).toBe('')
}
