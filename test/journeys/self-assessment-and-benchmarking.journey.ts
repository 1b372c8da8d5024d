import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { latestCompleteYear } from '../../src/modules/benchmarking/council-measures.ts'
import { buildPack } from '../../src/modules/benchmarking/pack-builder.ts'
import { financialYearOf } from '../../src/modules/measures/periods.ts'
import { DEMO_PASSWORD, demoEmail } from '../../src/modules/synthetic/demo-council.ts'
import {
  BenchmarkingPage,
  ContextPage,
  MeasureComparisonPage,
  PeerGroupPage,
} from './pages/benchmarking-pages.ts'
import {
  SelfAssessmentAreaPage,
  SelfAssessmentsPage,
  SelfAssessmentYearPage,
} from './pages/self-assessment-pages.ts'
import { SignInPage } from './pages/sign-in-page.ts'
import { expectAccessible, launchBrowser, newPage, screenshot } from './support/browser.ts'
import { type JourneyServer, startJourneyServer } from './support/journey-server.ts'

const today = new Date().toISOString().slice(0, 10)
const THIS_YEAR = financialYearOf(today)
const EVIDENCE_YEAR = latestCompleteYear(today)

/** A peer council's pack for the evidence year, written where the browser can upload it. */
function writePeerPack(
  dir: string,
  code: string,
  name: string,
  homeCare: [number, number],
  deprivation: number,
  rural: number,
) {
  const pack = buildPack({
    council: { code, name, synthetic: true },
    year: EVIDENCE_YEAR,
    generatedAt: new Date(),
    generator: 'ASCEND journey',
    measures: [
      {
        code: 'HOMECARE-10H',
        title: 'Home care packages of 10 or more hours a week',
        unit: 'percent',
        numerator: homeCare[0],
        denominator: homeCare[1],
        value: (homeCare[0] / homeCare[1]) * 100,
      },
    ],
    entered: { deprivationScore: deprivation, ruralPercent: rural },
  })
  const file = path.join(dir, `${code}-${EVIDENCE_YEAR}.json`)
  fs.writeFileSync(file, JSON.stringify(pack, null, 2))
  return { file, pack }
}

describe('a head of service assesses the council and benchmarks it against its peers', () => {
  let server: JourneyServer
  let browser: Browser
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-journey-packs-'))

  beforeAll(async () => {
    server = await startJourneyServer()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('scores an area with a justification, adds and completes an action, prints the report, imports peers’ packs, picks a peer group and compares a measure', async () => {
    const { context, page } = await newPage(browser)
    const signIn = new SignInPage(page)
    await signIn.open(server.url)
    await signIn.signIn(demoEmail('head_of_service'), DEMO_PASSWORD)
    await page.waitForURL(`${server.url}/`)

    // Self-assessment: start this year's.
    await page.getByRole('link', { name: 'Self-assessment' }).first().click()
    await page.waitForURL(`${server.url}/self-assessment`)
    await expectAccessible(page, 'self-assessments')
    await new SelfAssessmentsPage(page).start(THIS_YEAR)
    const year = new SelfAssessmentYearPage(page)

    // Score recovery, with the descriptors as hints, and justify it.
    await year.openArea('Recovery')
    const area = new SelfAssessmentAreaPage(page)
    expect(await page.getByRole('group', { name: 'Score' }).textContent()).toContain(
      'Reablement starts promptly',
    )
    await area.score('2: Performing well', 'Most people leaving hospital start reablement within two days.')
    expect(await page.locator('main').textContent()).toContain('Score saved.')
    expect(await area.evidenceText()).toContain('No peers’ packs loaded')

    // An action, added and then completed.
    await area.addAction({
      what: 'Agree a joint discharge plan with the hospital trust',
      owner: 'Head of reablement',
      dueOn: `${THIS_YEAR.slice(0, 4)}-12-31`,
    })
    expect(await area.actionsText()).toContain('Not started')
    await area.completeAction('Agree a joint discharge plan with the hospital trust')
    expect(await area.actionsText()).toContain('Complete on')
    await screenshot(page, 'self-assessment-area')

    // The printable report: no navigation, and nothing but the content when printed.
    await page.goto(`${server.url}/self-assessment/${THIS_YEAR}`)
    expect(await year.areaText('Recovery')).toContain(
      'Most people leaving hospital start reablement within two days.',
    )
    await year.openReport()
    expect(await page.locator('.govuk-service-navigation').count()).toBe(0)
    const report = (await page.locator('main').textContent()) ?? ''
    expect(report).toContain(`Adult social care self-assessment ${THIS_YEAR}`)
    expect(report).toContain('Recovery: 2 – Performing well')
    expect(report).toContain('Agree a joint discharge plan with the hospital trust')
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.ascend-no-print').isVisible()).toBe(false)
    await screenshot(page, 'self-assessment-report-printed')
    await page.emulateMedia({ media: 'screen' })

    // Benchmarking: the council's own context figures, then peers' packs.
    await page.goto(`${server.url}/`)
    await page.getByRole('link', { name: 'Benchmarking' }).first().click()
    await page.waitForURL(`${server.url}/benchmarking`)
    await expectAccessible(page, 'benchmarking')
    await page.goto(`${server.url}/benchmarking/context`)
    await expectAccessible(page, 'context figures')
    await new ContextPage(page).save({ deprivationScore: '22.5', ruralPercent: '30' })

    const peers = [
      writePeerPack(dir, 'NEAR1', 'Nearshire Council', [42, 100], 23, 28),
      writePeerPack(dir, 'NEAR2', 'Neighbourton Council', [61, 100], 21, 35),
      writePeerPack(dir, 'FAR1', 'Faraway City Council', [12, 100], 45, 1),
    ]
    await page.goto(`${server.url}/benchmarking?year=${EVIDENCE_YEAR}`)
    const benchmarking = new BenchmarkingPage(page)
    for (const peer of peers) await benchmarking.importPackExpectingSuccess(peer.file)
    const held = await benchmarking.packsText()
    expect(held).toContain('Nearshire Council (NEAR1)')
    expect(held).toContain('Faraway City Council (FAR1)')

    // A pack made to another version of the format is refused, saying what to do.
    const old = { ...(peers[0] as { pack: object }).pack, version: 2 }
    fs.writeFileSync(path.join(dir, 'old.json'), JSON.stringify(old))
    await benchmarking.importPack(path.join(dir, 'old.json'))
    expect(await benchmarking.errorSummaryText()).toContain(
      'This pack is version 2; ASCEND reads version 1 packs. Ask Nearshire Council to export it again as a version 1 pack.',
    )
    await expectAccessible(page, 'a refused pack')

    // The two nearest neighbours on deprivation and rurality.
    await page.goto(`${server.url}/benchmarking?year=${EVIDENCE_YEAR}`)
    await benchmarking.openPeerGroup()
    const peerGroup = new PeerGroupPage(page)
    await peerGroup.useNearestNeighbours({
      figures: ['Average deprivation score (IMD)', 'Population living in rural areas (%)'],
      howMany: 2,
      year: EVIDENCE_YEAR,
    })
    const neighbours = await peerGroup.neighboursText()
    expect(neighbours.indexOf('Nearshire')).toBeLessThan(neighbours.indexOf('Faraway'))
    expect(await page.getByText(/^Your peer group:/).textContent()).toContain(
      'Nearshire Council, Neighbourton Council',
    )
    await screenshot(page, 'peer-group')

    // One measure across the peer group: the chart and the same figures in a table.
    await page.goto(`${server.url}/benchmarking?year=${EVIDENCE_YEAR}`)
    await benchmarking.openMeasure('Home care packages of 10 or more hours a week')
    const comparison = new MeasureComparisonPage(page)
    expect(await comparison.chartTitle()).toContain('Home care packages of 10 or more hours a week')
    const rows = await comparison.tableRows()
    expect(rows.map((r) => r[0])).toEqual(
      expect.arrayContaining(['Neighbourton Council', 'Nearshire Council', 'Demoshire Council (you)']),
    )
    expect(rows.find((r) => r[0] === 'Neighbourton Council')?.[3]).toBe('60.0%')
    expect(rows.some((r) => r[0] === 'Faraway City Council')).toBe(false)
    await screenshot(page, 'measure-compared')

    // The spread between councils, and the peer positions now in the self-assessment.
    await page.getByRole('link', { name: 'See the spread on every measure' }).click()
    await page.waitForURL(/\/benchmarking\/spread/)
    await expectAccessible(page, 'the spread between councils')
    await screenshot(page, 'spread-between-councils')
    await page.goto(`${server.url}/self-assessment/${THIS_YEAR}/areas/long-term-support`)
    await expectAccessible(page, 'an area with peer positions')
    expect(await new SelfAssessmentAreaPage(page).evidenceText()).toContain('peer median 50.0%')
    await context.close()
  })
})
