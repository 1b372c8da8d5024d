import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import type { AppServices } from '../../../src/app/services.ts'
import type { Role } from '../../../src/modules/identity/roles.ts'
import { DEMO_PASSWORD, demoEmail } from '../../../src/modules/synthetic/demo-council.ts'
import { SignInPage } from '../pages/sign-in-page.ts'
import { launchBrowser, newPage } from './browser.ts'
import { type JourneyServer, startJourneyServer } from './journey-server.ts'

/** The server and the browser a journey drives, there once its beforeAll has run. */
export interface Journey {
  server: JourneyServer
  browser: Browser
}

/**
 * Starts the service and Chromium before the describe block's tests and
 * stops both after them; `services` are settings of the service's own.
 *
 * @example
 * const journey = useJourney()
 * it('…', async () => { await page.goto(`${journey.server.url}/people`) })
 */
export function useJourney(
  services: Partial<Pick<AppServices, 'measuresInBackgroundOver' | 'returnCheckWaitMs'>> = {},
): Journey {
  const journey = {} as Journey
  beforeAll(async () => {
    journey.server = await startJourneyServer(services)
    journey.browser = await launchBrowser()
  })
  afterAll(async () => {
    await journey.browser?.close()
    await journey.server?.close()
  })
  return journey
}

/**
 * A page in its own context, signed in as the demo council's user with that
 * role through the sign-in page (which axe checks), left on the home page.
 *
 * @example
 * const { page, close } = await signedInPage(journey, 'practitioner')
 */
export async function signedInPage(
  journey: Journey,
  role: Role,
): Promise<{ context: BrowserContext; page: Page; close: () => Promise<void> }> {
  const { context, page } = await newPage(journey.browser)
  const signIn = new SignInPage(page)
  await signIn.open(journey.server.url)
  await signIn.signIn(demoEmail(role), DEMO_PASSWORD)
  await page.waitForURL(`${journey.server.url}/`)
  return { context, page, close: () => context.close() }
}

/**
 * Posts JSON to the API as the demo council's user with that role, failing
 * the journey on an error answer; for setting up records a journey starts from.
 *
 * @example
 * const post = await apiPoster(journey.server, 'practitioner')
 * const person = await post('/api/v1/people', { givenName: 'Ada', … })
 */
export async function apiPoster(
  server: JourneyServer,
  role: Role,
): Promise<(path: string, body: unknown) => Promise<{ id: string }>> {
  const call = await apiAs(server, role)
  return async (path, body) =>
    (await call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })) as { id: string }
}

/**
 * A demo user's API, signed in once: each call's JSON, failing the journey on
 * an error answer.
 *
 * @example
 * const api = await apiAs(journey.server, 'analyst')
 * const status = await api(`/api/v1/cld/imports/${id}`)
 */
export async function apiAs(
  server: JourneyServer,
  role: Role,
): Promise<(path: string, init?: RequestInit) => Promise<Record<string, unknown>>> {
  const session = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: demoEmail(role), password: DEMO_PASSWORD }),
  })
  const { token } = (await session.json()) as { token: string }
  return async (path, init = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      ...init,
      headers: { ...init.headers, authorization: `Bearer ${token}` },
    })
    expect(response.status, await response.clone().text()).toBeLessThan(300)
    return (await response.json()) as Record<string, unknown>
  }
}
