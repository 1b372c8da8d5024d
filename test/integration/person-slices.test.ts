/**
 * A council's people in slices (the measures' way through a large council):
 * every person of the council in exactly one slice, slices in id order and
 * no larger than asked, whatever the size, and no other council's people.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../src/kernel/db/connect.ts'
import { addCouncil } from '../../src/modules/identity/store.ts'
import {
  hasMorePeople,
  PAST_EVERY_PERSON,
  type PersonSlice,
  personSlices,
} from '../../src/modules/measures/person-slices.ts'
import { FIRST_PERSON } from '../../src/modules/measures/sql.ts'
import { freshDatabase, testDatabaseKinds } from '../support/databases.ts'
import { insertPerson } from '../support/fixtures.ts'

describe.each(testDatabaseKinds())('%s: a council’s people in slices', (kind) => {
  let database: Database | undefined
  let councilId = ''
  let emptyCouncilId = ''
  let people: string[] = []
  beforeAll(async () => {
    database = await freshDatabase(kind)
    const council = await addCouncil(database.db, { code: 'SLICES', name: 'Slices' })
    const other = await addCouncil(database.db, { code: 'OTHER', name: 'Other' })
    const empty = await addCouncil(database.db, { code: 'EMPTY', name: 'Empty' })
    councilId = council.id
    emptyCouncilId = empty.id
    for (let i = 0; i < 23; i++) {
      people.push((await insertPerson(database, council.id)).id)
      await insertPerson(database, other.id)
    }
    people = people.sort()
  })
  afterAll(async () => {
    await database?.close()
  })

  it('puts each person of the council in one slice, in id order, at most the size asked', async () => {
    const db = database?.db
    if (!db) throw new Error('The database is not ready')
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 30 }), async (size) => {
        const slices: PersonSlice[] = []
        for await (const slice of personSlices(db, councilId, size)) slices.push(slice)
        expect(slices[0]?.first).toBe(FIRST_PERSON)
        expect(slices.at(-1)?.next).toBe(PAST_EVERY_PERSON)
        expect(slices.length).toBe(Math.max(1, Math.ceil(people.length / size)))
        const seen = slices.map((slice, i) => {
          if (i > 0) expect(slice.first).toBe(slices[i - 1]?.next)
          const inSlice = people.filter((id) => id >= slice.first && id < slice.next)
          expect(inSlice.length).toBeLessThanOrEqual(size)
          return inSlice
        })
        expect(seen.flat()).toEqual(people)
      }),
      { numRuns: 12, examples: [[1], [23], [30]] },
    )
  })

  it.each([
    [0, true],
    [22, true],
    [23, false],
    [50_000, false],
  ])('says whether the council has more than %i people: %s', async (count, more) => {
    const db = database?.db
    if (!db) throw new Error('The database is not ready')
    expect(await hasMorePeople(db, councilId, count)).toBe(more)
    expect(await hasMorePeople(db, emptyCouncilId, count)).toBe(false)
  })

  it('refuses slices of no people, which would never end', async () => {
    const db = database?.db
    if (!db) throw new Error('The database is not ready')
    await expect(personSlices(db, councilId, 0).next()).rejects.toThrow(
      'A slice holds at least one person, not 0',
    )
  })

  it('gives a council without people one slice of everything', async () => {
    const db = database?.db
    if (!db) throw new Error('The database is not ready')
    const slices: PersonSlice[] = []
    for await (const slice of personSlices(db, emptyCouncilId, 5)) slices.push(slice)
    expect(slices).toEqual([{ first: FIRST_PERSON, next: PAST_EVERY_PERSON }])
  })
})
