import path from 'node:path'
import { beginTemplateCopy } from './empty-database-template.ts'
import { compiledPglite } from './pglite-module.ts'

/**
 * Where the embedded database's own files live inside ASCEND's data folder
 * (which also holds the folder's lock).
 */
export function pgdataDirOf(dataDir: string): string {
  return path.join(dataDir, 'pgdata')
}

/**
 * Begins, on other threads, the slow parts of opening the embedded database in
 * a data folder that need nothing else: copying the empty database into a new
 * folder and compiling PGlite. The CLI calls it before it loads the service's
 * modules (about a second of this thread), so that a first start does them
 * meanwhile; `connect` then takes what they made.
 *
 * @example
 * beginOpeningEmbedded(config.dataDir)
 * const { serveCommand } = await import('./serve-command.ts')
 */
export function beginOpeningEmbedded(dataDir: string): void {
  beginTemplateCopy(pgdataDirOf(dataDir))
  void compiledPglite()
}
