import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { Database } from '../src/kernel/db/connect.ts'
import { hashPassword, verifyPassword } from '../src/modules/identity/passwords.ts'
import { can } from '../src/modules/identity/roles.ts'
import { DEMO_PASSWORD } from '../src/modules/synthetic/demo-council.ts'

/** What the bench asks for: real records of the seeded council, and who asks. */
export interface Targets {
  councilCode: string
  people: number
  /** People spread over the council, for the person page. */
  personIds: string[]
  /** Full names of some of them, for search. */
  searchTerms: string[]
  /** The worker with the largest open caseload, who signs in. */
  worker: { id: string; email: string; password: string; caseload: number }
}

const PEOPLE_SAMPLED = 200
const TERMS_SAMPLED = 50

/**
 * Picks what the bench loads from the synthetic council it seeded: people
 * spread across it, search terms that find them, and the case worker with the
 * largest open caseload. Synthetic workers cannot sign in (their password hash
 * matches no password), so unless the worker has the demo password the bench
 * gives them a random one of its own: it may, because the council is synthetic.
 *
 * @example
 * const targets = await pickTargets(database, 'BENCH')
 * await signInThroughPage(origin, targets.worker.email, targets.worker.password)
 */
export async function pickTargets(database: Database, councilCode: string): Promise<Targets> {
  const db = database.db
  const council = await db
    .selectFrom('councils')
    .innerJoin('people', 'people.council_id', 'councils.id')
    .select(['councils.id', 'councils.code', sql<number>`count(*)`.as('people')])
    .where('councils.code', '=', councilCode)
    .where('councils.synthetic', '=', true)
    .groupBy(['councils.id', 'councils.code'])
    .executeTakeFirst()
  if (!council) throw new Error(`The seed made no synthetic council ${councilCode} with people`)

  const stride = Math.max(1, Math.floor(council.people / PEOPLE_SAMPLED))
  const spread = await db
    .selectFrom(
      db
        .selectFrom('people')
        .select([
          'id',
          'given_name',
          'family_name',
          sql<number>`row_number() over (order by la_person_id)`.as('n'),
        ])
        .where('council_id', '=', council.id)
        .as('numbered'),
    )
    .select(['id', 'given_name', 'family_name'])
    .where(sql<boolean>`n % ${stride} = 0`)
    .limit(PEOPLE_SAMPLED)
    .execute()

  const caseloads = await db
    .selectFrom('support_requests')
    .innerJoin('users', 'users.id', 'support_requests.worker_id')
    .select([
      'users.id',
      'users.email',
      'users.role',
      'users.password_hash',
      sql<number>`count(*)`.as('caseload'),
    ])
    .where('support_requests.council_id', '=', council.id)
    .where('support_requests.closed_on', 'is', null)
    .where('users.active', '=', true)
    .groupBy(['users.id', 'users.email', 'users.role', 'users.password_hash'])
    .orderBy(sql`count(*)`, 'desc')
    .execute()
  const worker = caseloads.find((row) => can(row.role, 'caseWork'))
  if (!worker) throw new Error(`No case worker of council ${council.code} has an open caseload`)

  let password = DEMO_PASSWORD
  if (!(await verifyPassword(worker.password_hash, password))) {
    password = `bench-${randomBytes(12).toString('hex')}`
    await db
      .updateTable('users')
      .set({ password_hash: await hashPassword(password) })
      .where('id', '=', worker.id)
      .where('council_id', '=', council.id)
      .execute()
  }

  return {
    councilCode: council.code,
    people: council.people,
    personIds: spread.map((person) => person.id),
    searchTerms: spread
      .filter((_, i) => i % Math.ceil(spread.length / TERMS_SAMPLED) === 0)
      .map((person) => `${person.given_name} ${person.family_name}`),
    worker: { id: worker.id, email: worker.email, password, caseload: worker.caseload },
  }
}
