import fc from 'fast-check'
import { describe } from 'vitest'
import { type Described, object, plain } from '../../test/support/described-values.ts'
import { attributesValue, fieldValue, itRendersAsGovukDoes } from '../../test/support/mirrored-macro-tests.ts'
import { TABLE } from './govuk-table.ts'

const text = fc.oneof(fc.string(), fc.constantFrom('', '&', '<b>', '"', "'", '\\', 'a b', 'numeric'))
const simple = fieldValue(text)
const attributes = attributesValue(['data-sort-value', 'id', 'a"b'], simple)
const cell = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .record(
        {
          text: simple,
          html: simple,
          format: simple,
          classes: simple,
          colspan: simple,
          rowspan: simple,
          attributes,
        },
        { requiredKeys: [] },
      )
      .map(object),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, 'text', 3).map(plain) },
  { weight: 1, arbitrary: fc.constantFrom<Described>({ kind: 'map', entries: [['text', plain('x')]] }) },
)
const cells = fc.array(cell, { maxLength: 4 }).map((items): Described => ({ kind: 'array', items }))
const row = fc.oneof({ weight: 8, arbitrary: cells }, { weight: 1, arbitrary: simple })
const table = fc
  .record(
    {
      caption: simple,
      captionClasses: simple,
      classes: simple,
      attributes,
      firstCellIsHeader: simple,
      head: fc.oneof({ weight: 4, arbitrary: cells }, { weight: 1, arbitrary: simple }),
      rows: fc.oneof(
        {
          weight: 6,
          arbitrary: fc.array(row, { maxLength: 4 }).map((items): Described => ({ kind: 'array', items })),
        },
        { weight: 1, arbitrary: simple },
      ),
    },
    { requiredKeys: [] },
  )
  .map(object)

const CALLS = [
  'govukTable(a)',
  'govukTable()',
  'govukTable(a, a)',
  'govukTable(caption=a)',
  'govukTable(a.rows)',
]
const caseload = object({
  caption: plain('Open requests (1)'),
  attributes: object({ 'data-module': plain('moj-sortable-table') }),
  head: {
    kind: 'array',
    items: [object({ text: plain('Person'), attributes: object({ 'aria-sort': plain('none') }) })],
  },
  rows: {
    kind: 'array',
    items: [
      {
        kind: 'array',
        items: [
          object({
            html: { kind: 'safe', text: '<a href="/people/1">O&#39;Brien</a>' },
            attributes: object({ 'data-sort-value': plain("O'Brien") }),
          }),
          object({ text: plain(12), format: plain('numeric') }),
        ],
      },
    ],
  },
})

describe('GOV.UK’s govukTable macro in JavaScript', () =>
  itRendersAsGovukDoes({
    ...TABLE,
    argument: table,
    calls: CALLS,
    examples: [
      ['an empty table', object({}), '<table class="govuk-table">'],
      ['a caption', caseload, '<caption class="govuk-table__caption">Open requests (1)</caption>'],
      ['a sortable header', caseload, '<th scope="col" class="govuk-table__header"\n'],
      ['a link marked safe', caseload, '<a href="/people/1">O&#39;Brien</a></td>'],
      ['an attribute escaped', caseload, ' data-sort-value="O&#39;Brien">'],
      [
        'a number, right-aligned',
        caseload,
        '<td class="govuk-table__cell govuk-table__cell--numeric">12</td>',
      ],
    ] as [string, Described, string][],
  }))
