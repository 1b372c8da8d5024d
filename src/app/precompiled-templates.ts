/**
 * Nunjucks turns each template into JavaScript the first time a page needs
 * it: a quarter of a second of every start for the sign-in page's layout and
 * components, and as much again the first time each kind of page is shown.
 * `npm install` compiles every template beforehand (`precompileTemplates`,
 * from scripts/compile-sources.js) into `.compiled/templates`, one file a
 * template named by a hash of its path, its text and the Nunjucks version, and
 * a template is then made from that file instead. A template whose text has
 * changed since has another hash, finds no file, and is compiled as before.
 *
 * Only the compiled copy of ASCEND (`.compiled`, which runs only when made
 * from the sources as they are) uses them: they were made by its Nunjucks
 * speedups, whose compiler they need.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type nunjucksModule from 'nunjucks'

type Nunjucks = typeof nunjucksModule

interface NunjucksTemplate {
  path?: string
  tmplStr?: string
  tmplProps?: unknown
  env: { asyncFilters: string[]; extensionsList: unknown[]; opts: object }
  blocks: unknown
  rootRenderFunc: unknown
  compiled: boolean
  _compile(): void
  _getBlocks(props: unknown): unknown
}

interface NunjucksCompiler {
  compile(source: string, asyncFilters: string[], extensions: unknown[], name: string, opts: object): string
}

/** The folder of the compiled copy that holds them. */
const PRECOMPILED_DIR = 'templates'

/** The folder of precompiled templates when this module runs from the compiled copy, else undefined. */
export function precompiledTemplatesDir(): string | undefined {
  const here = fileURLToPath(import.meta.url)
  const compiledRoot = path.resolve(path.dirname(here), '..')
  return path.basename(compiledRoot) === '.compiled' ? path.join(compiledRoot, PRECOMPILED_DIR) : undefined
}

const NUNJUCKS_VERSION = (createRequire(import.meta.url)('nunjucks/package.json') as { version: string })
  .version

/** The file a template's compiled code is kept in: its path (which the code names), its text and Nunjucks's version. */
const keyOf = (templatePath: string, source: string) =>
  createHash('sha1').update(`${NUNJUCKS_VERSION}\0${templatePath}\0${source}`).digest('hex')

/**
 * Makes templates from their precompiled code in `dir` when it is there.
 *
 * @example
 * usePrecompiledTemplates(nunjucks, precompiledTemplatesDir())
 */
export function usePrecompiledTemplates(nunjucks: Nunjucks, dir: string | undefined): void {
  if (dir === undefined || !fs.existsSync(dir)) return
  const template = (nunjucks as unknown as { Template: { prototype: NunjucksTemplate } }).Template.prototype
  const compile = template._compile
  template._compile = function (this: NunjucksTemplate) {
    if (this.tmplProps === undefined && this.tmplStr !== undefined && this.path !== undefined) {
      let code: string | undefined
      try {
        code = fs.readFileSync(path.join(dir, `${keyOf(this.path, this.tmplStr)}.js`), 'utf8')
      } catch {
        // Not precompiled (a new or changed template): compiled below, as Nunjucks does.
      }
      if (code !== undefined) {
        const props = new Function(code)() as { root: unknown }
        this.blocks = this._getBlocks(props)
        this.rootRenderFunc = props.root
        this.compiled = true
        return
      }
    }
    compile.call(this)
  }
}

/**
 * Compiles every `.njk` template under `searchPaths` into `dir` as `env` (an
 * environment of `nunjucks`, with ASCEND's compiler speedups installed) would
 * compile it. Returns how many.
 *
 * @example
 * precompileTemplates(nunjucks, createNunjucks(), TEMPLATE_PATHS, '.compiled/templates') // 270
 */
export function precompileTemplates(
  nunjucks: Nunjucks,
  environment: nunjucksModule.Environment,
  searchPaths: readonly string[],
  dir: string,
): number {
  const compiler = (nunjucks as unknown as { compiler: NunjucksCompiler }).compiler
  const env = environment as unknown as NunjucksTemplate['env']
  fs.mkdirSync(dir, { recursive: true })
  let count = 0
  for (const searchPath of searchPaths) {
    for (const entry of fs.readdirSync(searchPath, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.njk')) continue
      // The path a FileSystemLoader gives the template, which its compiled code names.
      const file = path.resolve(entry.parentPath, entry.name)
      const source = fs.readFileSync(file, 'utf8')
      let code: string
      try {
        code = compiler.compile(source, env.asyncFilters, env.extensionsList, file, env.opts)
      } catch {
        continue // A template Nunjucks cannot compile fails where it is used, as before.
      }
      const target = path.join(dir, `${keyOf(file, source)}.js`)
      fs.writeFileSync(`${target}.${process.pid}`, code)
      fs.renameSync(`${target}.${process.pid}`, target)
      count += 1
    }
  }
  return count
}
