import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { connect } from './connect.ts'

describe('the embedded database', () => {
  it('starts with a 64 MB buffer cache, not PostgreSQL’s 128 MB, which took a third of a second of every start', async () => {
    const database = await connect({})
    try {
      const { rows } = await sql<{ shared_buffers: string }>`SHOW shared_buffers`.execute(database.db)
      expect(rows[0]?.shared_buffers).toBe('64MB')
    } finally {
      await database.close()
    }
  })
})
