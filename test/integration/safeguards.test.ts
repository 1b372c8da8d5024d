import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildApp } from '../../src/app/build-app.ts'
import { readConfig } from '../../src/config.ts'
import { describeOnEachDatabase, emailFor, TEST_PASSWORD } from '../support/test-context.ts'

describeOnEachDatabase('the audit log is append-only', (ctx) => {
  it.each([
    ['an update', sql`UPDATE audit_log SET action = 'read'`],
    ['a delete', sql`DELETE FROM audit_log`],
    ['a truncate', sql`TRUNCATE audit_log`],
  ])('refuses %s, even to the database owner', async (_label, statement) => {
    await (await ctx().api('admin')).get('/api/v1/audit')
    const before = await ctx()
      .database.db.selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(before.n)).toBeGreaterThan(0)
    await expect(statement.execute(ctx().database.db)).rejects.toThrow(/append-only/)
    const after = await ctx()
      .database.db.selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(after.n).toEqual(before.n)
  })
})

describeOnEachDatabase('the sign-in rate limit', (ctx) => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await buildApp({
      database: ctx().database,
      config: readConfig({}, { logLevel: 'silent' }),
      now: () => new Date(),
      loginRateLimit: { max: 3, timeWindowMs: 60_000 },
    })
  })
  afterAll(async () => {
    await app?.close()
  })

  it('answers 429 once an address has tried one email too often, and leaves other emails alone', async () => {
    const attempt = (email: string, password: string) =>
      app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } })
    const target = emailFor('practitioner', 'a')
    for (let i = 0; i < 3; i++) expect((await attempt(target, 'wrong password')).statusCode).toBe(401)
    const limited = await attempt(target, TEST_PASSWORD)
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['content-type']).toContain('application/problem+json')
    expect((await attempt(emailFor('analyst', 'a'), TEST_PASSWORD)).statusCode).toBe(201)
  })
})
