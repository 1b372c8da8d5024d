import fc from 'fast-check'
import nunjucks from 'nunjucks'
import { describe, expect, it } from 'vitest'
import { createNunjucks } from './views.ts'

describe('the trim filter ASCEND gives Nunjucks', () => {
  const env = createNunjucks()
  it.each([
    ['plain text, escaped as before', '  <b>x</b>  ', '&lt;b&gt;x&lt;/b&gt;'],
    ['safe HTML stays safe', new nunjucks.runtime.SafeString('  <b>x</b>  '), '<b>x</b>'],
    ['every kind of whitespace at either end', '\n\t x y \u00a0\r\n\u2003', 'x y'],
    ['whitespace inside is kept', 'a  \n  b', 'a  \n  b'],
    ['a number becomes its text', 42, '42'],
  ])('%s', (_what, value, expected) => {
    expect(env.renderString('{{ value | trim }}', { value })).toBe(expected)
  })
})

describe('the indent filter ASCEND gives Nunjucks', () => {
  const env = createNunjucks()
  const stock = new nunjucks.Environment()
  const render = (e: nunjucks.Environment, value: unknown, args: string) =>
    e.renderString(`{{ value | indent(${args}) }}|{{ value | safe | indent(${args}) }}`, { value })

  it('indents as Nunjucks does, text or safe HTML, any width, first line or not', () => {
    const text = fc.oneof(fc.string(), fc.stringMatching(/^[a-z<>&\n\r ]{0,30}$/), fc.constant(''))
    const args = fc.oneof(
      fc.constant(''),
      fc.integer({ min: 0, max: 8 }).map(String),
      fc.tuple(fc.integer({ min: 0, max: 8 }), fc.boolean()).map(([w, first]) => `${w}, ${first}`),
    )
    fc.assert(
      fc.property(text, args, (value, a) => {
        expect(render(env, value, a)).toBe(render(stock, value, a))
      }),
      { numRuns: 300 },
    )
  })

  it.each([
    ['lines after the first', 'a\nb\nc', '2', 'a\n  b\n  c'],
    ['the first too', 'a\nb', '2, true', '  a\n  b'],
    ['four spaces unless told', 'a\nb', '', 'a\n    b'],
  ])('%s', (_what, value, args, expected) => {
    expect(env.renderString(`{{ value | safe | indent(${args}) }}`, { value })).toBe(expected)
  })

  it('leaves a width that is not a whole number, and what is not text, to Nunjucks', () => {
    const outcome = (e: nunjucks.Environment, value: unknown, args: string) => {
      try {
        return render(e, value, args)
      } catch (error) {
        return String(error).split('\n').at(-1)
      }
    }
    for (const [value, args] of [
      ['a\nb', '-1'],
      ['a\nb', '"3"'],
      [42, '2'],
      [null, '2'],
    ] as const) {
      expect(outcome(env, value, args)).toBe(outcome(stock, value, args))
    }
  })
})

describe('the layout every page extends', () => {
  const env = createNunjucks()
  const page = (blocks = '') =>
    env.renderString(`{% extends "layout.njk" %}${blocks}{% block pageContent %}<p>Hello</p>{% endblock %}`, {
      title: 'A page',
      user: { displayName: 'Ada', role: 'practitioner', councilName: 'Demo', councilSynthetic: true },
      navigation: [{ href: '/caseload', text: 'My caseload', active: true }],
      csrfToken: 'token-1',
    })

  it('starts with GOV.UK’s skip link, as its macro makes it', () => {
    const skipLink = env.renderString(
      '{% from "govuk/components/skip-link/macro.njk" import govukSkipLink %}' +
        '{{ govukSkipLink({ href: "#main-content", text: "Skip to main content" }) }}',
      {},
    )
    const html = page()
    expect(skipLink).toContain('class="govuk-skip-link"')
    expect(html).toContain(skipLink)
    expect(html.indexOf(skipLink)).toBeLessThan(html.indexOf('<header'))
  })

  it('has one header, holding the service navigation with the page’s CSRF token', () => {
    const html = page()
    expect(html.match(/<header/g)).toHaveLength(1)
    const header = html.slice(html.indexOf('<header'), html.indexOf('</header>'))
    expect(header).toContain('govuk-template__header')
    expect(header).toContain('govuk-service-navigation')
    expect(header).toContain('value="token-1"')
  })

  it('leaves the header out when a page empties it', () => {
    expect(page('{% block header %}{% endblock %}')).not.toContain('<header')
  })
})

describe('what every page shows', () => {
  const env = createNunjucks()
  const page = (title: string, councilName: string) =>
    env.render('error.njk', {
      problem: { title, message: 'There is no such page.' },
      user: { displayName: 'Pat Worker', role: 'practitioner', councilName },
      navigation: [{ href: '/people', text: 'People', active: true }],
      csrfToken: 'token',
    })

  it('is Latin-1 throughout when the page’s own data is, its dashes written as references', () => {
    const html = page('Page not found', 'Demoshire Council')
    expect([...html].every((character) => (character.codePointAt(0) ?? 0) <= 0xff)).toBe(true)
    expect(html).toContain('<title>Page not found &ndash; ASCEND</title>')
    expect(html).toMatch(/ASCEND &ndash; Demoshire Council\s*<\/a>/)
    // A dash in the page's own title is written as a reference in the title element too.
    expect(page('Search results – Find a person', 'Demoshire Council')).toContain(
      '<title>Search results &ndash; Find a person &ndash; ASCEND</title>',
    )
  })

  it('still escapes the title and the council’s name', () => {
    const html = page('<b>Bold</b> & – more', 'Smith & <i>Jones</i>')
    expect(html).toContain('<title>&lt;b&gt;Bold&lt;/b&gt; &amp; &ndash; more &ndash; ASCEND</title>')
    expect(html).toContain('ASCEND &ndash; Smith &amp; &lt;i&gt;Jones&lt;/i&gt;')
    expect(html).not.toContain('<i>Jones</i>')
  })
})
