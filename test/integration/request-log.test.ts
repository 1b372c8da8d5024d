import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app/build-app.ts'
import { readConfig } from '../../src/config.ts'
import type { Database } from '../../src/kernel/db/connect.ts'
import { freshDatabase } from '../support/databases.ts'
import { startServer } from '../support/server-process.ts'

// The service's log: one line a request, and nothing in it that names a
// person or carries a credential (a search's words, cookies, bearer tokens).

let database: Database
let app: FastifyInstance
const lines: Record<string, unknown>[] = []

beforeAll(async () => {
  database = await freshDatabase('pglite')
  app = await buildApp({
    database,
    config: readConfig({}, { logLevel: 'info' }),
    now: () => new Date(),
    logStream: { write: (line) => lines.push(JSON.parse(line)) },
  })
  await app.ready()
})
afterAll(async () => {
  await app.close()
  await database.close()
})

describe('the request log', () => {
  it.each([
    ['a search page', 'GET', '/people?q=Ada%20Lovelace', '/people', 302],
    [
      'a person page',
      'GET',
      '/people/6f1c2b0e-1111-4222-8333-944455556666?tab=events',
      '/people/6f1c2b0e-1111-4222-8333-944455556666',
      302,
    ],
    ['an API search', 'GET', '/api/v1/people?q=943%20476%205919', '/api/v1/people', 401],
    ['a sign-in', 'POST', '/sign-in', '/sign-in', 403],
    ['the health check', 'GET', '/health', '/health', 200],
  ])(
    'writes one line for %s, by method and path, with no personal data or credential',
    async (_what, method, url, path, status) => {
      lines.length = 0
      const response = await app.inject({
        method: method as 'GET' | 'POST',
        url,
        headers: {
          cookie: 'ascend_session=secret-session-value',
          authorization: 'Bearer secret-token-value',
        },
        ...(method === 'POST'
          ? { payload: { email: 'ada@example.test', password: 'secret-password-value' } }
          : {}),
      })
      expect(response.statusCode).toBe(status)
      // Errors (here a form without its CSRF token) are logged too, as they happen.
      const answered = lines.filter((line) => line.msg === 'request completed')
      expect(answered).toHaveLength(1)
      expect(lines.filter((line) => line.msg === 'incoming request')).toEqual([])
      expect(answered[0]).toMatchObject({
        level: 30,
        msg: 'request completed',
        req: { method, path },
        res: { statusCode: status },
        responseTime: expect.any(Number),
      })
      const written = JSON.stringify(lines)
      for (const secret of [
        'Lovelace',
        '5919',
        'secret-session-value',
        'secret-token-value',
        'ada@example',
        'secret-password',
      ]) {
        expect(written).not.toContain(secret)
      }
    },
  )
})

// The service writes its log without waiting for standard output; what is
// still to be written when it is stopped is written before it exits.
describe('the request log of a running service', () => {
  it('holds a line for every request answered, even when the service is stopped straight after', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-log-'))
    try {
      const server = await startServer({ ASCEND_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info' })
      const requests = 300
      const statuses = await Promise.all(
        Array.from({ length: requests }, async (_, i) => (await fetch(`${server.url}/health?n=${i}`)).status),
      )
      expect(statuses.every((status) => status === 200)).toBe(true)
      // 'close', not 'exit': the last of its output may arrive after it has exited.
      const closed = new Promise<number | null>((resolve) => server.child.once('close', resolve))
      server.child.kill('SIGTERM')
      expect(await closed).toBe(0)
      const logged = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg: string; req?: { path: string } })
        .filter((line) => line.msg === 'request completed' && line.req?.path === '/health')
      expect(logged).toHaveLength(requests)
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }, 120_000)
})
