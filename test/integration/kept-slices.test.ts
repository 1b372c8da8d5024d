/**
 * A large council's slices kept between computations: after changes to a few
 * people, each family's figures are those worked out afresh, and only the
 * slices holding the people changed are worked out again; a change of many
 * rows (a CLD import's) works out every slice again.
 */
import { PassThrough, Readable } from 'node:stream'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../src/kernel/db/connect.ts'
import { runImport } from '../../src/modules/cld/importer.ts'
import { parseQuarter } from '../../src/modules/cld/rules.ts'
import { createImport } from '../../src/modules/cld/store.ts'
import { writeSyntheticCldFile } from '../../src/modules/cld/synthetic-file.ts'
import { FAMILIES } from '../../src/modules/measures/catalogue.ts'
import { familyFingerprint, runFamily } from '../../src/modules/measures/compute.ts'
import { financialYear } from '../../src/modules/measures/periods.ts'
import { LT_COMMUNITY, ST_MAX } from '../../src/modules/measures/rules.ts'
import { seedSyntheticCouncil } from '../../src/modules/synthetic/seed-council.ts'
import { freshDatabase, testDatabaseKinds } from '../support/databases.ts'
import { insertPerson } from '../support/fixtures.ts'

const QUARTER = parseQuarter('2025-26-Q4') as NonNullable<ReturnType<typeof parseQuarter>>
const AS_OF = '2026-06-15'
const PERIOD = financialYear('2025-26')
const SLICING = { over: 0, size: 40 }
const SLICED = FAMILIES.filter((family) => family.bySlices)

/** What may be done to a few people's records, each as one small statement. */
type Change =
  | { kind: 'end' | 'remove' | 'direct-payment'; event: number }
  | { kind: 'death'; person: number }
  | { kind: 'new-person'; service: 'reablement' | 'long-term' }

const changes: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constantFrom('end', 'remove', 'direct-payment'), event: fc.nat() }),
  fc.record({ kind: fc.constant('death'), person: fc.nat() }),
  fc.record({ kind: fc.constant('new-person'), service: fc.constantFrom('reablement', 'long-term') }),
) as fc.Arbitrary<Change>

describe.each(testDatabaseKinds())('%s: a large council’s slices kept between computations', (kind) => {
  let database: Database | undefined
  let councilId = ''
  const db = () => {
    if (!database) throw new Error('The database is not ready')
    return database.db
  }

  beforeAll(async () => {
    database = await freshDatabase(kind)
    // ASCEND's own records, as practitioners make them (an import's rows are noted for the whole council).
    const seeded = await seedSyntheticCouncil(database, {
      councilCode: 'KEPT',
      people: 400,
      seed: 5,
      asOf: AS_OF,
    })
    councilId = seeded.council.id
  }, 120_000)
  afterAll(async () => {
    await database?.close()
  })

  const kept = (family: (typeof SLICED)[number]) =>
    runFamily(db(), family, { councilId }, PERIOD, { slicing: SLICING, keepAs: familyFingerprint(family) })
  const afresh = (family: (typeof SLICED)[number]) =>
    runFamily(db(), family, { councilId }, PERIOD, { slicing: SLICING })

  /** Each kept slice's versions, by family and first person. */
  async function keptVersions() {
    const rows = await db()
      .selectFrom('measure_slice_rows')
      .select(['family', 'first_person', 'next_person', 'council_version', 'people_version'])
      .where('council_id', '=', councilId)
      .execute()
    return new Map(rows.map((r) => [`${r.family} ${r.first_person}`, r]))
  }

  /** Makes one change; the person it changed. */
  async function make(change: Change): Promise<string> {
    if (change.kind === 'new-person') {
      const person = await insertPerson(database as Database, councilId, { date_of_birth: '1948-03-10' })
      await db()
        .insertInto('cld_events')
        .values({
          council_id: councilId,
          person_id: person.id,
          event_type: 'Service',
          client_type: 'Service user',
          event_start_on: '2025-09-01',
          event_end_on: change.service === 'reablement' ? '2025-10-01' : null,
          service_type: change.service === 'reablement' ? ST_MAX : LT_COMMUNITY,
          service_component: change.service === 'reablement' ? 'Reablement' : 'Home care',
          delivery_mechanism: 'CASSR Commissioned Support',
        })
        .execute()
      return person.id
    }
    if (change.kind === 'death') {
      const people = await sql<{ id: string }>`
        SELECT id FROM people WHERE council_id = ${councilId} ORDER BY id`.execute(db())
      const person = people.rows[change.person % people.rows.length]?.id as string
      await sql`UPDATE people SET date_of_death = '2025-11-15' WHERE id = ${person}`.execute(db())
      return person
    }
    const events = await sql<{ id: string; person_id: string }>`
      SELECT id, person_id FROM cld_events WHERE council_id = ${councilId} ORDER BY id`.execute(db())
    const event = events.rows[change.event % events.rows.length] as { id: string; person_id: string }
    if (change.kind === 'remove') await sql`DELETE FROM cld_events WHERE id = ${event.id}`.execute(db())
    else if (change.kind === 'end')
      await sql`UPDATE cld_events SET event_end_on = event_start_on + 20 WHERE id = ${event.id}`.execute(db())
    else
      await sql`UPDATE cld_events SET delivery_mechanism = 'Direct Payment' WHERE id = ${event.id}`.execute(
        db(),
      )
    return event.person_id
  }

  it('after changes to a few people gives the figures worked out afresh, working out again only their slices', async () => {
    for (const family of SLICED) await kept(family)
    const sliceCount = (await keptVersions()).size / SLICED.length
    expect(sliceCount).toBeGreaterThan(5)
    await fc.assert(
      fc.asyncProperty(fc.array(changes, { minLength: 1, maxLength: 3 }), async (made) => {
        const before = await keptVersions()
        const people: string[] = []
        for (const change of made) people.push(await make(change))
        for (const family of SLICED) {
          const figures = await kept(family)
          expect(figures.get(councilId), family.key).toEqual((await afresh(family)).get(councilId))
        }
        const after = await keptVersions()
        expect([...after.keys()].sort()).toEqual([...before.keys()].sort())
        for (const [key, slice] of after) {
          const then = before.get(key)
          expect(slice.council_version).toBe(then?.council_version)
          const holdsAChange = people.some((id) => id >= slice.first_person && id < slice.next_person)
          expect(slice.people_version !== then?.people_version, `${key} worked out again`).toBe(holdsAChange)
        }
      }),
      { numRuns: 6 },
    )
  }, 120_000)

  it('works out every slice again after a statement that changed many rows', async () => {
    for (const family of SLICED) await kept(family)
    const before = await keptVersions()
    await sql`
      UPDATE cld_events SET planned_units_per_week = planned_units_per_week
      WHERE id IN (SELECT id FROM cld_events WHERE council_id = ${councilId} ORDER BY id LIMIT 51)`.execute(
      db(),
    )
    for (const family of SLICED) {
      const figures = await kept(family)
      expect(figures.get(councilId), family.key).toEqual((await afresh(family)).get(councilId))
    }
    const after = await keptVersions()
    for (const [key, slice] of after) expect(slice.council_version).not.toBe(before.get(key)?.council_version)
  }, 60_000)

  it.each([
    [1, 'the person'],
    [50, 'the people'],
    [51, 'the council'],
  ])('notes a statement that changed %i events as a change of %s', async (count, noted) => {
    const before = await sql<{ people: number; council: number }>`
      SELECT (SELECT count(*) FROM measure_changed_people WHERE council_id = ${councilId})::int AS people,
        (SELECT count(*) FROM measure_data_changes WHERE council_id = ${councilId})::int AS council`.execute(
      db(),
    )
    const touched = await sql<{ people: number }>`
      WITH touched AS (
        UPDATE cld_events SET planned_units_per_week = planned_units_per_week
        WHERE id IN (SELECT id FROM cld_events WHERE council_id = ${councilId} ORDER BY id DESC LIMIT ${count})
        RETURNING person_id)
      SELECT count(DISTINCT person_id)::int AS people FROM touched`.execute(db())
    const after = await sql<{ people: number; council: number }>`
      SELECT (SELECT count(*) FROM measure_changed_people WHERE council_id = ${councilId})::int AS people,
        (SELECT count(*) FROM measure_data_changes WHERE council_id = ${councilId})::int AS council`.execute(
      db(),
    )
    const [was, is] = [before.rows[0], after.rows[0]] as { people: number; council: number }[]
    if (noted === 'the council') {
      expect(is).toEqual({ people: was?.people, council: (was?.council ?? 0) + 1 })
    } else {
      expect(is).toEqual({
        people: (was?.people ?? 0) + (touched.rows[0]?.people ?? 0),
        council: was?.council,
      })
    }
  })

  // Last: it brings a file of its own into the council.
  it('notes an import’s writes for the whole council, however small its batches', async () => {
    const count = async (table: 'measure_changed_people' | 'measure_data_changes') =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select(({ fn }) => fn.countAll<number>().as('n'))
            .where('council_id', '=', councilId)
            .executeTakeFirstOrThrow()
        ).n,
      )
    const [people, council] = [await count('measure_changed_people'), await count('measure_data_changes')]
    const out = new PassThrough()
    const chunks: Buffer[] = []
    out.on('data', (chunk: Buffer) => chunks.push(chunk))
    await writeSyntheticCldFile(out, {
      rows: 60,
      councilCode: 'KEPT',
      seed: 9,
      periodStartOn: QUARTER.periodStartOn,
      periodEndOn: QUARTER.periodEndOn,
    })
    out.end()
    const importId = await createImport(db(), {
      councilId,
      fileName: 'small-batches.csv',
      channel: 'cli',
      createdBy: null,
      bytesTotal: null,
    })
    const outcome = await runImport({
      db: db(),
      importId,
      council: { id: councilId, code: 'KEPT', synthetic: true },
      source: Readable.from([Buffer.concat(chunks).toString('utf8')]),
      batchSize: 10,
    })
    expect(outcome.status).toBe('complete')
    // Each batch of ten rows is noted for the council; only the import's people whose details it then
    // applied (in one last statement of fewer than 50) may be noted one by one.
    expect(await count('measure_data_changes')).toBeGreaterThanOrEqual(council + 6)
    expect(await count('measure_changed_people')).toBeLessThanOrEqual(
      people + outcome.counts.peopleCreated + 60,
    )
  }, 60_000)
})
