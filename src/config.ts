import path from 'node:path'

/** Where the service keeps its data and how it is reached, read once from the environment. */
export interface Config {
  /** A PostgreSQL server; when absent the embedded database under `dataDir` is used. */
  databaseUrl: string | undefined
  /** Folder of the embedded database (and its lock). */
  dataDir: string
  port: number
  host: string
  logLevel: string
  /** Seed the synthetic demo council when the database is empty. */
  demo: boolean
  /** Set cookies with the Secure flag (on behind HTTPS). */
  secureCookies: boolean
}

/**
 * Reads the configuration from environment variables.
 *
 * @example
 * const config = readConfig(process.env) // DATABASE_URL, ASCEND_DATA_DIR, PORT, HOST, LOG_LEVEL
 */
export function readConfig(env: NodeJS.ProcessEnv, overrides: Partial<Config> = {}): Config {
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, not "${env.PORT}"`)
  }
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.ASCEND_DATA_DIR || 'data'),
    port,
    host: env.HOST || '127.0.0.1',
    logLevel: env.LOG_LEVEL || 'info',
    demo: env.ASCEND_DEMO === '1' || env.ASCEND_DEMO === 'true',
    secureCookies: env.ASCEND_SECURE_COOKIES === '1' || env.ASCEND_SECURE_COOKIES === 'true',
    ...overrides,
  }
}
