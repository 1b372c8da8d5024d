/**
 * Where a CLD import's time goes, in one run on one file: reading and
 * checking alone (the checking thread, nothing written), the writes alone
 * (batches checked beforehand and held in memory, handed to the importer), and
 * the whole import as `ascend import cld` runs it, on the embedded database
 * and on a PostgreSQL server. Wall time, this process's CPU time (all its
 * threads) and, on a server, the CPU time of the server's backends.
 *
 *   node --import tsx bench/cld-parts.ts --rows 1000000 [--file F] [--server postgres://…] [--parts check,write,full]
 *
 * With CLD_PARTS_EXPLAIN=MS, the server logs the plan of every statement slower than MS (auto_explain).
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { connect, type Database } from '../src/kernel/db/connect.ts'
import { migrate } from '../src/kernel/db/migrate.ts'
import type { CheckedBatch } from '../src/modules/cld/checked-batches.ts'
import { type CheckingThread, startChecking } from '../src/modules/cld/checking-thread.ts'
import { COMMAND_LINE_BATCH_MS, runImport } from '../src/modules/cld/importer.ts'
import { createImport } from '../src/modules/cld/store.ts'
import { writeSyntheticCldFile } from '../src/modules/cld/synthetic-file.ts'
import { addCouncil } from '../src/modules/identity/store.ts'

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    file: { type: 'string' },
    server: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    parts: { type: 'string', default: 'check,write,full' },
    engines: { type: 'string', default: 'pglite,postgres' },
    batch: { type: 'string', default: '20000' },
  },
})
const rows = Number(values.rows)
const parts = new Set((values.parts ?? '').split(','))
const engines = (values.engines ?? '').split(',') as ('pglite' | 'postgres')[]
const CODE = 'PARTS'
const count = new Intl.NumberFormat('en-GB')
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cld-parts-'))
const file = values.file ?? path.join(work, 'council.csv')

if (!fs.existsSync(file)) {
  const out = fs.createWriteStream(file, { highWaterMark: 1024 * 1024 })
  await writeSyntheticCldFile(out, {
    rows,
    councilCode: CODE,
    seed: 11,
    periodStartOn: '2024-10-01',
    periodEndOn: '2025-09-30',
    invalidShare: 0.001,
  })
  await new Promise<void>((resolve) => out.end(resolve))
}
console.log(`${file}: ${count.format(rows)} rows, ${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB`)

/** Wall and CPU time of `work`, with rows a second by wall time. */
async function timed<T>(label: string, what: () => Promise<T>, serverCpu?: () => Promise<number>) {
  const cpu = process.cpuUsage()
  const before = serverCpu ? await serverCpu() : 0
  const started = performance.now()
  const result = await what()
  const ms = performance.now() - started
  const used = process.cpuUsage(cpu)
  const server = serverCpu ? (await serverCpu()) - before : undefined
  console.log(
    `${label.padEnd(34)} ${(ms / 1000).toFixed(1).padStart(6)} s  ${count.format(Math.round(rows / (ms / 1000))).padStart(8)} rows/s  ` +
      `cpu here ${((used.user + used.system) / 1e6).toFixed(1)} s` +
      (server === undefined ? '' : `, server ${server.toFixed(1)} s`),
  )
  return result
}

const batches: CheckedBatch[] = []
if (parts.has('check') || parts.has('write')) {
  await timed('read + parse + check (worker)', async () => {
    const checking = startChecking(file, CODE)
    const size = Number(values.batch)
    for (let batch = await checking.next(size); batch; batch = await checking.next(size)) {
      if (parts.has('write')) batches.push(batch)
    }
    await checking.close()
  })
}

/** Hands out batches held in memory, as the checking thread would. */
function heldBatches(list: readonly CheckedBatch[]): CheckingThread {
  let at = 0
  return {
    next: async () => list[at++] ?? null,
    close: async () => {},
  }
}

for (const engine of engines) {
  for (const part of ['write', 'full'] as const) {
    if (!parts.has(part)) continue
    const { database, serverCpu, drop } = await openFresh(engine)
    try {
      const council = await addCouncil(database.db, { code: CODE, name: 'Parts', synthetic: true })
      const importId = await createImport(database.db, {
        councilId: council.id,
        fileName: 'council.csv',
        channel: 'cli',
        createdBy: null,
        bytesTotal: fs.statSync(file).size,
      })
      const outcome = await timed(
        `${part === 'write' ? 'writes alone' : 'whole import'} (${engine})`,
        () =>
          runImport({
            db: database.db,
            importId,
            council: { id: council.id, code: CODE, synthetic: true },
            source: file,
            batchMs: COMMAND_LINE_BATCH_MS,
            ...(part === 'write' ? { checked: heldBatches(batches), batchSize: Number(values.batch) } : {}),
          }),
        serverCpu,
      )
      if (outcome.status !== 'complete') throw new Error(outcome.error)
      const c = outcome.counts
      console.log(
        `  loaded ${count.format(c.rowsLoaded)}, with problems ${count.format(c.rowsWithProblems)}, ` +
          `dropped ${count.format(c.rowsDropped)}, people ${count.format(c.peopleCreated)}, problems ${count.format(c.problems)}`,
      )
    } finally {
      await database.close()
      await drop()
    }
  }
}
fs.rmSync(work, { recursive: true, force: true })

async function openFresh(engine: 'pglite' | 'postgres'): Promise<{
  database: Database
  serverCpu?: () => Promise<number>
  drop: () => Promise<void>
}> {
  if (engine === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(work, 'data-'))
    const database = await connect({ dataDir, command: 'cld-parts' })
    await migrate(database)
    return { database, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) }
  }
  const admin = await connect({ databaseUrl: values.server, maxConnections: 1 })
  const name = `helper_import_parts_${randomBytes(4).toString('hex')}`
  await admin.executeScript(`CREATE DATABASE ${name}`)
  if (process.env.CLD_PARTS_EXPLAIN)
    await admin.executeScript(
      `ALTER DATABASE ${name} SET session_preload_libraries = 'auto_explain'; ALTER DATABASE ${name} SET auto_explain.log_min_duration = '${process.env.CLD_PARTS_EXPLAIN}ms'; ALTER DATABASE ${name} SET auto_explain.log_analyze = on; ALTER DATABASE ${name} SET auto_explain.log_nested_statements = on`,
    )
  const url = new URL(values.server as string)
  url.pathname = `/${name}`
  const database = await connect({ databaseUrl: url.toString() })
  await migrate(database)
  // The server's backends on this database: their CPU time from /proc (same machine).
  const serverCpu = async () => {
    const pids = await sql<{ pid: number }>`
      SELECT pid FROM pg_stat_activity WHERE datname = ${name}`.execute(admin.db)
    let ticks = 0
    for (const { pid } of pids.rows) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        ticks += Number(fields[11]) + Number(fields[12])
      } catch {}
    }
    return ticks / 100
  }
  return {
    database,
    serverCpu,
    drop: async () => {
      await admin.executeScript(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.close()
    },
  }
}
