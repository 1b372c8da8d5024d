import { type ParseArgsConfig, parseArgs } from 'node:util'

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>

import { readConfig } from '../config.ts'
import { DataFolderLockedError } from '../kernel/db/data-folder-lock.ts'
import { beginOpeningEmbedded } from '../kernel/db/embedded-head-start.ts'

const USAGE = `Usage: ascend <command>

  serve [--demo]                 run the service (PORT, DATABASE_URL, ASCEND_DATA_DIR)
  migrate                        apply database migrations
  council add --code CODE --name NAME
  council population --council CODE --year 2024 --ages-18-64 N --ages-65-plus M
  user add --council CODE --email E --role ROLE [--name NAME] [--team TEAM] --password-stdin
  seed --size small|medium|large --seed N [--as-of YYYY-MM-DD] [--council CODE | --councils N]
  ras calibrate --council CODE [--since YYYY-MM-DD] [--apply]
                                 fit the RAS rate on the council's approved plans
  import cld FILE --council CODE [--report PROBLEMS.csv]
                                 load a CLD file (Release 1 or 2) into a council
  export cld --council CODE --quarter YYYY-YY-QN --out FILE [--report PROBLEMS.csv]
                                 write the council's rolling twelve-month CLD return
  export benchmark-pack (--council CODE --out FILE | --all --out DIR) [--year 2024-25] [--format json|csv]
                                 write a council's benchmark pack (--all: one per council)
  import benchmark-pack FILE --council CODE
                                 store a peer council's pack for a council
  bench                          run the benchmarks

Configuration comes from the environment, as for the server: DATABASE_URL for a
PostgreSQL server, else the embedded database in ASCEND_DATA_DIR (default ./data).`

/** Runs one CLI command and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  const config = readConfig(process.env)
  try {
    switch (command) {
      case 'serve': {
        // Each command's modules are loaded only when it runs; the service's take about a second, in
        // which the embedded database's first copy and PGlite's compiling go on on other threads.
        if (!config.databaseUrl) beginOpeningEmbedded(config.dataDir)
        const { serveCommand } = await import('./serve-command.ts')
        return await serveCommand(config, rest)
      }
      case 'migrate': {
        const { openDatabase } = await import('./open-database.ts')
        const { migrate } = await import('../kernel/db/migrate.ts')
        const database = await openDatabase(config, 'ascend migrate')
        try {
          const applied = await migrate(database)
          console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date')
        } finally {
          await database.close()
        }
        return 0
      }
      case 'council':
        if (rest[0] === 'population') {
          const { populationCommand } = await import('../modules/measures/population-command.ts')
          return await populationCommand(config, rest.slice(1))
        }
        return await (await import('./council-command.ts')).councilCommand(config, rest)
      case 'user':
        return await (await import('./user-command.ts')).userCommand(config, rest)
      case 'seed': {
        const { seedCommand } = await import('../modules/synthetic/seed-command.ts')
        return await seedCommand(config, rest)
      }
      case 'ras': {
        const { rasCommand } = await import('../modules/budgets/ras-command.ts')
        return await rasCommand(config, rest)
      }
      case 'import': {
        if (rest[0] === 'benchmark-pack') {
          const { importPackCommand } = await import('../modules/benchmarking/pack-command.ts')
          return await importPackCommand(config, rest.slice(1))
        }
        const { importCldCommand } = await import('../modules/cld/cli.ts')
        return await importCldCommand(config, rest)
      }
      case 'export': {
        if (rest[0] === 'benchmark-pack') {
          const { exportPackCommand } = await import('../modules/benchmarking/pack-command.ts')
          return await exportPackCommand(config, rest.slice(1))
        }
        const { exportCldCommand } = await import('../modules/cld/cli.ts')
        return await exportCldCommand(config, rest)
      }
      case 'bench': {
        const { benchCommand } = await import('../../bench/bench-command.ts')
        return await benchCommand(config, rest)
      }
      case undefined:
      case 'help':
      case '--help':
        console.log(USAGE)
        return command ? 0 : 2
      default:
        console.error(`Unknown command "${command}".\n\n${USAGE}`)
        return 2
    }
  } catch (error) {
    if (error instanceof DataFolderLockedError || error instanceof UsageError) {
      console.error(error.message)
      return error instanceof UsageError ? 2 : 1
    }
    throw error
  }
}

/** A mistake in how the command was called: the message says what to type. */
export class UsageError extends Error {}

/** parseArgs with errors that read as usage mistakes. */
export function parseOptions<const T extends ParseArgsOptionsConfig>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}
