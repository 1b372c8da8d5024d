import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { signInThroughPage } from '../../bench/sign-in.ts'
import { connect } from '../../src/kernel/db/connect.ts'
import { DEMO_PASSWORD, demoEmail } from '../../src/modules/synthetic/demo-council.ts'
import { testDatabaseKinds } from '../support/databases.ts'
import { withDatabase } from '../support/global-setup.ts'
import { exited, type ServerProcess, startServer } from '../support/server-process.ts'

// `npm start` on an empty database answers the sign-in page while the demo
// council's people are still being written (serve-command.ts). On the
// embedded database every query waits for their transaction anyway; on a
// server only the service's own gate keeps a sign-in from an empty caseload.

const ADDING = "Adding the demo council's synthetic people"
const READY = /Demo council ready: [\d,]+ synthetic people/

const requestsOnCaseload = async (server: ServerProcess) => {
  const cookie = await signInThroughPage(server.url, demoEmail('practitioner'), DEMO_PASSWORD)
  const page = await (await fetch(`${server.url}/caseload`, { headers: { cookie } })).text()
  return page.match(/href="\/requests\/[0-9a-f-]{36}"/g)?.length ?? 0
}

const untilPrinted = async (server: ServerProcess, text: string | RegExp) => {
  for (let i = 0; i < 600 && !server.output().match(text); i++) await new Promise((r) => setTimeout(r, 50))
  expect(server.output()).toMatch(text)
}

describe.each(testDatabaseKinds())('ascend serve --demo on an empty database (%s)', (kind) => {
  let folder: string
  let serverDatabase: string | undefined
  let server: ServerProcess | undefined

  /** The environment of a server on a new, empty database of this kind. */
  const emptyDatabase = async (): Promise<Record<string, string>> => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-demo-'))
    if (kind === 'pglite') return { ASCEND_DATA_DIR: folder }
    const serverUrl = process.env.TEST_DATABASE_URL as string
    serverDatabase = `ascend_test_${randomBytes(6).toString('hex')}`
    const admin = await connect({ databaseUrl: serverUrl, maxConnections: 1 })
    await admin.executeScript(`CREATE DATABASE ${serverDatabase} TEMPLATE ${inject('serverTemplate')}`)
    await admin.close()
    return { ASCEND_DATA_DIR: folder, DATABASE_URL: withDatabase(serverUrl, serverDatabase) }
  }

  afterEach(async () => {
    server?.child.kill('SIGKILL')
    if (server) await exited(server.child)
    server = undefined
    fs.rmSync(folder, { recursive: true, force: true })
    if (serverDatabase) {
      const admin = await connect({ databaseUrl: process.env.TEST_DATABASE_URL as string, maxConnections: 1 })
      await admin.executeScript(`DROP DATABASE IF EXISTS ${serverDatabase} WITH (FORCE)`)
      await admin.close()
      serverDatabase = undefined
    }
  })

  it('answers the sign-in page at once, and a sign-in waits for the demo people', async () => {
    server = await startServer(await emptyDatabase(), ['--demo'])
    const signInPage = await fetch(`${server.url}/sign-in`)
    expect(signInPage.status).toBe(200)
    expect(server.output()).not.toMatch(READY)
    expect(await requestsOnCaseload(server)).toBeGreaterThan(0)
    await untilPrinted(server, READY)
  }, 60_000)

  it('adds the demo people at the next start when the last was killed while writing them', async () => {
    const env = await emptyDatabase()
    server = await startServer(env, ['--demo'])
    await untilPrinted(server, ADDING)
    server.child.kill('SIGKILL')
    await exited(server.child)
    expect(server.output()).not.toMatch(READY)

    server = await startServer(env, ['--demo'])
    await untilPrinted(server, READY)
    expect(server.output()).toContain(ADDING)
    expect(await requestsOnCaseload(server)).toBeGreaterThan(0)
  }, 60_000)
})
