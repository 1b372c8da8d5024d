import type { Page } from 'playwright-core'
import { expectAccessible, expectNoErrorSummary } from '../support/browser.ts'

/** Benchmarking: the council's pack, importing peers' packs, the packs held. */
export class BenchmarkingPage {
  constructor(private readonly page: Page) {}

  async importPack(file: string) {
    await this.page.getByLabel('Benchmark pack file').setInputFiles(file)
    await this.page.getByRole('button', { name: 'Import pack' }).click()
    await this.page.waitForLoadState()
  }

  async importPackExpectingSuccess(file: string) {
    await this.importPack(file)
    await expectNoErrorSummary(this.page)
    await this.page.waitForURL(/\/benchmarking\?year=.*&done=(imported|replaced)$/)
    await expectAccessible(this.page, 'benchmarking after an import')
  }

  async errorSummaryText() {
    return (await this.page.locator('.govuk-error-summary').textContent()) ?? ''
  }

  async packsText() {
    return (await this.page.getByRole('table', { name: 'Packs you have imported' }).textContent()) ?? ''
  }

  async openPeerGroup() {
    await this.page.getByRole('link', { name: 'Choose your peer group' }).click()
    await this.page.waitForURL(/\/benchmarking\/peer-group$/)
    await expectAccessible(this.page, 'choose your peer group')
  }

  async openMeasure(title: string) {
    await this.page.getByRole('link', { name: title, exact: true }).click()
    await this.page.waitForURL(/\/benchmarking\/measures\//)
    await expectAccessible(this.page, `compare ${title}`)
  }
}

/** The council's own context figures. */
export class ContextPage {
  constructor(private readonly page: Page) {}

  async save(figures: { deprivationScore: string; ruralPercent: string }) {
    await this.page.getByLabel('Average deprivation score').fill(figures.deprivationScore)
    await this.page.getByLabel('Population living in rural areas').fill(figures.ruralPercent)
    await this.page.getByRole('button', { name: 'Save context figures' }).click()
    await expectNoErrorSummary(this.page)
    await this.page.waitForURL(/\?done=context$/)
    await expectAccessible(this.page, 'context figures saved')
  }
}

/** Choosing the peer group by nearest neighbours or by hand. */
export class PeerGroupPage {
  constructor(private readonly page: Page) {}

  async useNearestNeighbours(options: { figures: string[]; howMany: number; year: string }) {
    const group = this.page.getByRole('group', { name: 'Context figures to compare on' })
    for (const box of await group.getByRole('checkbox').all()) await box.uncheck()
    for (const figure of options.figures) await group.getByLabel(figure).check()
    await this.page.getByLabel('How many neighbours').fill(String(options.howMany))
    await this.page.getByLabel('Year of the packs').selectOption(options.year)
    await this.page.getByRole('button', { name: 'Use nearest neighbours' }).click()
    await expectNoErrorSummary(this.page)
    await this.page.waitForURL(/\?done=peer-group$/)
    await expectAccessible(this.page, 'the peer group chosen')
  }

  async neighboursText() {
    return (await this.page.getByRole('table', { name: /^Nearest neighbours in/ }).textContent()) ?? ''
  }
}

/** One measure compared across the peer group: the chart and its table. */
export class MeasureComparisonPage {
  constructor(private readonly page: Page) {}

  async chartTitle() {
    return (await this.page.locator('svg[role="img"] title').first().textContent()) ?? ''
  }

  async tableRows() {
    const rows = this.page.getByRole('table', { name: 'The figures in the chart' }).locator('tbody tr')
    return rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '')),
    )
  }
}
