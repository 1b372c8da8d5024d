import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import type { Schema } from '../../schema.ts'
import { type DataFolderLock, lockDataFolder } from './data-folder-lock.ts'
import { pgdataDirOf } from './embedded-head-start.ts'
import { abandonTemplateCopy, startFromEmptyDatabaseTemplate } from './empty-database-template.ts'
import { compiledPglite } from './pglite-module.ts'
import { usePreparedStatements } from './pglite-prepared-statements.ts'

export type DatabaseKind = 'pglite' | 'postgres'

/** One database, whichever engine runs it. No module knows which. */
export interface Database {
  db: Kysely<Schema>
  kind: DatabaseKind
  /** Runs a script of several statements at once (migrations), outside prepared statements. */
  executeScript(sql: string): Promise<void>
  close(): Promise<void>
  /** The embedded database only: its whole folder as a blob, for cheap clones in tests. */
  dump?(): Promise<Blob>
}

export interface ConnectOptions {
  /** A PostgreSQL server URL. When absent, the embedded database is used. */
  databaseUrl?: string
  /** Folder for the embedded database; omitted means in memory. */
  dataDir?: string
  /** A dump (from `dumpEmbedded`) to start an in-memory embedded database from. */
  loadDataDir?: Blob
  /** What holds the folder lock, as shown to a second process. */
  command?: string
  /** Pool size on a server. */
  maxConnections?: number
}

// Both engines hand back the same JavaScript values: counts and money as
// numbers, dates as ISO strings, timestamps as Dates.
const INT8 = 20
const NUMERIC = 1700
const DATE = 1082
const parseInt8 = (value: string) => Number(value)
const keepDate = (value: string) => value

/**
 * Opens the database: a PostgreSQL server when a URL is given, else PGlite
 * (in `dataDir/pgdata`, locked against other processes, or in memory).
 *
 * @example
 * const database = await connect({ dataDir: './data', command: 'ascend serve' })
 * const people = await database.db.selectFrom('people').selectAll().execute()
 */
export async function connect(options: ConnectOptions): Promise<Database> {
  if (options.databaseUrl) return connectServer(options.databaseUrl, options.maxConnections ?? 10)
  return connectEmbedded(options)
}

async function connectServer(url: string, max: number): Promise<Database> {
  // Loaded only for a server: node-postgres took some 50 ms of every embedded start to load, unused.
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8 || oid === NUMERIC) return parseInt8
        if (oid === DATE) return keepDate
        return pg.types.getTypeParser(oid, format)
      }) as typeof pg.types.getTypeParser,
    },
  })
  // A connection dropped by the server must not crash the process.
  pool.on('error', () => {})
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) })
  return {
    db,
    kind: 'postgres',
    async executeScript(script) {
      await pool.query(script)
    },
    async close() {
      await db.destroy()
    },
  }
}

/**
 * The embedded database's buffer cache. PostgreSQL's default, 128 MB, is set
 * up afresh at every start, and PGlite took 0.9-1.2 s to start with it
 * against 0.6-0.8 s with 64 MB (the same folder, alternating runs). With
 * 64 MB every measure for a large council (a 400 MB folder) took as long as
 * with 128 MB, and pages were no slower.
 */
const EMBEDDED_SHARED_BUFFERS = '64MB'

async function connectEmbedded(options: ConnectOptions): Promise<Database> {
  const dataDir = options.dataDir ? pgdataDirOf(options.dataDir) : undefined
  let lock: DataFolderLock | undefined
  try {
    if (options.dataDir) lock = lockDataFolder(options.dataDir, options.command ?? 'ascend')
  } catch (error) {
    // Another process holds the folder: a copy of the empty database begun for it is not wanted.
    if (dataDir) await abandonTemplateCopy(dataDir)
    throw error
  }
  try {
    if (dataDir && !options.loadDataDir) await startFromEmptyDatabaseTemplate(dataDir)
    const pglite = await PGlite.create({
      dataDir,
      loadDataDir: options.loadDataDir,
      pgliteWasmModule: await compiledPglite(),
      parsers: { [INT8]: parseInt8, [NUMERIC]: parseInt8, [DATE]: keepDate },
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`],
    })
    usePreparedStatements(pglite)
    const db = new Kysely<Schema>({ dialect: new PGliteDialect({ pglite }) })
    return {
      db,
      kind: 'pglite',
      async executeScript(script) {
        await pglite.exec(script)
      },
      async dump() {
        return (await pglite.dumpDataDir('none')) as Blob
      },
      async close() {
        try {
          await db.destroy()
          if (!pglite.closed) await pglite.close()
        } finally {
          lock?.release()
        }
      },
    }
  } catch (error) {
    lock?.release()
    throw error
  }
}
