import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import type { Database } from './connect.ts'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url))

/**
 * Applies the plain SQL migrations in `migrations/` that have not run yet, in
 * name order, each as one implicit transaction. Returns the names applied.
 *
 * @example
 * await migrate(database) // ['0001_core.sql', ...] on a new database, [] after
 */
export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  await database.executeScript(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  )
  const applied = new Set(
    (await sql<{ name: string }>`SELECT name FROM schema_migrations`.execute(database.db)).rows.map(
      (r) => r.name,
    ),
  )
  const pending = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.sql') && !applied.has(name))
    .sort()
  for (const name of pending) {
    const script = fs.readFileSync(path.join(dir, name), 'utf8')
    // The marker goes first: a second process migrating at the same moment waits
    // on it and then fails as a whole instead of applying the script twice.
    // A multi-statement script without BEGIN runs as one transaction on both engines.
    await database.executeScript(
      `INSERT INTO schema_migrations (name) VALUES ('${name.replace(/'/g, "''")}');\n${script}`,
    )
  }
  return pending
}
