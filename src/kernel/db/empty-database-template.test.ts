import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { connect } from './connect.ts'
import {
  abandonTemplateCopy,
  beginTemplateCopy,
  currentMigrations,
  emptyDatabaseTemplateDir,
  startFromEmptyDatabaseTemplate,
  templateState,
  writeTemplateManifest,
} from './empty-database-template.ts'
import { makeEmptyDatabaseTemplate } from './make-empty-database-template.ts'
import { migrate } from './migrate.ts'

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-template-'))
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

describe('the empty database template', () => {
  it('is kept per PGlite version', () => {
    expect(path.basename(emptyDatabaseTemplateDir())).toMatch(/^empty-pgdata-\d+\.\d+\.\d+$/)
  })

  const migrations = currentMigrations()
  const [first, ...rest] = Object.keys(migrations).sort()
  const fakeTemplate = (name: string, noted: Record<string, string> | undefined) => {
    const folder = path.join(work, name)
    fs.mkdirSync(folder)
    fs.writeFileSync(path.join(folder, 'PG_VERSION'), '18\n')
    if (noted) writeTemplateManifest(folder, noted)
    return folder
  }
  it.each([
    ['holds every migration as it is now', { ...migrations }, 'current'],
    [
      'lacks migrations added since (they run on each copy)',
      { [first as string]: migrations[first as string] as string },
      'behind',
    ],
    ['holds a migration edited since', { ...migrations, [first as string]: 'edited' }, 'unusable'],
    ['holds a migration since removed', { ...migrations, '9999_gone.sql': 'x' }, 'unusable'],
    ['has no note of its migrations', undefined, 'unusable'],
  ] as [string, Record<string, string> | undefined, string][])(
    'a template that %s is %s',
    (what, noted, state) => {
      expect(rest.length).toBeGreaterThan(0)
      expect(templateState(fakeTemplate(what, noted))).toBe(state)
    },
  )

  it('starts each new data folder as a migrated database of its own', async () => {
    // What `npm install` does; a no-op when it already has.
    await makeEmptyDatabaseTemplate()
    expect(templateState(emptyDatabaseTemplateDir())).toBe('current')
    const one = await connect({ dataDir: path.join(work, 'one') })
    try {
      // Nothing left to apply: the folder began as the migrated template, not as initdb's empty cluster.
      expect(await migrate(one)).toEqual([])
      await sql`INSERT INTO councils (code, name) VALUES ('ONE', 'Council one')`.execute(one.db)
    } finally {
      await one.close()
    }
    expect(fs.existsSync(path.join(work, 'one', 'pgdata', 'ascend-template.json'))).toBe(false)
    const two = await connect({ dataDir: path.join(work, 'two') })
    try {
      expect(await migrate(two)).toEqual([])
      const councils = await sql<{ code: string }>`SELECT code FROM councils`.execute(two.db)
      expect(councils.rows).toEqual([])
    } finally {
      await two.close()
    }
  }, 120_000)

  it('leaves a folder that already holds a database alone', async () => {
    expect(await startFromEmptyDatabaseTemplate(path.join(work, 'one', 'pgdata'))).toBe(false)
    const reopened = await connect({ dataDir: path.join(work, 'one') })
    try {
      const councils = await sql<{ code: string }>`SELECT code FROM councils`.execute(reopened.db)
      expect(councils.rows).toEqual([{ code: 'ONE' }])
    } finally {
      await reopened.close()
    }
  }, 60_000)

  it('puts a copy begun early in place only when the folder is opened, and removes one it abandons', async () => {
    const copies = (folder: string) =>
      fs.readdirSync(folder).filter((name) => name.startsWith('pgdata.copying-'))
    const abandoned = path.join(work, 'abandoned')
    beginTemplateCopy(path.join(abandoned, 'pgdata'))
    await abandonTemplateCopy(path.join(abandoned, 'pgdata'))
    expect(fs.readdirSync(abandoned)).toEqual([])

    const opened = path.join(work, 'opened')
    beginTemplateCopy(path.join(opened, 'pgdata'))
    const database = await connect({ dataDir: opened })
    try {
      expect(await migrate(database)).toEqual([])
      expect(copies(opened)).toEqual([])
    } finally {
      await database.close()
    }
    // A folder that holds a database is never copied over.
    beginTemplateCopy(path.join(opened, 'pgdata'))
    expect(await startFromEmptyDatabaseTemplate(path.join(opened, 'pgdata'))).toBe(false)
    expect(copies(opened)).toEqual([])
  }, 60_000)
})
