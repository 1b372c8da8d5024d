/**
 * An administrator's work with the council's users: add them, change their
 * name, email, role or team, deactivate and reactivate them, and give them a
 * link to set their password (ASCEND sends no email: the administrator
 * passes the link on). Every change is audited. The council always keeps an
 * active administrator, and nobody deactivates themselves.
 */
import { type Kysely, sql } from 'kysely'
import type { Database } from '../../kernel/db/connect.ts'
import { conflict, notFound, ValidationProblem } from '../../kernel/problem.ts'
import { hashOfSecret, isSecretShaped, newSecret } from '../../kernel/secret-token.ts'
import { parseInput } from '../../kernel/validation.ts'
import type { Schema } from '../../schema.ts'
import { type AuditEntry, recordAudit } from '../audit/store.ts'
import { hashPassword } from './passwords.ts'
import type { CurrentUser } from './store.ts'
import { parseUserInput, passwordSchema, type UserInput } from './user-inputs.ts'

type Db = Kysely<Schema>

/** How long a password link works: long enough to reach someone away for a weekend. */
export const PASSWORD_LINK_DAYS = 3
/** What a user who has not set a password has: no argon2 hash, so no password matches it. */
const NO_PASSWORD = '!no-password-set'

const TEAM_NAME_MAX = 100

const entry = (
  admin: CurrentUser,
  action: 'create' | 'update',
  recordType: string,
  recordId: string,
  detail: object,
): AuditEntry => ({
  councilId: admin.councilId,
  userId: admin.id,
  action,
  recordType,
  recordId,
  detail: detail as Record<string, unknown>,
})

/** A council's users as the pages show them: with their team's name, and whether they have a password. */
const councilUsers = (db: Db, councilId: string) =>
  db
    .selectFrom('users as u')
    .leftJoin('teams as t', 't.id', 'u.team_id')
    .leftJoin('providers as p', 'p.id', 'u.provider_id')
    .select([
      'u.id',
      'u.display_name',
      'u.email',
      'u.role',
      'u.team_id',
      't.name as team_name',
      'u.provider_id',
      'p.name as provider_name',
      'u.active',
      'u.created_at',
    ])
    .select(sql<boolean>`u.password_hash = ${NO_PASSWORD}`.as('awaiting_password'))
    .where('u.council_id', '=', councilId)

/** The council's users, active first, by name, with their team's name. */
export async function listUsers(database: Database, admin: CurrentUser) {
  return councilUsers(database.db, admin.councilId)
    .orderBy('u.active', 'desc')
    .orderBy(sql`lower(u.display_name)`)
    .orderBy('u.email')
    .execute()
}

async function findUser(db: Db, councilId: string, id: string, forUpdate = false) {
  let query = councilUsers(db, councilId).where('u.id', '=', id)
  if (forUpdate) query = query.forUpdate('u')
  return query.executeTakeFirst()
}
export type UserRow = NonNullable<Awaited<ReturnType<typeof findUser>>>

/** A user of the admin's council, with when their open password link (if any) expires; 404 otherwise. */
export async function readUser(database: Database, admin: CurrentUser, id: string, now: Date) {
  const user = await findUser(database.db, admin.councilId, id)
  if (!user) throw notFound('User')
  const link = await database.db
    .selectFrom('password_links')
    .select('expires_at')
    .where('user_id', '=', id)
    .where('closed_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  return { user, linkExpiresAt: link?.expires_at ?? null }
}

const sameEmail = () =>
  new ValidationProblem([{ field: 'email', message: 'A user with this email address already exists' }])

/** Whether the council has a team or a provider of this id. */
async function councilHas(db: Db, table: 'teams' | 'providers', id: string, councilId: string) {
  const { rows } =
    await sql`SELECT 1 FROM ${sql.table(table)} WHERE id = ${id}::uuid AND council_id = ${councilId}::uuid`.execute(
      db,
    )
  return rows.length > 0
}

/** Email and team checked against what is recorded: unique, and the council's own team. */
async function checkAgainstRecords(db: Db, councilId: string, input: UserInput, exceptId?: string) {
  let withEmail = db
    .selectFrom('users')
    .select('id')
    .where(sql<boolean>`lower(email) = ${input.email.toLowerCase()}`)
  if (exceptId) withEmail = withEmail.where('id', '!=', exceptId)
  if (await withEmail.executeTakeFirst()) throw sameEmail()
  if (input.teamId && !(await councilHas(db, 'teams', input.teamId, councilId)))
    throw new ValidationProblem([{ field: 'teamId', message: 'Choose a team of this council' }])
  if (input.providerId && !(await councilHas(db, 'providers', input.providerId, councilId)))
    throw new ValidationProblem([
      { field: 'providerId', message: 'Choose a provider in this council’s directory' },
    ])
}

/** Whether the council would be left with no active administrator without this user. */
async function isLastAdmin(db: Db, councilId: string, userId: string) {
  const others = await db
    .selectFrom('users')
    .select('id')
    .where('council_id', '=', councilId)
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .where('id', '!=', userId)
    .executeTakeFirst()
  return !others
}

/** Closes a user's open links and opens a new one; the secret is returned once, here. */
async function openPasswordLink(tx: Db, admin: CurrentUser, userId: string, now: Date) {
  await tx
    .updateTable('password_links')
    .set({ closed_at: now })
    .where('user_id', '=', userId)
    .where('closed_at', 'is', null)
    .execute()
  const secret = newSecret()
  const expiresAt = new Date(now.getTime() + PASSWORD_LINK_DAYS * 86_400_000)
  const link = await tx
    .insertInto('password_links')
    .values({
      council_id: admin.councilId,
      user_id: userId,
      token_hash: hashOfSecret(secret),
      created_by: admin.id,
      created_at: now,
      expires_at: expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await recordAudit(
    tx,
    entry(admin, 'create', 'password_link', link.id, { userId, expiresAt: expiresAt.toISOString() }),
  )
  return { secret, expiresAt }
}

/**
 * Adds a user to the admin's council, with no password yet and a link to
 * set one. 422 for bad input, an email already used, or another council's team.
 *
 * @example
 * const { user, link } = await addUserAsAdmin(database, admin, { displayName: 'Ada Lovelace', email, role: 'practitioner', teamId }, now)
 */
export async function addUserAsAdmin(database: Database, admin: CurrentUser, body: unknown, now: Date) {
  const input = parseUserInput(body)
  return database.db.transaction().execute(async (tx) => {
    await checkAgainstRecords(tx, admin.councilId, input)
    const { id } = await tx
      .insertInto('users')
      .values({
        council_id: admin.councilId,
        email: input.email,
        display_name: input.displayName,
        role: input.role,
        team_id: input.teamId ?? null,
        provider_id: input.providerId ?? null,
        password_hash: NO_PASSWORD,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      // Of two adding the same email at once, the second's insert fails on the email key.
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === '23505') throw sameEmail()
        throw error
      })
    await recordAudit(
      tx,
      entry(admin, 'create', 'user', id, { email: input.email, role: input.role, by: 'admin' }),
    )
    const link = await openPasswordLink(tx, admin, id, now)
    return { user: (await findUser(tx, admin.councilId, id)) as UserRow, link }
  })
}

/**
 * Changes a user's name, email, role or team. 404 for another council's;
 * 409 when it would leave the council with no active administrator.
 *
 * @example
 * await changeUser(database, admin, id, { displayName, email, role: 'team_manager', teamId })
 */
export async function changeUser(database: Database, admin: CurrentUser, id: string, body: unknown) {
  const input = parseUserInput(body)
  return database.db.transaction().execute(async (tx) => {
    const before = await findUser(tx, admin.councilId, id, true)
    if (!before) throw notFound('User')
    await checkAgainstRecords(tx, admin.councilId, input, id)
    if (
      before.role === 'admin' &&
      input.role !== 'admin' &&
      before.active &&
      (await isLastAdmin(tx, admin.councilId, id))
    )
      throw conflict('The council needs an active administrator: give another user that role first')
    const after = {
      display_name: input.displayName,
      email: input.email,
      role: input.role,
      team_id: input.teamId ?? null,
      provider_id: input.providerId ?? null,
    }
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((key) => before[key] !== after[key])
    if (changed.length > 0) {
      await tx.updateTable('users').set(after).where('id', '=', id).execute()
      // A new role or team changes what the user may see: they sign in again to take it up.
      if (changed.includes('role') || changed.includes('team_id') || changed.includes('provider_id'))
        await tx.deleteFrom('sessions').where('user_id', '=', id).execute()
    }
    await recordAudit(tx, entry(admin, 'update', 'user', id, { changed }))
    return (await findUser(tx, admin.councilId, id)) as UserRow
  })
}

/**
 * Deactivates a user (their sessions and links end; they cannot sign in) or
 * reactivates them. 409 for one's own account, or the last administrator.
 *
 * @example
 * await setUserActive(database, admin, id, false, now)
 */
export async function setUserActive(
  database: Database,
  admin: CurrentUser,
  id: string,
  active: boolean,
  now: Date,
) {
  return database.db.transaction().execute(async (tx) => {
    const user = await findUser(tx, admin.councilId, id, true)
    if (!user) throw notFound('User')
    if (!active && id === admin.id) throw conflict('You cannot deactivate your own account')
    if (!active && user.role === 'admin' && (await isLastAdmin(tx, admin.councilId, id)))
      throw conflict('The council needs an active administrator: give another user that role first')
    if (user.active === active) return user
    await tx.updateTable('users').set({ active }).where('id', '=', id).execute()
    if (!active) {
      await tx.deleteFrom('sessions').where('user_id', '=', id).execute()
      await tx
        .updateTable('password_links')
        .set({ closed_at: now })
        .where('user_id', '=', id)
        .where('closed_at', 'is', null)
        .execute()
    }
    await recordAudit(tx, entry(admin, 'update', 'user', id, { active }))
    return (await findUser(tx, admin.councilId, id)) as UserRow
  })
}

/**
 * A new link for an active user of the council to set their password (any
 * older one stops working). 409 for a deactivated user.
 *
 * @example
 * const { secret, expiresAt } = await makePasswordLink(database, admin, id, now)
 */
export async function makePasswordLink(database: Database, admin: CurrentUser, id: string, now: Date) {
  return database.db.transaction().execute(async (tx) => {
    const user = await findUser(tx, admin.councilId, id, true)
    if (!user) throw notFound('User')
    if (!user.active) throw conflict('Reactivate the user before giving them a password link')
    return { user, ...(await openPasswordLink(tx, admin, id, now)) }
  })
}

/** The user a password link is for, while it is open, unexpired and its user active; else undefined. */
export async function userOfPasswordLink(database: Database, secret: string, now: Date) {
  if (!isSecretShaped(secret)) return undefined
  return database.db
    .selectFrom('password_links as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .innerJoin('councils as c', 'c.id', 'u.council_id')
    .select([
      'l.id as link_id',
      'u.id',
      'u.email',
      'u.display_name',
      'u.council_id',
      'c.name as council_name',
      'c.synthetic',
    ])
    .where('l.token_hash', '=', hashOfSecret(secret))
    .where('l.closed_at', 'is', null)
    .where('l.expires_at', '>', now)
    .where('u.active', '=', true)
    .executeTakeFirst()
}

/**
 * Sets a user's password through their link, which then stops working; any
 * sessions they had end. Undefined when the link does not work; 422 for a
 * password that will not do.
 *
 * @example
 * await setPasswordByLink(database, secret, { password, confirmPassword }, now)
 */
export async function setPasswordByLink(database: Database, secret: string, body: unknown, now: Date) {
  const user = await userOfPasswordLink(database, secret, now)
  if (!user) return undefined
  const { password } = parseInput(passwordSchema(user.email), body)
  const hash = await hashPassword(password)
  return database.db.transaction().execute(async (tx) => {
    // Closed only if still open: of two submissions at once, one sets the password.
    const closed = await tx
      .updateTable('password_links')
      .set({ closed_at: now })
      .where('id', '=', user.link_id)
      .where('closed_at', 'is', null)
      .executeTakeFirst()
    if (Number(closed.numUpdatedRows) === 0) return undefined
    await tx.updateTable('users').set({ password_hash: hash }).where('id', '=', user.id).execute()
    await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute()
    await recordAudit(tx, {
      councilId: user.council_id,
      userId: user.id,
      action: 'update',
      recordType: 'user',
      recordId: user.id,
      detail: { password: 'set by link' },
    })
    return user
  })
}

/**
 * Adds a team to the admin's council. 422 for no name, or one the council has.
 *
 * @example
 * await addTeamAsAdmin(database, admin, { name: 'Reablement' })
 */
export async function addTeamAsAdmin(database: Database, admin: CurrentUser, body: unknown) {
  const given =
    typeof (body as { name?: unknown })?.name === 'string' ? (body as { name: string }).name.trim() : ''
  if (!given) throw new ValidationProblem([{ field: 'name', message: 'Enter the team’s name' }])
  if (given.length > TEAM_NAME_MAX)
    throw new ValidationProblem([
      { field: 'name', message: `The name must be ${TEAM_NAME_MAX} characters or fewer` },
    ])
  return database.db.transaction().execute(async (tx) => {
    const same = await tx
      .selectFrom('teams')
      .select('id')
      .where('council_id', '=', admin.councilId)
      .where(sql<boolean>`lower(name) = ${given.toLowerCase()}`)
      .executeTakeFirst()
    if (same) throw new ValidationProblem([{ field: 'name', message: 'The council has a team of that name' }])
    const team = await tx
      .insertInto('teams')
      .values({ council_id: admin.councilId, name: given })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow()
    await recordAudit(tx, entry(admin, 'create', 'team', team.id, { name: given }))
    return team
  })
}
