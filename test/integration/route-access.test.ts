import fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify'
import { expect, it } from 'vitest'
import type { AppServices } from '../../src/app/services.ts'
import { readConfig } from '../../src/config.ts'
import { assessmentRoutes } from '../../src/modules/assessments/routes.ts'
import { auditRoutes } from '../../src/modules/audit/routes.ts'
import { can, type Permission, ROLES, type Role } from '../../src/modules/identity/roles.ts'
import { identityRoutes } from '../../src/modules/identity/routes.ts'
import { endAtDeathRoutes } from '../../src/modules/people/end-at-death-routes.ts'
import { peopleRoutes } from '../../src/modules/people/routes.ts'
import { requestRoutes } from '../../src/modules/requests/routes.ts'
import { dateBoxes } from '../support/date-boxes.ts'
import { insertPerson } from '../support/fixtures.ts'
import {
  type CouncilKey,
  cookiesOf,
  csrfTokenIn,
  describeOnEachDatabase,
  emailFor,
  TEST_PASSWORD,
  type TestContext,
} from '../support/test-context.ts'

/*
 * Every page and API route of the case-work modules (identity, people,
 * requests, assessments, audit), each tried with every role that lacks its
 * permission (403, nothing written), signed out (pages go to sign in, the API
 * answers 401), and by a user of the other council (404 for council A's
 * records, and nothing of council A in a list, a search or the audit log).
 * The table is checked against the routes the modules register, so a new
 * route without a row here fails.
 */

const MODULES = {
  identityRoutes,
  peopleRoutes,
  endAtDeathRoutes,
  requestRoutes,
  assessmentRoutes,
  auditRoutes,
}

/** Council A's records the calls name. */
interface Ids {
  personId: string
  familyName: string
  requestId: string
  assessmentId: string
  teamId: string
  workerId: string
}

type Access = 'public' | 'signedIn' | Permission
/**
 * What a user of council B gets: `notFound` for a route naming A's record;
 * `noneOfA` for a list, search or create, which answers without showing
 * anything of A; `ownOnly` for a form that names no record; `none` where a
 * council plays no part (sign-in and sessions).
 */
type OtherCouncil = 'notFound' | 'noneOfA' | 'ownOnly' | 'none'

interface RouteCase {
  route: string
  access: Access
  otherCouncil: OtherCouncil
  call: (ids: Ids) => { url: string; body?: Record<string, unknown> }
}

const newRequest = {
  requestedOn: '2026-06-01',
  routeOfAccess: 'Community / Other route',
  whatWasAsked: 'Help with getting washed and dressed',
}
const requestForm = {
  ...dateBoxes('requestedOn', '1', '6', '2026'),
  routeOfAccess: newRequest.routeOfAccess,
  whatWasAsked: newRequest.whatWasAsked,
}
const triage = { triageOutcome: 'Progress to assessment, review or reassessment', triagedOn: '2026-06-02' }
const triageForm = { triageOutcome: triage.triageOutcome, ...dateBoxes('triagedOn', '2', '6', '2026') }
const assessment = {
  kind: 'needs',
  format: 'light',
  impairmentOrIllness: true,
  wellbeingSignificantlyAffected: true,
  outcomes: { nutrition: ['needs_assistance'], personal_hygiene: ['needs_assistance'] },
}
const assessmentForm = {
  format: 'light',
  ...dateBoxes('startedOn', '12', '6', '2026'),
  impairmentOrIllness: 'yes',
  'outcomes.nutrition': 'needs_assistance',
  wellbeingSignificantlyAffected: 'yes',
}
/** Council A's person's details, for creating "them" again in council B. */
const personDetails = (ids: Ids) => ({
  givenName: 'Alex',
  familyName: ids.familyName,
  dateOfBirth: '1950-06-27',
})
const personForm = (ids: Ids) => ({
  givenName: 'Alex',
  familyName: ids.familyName,
  ...dateBoxes('dateOfBirth', '27', '6', '1950'),
})

const ROUTES: RouteCase[] = [
  // Identity: sign-in and sessions are open to all; the home page needs a user.
  { route: 'GET /sign-in', access: 'public', otherCouncil: 'none', call: () => ({ url: '/sign-in' }) },
  {
    route: 'POST /sign-in',
    access: 'public',
    otherCouncil: 'none',
    call: () => ({ url: '/sign-in', body: {} }),
  },
  {
    route: 'POST /sign-out',
    access: 'public',
    otherCouncil: 'none',
    call: () => ({ url: '/sign-out', body: {} }),
  },
  { route: 'GET /', access: 'signedIn', otherCouncil: 'none', call: () => ({ url: '/' }) },
  {
    route: 'POST /api/v1/session',
    access: 'public',
    otherCouncil: 'none',
    call: () => ({ url: '/api/v1/session', body: {} }),
  },
  {
    route: 'DELETE /api/v1/session',
    access: 'signedIn',
    otherCouncil: 'none',
    call: () => ({ url: '/api/v1/session' }),
  },

  // People
  {
    route: 'GET /api/v1/people',
    access: 'caseWork',
    otherCouncil: 'noneOfA',
    call: (i) => ({ url: `/api/v1/people?q=${i.familyName}` }),
  },
  {
    route: 'POST /api/v1/people',
    access: 'caseWork',
    otherCouncil: 'noneOfA',
    call: (i) => ({ url: '/api/v1/people', body: personDetails(i) }),
  },
  {
    route: 'GET /api/v1/people/:id',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/api/v1/people/${i.personId}` }),
  },
  {
    route: 'PATCH /api/v1/people/:id',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/api/v1/people/${i.personId}`, body: { givenName: 'Changed' } }),
  },
  {
    route: 'PUT /api/v1/people/:id',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({
      url: `/api/v1/people/${i.personId}`,
      body: { ...personDetails(i), givenName: 'Changed' },
    }),
  },
  {
    route: 'GET /people',
    access: 'caseWork',
    otherCouncil: 'noneOfA',
    call: (i) => ({ url: `/people?q=${i.familyName}` }),
  },
  {
    route: 'GET /people/new',
    access: 'caseWork',
    otherCouncil: 'ownOnly',
    call: () => ({ url: '/people/new' }),
  },
  {
    route: 'POST /people/new',
    access: 'caseWork',
    otherCouncil: 'noneOfA',
    call: (i) => ({ url: '/people/new', body: personForm(i) }),
  },
  {
    route: 'GET /people/:id',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/people/${i.personId}` }),
  },
  {
    route: 'GET /people/:id/edit',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/people/${i.personId}/edit` }),
  },
  {
    route: 'POST /people/:id/edit',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/people/${i.personId}/edit`, body: { ...personForm(i), givenName: 'Changed' } }),
  },
  {
    route: 'GET /people/died-with-support-open',
    access: 'caseWork',
    otherCouncil: 'noneOfA',
    call: () => ({ url: '/people/died-with-support-open' }),
  },
  {
    route: 'GET /api/v1/people/died-with-support-open',
    access: 'caseWork',
    otherCouncil: 'noneOfA',
    call: () => ({ url: '/api/v1/people/died-with-support-open' }),
  },
  {
    route: 'GET /people/:id/end-at-death',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/people/${i.personId}/end-at-death` }),
  },
  {
    route: 'POST /people/:id/end-at-death',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/people/${i.personId}/end-at-death`, body: {} }),
  },
  {
    route: 'POST /api/v1/people/:id/end-support-at-death',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/api/v1/people/${i.personId}/end-support-at-death` }),
  },

  // Requests
  {
    route: 'GET /people/:id/requests/new',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/people/${i.personId}/requests/new` }),
  },
  {
    route: 'POST /people/:id/requests/new',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/people/${i.personId}/requests/new`, body: requestForm }),
  },
  {
    route: 'GET /requests/:id',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/requests/${i.requestId}` }),
  },
  {
    route: 'POST /requests/:id/triage',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/requests/${i.requestId}/triage`, body: triageForm }),
  },
  {
    route: 'POST /requests/:id/allocation',
    access: 'allocate',
    otherCouncil: 'notFound',
    call: (i) => ({
      url: `/requests/${i.requestId}/allocation`,
      body: { teamId: i.teamId, workerId: i.workerId },
    }),
  },
  { route: 'GET /caseload', access: 'caseWork', otherCouncil: 'noneOfA', call: () => ({ url: '/caseload' }) },
  {
    route: 'GET /team',
    access: 'allocate',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/team?team=${i.teamId}` }),
  },
  {
    route: 'GET /team/workers/:userId',
    access: 'allocate',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/team/workers/${i.workerId}` }),
  },
  {
    route: 'POST /api/v1/people/:id/requests',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/api/v1/people/${i.personId}/requests`, body: newRequest }),
  },
  {
    route: 'GET /api/v1/people/:id/requests',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/api/v1/people/${i.personId}/requests` }),
  },
  {
    route: 'GET /api/v1/requests/:id',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/api/v1/requests/${i.requestId}` }),
  },
  {
    route: 'POST /api/v1/requests/:id/triage',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/api/v1/requests/${i.requestId}/triage`, body: triage }),
  },
  {
    route: 'POST /api/v1/requests/:id/allocation',
    access: 'allocate',
    otherCouncil: 'notFound',
    call: (i) => ({
      url: `/api/v1/requests/${i.requestId}/allocation`,
      body: { teamId: i.teamId, workerId: i.workerId },
    }),
  },
  {
    route: 'GET /api/v1/caseload',
    access: 'caseWork',
    otherCouncil: 'noneOfA',
    call: () => ({ url: '/api/v1/caseload' }),
  },
  {
    route: 'GET /api/v1/teams/:id/queue',
    access: 'allocate',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/api/v1/teams/${i.teamId}/queue` }),
  },
  {
    route: 'GET /api/v1/workers/:id/caseload',
    access: 'allocate',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/api/v1/workers/${i.workerId}/caseload` }),
  },

  // Assessments
  {
    route: 'GET /people/:personId/assessments/new',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/people/${i.personId}/assessments/new` }),
  },
  {
    route: 'POST /people/:personId/assessments/new',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/people/${i.personId}/assessments/new`, body: { kind: 'needs' } }),
  },
  {
    route: 'GET /people/:personId/assessments/new/:kind',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/people/${i.personId}/assessments/new/needs` }),
  },
  {
    route: 'POST /people/:personId/assessments/new/:kind',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/people/${i.personId}/assessments/new/needs`, body: assessmentForm }),
  },
  {
    route: 'GET /assessments/:id',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/assessments/${i.assessmentId}` }),
  },
  {
    route: 'POST /assessments/:id/decision',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/assessments/${i.assessmentId}/decision`, body: { decision: 'confirm' } }),
  },
  {
    route: 'POST /api/v1/people/:id/assessments',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/api/v1/people/${i.personId}/assessments`, body: assessment }),
  },
  {
    route: 'GET /api/v1/assessments/:id',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/api/v1/assessments/${i.assessmentId}` }),
  },
  {
    route: 'POST /api/v1/assessments/:id/decision',
    access: 'caseWork',
    otherCouncil: 'notFound',
    call: (i) => ({ url: `/api/v1/assessments/${i.assessmentId}/decision`, body: { confirm: true } }),
  },

  // Audit
  { route: 'GET /audit', access: 'audit', otherCouncil: 'noneOfA', call: () => ({ url: '/audit' }) },
  {
    route: 'GET /api/v1/audit',
    access: 'audit',
    otherCouncil: 'noneOfA',
    call: () => ({ url: '/api/v1/audit' }),
  },
]

const methodOf = (route: RouteCase) =>
  route.route.split(' ')[0] as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
const isApi = (route: RouteCase) => route.route.split(' ')[1]?.startsWith('/api/') ?? false
const guarded = ROUTES.filter((r) => r.access !== 'public' && r.access !== 'signedIn')
const withUser = ROUTES.filter((r) => r.access !== 'public')
const forOtherCouncil = ROUTES.filter((r) => r.otherCouncil !== 'none')

/** A role that holds the route's permission: whom council B sends. */
const roleFor = (access: Access): Role =>
  access === 'public' || access === 'signedIn'
    ? 'practitioner'
    : (ROLES.find((role) => can(role, access) && role !== 'team_manager') ?? 'admin')

/** Each route a module registers, as `METHOD /url`, read from a bare Fastify it is registered on. */
async function routesOf(
  register: (app: FastifyInstance, services: AppServices) => Promise<void>,
  services: AppServices,
): Promise<string[]> {
  const probe = fastify()
  probe.setValidatorCompiler(() => () => true)
  const routes: string[] = []
  probe.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method} ${route.url}`)
  })
  await probe.register(register, services)
  await probe.ready()
  await probe.close()
  return routes
}

describeOnEachDatabase('every case-work route: wrong role, signed out, other council', (ctx) => {
  const tokens = new Map<string, string>()
  let fixtures: Ids | undefined

  /** Council A's person, with an open request and an assessment not yet decided. */
  async function idsInA(): Promise<Ids> {
    if (fixtures) return fixtures
    const c = ctx()
    const person = await insertPerson(c.database, c.councils.a.id)
    const request = await send(
      c,
      'practitioner',
      'a',
      'POST',
      `/api/v1/people/${person.id}/requests`,
      newRequest,
    )
    expect(request.statusCode, request.body).toBe(201)
    const assessed = await send(
      c,
      'practitioner',
      'a',
      'POST',
      `/api/v1/people/${person.id}/assessments`,
      assessment,
    )
    expect(assessed.statusCode, assessed.body).toBe(201)
    fixtures = {
      personId: person.id,
      familyName: person.family_name ?? '',
      requestId: request.json().id,
      assessmentId: assessed.json().id,
      teamId: c.councils.a.teamId,
      workerId: c.councils.a.users.practitioner,
    }
    return fixtures
  }

  async function tokenFor(c: TestContext, role: Role, council: CouncilKey) {
    const key = `${role}|${council}`
    const known = tokens.get(key)
    if (known) return known
    const response = await c.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: emailFor(role, council), password: TEST_PASSWORD },
    })
    const token = (response.json() as { token: string }).token
    tokens.set(key, token)
    return token
  }

  /** A call as the role's user would make it: pages with the session and CSRF token, the API with a token. */
  async function send(
    c: TestContext,
    role: Role,
    council: CouncilKey,
    method: ReturnType<typeof methodOf>,
    url: string,
    body?: Record<string, unknown>,
  ): Promise<LightMyRequestResponse> {
    if (url.startsWith('/api/')) {
      const headers = { authorization: `Bearer ${await tokenFor(c, role, council)}` }
      return c.app.inject({ method, url, headers, ...(body ? { payload: body } : {}) })
    }
    const browser = await c.browser(role, council)
    if (method === 'GET') return browser.get(url)
    return browser.post(url, (body ?? {}) as Record<string, string>)
  }

  /** What council A holds: counts of its records, and every audit entry about its person. */
  async function councilA(ids: Ids) {
    const db = ctx().database.db
    const councilId = ctx().councils.a.id
    const count = async (
      table: 'people' | 'support_requests' | 'assessments' | 'cld_events' | 'time_entries',
    ) =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('council_id', '=', councilId)
            .executeTakeFirstOrThrow()
        ).n,
      )
    return {
      people: await count('people'),
      requests: await count('support_requests'),
      assessments: await count('assessments'),
      events: await count('cld_events'),
      time: await count('time_entries'),
      person: await db
        .selectFrom('people')
        .selectAll()
        .where('id', '=', ids.personId)
        .executeTakeFirstOrThrow(),
      request: await db
        .selectFrom('support_requests')
        .selectAll()
        .where('id', '=', ids.requestId)
        .executeTakeFirstOrThrow(),
      assessment: await db
        .selectFrom('assessments')
        .selectAll()
        .where('id', '=', ids.assessmentId)
        .executeTakeFirstOrThrow(),
      auditAboutPerson: Number(
        (
          await db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('person_id', '=', ids.personId)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    }
  }

  it('covers every route the identity, people, requests, assessments and audit modules register', async () => {
    const c = ctx()
    const services: AppServices = {
      database: c.database,
      config: readConfig({}, { logLevel: 'silent' }),
      now: () => new Date(),
    }
    const registered: string[] = []
    for (const register of Object.values(MODULES)) registered.push(...(await routesOf(register, services)))
    expect([...ROUTES.map((r) => r.route)].sort()).toEqual([...new Set(registered)].sort())
  })

  it.each(guarded.map((r) => [r.route, r] as const))(
    '%s answers 403 to every role without the permission, and writes nothing',
    async (_name, route) => {
      const ids = await idsInA()
      const before = await councilA(ids)
      const refused = ROLES.filter((role) => !can(role, route.access as Permission))
      expect(refused.length).toBeGreaterThan(0)
      const { url, body } = route.call(ids)
      for (const role of refused) {
        const response = await send(ctx(), role, 'a', methodOf(route), url, body)
        expect(response.statusCode, `${role}: ${response.body.slice(0, 200)}`).toBe(403)
        expect(response.body).not.toContain(ids.familyName)
      }
      expect(await councilA(ids)).toEqual(before)
    },
  )

  it.each(withUser.map((r) => [r.route, r] as const))(
    '%s sends a signed-out visitor to sign in (pages) or answers 401 (API)',
    async (_name, route) => {
      const ids = await idsInA()
      const before = await councilA(ids)
      const { url, body } = route.call(ids)
      const c = ctx()
      let response: LightMyRequestResponse
      if (isApi(route)) {
        response = await c.app.inject({ method: methodOf(route), url, ...(body ? { payload: body } : {}) })
        expect(response.statusCode).toBe(401)
        expect(response.headers['content-type']).toContain('application/problem+json')
      } else {
        // A visitor whose session ended has the sign-in page's CSRF cookie and token, nothing more.
        const signIn = await c.app.inject({ url: '/sign-in', headers: { accept: 'text/html' } })
        const headers = { cookie: cookiesOf(signIn), accept: 'text/html' }
        response =
          methodOf(route) === 'GET'
            ? await c.app.inject({ url, headers })
            : await c.app.inject({
                method: 'POST',
                url,
                headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
                payload: new URLSearchParams({
                  _csrf: csrfTokenIn(signIn.body),
                  ...(body as Record<string, string>),
                }).toString(),
              })
        expect(response.statusCode).toBe(302)
        // Back to the page after signing in; the home page needs no return.
        const location = String(response.headers.location)
        if (url === '/') expect(location).toBe('/sign-in')
        else expect(location).toBe(`/sign-in?returnTo=${encodeURIComponent(url)}`)
      }
      expect(response.body).not.toContain(ids.familyName)
      expect(await councilA(ids)).toEqual(before)
    },
  )

  it.each(forOtherCouncil.map((r) => [r.route, r] as const))(
    '%s shows a user of council B nothing of council A',
    async (_name, route) => {
      const ids = await idsInA()
      const before = await councilA(ids)
      const { url, body } = route.call(ids)
      const response = await send(ctx(), roleFor(route.access), 'b', methodOf(route), url, body)
      if (route.otherCouncil === 'notFound') {
        expect(response.statusCode, response.body.slice(0, 200)).toBe(404)
      } else {
        // 409 is the duplicate warning, about the council B person an earlier row may have added.
        expect([200, 201, 302, 303, 409], response.body.slice(0, 200)).toContain(response.statusCode)
      }
      for (const id of [ids.personId, ids.requestId, ids.assessmentId])
        expect(response.body).not.toContain(id)
      // Council A's users, and the audit entries they made, stay in council A.
      expect(response.body).not.toContain('@a.test')
      expect(response.body).not.toMatch(/\b(practitioner|team_manager|head_of_service|admin) a\b/)
      expect(await councilA(ids)).toEqual(before)
    },
  )

  it('lets council B’s administrator read only council B’s audit log', async () => {
    const ids = await idsInA()
    const c = ctx()
    const api = await send(c, 'admin', 'b', 'GET', '/api/v1/audit')
    const entries = api.json().entries as { user: string | null; personId: string | null }[]
    expect(entries.length).toBeGreaterThan(0)
    expect(entries.every((e) => e.user === null || e.user.endsWith('@b.test'))).toBe(true)
    expect(entries.some((e) => e.personId === ids.personId)).toBe(false)
    const filtered = await send(c, 'admin', 'b', 'GET', `/api/v1/audit?personId=${ids.personId}`)
    expect(filtered.json().entries).toEqual([])
    const page = await send(c, 'admin', 'b', 'GET', `/audit?personId=${ids.personId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('No entries match.')
    // Council A's administrator does see them.
    const own = await send(c, 'admin', 'a', 'GET', `/api/v1/audit?personId=${ids.personId}`)
    expect(own.json().entries.length).toBeGreaterThan(0)
  })
})
