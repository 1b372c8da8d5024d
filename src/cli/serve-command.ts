import type { FastifyRequest } from 'fastify'
import { buildApp } from '../app/build-app.ts'
import { isAssetUrl } from '../app/plugins/authentication.ts'
import type { Config } from '../config.ts'
import type { Database } from '../kernel/db/connect.ts'
import { hashPassword } from '../modules/identity/passwords.ts'
import {
  DEMO_PASSWORD,
  DEMO_SIGN_INS,
  demoCouncilWithoutPeople,
  ensureDemoCouncil,
} from '../modules/synthetic/demo-council.ts'
import { parseOptions } from './main.ts'
import { openDatabase } from './open-database.ts'

const BARE_SERVER = new URL('../../bench/bare-server.ts', import.meta.url).href

/** `ascend serve [--demo]`: runs the service until SIGINT or SIGTERM. */
export async function serveCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseOptions(args, { demo: { type: 'boolean' } })
  const demo = values.demo === true || config.demo
  // A new demo council's password is hashed on another thread while this one opens the database
  // (a fifth of a second of one core, spent for nothing when the council is there already).
  const demoPasswordHash = demo ? hashPassword(DEMO_PASSWORD) : undefined
  demoPasswordHash?.catch(() => {})
  const database = await openDatabase(config, 'ascend serve')
  const app = await buildApp({ database, config, now: () => new Date() })
  // A new demo council, its sign-ins and its synthetic people (a second or so of writing) are made
  // once the service answers: meanwhile the sign-in page is shown, and every other request waits.
  let demoDone = !demo
  let demoFinished = () => {}
  const demoReady = new Promise<void>((resolve) => {
    demoFinished = resolve
  })
  if (demo) {
    // Every request of the service's life passes this: once the demo is ready, at no more cost than a test.
    app.addHook('onRequest', (request, _reply, done) => {
      if (demoDone || answersBeforeDemo(request)) done()
      else void demoReady.then(() => done())
    })
  }
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
  if (demo) {
    void prepareDemoCouncil(database, demoPasswordHash).finally(() => {
      demoDone = true
      demoFinished()
    })
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  // Stopped while they are written, the demo council and its people are finished rather than cut short.
  if (demo) await demoReady
  await bare?.close()
  await app.close()
  await database.close()
  return 0
}

/** The requests answered before the demo council and its people are in: the sign-in page, health and assets. */
function answersBeforeDemo(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  const path = request.url.split('?')[0] as string
  return path === '/sign-in' || path === '/health' || isAssetUrl(path)
}

/**
 * Makes the demo council and its sign-ins if the database holds no council,
 * and writes its people if it has none yet (a start stopped while writing
 * them left it so), saying so; on failure the next start tries again.
 */
async function prepareDemoCouncil(database: Database, passwordHash: Promise<string> | undefined) {
  try {
    const councilId =
      (await ensureDemoCouncil(database, passwordHash)) ?? (await demoCouncilWithoutPeople(database))
    if (councilId) await addDemoPeople(database, councilId)
  } catch (error) {
    console.error(
      `The demo council could not be made (${error instanceof Error ? error.message : error}); ` +
        'the next start tries again.',
    )
  }
}

/** Writes the demo council's people, saying so. */
async function addDemoPeople(database: Database, councilId: string): Promise<void> {
  console.log("Adding the demo council's synthetic people…")
  try {
    const { DEMO_PEOPLE, seedDemoPeople } = await import('./seed-demo-people.ts')
    await seedDemoPeople(database, councilId)
    console.log(`Demo council ready: ${DEMO_PEOPLE.toLocaleString('en-GB')} synthetic people.`)
  } catch (error) {
    console.error(
      `The demo council's people could not be added (${error instanceof Error ? error.message : error}); ` +
        'the next start tries again.',
    )
  }
}
