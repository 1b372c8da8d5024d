import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMPILED_DIR, compiledModule, compileSources, SOURCES_DIR } from '../scripts/compiled-sources.js'

/** Runs a module script in plain Node (no tsx), as bin/ascend.js runs a compiled copy. */
const node = (script: string, env: NodeJS.ProcessEnv = {}) =>
  execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', ...env },
  })

const SOURCES: Record<string, string> = {
  'main.ts': `import { double, type Doubled } from './lib/double.ts'
export const value: Doubled = double(21)
export const later = async () => (await import('./lib/double.ts')).double(2)`,
  'lib/double.ts': `export type Doubled = number
export const double = (n: number): Doubled => n * 2`,
  'lib/worker.js': 'export const plain = true\n',
  'lib/double.test.ts': 'throw new Error("tests are not compiled")\n',
  'views/page.njk': '<p>templates are read from the sources</p>\n',
}

describe('a compiled copy of a small source tree', () => {
  let sources: string
  let compiled: string
  beforeAll(() => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-compiled-'))
    sources = path.join(work, 'src')
    compiled = path.join(work, '.compiled')
  })
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(sources, name)), { recursive: true })
    fs.writeFileSync(path.join(sources, name), text)
  }
  const reset = async () => {
    fs.rmSync(sources, { recursive: true, force: true })
    for (const [name, text] of Object.entries(SOURCES)) write(name, text)
    expect(await compileSources(sources, compiled)).toBe(3)
  }

  it('runs in plain Node with its imports pointing at JavaScript', async () => {
    await reset()
    const entry = compiledModule('main.ts', sources, compiled)
    expect(entry).toBe(pathToFileURL(path.join(compiled, 'main.js')).href)
    expect(
      node(`const m = await import(${JSON.stringify(entry)}); console.log(m.value, await m.later())`),
    ).toBe('42 4\n')
    expect(fs.existsSync(path.join(compiled, 'lib/worker.js'))).toBe(true)
    expect(fs.existsSync(path.join(compiled, 'lib/double.test.js'))).toBe(false)
  })

  it.each([
    ['a source edited', () => write('lib/double.ts', 'export const double = (n: number) => n * 3\n'), false],
    ['a source added', () => write('lib/triple.ts', 'export const triple = 3\n'), false],
    ['a source removed', () => fs.rmSync(path.join(sources, 'lib/double.ts')), false],
    ['a copied script edited', () => write('lib/worker.js', 'export const plain = false\n'), false],
    ['a source moved', () => fs.renameSync(path.join(sources, 'lib'), path.join(sources, 'library')), false],
    ['the note of its sources lost', () => fs.rmSync(path.join(compiled, 'ascend-compiled.json')), false],
    [
      'the note of its sources garbled',
      () => fs.writeFileSync(path.join(compiled, 'ascend-compiled.json'), '{'),
      false,
    ],
    ['a test edited', () => write('lib/double.test.ts', 'export {}\n'), true],
    ['a template edited', () => write('views/page.njk', '<p>changed</p>\n'), true],
  ])('with %s, is %s used', async (_what, change, used) => {
    await reset()
    change()
    expect(compiledModule('main.ts', sources, compiled) !== undefined).toBe(used)
  })
})

// ASCEND's own sources, compiled beside src/ as npm install does (paths found
// from a module's URL must reach the same files from either copy).
describe("ASCEND's sources compiled", () => {
  const compiled = `${COMPILED_DIR}-test-${process.pid}`
  let data: string
  beforeAll(async () => {
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-compiled-data-'))
    expect(await compileSources(SOURCES_DIR, compiled)).toBeGreaterThan(100)
  }, 60_000)
  afterAll(() => {
    fs.rmSync(compiled, { recursive: true, force: true })
    fs.rmSync(data, { recursive: true, force: true })
  })

  it('are used for the sources as they are', () => {
    expect(compiledModule('cli/main.ts', SOURCES_DIR, compiled)).toBeDefined()
  })

  it('import Kysely and Zod from bundles of their own, never from node_modules', () => {
    const modules = fs
      .readdirSync(compiled, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.js') && !name.startsWith('vendor'))
    const code = modules.map((name) => fs.readFileSync(path.join(compiled, name), 'utf8')).join('\n')
    expect(code).not.toMatch(/from\s*['"](kysely|zod)['"]/)
    expect(fs.readFileSync(path.join(compiled, 'kernel/db/connect.js'), 'utf8')).toContain(
      "from '../../vendor/kysely.js'",
    )
    expect(fs.readFileSync(path.join(compiled, 'modules/people/rules.js'), 'utf8')).toContain(
      "from '../../vendor/zod.js'",
    )
  })

  it('load in plain Node, every module', () => {
    const modules = fs
      .readdirSync(compiled, { recursive: true, encoding: 'utf8' })
      // Worker entries and browser scripts run elsewhere, not as imports.
      .filter((name) => name.endsWith('.js') && !/check-worker|browser/.test(name))
    const script = `for (const m of ${JSON.stringify(modules)}) await import(${JSON.stringify(pathToFileURL(compiled).href)} + '/' + m); console.log('loaded')`
    expect(node(script)).toBe('loaded\n')
  }, 60_000)

  it('run the CLI, an import of a CLD file on its checking thread included', () => {
    const main = JSON.stringify(compiledModule('cli/main.ts', SOURCES_DIR, compiled))
    const fixture = path.join(import.meta.dirname, 'fixtures/cld/release-2.csv')
    const run = (args: string[]) =>
      node(`const { main } = await import(${main}); process.exitCode = await main(${JSON.stringify(args)})`, {
        ASCEND_DATA_DIR: data,
        DATABASE_URL: '',
      })
    expect(run(['council', 'add', '--code', 'TESTA', '--name', 'Test A'])).toContain('Added council TESTA')
    expect(run(['import', 'cld', fixture, '--council', 'TESTA'])).toMatch(/Rows loaded:\s+9/)
  }, 60_000)
})
