/**
 * The CLD import bench: writes synthetic CLD files for a large council
 * (≥ 1 million rows) and for a nation (≥ 8 million rows), times DuckDB reading
 * each with `read_csv`, then imports them with full validation: the council's
 * through the running service's API (embedded database) while pages are
 * loaded, to see how much slower pages get, and the nation's with
 * `ascend import cld` (on a PostgreSQL server when the bench has one).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { DuckDBInstance } from '@duckdb/node-api'
import { parseQuarter } from '../src/modules/cld/rules.ts'
import { writeSyntheticCldFile } from '../src/modules/cld/synthetic-file.ts'
import { rollingYearTo } from '../src/modules/measures/periods.ts'
import { DEMO_COUNCIL_CODE, DEMO_PASSWORD, demoEmail } from '../src/modules/synthetic/demo-council.ts'
import { type RunningServer, startServer, tail } from './child-process.ts'
import { type LoadFigures, measureLoads } from './load.ts'
import { importedCouncilMeasures } from './measures.ts'
import { type Check, duration, heading, table, verdict } from './report.ts'
import { peakMemoryMiB } from './server-memory.ts'
import { signInThroughPage } from './sign-in.ts'

/** Targets for CLD imports (the README's bench section lists them all). */
export const CLD_TARGETS = {
  /** Rows imported a second, every field checked. */
  importRowsPerSecond: 100_000,
  /** A page's p95 latency while an import or a return check runs, as a multiple of the same page's when idle. */
  pageSlowdown: 2,
} as const

export interface CldImportBenchOptions {
  /** Rows in the large council's file (≥ 1,000,000 for the full bench). */
  councilRows: number
  /** Rows in the national file (≥ 8,000,000 for the full bench). */
  nationalRows: number
  /** A PostgreSQL server for the national import; the embedded database otherwise. */
  serverUrl?: string
  /** Seconds of page load, idle and during the import. */
  seconds: number
  connections: number
  /** A folder for the files and data (removed by the caller). */
  work: string
}

/**
 * The CLD bench's sizes from the main bench's options: the full sizes for a
 * large bench, smaller files for a quick one.
 *
 * @example
 * const options = cldImportBenchOptions({ size: 'large', seconds: 10, connections: 32, databaseUrl }, work)
 */
export function cldImportBenchOptions(
  bench: { size: string; seconds: number; connections: number; databaseUrl?: string },
  work: string,
): CldImportBenchOptions {
  const full = bench.size === 'large'
  return {
    councilRows: full ? 1_000_000 : bench.size === 'medium' ? 100_000 : 20_000,
    nationalRows: full ? 8_000_000 : bench.size === 'medium' ? 400_000 : 100_000,
    serverUrl: bench.databaseUrl,
    seconds: bench.seconds,
    connections: Math.min(bench.connections, 8),
    work,
  }
}

const ASCEND = fileURLToPath(new URL('../bin/ascend.js', import.meta.url))
const QUARTER = parseQuarter('2025-26-Q2') as NonNullable<ReturnType<typeof parseQuarter>>
const count = new Intl.NumberFormat('en-GB')
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`

/**
 * Runs the CLD import bench and returns its checks for the bench's summary.
 *
 * @example
 * const checks = await runCldImportBench(cldImportBenchOptions(options, work))
 */
export async function runCldImportBench(options: CldImportBenchOptions): Promise<Check[]> {
  const checks: Check[] = []
  const folder = path.join(options.work, 'cld')
  fs.mkdirSync(folder, { recursive: true })

  heading(
    `CLD 1. Write synthetic CLD files: a large council (${count.format(options.councilRows)} rows) ` +
      `and a nation (${count.format(options.nationalRows)} rows)`,
  )
  const councilFile = path.join(folder, 'council.csv')
  const nationalFile = path.join(folder, 'national.csv')
  for (const [file, rows, code, seed] of [
    [councilFile, options.councilRows, DEMO_COUNCIL_CODE, 11],
    [nationalFile, options.nationalRows, 'NATION', 12],
  ] as const) {
    const started = performance.now()
    const out = fs.createWriteStream(file, { highWaterMark: 1024 * 1024 })
    const people = await writeSyntheticCldFile(out, {
      rows,
      councilCode: code,
      seed,
      periodStartOn: QUARTER.periodStartOn,
      periodEndOn: QUARTER.periodEndOn,
      invalidShare: 0.001,
    })
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    )
    const ms = performance.now() - started
    console.log(
      `${path.basename(file)}: ${count.format(rows)} rows, ${count.format(people)} people, ` +
        `${mib(fs.statSync(file).size)}, written in ${duration(ms)}`,
    )
  }

  heading('CLD 2. DuckDB reads the same files (read_csv, every value as text)')
  const duck: Record<string, number> = {}
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    for (const file of [councilFile, nationalFile]) {
      const started = performance.now()
      const result = await connection.runAndReadAll(
        `SELECT count(*) AS rows, count(DISTINCT LA_Person_Unique_Identifier) AS people
         FROM read_csv('${file.replace(/'/g, "''")}', header = true, all_varchar = true)`,
      )
      const ms = performance.now() - started
      const [rows, people] = (result.getRows()[0] ?? []).map(Number) as [number, number]
      duck[file] = rows / (ms / 1000)
      console.log(
        `${path.basename(file)}: ${count.format(rows)} rows, ${count.format(people)} people in ${duration(ms)} ` +
          `(${count.format(Math.round(duck[file] ?? 0))} rows/s)`,
      )
    }
  } finally {
    connection.closeSync()
    instance.closeSync()
  }

  heading(
    `CLD 3. Import the council's file through the service's API (embedded database) while ` +
      `${options.connections} clients load pages`,
  )
  const dataDir = path.join(folder, 'data')
  let server: RunningServer | undefined
  try {
    server = await startServer(
      ['--demo'],
      serviceEnvironment({ ASCEND_DATA_DIR: dataDir }),
      path.join(folder, 'serve.log'),
    )
    const cookie = await signInThroughPage(server.origin, demoEmail('analyst'), DEMO_PASSWORD)
    const pages = { origin: server.origin, paths: ['/cld/imports', '/'], headers: { cookie } }
    const plan = { connections: options.connections, seconds: options.seconds, warmUpSeconds: 1, rounds: 1 }
    const [idle] = (await measureLoads([pages], plan)) as [LoadFigures]
    const before = peakMemoryMiB(server.pid)
    const token = await apiToken(server.origin)
    const upload = await fetch(`${server.origin}/api/v1/cld/imports?fileName=council.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: Readable.toWeb(fs.createReadStream(councilFile)) as ReadableStream,
      duplex: 'half',
    } as RequestInit)
    if (upload.status !== 202)
      throw new Error(`The import was refused: ${upload.status} ${await upload.text()}`)
    const { id } = (await upload.json()) as { id: string }
    const [busy] = (await measureLoads([pages], { ...plan, warmUpSeconds: 0 })) as [LoadFigures]
    const busyWhileLoading = (await importStatus(server.origin, token, id)).status === 'loading'
    const status = await waitForImport(server.origin, token, id)
    const after = peakMemoryMiB(server.pid)
    const seconds = (Date.parse(status.finishedAt) - Date.parse(status.startedAt)) / 1000
    const rate = status.rowsRead / seconds
    console.log(
      `Imported ${count.format(status.rowsRead)} rows (${count.format(status.rowsLoaded)} loaded, ` +
        `${count.format(status.rowsWithProblems)} with problems) in ${duration(seconds * 1000)}: ` +
        `${count.format(Math.round(rate))} rows/s, ${(rate / (duck[councilFile] ?? 1)).toFixed(3)}× DuckDB's read`,
    )
    if (before && after)
      console.log(
        `Service memory: ${before.peak} MiB at most before the import, ${after.peak} MiB at most after`,
      )
    console.log(
      table(
        ['pages', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s', 'failed'],
        [
          ['idle', ...loadCells(idle)],
          [busyWhileLoading ? 'during the import' : 'during the import (it ended first)', ...loadCells(busy)],
        ],
      ),
    )
    const slowdown = busy.p95Ms / Math.max(idle.p95Ms, 0.1)

    // Completing the import starts the council's figures in the background, for the period the measures
    // page opens on; the return is checked once they are done, so that the pages' waits are the check's.
    const figuresStarted = performance.now()
    await waitForFigures(server.origin, cookie)
    console.log(
      `The council's figures after the import, worked out in the background: ready ${duration(performance.now() - figuresStarted)} after the import ended`,
    )

    // The council's quarterly return, checked through the API (every row read and checked, as the
    // page's background check does) while the same pages are loaded.
    const checkStarted = performance.now()
    let checkedAfterMs: number | undefined
    const checking = fetch(`${server.origin}/api/v1/cld/returns/${QUARTER.label}`, {
      headers: { authorization: `Bearer ${token}` },
    }).then(async (response) => {
      checkedAfterMs = performance.now() - checkStarted
      if (response.status !== 200) throw new Error(`The return check failed: ${response.status}`)
      return (await response.json()) as { rows: number; problems: number }
    })
    const [duringCheck] = (await measureLoads([pages], { ...plan, warmUpSeconds: 0 })) as [LoadFigures]
    const busyWhileChecking = checkedAfterMs === undefined
    const returned = await checking
    const checkMs = checkedAfterMs ?? 0
    const returnSlowdown = duringCheck.p95Ms / Math.max(idle.p95Ms, 0.1)
    console.log(
      `Checked the council's ${QUARTER.label} return through the API: ${count.format(returned.rows)} rows, ` +
        `${count.format(returned.problems)} problems, in ${duration(checkMs)} ` +
        `(${count.format(Math.round(returned.rows / (checkMs / 1000)))} rows/s)`,
    )
    console.log(
      table(
        ['pages', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s', 'failed'],
        [
          [
            busyWhileChecking ? 'during the check' : 'during the check (it ended first)',
            ...loadCells(duringCheck),
          ],
        ],
      ),
    )
    checks.push(
      {
        what: `CLD import, ${count.format(status.rowsRead)} rows (embedded, API)`,
        figure: `${count.format(Math.round(rate))} rows/s`,
        target: `≥ ${count.format(CLD_TARGETS.importRowsPerSecond)} rows/s`,
        verdict: verdict(rate >= CLD_TARGETS.importRowsPerSecond),
      },
      {
        what: 'page p95 during a CLD import',
        figure: `${slowdown.toFixed(2)}× idle`,
        target: `≤ ${CLD_TARGETS.pageSlowdown}× idle`,
        verdict:
          busyWhileLoading && busy.failed === 0 ? verdict(slowdown <= CLD_TARGETS.pageSlowdown) : 'n/a',
      },
      {
        what: `page p95 during a CLD return check, ${count.format(returned.rows)} rows`,
        figure: `${returnSlowdown.toFixed(2)}× idle (check: ${duration(checkMs)})`,
        target: `≤ ${CLD_TARGETS.pageSlowdown}× idle`,
        verdict:
          busyWhileChecking && duringCheck.failed === 0
            ? verdict(returnSlowdown <= CLD_TARGETS.pageSlowdown)
            : 'n/a',
      },
    )
  } finally {
    await server?.stop()
  }
  checks.push(
    ...(await importedCouncilMeasures(
      dataDir,
      DEMO_COUNCIL_CODE,
      rollingYearTo(QUARTER.periodEndOn),
      folder,
      options.councilRows,
    )),
  )

  const engine = options.serverUrl ? 'PostgreSQL server' : 'embedded database'
  heading(`CLD 4. Import the national file with \`ascend import cld\` (${engine})`)
  const env = serviceEnvironment(
    options.serverUrl
      ? { DATABASE_URL: options.serverUrl }
      : { ASCEND_DATA_DIR: path.join(folder, 'national-data') },
  )
  const code = options.serverUrl ? `N${Date.now().toString(36).toUpperCase()}`.slice(0, 12) : 'NATION'
  if (code !== 'NATION') await rewriteCode(nationalFile, 'NATION', code)
  await runAscend(
    ['council', 'add', '--code', code, '--name', 'Synthetic nation (bench)', '--synthetic'],
    env,
    path.join(folder, 'council.log'),
  )
  const national = await runAscend(
    ['import', 'cld', nationalFile, '--council', code],
    env,
    path.join(folder, 'national.log'),
  )
  const rate = options.nationalRows / (national.ms / 1000)
  console.log(
    `${count.format(options.nationalRows)} rows in ${duration(national.ms)} (the whole command, start to exit): ` +
      `${count.format(Math.round(rate))} rows/s, ${(rate / (duck[nationalFile] ?? 1)).toFixed(3)}× DuckDB's read; ` +
      `the command's memory peaked at ${national.peakMiB} MiB`,
  )
  const summary = fs.readFileSync(path.join(folder, 'national.log'), 'utf8').match(/^ {2}Rows .*$/gm)
  if (summary) console.log(summary.join('\n'))
  checks.push(
    {
      what: `CLD import, ${count.format(options.nationalRows)} rows (${options.serverUrl ? 'server' : 'embedded'}, CLI)`,
      figure: `${count.format(Math.round(rate))} rows/s`,
      target: `≥ ${count.format(CLD_TARGETS.importRowsPerSecond)} rows/s`,
      verdict: verdict(rate >= CLD_TARGETS.importRowsPerSecond),
    },
    {
      what: 'CLD import memory (national file)',
      figure: `${national.peakMiB} MiB peak`,
      target: 'bounded (not the file’s size)',
      verdict: verdict(
        national.peakMiB * 2 ** 20 < fs.statSync(nationalFile).size || national.peakMiB < 2_048,
      ),
    },
  )
  return checks
}

const loadCells = (f: LoadFigures) => [
  f.p50Ms.toFixed(1),
  f.p95Ms.toFixed(1),
  f.p99Ms.toFixed(1),
  f.requestsPerSecond.toFixed(0),
  String(f.failed),
]

/** The environment for the bench's own processes: the database is chosen by the bench. */
function serviceEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, ASCEND_DATA_DIR: _dir, ASCEND_DEMO: _demo, PORT: _port, ...env } = process.env
  return { ...env, ...extra }
}

/**
 * Waits until the measures page's figures are worked out (its readiness, as the page's script asks it),
 * after opening the page as the reader who follows the import would: a council too small for the figures
 * to start in the background when an import completes (a quick bench's) has them worked out by the page.
 */
async function waitForFigures(origin: string, cookie: string): Promise<void> {
  const page = await fetch(`${origin}/measures`, { headers: { cookie } })
  if (!page.ok) throw new Error(`The measures page answered ${page.status}`)
  await page.arrayBuffer()
  for (const started = performance.now(); performance.now() - started < 15 * 60_000; ) {
    const response = await fetch(`${origin}/measures/ready.json`, { headers: { cookie } })
    if (response.ok && ((await response.json()) as { ready: boolean }).ready) return
    await new Promise((resolve) => setTimeout(resolve, 1_000))
  }
  throw new Error('The figures after the import were not ready in 15 minutes')
}

async function apiToken(origin: string): Promise<string> {
  const response = await fetch(`${origin}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: demoEmail('analyst'), password: DEMO_PASSWORD }),
  })
  if (response.status !== 201) throw new Error(`API sign-in failed: ${response.status}`)
  return ((await response.json()) as { token: string }).token
}

interface ImportStatus {
  status: string
  startedAt: string
  finishedAt: string
  rowsRead: number
  rowsLoaded: number
  rowsWithProblems: number
  personDetailsApplied: boolean
  error: string | null
}

async function importStatus(origin: string, token: string, id: string): Promise<ImportStatus> {
  const response = await fetch(`${origin}/api/v1/cld/imports/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  })
  return (await response.json()) as ImportStatus
}

async function waitForImport(origin: string, token: string, id: string): Promise<ImportStatus> {
  for (;;) {
    const status = await importStatus(origin, token, id)
    if (status.status === 'failed') throw new Error(`The import failed: ${status.error}`)
    if (status.status === 'complete' && status.personDetailsApplied) return status
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

/** Runs `ascend <args>`, timing it and sampling its peak memory while it runs. */
async function runAscend(
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<{ ms: number; peakMiB: number }> {
  const log = fs.openSync(logFile, 'w')
  const started = performance.now()
  const child = spawn(process.execPath, [ASCEND, ...args], { env, stdio: ['ignore', log, log] })
  fs.closeSync(log)
  let peakMiB = 0
  const sampler = setInterval(() => {
    const memory = child.pid ? peakMemoryMiB(child.pid) : undefined
    if (memory) peakMiB = Math.max(peakMiB, memory.peak)
  }, 250)
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  clearInterval(sampler)
  const ms = performance.now() - started
  if (code !== 0) throw new Error(`ascend ${args.join(' ')} failed (exit ${code}):\n${tail(logFile)}`)
  return { ms, peakMiB }
}

/** A server may already hold a council with the file's code: give the file a fresh one. */
async function rewriteCode(file: string, from: string, to: string) {
  const temporary = `${file}.recoded`
  const out = fs.createWriteStream(temporary)
  let rest = ''
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1024 * 1024 })) {
    const text = rest + chunk
    const cut = text.lastIndexOf('\n') + 1
    rest = text.slice(cut)
    // Every piece starts at the start of a line, so each line's code is at a line start.
    if (!out.write(text.slice(0, cut).replace(new RegExp(`^${from},`, 'gm'), `${to},`))) {
      await new Promise<void>((resolve) => out.once('drain', () => resolve()))
    }
  }
  out.write(rest.replace(new RegExp(`^${from},`, 'gm'), `${to},`))
  await new Promise<void>((resolve) => out.end(() => resolve()))
  fs.renameSync(temporary, file)
}
