import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { inject } from 'vitest'
import { connect, type Database, type DatabaseKind } from '../../src/kernel/db/connect.ts'
import { withDatabase } from './global-setup.ts'

/** The engines integration tests run on: always the embedded one, a server when TEST_DATABASE_URL is set. */
export function testDatabaseKinds(): DatabaseKind[] {
  return inject('serverTemplate') ? ['pglite', 'postgres'] : ['pglite']
}

let embeddedTemplate: Blob | undefined

/**
 * A new, migrated, empty database of the given kind, cloned from the template
 * made once per run. Closing it drops it.
 */
export async function freshDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'pglite') {
    embeddedTemplate ??= new Blob([fs.readFileSync(inject('embeddedTemplatePath'))])
    return connect({ loadDataDir: embeddedTemplate })
  }
  const serverUrl = process.env.TEST_DATABASE_URL
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set')
  const name = `ascend_test_${randomBytes(6).toString('hex')}`
  const admin = await connect({ databaseUrl: serverUrl, maxConnections: 1 })
  await admin.executeScript(`CREATE DATABASE ${name} TEMPLATE ${inject('serverTemplate')}`)
  await admin.close()
  const database = await connect({ databaseUrl: withDatabase(serverUrl, name), maxConnections: 10 })
  return {
    ...database,
    async close() {
      await database.close()
      const cleanup = await connect({ databaseUrl: serverUrl, maxConnections: 1 })
      await cleanup.executeScript(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await cleanup.close()
    },
  }
}
