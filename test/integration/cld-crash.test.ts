import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from '../../src/kernel/db/connect.ts'
import { migrate } from '../../src/kernel/db/migrate.ts'
import { recoverImports } from '../../src/modules/cld/importer.ts'
import { writeSyntheticCldFile } from '../../src/modules/cld/synthetic-file.ts'
import { addCouncil } from '../../src/modules/identity/store.ts'

const ASCEND = fileURLToPath(new URL('../../bin/ascend.js', import.meta.url))

/**
 * A real crash: `ascend import cld` killed with SIGKILL partway through a
 * file. Nothing of the file may count afterwards, and the next process to open
 * the database clears what the dead one wrote.
 */
describe('a CLD import killed partway through', () => {
  let dir: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-cld-crash-'))
  })
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('leaves nothing counting, and the next start deletes what it wrote', async () => {
    const dataDir = path.join(dir, 'data')
    const file = path.join(dir, 'cld.csv')
    const setup = await connect({ dataDir, command: 'test' })
    await migrate(setup)
    await addCouncil(setup.db, { code: 'CRASH', name: 'Crash council', synthetic: true })
    await setup.close()
    const out = fs.createWriteStream(file)
    await writeSyntheticCldFile(out, {
      rows: 150_000,
      councilCode: 'CRASH',
      seed: 9,
      periodStartOn: '2025-04-01',
      periodEndOn: '2026-03-31',
    })
    await new Promise<void>((resolve) => out.end(() => resolve()))

    const { DATABASE_URL: _url, ...env } = process.env
    const child = spawn(process.execPath, [ASCEND, 'import', 'cld', file, '--council', 'CRASH'], {
      env: { ...env, ASCEND_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    )
    // Killed as soon as it reports a tenth of the file loaded.
    await new Promise<void>((resolve, reject) => {
      let seen = ''
      child.stderr.on('data', (chunk: Buffer) => {
        seen += chunk.toString()
        if (/Importing cld\.csv: [1-9]\d%/.test(seen)) resolve()
      })
      child.once('exit', () => reject(new Error(`The import ended before it could be killed:\n${seen}`)))
    })
    child.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')

    const after = await connect({ dataDir, command: 'test' })
    try {
      const db = after.db
      const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
        Number((await query.execute(db)).rows[0]?.n)
      const left = await count(
        sql<{ n: number }>`SELECT count(*) AS n FROM cld_events WHERE import_id IS NOT NULL`,
      )
      expect(left).toBeGreaterThan(0)
      expect(await count(sql<{ n: number }>`SELECT count(*) AS n FROM cld_events_live`)).toBe(0)
      expect(await count(sql<{ n: number }>`SELECT count(*) AS n FROM people_live`)).toBe(0)
      expect((await db.selectFrom('cld_imports').select('status').executeTakeFirstOrThrow()).status).toBe(
        'loading',
      )

      // Its process is gone, so the next start clears it at once.
      expect(await recoverImports(db)).toHaveLength(1)
      expect(await count(sql<{ n: number }>`SELECT count(*) AS n FROM cld_events`)).toBe(0)
      expect(await count(sql<{ n: number }>`SELECT count(*) AS n FROM people`)).toBe(0)
      expect(
        await db.selectFrom('cld_imports').select(['status', 'error']).executeTakeFirstOrThrow(),
      ).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/stopped before it finished/),
      })
    } finally {
      await after.close()
    }
  }, 120_000)
})
