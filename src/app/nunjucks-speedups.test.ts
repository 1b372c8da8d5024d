import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import nunjucks from 'nunjucks'
import { describe, expect, it } from 'vitest'
import { pristineNunjucks } from '../../test/support/pristine-nunjucks.ts'
import { createNunjucks, TEMPLATE_PATHS } from './plugins/views.ts'

const pristine = pristineNunjucks()
const fast = createNunjucks()
const stock = createNunjucks(pristine)

/**
 * What each renders, or the error it throws. Nunjucks adds a line naming the
 * template to an error's message each time it passes a template's callback,
 * and imports run once pass fewer: the lines that say where and what are kept.
 */
const outcome = (env: nunjucks.Environment, render: (env: nunjucks.Environment) => string) => {
  try {
    return { html: render(env) }
  } catch (error) {
    const lines = String(error)
      .split('\n')
      .map((line) => line.trim())
    return { error: lines.filter((line) => !/^(Error: )?Template render error: \([^)]*\)$/.test(line)) }
  }
}

const sameAsPristine = (render: (env: nunjucks.Environment) => string) =>
  expect(outcome(fast, render)).toEqual(outcome(stock, render))

const user = {
  displayName: 'Sam O\'Neil & "Co"',
  role: 'practitioner',
  councilName: 'Demoshire <Council>',
  councilSynthetic: true,
}
const navigation = [
  { href: '/', text: 'Home', active: false },
  { href: '/caseload', text: 'My caseload', active: true },
]
const person = {
  id: 'p1',
  href: '/people/p1',
  laPersonId: 'S0001',
  name: "Mei O'Sharma",
  synthetic: true,
  dateOfBirth: '1933-06-28',
  dateOfDeath: null,
  age: 93,
  nhsNumber: '9999117066',
  postcode: 'DM10 3HT',
  gender: 'Female',
  ethnicity: 'White: English, Welsh, Scottish, Northern Irish or British',
  primarySupportReason: 'Physical support: Personal care support',
  accommodationStatus: 'Tenant: Local authority or other social housing provider',
  employmentStatus: null,
  hasUnpaidCarer: 'Yes',
}
const shared = {
  user,
  navigation,
  csrfToken: 'token-<1>',
  cspNonce: 'nonce',
  title: 'A page & its <title>',
  heading: 'Heading',
  breadcrumbs: [{ text: 'Home', href: '/' }],
  errors: [
    { field: 'givenName', message: 'Enter a given name' },
    { field: 'dateOfBirth', message: 'Date of birth must include a year', parts: ['year'] },
  ],
  values: { givenName: '<script>', dateOfBirth: { day: '1', month: '2', year: '' } },
  flash: 'Saved & done',
  person,
}

describe('Nunjucks with ASCEND’s speedups renders as a pristine Nunjucks does', () => {
  it('loads a separate copy to compare with', () => {
    expect(pristine).not.toBe(nunjucks)
    const frameOf = (engine: typeof nunjucks) => (engine.runtime as unknown as { Frame: unknown }).Frame
    expect(frameOf(pristine)).not.toBe(frameOf(nunjucks))
  })

  it('the person page, with a plan and a timeline', () => {
    const context = {
      ...shared,
      errors: undefined,
      activePlan: {
        planId: 'plan1',
        version: 2,
        activeFrom: '2026-04-01',
        personalBudgetWeeklyPence: 45_678,
        statement: {
          annualPence: 2_375_256,
          personContributionWeeklyPence: 1_000,
          held: [
            { label: 'Direct payment', weeklyPence: 30_000 },
            { label: 'Managed by the council', weeklyPence: 15_678 },
          ],
        },
      },
      timeline: [
        {
          label: 'Request',
          startOn: '2026-01-02',
          requestRouteOfAccess: 'Community / other',
          outcome: 'Assessment',
          href: '/requests/r1',
          source: 'ascend',
        },
        {
          label: 'Service',
          startOn: '2025-03-04',
          serviceType: 'Long term support',
          serviceComponent: 'Direct payment',
          endOn: '2025-09-01',
          source: 'cld',
        },
        { label: 'Review', startOn: '2024-05-06', reviewReason: 'Planned', source: 'cld' },
      ],
    }
    sameAsPristine((env) => env.render('people/views/person.njk', context))
    sameAsPristine((env) =>
      env.render('people/views/person.njk', {
        ...context,
        activePlan: null,
        timeline: [],
        person: { ...person, dateOfDeath: '2026-01-01' },
      }),
    )
  })

  it('a caseload, with names that need escaping', () => {
    const rows = ['Ann & Bob', "O'Brien", '<b>Bold</b>', 'Back\\slash', 'Quote "me"', 'Plain'].map(
      (name, i) => ({
        id: `r${i}`,
        personId: `p${i}`,
        personName: name,
        requestedOn: `2026-0${i + 1}-15`,
        routeOfAccess: 'Planned entry (transition)',
        triageOutcome: i % 2 ? null : 'Assessment',
        daysOpen: 30 * i,
      }),
    )
    sameAsPristine((env) => env.render('requests/views/caseload.njk', { ...shared, rows }))
    sameAsPristine((env) =>
      env.render('requests/views/caseload.njk', { ...shared, rows: [], emptyText: 'None & nothing' }),
    )
  })

  // Every page template, with what most pages are given: where one needs more it renders what it
  // can or fails, and either way the two must agree.
  const pages = fs
    .readdirSync(TEMPLATE_PATHS[1] as string, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.njk') && file.includes(`views${path.sep}`))
    .sort()
  it.each(pages)('%s', (page) => {
    sameAsPristine((env) => env.render(page, shared))
  })

  it('most page templates render whole with what most pages are given', () => {
    const rendered = pages.filter((page) => 'html' in outcome(fast, (env) => env.render(page, shared)))
    // 40 of 55 when this was written: the comparison above is not of errors alone.
    expect(rendered.length).toBeGreaterThanOrEqual(35)
  })

  it('the layout’s error page and sign-in', () => {
    sameAsPristine((env) => env.render('error.njk', { ...shared, status: 404, message: 'Not <found>' }))
    sameAsPristine((env) => env.render('identity/views/sign-in.njk', { ...shared, user: undefined }))
  })

  it('any text, escaped or marked safe, in a GOV.UK table and summary list', () => {
    const text = fc.oneof(fc.string(), fc.constantFrom('&', '<', '>', '"', "'", '\\', '&amp;'), fc.integer())
    const template = `{% from "govuk/components/table/macro.njk" import govukTable %}
{% from "govuk/components/summary-list/macro.njk" import govukSummaryList %}
{{ govukTable({ caption: a, rows: [[{ text: a, attributes: { "data-x": b } }, { html: b }], [{ text: c }]] }) }}
{{ govukSummaryList({ rows: [{ key: { text: a }, value: { html: b | escape }, actions: { items: [{ href: c, text: a, visuallyHiddenText: b }] } }] }) }}
{% for x in [a, b, c] %}{{ loop.index }}{{ x }}{% set last = x %}{% endfor %}{{ last }}`
    fc.assert(
      fc.property(text, text, text, (a, b, c) => {
        sameAsPristine((env) => env.renderString(template, { a, b, c }))
      }),
      { numRuns: 200 },
    )
  })

  it('a method keeps its object, and a missing member is undefined', () => {
    const template = '{{ list.join("-") }}|{{ text.toUpperCase() }}|{{ missing.deeper }}|{{ n.toFixed(1) }}'
    sameAsPristine((env) => env.renderString(template, { list: [1, 2], text: 'a<b', n: 2 }))
  })

  it('a macro file imported without context, twice in a render and across renders', () => {
    const template = `{% from "govuk/components/tag/macro.njk" import govukTag %}{{ govukTag({ text: t }) }}
{% from "govuk/components/tag/macro.njk" import govukTag as tag %}{{ tag({ text: t, classes: "govuk-tag--grey" }) }}`
    for (const t of ['one', 'two & <three>']) sameAsPristine((env) => env.renderString(template, { t }))
  })
})

describe('Nunjucks variables, set without splitting names each time, loop variables at once', () => {
  // Expected: what stock Nunjucks renders, written out, and checked against the pristine copy too.
  it.each([
    [
      'loop variables',
      '{% for x in [1, 2, 3] %}{{ loop.index }}{{ loop.first }}{{ loop.last }}-{% endfor %}',
      'x',
      '1truefalse-2falsefalse-3falsetrue-',
    ],
    [
      'nested loops keep their own',
      '{% for a in [1, 2] %}{% for b in [1, 2] %}{{ loop.index }}{% endfor %}{{ loop.index }}|{% endfor %}',
      'x',
      '121|122|',
    ],
    [
      'a set in a loop reaches the variable outside it, as Nunjucks does',
      '{% set n = 0 %}{% for x in [1, 2] %}{% set n = x %}{% endfor %}{{ n }}',
      'x',
      '2',
    ],
    ['a set at the top level', '{% set a = value %}{{ a }}{% set a = a + "!" %}{{ a }}', 'hi', 'hihi!'],
    [
      'a macro sets its own',
      '{% macro m(v) %}{% set w = v + 1 %}{{ w }}{% endmacro %}{{ m(1) }}{{ w }}',
      'x',
      '2',
    ],
    ['a falsy value in the way of a dotted name', '{% for x in [1] %}{{ loop.length }}{% endfor %}', 0, '1'],
    [
      'every loop variable, over a list',
      '{% for x in ["a", "b", "c"] %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}|{% endfor %}',
      'x',
      '1032truefalse3|2121falsefalse3|3210falsetrue3|',
    ],
    [
      'loop variables over an object’s keys and values',
      '{% for k, v in { a: 1, b: 2 } %}{{ k }}{{ v }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.first }}{{ loop.last }}|{% endfor %}',
      'x',
      'a102truefalse|b211falsetrue|',
    ],
    [
      'loop variables over pairs',
      '{% for a, b in [[1, 2], [3, 4]] %}{{ a }}{{ b }}{{ loop.index }}{{ loop.length }}|{% endfor %}',
      'x',
      '1212|3422|',
    ],
    [
      'the loop’s variables end with it',
      '{% for x in [1] %}{{ loop.index }}{% endfor %}{{ loop }}',
      'outer',
      '1outer',
    ],
  ])('%s', (_what, template, value, expected) => {
    expect(fast.renderString(template, { value, loop: value })).toBe(expected)
    sameAsPristine((env) => env.renderString(template, { value, loop: value }))
  })
})
