import fs from 'node:fs'
import path from 'node:path'
import { connect } from './connect.ts'
import { emptyDatabaseTemplateDir } from './empty-database-template.ts'
import { migrate } from './migrate.ts'

/**
 * Makes the empty, migrated embedded database that new data folders are
 * copied from, if it is missing, and returns its folder. It is built in a
 * folder of its own and renamed into place, so a template is only ever seen
 * whole, and two installs at once cannot mix theirs.
 *
 * @example
 * await makeEmptyDatabaseTemplate() // by `npm install`
 */
export async function makeEmptyDatabaseTemplate(): Promise<string> {
  const target = emptyDatabaseTemplateDir()
  if (fs.existsSync(target)) return target
  fs.mkdirSync(path.dirname(target), { recursive: true })
  const building = fs.mkdtempSync(`${target}.building-`)
  try {
    const database = await connect({ dataDir: building, command: 'npm install (empty database)' })
    try {
      await migrate(database)
    } finally {
      await database.close()
    }
    fs.renameSync(path.join(building, 'pgdata'), target)
  } catch (error) {
    // Another process renamed its copy into place first: theirs serves as well.
    if (!fs.existsSync(target)) throw error
  } finally {
    fs.rmSync(building, { recursive: true, force: true })
  }
  return target
}
