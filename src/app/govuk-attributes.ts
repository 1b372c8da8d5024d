/**
 * GOV.UK Frontend's `govukAttributes` macro (macros/attributes.njk), which
 * every component calls for its own attributes and for each table cell, row
 * and item's: in Nunjucks a call cost about a microsecond with nothing to
 * render and five with one attribute, a third of a caseload table's render.
 * This is the same macro in JavaScript, giving the same text byte for byte:
 * the whitespace its template leaves between attributes included, branch by
 * branch (`govuk-attributes.test.ts` compares the two over any attributes).
 * It is used only for the file it was written from (GOV.UK Frontend 6.6's,
 * known by its hash) and only for what that file reads simply: nothing, text,
 * or a plain object; anything else (a value marked safe, a Map, an array, a
 * function, keyword arguments) goes to GOV.UK's own macro.
 */
import type nunjucksModule from 'nunjucks'
import { isKeywordArguments, isPlainObject, type Macro, sha256 } from './govuk-macro-mirror.ts'

/** The macro's file under GOV.UK Frontend's templates. */
export const ATTRIBUTES_TEMPLATE = 'govuk/macros/attributes.njk'

/** sha256 of the attributes.njk this mirrors. */
const MIRRORED = '461d10cc6395aa4ba00dd06ae070416e72af81388e2a470e50ed2a8568d70e4c'

/** Whether `source` is the attributes.njk this file mirrors. */
export const mirrorsTemplate = (source: string) => sha256(source) === MIRRORED

// The text the template leaves, where it leaves it (its `{% … %}` tags have no `-` there).
const MAPPING_BEFORE = '\n    '
const MAPPING_AFTER = '\n  '
const VALUE_SET = '\n        \n        '
const VALUE_ESCAPED_HERE = '\n      '
const ATTRIBUTE_ADDED = '\n        '
const PAIR_ADDED = '\n      '
const ITEM_END = '\n    '

/**
 * The macro in JavaScript, handing to `original` (GOV.UK's, compiled by
 * Nunjucks) whatever it does not read itself.
 *
 * @example
 * exported.govukAttributes = govukAttributesMacro(nunjucks.runtime, env.getFilter('escape'), exported.govukAttributes)
 */
export function govukAttributesMacro(
  runtime: typeof nunjucksModule.runtime,
  /** The environment's `escape` filter, which the template calls. */
  escapeFilter: (value: unknown) => unknown,
  original: Macro,
): Macro {
  const { SafeString } = runtime
  return function govukAttributes(this: unknown, ...args: unknown[]) {
    const [attributes] = args
    if (args.length !== 1 || isKeywordArguments(attributes)) return original.apply(this, args)
    if (attributes === undefined || attributes === null) return new SafeString('')
    if (typeof attributes === 'string') return new SafeString(attributes)
    if (!isPlainObject(attributes)) return original.apply(this, args)
    let html = ''
    let left = MAPPING_BEFORE
    for (const name in attributes) {
      const item = (attributes as Record<string, unknown>)[name]
      const options =
        isMapping(item) && !(item instanceof SafeString) ? item : { value: item, optional: false }
      const given = options.value
      // Nunjucks reads a member that is a function as a bound copy: GOV.UK's macro renders that.
      if (typeof given === 'function') return original.apply(this, args)
      let value: unknown
      let valueEscaped: unknown
      left += VALUE_SET
      if (given === undefined || given === null) {
        value = null
        valueEscaped = ''
      } else if (given instanceof SafeString) {
        value = (given as unknown as { val: unknown }).val
        valueEscaped = given
      } else {
        value = given
        valueEscaped = escapeFilter(given)
        left += VALUE_ESCAPED_HERE
      }
      const optional = options.optional
      if (optional === true && value === true) {
        left += ATTRIBUTE_ADDED
        html = `${html} ${escapeFilter(name)}`
      } else if (
        (optional === true && value !== undefined && value !== null && value !== false) ||
        optional !== true
      ) {
        left += ATTRIBUTE_ADDED + PAIR_ADDED
        html = `${html} ${escapeFilter(name)}="${valueEscaped}"`
      }
      left += ITEM_END
    }
    return new SafeString(left + MAPPING_AFTER + html)
  }
}

/** Nunjucks's `mapping` test. */
function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Set)
}
