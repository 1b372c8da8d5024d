import type { Database } from '../../kernel/db/connect.ts'
import { hashPassword } from '../identity/passwords.ts'
import { ROLES, type Role } from '../identity/roles.ts'
import { addCouncil, addTeam, addUser } from '../identity/store.ts'
import { insertNamedProvider } from '../market/store.ts'

export const DEMO_COUNCIL_CODE = 'DEMO'
export const DEMO_PASSWORD = 'ascend-demo'
export const demoEmail = (role: Role) => `${role}@demo.ascend.test`

/** The sign-ins printed at start-up and listed in the README. */
export const DEMO_SIGN_INS = ROLES.map((role) => ({ role, email: demoEmail(role), password: DEMO_PASSWORD }))

const TEAMS = ['North locality team', 'South locality team', 'Hospital discharge team']

/** Synthetic colleagues, so allocation has someone to choose. */
const EXTRA_WORKERS: { name: string; team: number; role: Role }[] = [
  { name: 'Sam Okafor', team: 0, role: 'practitioner' },
  { name: 'Priya Shah', team: 1, role: 'practitioner' },
  { name: 'Tom Reilly', team: 1, role: 'team_manager' },
  { name: 'Ewa Nowak', team: 2, role: 'practitioner' },
]

/**
 * Creates the synthetic demo council with one user per role (and a few
 * colleagues), unless the database already holds a council. Returns the new
 * council's id, or undefined when nothing was done. `passwordHash`, the demo
 * password's hash, may be begun early: hashing takes a fifth of a second on
 * another thread, which a start can spend opening the database.
 *
 * @example
 * const councilId = await ensureDemoCouncil(database)
 */
export async function ensureDemoCouncil(
  database: Database,
  passwordHash?: Promise<string>,
): Promise<string | undefined> {
  const existing = await database.db.selectFrom('councils').select('id').limit(1).executeTakeFirst()
  if (existing) return undefined
  const hash = await (passwordHash ?? hashPassword(DEMO_PASSWORD))
  return database.db.transaction().execute(async (tx) => {
    const council = await addCouncil(tx, {
      code: DEMO_COUNCIL_CODE,
      name: 'Demoshire Council',
      synthetic: true,
    })
    const teams: { id: string }[] = []
    for (const name of TEAMS) teams.push(await addTeam(tx, council.id, name))
    const teamFor = (role: Role) => (['practitioner', 'team_manager'].includes(role) ? teams[0]?.id : null)
    // The demo provider user keeps a listing of its own in the directory.
    const provider = await insertNamedProvider(tx, council.id, 'Demoshire Care Partnership')
    for (const role of ROLES) {
      await addUser(tx, {
        councilId: council.id,
        email: demoEmail(role),
        displayName: `Demo ${role.replace(/_/g, ' ')}`,
        role,
        passwordHash: hash,
        teamId: teamFor(role),
        providerId: role === 'provider' ? provider.id : null,
      })
    }
    for (const [i, worker] of EXTRA_WORKERS.entries()) {
      await addUser(tx, {
        councilId: council.id,
        email: `colleague${i + 1}@demo.ascend.test`,
        displayName: worker.name,
        role: worker.role,
        passwordHash: hash,
        teamId: teams[worker.team]?.id ?? null,
      })
    }
    return council.id
  })
}

/**
 * The demo council's id when it has no people yet: its people are written
 * after the council, in a transaction of their own, so a service stopped
 * meanwhile leaves the council without them, and the next start adds them.
 *
 * @example
 * const councilId = (await ensureDemoCouncil(database)) ?? (await demoCouncilWithoutPeople(database))
 */
export async function demoCouncilWithoutPeople(database: Database): Promise<string | undefined> {
  const council = await database.db
    .selectFrom('councils')
    .select('id')
    .where('code', '=', DEMO_COUNCIL_CODE)
    .where('synthetic', '=', true)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('people').select('id').whereRef('people.council_id', '=', 'councils.id'))),
    )
    .executeTakeFirst()
  return council?.id
}
