/**
 * Secrets that stand in for a signature: session tokens and the links ASCEND
 * gives out (a holder's statement, a new user's password). Each is 32 random
 * bytes as base64url; only its SHA-256 is kept, so a copy of the database
 * opens nothing.
 */
import { createHash, randomBytes } from 'node:crypto'

/** A new secret: 43 characters of base64url. */
export const newSecret = () => randomBytes(32).toString('base64url')

/** What is kept of a secret. */
export const hashOfSecret = (secret: string) => createHash('sha256').update(secret).digest('base64url')

/** Whether a value could be a secret (checked before any query, so a malformed one costs nothing). */
export const isSecretShaped = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value)
