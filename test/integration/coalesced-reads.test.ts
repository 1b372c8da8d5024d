import { expect, it } from 'vitest'
import { recordEvent } from '../../src/modules/events/store.ts'
import { auditedPersonReads } from '../../src/modules/people/audited-reads.ts'
import { classifyQuery } from '../../src/modules/people/rules.ts'
import { fullNameSearch, searchFullNames, searchPeople } from '../../src/modules/people/store.ts'
import { auditedCaseloadReads } from '../../src/modules/requests/actions.ts'
import { insertPerson } from '../support/fixtures.ts'
import { type CouncilKey, describeOnEachDatabase, type TestContext } from '../support/test-context.ts'

// Reads that arrive together share one statement (kernel/db/coalesce.ts): these
// ask for people of two councils at once and check that each asker gets only
// their own council's, with their own audit entry.

const userOf = (ctx: TestContext, council: CouncilKey) => ({
  id: ctx.councils[council].users.practitioner,
  councilId: ctx.councils[council].id,
  email: `practitioner@${council}.test`,
  displayName: 'Practitioner',
  role: 'practitioner' as const,
  teamId: ctx.councils[council].teamId,
  councilCode: ctx.councils[council].code,
  councilName: council,
  councilSynthetic: false,
})

describeOnEachDatabase('reads that arrive together', (ctx) => {
  it('answers each person read for its own council only, and audits each', async () => {
    const { database } = ctx()
    const a = ctx().councils.a.id
    const b = ctx().councils.b.id
    const [inA, alsoInA, inB] = await Promise.all([
      insertPerson(database, a),
      insertPerson(database, a),
      insertPerson(database, b),
    ])
    await recordEvent(database.db, {
      council_id: a,
      person_id: inA.id,
      event_type: 'Request',
      event_start_on: '2026-05-01',
      request_route_of_access: 'Community / Other route',
    })
    const reads = auditedPersonReads(database.db)
    const userA = userOf(ctx(), 'a') as never
    const userB = userOf(ctx(), 'b') as never
    const asked = [
      [userA, inA.id],
      [userB, inB.id],
      [userA, alsoInA.id],
      [userB, inA.id],
      [userA, inB.id],
      [userA, 'not-a-uuid'],
      [userA, inA.id],
    ] as const
    const found = await Promise.all(asked.map(([user, id]) => reads.read(user, id, 'api', 'record')))
    expect(found.map((f) => f?.person.id)).toEqual([
      inA.id,
      inB.id,
      alsoInA.id,
      undefined,
      undefined,
      undefined,
      inA.id,
    ])
    expect(found[0]?.events.map((e) => e.event_type)).toEqual(['Request'])
    expect(found[1]?.events).toEqual([])

    const audited = await database.db
      .selectFrom('audit_log')
      .select(['council_id', 'person_id'])
      .where('action', '=', 'read')
      .where('person_id', 'in', [inA.id, alsoInA.id, inB.id])
      .execute()
    const key = (r: { council_id: string | null; person_id: string | null }) =>
      `${r.council_id}:${r.person_id}`
    expect(audited.map(key).sort()).toEqual(
      [`${a}:${inA.id}`, `${a}:${inA.id}`, `${a}:${alsoInA.id}`, `${b}:${inB.id}`].sort(),
    )
  })

  it("answers each caseload read with the worker's own council's requests", async () => {
    const { database } = ctx()
    const allocate = async (council: CouncilKey) => {
      const person = await insertPerson(database, ctx().councils[council].id)
      const practitioner = await ctx().api('practitioner', council)
      const recorded = await practitioner.post(`/api/v1/people/${person.id}/requests`, {
        requestedOn: '2026-06-01',
        routeOfAccess: 'Community / Other route',
        whatWasAsked: 'Help with getting washed and dressed',
      })
      expect(recorded.statusCode, recorded.body).toBe(201)
      const manager = await ctx().api('team_manager', council)
      const allocated = await manager.post(
        `/api/v1/requests/${(recorded.json() as { id: string }).id}/allocation`,
        {
          teamId: ctx().councils[council].teamId,
          workerId: ctx().councils[council].users.practitioner,
        },
      )
      expect(allocated.statusCode, allocated.body).toBe(200)
      return person.id
    }
    const personInA = await allocate('a')
    const personInB = await allocate('b')
    const readCaseload = auditedCaseloadReads(database.db)
    const userA = userOf(ctx(), 'a') as never
    const userB = userOf(ctx(), 'b') as never
    const [mineA, mineB, aAsksForB] = await Promise.all([
      readCaseload(userA, ctx().councils.a.users.practitioner),
      readCaseload(userB, ctx().councils.b.users.practitioner),
      readCaseload(userA, ctx().councils.b.users.practitioner),
    ])
    expect(aAsksForB).toEqual([])
    expect(mineA.map((r) => r.personId)).toContain(personInA)
    expect(mineB.map((r) => r.personId)).toContain(personInB)
    for (const request of mineA) expect(request.workerId).toBe(ctx().councils.a.users.practitioner)
    for (const request of mineB) expect(request.workerId).toBe(ctx().councils.b.users.practitioner)
    expect(mineA.map((r) => r.personId)).not.toContain(personInB)
  })

  it('answers full-name searches together exactly as one at a time, limit and order included', async () => {
    const { database } = ctx()
    const a = ctx().councils.a.id
    const b = ctx().councils.b.id
    const names: [string, string, string][] = [
      ['Ada', 'Quillfeather', '1950-01-01'],
      ['ada', 'QUILLFEATHER', '1940-01-01'],
      ['Adam', 'Quillfeathers', '1960-01-01'],
      ['Adrian', 'Quillfeather', '1970-01-01'],
      ['Zoë', 'Ëquillfeather', '1980-01-01'],
      ['Zoe', 'Equillfeather', '1981-01-01'],
    ]
    for (const council of [a, b])
      for (const [given, family, born] of names)
        await insertPerson(database, council, { given_name: given, family_name: family, date_of_birth: born })
    const queries = [
      'Ada Quillfeather',
      'ad quill',
      'Zoë Ëquill',
      'zo equill',
      'Adam Quillfeathers',
      'Nobody Quillfeather',
    ]
    const searches = queries.flatMap((q) =>
      [a, b].map((councilId) => {
        const search = fullNameSearch(councilId, classifyQuery(q))
        expect(search, q).toBeDefined()
        return { search: search as NonNullable<typeof search>, councilId, q }
      }),
    )
    for (const limit of [50, 2]) {
      const together = await searchFullNames(
        database.db,
        searches.map((s) => s.search),
        limit,
      )
      const oneByOne = await Promise.all(
        searches.map(({ councilId, q }) => searchPeople(database.db, councilId, classifyQuery(q), limit)),
      )
      expect(together).toEqual(oneByOne)
    }
    expect(searches.length).toBe(12)
    expect(
      (await searchFullNames(database.db, [searches[1]?.search as never]))[0]?.people.map(
        (p) => p.council_id,
      ),
    ).toEqual([b, b, b])
  })
})
