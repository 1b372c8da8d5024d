import type { Page } from 'playwright-core'

/** The measures list for a financial year. */
export class MeasuresPage {
  constructor(private readonly page: Page) {}

  async chooseYear(year: string) {
    await this.page.getByLabel('Financial year').selectOption(year)
    await this.page.getByRole('button', { name: 'Show measures' }).click()
  }

  heading() {
    return this.page.locator('h1').textContent()
  }

  /** The row of a measure in its table, as text. */
  rowText(code: string) {
    return this.page
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name: code, exact: true }) })
      .textContent()
  }

  async openMeasure(code: string) {
    await this.page.getByRole('link', { name: code, exact: true }).click()
  }
}

/** A measure's own page: its figures and its definition. */
export class MeasurePage {
  constructor(private readonly page: Page) {}

  heading() {
    return this.page.locator('h1').textContent()
  }

  definitionText() {
    return this.page.locator('h2:has-text("How it is defined") ~ p').allTextContents()
  }

  tableText(caption: string) {
    return this.page.getByRole('table', { name: caption }).textContent()
  }
}

/** The population page and its form. */
export class PopulationPage {
  constructor(private readonly page: Page) {}

  async setPopulation(year: string, aged18To64: string, aged65Plus: string) {
    await this.page.getByLabel('Mid-year').fill(year)
    await this.page.getByLabel('Population aged 18 to 64').fill(aged18To64)
    await this.page.getByLabel('Population aged 65 and over').fill(aged65Plus)
    await this.page.getByRole('button', { name: 'Save population' }).click()
  }
}

/** The form for a measure of the council's own. */
export class CouncilMeasureForm {
  constructor(private readonly page: Page) {}

  async fill(measure: {
    code: string
    title: string
    definition: string
    numerator: string
    denominator: string
    unit: string
  }) {
    await this.page.getByLabel('Code').fill(measure.code)
    await this.page.getByLabel('Title').fill(measure.title)
    await this.page.getByLabel('Definition').fill(measure.definition)
    await this.page.getByLabel('Numerator: what it counts').selectOption({ label: measure.numerator })
    await this.page.getByLabel('Denominator: what it counts').selectOption({ label: measure.denominator })
    await this.page.getByLabel(measure.unit).check()
  }

  async save() {
    await this.page.getByRole('button', { name: 'Save measure' }).click()
  }
}
