import fc from 'fast-check'
import { describe } from 'vitest'
import { array, type Described, object, plain } from '../../test/support/described-values.ts'
import { attributesValue, fieldValue, itRendersAsGovukDoes } from '../../test/support/mirrored-macro-tests.ts'
import { SUMMARY_LIST } from './govuk-summary-list.ts'

const text = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' ', '&', '<b>', '"', "'", '\\', 'a\nb', ' <p>x</p>\n  <p>y</p> ', '\n'),
)
const simple = fieldValue(text)
const attributes = attributesValue(['data-qa', 'id', 'a"b'], simple)
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
    ...SUMMARY_LIST,
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
