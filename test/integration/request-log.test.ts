import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app/build-app.ts'
import { readConfig } from '../../src/config.ts'
import type { Database } from '../../src/kernel/db/connect.ts'
import { freshDatabase } from '../support/databases.ts'

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
