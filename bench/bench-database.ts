/**
 * The PostgreSQL server the bench's national measures run on, and a database
 * of the bench's own on it. The server is the one the bench was given
 * (--database-url, else ASCEND_BENCH_DATABASE_URL), else this machine's own
 * when one answers; the database is made afresh (`ascend_bench_<random>`) and
 * dropped at the end, so no other database on the server is touched.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** Where a PostgreSQL server installed on this machine usually answers. */
export const LOCAL_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

export type BenchServer = { url: string; found: string } | { url?: undefined; reason: string }

/**
 * The server to use: the one given, else the local one if it answers within
 * a few seconds; without one, why not.
 *
 * @example
 * const server = await findBenchServer(options.serverUrl)
 * if (!server.url) console.log(`skipped: ${server.reason}`)
 */
export async function findBenchServer(given: string | undefined): Promise<BenchServer> {
  if (given) return { url: given, found: 'the server given to the bench' }
  const client = new pg.Client({ connectionString: LOCAL_SERVER_URL, connectionTimeoutMillis: 3_000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return { url: LOCAL_SERVER_URL, found: "this machine's server (127.0.0.1:5432, user postgres)" }
  } catch (error) {
    return {
      url: undefined,
      reason:
        'no server was given (--database-url or ASCEND_BENCH_DATABASE_URL) and none answered at ' +
        `127.0.0.1:5432 as postgres (${(error as Error).message || (error as { code?: string }).code})`,
    }
  } finally {
    await client.end().catch(() => {})
  }
}

/** Databases made and not yet dropped, so an interrupted bench can drop them. */
const made = new Map<string, string>()

/**
 * Makes a new, empty database on the server and returns its URL.
 *
 * @example
 * const { url, name } = await createBenchDatabase(server.url)
 * try { ... } finally { await dropBenchDatabase(name) }
 */
export async function createBenchDatabase(serverUrl: string): Promise<{ url: string; name: string }> {
  const name = `ascend_bench_${randomBytes(4).toString('hex')}`
  await onServer(serverUrl, `CREATE DATABASE ${name}`)
  made.set(name, serverUrl)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), name }
}

/**
 * Drops a database `createBenchDatabase` made (closing any session still on it).
 *
 * @example
 * await dropBenchDatabase(name)
 */
export async function dropBenchDatabase(name: string): Promise<void> {
  const serverUrl = made.get(name)
  if (!serverUrl) return
  made.delete(name)
  await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
}

/**
 * Drops every database the bench made and has not dropped yet: for a bench stopped part way.
 *
 * @example
 * process.once('SIGINT', () => dropBenchDatabases().finally(() => process.exit(130)))
 */
export async function dropBenchDatabases(): Promise<void> {
  for (const name of [...made.keys()]) await dropBenchDatabase(name).catch(() => {})
}

async function onServer(serverUrl: string, statement: string) {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
