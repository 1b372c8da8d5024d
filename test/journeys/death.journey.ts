import { describe, expect, it } from 'vitest'
import { DEMO_COUNCIL_CODE } from '../../src/modules/synthetic/demo-council.ts'
import { cldFileWithDeath } from '../support/cld-death-file.ts'
import { PeopleSearchPage } from './pages/people-pages.ts'
import { expectAccessible, screenshot } from './support/browser.ts'
import { apiAs, apiPoster, signedInPage, useJourney } from './support/journey.ts'
import type { JourneyServer } from './support/journey-server.ts'
import { submittedPlan } from './support/submitted-plan.ts'

describe('recording a death', () => {
  const journey = useJourney()

  it('a practitioner finds someone by council ID and records their death; the plan ends and finance is told to recover the money', async () => {
    const { personId, planId } = await submittedPlan(journey.server, {
      givenName: 'Olive',
      familyName: 'Ravensworth',
      hours: 6,
      deliveryMechanism: 'direct_payment',
    })
    const today = new Date().toISOString().slice(0, 10)
    const finance = await apiPoster(journey.server, 'finance')
    const account = await finance('/api/v1/accounts', {
      planId,
      kind: 'direct_payment',
      holder: 'Olive Ravensworth',
      openedOn: today,
    })
    await finance(`/api/v1/accounts/${account.id}/transactions`, {
      kind: 'payment',
      amountPence: 57_600,
      occurredOn: today,
    })

    const { page, close } = await signedInPage(journey, 'practitioner')
    await page.goto(`${journey.server.url}/people/${personId}`)
    const councilId = (await page.locator('.govuk-caption-l').first().textContent())
      ?.replace('Council ID', '')
      .trim()
    expect(councilId).toMatch(/^P\d{7}$/)
    await page.goto(`${journey.server.url}/people`)
    const search = new PeopleSearchPage(page)
    await search.search(String(councilId))
    expect(await search.resultsText()).toContain(`1 person found by council ID ${councilId}`)
    await page.getByRole('link', { name: 'Ravensworth, Olive' }).click()
    await page.waitForURL(/\/people\/[0-9a-f-]{36}$/)
    await expectAccessible(page, 'a person with a plan in effect')

    await page.getByRole('link', { name: 'Record that Olive Ravensworth has died' }).click()
    await page.waitForURL(/\/edit#dateOfDeath$/)
    const death = page.getByRole('group', { name: 'Date of death (if they have died)' })
    expect(await death.textContent()).toContain(
      'Recording it ends their support plan, any reablement, open requests for support and links with unpaid carers on that day',
    )
    const [year, month, day] = today.split('-') as [string, string, string]
    await death.getByLabel('Day').fill(day)
    await death.getByLabel('Month').fill(month)
    await death.getByLabel('Year').fill(year)
    await expectAccessible(page, 'recording a date of death')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.waitForURL(/\/edit$/)
    const check = await page.locator('main').textContent()
    expect(check).toContain('Check before recording their death')
    expect(check).toContain('end their support plan (version 1, a personal budget of £144.00 a week)')
    await expectAccessible(page, 'checking before recording a death')
    await page.getByRole('button', { name: 'Record the death' }).click()
    await page.waitForURL(/saved=died&ended=plan$/)
    const record = await page.locator('main').textContent()
    expect(record).toContain('Date of death recorded. Their support plan ended on that day')
    expect(record).toContain('No support plan is in effect')
    expect(record).not.toContain('Build a support plan')
    await expectAccessible(page, 'a person whose death is recorded')
    await screenshot(page, 'death-recorded')
    await close()

    const financePage = await signedInPage(journey, 'finance')
    await financePage.page.goto(`${journey.server.url}/accounts`)
    const row = financePage.page.getByRole('row', { name: /Olive Ravensworth/ })
    expect(await row.textContent()).toContain('Died')
    await row.getByRole('link').first().click()
    await financePage.page.waitForURL(/\/accounts\/[0-9a-f-]{36}$/)
    expect(await financePage.page.locator('.govuk-warning-text').textContent()).toContain(
      'their support plan has ended: recover the £576.00 held and close the account',
    )
    await expectAccessible(financePage.page, 'an account after its holder’s death')
    await financePage.close()
  })
  it('a death recorded on the wrong person is removed, and their plan is in effect again', async () => {
    const { personId } = await submittedPlan(journey.server, {
      givenName: 'Mabel',
      familyName: 'Thornaby',
      hours: 5,
      deliveryMechanism: 'direct_payment',
    })
    const [year, month, day] = new Date().toISOString().slice(0, 10).split('-') as [string, string, string]
    const { page, close } = await signedInPage(journey, 'practitioner')
    const fillDeath = async (values: [string, string, string]) => {
      const death = page.getByRole('group', { name: 'Date of death (if they have died)' })
      await death.getByLabel('Day').fill(values[0])
      await death.getByLabel('Month').fill(values[1])
      await death.getByLabel('Year').fill(values[2])
      await page.getByRole('button', { name: 'Save changes' }).click()
      await page.waitForURL(/\/edit$/)
    }
    await page.goto(`${journey.server.url}/people/${personId}/edit`)
    await fillDeath([day, month, year])
    await page.getByRole('button', { name: 'Record the death' }).click()
    await page.waitForURL(/saved=died&ended=plan$/)

    await page.getByRole('link', { name: 'Change date of death' }).click()
    await page.waitForURL(/\/edit#dateOfDeath$/)
    expect(await page.locator('main').textContent()).toContain('Clear it only if it was recorded in error')
    await expectAccessible(page, 'changing a recorded date of death')
    await fillDeath(['', '', ''])
    const check = await page.locator('main').textContent()
    expect(check).toContain('Check before removing their date of death')
    expect(check).toContain(
      'support plan (version 1, a personal budget of £120.00 a week) will be in effect again',
    )
    await expectAccessible(page, 'checking before removing a date of death')
    await screenshot(page, 'death-remove-check')
    await page.getByRole('button', { name: 'Remove the date of death' }).click()
    await page.waitForURL(/saved=death-removed&restored=plan$/)
    const record = await page.locator('main').textContent()
    expect(record).toContain(
      'Date of death removed. What recording it ended is back as it was: their support plan',
    )
    expect(record).not.toContain('No support plan is in effect')
    await expectAccessible(page, 'a person whose date of death was removed')
    await screenshot(page, 'death-removed')
    await close()
  })

  it('a death a CLD import brought is found from the home page, checked, and what it ends is ended', async () => {
    const { personId } = await submittedPlan(journey.server, {
      givenName: 'Ida',
      familyName: 'Wetherby',
      hours: 4,
      deliveryMechanism: 'direct_payment',
    })
    const person = (await (
      await apiAs(journey.server, 'practitioner')
    )(`/api/v1/people/${personId}`)) as {
      laPersonId: string
    }
    const diedOn = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10)
    await importDeath(journey.server, person.laPersonId, diedOn)

    const { page, close } = await signedInPage(journey, 'practitioner')
    await page.goto(journey.server.url)
    await page.getByRole('link', { name: 'People who died with support still open' }).click()
    await page.waitForURL(/\/people\/died-with-support-open$/)
    await expectAccessible(page, 'people who died with support still open')
    const row = page.getByRole('row', { name: /Ida Wetherby/ })
    expect(await row.textContent()).toContain('Support plan in effect')
    await row.getByRole('link', { name: 'Check and end what Ida Wetherby’s death ends' }).click()
    await page.waitForURL(/\/end-at-death$/)
    const check = await page.locator('main').textContent()
    expect(check).toContain('Check before ending what their death ends')
    expect(check).toContain('end their support plan (version 1, a personal budget of £96.00 a week)')
    await expectAccessible(page, 'checking before ending what an imported death ends')
    await screenshot(page, 'death-imported-check')
    await page.getByRole('button', { name: 'End them on the day they died' }).click()
    await page.waitForURL(/saved=ended-at-death&ended=plan$/)
    const record = await page.locator('main').textContent()
    expect(record).toContain('Their support plan ended on the day they died')
    expect(record).toContain('No support plan is in effect')
    await expectAccessible(page, 'a person after what their imported death ends was ended')
    await close()
  })
})

/** The council's other case system's CLD file, giving the person's death, imported through the API. */
async function importDeath(server: JourneyServer, laPersonId: string, diedOn: string) {
  const api = await apiAs(server, 'analyst')
  const started = await api('/api/v1/cld/imports?fileName=other-system.csv', {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: cldFileWithDeath({ councilCode: DEMO_COUNCIL_CODE, laPersonId, diedOn, periodEndOn: diedOn }),
  })
  for (let attempt = 0; attempt < 600; attempt++) {
    const status = await api(`/api/v1/cld/imports/${started.id}`)
    if (status.status === 'complete' && status.personDetailsApplied) return
    expect(status.status).not.toBe('failed')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('The import did not end')
}
