import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import nunjucks from 'nunjucks'
import { describe, expect, it } from 'vitest'
import { type Described, make } from '../../test/support/described-values.ts'
import { pristineNunjucks } from '../../test/support/pristine-nunjucks.ts'
import { ATTRIBUTES_TEMPLATE, mirrorsTemplate } from './govuk-attributes.ts'
import { createNunjucks, TEMPLATE_PATHS } from './plugins/views.ts'

const pristine = pristineNunjucks()
const fast = createNunjucks()
const stock = createNunjucks(pristine)

const text = fc.oneof(fc.string(), fc.constantFrom('', '&', '<b>', '"', "'", '\\', 'a b', 'true'))
const plain = fc
  .oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constantFrom(null, undefined, 0, ''))
  .map((value): Described => ({ kind: 'plain', value }))
const safe = text.map((t): Described => ({ kind: 'safe', text: t }))
const simple = fc.oneof(plain, safe)
const name = fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom('data-x', 'aria-hidden', 'a<b', 'x"y'))
// (A function as a value is left out: GOV.UK's macro renders its source, and ASCEND's Nunjucks reads
// members through a wrapper of its own (nunjucks-speedups.ts), so the sources differ. The JavaScript
// macro hands such a value to GOV.UK's.)
const value: fc.Arbitrary<Described> = fc.oneof(
  { weight: 4, arbitrary: simple },
  {
    weight: 3,
    arbitrary: fc
      .record({
        value: simple,
        optional: fc.constantFrom(true, false, undefined, 'true', 1),
      })
      .map((o): Described => ({ kind: 'options', ...o })),
  },
)
const entries = fc.array(fc.tuple(name, value), { maxLength: 5 })
const attributes: fc.Arbitrary<Described> = fc.oneof(
  { weight: 6, arbitrary: entries.map((e): Described => ({ kind: 'object', entries: e })) },
  { weight: 2, arbitrary: simple },
  { weight: 1, arbitrary: entries.map((e): Described => ({ kind: 'map', entries: e })) },
  {
    weight: 1,
    arbitrary: fc.array(simple, { maxLength: 3 }).map((items): Described => ({ kind: 'array', items })),
  },
)

const CALLS = [
  'govukAttributes(a)',
  'govukAttributes(attributes=a)',
  'govukAttributes()',
  'govukAttributes(a, a)',
]
const render = (env: nunjucks.Environment, engine: typeof nunjucks, call: string, a: Described) =>
  env.renderString(`{% from "${ATTRIBUTES_TEMPLATE}" import govukAttributes %}[{{ ${call} }}]`, {
    a: make(a, engine),
  })

describe('GOV.UK’s govukAttributes macro in JavaScript', () => {
  it('is written from the attributes.njk installed', () => {
    const source = fs.readFileSync(path.join(TEMPLATE_PATHS[2] as string, ATTRIBUTES_TEMPLATE), 'utf8')
    // When GOV.UK Frontend changes this file, its own macro runs again: compare the two and update.
    expect(mirrorsTemplate(source)).toBe(true)
    expect(mirrorsTemplate(`${source} `)).toBe(false)
  })

  it('is the one ASCEND’s pages import', async () => {
    const template = fast.getTemplate(ATTRIBUTES_TEMPLATE) as unknown as {
      getExported(callback: (error: unknown, exported: Record<string, { name: string }>) => void): void
    }
    const exported = await new Promise<Record<string, { name: string }>>((resolve, reject) =>
      template.getExported((error, value) => (error ? reject(error) : resolve(value))),
    )
    expect(exported.govukAttributes?.name).toBe('govukAttributes')
  })

  it('renders what GOV.UK’s renders, byte for byte, whatever it is given and however it is called', () => {
    fc.assert(
      fc.property(attributes, fc.constantFrom(...CALLS), (a, call) => {
        expect(render(fast, nunjucks, call, a)).toBe(render(stock, pristine, call, a))
      }),
      { numRuns: 2_000 },
    )
  })

  it.each([
    ['nothing', { kind: 'plain', value: undefined }, '[]'],
    [
      'an attribute',
      { kind: 'object', entries: [['data-x', { kind: 'plain', value: 'a&b' }]] },
      'data-x="a&amp;b"',
    ],
    [
      'a boolean attribute',
      {
        kind: 'object',
        entries: [['hidden', { kind: 'options', value: { kind: 'plain', value: true }, optional: true }]],
      },
      ' hidden]',
    ],
    [
      'an optional attribute left out',
      {
        kind: 'object',
        entries: [['hidden', { kind: 'options', value: { kind: 'plain', value: false }, optional: true }]],
      },
      '\n  ]',
    ],
  ] as [string, Described, string][])('renders %s as GOV.UK documents it', (_what, a, expected) => {
    expect(render(fast, nunjucks, CALLS[0] as string, a)).toContain(expected)
    expect(render(fast, nunjucks, CALLS[0] as string, a)).toBe(render(stock, pristine, CALLS[0] as string, a))
  })
})
