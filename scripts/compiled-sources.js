// ASCEND's TypeScript runs with no build step through tsx's loader, which
// resolves and loads every module on a thread of its own: half a second of
// each start on a two-core machine, a sixth of a first `npm start`.
// `npm install` therefore also compiles src/ into .compiled/ (same layout,
// imports rewritten from .ts to .js), and bin/ascend.js runs that copy when it
// was made from exactly the sources there now; otherwise, after any edit, it
// runs the TypeScript through tsx as before, so the copy is never stale.
//
// Plain JavaScript: it decides whether tsx is needed, so it runs before tsx.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/**
 * Where the copy goes. It sits beside src/ so that a path a module finds from
 * its own URL (`../../../migrations/`) reaches the same file from either.
 */
export const COMPILED_DIR = path.join(ROOT, '.compiled')
export const SOURCES_DIR = path.join(ROOT, 'src')

/** The note of which sources the copy was made from, kept in it. */
const MANIFEST = 'ascend-compiled.json'

/** Files that run: TypeScript to compile (tests left out) and JavaScript to copy (worker and browser scripts). */
const isSource = (name) => (name.endsWith('.ts') && !name.endsWith('.test.ts')) || name.endsWith('.js')

/**
 * Every source file under `dir`, by path relative to it (with `/`), each with
 * a hash of its bytes.
 *
 * @example
 * sourceHashes('src') // { 'cli/main.ts': '5b1c…', … }
 */
export function sourceHashes(dir) {
  const hashes = {}
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !isSource(entry.name)) continue
    const file = path.join(entry.parentPath, entry.name)
    hashes[path.relative(dir, file).split(path.sep).join('/')] = createHash('sha1')
      .update(fs.readFileSync(file))
      .digest('hex')
  }
  return hashes
}

const sameHashes = (a, b) => {
  const names = Object.keys(a)
  return names.length === Object.keys(b).length && names.every((name) => a[name] === b[name])
}

/**
 * The compiled module for `entry` (a path under the sources, `.ts`) when the
 * copy in `compiledDir` was made from the sources as they are now, otherwise
 * undefined: missing, made from other sources, or a file added or removed.
 *
 * @example
 * const main = compiledModule('cli/main.ts') // file:///…/.compiled/cli/main.js, or undefined
 */
export function compiledModule(entry, sourcesDir = SOURCES_DIR, compiledDir = COMPILED_DIR) {
  let manifest
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(compiledDir, MANIFEST), 'utf8'))
  } catch {
    return undefined
  }
  if (!manifest?.sources || !sameHashes(manifest.sources, sourceHashes(sourcesDir))) return undefined
  return pathToFileURL(path.join(compiledDir, entry.replace(/\.ts$/, '.js'))).href
}

/**
 * Compiles every source under `sourcesDir` into `compiledDir`: TypeScript
 * with its types removed and its relative `.ts` imports pointing at `.js`
 * (no type check: `npm test` does that), JavaScript copied. Written beside
 * and then renamed into place, so a start never finds half a copy. Returns
 * the number of files, or undefined without the TypeScript compiler (an
 * install without dev dependencies), when tsx keeps running the sources.
 *
 * @example
 * await compileSources() // 181
 */
export async function compileSources(sourcesDir = SOURCES_DIR, compiledDir = COMPILED_DIR) {
  let ts
  try {
    ts = (await import('typescript')).default
  } catch {
    return undefined
  }
  const sources = sourceHashes(sourcesDir)
  const building = `${compiledDir}.${process.pid}`
  fs.rmSync(building, { recursive: true, force: true })
  const vendored = await bundleVendored(building)
  for (const name of Object.keys(sources)) {
    const from = path.join(sourcesDir, name)
    const to = path.join(building, name.replace(/\.ts$/, '.js'))
    fs.mkdirSync(path.dirname(to), { recursive: true })
    if (name.endsWith('.js')) {
      fs.copyFileSync(from, to)
      continue
    }
    const { outputText } = ts.transpileModule(fs.readFileSync(from, 'utf8'), {
      fileName: from,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
        rewriteRelativeImportExtensions: true,
      },
    })
    fs.writeFileSync(to, fromVendored(outputText, vendored, path.relative(path.dirname(to), building)))
  }
  // Written last: a copy without it is never run.
  fs.writeFileSync(path.join(building, MANIFEST), JSON.stringify({ sources }, null, 1))
  fs.rmSync(compiledDir, { recursive: true, force: true })
  fs.renameSync(building, compiledDir)
  return Object.keys(sources).length
}

/**
 * Packages the sources import that are many small modules, and only ASCEND
 * imports: each is bundled into one file of the copy (`vendor/`). Node
 * resolves and compiles a module a file; Kysely is 283 of them and took 158 ms
 * of every start, bundled 20 ms; Zod 74 ms, bundled 35 ms.
 */
const VENDORED = ['kysely', 'zod']

/** Bundles the vendored packages into `building`/vendor with esbuild (tsx's own); the names bundled. */
async function bundleVendored(building) {
  let esbuild
  try {
    esbuild = await import('esbuild')
  } catch {
    return [] // Without esbuild the copy imports them from node_modules, as the sources do.
  }
  for (const name of VENDORED) {
    await esbuild.build({
      stdin: { contents: `export * from '${name}'`, resolveDir: ROOT, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile: path.join(building, 'vendor', `${name}.js`),
      logLevel: 'silent',
    })
  }
  return VENDORED
}

/** A compiled module's imports of vendored packages, pointed at their bundles (`up`: from its folder to the copy's). */
function fromVendored(code, vendored, up) {
  if (vendored.length === 0) return code
  const root = up === '' ? '.' : up.split(path.sep).join('/')
  return code.replace(
    new RegExp(`(from\\s*)(['"])(${vendored.join('|')})\\2`, 'g'),
    (_all, from, quote, name) => `${from}${quote}${root}/vendor/${name}.js${quote}`,
  )
}
