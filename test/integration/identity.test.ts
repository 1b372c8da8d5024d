import { expect, it } from 'vitest'
import { SIGN_IN_FAILED } from '../../src/modules/identity/sign-in.ts'
import { describeOnEachDatabase, emailFor, TEST_PASSWORD } from '../support/test-context.ts'

describeOnEachDatabase('sign-in and sessions', (ctx) => {
  it.each([
    ['an unknown email', { email: 'nobody@a.test', password: TEST_PASSWORD }],
    ['a wrong password', { email: emailFor('practitioner', 'a'), password: 'wrong password' }],
    ['no password', { email: emailFor('practitioner', 'a') }],
    ['nothing', {}],
  ])('answers 401 with the same message for %s', async (_label, body) => {
    const response = await ctx().app.inject({ method: 'POST', url: '/api/v1/session', payload: body })
    expect(response.statusCode).toBe(401)
    expect(response.headers['content-type']).toContain('application/problem+json')
    expect(response.json().detail).toBe(SIGN_IN_FAILED)
  })

  it('gives a bearer token that works on the API and not as a cookie', async () => {
    const response = await ctx().app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: emailFor('admin', 'a'), password: TEST_PASSWORD },
    })
    expect(response.statusCode).toBe(201)
    const { token } = response.json() as { token: string }
    const ok = await ctx().app.inject({ url: '/api/v1/audit', headers: { authorization: `Bearer ${token}` } })
    expect(ok.statusCode).toBe(200)
    const asCookie = await ctx().app.inject({ url: '/audit', headers: { cookie: `ascend_session=${token}` } })
    expect(asCookie.statusCode).toBe(302)
  })

  it('stops honouring a token the moment its session ends, though sessions are remembered briefly', async () => {
    const response = await ctx().app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: emailFor('admin', 'a'), password: TEST_PASSWORD },
    })
    const headers = { authorization: `Bearer ${(response.json() as { token: string }).token}` }
    expect((await ctx().app.inject({ url: '/api/v1/audit', headers })).statusCode).toBe(200)
    expect((await ctx().app.inject({ method: 'DELETE', url: '/api/v1/session', headers })).statusCode).toBe(
      204,
    )
    expect((await ctx().app.inject({ url: '/api/v1/audit', headers })).statusCode).toBe(401)
  })

  it('refuses a form post without the CSRF token', async () => {
    const browser = await ctx().browser('practitioner')
    const response = await browser.post('/sign-out', { _csrf: 'forged' })
    expect(response.statusCode).toBe(403)
  })

  it('re-renders a refused sign-in with a fresh CSRF token, so the next try can be sent', async () => {
    const page = await ctx().app.inject({ url: '/sign-in' })
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    const token = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? ''
    const refused = await ctx().app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: token,
        email: emailFor('analyst', 'a'),
        password: 'wrong',
      }).toString(),
    })
    expect(refused.statusCode).toBe(401)
    expect(refused.body).toContain('govuk-error-summary')
    expect(refused.body).toMatch(/name="_csrf" value="[^"]+"/)
  })

  it('sets the session cookie HttpOnly and SameSite', async () => {
    const page = await ctx().app.inject({ url: '/sign-in' })
    const csrfCookie = page.cookies.find((c) => c.name === 'ascend_csrf')
    const token = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? ''
    const response = await ctx().app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: {
        cookie: `ascend_csrf=${csrfCookie?.value}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({
        _csrf: token,
        email: emailFor('analyst', 'a'),
        password: TEST_PASSWORD,
      }).toString(),
    })
    const session = response.cookies.find((c) => c.name === 'ascend_session')
    expect(session?.httpOnly).toBe(true)
    expect(session?.sameSite).toBe('Lax')
  })

  it('sends a CSP with a script nonce that the page uses', async () => {
    const page = await ctx().app.inject({ url: '/sign-in' })
    const csp = String(page.headers['content-security-policy'])
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1]
    expect(nonce).toBeTruthy()
    expect(page.body).toContain(`nonce="${nonce}"`)
  })

  it('gives every response a nonce of its own, and allows no inline style', async () => {
    const nonces = new Set<string>()
    for (const url of ['/sign-in', '/sign-in', '/health', '/no-such-page']) {
      const csp = String((await ctx().app.inject({ url })).headers['content-security-policy'])
      nonces.add(csp.match(/script-src 'self' 'nonce-([0-9a-f]{32})'/)?.[1] ?? 'none')
      expect(csp).toContain("style-src 'self';")
    }
    expect(nonces.size).toBe(4)
    expect(nonces.has('none')).toBe(false)
  })

  it('never gives two responses the same nonce, past the point where its pool of random bytes is refilled', async () => {
    const nonces = new Set<string>()
    const responses = 600 // the pool holds 256 nonces
    for (let i = 0; i < responses; i++) {
      const csp = String((await ctx().app.inject({ url: '/health' })).headers['content-security-policy'])
      nonces.add(csp.match(/'nonce-([0-9a-f]{32})'/)?.[1] ?? 'none')
    }
    expect(nonces.has('none')).toBe(false)
    expect(nonces.size).toBe(responses)
  })

  it('keeps the audit log for administrators only', async () => {
    for (const role of ['practitioner', 'analyst', 'team_manager'] as const) {
      const api = await ctx().api(role)
      expect((await api.get('/api/v1/audit')).statusCode).toBe(403)
    }
  })

  it('filters the audit log page by dates typed into GOV.UK date inputs', async () => {
    const admin = await ctx().browser('admin')
    const partial = await admin.get('/audit?from-day=1&from-month=&from-year=2026')
    expect(partial.statusCode).toBe(422)
    expect(partial.body).toContain('href="#from-month">The “from” date must include a month</a>')
    const unreal = await admin.get('/audit?to-day=31&to-month=6&to-year=2026')
    expect(unreal.statusCode).toBe(422)
    expect(unreal.body).toContain('href="#to-day">The “to” date must be a real date</a>')
    // Entries are stamped by the database's clock, not the app's: filter on a span that holds any day.
    const span = 'from-day=1&from-month=1&from-year=2000&to-day=31&to-month=12&to-year=2099'
    const page = await admin.get(`/audit?${span}&action=sign-in`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<caption class="govuk-table__caption govuk-visually-hidden">Audit entries')
    expect(page.body).toMatch(/name="from-year"[^>]*value="2000"/)
    const before = await admin.get('/audit?to-day=31&to-month=12&to-year=1999&action=sign-in')
    expect(before.statusCode).toBe(200)
    expect(before.body).toContain('No entries match.')
  })

  it('names the person of an audit entry to administrators without linking to a record they may not open', async () => {
    const created = await (await ctx().api('practitioner')).post('/api/v1/people', {
      givenName: 'Audre',
      familyName: `Lorde${Date.now()}`,
      dateOfBirth: '1944-02-18',
    })
    expect(created.statusCode, created.body).toBe(201)
    const { id } = created.json() as { id: string }
    const admin = await ctx().browser('admin')
    expect((await admin.get(`/people/${id}`)).statusCode).toBe(403)
    const span = 'from-day=1&from-month=1&from-year=2000&to-day=31&to-month=12&to-year=2099'
    const page = await admin.get(`/audit?${span}&action=create`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(id)
    expect(page.body).not.toContain(`href="/people/${id}"`)
  })

  it.each([
    ['finance', ['/decisions/cost', '/measures']],
    ['admin', ['/panels', '/decisions/cost', '/measures', '/admin/delegation-scheme', '/audit']],
    ['panel_member', ['/funding-requests', '/panels']],
  ] as const)(
    'lists on the %s’s home page what the role opens, as it opens no case records',
    async (role, hrefs) => {
      const browser = await ctx().browser(role)
      const home = await browser.get('/')
      const main = home.body.slice(home.body.indexOf('<main'))
      expect(main).toContain('Your role does not open case records')
      for (const href of hrefs) {
        expect(main).toContain(`<a class="govuk-link" href="${href}">`)
        expect((await browser.get(href)).statusCode, href).toBe(200)
      }
      expect(main).not.toContain('href="/people')
    },
  )

  it('shows a council only its own audit entries', async () => {
    const adminB = await ctx().api('admin', 'b')
    const entries = (await adminB.get('/api/v1/audit')).json().entries as { user: string }[]
    expect(entries.length).toBeGreaterThan(0)
    expect(entries.every((e) => e.user === null || e.user.endsWith('@b.test'))).toBe(true)
  })
})
