import { describe, expect, it } from 'vitest'
import { expectAccessible, expectNoErrorSummary, screenshot } from './support/browser.ts'
import { signedInPage, useJourney } from './support/journey.ts'
import { insertPerson } from './support/people.ts'

describe('merging a person recorded twice', () => {
  const journey = useJourney()

  /** Ada, recorded once with her NHS number and once without, each with a request for support. */
  async function adaTwice() {
    const db = journey.server.database.db
    const ada = async (la: string, nhsNumber: string | null) => {
      const person = await insertPerson(journey.server, {
        la_person_id: la,
        given_name: 'Ada',
        family_name: 'Okonkwo',
        date_of_birth: '1944-08-19',
        nhs_number: nhsNumber,
      })
      await db
        .insertInto('support_requests')
        .values({
          council_id: journey.server.councilId,
          person_id: person.id,
          requested_on: '2026-09-01',
          route_of_access: 'Community / Other route',
          what_was_asked: 'Help at home after a fall',
        })
        .execute()
      await db
        .insertInto('cld_events')
        .values({
          council_id: journey.server.councilId,
          person_id: person.id,
          event_type: 'Request',
          event_start_on: '2026-09-01',
          request_route_of_access: 'Community / Other route',
        })
        .execute()
      return person
    }
    return { kept: await ada('JOURNEY-MERGE-1', null), duplicate: await ada('JOURNEY-MERGE-2', '9434765919') }
  }

  it('a team manager finds the duplicate offered, compares the two, confirms and merges; the old record leads to the kept one', async () => {
    const { kept, duplicate } = await adaTwice()
    const { context, page } = await signedInPage(journey, 'team_manager')
    try {
      await page.goto(`${journey.server.url}/people/${kept.id}`)
      await page.getByRole('link', { name: 'Merge a duplicate record' }).click()
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Merge a duplicate record')
      expect(await page.locator('caption').first().textContent()).toContain('Probably the same person')
      await expectAccessible(page, 'finding a duplicate')
      await page.getByRole('link', { name: 'Compare Ada Okonkwo (JOURNEY-MERGE-2)' }).click()
      const main = await page.locator('main').textContent()
      expect(main).toContain('Requests for support')
      expect(main).toContain('NHS number: 943 476 5919')
      await expectAccessible(page, 'comparing two records')

      await page.getByRole('button', { name: 'Merge the records' }).click()
      expect(await page.locator('.govuk-error-summary').textContent()).toContain(
        'Confirm that the two records are the same person',
      )
      await expectAccessible(page, 'comparing two records, with an error')
      await page.getByLabel('I have checked: these two records are the same person').check()
      await screenshot(page, 'merge-compare')
      await page.getByRole('button', { name: 'Merge the records' }).click()
      await expectNoErrorSummary(page)
      expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain(
        'Records merged',
      )
      expect(await page.locator('.ascend-person-details').textContent()).toContain('943 476 5919')
      expect(await page.locator('.moj-timeline__item').count()).toBe(2)
      await expectAccessible(page, 'the record kept')

      await page.goto(`${journey.server.url}/people/${duplicate.id}`)
      expect(page.url()).toContain(`/people/${kept.id}`)
      expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
        'The record you followed was merged into this one',
      )
    } finally {
      await context.close()
    }
  })
})
