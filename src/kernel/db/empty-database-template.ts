import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { MIGRATIONS_DIR } from './migrate.ts'

/**
 * A new embedded database starts with PGlite's initdb and every migration:
 * two to six seconds of one core, most of a first `npm start`. The result is
 * the same for every folder, so `npm install` makes one empty, migrated
 * database (scripts/prepare-empty-database.js) and each new data folder
 * starts as a file copy of it, a tenth of a second, which PGlite then opens as
 * it would any existing folder. A template is only good for the PGlite
 * version and the migrations it was made with, so both are in its name;
 * without a matching one, initdb and the migrations run as before.
 */

/** PGlite's package.json (not among its exports, so found from its entry point). */
function pglitePackageFile(): string {
  let folder = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
  while (!fs.existsSync(path.join(folder, 'package.json'))) folder = path.dirname(folder)
  return path.join(folder, 'package.json')
}

function migrationsFingerprint(): string {
  const hash = createHash('sha256')
  for (const name of fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((n) => n.endsWith('.sql'))
    .sort()) {
    hash
      .update(name)
      .update('\0')
      .update(fs.readFileSync(path.join(MIGRATIONS_DIR, name)))
      .update('\0')
  }
  return hash.digest('hex').slice(0, 16)
}

/**
 * Where the template for the installed PGlite and the current migrations
 * lives: `node_modules/.cache/ascend/empty-pgdata-<version>-<migrations>`.
 *
 * @example
 * fs.existsSync(emptyDatabaseTemplateDir()) // true once `npm install` has run
 */
export function emptyDatabaseTemplateDir(): string {
  const packageFile = pglitePackageFile()
  const { version } = JSON.parse(fs.readFileSync(packageFile, 'utf8')) as { version: string }
  const nodeModules = path.resolve(path.dirname(packageFile), '..', '..')
  return path.join(nodeModules, '.cache', 'ascend', `empty-pgdata-${version}-${migrationsFingerprint()}`)
}

/**
 * Starts a new database folder as a copy of the template. Does nothing, and
 * says so, when the folder already holds a database or there is no template.
 *
 * @example
 * if (!startFromEmptyDatabaseTemplate('./data/pgdata')) console.log('initdb will run')
 */
export function startFromEmptyDatabaseTemplate(pgdataDir: string): boolean {
  if (fs.existsSync(path.join(pgdataDir, 'PG_VERSION'))) return false
  const template = emptyDatabaseTemplateDir()
  if (!fs.existsSync(path.join(template, 'PG_VERSION'))) return false
  // Copied beside and renamed into place: a copy cut short by a crash is never taken for a database.
  const copying = `${pgdataDir}.copying-${process.pid}`
  fs.rmSync(copying, { recursive: true, force: true })
  fs.cpSync(template, copying, { recursive: true })
  if (fs.existsSync(pgdataDir) && fs.readdirSync(pgdataDir).length === 0) fs.rmdirSync(pgdataDir)
  if (fs.existsSync(pgdataDir)) {
    fs.rmSync(copying, { recursive: true, force: true })
    return false
  }
  fs.renameSync(copying, pgdataDir)
  return true
}
