import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { compiledModule } from '../scripts/compiled-sources.js'
import { parseOptions, UsageError } from '../src/cli/main.ts'
import type { Config } from '../src/config.ts'
import { connect } from '../src/kernel/db/connect.ts'
import { BARE_PATHS } from './bare-server.ts'
import { dropBenchDatabases } from './bench-database.ts'
import { type RunningServer, startServer, timeAscend } from './child-process.ts'
import { cldImportBenchOptions, runCldImportBench } from './cld-import.ts'
import { type LoadFigures, measureLoads } from './load.ts'
import { measuresBenchOptions, runMeasuresBench } from './measures.ts'
import { pickTargets, type Targets } from './pick-targets.ts'
import { type Check, duration, heading, table, verdict } from './report.ts'
import { processCpuMs } from './server-cpu.ts'
import { peakMemoryMiB } from './server-memory.ts'
import { signInThroughPage } from './sign-in.ts'
import { CONCURRENT_CLIENTS, TARGETS } from './targets.ts'

const SIZES = ['small', 'medium', 'large'] as const
type Size = (typeof SIZES)[number]

interface BenchOptions {
  size: Size
  seed: number
  seconds: number
  warmUpSeconds: number
  rounds: number
  connections: number
  databaseUrl: string | undefined
  /** The parts to run: all three unless --only names some. */
  parts: ReadonlySet<Part>
}

const PARTS = ['pages', 'measures', 'cld'] as const
type Part = (typeof PARTS)[number]

const USAGE = `Usage: ascend bench [--quick] [--size small|medium|large] [--seed N] [--seconds N]
                    [--connections N] [--database-url URL] [--only pages,measures,cld]

  --quick          a smoke run: a medium council, 3-second loads
  --size           the synthetic council to seed (default large)
  --seed           its seed (default 1)
  --seconds        length of each measured load (default 10; 3 with --quick)
  --connections    concurrent clients (default ${CONCURRENT_CLIENTS})
  --database-url   seed and serve on this PostgreSQL server instead of a new
                   embedded database (the bench adds a synthetic council to it)
  --only           run only these parts (comma-separated): pages (seed, start,
                   page loads), measures (council and national), cld (imports)`

/**
 * `ascend bench`: seeds a synthetic council into a new database, times the
 * seed and the start of the service, then loads the person page, the caseload
 * page and search at 32 concurrent clients beside bare routes running the same
 * SQL, and prints each figure against its target. Exits 0 when targets are
 * missed (the figures are the point) and non-zero only when the bench could
 * not run.
 *
 * @example
 * await benchCommand(config, ['--quick'])
 */
export async function benchCommand(_config: Config, args: string[]): Promise<number> {
  const options = benchOptions(args)
  if (!options) {
    console.log(USAGE)
    return 0
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-bench-'))
  const servers = new Set<RunningServer>()
  const cleanUp = async () => {
    await Promise.all([...servers].map((server) => server.stop()))
    await dropBenchDatabases()
    fs.rmSync(work, { recursive: true, force: true })
  }
  const interrupted = () => {
    console.log('\nStopped: cleaning up')
    cleanUp().finally(() => process.exit(130))
  }
  process.once('SIGINT', interrupted)
  try {
    await runBench(options, work, servers)
    return 0
  } finally {
    process.off('SIGINT', interrupted)
    await cleanUp()
  }
}

function benchOptions(args: string[]): BenchOptions | undefined {
  const { values } = parseOptions(args, {
    quick: { type: 'boolean' },
    size: { type: 'string' },
    seed: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string' },
    'database-url': { type: 'string' },
    only: { type: 'string' },
    help: { type: 'boolean' },
  })
  if (values.help) return undefined
  const quick = values.quick === true
  const size = values.size ?? (quick ? 'medium' : 'large')
  if (!(SIZES as readonly string[]).includes(size))
    throw new UsageError(`--size must be one of ${SIZES.join(', ')}`)
  const whole = (name: string, value: string | undefined, fallback: number, min: number, max: number) => {
    const number = value === undefined ? fallback : Number(value)
    if (!Number.isInteger(number) || number < min || number > max) {
      throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`)
    }
    return number
  }
  return {
    size: size as Size,
    seed: whole('seed', values.seed, 1, 0, 2 ** 31),
    seconds: whole('seconds', values.seconds, quick ? 3 : 10, 1, 120),
    warmUpSeconds: quick ? 1 : 3,
    rounds: quick ? 3 : 5,
    connections: whole('connections', values.connections, CONCURRENT_CLIENTS, 1, 256),
    databaseUrl: values['database-url'],
    parts: benchParts(values.only),
  }
}

function benchParts(only: string | undefined): ReadonlySet<Part> {
  if (only === undefined) return new Set(PARTS)
  const named = only.split(',').map((part) => part.trim())
  const unknown = named.filter((part) => !(PARTS as readonly string[]).includes(part))
  if (named.length === 0 || unknown.length > 0)
    throw new UsageError(
      `--only takes ${PARTS.join(', ')} (comma-separated), not ${unknown.join(', ') || 'nothing'}`,
    )
  return new Set(named as Part[])
}

interface Measured {
  what: string
  page: LoadFigures
  bare: LoadFigures
}

async function runBench(options: BenchOptions, work: string, servers: Set<RunningServer>) {
  const engine = options.databaseUrl ? 'PostgreSQL server (--database-url)' : 'embedded PGlite'
  console.log('ASCEND bench')
  console.log(
    `${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${engine}; ` +
      `${options.size} council (seed ${options.seed}), ${options.connections} clients, ` +
      `${options.seconds} s per load after ${options.warmUpSeconds} s warm-up`,
  )
  console.log(`Work folder: ${work} (removed at the end); server logs in it while the bench runs`)
  console.log(
    compiledModule('cli/main.ts')
      ? 'Servers run the sources as npm install compiled them (.compiled), as npm start does'
      : 'Servers run the TypeScript through tsx: the sources have changed since npm install compiled them',
  )
  console.log(`Load average before: ${loadAverage()}`)
  if ((os.loadavg()[0] ?? 0) > 0.5) {
    console.log('Other work is running on this machine: the figures below will be worse than on a quiet one.')
  }

  const checks: Check[] = []
  const failedRoutes: string[] = []
  if (options.parts.has('pages')) {
    const pages = await runPagesBench(options, work, servers)
    checks.push(...pages.checks)
    failedRoutes.push(...pages.failedRoutes)
  }
  if (options.parts.has('measures'))
    checks.push(...(await runMeasuresBench(measuresBenchOptions(options, work))))
  if (options.parts.has('cld'))
    checks.push(...(await runCldImportBench(cldImportBenchOptions(options, work))))
  console.log('')
  console.log(
    table(
      ['measure', 'figure', 'target', ''],
      checks.map((check) => [check.what, check.figure, check.target, check.verdict]),
    ),
  )
  for (const what of failedRoutes) console.log(`\n${what}: some requests failed, so its checks FAIL`)
  console.log(`\nLoad average after: ${loadAverage()}`)
  const missed = checks.filter((check) => check.verdict === 'FAIL')
  console.log(
    missed.length === 0
      ? '\nEvery target met.'
      : `\nMissed ${missed.length} of ${checks.filter((c) => c.verdict !== 'n/a').length} targets: ${missed.map((c) => c.what).join(', ')}`,
  )
}

/** The seed, the start of the service, and the page loads beside their bare routes. */
async function runPagesBench(
  options: BenchOptions,
  work: string,
  servers: Set<RunningServer>,
): Promise<{ checks: Check[]; failedRoutes: string[] }> {
  const env = childEnvironment(options.databaseUrl)
  const dataDir = path.join(work, 'data')
  const seeded = { ...env, ...(options.databaseUrl ? {} : { ASCEND_DATA_DIR: dataDir }) }
  const checks: Check[] = []

  heading(`1. Seed a ${options.size} synthetic council into a new database`)
  // A server may hold other councils already; a new embedded database holds none.
  const councilCode = options.databaseUrl ? `B${Date.now().toString(36).toUpperCase()}` : 'BENCH'
  const seedMs = await timeAscend(
    ['seed', '--size', options.size, '--seed', String(options.seed), '--council', councilCode],
    seeded,
    path.join(work, 'seed.log'),
  )
  const targets = await pickTargetsIn(options.databaseUrl, dataDir, councilCode)
  const summary = fs.readFileSync(path.join(work, 'seed.log'), 'utf8').match(/^Seeded .*$/m)?.[0]
  if (summary) console.log(summary)
  console.log(
    `Seeded ${targets.people.toLocaleString('en-GB')} people (council ${targets.councilCode}) in ${duration(seedMs)}`,
  )
  checks.push({
    what: `${options.size} seed`,
    figure: duration(seedMs),
    target: `< ${duration(TARGETS.largeSeedMs)} (large)`,
    verdict: options.size === 'large' ? verdict(seedMs < TARGETS.largeSeedMs) : 'n/a',
  })

  heading('2. Start the service (`ascend serve --demo`, as `npm start`) until /sign-in answers 200')
  const demoFolder = { ...childEnvironment(undefined), ASCEND_DATA_DIR: path.join(work, 'first-start') }
  const firstStart = await startServer(['--demo'], demoFolder, path.join(work, 'first-start.log'))
  await firstStart.stop()
  console.log(
    `First start, empty embedded data folder (new database, migrations, demo council): ${duration(firstStart.startMs)}`,
  )
  checks.push({
    what: 'first start (empty folder)',
    figure: duration(firstStart.startMs),
    target: `< ${duration(TARGETS.startMs)}`,
    verdict: verdict(firstStart.startMs < TARGETS.startMs),
  })
  // What `npm start` takes every day after the first: the same folder, its demo council already there.
  const restart = await startServer(['--demo'], demoFolder, path.join(work, 'restart.log'))
  await restart.stop()
  console.log(`Start again on that folder: ${duration(restart.startMs)}`)
  checks.push({
    what: 'start (existing folder)',
    figure: duration(restart.startMs),
    target: `< ${duration(TARGETS.startMs)}`,
    verdict: verdict(restart.startMs < TARGETS.startMs),
  })

  const server = await startServer(
    ['--demo'],
    { ...seeded, ASCEND_BENCH_BARE_ROUTES: '1' },
    path.join(work, 'serve.log'),
  )
  servers.add(server)
  const bareOrigin = await bareOriginFrom(path.join(work, 'serve.log'))
  console.log(
    `Start on the seeded ${options.databaseUrl ? 'database' : 'data folder'}, adding the demo council to it: ` +
      duration(server.startMs),
  )
  checks.push({
    what: `start (seeded ${options.databaseUrl ? 'database' : 'folder'}, demo added)`,
    figure: duration(server.startMs),
    target: 'report',
    verdict: 'n/a',
  })

  heading('3. Sign in and check each route answers')
  const cookie = await signInThroughPage(server.origin, targets.worker.email, targets.worker.password)
  const as = targets.worker.id
  const routes = [
    {
      what: 'person page',
      page: targets.personIds.map((id) => `/people/${id}`),
      bare: targets.personIds.map((id) => BARE_PATHS.person(id, as)),
    },
    { what: 'caseload page', page: ['/caseload'], bare: [BARE_PATHS.caseload(as)] },
    {
      what: 'search',
      page: targets.searchTerms.map((q) => `/people?q=${encodeURIComponent(q)}`),
      bare: targets.searchTerms.map((q) => BARE_PATHS.search(q, as)),
    },
  ]
  for (const route of routes) {
    await expectOk(server.origin, route.page, { cookie }, 'text/html')
    await expectOk(bareOrigin, route.bare, {}, 'application/json')
  }
  const found = await searchResultCounts(bareOrigin, targets, as)
  console.log(`Signed in as ${targets.worker.email} through /sign-in (CSRF cookie and token)`)
  console.log(`Person page: ${targets.personIds.length} people spread over the council`)
  console.log(`Caseload page: the worker's own, ${targets.worker.caseload} open requests`)
  console.log(
    `Search: ${targets.searchTerms.length} full names, ${found.mean.toFixed(1)} people found on average (at most ${found.max})`,
  )

  heading(
    `4. Load each page and its bare route: ${options.connections} clients, ${options.seconds} s each, ` +
      `taking turns in ${options.rounds} rounds after ${options.warmUpSeconds} s warm-up`,
  )
  const measured: Measured[] = []
  const serverCpu = () => processCpuMs(server.pid)
  const plan = {
    connections: options.connections,
    seconds: options.seconds,
    warmUpSeconds: options.warmUpSeconds,
    rounds: options.rounds,
  }
  for (const route of routes) {
    const [page, bare] = (await measureLoads(
      [
        { origin: server.origin, paths: route.page, headers: { cookie }, cpuMs: serverCpu },
        // The bare routes are served by the same process, in their own turns.
        { origin: bareOrigin, paths: route.bare, cpuMs: serverCpu },
      ],
      plan,
    )) as [LoadFigures, LoadFigures]
    console.log(`${route.what.padEnd(14)} page  ${figures(page)}`)
    console.log(`${route.what.padEnd(14)} bare  ${figures(bare)}`)
    measured.push({ what: route.what, page, bare })
  }
  const memory = peakMemoryMiB(server.pid)

  heading('Summary')
  const rows = measured.map(({ what, page, bare }) => {
    const ratio = page.requestsPerSecond / bare.requestsPerSecond
    return [
      what,
      page.p50Ms.toFixed(1),
      page.p95Ms.toFixed(1),
      page.p99Ms.toFixed(1),
      page.requestsPerSecond.toFixed(0),
      bare.p95Ms.toFixed(1),
      bare.requestsPerSecond.toFixed(0),
      `${ratio.toFixed(2)}×`,
      cpu(page),
      cpu(bare),
      String(page.failed + bare.failed),
    ]
  })
  console.log(
    table(
      [
        'route',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'req/s',
        'bare p95 ms',
        'bare req/s',
        'page/bare',
        'CPU ms/req',
        'bare CPU',
        'failed',
      ],
      rows,
    ),
  )
  const needed = Math.round(options.connections / (TARGETS.pageP95Ms / 1000))
  console.log(
    `\n${options.connections} clients each wait for an answer before asking again, so mean latency is about ` +
      `${options.connections} ÷ req/s: a p95 of ${TARGETS.pageP95Ms} ms needs well over ${needed} req/s.`,
  )
  console.log(
    "CPU ms/req: the server process's CPU time (all its threads) a request, page and bare route alike; " +
      'unlike req/s it does not fall when something else on the machine takes a core.',
  )
  if (memory)
    console.log(`\nServer memory: ${memory.rss} MiB resident at the end, ${memory.peak} MiB at most`)

  for (const { what, page, bare } of measured) {
    const clean = page.failed === 0 && bare.failed === 0
    checks.push({
      what: `${what} p95`,
      figure: `${page.p95Ms.toFixed(1)} ms`,
      target: `≤ ${TARGETS.pageP95Ms} ms`,
      verdict: verdict(clean && page.p95Ms <= TARGETS.pageP95Ms),
    })
    const ratio = page.requestsPerSecond / bare.requestsPerSecond
    checks.push({
      what: `${what} throughput`,
      figure: `${ratio.toFixed(2)}× bare`,
      target: `≥ ${TARGETS.pageToBareThroughput}× bare`,
      verdict: verdict(clean && ratio >= TARGETS.pageToBareThroughput),
    })
  }
  const failedRoutes = measured
    .filter(({ page, bare }) => page.failed + bare.failed > 0)
    .map(({ what }) => what)
  return { checks, failedRoutes }
}

const loadAverage = () =>
  `${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(', ')} (1, 5, 15 minutes; ${os.cpus().length} CPUs)`

const cpu = (f: LoadFigures) => (f.cpuMsPerRequest === undefined ? '–' : f.cpuMsPerRequest.toFixed(2))

const figures = (f: LoadFigures) =>
  `p50 ${f.p50Ms.toFixed(1).padStart(6)} ms  p95 ${f.p95Ms.toFixed(1).padStart(6)} ms  ` +
  `p99 ${f.p99Ms.toFixed(1).padStart(6)} ms  ${f.requestsPerSecond.toFixed(0).padStart(5)} req/s  ` +
  `CPU ${cpu(f).padStart(5)} ms/req` +
  (f.failed > 0 ? `  (${f.failed} failed)` : '')

/** The environment for the bench's own servers: the database is chosen by the bench, not inherited. */
function childEnvironment(databaseUrl: string | undefined): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, ASCEND_DATA_DIR: _dir, ASCEND_DEMO: _demo, PORT: _port, ...env } = process.env
  return databaseUrl ? { ...env, DATABASE_URL: databaseUrl } : env
}

async function pickTargetsIn(
  databaseUrl: string | undefined,
  dataDir: string,
  councilCode: string,
): Promise<Targets> {
  const database = await connect({ databaseUrl, dataDir, command: 'ascend bench' })
  try {
    return await pickTargets(database, councilCode)
  } finally {
    await database.close()
  }
}

/** The bare server prints its address once it listens, just after the service does. */
async function bareOriginFrom(logFile: string): Promise<string> {
  const until = performance.now() + 30_000
  while (performance.now() < until) {
    const match = fs.readFileSync(logFile, 'utf8').match(/bare routes at (http:\/\/\S+)/)
    if (match?.[1]) return match[1]
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('The service started without its bench-only bare routes')
}

async function expectOk(origin: string, paths: string[], headers: Record<string, string>, type: string) {
  const url = `${origin}${paths[0]}`
  const response = await fetch(url, { headers, redirect: 'manual' })
  await response.arrayBuffer()
  if (response.status !== 200 || !response.headers.get('content-type')?.startsWith(type)) {
    throw new Error(
      `GET ${paths[0]} answered ${response.status} ${response.headers.get('content-type')}, not 200 ${type}`,
    )
  }
}

async function searchResultCounts(bareOrigin: string, targets: Targets, as: string) {
  const counts: number[] = []
  for (const term of targets.searchTerms) {
    const response = await fetch(`${bareOrigin}${BARE_PATHS.search(term, as)}`)
    const body = (await response.json()) as { people: unknown[] }
    counts.push(body.people.length)
  }
  return { mean: counts.reduce((a, b) => a + b, 0) / Math.max(counts.length, 1), max: Math.max(0, ...counts) }
}
