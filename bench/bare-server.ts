import fastify, { type FastifyInstance } from 'fastify'
import { isoDay } from '../src/kernel/dates.ts'
import type { Database } from '../src/kernel/db/connect.ts'
import { carersReader } from '../src/modules/carers/actions.ts'
import type { Role } from '../src/modules/identity/roles.ts'
import type { CurrentUser } from '../src/modules/identity/store.ts'
import { auditedPersonReads } from '../src/modules/people/audited-reads.ts'
import { classifyQuery } from '../src/modules/people/rules.ts'
import { openAtDeath } from '../src/modules/people/support-ended-at-death.ts'
import { auditedCaseloadReads } from '../src/modules/requests/actions.ts'

/** The bare routes' paths, asked for as the user `as` (a user id of a synthetic council). */
export const BARE_PATHS = {
  person: (id: string, as: string) => `/bare/people/${id}?as=${as}`,
  caseload: (as: string) => `/bare/caseload?as=${as}`,
  search: (q: string, as: string) => `/bare/people?q=${encodeURIComponent(q)}&as=${as}`,
} as const

export interface BareServer {
  url: string
  close(): Promise<void>
}

/**
 * Starts, beside the service and on its database, a bare Fastify server whose
 * routes run the same store functions and SQL as the person, caseload and
 * search pages (audit rows included) and answer JSON: no security headers,
 * cookies, session, CSRF token, template or request log. It is the baseline
 * `ascend bench` measures the pages against. Bench only: `ascend serve` starts
 * it when ASCEND_BENCH_BARE_ROUTES=1, on loopback, and it answers only for
 * users of synthetic councils, named by `?as=<user id>` since it has no sign-in.
 *
 * @example
 * const bare = await startBareServer(database, 0)
 * await fetch(`${bare.url}/bare/caseload?as=${workerId}`)
 * await bare.close()
 */
export async function startBareServer(database: Database, port: number): Promise<BareServer> {
  const app = bareApp(database)
  const address = await app.listen({ port, host: '127.0.0.1' })
  return { url: address, close: () => app.close() }
}

function bareApp(database: Database): FastifyInstance {
  const db = database.db
  const app = fastify({ logger: false })
  // Made the way the service makes them, so reads arriving together share statements as theirs do.
  const reads = auditedPersonReads(db)
  const carerPanels = carersReader(db)
  const readCaseload = auditedCaseloadReads(db)
  const users = new Map<string, Promise<CurrentUser | undefined>>()
  const userFor = (id: unknown) => {
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(undefined)
    let user = users.get(id)
    if (!user) {
      user = syntheticCouncilUser(database, id)
      users.set(id, user)
    }
    return user
  }

  app.get('/bare/people/:id', async (request, reply) => {
    const query = request.query as { as?: unknown }
    const user = await userFor(query.as)
    if (!user) return reply.code(403).send({ status: 403 })
    const id = (request.params as { id: string }).id
    const found = await reads.read(user, id, 'bench', 'record')
    if (!found) return reply.code(404).send({ status: 404 })
    // The page shows the person's active plan, carers and merged records too: the same SQL, so the same lookups
    // (and, for someone who died, what their death left open).
    const activePlan = await reads.activePlan(user.councilId, found.person.id)
    const openAfterDeath = found.person.date_of_death
      ? await openAtDeath(db, user.councilId, found.person.id)
      : null
    const [carers, merged] = await Promise.all([
      carerPanels.read(user, found.person, 'bench', isoDay(new Date())),
      reads.merged(user.councilId, found.person.id),
    ])
    return { ...found, activePlan, openAfterDeath, carers, merged }
  })

  app.get('/bare/caseload', async (request, reply) => {
    const user = await userFor((request.query as { as?: unknown }).as)
    if (!user) return reply.code(403).send({ status: 403 })
    return { requests: await readCaseload(user, user.id) }
  })

  app.get('/bare/people', async (request, reply) => {
    const query = request.query as { as?: unknown; q?: unknown }
    const user = await userFor(query.as)
    if (!user) return reply.code(403).send({ status: 403 })
    const classified = classifyQuery(typeof query.q === 'string' ? query.q : '')
    if (classified.kind === 'empty' || classified.kind === 'invalid')
      return reply.code(422).send({ status: 422 })
    return reads.search(user, classified, 'bench')
  })

  return app
}

/** A user as the pages see them, only when their council is synthetic: no real record is ever served bare. */
async function syntheticCouncilUser(database: Database, id: string): Promise<CurrentUser | undefined> {
  const row = await database.db
    .selectFrom('users')
    .innerJoin('councils', 'councils.id', 'users.council_id')
    .select([
      'users.id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.team_id',
      'councils.id as council_id',
      'councils.code',
      'councils.name',
    ])
    .where('users.id', '=', id)
    .where('councils.synthetic', '=', true)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role as Role,
    teamId: row.team_id,
    councilId: row.council_id,
    councilCode: row.code,
    councilName: row.name,
    councilSynthetic: true,
    providerId: null,
  }
}
