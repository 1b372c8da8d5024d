/**
 * Links for an account's holder (the person, their representative, or the
 * provider holding an individual service fund) to read its statement
 * without signing in: DESIGN.md capability 6's "statements the person and
 * the provider can read". A finance officer makes one and sends it; it works
 * for 28 days unless withdrawn. Only a hash of its secret is kept, the secret
 * travels in the query string (which ASCEND never logs), and each reading is
 * audited against the link.
 */
import type { Database } from '../../kernel/db/connect.ts'
import { notFound } from '../../kernel/problem.ts'
import { hashOfSecret, isSecretShaped, newSecret } from '../../kernel/secret-token.ts'
import { recordAudit, recordAuditBy } from '../audit/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { readAccount, statementOf } from './actions.ts'

export const LINK_DAYS = 28

/**
 * Makes a link to an account's statement, audited; the secret is returned
 * once, here, and never kept.
 *
 * @example
 * const { secret, expiresAt } = await makeHolderLink(database, user, accountId, new Date())
 * // the holder opens /statements?link=<secret>
 */
export async function makeHolderLink(database: Database, user: CurrentUser, accountId: string, now: Date) {
  const secret = newSecret()
  const expiresAt = new Date(now.getTime() + LINK_DAYS * 86_400_000)
  const { account } = await readAccount(database, user, accountId, now.toISOString().slice(0, 10), {
    audit: false,
  })
  const id = await database.db.transaction().execute(async (tx) => {
    const link = await tx
      .insertInto('budget_statement_links')
      .values({
        council_id: user.councilId,
        account_id: accountId,
        token_hash: hashOfSecret(secret),
        created_by: user.id,
        created_at: now,
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAuditBy(tx, user, {
      action: 'create',
      recordType: 'budget_statement_link',
      recordId: link.id,
      personId: account.personId,
      detail: { accountId, expiresAt: expiresAt.toISOString() },
    })
    return link.id
  })
  return { id, secret, expiresAt, account }
}

/** An account's links that still work, newest first. */
export async function liveHolderLinks(database: Database, user: CurrentUser, accountId: string, now: Date) {
  return database.db
    .selectFrom('budget_statement_links as l')
    .innerJoin('users as u', 'u.id', 'l.created_by')
    .select(['l.id', 'l.created_at', 'l.expires_at', 'u.display_name as created_by_name'])
    .where('l.council_id', '=', user.councilId)
    .where('l.account_id', '=', accountId)
    .where('l.withdrawn_at', 'is', null)
    .where('l.expires_at', '>', now)
    .orderBy('l.created_at', 'desc')
    .execute()
}

/** Withdraws a link of the user's council's account before it expires, audited; 404 for any other. */
export async function withdrawHolderLink(
  database: Database,
  user: CurrentUser,
  accountId: string,
  linkId: string,
  now: Date,
) {
  await database.db.transaction().execute(async (tx) => {
    const withdrawn = await tx
      .updateTable('budget_statement_links')
      .set({ withdrawn_at: now, withdrawn_by: user.id })
      .where('id', '=', linkId)
      .where('account_id', '=', accountId)
      .where('council_id', '=', user.councilId)
      .where('withdrawn_at', 'is', null)
      .returning('id')
      .executeTakeFirst()
    if (!withdrawn) throw notFound('Statement link')
    await recordAuditBy(tx, user, {
      action: 'update',
      recordType: 'budget_statement_link',
      recordId: linkId,
      detail: { accountId, withdrawn: true },
    })
  })
}

/**
 * The statement a link opens (the last three months, or since the account
 * opened), audited as read through the link; undefined for a secret that is
 * not a link's, or whose link has expired or been withdrawn.
 *
 * @example
 * const statement = await statementByLink(database, secret, new Date())
 */
export async function statementByLink(database: Database, secret: string, now: Date) {
  if (!isSecretShaped(secret)) return undefined
  return database.db.transaction().execute(async (tx) => {
    const link = await tx
      .selectFrom('budget_statement_links as l')
      .innerJoin('councils as c', 'c.id', 'l.council_id')
      .select([
        'l.id',
        'l.council_id',
        'l.account_id',
        'l.expires_at',
        'l.withdrawn_at',
        'c.name',
        'c.synthetic',
      ])
      .where('l.token_hash', '=', hashOfSecret(secret))
      .executeTakeFirst()
    if (!link || link.withdrawn_at !== null || link.expires_at <= now) return undefined
    const statement = await statementOf(
      tx,
      link.council_id,
      link.account_id,
      {},
      now.toISOString().slice(0, 10),
    )
    await recordAudit(tx, {
      councilId: link.council_id,
      userId: null,
      action: 'read',
      recordType: 'budget_account',
      recordId: link.account_id,
      personId: statement.account.personId,
      detail: { view: 'statement by the holder’s link', linkId: link.id },
    })
    return {
      ...statement,
      expiresAt: link.expires_at,
      council: { councilName: link.name, councilSynthetic: link.synthetic },
    }
  })
}
