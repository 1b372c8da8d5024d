import type nunjucksModule from 'nunjucks'
import { ATTRIBUTES_TEMPLATE, govukAttributesMacro, mirrorsTemplate } from './govuk-attributes.ts'
import { BUTTON, govukButtonMacro } from './govuk-button.ts'
import type { Macro } from './govuk-macro-mirror.ts'
import { govukSummaryListMacro, SUMMARY_LIST } from './govuk-summary-list.ts'
import { govukTableMacro, TABLE } from './govuk-table.ts'

type Nunjucks = typeof nunjucksModule

/**
 * Nunjucks runs GOV.UK's macros at about a microsecond a construct: a person
 * page is some thousand of them, and under load its render cost more CPU than
 * everything else the request did (session, CSRF, queries, audit) put
 * together. These changes make the same runtime cheaper without changing what
 * it renders (`nunjucks-speedups.test.ts` renders ASCEND's pages with them and
 * with a pristine Nunjucks and compares):
 *
 * - a variable's name is split on dots once, not on every `set` (every loop
 *   turn sets seven `loop.*` names), and a name without a dot is not split;
 * - text is escaped only when it holds a character to escape;
 * - a member that is not a function is read once, not twice;
 * - a macro file imported without context (`{% from "x" import y %}`, how
 *   every GOV.UK component imports `govukAttributes`) is run once, not at
 *   every render that imports it: its macros depend only on their arguments;
 * - a relative template name (`./template.njk`) is resolved once;
 * - a loop turn sets its seven `loop.*` variables in one call, not seven;
 * - GOV.UK's `govukAttributes`, `govukButton`, `govukTable` and
 *   `govukSummaryList` macros run as JavaScript (`govuk-attributes.ts`,
 *   `govuk-button.ts`, `govuk-table.ts`, `govuk-summary-list.ts`).
 *
 * @example
 * installNunjucksSpeedups(nunjucks) // once, before any render
 */
export function installNunjucksSpeedups(nunjucks: Nunjucks): void {
  const installed = nunjucks as Nunjucks & { [SPEEDUPS]?: true }
  if (installed[SPEEDUPS]) return
  installed[SPEEDUPS] = true
  setNamesSplitOnce(frameClass(nunjucks).prototype)
  escapeOnlyWhenNeeded(nunjucks.lib as unknown as NunjucksLib)
  readMembersOnce(nunjucks.runtime as unknown as NunjucksRuntime)
  runContextFreeImportsOnce(templateClass(nunjucks).prototype, nunjucks)
  resolveRelativeNamesOnce(nunjucks.Loader.prototype as unknown as NunjucksLoader)
  bindLoopVariablesAtOnce(
    (nunjucks as unknown as { compiler: { Compiler: { prototype: NunjucksCompiler } } }).compiler.Compiler
      .prototype,
    nunjucks.runtime as unknown as NunjucksRuntime,
  )
}

const SPEEDUPS = Symbol.for('ascend.nunjucksSpeedups')

interface NunjucksFrame {
  variables: Record<string, unknown>
  resolve(name: string, forWrite: boolean): NunjucksFrame | undefined
  set(name: string, value: unknown, resolveUp?: boolean): void
}

interface NunjucksLib {
  escape(value: string): string
}

interface NunjucksRuntime {
  memberLookup(object: unknown, name: string | number): unknown
  setLoopVariables?(frame: NunjucksFrame, index0: number, length: number): void
}

interface NunjucksCompiler {
  _emitLoopBindings(node: unknown, array: string, index0: string, length: string): void
  _emitLine(code: string): void
}

interface NunjucksLoader {
  resolve(from: string, to: string): string
}

interface NunjucksTemplate {
  path?: string
  tmplStr?: string
  env: {
    opts: { autoescape?: boolean }
    getFilter(name: string): (value: unknown) => unknown
    getTemplate(name: string, eagerCompile: boolean, parentName: string): NunjucksTemplate
  }
  getExported(context: unknown, parentFrame?: unknown, callback?: unknown): void
}

const frameClass = (nunjucks: Nunjucks) =>
  (nunjucks.runtime as unknown as { Frame: { prototype: NunjucksFrame } }).Frame

const templateClass = (nunjucks: Nunjucks) =>
  (nunjucks as unknown as { Template: { prototype: NunjucksTemplate } }).Template

function setNamesSplitOnce(frame: NunjucksFrame) {
  const parts = new Map<string, string[]>()
  frame.set = function set(this: NunjucksFrame, name: string, value: unknown, resolveUp?: boolean) {
    if (name.indexOf('.') === -1) {
      const owner = resolveUp ? this.resolve(name, true) : undefined
      ;(owner ?? this).variables[name] = value
      return
    }
    let path = parts.get(name)
    if (!path) {
      path = name.split('.')
      parts.set(name, path)
    }
    if (resolveUp) {
      const owner = this.resolve(path[0] as string, true)
      if (owner) return owner.set(name, value)
    }
    let variables = this.variables
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i] as string
      if (!variables[key]) variables[key] = {}
      variables = variables[key] as Record<string, unknown>
    }
    variables[path[path.length - 1] as string] = value
  }
}

function escapeOnlyWhenNeeded(lib: NunjucksLib) {
  const escapeAll = lib.escape
  // The characters Nunjucks escapes (lib.js); without one of them, escaping returns the text as it is.
  const needsEscaping = /[&"'<>\\]/
  lib.escape = (value: string) => (needsEscaping.test(value) ? escapeAll(value) : value)
}

function readMembersOnce(runtime: NunjucksRuntime) {
  runtime.memberLookup = (object: unknown, name: string | number) => {
    if (object === undefined || object === null) return undefined
    const member = (object as Record<string | number, unknown>)[name]
    if (typeof member !== 'function') return member
    // As Nunjucks does: a method keeps its object, read at the call.
    return (...args: unknown[]) =>
      ((object as Record<string | number, unknown>)[name] as (...a: unknown[]) => unknown).apply(object, args)
  }
}

function runContextFreeImportsOnce(template: NunjucksTemplate, nunjucks: Nunjucks) {
  const getExported = template.getExported
  const exportedOf = new WeakMap<NunjucksTemplate, unknown>()
  template.getExported = function (
    this: NunjucksTemplate,
    context: unknown,
    parentFrame?: unknown,
    callback?: unknown,
  ) {
    // Only the form an import without context compiles to: `getExported(callback)`.
    if (typeof context !== 'function' || parentFrame !== undefined) {
      return getExported.call(this, context, parentFrame, callback)
    }
    const done = context as (error: unknown, exported?: unknown) => void
    if (exportedOf.has(this)) return done(null, exportedOf.get(this))
    return getExported.call(this, (error: unknown, exported: unknown) => {
      const kept = error ? exported : withMacrosInJavaScript(nunjucks, this, exported)
      if (!error) exportedOf.set(this, kept)
      done(error, kept)
    })
  }
}

/** GOV.UK's macros in JavaScript: each component's files and macro, and its mirror. */
const MIRRORED_COMPONENTS = [
  { ...BUTTON, mirror: govukButtonMacro },
  { ...TABLE, mirror: govukTableMacro },
  { ...SUMMARY_LIST, mirror: govukSummaryListMacro },
]

/** A macro file's exports, with GOV.UK's macros in JavaScript where the file is one mirrored. */
function withMacrosInJavaScript(nunjucks: Nunjucks, template: NunjucksTemplate, exported: unknown) {
  const path = template.path?.replaceAll('\\', '/')
  if (path?.endsWith(`/${ATTRIBUTES_TEMPLATE}`))
    return withAttributesInJavaScript(nunjucks, template, exported)
  const component = MIRRORED_COMPONENTS.find(({ macroFile }) => path?.endsWith(`/${macroFile}`))
  return component ? withComponentInJavaScript(nunjucks, template, exported, component) : exported
}

function withAttributesInJavaScript(nunjucks: Nunjucks, template: NunjucksTemplate, exported: unknown) {
  const macros = exported as { govukAttributes?: Macro }
  if (!mirrorsTemplate(template.tmplStr ?? '') || typeof macros.govukAttributes !== 'function')
    return exported
  return {
    ...macros,
    govukAttributes: govukAttributesMacro(
      nunjucks.runtime,
      template.env.getFilter('escape'),
      macros.govukAttributes,
    ),
  }
}

function withComponentInJavaScript(
  nunjucks: Nunjucks,
  macroFile: NunjucksTemplate,
  exported: unknown,
  { name, mirrors, mirror }: (typeof MIRRORED_COMPONENTS)[number],
) {
  const macros = exported as Record<string, Macro | undefined>
  const original = macros[name]
  // The template and the attributes macro as the macro file's `include` and its template's `from` find them.
  const env = macroFile.env
  const template = env.getTemplate('./template.njk', false, macroFile.path as string)
  if (
    typeof original !== 'function' ||
    env.opts.autoescape !== true ||
    !mirrors(macroFile.tmplStr ?? '', template.tmplStr ?? '')
  )
    return exported
  let govukAttributes: Macro | undefined
  env
    .getTemplate('../../macros/attributes.njk', false, template.path as string)
    .getExported((error: unknown, attributes: { govukAttributes?: Macro }) => {
      if (!error) govukAttributes = attributes.govukAttributes
    })
  if (typeof govukAttributes !== 'function') return exported
  const escapeText = (nunjucks.lib as unknown as NunjucksLib).escape
  return { ...macros, [name]: mirror({ runtime: nunjucks.runtime, escapeText, govukAttributes, original }) }
}

function resolveRelativeNamesOnce(loader: NunjucksLoader) {
  const resolve = loader.resolve
  const resolved = new Map<string, Map<string, string>>()
  loader.resolve = function (this: NunjucksLoader, from: string, to: string) {
    let fromHere = resolved.get(from)
    if (!fromHere) {
      fromHere = new Map()
      resolved.set(from, fromHere)
    }
    let path = fromHere.get(to)
    if (path === undefined) {
      path = resolve.call(this, from, to)
      fromHere.set(to, path)
    }
    return path
  }
}

function bindLoopVariablesAtOnce(compiler: NunjucksCompiler, runtime: NunjucksRuntime) {
  // What the seven `frame.set("loop.x", …)` Nunjucks emits do: a `loop` object in the loop's frame.
  runtime.setLoopVariables = (frame, index0, length) => {
    let loop = frame.variables.loop as Record<string, unknown> | undefined
    if (!loop) {
      loop = {}
      frame.variables.loop = loop
    }
    loop.index = index0 + 1
    loop.index0 = index0
    loop.revindex = length - index0
    loop.revindex0 = length - index0 - 1
    loop.first = index0 === 0
    loop.last = index0 === length - 1
    loop.length = length
  }
  compiler._emitLoopBindings = function (this: NunjucksCompiler, _node, _array, index0, length) {
    this._emitLine(`runtime.setLoopVariables(frame, ${index0}, ${length});`)
  }
}
