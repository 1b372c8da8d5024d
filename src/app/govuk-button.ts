/**
 * GOV.UK Frontend's `govukButton` macro (components/button) in JavaScript.
 * Every form ends with one and a person page starts with three: in Nunjucks
 * each took about 4 µs, as much as a ten-row summary list does in
 * JavaScript. This is the same macro giving the same text byte for byte
 * (`govuk-button.test.ts` compares the two over any button), used only for
 * the files it was written from (GOV.UK Frontend 6.6's macro.njk and
 * template.njk, known by their hashes) and only for what those files read
 * simply: text, numbers, values marked safe and attributes. A start button,
 * and anything else, goes to GOV.UK's own macro.
 */
import {
  govukComponent,
  indent,
  type Macro,
  type MirrorSource,
  mirroredMacro,
  readers,
  unread,
} from './govuk-macro-mirror.ts'

/** GOV.UK's button: the files this mirrors, known by their hashes. */
export const BUTTON = govukComponent('button', 'govukButton', {
  macro: 'a61dc79acb77e06d9319ec97797248e09c4d3c04be684b2af751295e07216bb4',
  template: 'b0eccddd34a9d72b74538dd0a3ed5db21d9f7b1220f148052e729d8a55e6ebce',
})

/**
 * The macro in JavaScript, handing to GOV.UK's any button it does not read itself.
 *
 * @example
 * exported.govukButton = govukButtonMacro({ runtime, escapeText, govukAttributes, original: exported.govukButton })
 */
export function govukButtonMacro(source: MirrorSource): Macro {
  const { shown, raw, attributes } = readers(source)
  /** `"govuk-button" + " " + params.classes`: joined as text, so escaped when shown even if marked safe. */
  const joined = (value: unknown) => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      return String(value)
    return value instanceof source.runtime.SafeString ? String(value) : unread()
  }

  return mirroredMacro(BUTTON.name, source, (self, params) => {
    if (params.isStartButton) unread()
    // The template's `{% if params.classes %}` around its `set` leaves a blank line before the button.
    let html = params.classes ? '\n  \n' : ''
    const classNames = params.classes ? `govuk-button ${joined(params.classes)}` : 'govuk-button'
    let common = ` class="${shown(classNames)}" data-module="govuk-button"${attributes(self, params.attributes)}`
    if (params.id) common += ` id="${shown(params.id)}"`
    const text = params.html ? raw(params.html).trim() : shown(params.text)
    // `{{ buttonText | safe | indent(2) }}` on its own line.
    const content = `>\n  ${indent(text, 2)}\n`
    if (params.href)
      return `${html}\n<a href="${shown(params.href)}" role="button" draggable="false"${common}${content}</a>\n`
    html += `\n<button type="${params.type ? shown(params.type) : 'submit'}"`
    if (params.value) html += ` value="${shown(params.value)}"`
    if (params.name) html += ` name="${shown(params.name)}"`
    if (params.disabled) html += ' disabled aria-disabled="true"'
    if (params.preventDoubleClick !== undefined)
      html += ` data-prevent-double-click="${shown(params.preventDoubleClick)}"`
    return `${html}${common}${content}</button>\n`
  })
}
