import fs from 'node:fs'
import { PassThrough } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { writeSyntheticCldFile } from '../../src/modules/cld/synthetic-file.ts'
import { DEMO_COUNCIL_CODE } from '../../src/modules/synthetic/demo-council.ts'
import { CldImportPage, CldImportsPage } from './pages/cld-import-pages.ts'
import { expectAccessible, screenshot } from './support/browser.ts'
import { signedInPage, useJourney } from './support/journey.ts'

/** A fixture file, its rows given the demo council's code. */
const fixture = (name: string) =>
  fs
    .readFileSync(fileURLToPath(new URL(`../fixtures/cld/${name}`, import.meta.url)), 'utf8')
    .replace(/^TESTA,/gm, `${DEMO_COUNCIL_CODE},`)

/** A synthetic council's file, large enough to watch it load. */
async function syntheticFile(rows: number): Promise<string> {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (chunk: Buffer) => chunks.push(chunk))
  await writeSyntheticCldFile(out, {
    rows,
    councilCode: DEMO_COUNCIL_CODE,
    seed: 3,
    periodStartOn: '2024-10-01',
    periodEndOn: '2025-09-30',
    invalidShare: 0.01,
  })
  out.end()
  return Buffer.concat(chunks).toString('utf8')
}

describe('an analyst imports the council’s CLD file', () => {
  const journey = useJourney()

  it('uploads a file, follows its progress, then reads the problem report of a malformed one', async () => {
    const { context, page } = await signedInPage(journey, 'analyst')

    await page.getByRole('link', { name: 'CLD returns' }).first().click()
    await page.waitForURL(/\/cld\/imports$/)
    expect(await page.locator('h1').textContent()).toBe('CLD returns')
    await expectAccessible(page, 'CLD returns')
    const imports = new CldImportsPage(page)

    // Without a file: an error summary that says what to do.
    await imports.submitWithoutFile()
    await page.waitForLoadState()
    expect(await imports.errorSummary()).toContain('Select a CLD file')
    await expectAccessible(page, 'CLD returns with an error')

    // A large file: the page follows the import as it loads, then shows its summary.
    await imports.upload({ name: 'demoshire-2025-26-q2.csv', text: await syntheticFile(40_000) })
    await page.waitForURL(/\/cld\/imports\/[0-9a-f-]{36}$/, { timeout: 60_000 })
    const loading = new CldImportPage(page)
    const progress = await loading.progress()
    if (progress) {
      expect(progress).toMatch(/^Loading: \d+% of the file read/)
      await expectAccessible(page, 'a CLD import loading')
      await screenshot(page, 'cld-import-loading')
    }
    await loading.waitUntilFinished()
    expect(await loading.summary('Status')).toContain('Loaded')
    expect(await loading.summary('Rows read')).toContain('40,000')
    await screenshot(page, 'cld-import-loaded')

    // A malformed file: exactly its bad rows, with what happened to each.
    await page.goto(`${journey.server.url}/cld/imports`)
    await imports.upload({ name: 'malformed.csv', text: fixture('malformed.csv') })
    await page.waitForURL(/\/cld\/imports\/[0-9a-f-]{36}$/)
    const report = new CldImportPage(page)
    await report.waitUntilFinished()
    expect(await report.summary('Rows with problems')).toContain('9')
    expect(await report.summary('Rows dropped')).toContain('6')
    const problems = await report.problems()
    expect(problems.map(([line, column]) => `${line} ${column}`)).toEqual([
      '3 Event_Start_Date',
      '4 Date_of_Birth',
      '5 Gender',
      '6 Event_End_Date',
      '7 LA_Person_Unique_Identifier',
      '8 LA_Code',
      '9 Event_Type',
      '10 Service_Component',
      '10 Unit_Cost',
      '13 (row)',
    ])
    expect(problems[3]).toEqual([
      '6',
      'Event_End_Date',
      '2025-11-02',
      'Before the event start date (2025-11-20)',
      'Row dropped',
    ])
    await screenshot(page, 'cld-import-problems')
    const download = await page.request.get(
      `${journey.server.url}${await report.downloadLink().getAttribute('href')}`,
    )
    expect(download.headers()['content-type']).toMatch(/^text\/csv/)
    expect((await download.text()).split('\n')[0]).toBe('line,field,value,problem,action')

    // The list shows both imports.
    await page.getByRole('link', { name: 'CLD returns' }).first().click()
    await page.waitForURL(/\/cld\/imports$/)
    expect(await imports.rowText('malformed.csv')).toContain('Loaded')
    expect(await imports.rowText('demoshire-2025-26-q2.csv')).toContain('Loaded')
    await expectAccessible(page, 'CLD returns with imports')
    await context.close()
  })

  it('makes the quarter’s return from the records: checks it, then downloads the file', async () => {
    const { context, page } = await signedInPage(journey, 'analyst')
    await page.getByRole('link', { name: 'CLD returns' }).first().click()
    await page.waitForURL(/\/cld\/imports$/)
    await page.getByRole('button', { name: 'Make a CLD return' }).click()
    await page.waitForURL(/\/cld\/returns$/)
    await expectAccessible(page, 'make a CLD return')
    // The latest quarter that has ended is chosen already.
    const chosen = await page.getByRole('radio', { checked: true }).getAttribute('value')
    expect(chosen).toMatch(/^\d{4}-\d{2}-Q[1-4]$/)
    await page.getByRole('button', { name: 'Check the return' }).click()
    await page.waitForURL(new RegExp(`/cld/returns/${chosen}$`))
    await expectAccessible(page, 'a CLD return checked')
    expect(await page.locator('h1').textContent()).toBe(String(chosen).replace('-Q', ' Q'))
    const rows = await page.locator('.govuk-summary-list__row', { hasText: 'Rows' }).first().textContent()
    expect(Number(rows?.replace(/\D/g, ''))).toBeGreaterThan(0)
    await screenshot(page, 'cld-return-checked')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the return (CSV)' }).click(),
    ])
    expect(download.suggestedFilename()).toBe(`${DEMO_COUNCIL_CODE}-CLD-${chosen}.csv`)
    const file = fs.readFileSync(String(await download.path()), 'utf8')
    expect(file.split('\n')[0]).toMatch(/^LA_Code,Reporting_Period_Start_Date,/)
    await context.close()
  })
})
