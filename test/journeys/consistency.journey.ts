import { describe, expect, it } from 'vitest'
import { expectAccessible, screenshot } from './support/browser.ts'
import { apiPoster, signedInPage, useJourney } from './support/journey.ts'

describe('practice consistency', () => {
  const journey = useJourney()

  /** A person with a plan of `hours` of home care a week at £24, submitted by the demo practitioner. */
  async function submittedPlan(familyName: string, hours: number) {
    const call = await apiPoster(journey.server, 'practitioner')
    const person = await call('/api/v1/people', {
      givenName: 'Iris',
      familyName,
      dateOfBirth: '1948-02-11',
      gender: 'Female',
      confirmNotDuplicate: true,
    })
    const assessment = await call(`/api/v1/people/${person.id}/assessments`, {
      kind: 'needs',
      format: 'light',
      impairmentOrIllness: true,
      wellbeingSignificantlyAffected: true,
      outcomes: { nutrition: ['needs_assistance'], personal_hygiene: ['needs_assistance'] },
    })
    await call(`/api/v1/assessments/${assessment.id}/decision`, { confirm: true })
    const plan = await call(`/api/v1/people/${person.id}/plans`, {
      assessmentId: assessment.id,
      lines: [
        {
          serviceType: 'Long term support: Community',
          serviceComponent: 'Home support or domiciliary care',
          deliveryMechanism: 'commissioned',
          unitCostPence: 2400,
          unitsPerWeek: hours,
          costUnit: 'Hourly',
          provider: 'Caring Hands Ltd',
        },
      ],
    })
    await call(`/api/v1/plans/${plan.id}/funding-requests`, {})
  }

  it('a team manager compares their practitioners’ plans with need, then the teams', async () => {
    await submittedPlan('Marsh', 6)
    await submittedPlan('Fenwick', 8)
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
})
