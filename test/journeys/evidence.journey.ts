import { describe, expect, it } from 'vitest'
import { expectAccessible, screenshot } from './support/browser.ts'
import { signedInPage, useJourney } from './support/journey.ts'
import { submittedPlan } from './support/submitted-plan.ts'

describe('evidence: practice consistency and the scheme of delegation replayed', () => {
  const journey = useJourney()

  it('a team manager compares their practitioners’ plans with need, then the teams', async () => {
    await submittedPlan(journey.server, {
      givenName: 'Iris',
      familyName: 'Marsh',
      hours: 6,
      deliveryMechanism: 'commissioned',
    })
    await submittedPlan(journey.server, {
      givenName: 'Iris',
      familyName: 'Fenwick',
      hours: 8,
      deliveryMechanism: 'commissioned',
    })
    const { page, close } = await signedInPage(journey, 'team_manager')
    try {
      await page.getByRole('link', { name: 'Practice consistency' }).click()
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Practice consistency')
      const main = page.locator('main')
      expect(await main.textContent()).toContain('against the whole council’s figures')
      const practitioners = page.getByRole('table', { name: 'Plan cost as a share of the indicative budget' })
      // The header row and the demo practitioner's: the team manager sees their own team's practitioners.
      expect(await practitioners.getByRole('row').count()).toBe(2)
      expect(await practitioners.textContent()).toContain('Demo practitioner')
      expect(
        await page.getByRole('img', { name: /Plan cost as a share of the indicative budget/ }).isVisible(),
      ).toBe(true)
      await expectAccessible(page, 'practice consistency by practitioner')

      await page.getByLabel('Teams').check()
      await page.getByRole('button', { name: 'Show' }).click()
      await page.waitForURL(/by=team/)
      const teams = page.getByRole('table', { name: 'Plan cost as a share of the indicative budget' })
      expect(await teams.getByRole('columnheader').first().textContent()).toBe('Team')
      expect(await teams.textContent()).not.toContain('Demo practitioner')
      await expectAccessible(page, 'practice consistency by team')
      await screenshot(page, 'practice-consistency-teams')

      await page.goto(`${journey.server.url}/evidence/consistency?year=last-year`)
      expect(await page.locator('.govuk-error-summary').textContent()).toContain(
        'Choose a financial year from the list',
      )
      await expectAccessible(page, 'practice consistency, with an error')
    } finally {
      await close()
    }
  })
  it('a head of service replays the year under a scheme that delegates more', async () => {
    await submittedPlan(journey.server, {
      givenName: 'Iris',
      familyName: 'Hale',
      hours: 7,
      deliveryMechanism: 'commissioned',
    })
    const { page, close } = await signedInPage(journey, 'head_of_service')
    try {
      await page.getByRole('link', { name: 'Cost of deciding' }).click()
      await page.getByRole('link', { name: 'Try another scheme of delegation on these requests' }).click()
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Try another scheme of delegation',
      )
      await expectAccessible(page, 'trying another scheme')

      // A rule without who decides: the error summary, and the rules kept as given.
      await page.getByRole('button', { name: 'Add a rule' }).click()
      const rules = await page.locator('select[name$=".level"]').count()
      await page.getByRole('button', { name: 'Replay the requests' }).click()
      expect(await page.locator('.govuk-error-summary').textContent()).toContain('Rule')
      expect(await page.locator('select[name$=".level"]').count()).toBe(rules)
      await expectAccessible(page, 'trying another scheme, with an error')

      await page.getByRole('button', { name: `Remove rule ${rules}` }).click()
      // The team manager's rule (rule 5): from £15,000 a year to £25,000.
      await page.getByLabel('Or when the annual cost is above').nth(4).fill('25000')
      await page.getByRole('button', { name: 'Replay the requests' }).click()
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'What this scheme would have done',
      )
      expect(await page.getByRole('table', { name: 'As decided and under this scheme' }).isVisible()).toBe(
        true,
      )
      await expectAccessible(page, 'the replay')
      await screenshot(page, 'scheme-replayed')
    } finally {
      await close()
    }
  })
})
