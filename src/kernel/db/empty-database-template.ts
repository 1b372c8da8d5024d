import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { MIGRATIONS_DIR } from './migrate.ts'

/**
 * A new embedded database starts with PGlite's initdb and every migration:
 * two to six seconds of one core, most of a first `npm start`. The result is
 * the same for every folder, so `npm install` makes one empty, migrated
 * database (scripts/prepare-empty-database.js) and each new data folder
 * starts as a file copy of it (a tenth to over half a second, as the disk allows, made on
 * another thread while the CLI loads the service: `beginTemplateCopy`), which PGlite then opens as
 * it would any existing folder; migrations added since run on it as on any
 * database. A template is kept per PGlite version, with a note of the
 * migrations in it: if one of those has changed since, it is not used, and
 * initdb and the migrations run as before.
 */

/** The note kept in the template folder (and left out of each copy). */
const MANIFEST = 'ascend-template.json'

interface Manifest {
  /** Each migration the template holds, by name, with a hash of its text. */
  migrations: Record<string, string>
}

/** PGlite's package.json (not among its exports, so found from its entry point). */
function pglitePackageFile(): string {
  let folder = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
  while (!fs.existsSync(path.join(folder, 'package.json'))) folder = path.dirname(folder)
  return path.join(folder, 'package.json')
}

/**
 * The migrations as they are now, each with a hash of its text.
 *
 * @example
 * currentMigrations() // { '0001_core.sql': '3f…', … }
 */
export function currentMigrations(): Record<string, string> {
  const migrations: Record<string, string> = {}
  for (const name of fs.readdirSync(MIGRATIONS_DIR).filter((n) => n.endsWith('.sql'))) {
    migrations[name] = createHash('sha256')
      .update(fs.readFileSync(path.join(MIGRATIONS_DIR, name)))
      .digest('hex')
  }
  return migrations
}

/**
 * Where the template for the installed PGlite lives:
 * `node_modules/.cache/ascend/empty-pgdata-<version>`.
 *
 * @example
 * fs.existsSync(emptyDatabaseTemplateDir()) // true once `npm install` has run
 */
export function emptyDatabaseTemplateDir(): string {
  const packageFile = pglitePackageFile()
  const { version } = JSON.parse(fs.readFileSync(packageFile, 'utf8')) as { version: string }
  const nodeModules = path.resolve(path.dirname(packageFile), '..', '..')
  return path.join(nodeModules, '.cache', 'ascend', `empty-pgdata-${version}`)
}

/**
 * Whether the template exists and each migration in it is unchanged, and
 * whether it already holds every migration there is now.
 *
 * @example
 * templateState(emptyDatabaseTemplateDir()) // 'current' | 'behind' | 'unusable'
 */
export function templateState(template: string): 'current' | 'behind' | 'unusable' {
  let manifest: Manifest
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(template, MANIFEST), 'utf8')) as Manifest
  } catch {
    return 'unusable'
  }
  if (!fs.existsSync(path.join(template, 'PG_VERSION'))) return 'unusable'
  const now = currentMigrations()
  for (const [name, hash] of Object.entries(manifest.migrations)) if (now[name] !== hash) return 'unusable'
  return Object.keys(now).every((name) => name in manifest.migrations) ? 'current' : 'behind'
}

/**
 * Writes the note of which migrations a template folder holds.
 *
 * @example
 * writeTemplateManifest(building, applied)
 */
export function writeTemplateManifest(template: string, migrations: Record<string, string>): void {
  const manifest: Manifest = { migrations }
  fs.writeFileSync(path.join(template, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
}

/** Copies under way, by the database folder each is for: each gives the folder beside it that it made, or undefined if it could not. */
const copies = new Map<string, Promise<string | undefined>>()

/**
 * Begins copying the template for a new database folder, on another thread:
 * half a second or more of writing files on a slow disk, which the CLI lets
 * run while it loads the service's modules (about a second of this thread).
 * The copy is made beside the folder, under this process's id, and only
 * `startFromEmptyDatabaseTemplate` puts it in place. Does nothing when the
 * folder holds a database already, when a copy for it is under way, or when
 * there is no usable template.
 *
 * @example
 * beginTemplateCopy('./data/pgdata') // then, holding the folder's lock:
 * await startFromEmptyDatabaseTemplate('./data/pgdata')
 */
export function beginTemplateCopy(pgdataDir: string): void {
  if (copies.has(pgdataDir) || fs.existsSync(path.join(pgdataDir, 'PG_VERSION'))) return
  const template = emptyDatabaseTemplateDir()
  if (templateState(template) === 'unusable') return
  const copying = `${pgdataDir}.copying-${process.pid}`
  copies.set(pgdataDir, copyOnAnotherThread(template, copying))
}

// Runs in a worker: copies the template, leaving out its note, and says whether it could.
const COPY_TEMPLATE = `
const { parentPort, workerData: { template, copying, manifest } } = require('node:worker_threads')
const fs = require('node:fs')
const path = require('node:path')
try {
  fs.rmSync(copying, { recursive: true, force: true })
  fs.mkdirSync(path.dirname(copying), { recursive: true })
  fs.cpSync(template, copying, { recursive: true, filter: (source) => path.basename(source) !== manifest })
  parentPort.postMessage(true)
} catch {
  // The template was being replaced (an \`npm install\` at the same moment): initdb serves instead.
  fs.rmSync(copying, { recursive: true, force: true })
  parentPort.postMessage(false)
}`

function copyOnAnotherThread(template: string, copying: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const worker = new Worker(COPY_TEMPLATE, {
      eval: true,
      workerData: { template, copying, manifest: MANIFEST },
    })
    worker.once('message', (copied: boolean) => resolve(copied ? copying : undefined))
    worker.once('error', () => resolve(undefined))
    worker.once('exit', () => resolve(undefined))
  })
}

/**
 * Starts a new database folder as a copy of the template, begun earlier by
 * `beginTemplateCopy` or now. The caller holds the folder's lock. Does
 * nothing, and says so, when the folder already holds a database or there is
 * no usable template.
 *
 * @example
 * if (!(await startFromEmptyDatabaseTemplate('./data/pgdata'))) console.log('initdb will run')
 */
export async function startFromEmptyDatabaseTemplate(pgdataDir: string): Promise<boolean> {
  beginTemplateCopy(pgdataDir)
  const copying = await takeCopy(pgdataDir)
  if (!copying) return false
  // Copied beside and renamed into place: a copy cut short by a crash is never taken for a database.
  if (fs.existsSync(pgdataDir) && fs.readdirSync(pgdataDir).length === 0) fs.rmdirSync(pgdataDir)
  if (fs.existsSync(pgdataDir)) {
    fs.rmSync(copying, { recursive: true, force: true })
    return false
  }
  fs.renameSync(copying, pgdataDir)
  return true
}

/**
 * Removes the copy begun for a folder this process will not open (another
 * process holds it), once it is finished.
 *
 * @example
 * await abandonTemplateCopy('./data/pgdata')
 */
export async function abandonTemplateCopy(pgdataDir: string): Promise<void> {
  const copying = await takeCopy(pgdataDir)
  if (copying) fs.rmSync(copying, { recursive: true, force: true })
}

async function takeCopy(pgdataDir: string): Promise<string | undefined> {
  const begun = copies.get(pgdataDir)
  copies.delete(pgdataDir)
  return begun
}
