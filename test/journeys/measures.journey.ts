import { describe, expect, it } from 'vitest'
import { insertPerson } from '../support/fixtures.ts'
import { CouncilMeasureForm, MeasurePage, MeasuresPage, PopulationPage } from './pages/measures-pages.ts'
import { expectAccessible, expectNoErrorSummary, screenshot } from './support/browser.ts'
import { signedInPage, useJourney } from './support/journey.ts'

describe('an analyst reads the measures and what they mean', () => {
  const journey = useJourney()

  it('reads the measures for a year, a measure’s definition, sets the population and adds a measure of the council’s own', async () => {
    const { context, page } = await signedInPage(journey, 'analyst')

    await page.getByRole('link', { name: 'Measures' }).first().click()
    await page.waitForURL(/\/measures/)
    const measures = new MeasuresPage(page)
    await expectAccessible(page, 'measures')
    await measures.chooseYear('2024-25')
    await page.waitForURL(/year=2024-25/)
    expect(await measures.heading()).toBe('Measures for 2024-25')
    expect(await measures.rowText('ASCOF-2A')).toContain('Short-term support')
    await screenshot(page, 'measures')

    // A measure's page says how it is worked out.
    await measures.openMeasure('ASCOF-2A')
    await page.waitForURL(/\/measures\/ASCOF-2A/)
    const measure = new MeasurePage(page)
    expect(await measure.heading()).toContain('no further request for ongoing support')
    expect((await measure.definitionText()).join(' ')).toContain('are one episode')
    expect(await measure.tableText('Rolling years to each quarter end of 2024-25')).toContain(
      '12 months to 30 June 2024',
    )
    await expectAccessible(page, 'a measure')
    await screenshot(page, 'measure-ascof-2a')

    // The admission rates need the population; the measure says so until it is set.
    await page.goto(`${journey.server.url}/measures/ASCOF-2C?year=2024-25`)
    expect(await page.textContent('body')).toContain('has not been set')
    await page.goto(`${journey.server.url}/measures/population`)
    await expectAccessible(page, 'population')
    const population = new PopulationPage(page)
    await population.setPopulation('2024', 'lots', '')
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Enter the population aged 18 to 64 as a whole number',
    )
    await expectAccessible(page, 'population with errors')
    await population.setPopulation('2024', '350,000', '120,000')
    await expectNoErrorSummary(page)
    expect(await page.getByRole('table', { name: 'Populations set' }).textContent()).toContain('350,000')
    await page.goto(`${journey.server.url}/measures/ASCOF-2C?year=2024-25`)
    expect(await page.textContent('body')).toContain('Per 100,000 of the ONS mid-2024 population')

    // A measure of the council's own, from ASCEND's counts.
    await page.goto(`${journey.server.url}/measures/local/new`)
    await expectAccessible(page, 'add a measure')
    const form = new CouncilMeasureForm(page)
    await form.fill({
      code: 'CARERS-PER-LTS',
      title: 'Carers supported for each person in long-term support',
      definition: 'Unpaid carers supported in the year over people in long-term support in the year.',
      numerator: 'Unpaid carers with carer support at any time in the period',
      denominator: 'People in long-term support at any time in the period',
      unit: 'Ratio (numerator ÷ denominator)',
    })
    await form.save()
    await page.waitForURL(/\/measures\/CARERS-PER-LTS/)
    expect(await page.textContent('body')).toContain('Measure added.')
    await expectAccessible(page, 'a council measure')
    await context.close()
  })
})

describe('an analyst at a large council waits for figures worked out afresh', () => {
  // Every council counts as large here, so figures not yet worked out for its data are worked out in the background.
  const journey = useJourney({ measuresInBackgroundOver: 0 })

  it('is told the figures are being worked out, and sees them once they are', async () => {
    const { database, councilId } = journey.server
    const person = await insertPerson(database, councilId, { date_of_birth: '1944-02-01' })
    await database.db
      .insertInto('cld_events')
      .values({
        council_id: councilId,
        person_id: person.id,
        event_type: 'Service',
        event_start_on: '2024-06-01',
        service_type: 'Long term support: Residential care',
        service_component: 'Long term residential care',
      })
      .execute()
    const { context, page } = await signedInPage(journey, 'analyst')
    // Until the page has been read and checked, its script is told the figures are not ready yet (they soon are).
    const readiness = '**/measures/ready.json*'
    await page.route(readiness, (route) => route.fulfill({ json: { ready: false } }))
    await page.goto(`${journey.server.url}/measures?year=2024-25`)
    const measures = new MeasuresPage(page)
    expect(await measures.heading()).toBe('Your figures are being worked out')
    expect(await page.getByRole('status').textContent()).toContain('2024-25 are being worked out')
    await expectAccessible(page, 'measures being worked out')
    await screenshot(page, 'measures-being-worked-out')
    await page.unroute(readiness)
    // The page asks every few seconds, and shows itself again when they are ready.
    await page.waitForFunction(
      () => document.querySelector('h1')?.textContent === 'Measures for 2024-25',
      null,
      {
        timeout: 60_000,
      },
    )
    expect(await measures.rowText('ASCOF-2A')).toContain('Short-term support')
    await context.close()
  }, 90_000)
})
