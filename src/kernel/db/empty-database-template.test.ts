import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { connect } from './connect.ts'
import { emptyDatabaseTemplateDir, startFromEmptyDatabaseTemplate } from './empty-database-template.ts'
import { makeEmptyDatabaseTemplate } from './make-empty-database-template.ts'
import { migrate } from './migrate.ts'

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-template-'))
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

describe('the empty database template', () => {
  it('is named for the PGlite version and the migrations it was made with', () => {
    expect(path.basename(emptyDatabaseTemplateDir())).toMatch(/^empty-pgdata-\d+\.\d+\.\d+-[0-9a-f]{16}$/)
  })

  it('starts each new data folder as a migrated database of its own', async () => {
    // What `npm install` does; a no-op when it already has.
    await makeEmptyDatabaseTemplate()
    const first = await connect({ dataDir: path.join(work, 'first') })
    try {
      // Nothing left to apply: the folder began as the migrated template, not as initdb's empty cluster.
      expect(await migrate(first)).toEqual([])
      await sql`INSERT INTO councils (code, name) VALUES ('ONE', 'Council one')`.execute(first.db)
    } finally {
      await first.close()
    }
    const second = await connect({ dataDir: path.join(work, 'second') })
    try {
      expect(await migrate(second)).toEqual([])
      const councils = await sql<{ code: string }>`SELECT code FROM councils`.execute(second.db)
      expect(councils.rows).toEqual([])
    } finally {
      await second.close()
    }
  }, 120_000)

  it('leaves a folder that already holds a database alone', async () => {
    const pgdata = path.join(work, 'first', 'pgdata')
    expect(startFromEmptyDatabaseTemplate(pgdata)).toBe(false)
    const reopened = await connect({ dataDir: path.join(work, 'first') })
    try {
      const councils = await sql<{ code: string }>`SELECT code FROM councils`.execute(reopened.db)
      expect(councils.rows).toEqual([{ code: 'ONE' }])
    } finally {
      await reopened.close()
    }
  }, 60_000)
})
