import type { Kysely } from 'kysely'
import { hashOfSecret, newSecret } from '../../kernel/secret-token.ts'
import type { Schema } from '../../schema.ts'
import type { Role } from './roles.ts'

type Db = Kysely<Schema>

/** The signed-in user as every route sees them. */
export interface CurrentUser {
  id: string
  email: string
  displayName: string
  role: Role
  teamId: string | null
  councilId: string
  councilCode: string
  councilName: string
  councilSynthetic: boolean
  /** A provider user's provider in the council's directory (null for the council's staff). */
  providerId: string | null
}

export const WEB_SESSION_HOURS = 12
export const API_TOKEN_DAYS = 30

export async function findCouncilByCode(db: Db, code: string) {
  return db.selectFrom('councils').selectAll().where('code', '=', code.toUpperCase()).executeTakeFirst()
}

/** Every council of the instance, by code. */
export async function listCouncils(db: Db) {
  return db.selectFrom('councils').select(['id', 'code', 'name', 'synthetic']).orderBy('code').execute()
}

/**
 * Adds a council; its code is upper-cased (a CLD LA code or a short name).
 *
 * @example
 * await addCouncil(db, { code: 'DEMO', name: 'Demoshire Council', synthetic: true })
 */
export async function addCouncil(db: Db, council: { code: string; name: string; synthetic?: boolean }) {
  return db
    .insertInto('councils')
    .values({ code: council.code.toUpperCase(), name: council.name, synthetic: council.synthetic ?? false })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function addTeam(db: Db, councilId: string, name: string) {
  return db
    .insertInto('teams')
    .values({ council_id: councilId, name })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function listTeams(db: Db, councilId: string) {
  return db
    .selectFrom('teams')
    .select(['id', 'name'])
    .where('council_id', '=', councilId)
    .orderBy('name')
    .execute()
}

export async function addUser(
  db: Db,
  user: {
    councilId: string
    email: string
    displayName: string
    role: Role
    passwordHash: string
    teamId?: string | null
    /** A provider user's provider (required for one, and for no one else). */
    providerId?: string | null
  },
) {
  return db
    .insertInto('users')
    .values({
      council_id: user.councilId,
      email: user.email.toLowerCase(),
      display_name: user.displayName,
      role: user.role,
      password_hash: user.passwordHash,
      team_id: user.teamId ?? null,
      provider_id: user.providerId ?? null,
    })
    .returning(['id', 'email', 'role', 'council_id'])
    .executeTakeFirstOrThrow()
}

export async function findUserByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'password_hash', 'council_id', 'active'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst()
}

/** Workers of a council a request can be allocated to (practitioners and managers), by team. */
export async function listWorkers(db: Db, councilId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'team_id', 'role'])
    .where('council_id', '=', councilId)
    .where('active', '=', true)
    .where('role', 'in', ['practitioner', 'team_manager'])
    .orderBy('display_name')
    .execute()
}

/**
 * Starts a session and returns its secret token. Only the token's hash is
 * stored, so a copy of the database cannot be used to sign in.
 */
export async function startSession(db: Db, userId: string, kind: 'web' | 'api', now: Date): Promise<string> {
  const token = newSecret()
  const lifetimeMs = kind === 'web' ? WEB_SESSION_HOURS * 3_600_000 : API_TOKEN_DAYS * 86_400_000
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashOfSecret(token),
      user_id: userId,
      kind,
      expires_at: new Date(now.getTime() + lifetimeMs),
    })
    .execute()
  return token
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashOfSecret(token)).execute()
}

/** The user behind a live session token of the given kind, or undefined. */
export async function userForSession(
  db: Db,
  token: string,
  kind: 'web' | 'api',
  now: Date,
): Promise<CurrentUser | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('councils', 'councils.id', 'users.council_id')
    .select([
      'users.id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.team_id',
      'users.provider_id',
      'councils.id as council_id',
      'councils.code',
      'councils.name',
      'councils.synthetic',
    ])
    .where('sessions.token_hash', '=', hashOfSecret(token))
    .where('sessions.kind', '=', kind)
    .where('sessions.expires_at', '>', now)
    .where('users.active', '=', true)
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
    councilSynthetic: row.synthetic,
    providerId: row.provider_id ?? null,
  }
}

/** The instance's secret for signing cookies, made on first use and shared by every instance. */
export async function cookieSecret(db: Db): Promise<string> {
  await db
    .insertInto('instance_settings')
    .values({ key: 'cookie_secret', value: newSecret() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  const row = await db
    .selectFrom('instance_settings')
    .select('value')
    .where('key', '=', 'cookie_secret')
    .executeTakeFirstOrThrow()
  return row.value
}
