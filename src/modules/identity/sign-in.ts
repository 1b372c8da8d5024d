import { z } from 'zod'
import type { Database } from '../../kernel/db/connect.ts'
import { recordAudit } from '../audit/store.ts'
import { verifyPassword } from './passwords.ts'
import { findUserByEmail, startSession } from './store.ts'

export const SIGN_IN_FAILED = 'The email address or password is not right'

export const credentialsSchema = z.object({
  email: z.string({ error: 'Enter your email address' }).trim().min(1, { error: 'Enter your email address' }),
  password: z.string({ error: 'Enter your password' }).min(1, { error: 'Enter your password' }),
})

/**
 * Checks credentials and starts a session. Every failure looks the same to the
 * caller (and takes as long), so an email address cannot be probed.
 *
 * @example
 * const token = await signIn(database, 'web', { email, password }, new Date()) // undefined when refused
 */
export async function signIn(
  database: Database,
  kind: 'web' | 'api',
  credentials: { email: string; password: string },
  now: Date,
): Promise<string | undefined> {
  const user = await findUserByEmail(database.db, credentials.email)
  const ok = await verifyPassword(user?.password_hash, credentials.password)
  if (!user) return undefined
  if (!ok || !user.active) {
    await recordAudit(database.db, {
      councilId: user.council_id,
      userId: user.id,
      action: 'sign-in-failed',
      recordType: 'session',
      detail: { kind },
    })
    return undefined
  }
  return database.db.transaction().execute(async (tx) => {
    const token = await startSession(tx, user.id, kind, now)
    await recordAudit(tx, {
      councilId: user.council_id,
      userId: user.id,
      action: 'sign-in',
      recordType: 'session',
      detail: { kind },
    })
    return token
  })
}
