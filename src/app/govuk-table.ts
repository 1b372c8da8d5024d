/**
 * GOV.UK Frontend's `govukTable` macro (components/table) in JavaScript. In
 * Nunjucks a table costs about five microseconds a row of six cells: a
 * caseload of seventeen requests was 85 of the page's 100 µs of render. This
 * is the same macro giving the same text byte for byte, the whitespace its
 * template leaves included (`govuk-table.test.ts` compares the two over any
 * table). It is used only for the files it was written from (GOV.UK Frontend
 * 6.6's macro.njk and template.njk, known by their hashes) and only for what
 * those files read simply: plain objects and arrays of text, numbers, values
 * marked safe and attributes. Anything else (a Map, an iterable, a function,
 * keyword arguments) goes to GOV.UK's own macro.
 */
import {
  type Fields,
  govukComponent,
  type Macro,
  type MirrorSource,
  mirroredMacro,
  readers,
} from './govuk-macro-mirror.ts'

/** GOV.UK's table: the files this mirrors, known by their hashes. */
export const TABLE = govukComponent('table', 'govukTable', {
  macro: '2bd4867bacea2fc22ee15010c417c51afbbbc9856299d27cc82b71fcbc58d5ea',
  template: '9a83ad6f10b54a71494c79a030a5b9d4b5e9c77c3784f962f8d8066e78aa00c3',
})

/**
 * The macro in JavaScript, handing to GOV.UK's any table it does not read itself.
 *
 * @example
 * exported.govukTable = govukTableMacro({ runtime, escapeText, govukAttributes, original: exported.govukTable })
 */
export function govukTableMacro(source: MirrorSource): Macro {
  const { shown, raw, fields, list, attributes } = readers(source)
  /** `{{- item.html | safe if item.html else item.text -}}` */
  const content = (item: Fields) => (item.html ? raw(item.html) : shown(item.text))

  function headerCell(self: unknown, item: Fields): string {
    let html = '\n      <th scope="col" class="govuk-table__header'
    if (item.format) html += ` govuk-table__header--${shown(item.format)}`
    if (item.classes) html += ` ${shown(item.classes)}`
    html += '"'
    if (item.colspan) html += ` colspan="${shown(item.colspan)}"`
    if (item.rowspan) html += ` rowspan="${shown(item.rowspan)}"`
    return `${html}${attributes(self, item.attributes)}>${content(item)}</th>\n    `
  }

  function bodyCell(self: unknown, cell: Fields, isHeader: boolean): string {
    let common = ''
    if (cell.colspan) common += ` colspan="${shown(cell.colspan)}"`
    if (cell.rowspan) common += ` rowspan="${shown(cell.rowspan)}"`
    common += attributes(self, cell.attributes)
    let html = '\n      \n      '
    if (isHeader) {
      html += '\n      <th scope="row" class="govuk-table__header'
      if (cell.classes) html += ` ${shown(cell.classes)}`
      html += `"${common}>${content(cell)}</th>\n      `
    } else {
      html += '\n      <td class="govuk-table__cell'
      if (cell.format) html += ` govuk-table__cell--${shown(cell.format)}`
      if (cell.classes) html += ` ${shown(cell.classes)}`
      html += `"${common}>${content(cell)}</td>\n      `
    }
    return `${html}\n    `
  }

  return mirroredMacro(TABLE.name, source, (self, params) => {
    let html = '<table class="govuk-table'
    if (params.classes) html += ` ${shown(params.classes)}`
    html += `"${attributes(self, params.attributes)}>\n`
    if (params.caption) {
      html += '\n  <caption class="govuk-table__caption'
      if (params.captionClasses) html += ` ${shown(params.captionClasses)}`
      html += `">${shown(params.caption)}</caption>\n`
    }
    html += '\n'
    if (params.head) {
      html += '\n  <thead class="govuk-table__head">\n    <tr class="govuk-table__row">\n    '
      for (const item of list(params.head)) html += headerCell(self, fields(item))
      html += '\n    </tr>\n  </thead>\n'
    }
    html += '\n  <tbody class="govuk-table__body">\n'
    if (params.rows) {
      for (const row of list(params.rows)) {
        html += '\n  '
        if (row) {
          html += '\n    <tr class="govuk-table__row">\n    '
          const cells = list(row)
          for (let i = 0; i < cells.length; i++)
            html += bodyCell(self, fields(cells[i]), i === 0 && Boolean(params.firstCellIsHeader))
          html += '\n    </tr>\n  '
        }
        html += '\n'
      }
    }
    return `${html}\n  </tbody>\n</table>\n`
  })
}
