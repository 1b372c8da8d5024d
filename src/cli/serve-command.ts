import { buildApp } from '../app/build-app.ts'
import type { Config } from '../config.ts'
import { DEMO_SIGN_INS, ensureDemoCouncil } from '../modules/synthetic/demo-council.ts'
import { parseOptions } from './main.ts'
import { openDatabase } from './open-database.ts'

const BARE_SERVER = new URL('../../bench/bare-server.ts', import.meta.url).href

/** `ascend serve [--demo]`: runs the service until SIGINT or SIGTERM. */
export async function serveCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseOptions(args, { demo: { type: 'boolean' } })
  const demo = values.demo === true || config.demo
  const database = await openDatabase(config, 'ascend serve')
  if (demo) {
    const councilId = await ensureDemoCouncil(database)
    if (councilId) {
      const { seedDemoPeople } = await import('./seed-demo-people.ts')
      await seedDemoPeople(database, councilId)
    }
  }
  const app = await buildApp({ database, config, now: () => new Date() })
  const address = await app.listen({ port: config.port, host: config.host })
  // `ascend bench` only: the pages' SQL behind a bare Fastify server on loopback, its baseline. The
  // bench's TypeScript is not compiled with src/, so it is found from the project root (bin/ascend.js
  // registers tsx for it) whether this module runs compiled or not.
  const bare =
    process.env.ASCEND_BENCH_BARE_ROUTES === '1'
      ? await ((await import(BARE_SERVER)) as typeof import('../../bench/bare-server.ts')).startBareServer(
          database,
          Number(process.env.ASCEND_BENCH_BARE_PORT ?? 0),
        )
      : undefined
  if (bare) console.log(`Bench only: bare routes at ${bare.url}`)
  const url = new URL(address)
  if (config.host === '127.0.0.1' || config.host === '0.0.0.0' || config.host === '::')
    url.hostname = 'localhost'
  console.log(`\nASCEND is running at ${url.origin}`)
  console.log(
    config.databaseUrl
      ? 'Database: PostgreSQL server (DATABASE_URL)'
      : `Database: embedded, in ${config.dataDir}`,
  )
  if (demo) {
    console.log('\nDemo sign-ins (synthetic council, password for all: ascend-demo):')
    for (const signIn of DEMO_SIGN_INS) console.log(`  ${signIn.role.padEnd(16)} ${signIn.email}`)
  }
  console.log('')
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await bare?.close()
  await app.close()
  await database.close()
  return 0
}
