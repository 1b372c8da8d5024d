import type { Page } from 'playwright-core'
import { expectAccessible } from '../support/browser.ts'

export interface PersonDetails {
  givenName: string
  familyName: string
  dateOfBirth: { day: string; month: string; year: string }
  nhsNumber?: string
  postcode?: string
}

/** Find a person: the search before anyone is added. */
export class PeopleSearchPage {
  constructor(private readonly page: Page) {}

  async search(query: string) {
    await this.page.getByLabel('Name, date of birth, NHS number, postcode or council ID').fill(query)
    await this.page.getByRole('button', { name: 'Search' }).click()
    await this.page.waitForURL(/\/people\?q=/)
    await expectAccessible(this.page, 'search results')
  }

  resultsText() {
    return this.page.locator('main').textContent()
  }

  async addPerson() {
    await this.page.getByRole('link', { name: 'Add a person' }).first().click()
    await this.page.waitForURL(/\/people\/new/)
    await expectAccessible(this.page, 'add a person')
  }
}

/** Add a person (and the duplicate warning it can show). */
export class PersonFormPage {
  constructor(private readonly page: Page) {}

  async fill(person: PersonDetails) {
    const page = this.page
    await page.getByLabel('Given name').fill(person.givenName)
    await page.getByLabel('Family name').fill(person.familyName)
    const dob = page.getByRole('group', { name: 'Date of birth' })
    await dob.getByLabel('Day').fill(person.dateOfBirth.day)
    await dob.getByLabel('Month').fill(person.dateOfBirth.month)
    await dob.getByLabel('Year').fill(person.dateOfBirth.year)
    if (person.nhsNumber) await page.getByLabel('NHS number (optional)').fill(person.nhsNumber)
    if (person.postcode) await page.getByLabel('Postcode (optional)').fill(person.postcode)
  }

  async submit() {
    await this.page.getByRole('button', { name: 'Add person' }).click()
    await this.page.waitForLoadState()
  }

  async confirmDifferentPerson() {
    await this.page.getByRole('group', { name: 'Is this a different person?' }).getByRole('checkbox').check()
  }
}

/** A person's record: details, timeline and what to do next. */
export class PersonPage {
  constructor(private readonly page: Page) {}

  heading() {
    return this.page.locator('h1').textContent()
  }

  timelineText() {
    return this.page.locator('.moj-timeline').textContent()
  }

  async recordRequest() {
    await this.page.getByRole('button', { name: 'Record a request for support' }).click()
    await this.page.waitForURL(/\/requests\/new/)
    await expectAccessible(this.page, 'record a request')
  }

  async startAssessment() {
    await this.page.getByRole('button', { name: 'Start an assessment' }).click()
    await this.page.waitForURL(/\/assessments\/new/)
    await expectAccessible(this.page, 'choose the kind of assessment')
  }
}
