/**
 * GOV.UK Frontend's `govukSummaryList` macro (components/summary-list) in
 * JavaScript. In Nunjucks the ten rows of a person's details, each with its
 * "Change" link, took 21 µs, a third of the person page's render. This is the
 * same macro giving the same text byte for byte, the whitespace its template
 * leaves and its `trim` and `indent` included (`govuk-summary-list.test.ts`
 * compares the two over any list). It is used only for the files it was
 * written from (GOV.UK Frontend 6.6's macro.njk and template.njk, known by
 * their hashes), only for a list that is not a summary card, and only for
 * what those files read simply: plain objects and arrays of text, numbers,
 * values marked safe and attributes. Anything else goes to GOV.UK's own macro.
 */
import {
  type Fields,
  govukComponent,
  indent,
  type Macro,
  type MirrorSource,
  mirroredMacro,
  readers,
  unread,
} from './govuk-macro-mirror.ts'

/** GOV.UK's summary list: the files this mirrors, known by their hashes. */
export const SUMMARY_LIST = govukComponent('summary-list', 'govukSummaryList', {
  macro: 'fd384f2c8cdaaf41750d8256e61b223f152742c50d36c64f2fdae649b604a3ed',
  template: '43aa16e779f1dd8889d09502284c0eeed44295d74f3d4605fd0dcba535ced5af',
})

/**
 * The macro in JavaScript, handing to GOV.UK's any list it does not read itself.
 *
 * @example
 * exported.govukSummaryList = govukSummaryListMacro({ runtime, escapeText, govukAttributes, original: exported.govukSummaryList })
 */
export function govukSummaryListMacro(source: MirrorSource): Macro {
  const { shown, raw, fields, list, attributes } = readers(source)

  /** A row's actions, as the template reads them: `row.actions.items`, nothing or a list. */
  const actionsOf = (row: Fields) => {
    const actions = fields(row.actions)
    const items = actions.items
    if (items === undefined || items === null || items === false) return { actions, items: undefined }
    return { actions, items: list(items) }
  }

  /** `{{ key.html | safe | trim | indent(6) if key.html else key.text }}` */
  const keyOrValue = (part: Fields) => (part.html ? indent(raw(part.html).trim(), 6) : shown(part.text))

  /** The template's `_actionLink(action)` macro, trimmed, outside a summary card. */
  function actionLink(self: unknown, action: Fields): string {
    let html = '<a class="govuk-link'
    if (action.classes) html += ` ${shown(action.classes)}`
    html += `" href="${shown(action.href)}"${attributes(self, action.attributes)}>`
    html += action.html ? indent(raw(action.html), 4) : shown(action.text)
    if (action.visuallyHiddenText)
      html += `<span class="govuk-visually-hidden"> ${shown(action.visuallyHiddenText)}</span>`
    return `${html}</a>`
  }

  function row(self: unknown, given: Fields, anyRowHasActions: boolean): string {
    const key = fields(given.key)
    const value = fields(given.value)
    const { actions, items } = actionsOf(given)
    let html = '\n  <div class="govuk-summary-list__row'
    if (anyRowHasActions && !actions.items) html += ' govuk-summary-list__row--no-actions'
    if (given.classes) html += ` ${shown(given.classes)}`
    html += '">\n    <dt class="govuk-summary-list__key'
    if (key.classes) html += ` ${shown(key.classes)}`
    html += `">\n      ${keyOrValue(key)}\n    </dt>\n    <dd class="govuk-summary-list__value`
    if (value.classes) html += ` ${shown(value.classes)}`
    html += `">\n      ${keyOrValue(value)}\n    </dd>\n    `
    if (items?.length) {
      html += '\n    <dd class="govuk-summary-list__actions'
      if (actions.classes) html += ` ${shown(actions.classes)}`
      html += '">\n      '
      if (items.length === 1) {
        html += `${indent(actionLink(self, fields(items[0])), 6, true)}\n      `
      } else {
        html += '\n      <ul class="govuk-summary-list__actions-list">\n        '
        for (const action of items) {
          html += '\n        <li class="govuk-summary-list__actions-list-item">\n          '
          html += `${indent(actionLink(self, fields(action)), 8)}\n        </li>\n        `
        }
        html += '\n      </ul>\n      '
      }
      html += '\n    </dd>\n    '
    }
    return `${html}\n  </div>\n  `
  }

  return mirroredMacro(SUMMARY_LIST.name, source, (self, params) => {
    if (params.card) unread()
    const rows = params.rows ? list(params.rows) : []
    // The template's first loop over the rows, which finds whether any has actions, leaves a blank line a row.
    const before = `\n${'\n  \n'.repeat(rows.length)}`
    const anyRowHasActions = rows.some((given) => given && actionsOf(fields(given)).items?.length)
    let html = '<dl class="govuk-summary-list'
    if (params.classes) html += ` ${shown(params.classes)}`
    html += `"${attributes(self, params.attributes)}>\n`
    for (const given of rows) {
      html += '\n  '
      if (given) html += row(self, fields(given), anyRowHasActions)
      html += '\n'
    }
    return `${before}${html}\n</dl>\n`
  })
}
