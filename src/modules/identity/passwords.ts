import { hash, verify } from '@node-rs/argon2'

// Algorithm.Argon2id; the package exports it as a const enum, which type-only imports cannot reach.
const ARGON2ID = 2

/**
 * Hashes a password with argon2id (OWASP's minimum: 19 MiB, 2 passes).
 *
 * @example
 * const stored = await hashPassword('correct horse battery staple')
 */
export const hashPassword = (password: string): Promise<string> =>
  hash(password, { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 })

// Verified against when the email is unknown, so a wrong email and a wrong
// password take the same time.
let decoy: Promise<string> | undefined

/** Checks a password against a stored hash; a missing hash still costs one verification. */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (!stored) {
    decoy ??= hashPassword('decoy password for unknown users')
    await verify(await decoy, password).catch(() => false)
    return false
  }
  return verify(stored, password).catch(() => false)
}
