import fc from 'fast-check'
import { describe } from 'vitest'
import { array, type Described, object, plain } from '../../test/support/described-values.ts'
import { itRendersAsGovukDoes } from '../../test/support/mirrored-macro-tests.ts'
import { mirrorsSummaryList, SUMMARY_LIST_MACRO, SUMMARY_LIST_TEMPLATE } from './govuk-summary-list.ts'

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
  'govukSummaryList(a)',
  'govukSummaryList()',
  'govukSummaryList(a, a)',
  'govukSummaryList(rows=a.rows)',
  'govukSummaryList(a.rows)',
]
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

describe('GOV.UK’s govukSummaryList macro in JavaScript', () =>
  itRendersAsGovukDoes({
    name: 'govukSummaryList',
    macroFile: SUMMARY_LIST_MACRO,
    templateFile: SUMMARY_LIST_TEMPLATE,
    mirrors: mirrorsSummaryList,
    argument: list,
    calls: CALLS,
    examples: [
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
      [
        'several actions, indented',
        details,
        '<a class="govuk-link" href="/b">Remove<br>\n            now</a>',
      ],
      [
        'a summary card, by GOV.UK’s macro',
        object({ card: object({ title: object({ text: plain('Card') }) }) }),
        'govuk-summary-card',
      ],
    ] as [string, Described, string][],
  }))
