import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import nunjucks from 'nunjucks'
import { describe, expect, it } from 'vitest'
import { type Described, make } from '../../test/support/described-values.ts'
import { pristineNunjucks } from '../../test/support/pristine-nunjucks.ts'
import { mirrorsSummaryList, SUMMARY_LIST_MACRO, SUMMARY_LIST_TEMPLATE } from './govuk-summary-list.ts'
import { createNunjucks, TEMPLATE_PATHS } from './plugins/views.ts'

const pristine = pristineNunjucks()
const fast = createNunjucks()
const stock = createNunjucks(pristine)

const plain = (value: unknown): Described => ({ kind: 'plain', value })
const object = (fields: Record<string, Described>): Described => ({
  kind: 'object',
  entries: Object.entries(fields),
})
const array = (items: Described[]): Described => ({ kind: 'array', items })

const text = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' ', '&', '<b>', '"', "'", '\\', 'a\nb', ' <p>x</p>\n  <p>y</p> ', '\n'),
)
// What a list's fields are usually given, and now and then what only GOV.UK's macro reads.
const simple = fc.oneof(
  { weight: 8, arbitrary: fc.oneof(text, fc.integer(), fc.double(), fc.boolean()).map(plain) },
  { weight: 3, arbitrary: fc.constantFrom(null, undefined, 0, '', false).map(plain) },
  { weight: 3, arbitrary: text.map((t): Described => ({ kind: 'safe', text: t })) },
  { weight: 1, arbitrary: fc.constantFrom(array([plain('a'), plain('b')])) },
)
const attributes = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.dictionary(fc.constantFrom('data-qa', 'id', 'a"b'), simple).map(object),
  },
  { weight: 2, arbitrary: simple },
  { weight: 1, arbitrary: fc.constantFrom<Described>({ kind: 'map', entries: [['id', plain('x')]] }) },
)
const some = <T>(fields: { [K in keyof T]: fc.Arbitrary<T[K]> }) =>
  fc.record(fields, { requiredKeys: [] }).map((f) => object(f as Record<string, Described>))
const part = fc.oneof(
  { weight: 8, arbitrary: some({ text: simple, html: simple, classes: simple }) },
  { weight: 1, arbitrary: simple },
)
const action = fc.oneof(
  {
    weight: 8,
    arbitrary: some({
      href: simple,
      text: simple,
      html: simple,
      visuallyHiddenText: simple,
      classes: simple,
      attributes,
    }),
  },
  { weight: 1, arbitrary: simple },
)
const items = fc.oneof(
  { weight: 6, arbitrary: fc.array(action, { maxLength: 3 }).map(array) },
  { weight: 1, arbitrary: simple },
)
const actions = fc.oneof(
  { weight: 6, arbitrary: some({ items, classes: simple }) },
  { weight: 1, arbitrary: simple },
)
const row = fc.oneof(
  { weight: 8, arbitrary: some({ key: part, value: part, actions, classes: simple }) },
  { weight: 1, arbitrary: simple },
)
const list = some({
  rows: fc.oneof(
    { weight: 6, arbitrary: fc.array(row, { maxLength: 4 }).map(array) },
    { weight: 1, arbitrary: simple },
  ),
  classes: simple,
  attributes,
  card: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(undefined, null, false, '').map(plain) },
    { weight: 1, arbitrary: fc.constantFrom(object({ title: object({ text: plain('Card') }) })) },
  ),
})

const CALLS = [
  'govukSummaryList(l)',
  'govukSummaryList()',
  'govukSummaryList(l, l)',
  'govukSummaryList(rows=l.rows)',
  'govukSummaryList(l.rows)',
]
const render = (env: nunjucks.Environment, engine: typeof nunjucks, call: string, l: Described) =>
  env.renderString(`{% from "${SUMMARY_LIST_MACRO}" import govukSummaryList %}[{{ ${call} }}]`, {
    l: make(l, engine),
  })

describe('GOV.UK’s govukSummaryList macro in JavaScript', () => {
  it('is written from the macro.njk and template.njk installed', () => {
    const read = (file: string) => fs.readFileSync(path.join(TEMPLATE_PATHS[2] as string, file), 'utf8')
    // When GOV.UK Frontend changes either file, its own macro runs again: compare the two and update.
    expect(mirrorsSummaryList(read(SUMMARY_LIST_MACRO), read(SUMMARY_LIST_TEMPLATE))).toBe(true)
    expect(mirrorsSummaryList(read(SUMMARY_LIST_MACRO), `${read(SUMMARY_LIST_TEMPLATE)} `)).toBe(false)
    expect(mirrorsSummaryList(`${read(SUMMARY_LIST_MACRO)} `, read(SUMMARY_LIST_TEMPLATE))).toBe(false)
  })

  it('is the one ASCEND’s pages import', async () => {
    const template = fast.getTemplate(SUMMARY_LIST_MACRO) as unknown as {
      getExported(callback: (error: unknown, exported: Record<string, { name: string }>) => void): void
    }
    const exported = await new Promise<Record<string, { name: string }>>((resolve, reject) =>
      template.getExported((error, value) => (error ? reject(error) : resolve(value))),
    )
    // GOV.UK's, compiled by Nunjucks, is an anonymous function.
    expect(exported.govukSummaryList?.name).toBe('govukSummaryList')
  })

  it('renders what GOV.UK’s renders, byte for byte, whatever it is given and however it is called', () => {
    fc.assert(
      fc.property(list, fc.constantFrom(...CALLS), (l, call) => {
        expect(render(fast, nunjucks, call, l)).toBe(render(stock, pristine, call, l))
      }),
      { numRuns: 3_000 },
    )
  })

  const change = (field: string) =>
    object({
      items: array([
        object({
          href: plain(`/people/1/edit#${field}`),
          text: plain('Change'),
          visuallyHiddenText: plain(field),
        }),
      ]),
    })
  const details = object({
    classes: plain('ascend-person-details'),
    rows: array([
      object({
        key: object({ text: plain('Name') }),
        value: object({ text: plain("Mei O'Sharma") }),
        actions: change('name'),
      }),
      object({
        key: object({ text: plain('Postcode') }),
        value: object({ html: { kind: 'safe', text: ' <b>DM1 3HT</b>\n' } }),
      }),
      object({
        key: object({ text: plain('Carer') }),
        value: object({ text: plain('Yes') }),
        actions: object({
          items: array([
            object({ href: plain('/a'), text: plain('Change') }),
            object({ href: plain('/b'), html: plain('Remove<br>\nnow') }),
          ]),
        }),
      }),
    ]),
  })
  it.each([
    ['an empty list', object({}), '<dl class="govuk-summary-list">\n\n</dl>'],
    ['its classes', details, '<dl class="govuk-summary-list ascend-person-details">'],
    ['a key and an escaped value', details, '\n      Mei O&#39;Sharma\n    </dd>'],
    ['a value marked safe, trimmed', details, '\n      <b>DM1 3HT</b>\n    </dd>'],
    ['a row without actions in a list with some', details, 'govuk-summary-list__row--no-actions">'],
    [
      'one action with hidden text',
      details,
      '\n            <a class="govuk-link" href="/people/1/edit#name">Change<span class="govuk-visually-hidden"> name</span></a>\n',
    ],
    ['several actions, indented', details, '<a class="govuk-link" href="/b">Remove<br>\n            now</a>'],
    [
      'a summary card, by GOV.UK’s macro',
      object({ card: object({ title: object({ text: plain('Card') }) }) }),
      'govuk-summary-card',
    ],
  ] as [string, Described, string][])('renders %s as GOV.UK documents it', (_what, l, expected) => {
    const html = render(fast, nunjucks, CALLS[0] as string, l)
    expect(html).toContain(expected)
    expect(html).toBe(render(stock, pristine, CALLS[0] as string, l))
  })
})
