import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { type AuditEntry, auditAppender, recordAudit } from '../../src/modules/audit/store.ts'
import { insertPerson } from '../support/fixtures.ts'
import { describeOnEachDatabase } from '../support/test-context.ts'

// Entries go in as one column of values per field (audit/store.ts): every
// field, null or not, and any detail, must come back exactly as it was given.

describeOnEachDatabase('the audit log store', (ctx) => {
  const readBack = (marker: string) =>
    ctx()
      .database.db.selectFrom('audit_log')
      .select(['council_id', 'user_id', 'action', 'record_type', 'record_id', 'person_id', 'detail'])
      .where('record_type', 'like', `${marker}%`)
      .orderBy('id')
      .execute()

  it('keeps every field of every entry, nulls and awkward details included', async () => {
    const { database, councils } = ctx()
    const person = await insertPerson(database, councils.a.id)
    const entries: AuditEntry[] = [
      {
        councilId: councils.a.id,
        userId: councils.a.users.practitioner,
        action: 'read',
        recordType: 'store-1 person',
        recordId: person.id,
        personId: person.id,
        detail: { via: 'page', q: 'O\'Brien, "Jo" {x} \\ é', list: [1, null, 'a,b'] },
      },
      { councilId: null, userId: null, action: 'sign-in-failed', recordType: 'store-1 session' },
      {
        councilId: councils.b.id,
        userId: councils.b.users.admin,
        action: 'update',
        recordType: 'store-1 NULL',
        recordId: 'NULL',
        detail: {},
      },
    ]
    await recordAudit(database.db, entries)
    expect(await readBack('store-1')).toEqual([
      {
        council_id: councils.a.id,
        user_id: councils.a.users.practitioner,
        action: 'read',
        record_type: 'store-1 person',
        record_id: person.id,
        person_id: person.id,
        detail: { via: 'page', q: 'O\'Brien, "Jo" {x} \\ é', list: [1, null, 'a,b'] },
      },
      {
        council_id: null,
        user_id: null,
        action: 'sign-in-failed',
        record_type: 'store-1 session',
        record_id: null,
        person_id: null,
        detail: null,
      },
      {
        council_id: councils.b.id,
        user_id: councils.b.users.admin,
        action: 'update',
        record_type: 'store-1 NULL',
        record_id: 'NULL',
        person_id: null,
        detail: {},
      },
    ])
  })

  it('writes nothing for no entries, and refuses a council that does not exist', async () => {
    const { database, councils } = ctx()
    await recordAudit(database.db, [])
    await expect(
      recordAudit(database.db, [
        { councilId: councils.a.id, userId: null, action: 'read', recordType: 'store-2 ok' },
        {
          councilId: '00000000-0000-4000-8000-000000000000',
          userId: null,
          action: 'read',
          recordType: 'store-2 no',
        },
      ]),
    ).rejects.toMatchObject({ code: '23503' })
    expect(await readBack('store-2')).toEqual([])
  })

  it('writes appends that arrive together, of any number of entries, each once', async () => {
    const { database, councils } = ctx()
    const append = auditAppender(database.db)
    const entry = (n: number): AuditEntry => ({
      councilId: councils.a.id,
      userId: councils.a.users.practitioner,
      action: 'search',
      recordType: 'store-3',
      recordId: String(n),
    })
    // Appends of 1, 0, 3, 13 and 2 entries, numbered 1 to 19 in all.
    const sizes = [1, 0, 3, 13, 2]
    const firsts = sizes.map((_, i) => sizes.slice(0, i).reduce((sum, size) => sum + size, 1))
    await Promise.all(
      sizes.map((size, i) =>
        append(Array.from({ length: size }, (_, k) => entry((firsts[i] as number) + k))),
      ),
    )
    expect((await readBack('store-3')).map((row) => Number(row.record_id)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 19 }, (_, i) => i + 1),
    )
  })

  it('keeps a user or a council the log names from being deleted or renumbered, and no other', async () => {
    const { database, councils } = ctx()
    const addUser = async (email: string) =>
      (
        await sql<{ id: string }>`
          INSERT INTO users (council_id, email, display_name, role, password_hash)
          VALUES (${councils.b.id}::uuid, ${email}, 'Temporary', 'analyst', 'not a hash') RETURNING id`.execute(
          database.db,
        )
      ).rows[0]?.id as string
    const named = await addUser('named@store-4.test')
    const unnamed = await addUser('unnamed@store-4.test')
    await recordAudit(database.db, {
      councilId: councils.b.id,
      userId: named,
      action: 'read',
      recordType: 'store-4',
    })

    const refused = {
      code: '23503',
      message:
        'update or delete on table "users" violates foreign key constraint "audit_log_user_id_fkey" on table "audit_log"',
    }
    await expect(sql`DELETE FROM users WHERE id = ${named}::uuid`.execute(database.db)).rejects.toMatchObject(
      refused,
    )
    await expect(
      sql`UPDATE users SET id = gen_random_uuid() WHERE id = ${named}::uuid`.execute(database.db),
    ).rejects.toMatchObject(refused)
    // A council the log names, and nothing else does.
    const council = (
      await sql<{
        id: string
      }>`INSERT INTO councils (code, name) VALUES ('STORE4', 'Store 4') RETURNING id`.execute(database.db)
    ).rows[0]?.id as string
    await recordAudit(database.db, {
      councilId: council,
      userId: null,
      action: 'read',
      recordType: 'store-4',
    })
    const councilRefused = {
      code: '23503',
      message:
        'update or delete on table "councils" violates foreign key constraint "audit_log_council_id_fkey" on table "audit_log"',
    }
    await expect(
      sql`DELETE FROM councils WHERE id = ${council}::uuid`.execute(database.db),
    ).rejects.toMatchObject(councilRefused)
    await expect(
      sql`UPDATE councils SET id = gen_random_uuid() WHERE id = ${council}::uuid`.execute(database.db),
    ).rejects.toMatchObject(councilRefused)
    // Other changes to a named user, and deleting a user the log never named, go through.
    await sql`UPDATE users SET display_name = 'Renamed' WHERE id = ${named}::uuid`.execute(database.db)
    await sql`DELETE FROM users WHERE id = ${unnamed}::uuid`.execute(database.db)
    expect(
      (await sql<{ id: string }>`SELECT id FROM users WHERE email LIKE '%@store-4.test'`.execute(database.db))
        .rows,
    ).toEqual([{ id: named }])
  })
})
