import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { navigationFor } from './navigation.ts'
import { createNunjucks } from './plugins/views.ts'

const env = createNunjucks()
const PARTIAL = 'partials/service-navigation.njk'
const kept = (context: object) => env.renderString('{{ serviceNavigation() }}', context)
const rendered = (context: object) => env.render(PARTIAL, context)

const user = {
  displayName: 'Sam Patel',
  role: 'practitioner',
  councilName: 'Demoshire',
  councilSynthetic: true,
}
const navigation = [
  { href: '/', text: 'Home', active: false },
  { href: '/caseload', text: 'My caseload', active: true },
]

describe('the service navigation, rendered once and kept', () => {
  it.each([
    ['signed in', { user, navigation, csrfToken: 'abc-123' }],
    [
      'another section',
      { user, navigation: navigation.map((i) => ({ ...i, active: !i.active })), csrfToken: 't' },
    ],
    ['another role', { user: { ...user, role: 'team_manager' }, navigation, csrfToken: 't' }],
    ['another name', { user: { ...user, displayName: 'Jo <Bloggs> & Co' }, navigation, csrfToken: 't' }],
    ['another council', { user: { ...user, councilName: 'Testshire' }, navigation, csrfToken: 't' }],
    ['a token with $& and $1 in it', { user, navigation, csrfToken: 'a$&b$1c' }],
    [
      'the navigation a page is given',
      { user, navigation: navigationFor('practitioner', '/people/1'), csrfToken: 't' },
    ],
    [
      'that of another section',
      { user, navigation: navigationFor('practitioner', '/caseload'), csrfToken: 't' },
    ],
    ['that of another role', { user, navigation: navigationFor('admin', '/audit'), csrfToken: 't' }],
    ['signed out', { csrfToken: 't' }],
    ['no token', { user, navigation }],
  ])('%s: the partial’s own HTML', (_what, context) => {
    // Twice: the first renders and keeps, the second is the kept copy.
    expect(kept(context)).toBe(rendered(context))
    expect(kept(context)).toBe(rendered(context))
  })

  it('gives each request its own token', () => {
    const first = kept({ user, navigation, csrfToken: 'first-token' })
    const second = kept({ user, navigation, csrfToken: 'second-token' })
    expect(first).toContain('value="first-token"')
    expect(second).toContain('value="second-token"')
    expect(second).not.toContain('first-token')
  })

  it('matches the partial for any user, council, section and token', () => {
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom('&', '<', '"', "'", '<ascend-csrf-token>', 'Sam Patel'),
    )
    const token = fc.stringMatching(/^[A-Za-z0-9_$&-]{1,40}$/)
    fc.assert(
      fc.property(
        text,
        text,
        fc.constantFrom('practitioner', 'admin'),
        fc.boolean(),
        token,
        (name, council, role, home, csrfToken) => {
          const context = {
            user: { ...user, displayName: name, councilName: council, role },
            navigation: [{ href: '/', text: 'Home', active: home }],
            csrfToken,
          }
          expect(kept(context)).toBe(rendered(context))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('is what the layout puts in every page', () => {
    const page = env.renderString('{% extends "layout.njk" %}', {
      user,
      navigation,
      csrfToken: 'tok',
      title: 'T',
    })
    expect(page).toContain(rendered({ user, navigation, csrfToken: 'tok' }))
  })
})

describe('the navigation a page is given', () => {
  it.each([
    ['practitioner', '/', ['/']],
    ['practitioner', '/people', ['/people']],
    ['practitioner', '/people/abc/plans', ['/people']],
    ['practitioner', '/peoplex', []],
    ['practitioner', '/audit', []],
    ['admin', '/audit', ['/audit']],
    ['team_manager', '/team/queue', ['/team']],
  ] as const)('%s on %s: the items of the role, the section marked', (role, path, active) => {
    const menu = navigationFor(role, path)
    expect(menu.filter((item) => item.active).map((item) => item.href)).toEqual(active)
    expect(menu.some((item) => item.href === '/audit')).toBe(role === 'admin')
  })

  it('is the same frozen array for a role and section, another for another', () => {
    const menu = navigationFor('practitioner', '/people/1')
    expect(Object.isFrozen(menu) && menu.every((item) => Object.isFrozen(item))).toBe(true)
    expect(navigationFor('practitioner', '/people/2?q=x'.split('?')[0] as string)).toBe(menu)
    expect(navigationFor('practitioner', '/caseload')).not.toBe(menu)
    expect(navigationFor('team_manager', '/people/1')).not.toBe(menu)
  })

  it('keeps a rendering for each user of one array', () => {
    const navigation = navigationFor('practitioner', '/people')
    for (const displayName of ['Ann', 'Bob', 'Ann']) {
      const context = { user: { ...user, displayName }, navigation, csrfToken: 't' }
      expect(kept(context)).toBe(rendered(context))
    }
  })
})
