import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe } from 'vitest'
import { buildApp } from '../../src/app/build-app.ts'
import type { AppServices } from '../../src/app/services.ts'
import { readConfig } from '../../src/config.ts'
import type { Database, DatabaseKind } from '../../src/kernel/db/connect.ts'
import { hashPassword } from '../../src/modules/identity/passwords.ts'
import { ROLES, type Role } from '../../src/modules/identity/roles.ts'
import { addCouncil, addTeam, addUser } from '../../src/modules/identity/store.ts'
import { insertNamedProvider } from '../../src/modules/market/store.ts'
import { freshDatabase, testDatabaseKinds } from './databases.ts'

export const TEST_PASSWORD = 'correct horse battery staple'
export type CouncilKey = 'a' | 'b'

export interface TestCouncil {
  id: string
  code: string
  teamId: string
  otherTeamId: string
  /** The directory provider the council's provider user belongs to. */
  providerId: string
  /** User ids by role. */
  users: Record<Role, string>
}

/** What an integration test works with: the app on a fresh database, two councils, a user per role in each. */
export interface TestContext {
  kind: DatabaseKind
  app: FastifyInstance
  database: Database
  councils: Record<CouncilKey, TestCouncil>
  /** Today, as the app sees it. */
  today: string
  /** A JSON API client signed in with a bearer token. */
  api(role: Role, council?: CouncilKey): Promise<ApiClient>
  /** A page client: session cookie plus CSRF token, as a browser would have. */
  browser(role: Role, council?: CouncilKey): Promise<BrowserClient>
  close(): Promise<void>
}

export interface ApiClient {
  get(url: string): Promise<LightMyRequestResponse>
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>
  delete(url: string): Promise<LightMyRequestResponse>
}

export interface BrowserClient {
  get(url: string): Promise<LightMyRequestResponse>
  /** Posts a form; the CSRF token is added unless `_csrf` is given. */
  post(url: string, form: Record<string, string | string[]>): Promise<LightMyRequestResponse>
}

export const TODAY = '2026-06-15'

export const emailFor = (role: Role, council: CouncilKey) => `${role}@${council}.test`

/**
 * Builds the app on a fresh database of the given kind with two councils,
 * A and B, each with two teams and one user per role.
 *
 * @example
 * const ctx = await createTestContext('pglite')
 * const api = await ctx.api('practitioner')
 * const response = await api.get('/api/v1/people?q=smith')
 */
export async function createTestContext(
  kind: DatabaseKind,
  services: Partial<Pick<AppServices, 'measuresInBackgroundOver' | 'returnCheckWaitMs'>> = {},
): Promise<TestContext> {
  const database = await freshDatabase(kind)
  const passwordHash = await hashPassword(TEST_PASSWORD)
  const councils = {} as Record<CouncilKey, TestCouncil>
  for (const key of ['a', 'b'] as const) {
    const council = await addCouncil(database.db, {
      code: `TEST${key.toUpperCase()}`,
      name: `Test council ${key.toUpperCase()}`,
    })
    const team = await addTeam(database.db, council.id, 'Team one')
    const otherTeam = await addTeam(database.db, council.id, 'Team two')
    const users = {} as Record<Role, string>
    const provider = await insertNamedProvider(
      database.db,
      council.id,
      `Provider of council ${key.toUpperCase()}`,
    )
    for (const role of ROLES) {
      const user = await addUser(database.db, {
        councilId: council.id,
        email: emailFor(role, key),
        displayName: `${role} ${key}`,
        role,
        passwordHash,
        teamId: role === 'practitioner' || role === 'team_manager' ? team.id : null,
        providerId: role === 'provider' ? provider.id : null,
      })
      users[role] = user.id
    }
    councils[key] = {
      id: council.id,
      code: council.code,
      teamId: team.id,
      otherTeamId: otherTeam.id,
      providerId: provider.id,
      users,
    }
  }
  const now = () => new Date(`${TODAY}T12:00:00Z`)
  const config = readConfig({}, { logLevel: 'silent' })
  const app = await buildApp({
    database,
    config,
    now,
    loginRateLimit: { max: 1000, timeWindowMs: 60_000 },
    ...services,
  })
  await app.ready()

  const tokens = new Map<string, string>()
  const sessions = new Map<string, { cookie: string; csrf: string }>()

  const context: TestContext = {
    kind,
    app,
    database,
    councils,
    today: TODAY,
    async api(role, council = 'a') {
      const key = `${role}|${council}`
      let token = tokens.get(key)
      if (!token) {
        const response = await app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { email: emailFor(role, council), password: TEST_PASSWORD },
        })
        if (response.statusCode !== 201) throw new Error(`API sign-in failed: ${response.body}`)
        token = (response.json() as { token: string }).token
        tokens.set(key, token)
      }
      const headers = { authorization: `Bearer ${token}` }
      const send = (method: InjectOptions['method'], url: string, payload?: unknown) =>
        app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
      return {
        get: (url) => send('GET', url),
        post: (url, body) => send('POST', url, body ?? {}),
        put: (url, body) => send('PUT', url, body ?? {}),
        patch: (url, body) => send('PATCH', url, body ?? {}),
        delete: (url) => send('DELETE', url),
      }
    },
    async browser(role, council = 'a') {
      const key = `${role}|${council}`
      let session = sessions.get(key)
      if (!session) {
        session = await signInWithBrowser(app, emailFor(role, council))
        sessions.set(key, session)
      }
      const { cookie, csrf } = session
      return {
        get: (url) => app.inject({ method: 'GET', url, headers: { cookie, accept: 'text/html' } }),
        post: (url, form) =>
          app.inject({
            method: 'POST',
            url,
            headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
            payload: new URLSearchParams(
              Object.entries({ _csrf: csrf, ...form }).flatMap(([k, v]) =>
                Array.isArray(v) ? v.map((item) => [k, item]) : [[k, v]],
              ),
            ).toString(),
          }),
      }
    },
    async close() {
      await app.close()
      await database.close()
    },
  }
  return context
}

/** Signs in through the sign-in page and returns the cookies and a CSRF token for forms. */
export async function signInWithBrowser(app: FastifyInstance, email: string) {
  const page = await app.inject({ method: 'GET', url: '/sign-in', headers: { accept: 'text/html' } })
  const csrfCookie = cookiesOf(page)
  const csrf = csrfTokenIn(page.body)
  const response = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: new URLSearchParams({ _csrf: csrf, email, password: TEST_PASSWORD }).toString(),
  })
  if (response.statusCode !== 302) throw new Error(`Sign-in failed with ${response.statusCode}`)
  const cookie = [csrfCookie, cookiesOf(response)].filter(Boolean).join('; ')
  return { cookie, csrf }
}

export function cookiesOf(response: LightMyRequestResponse): string {
  return response.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
}

export function csrfTokenIn(html: string): string {
  const match = html.match(/name="_csrf" value="([^"]+)"/)
  if (!match?.[1]) throw new Error('No CSRF token on the page')
  return match[1]
}

/**
 * Runs a suite once per test database, each with its own context.
 *
 * @example
 * describeOnEachDatabase('people API', (ctx) => {
 *   it('creates a person', async () => { const api = await ctx().api('practitioner'); ... })
 * })
 */
export function describeOnEachDatabase(
  title: string,
  body: (ctx: () => TestContext) => void,
  services: Partial<Pick<AppServices, 'measuresInBackgroundOver' | 'returnCheckWaitMs'>> = {},
) {
  describe.each(testDatabaseKinds())(`%s: ${title}`, (kind) => {
    let context: TestContext | undefined
    beforeAll(async () => {
      context = await createTestContext(kind, services)
    })
    afterAll(async () => {
      await context?.close()
    })
    body(() => {
      if (!context) throw new Error('The test context is not ready')
      return context
    })
  })
}
