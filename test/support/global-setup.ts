import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { connect } from '../../src/kernel/db/connect.ts'
import { migrate } from '../../src/kernel/db/migrate.ts'

/**
 * Creates each test database once: an embedded database migrated and dumped
 * to a file (PGlite's initdb takes seconds; loading a dump is quick), and, when
 * TEST_DATABASE_URL is set, a migrated template database on that server.
 */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-test-'))
  const dumpPath = path.join(dir, 'template.tar.gz')
  const embedded = await connect({})
  await migrate(embedded)
  const dump = await embedded.dump?.()
  if (!dump) throw new Error('The embedded database could not be dumped')
  fs.writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()))
  await embedded.close()
  project.provide('embeddedTemplatePath', dumpPath)

  const serverUrl = process.env.TEST_DATABASE_URL
  if (serverUrl) {
    const templateName = `ascend_template_${process.pid}`
    const admin = await connect({ databaseUrl: serverUrl, maxConnections: 1 })
    await admin.executeScript(`DROP DATABASE IF EXISTS ${templateName}`)
    await admin.executeScript(`CREATE DATABASE ${templateName}`)
    const template = await connect({ databaseUrl: withDatabase(serverUrl, templateName), maxConnections: 1 })
    await migrate(template)
    await template.close()
    await admin.close()
    project.provide('serverTemplate', templateName)
  } else {
    console.log('\nTEST_DATABASE_URL is not set: integration tests run on the embedded database only.\n')
    project.provide('serverTemplate', '')
  }

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true })
    if (serverUrl) {
      const admin = await connect({ databaseUrl: serverUrl, maxConnections: 1 })
      await admin.executeScript(`DROP DATABASE IF EXISTS ascend_template_${process.pid}`)
      await admin.close()
    }
  }
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${name}`
  return parsed.toString()
}

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedTemplatePath: string
    serverTemplate: string
  }
}
