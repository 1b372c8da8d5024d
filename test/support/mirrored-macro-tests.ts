import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import nunjucks from 'nunjucks'
import { expect, it } from 'vitest'
import type { MirroredComponent } from '../../src/app/govuk-macro-mirror.ts'
import { createNunjucks, TEMPLATE_PATHS } from '../../src/app/plugins/views.ts'
import { array, type Described, make, object, plain } from './described-values.ts'
import { pristineNunjucks } from './pristine-nunjucks.ts'

/**
 * What a component's fields are usually given (text, numbers, booleans,
 * nothing, text marked safe), made from `text`, and now and then what only
 * GOV.UK's macro reads (a list).
 */
export function fieldValue(text: fc.Arbitrary<string>): fc.Arbitrary<Described> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.oneof(text, fc.integer(), fc.double(), fc.boolean()).map(plain) },
    { weight: 3, arbitrary: fc.constantFrom(null, undefined, 0, '', false).map(plain) },
    { weight: 3, arbitrary: text.map((t): Described => ({ kind: 'safe', text: t })) },
    { weight: 1, arbitrary: fc.constantFrom(array([plain('a'), plain('b')])) },
  )
}

/** A component's `attributes`: mostly names and values, sometimes a value or a Map. */
export function attributesValue(names: string[], value: fc.Arbitrary<Described>): fc.Arbitrary<Described> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...names), value).map(object) },
    { weight: 2, arbitrary: value },
    { weight: 1, arbitrary: fc.constantFrom<Described>({ kind: 'map', entries: [['id', plain('x')]] }) },
  )
}

/** A GOV.UK component whose macro ASCEND runs as JavaScript, and what to try it with. */
export interface MirrorTried extends MirroredComponent {
  /** Any argument, described for both copies of Nunjucks. */
  argument: fc.Arbitrary<Described>
  /** Ways of calling it on `a`, the argument. */
  calls: string[]
  /** What GOV.UK documents: an argument and a piece of what it renders. */
  examples: [string, Described, string][]
}

/**
 * The tests every mirror of a GOV.UK component's macro passes: written from
 * the files installed, imported by ASCEND's pages, and rendering what GOV.UK's
 * own renders, byte for byte, over any argument and any way of calling it.
 *
 * @example
 * describe('GOV.UK’s govukTable macro in JavaScript', () => itRendersAsGovukDoes({ name: 'govukTable', … }))
 */
export function itRendersAsGovukDoes(component: MirrorTried): void {
  const { name, macroFile, templateFile, mirrors } = component
  const pristine = pristineNunjucks()
  const fast = createNunjucks()
  const stock = createNunjucks(pristine)
  const render = (env: nunjucks.Environment, engine: typeof nunjucks, call: string, a: Described) =>
    env.renderString(`{% from "${macroFile}" import ${name} %}[{{ ${call} }}]`, { a: make(a, engine) })

  it('is written from the macro.njk and template.njk installed', () => {
    const read = (file: string) => fs.readFileSync(path.join(TEMPLATE_PATHS[2] as string, file), 'utf8')
    // When GOV.UK Frontend changes either file, its own macro runs again: compare the two and update.
    expect(mirrors(read(macroFile), read(templateFile))).toBe(true)
    expect(mirrors(read(macroFile), `${read(templateFile)} `)).toBe(false)
    expect(mirrors(`${read(macroFile)} `, read(templateFile))).toBe(false)
  })

  it('is the one ASCEND’s pages import', async () => {
    const template = fast.getTemplate(macroFile) as unknown as {
      getExported(callback: (error: unknown, exported: Record<string, { name: string }>) => void): void
    }
    const exported = await new Promise<Record<string, { name: string }>>((resolve, reject) =>
      template.getExported((error, value) => (error ? reject(error) : resolve(value))),
    )
    // GOV.UK's, compiled by Nunjucks, is an anonymous function.
    expect(exported[name]?.name).toBe(name)
  })

  it('renders what GOV.UK’s renders, byte for byte, whatever it is given and however it is called', () => {
    fc.assert(
      fc.property(component.argument, fc.constantFrom(...component.calls), (a, call) => {
        expect(render(fast, nunjucks, call, a)).toBe(render(stock, pristine, call, a))
      }),
      { numRuns: 3_000 },
    )
  })

  it.each(component.examples)('renders %s as GOV.UK documents it', (_what, a, expected) => {
    const call = component.calls[0] as string
    const html = render(fast, nunjucks, call, a)
    expect(html).toContain(expected)
    expect(html).toBe(render(stock, pristine, call, a))
  })
}
