import type { Page } from 'playwright-core'
import { expectAccessible } from '../support/browser.ts'

/** The sign-in screen. */
export class SignInPage {
  constructor(private readonly page: Page) {}

  async open(baseUrl: string) {
    await this.page.goto(`${baseUrl}/sign-in`)
    await expectAccessible(this.page, 'sign in')
  }

  async signIn(email: string, password: string) {
    await this.page.getByLabel('Email address').fill(email)
    await this.page.getByLabel('Password', { exact: true }).fill(password)
    await this.page.getByRole('button', { name: 'Sign in' }).click()
  }
}
