import fs from 'node:fs'
import path from 'node:path'
import { connect } from './connect.ts'
import {
  currentMigrations,
  emptyDatabaseTemplateDir,
  templateState,
  writeTemplateManifest,
} from './empty-database-template.ts'
import { migrate } from './migrate.ts'

/**
 * Makes the empty, migrated embedded database that new data folders are
 * copied from, unless one holding every current migration is already there,
 * and returns its folder. It is built in a folder of its own and renamed into
 * place, so a template is only ever seen whole.
 *
 * @example
 * await makeEmptyDatabaseTemplate() // by `npm install`
 */
export async function makeEmptyDatabaseTemplate(): Promise<string> {
  const target = emptyDatabaseTemplateDir()
  if (templateState(target) === 'current') return target
  fs.mkdirSync(path.dirname(target), { recursive: true })
  const building = fs.mkdtempSync(`${target}.building-`)
  try {
    // Noted before migrating: a migration edited meanwhile then makes the template unusable, never wrong.
    const migrations = currentMigrations()
    const database = await connect({ dataDir: building, command: 'npm install (empty database)' })
    try {
      await migrate(database)
    } finally {
      await database.close()
    }
    const pgdata = path.join(building, 'pgdata')
    writeTemplateManifest(pgdata, migrations)
    fs.rmSync(target, { recursive: true, force: true })
    fs.renameSync(pgdata, target)
  } catch (error) {
    // Another process renamed its copy into place first: theirs serves as well.
    if (templateState(target) !== 'current') throw error
  } finally {
    fs.rmSync(building, { recursive: true, force: true })
  }
  return target
}
