import type { Config } from '../config.ts'
import { connect, type Database } from '../kernel/db/connect.ts'
import { migrate } from '../kernel/db/migrate.ts'

/**
 * Opens the configured database for a command and brings it up to date. On
 * the embedded database this takes the folder lock, so a second process (a CLI
 * while the server runs) is refused with a message naming the holder.
 */
export async function openDatabase(config: Config, command: string): Promise<Database> {
  const database = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, command })
  try {
    await migrate(database)
    return database
  } catch (error) {
    await database.close()
    throw error
  }
}
