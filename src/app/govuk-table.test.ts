import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import nunjucks from 'nunjucks'
import { describe, expect, it } from 'vitest'
import { type Described, make } from '../../test/support/described-values.ts'
import { pristineNunjucks } from '../../test/support/pristine-nunjucks.ts'
import { mirrorsTable, TABLE_MACRO, TABLE_TEMPLATE } from './govuk-table.ts'
import { createNunjucks, TEMPLATE_PATHS } from './plugins/views.ts'

const pristine = pristineNunjucks()
const fast = createNunjucks()
const stock = createNunjucks(pristine)

const plain = (value: unknown): Described => ({ kind: 'plain', value })
const object = (fields: Record<string, Described>): Described => ({
  kind: 'object',
  entries: Object.entries(fields),
})

const text = fc.oneof(fc.string(), fc.constantFrom('', '&', '<b>', '"', "'", '\\', 'a b', 'numeric'))
// What a table's fields are usually given, and now and then what only GOV.UK's macro reads.
const simple = fc.oneof(
  { weight: 8, arbitrary: fc.oneof(text, fc.integer(), fc.double(), fc.boolean()).map(plain) },
  { weight: 3, arbitrary: fc.constantFrom(null, undefined, 0, '', false).map(plain) },
  { weight: 3, arbitrary: text.map((t): Described => ({ kind: 'safe', text: t })) },
  { weight: 1, arbitrary: fc.constantFrom<Described>({ kind: 'array', items: [plain('a'), plain('b')] }) },
)
const attributes = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.dictionary(fc.constantFrom('data-sort-value', 'id', 'a"b'), simple).map(object),
  },
  { weight: 2, arbitrary: simple },
  { weight: 1, arbitrary: fc.constantFrom<Described>({ kind: 'map', entries: [['id', plain('x')]] }) },
)
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
  'govukTable(t)',
  'govukTable()',
  'govukTable(t, t)',
  'govukTable(caption=t)',
  'govukTable(t.rows)',
]
const render = (env: nunjucks.Environment, engine: typeof nunjucks, call: string, t: Described) =>
  env.renderString(`{% from "${TABLE_MACRO}" import govukTable %}[{{ ${call} }}]`, { t: make(t, engine) })

describe('GOV.UK’s govukTable macro in JavaScript', () => {
  it('is written from the macro.njk and template.njk installed', () => {
    const read = (file: string) => fs.readFileSync(path.join(TEMPLATE_PATHS[2] as string, file), 'utf8')
    // When GOV.UK Frontend changes either file, its own macro runs again: compare the two and update.
    expect(mirrorsTable(read(TABLE_MACRO), read(TABLE_TEMPLATE))).toBe(true)
    expect(mirrorsTable(read(TABLE_MACRO), `${read(TABLE_TEMPLATE)} `)).toBe(false)
    expect(mirrorsTable(`${read(TABLE_MACRO)} `, read(TABLE_TEMPLATE))).toBe(false)
  })

  it('is the one ASCEND’s pages import', async () => {
    const template = fast.getTemplate(TABLE_MACRO) as unknown as {
      getExported(callback: (error: unknown, exported: Record<string, { name: string }>) => void): void
    }
    const exported = await new Promise<Record<string, { name: string }>>((resolve, reject) =>
      template.getExported((error, value) => (error ? reject(error) : resolve(value))),
    )
    // GOV.UK's, compiled by Nunjucks, is an anonymous function.
    expect(exported.govukTable?.name).toBe('govukTable')
  })

  it('renders what GOV.UK’s renders, byte for byte, whatever it is given and however it is called', () => {
    fc.assert(
      fc.property(table, fc.constantFrom(...CALLS), (t, call) => {
        expect(render(fast, nunjucks, call, t)).toBe(render(stock, pristine, call, t))
      }),
      { numRuns: 3_000 },
    )
  })

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
  it.each([
    ['an empty table', object({}), '<table class="govuk-table">'],
    ['a caption', caseload, '<caption class="govuk-table__caption">Open requests (1)</caption>'],
    ['a sortable header', caseload, '<th scope="col" class="govuk-table__header"\n'],
    ['a link marked safe', caseload, '<a href="/people/1">O&#39;Brien</a></td>'],
    ['an attribute escaped', caseload, ' data-sort-value="O&#39;Brien">'],
    ['a number, right-aligned', caseload, '<td class="govuk-table__cell govuk-table__cell--numeric">12</td>'],
  ] as [string, Described, string][])('renders %s as GOV.UK documents it', (_what, t, expected) => {
    const html = render(fast, nunjucks, CALLS[0] as string, t)
    expect(html).toContain(expected)
    expect(html).toBe(render(stock, pristine, CALLS[0] as string, t))
  })
})
