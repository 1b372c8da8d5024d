/**
 * What GOV.UK's macros mirrored in JavaScript (`govuk-button.ts`,
 * `govuk-table.ts`, `govuk-summary-list.ts`) share: reading their arguments
 * as Nunjucks reads them, and handing anything they do not read simply to
 * GOV.UK's own macro.
 */
import { createHash } from 'node:crypto'
import type nunjucksModule from 'nunjucks'

export type Macro = (this: unknown, ...args: unknown[]) => unknown
export type Fields = Record<string, unknown>

/** Thrown while rendering, and caught by `mirroredMacro`, when an argument holds what only GOV.UK's macro should read. */
const UNREAD = Symbol('left to GOV.UK’s macro')

/** Leaves the whole call to GOV.UK's macro (a summary card, say). */
export function unread(): never {
  throw UNREAD
}

export const sha256 = (source: string) => createHash('sha256').update(source).digest('hex')

/** A GOV.UK Frontend component a mirror was written from. */
export interface MirroredComponent {
  /** The macro's name, e.g. govukTable. */
  name: string
  /** Its macro.njk and template.njk under GOV.UK Frontend's templates. */
  macroFile: string
  templateFile: string
  /** Whether installed files are the ones the mirror was written from (known by their sha256). */
  mirrors(macro: string, template: string): boolean
}

/**
 * @example
 * export const TABLE = govukComponent('table', 'govukTable', { macro: '2bd4…', template: '9a83…' })
 */
export function govukComponent(
  folder: string,
  name: string,
  hashes: { macro: string; template: string },
): MirroredComponent {
  return {
    name,
    macroFile: `govuk/components/${folder}/macro.njk`,
    templateFile: `govuk/components/${folder}/template.njk`,
    mirrors: (macro, template) => sha256(macro) === hashes.macro && sha256(template) === hashes.template,
  }
}

/** Nunjucks's `indent` filter on text: every line but the first (or every line) after `width` spaces. */
export function indent(text: string, width: number, first = false): string {
  if (text === '') return ''
  const pad = ' '.repeat(width)
  return (first ? pad : '') + (text.includes('\n') ? text.replaceAll('\n', `\n${pad}`) : text)
}

/** How Nunjucks passes `name=value` arguments: one object, marked. */
export function isKeywordArguments(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, '__keywords')
}

/** An object of names and values, read by Nunjucks as such (not as something to iterate). */
export function isPlainObject(value: unknown): value is Fields {
  if (value === null || typeof value !== 'object') return false
  const prototype = Object.getPrototypeOf(value)
  return (prototype === Object.prototype || prototype === null) && !(Symbol.iterator in value)
}

/** Reads a mirrored macro's arguments as its template does, or gives up on them (`UNREAD`). */
export interface Readers {
  /** `{{ value }}`, autoescaped. */
  shown(value: unknown): string
  /** `{{ value | safe }}`, for a value already known to be truthy. */
  raw(value: unknown): string
  /** The fields of a component, row or item: nothing has none; anything but a plain object is not read here. */
  fields(value: unknown): Fields
  /** What a `{% for %}` goes through: only an array is read here. */
  list(value: unknown): unknown[]
  /** `{{ govukAttributes(value) }}` */
  attributes(self: unknown, value: unknown): string
}

/** What a mirror is made from. */
export interface MirrorSource {
  runtime: typeof nunjucksModule.runtime
  /** What `{{ … }}` escapes text with (Nunjucks's `lib.escape`). */
  escapeText: (text: string) => string
  /** The `govukAttributes` macro GOV.UK's templates import. */
  govukAttributes: Macro
  /** GOV.UK's macro, compiled by Nunjucks: what renders anything the mirror does not read. */
  original: Macro
}

/**
 * @example
 * const { shown } = readers(source)
 * shown('a & b') // 'a &amp; b'
 */
export function readers({ runtime, escapeText, govukAttributes }: MirrorSource): Readers {
  const { SafeString } = runtime
  const shown = (value: unknown): string => {
    if (value === undefined || value === null) return ''
    if (value instanceof SafeString) return (value as unknown as { val: string }).val
    if (typeof value === 'string') return escapeText(value)
    if (typeof value === 'number' || typeof value === 'boolean') return escapeText(String(value))
    return unread()
  }
  return {
    shown,
    raw(value) {
      if (value instanceof SafeString) return (value as unknown as { val: string }).val
      if (typeof value === 'string') return value
      if (typeof value === 'number' || typeof value === 'boolean') return String(value)
      return unread()
    },
    fields(value) {
      if (value === undefined || value === null) return {}
      return isPlainObject(value) ? value : unread()
    },
    list(value) {
      return Array.isArray(value) ? value : unread()
    },
    attributes(self, value) {
      // Nunjucks would hand the macro a bound copy of a function, which GOV.UK's renders as its source.
      if (typeof value === 'function') unread()
      return shown(govukAttributes.call(self, value))
    },
  }
}

/**
 * A macro taking one plain object of parameters, rendered by `render`, and by
 * GOV.UK's own when called any other way or given anything `render` does not
 * read.
 *
 * @example
 * exported.govukTable = mirroredMacro('govukTable', source, (self, params) => '<table …')
 */
export function mirroredMacro(
  name: string,
  { runtime, original }: MirrorSource,
  render: (self: unknown, params: Fields) => string,
): Macro {
  const { SafeString } = runtime
  const mirrored = function (this: unknown, ...args: unknown[]) {
    const [params] = args
    if (args.length !== 1 || !isPlainObject(params) || isKeywordArguments(params))
      return original.apply(this, args)
    try {
      return new SafeString(render(this, params))
    } catch (error) {
      if (error === UNREAD) return original.apply(this, args)
      throw error
    }
  }
  return Object.defineProperty(mirrored, 'name', { value: name })
}
