import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { can, ROLES } from '../../src/modules/identity/roles.ts'
import { PERSON_RECORDS, PERSON_REFERENCES_LEFT } from '../../src/modules/people/merge-store.ts'
import { insertPerson } from '../support/fixtures.ts'
import { type CouncilKey, describeOnEachDatabase } from '../support/test-context.ts'
import { auditRowsFor } from '../support/written-records.ts'

const REQUEST = {
  requestedOn: '2026-05-01',
  routeOfAccess: 'Community / Other route',
  whatWasAsked: 'Help with getting washed and dressed',
}

describeOnEachDatabase('merging a person recorded twice', (ctx) => {
  const db = () => ctx().database.db
  const person = (id: string) =>
    db().selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

  /** Ada recorded twice: the record kept has a request; the duplicate has an NHS number and a request of its own. */
  async function adaTwice(council: CouncilKey = 'a') {
    const councilId = ctx().councils[council].id
    const kept = await insertPerson(ctx().database, councilId, {
      given_name: 'Ada',
      family_name: 'Lovelace',
      date_of_birth: '1950-12-10',
      nhs_number: null,
      gender: 'Female',
    })
    const duplicate = await insertPerson(ctx().database, councilId, {
      given_name: 'Ada',
      family_name: 'Lovelace',
      date_of_birth: '1950-12-10',
      nhs_number: '9434765919',
      gender: 'Male',
    })
    const api = await ctx().api('practitioner', council)
    for (const id of [kept.id, duplicate.id]) {
      const made = await api.post(`/api/v1/people/${id}/requests`, REQUEST)
      expect(made.statusCode, made.body).toBe(201)
    }
    return { kept, duplicate }
  }
  const requestsOf = async (personId: string) =>
    Number(
      (
        await db()
          .selectFrom('support_requests')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('person_id', '=', personId)
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('lists every column that names a person, as the database’s catalogue has them', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      SELECT c.table_name, c.column_name FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.column_name = 'person_id'
      UNION
      SELECT cl.relname::text, a.attname::text FROM pg_constraint k
      JOIN pg_class cl ON cl.oid = k.conrelid
      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
      WHERE k.contype = 'f' AND k.confrelid = 'people'::regclass`.execute(db())
    const inCatalogue = rows.map((r) => `${r.table_name}.${r.column_name}`).sort()
    const listed = [...PERSON_RECORDS, ...PERSON_REFERENCES_LEFT].map(
      ([table, column]) => `${table}.${column}`,
    )
    expect(inCatalogue).toEqual([...new Set(listed)].sort())
  })

  it('previews, then moves every record to the person kept, fills its blanks, and leads old links to it', async () => {
    const { kept, duplicate } = await adaTwice()
    const api = await ctx().api('team_manager')
    const preview = await api.get(`/api/v1/people/${kept.id}/merge?duplicateId=${duplicate.id}`)
    expect(preview.statusCode, preview.body).toBe(200)
    expect(preview.json()).toMatchObject({
      canMerge: true,
      refusals: [],
      moves: expect.arrayContaining([
        { what: 'Requests for support', count: 1 },
        { what: 'CLD events (the timeline)', count: 1 },
      ]),
      fills: [{ field: 'nhs_number', label: 'NHS number', value: '9434765919' }],
    })
    expect(await requestsOf(duplicate.id)).toBe(1)

    const merged = await api.post(`/api/v1/people/${kept.id}/merge`, { duplicateId: duplicate.id })
    expect(merged.statusCode, merged.body).toBe(200)
    expect(merged.json().person).toMatchObject({ id: kept.id, nhsNumber: '9434765919', gender: 'Female' })
    expect(await requestsOf(kept.id)).toBe(2)
    expect(await requestsOf(duplicate.id)).toBe(0)
    expect(await person(duplicate.id)).toMatchObject({ merged_into_id: kept.id })

    // Both trails say so; the duplicate's own trail stays under its id.
    const keptAudit = (await auditRowsFor(ctx().database, kept.id)).filter((a) => a.action === 'update')
    expect(keptAudit.at(-1)?.detail).toMatchObject({ mergedFrom: duplicate.id, changed: ['nhs_number'] })
    const duplicateAudit = (await auditRowsFor(ctx().database, duplicate.id)).filter(
      (a) => a.action === 'update',
    )
    expect(duplicateAudit.at(-1)?.detail).toEqual({ mergedInto: kept.id })

    const practitioner = await ctx().api('practitioner')
    const gone = await practitioner.get(`/api/v1/people/${duplicate.id}`)
    expect(gone.statusCode).toBe(404)
    expect(gone.json().mergedInto).toBe(`/api/v1/people/${kept.id}`)
    const page = await (await ctx().browser('practitioner')).get(`/people/${duplicate.id}`)
    expect(page.statusCode).toBe(302)
    expect(page.headers.location).toBe(`/people/${kept.id}?saved=was-merged`)
    const found = (await practitioner.get('/api/v1/people?q=Ada%20Lovelace')).json()
    expect(found.people.map((p: { id: string }) => p.id)).toContain(kept.id)
    expect(found.people.map((p: { id: string }) => p.id)).not.toContain(duplicate.id)

    // The kept person's trail takes in the duplicate's.
    const trail = (await (await ctx().api('admin')).get(`/api/v1/audit?personId=${kept.id}`)).json()
    expect(trail.entries.map((e: { personId: string }) => e.personId)).toContain(duplicate.id)

    // Merged once is merged: it cannot be chosen again.
    const again = await api.post(`/api/v1/people/${kept.id}/merge`, { duplicateId: duplicate.id })
    expect(again.statusCode).toBe(422)
  })

  it('refuses what cannot be merged, and bad input, writing nothing', async () => {
    const { kept, duplicate } = await adaTwice()
    const api = await ctx().api('head_of_service')
    const cases: [object, number][] = [
      [{}, 422],
      [{ duplicateId: 'ada' }, 422],
      [{ duplicateId: kept.id }, 422],
      [{ duplicateId: (await adaTwice('b')).duplicate.id }, 422],
    ]
    for (const [body, status] of cases) {
      const refused = await api.post(`/api/v1/people/${kept.id}/merge`, body)
      expect(refused.statusCode, refused.body).toBe(status)
      expect(refused.json().errors[0].field).toBe('duplicateId')
    }
    expect(await requestsOf(kept.id)).toBe(1)
    expect((await person(duplicate.id)).merged_into_id).toBeNull()

    // One is the other's carer: the link must end first.
    const linked = await (await ctx().api('practitioner')).post(`/api/v1/people/${kept.id}/carers`, {
      carerId: duplicate.id,
      relationship: 'Someone else',
      livesWith: false,
      startedOn: '2025-01-01',
    })
    expect(linked.statusCode, linked.body).toBe(201)
    // (Linking set the kept record's Has_Unpaid_Carer: what stays the same is measured from here.)
    const before = { kept: await person(kept.id), duplicate: await person(duplicate.id) }
    const refused = await api.post(`/api/v1/people/${kept.id}/merge`, { duplicateId: duplicate.id })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().reasons).toEqual([expect.stringMatching(/end that link before merging/)])

    // A duplicate a CLD file brought is merged in the system that made the file.
    const importRow = await db()
      .insertInto('cld_imports')
      .values({ council_id: ctx().councils.a.id, file_name: 'cld.csv', channel: 'cli', status: 'complete' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const fromFile = await insertPerson(ctx().database, ctx().councils.a.id, {
      created_by_import_id: importRow.id,
    })
    const preview = await api.get(`/api/v1/people/${kept.id}/merge?duplicateId=${fromFile.id}`)
    expect(preview.json()).toMatchObject({
      canMerge: false,
      refusals: [expect.stringMatching(/Client Level Data file/)],
    })
    expect((await api.post(`/api/v1/people/${kept.id}/merge`, { duplicateId: fromFile.id })).statusCode).toBe(
      409,
    )

    expect(await person(kept.id)).toEqual(before.kept)
    expect(await person(duplicate.id)).toEqual(before.duplicate)
    expect(await requestsOf(duplicate.id)).toBe(1)
  })

  it('is for team managers and heads of service, and keeps councils apart', async () => {
    const { kept, duplicate } = await adaTwice()
    for (const role of ROLES) {
      const allowed = can(role, 'mergePeople')
      const api = await ctx().api(role)
      const browser = await ctx().browser(role)
      expect((await browser.get(`/people/${kept.id}/merge`)).statusCode, role).toBe(allowed ? 200 : 403)
      expect(
        (await api.get(`/api/v1/people/${kept.id}/merge?duplicateId=${duplicate.id}`)).statusCode,
        role,
      ).toBe(allowed ? 200 : 403)
      if (allowed) continue
      expect(
        (await api.post(`/api/v1/people/${kept.id}/merge`, { duplicateId: duplicate.id })).statusCode,
        role,
      ).toBe(403)
      expect(
        (await browser.post(`/people/${kept.id}/merge`, { duplicateId: duplicate.id, confirmSame: 'yes' }))
          .statusCode,
        role,
      ).toBe(403)
    }
    expect((await ctx().app.inject({ method: 'GET', url: `/people/${kept.id}/merge` })).statusCode).toBe(302)
    expect(
      (await ctx().app.inject({ method: 'POST', url: `/api/v1/people/${kept.id}/merge` })).statusCode,
    ).toBe(401)
    const theirs = await ctx().api('team_manager', 'b')
    expect((await theirs.get(`/api/v1/people/${kept.id}/merge?duplicateId=${duplicate.id}`)).statusCode).toBe(
      404,
    )
    expect(
      (await theirs.post(`/api/v1/people/${kept.id}/merge`, { duplicateId: duplicate.id })).statusCode,
    ).toBe(404)
    expect(
      (await (await ctx().browser('team_manager', 'b')).get(`/people/${kept.id}/merge`)).statusCode,
    ).toBe(404)
    expect(await requestsOf(duplicate.id)).toBe(1)
    expect((await person(duplicate.id)).merged_into_id).toBeNull()
  })

  it('works on pages: likely duplicates offered, a comparison, the check asked for, then merged', async () => {
    const { kept, duplicate } = await adaTwice()
    const browser = await ctx().browser('team_manager')
    const record = await browser.get(`/people/${kept.id}`)
    expect(record.body).toContain(`/people/${kept.id}/merge`)
    const practitionerRecord = await (await ctx().browser('practitioner')).get(`/people/${kept.id}`)
    expect(practitionerRecord.body).not.toContain(`/people/${kept.id}/merge`)

    const find = await browser.get(`/people/${kept.id}/merge`)
    expect(find.body).toContain('Probably the same person')
    expect(find.body).toContain(`/people/${kept.id}/merge?duplicate=${duplicate.id}`)
    const compare = await browser.get(`/people/${kept.id}/merge?duplicate=${duplicate.id}`)
    expect(compare.statusCode).toBe(200)
    expect(compare.body).toContain('Requests for support')
    expect(compare.body).toContain('NHS number: 943 476 5919')
    expect((await browser.get(`/people/${kept.id}/merge?duplicate=${kept.id}`)).statusCode).toBe(422)

    const unconfirmed = await browser.post(`/people/${kept.id}/merge`, { duplicateId: duplicate.id })
    expect(unconfirmed.statusCode).toBe(422)
    expect(unconfirmed.body).toContain('govuk-error-summary')
    expect(unconfirmed.body).toContain('Confirm that the two records are the same person')
    expect(unconfirmed.body).toContain('href="#confirmSame"')
    expect(await requestsOf(duplicate.id)).toBe(1)

    const merged = await browser.post(`/people/${kept.id}/merge`, {
      duplicateId: duplicate.id,
      confirmSame: 'yes',
    })
    expect(merged.statusCode, merged.body).toBe(303)
    const keptPage = (await browser.get(merged.headers.location as string)).body
    expect(keptPage).toContain('Records merged')
    expect(keptPage).toContain(`Also recorded as ${duplicate.la_person_id} (merged into this record`)
    expect(await requestsOf(kept.id)).toBe(2)
  })
})
