import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { madeAtFirstUse } from '../made-at-first-use.ts'

/**
 * PGlite's WebAssembly (nine megabytes), compiled once a process. The CLI
 * begins it before it loads the service's modules, so that V8 compiles it on
 * its own threads meanwhile instead of while a first start waits for the
 * database. Settles to undefined if it cannot be compiled: PGlite then loads
 * its WebAssembly itself, as it would if it were not given it.
 *
 * @example
 * const pglite = await PGlite.create({ pgliteWasmModule: await compiledPglite() })
 */
export const compiledPglite = madeAtFirstUse(async (): Promise<WebAssembly.Module | undefined> => {
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite')
    return await WebAssembly.compile(
      await fs.promises.readFile(path.join(path.dirname(entry), 'pglite.wasm')),
    )
  } catch {
    return undefined
  }
})
