import type { LightMyRequestResponse } from 'fastify'
import { expect, it } from 'vitest'
import { can, ROLES } from '../../src/modules/identity/roles.ts'
import { cookiesOf, csrfTokenIn, describeOnEachDatabase, emailFor } from '../support/test-context.ts'
import { auditRowsFor } from '../support/written-records.ts'

const NEW_PASSWORD = 'three random words'
let made = 0

describeOnEachDatabase('an administrator’s users: adding, changing, deactivating, password links', (ctx) => {
  const db = () => ctx().database.db
  const userCount = async () =>
    Number(
      (
        await db()
          .selectFrom('users')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  /** A new practitioner of council A, added through the API, and the link to set their password. */
  async function newPractitioner() {
    made += 1
    const admin = await ctx().api('admin')
    const added = await admin.post('/api/v1/users', {
      displayName: `Ada Lovelace ${made}`,
      email: `ada.${made}@a.test`,
      role: 'practitioner',
      teamId: ctx().councils.a.teamId,
    })
    expect(added.statusCode, added.body).toBe(201)
    const user = added.json()
    return { ...user, secret: new URL(user.passwordLink.url).searchParams.get('link') as string }
  }

  /** The set-password page as a signed-out visitor has it: its cookies and CSRF token. */
  async function setPassword(secret: string, password: string, confirmPassword = password) {
    const page = await ctx().app.inject({ method: 'GET', url: `/set-password?link=${secret}` })
    if (page.statusCode !== 200) return page
    return ctx().app.inject({
      method: 'POST',
      url: '/set-password',
      headers: {
        cookie: cookiesOf(page),
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
      },
      payload: new URLSearchParams({
        _csrf: csrfTokenIn(page.body),
        link: secret,
        password,
        confirmPassword,
      }).toString(),
    })
  }
  const signIn = (email: string, password: string) =>
    ctx().app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } })
  const tokenOf = (response: LightMyRequestResponse) => (response.json() as { token: string }).token
  const asUser = (token: string, url: string) =>
    ctx().app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })

  it('adds a user with no password, whose link sets one once; then they sign in', async () => {
    const user = await newPractitioner()
    expect(user).toMatchObject({
      role: 'practitioner',
      active: true,
      awaitingPassword: true,
      teamName: 'Team one',
    })
    expect((await signIn(user.email, '')).statusCode).not.toBe(201)
    expect((await signIn(user.email, '!no-password-set')).statusCode).toBe(401)

    const page = await ctx().app.inject({ method: 'GET', url: `/set-password?link=${user.secret}` })
    expect(page.statusCode).toBe(200)
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    expect(page.body).toContain(user.email)
    const short = await setPassword(user.secret, 'short')
    expect(short.statusCode).toBe(422)
    expect(short.body).toContain('The password must be at least 10 characters')
    const mismatched = await setPassword(user.secret, NEW_PASSWORD, 'three random wordz')
    expect(mismatched.body).toContain('The passwords do not match')

    const set = await setPassword(user.secret, NEW_PASSWORD)
    expect(set.statusCode, set.body).toBe(303)
    expect(set.headers.location).toBe('/sign-in?done=password-set')
    expect((await setPassword(user.secret, NEW_PASSWORD)).statusCode).toBe(404)
    const session = await signIn(user.email, NEW_PASSWORD)
    expect(session.statusCode).toBe(201)
    expect((await asUser(tokenOf(session), '/api/v1/people?q=smith')).statusCode).toBe(200)

    const audit = await auditRowsFor(ctx().database, user.id)
    expect(audit.map((a) => [a.action, a.record_type])).toEqual([
      ['create', 'user'],
      ['update', 'user'],
    ])
    expect(JSON.stringify(audit)).not.toContain(user.secret)
  })

  it('refuses bad input, an email already used and another council’s team, writing nothing', async () => {
    const admin = await ctx().api('admin')
    const before = await userCount()
    const cases: [object, string[]][] = [
      [{}, ['displayName', 'email', 'role']],
      [{ displayName: 'Ada', email: emailFor('analyst', 'b').toUpperCase(), role: 'analyst' }, ['email']],
      [{ displayName: 'Ada', email: 'ada.new@a.test', role: 'practitioner' }, ['teamId']],
      [
        {
          displayName: 'Ada',
          email: 'ada.new@a.test',
          role: 'practitioner',
          teamId: ctx().councils.b.teamId,
        },
        ['teamId'],
      ],
    ]
    for (const [body, fields] of cases) {
      const refused = await admin.post('/api/v1/users', body)
      expect(refused.statusCode, refused.body).toBe(422)
      expect(refused.json().errors.map((e: { field: string }) => e.field)).toEqual(fields)
    }
    expect(await userCount()).toBe(before)
  })

  it('changes a role (their sessions end), deactivates and reactivates, and keeps the council an administrator', async () => {
    const user = await newPractitioner()
    await setPassword(user.secret, NEW_PASSWORD)
    const token = tokenOf(await signIn(user.email, NEW_PASSWORD))
    const admin = await ctx().api('admin')
    const changed = await admin.put(`/api/v1/users/${user.id}`, {
      displayName: user.displayName,
      email: user.email,
      role: 'team_manager',
      teamId: ctx().councils.a.otherTeamId,
    })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json()).toMatchObject({ role: 'team_manager', teamName: 'Team two' })
    expect((await asUser(token, '/api/v1/people?q=smith')).statusCode).toBe(401)

    const again = tokenOf(await signIn(user.email, NEW_PASSWORD))
    const off = await admin.post(`/api/v1/users/${user.id}/deactivate`)
    expect(off.statusCode, off.body).toBe(200)
    expect(off.json().active).toBe(false)
    expect((await asUser(again, '/api/v1/people?q=smith')).statusCode).toBe(401)
    expect((await signIn(user.email, NEW_PASSWORD)).statusCode).toBe(401)
    expect((await admin.post(`/api/v1/users/${user.id}/password-link`)).statusCode).toBe(409)
    expect((await admin.post(`/api/v1/users/${user.id}/reactivate`)).json().active).toBe(true)
    expect((await signIn(user.email, NEW_PASSWORD)).statusCode).toBe(201)

    // The administrator cannot lock the council out.
    const self = ctx().councils.a.users.admin
    expect((await admin.post(`/api/v1/users/${self}/deactivate`)).statusCode).toBe(409)
    const demoted = await admin.put(`/api/v1/users/${self}`, {
      displayName: 'Admin',
      email: emailFor('admin', 'a'),
      role: 'analyst',
    })
    expect(demoted.statusCode).toBe(409)
    expect(demoted.json().detail).toContain('needs an active administrator')
    expect((await admin.get('/api/v1/users')).statusCode).toBe(200)
  })

  it('replaces a password link with a newer one', async () => {
    const user = await newPractitioner()
    const admin = await ctx().api('admin')
    const newer = await admin.post(`/api/v1/users/${user.id}/password-link`)
    expect(newer.statusCode).toBe(201)
    expect(newer.headers['cache-control']).toBe('no-store')
    const secret = new URL(newer.json().url).searchParams.get('link') as string
    expect(
      (await ctx().app.inject({ method: 'GET', url: `/set-password?link=${user.secret}` })).statusCode,
    ).toBe(404)
    expect((await setPassword(secret, NEW_PASSWORD)).statusCode).toBe(303)
    expect((await ctx().app.inject({ method: 'GET', url: '/set-password?link=nonsense' })).statusCode).toBe(
      404,
    )
  })

  it('is for administrators only, and keeps councils apart', async () => {
    const user = await newPractitioner()
    const before = await userCount()
    for (const role of ROLES) {
      const allowed = can(role, 'manageUsers')
      const api = await ctx().api(role)
      const browser = await ctx().browser(role)
      expect((await api.get('/api/v1/users')).statusCode, role).toBe(allowed ? 200 : 403)
      expect((await browser.get('/admin/users')).statusCode, role).toBe(allowed ? 200 : 403)
      expect((await browser.get(`/admin/users/${user.id}`)).statusCode, role).toBe(allowed ? 200 : 403)
      if (allowed) continue
      expect(
        (await api.post('/api/v1/users', { displayName: 'X', email: 'x@a.test', role: 'admin' })).statusCode,
        role,
      ).toBe(403)
      expect((await api.post(`/api/v1/users/${user.id}/deactivate`)).statusCode, role).toBe(403)
      expect((await api.post(`/api/v1/users/${user.id}/password-link`)).statusCode, role).toBe(403)
      expect((await browser.post('/admin/teams', { name: 'Sneaky' })).statusCode, role).toBe(403)
    }
    expect((await ctx().app.inject({ method: 'GET', url: '/admin/users' })).statusCode).toBe(302)
    expect((await ctx().app.inject({ method: 'GET', url: '/api/v1/users' })).statusCode).toBe(401)

    const theirs = await ctx().api('admin', 'b')
    expect((await theirs.get('/api/v1/users')).json().users.map((u: { id: string }) => u.id)).not.toContain(
      user.id,
    )
    expect(
      (await theirs.put(`/api/v1/users/${user.id}`, { displayName: 'X', email: 'x@b.test', role: 'analyst' }))
        .statusCode,
    ).toBe(404)
    expect((await theirs.post(`/api/v1/users/${user.id}/deactivate`)).statusCode).toBe(404)
    expect((await theirs.post(`/api/v1/users/${user.id}/password-link`)).statusCode).toBe(404)
    expect((await (await ctx().browser('admin', 'b')).get(`/admin/users/${user.id}`)).statusCode).toBe(404)
    expect(await userCount()).toBe(before)
    expect(
      (await db().selectFrom('users').select('active').where('id', '=', user.id).executeTakeFirstOrThrow())
        .active,
    ).toBe(true)
  })

  it('works on pages: a user added with errors first, the link shown once, teams added', async () => {
    const browser = await ctx().browser('admin')
    const wrong = await browser.post('/admin/users/new', {
      displayName: '',
      email: 'nope',
      role: 'practitioner',
    })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('govuk-error-summary')
    expect(wrong.body).toContain('href="#displayName"')
    expect(wrong.body).toContain('Enter an email address like name@council.gov.uk')
    expect(wrong.body).toContain('Choose the team: a practitioner works in one')
    const added = await browser.post('/admin/users/new', {
      displayName: 'Grace Hopper',
      email: 'grace@a.test',
      role: 'practitioner',
      teamId: ctx().councils.a.teamId,
    })
    expect(added.statusCode).toBe(200)
    expect(added.headers['cache-control']).toBe('no-store')
    expect(added.body).toContain('Grace Hopper has been added')
    // The header still names who is signed in, not the user the page is about.
    expect(added.body).toContain('(Administrator)')
    expect(added.body).not.toContain('(Practitioner)')
    expect(added.body).toMatch(/\/set-password\?link=[A-Za-z0-9_-]{43}/)
    const list = await browser.get('/admin/users')
    expect(list.body).toContain('Grace Hopper')
    expect(list.body).toContain('No password yet')

    const noName = await browser.post('/admin/teams', { name: ' ' })
    expect(noName.statusCode).toBe(422)
    expect(noName.body).toContain('Enter the team’s name')
    const team = await browser.post('/admin/teams', { name: 'Hospital discharge' })
    expect(team.statusCode).toBe(303)
    expect((await browser.get('/admin/users?done=team-added')).body).toContain('Hospital discharge')
    const twice = await browser.post('/admin/teams', { name: 'hospital DISCHARGE' })
    expect(twice.body).toContain('The council has a team of that name')

    const self = ctx().councils.a.users.admin
    const selfPage = await browser.get(`/admin/users/${self}`)
    expect(selfPage.body).not.toContain(`/admin/users/${self}/deactivate`)
  })
})
