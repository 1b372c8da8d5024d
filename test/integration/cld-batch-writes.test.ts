import fc from 'fast-check'
import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { ArrayLiteral } from '../../src/modules/cld/pg-array.ts'
import { describeOnEachDatabase } from '../support/test-context.ts'

describeOnEachDatabase('CLD import: batch arrays and event references', (ctx) => {
  it('reads any text back from an array literal as it was written, NULL as null', async () => {
    const db = ctx().database.db
    // Text as a CLD file can hold it (no NUL, which PostgreSQL text cannot).
    const text = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replaceAll('\u0000', ''))
    const value = fc.oneof(
      text,
      fc.constantFrom('NULL', 'null', '', ' ', '"', '\\', '\\"', '{', '}', ',', 'a,b', '{"x"}', '\t\n'),
      fc.constant(null),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(value, { maxLength: 20 }), async (values) => {
        const literal = new ArrayLiteral()
        for (const v of values) literal.push(v)
        const result = await sql<{ v: (string | null)[] | null }>`
          SELECT ${literal.toString()}::text[] AS v`.execute(db)
        expect(result.rows[0]?.v ?? []).toEqual(values)
      }),
      { numRuns: 60 },
    )
  })

  it('refuses an event whose person or council does not exist, and a delete of a person events refer to', async () => {
    const db = ctx().database.db
    const council = ctx().councils.a
    const person = await sql<{ id: string }>`
      INSERT INTO people (council_id, la_person_id) VALUES (${council.id}::uuid, 'ref-check-1') RETURNING id`.execute(
      db,
    )
    const personId = person.rows[0]?.id as string
    const insertEvent = (personRef: string, councilRef: string) =>
      sql`INSERT INTO cld_events (council_id, person_id, event_type, event_start_on)
        VALUES (${councilRef}::uuid, ${personRef}::uuid, 'Request', '2025-05-01')`.execute(db)
    const missing = '00000000-0000-4000-8000-000000000001'

    await expect(insertEvent(missing, council.id)).rejects.toMatchObject({ code: '23503' })
    await expect(insertEvent(personId, missing)).rejects.toMatchObject({ code: '23503' })
    await insertEvent(personId, council.id)
    await expect(
      sql`UPDATE cld_events SET person_id = ${missing}::uuid WHERE person_id = ${personId}::uuid`.execute(db),
    ).rejects.toMatchObject({ code: '23503' })
    // Changing anything else is not checked, and passes.
    await sql`UPDATE cld_events SET event_outcome = 'NFA: Other' WHERE person_id = ${personId}::uuid`.execute(
      db,
    )
    await expect(sql`DELETE FROM people WHERE id = ${personId}::uuid`.execute(db)).rejects.toMatchObject({
      code: '23503',
    })
    await expect(sql`DELETE FROM councils WHERE id = ${council.id}::uuid`.execute(db)).rejects.toMatchObject({
      code: '23503',
    })

    // Once its events are gone, the person can go.
    await sql`DELETE FROM cld_events WHERE person_id = ${personId}::uuid`.execute(db)
    await sql`DELETE FROM people WHERE id = ${personId}::uuid`.execute(db)
  })
})
