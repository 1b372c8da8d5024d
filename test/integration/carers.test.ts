import { PassThrough } from 'node:stream'
import { parse } from 'csv-parse/sync'
import { expect, it } from 'vitest'
import { writeCldExport } from '../../src/modules/cld/export.ts'
import { parseQuarter } from '../../src/modules/cld/rules.ts'
import { can, ROLES } from '../../src/modules/identity/roles.ts'
import { dateBoxes } from '../support/date-boxes.ts'
import { insertPerson } from '../support/fixtures.ts'
import { type CouncilKey, describeOnEachDatabase } from '../support/test-context.ts'
import { auditRowsFor } from '../support/written-records.ts'

const LINK = { relationship: 'Son or daughter', livesWith: false, hoursAWeek: 20, startedOn: '2024-03-01' }

describeOnEachDatabase('unpaid carers linked to the adults they care for', (ctx) => {
  const db = () => ctx().database.db

  async function twoPeople(council: CouncilKey = 'a') {
    const id = ctx().councils[council].id
    const caredFor = await insertPerson(ctx().database, id, { given_name: 'Edna', has_unpaid_carer: 'No' })
    const carer = await insertPerson(ctx().database, id, { given_name: 'Sam', date_of_birth: '1962-02-03' })
    return { caredFor, carer }
  }
  const linkCount = async () =>
    Number(
      (
        await db()
          .selectFrom('carer_links')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const person = (id: string) =>
    db().selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

  it('links a carer: both records show it, the carer’s CLD fields name the adult, and both trails have it', async () => {
    const { caredFor, carer } = await twoPeople()
    const api = await ctx().api('practitioner')
    const made = await api.post(`/api/v1/people/${caredFor.id}/carers`, { ...LINK, carerId: carer.id })
    expect(made.statusCode, made.body).toBe(201)
    const link = made.json()
    expect(link).toMatchObject({ carerId: carer.id, caredForId: caredFor.id, hoursAWeek: 20, endedOn: null })

    const theirs = (await api.get(`/api/v1/people/${caredFor.id}/carers`)).json()
    expect(theirs.carers).toEqual([
      expect.objectContaining({
        id: link.id,
        relationship: 'Son or daughter',
        person: expect.objectContaining({ id: carer.id, name: `Sam ${carer.family_name}` }),
        carersAssessment: null,
      }),
    ])
    const carers = (await api.get(`/api/v1/people/${carer.id}/carers`)).json()
    expect(carers.caredFor.map((l: { person: { id: string } }) => l.person.id)).toEqual([caredFor.id])

    expect(await person(carer.id)).toMatchObject({
      adult_1_linked_person_id: caredFor.la_person_id,
      adult_2_linked_person_id: null,
      no_of_adults_being_cared_for: 1,
      total_hrs_caring_per_week: '20',
    })
    expect((await person(caredFor.id)).has_unpaid_carer).toBe('Yes')

    const audit = await auditRowsFor(ctx().database, link.id)
    expect(audit.map((a) => [a.action, a.person_id])).toEqual([
      ['create', caredFor.id],
      ['create', carer.id],
    ])
    expect(audit[0]?.detail).toMatchObject({ changed: ['has_unpaid_carer'] })
    expect(audit[1]?.detail).toMatchObject({
      changed: ['adult_1_linked_person_id', 'no_of_adults_being_cared_for', 'total_hrs_caring_per_week'],
    })
    // Showing the carer on the adult's record is a read of the carer's.
    const reads = await db()
      .selectFrom('audit_log')
      .select('detail')
      .where('person_id', '=', carer.id)
      .where('action', '=', 'read')
      .execute()
    expect(reads.map((r) => r.detail)).toContainEqual(
      expect.objectContaining({ view: 'carer link', of: caredFor.id }),
    )
  })

  it('ends a link: kept as past caring, the carer’s CLD fields no longer name the adult', async () => {
    const { caredFor, carer } = await twoPeople()
    const api = await ctx().api('practitioner')
    const link = (
      await api.post(`/api/v1/people/${caredFor.id}/carers`, { ...LINK, carerId: carer.id })
    ).json()
    const early = await api.post(`/api/v1/people/${caredFor.id}/carers/${link.id}/end`, {
      endedOn: '2024-02-01',
    })
    expect(early.statusCode).toBe(422)
    expect(early.json().errors).toEqual([
      { field: 'endedOn', message: 'Date the caring ended must be on or after the date it started' },
    ])
    // From either person's record.
    const ended = await api.post(`/api/v1/people/${carer.id}/carers/${link.id}/end`, {
      endedOn: '2026-05-31',
    })
    expect(ended.statusCode, ended.body).toBe(200)
    expect(ended.json().endedOn).toBe('2026-05-31')
    expect(
      (await api.post(`/api/v1/people/${carer.id}/carers/${link.id}/end`, { endedOn: '2026-06-01' }))
        .statusCode,
    ).toBe(409)
    expect(await person(carer.id)).toMatchObject({
      adult_1_linked_person_id: null,
      no_of_adults_being_cared_for: 0,
      total_hrs_caring_per_week: null,
    })
    const theirs = (await api.get(`/api/v1/people/${caredFor.id}/carers`)).json()
    expect(theirs.carers[0].endedOn).toBe('2026-05-31')
    // Linked again after the end: a new current link.
    const again = await api.post(`/api/v1/people/${caredFor.id}/carers`, { ...LINK, carerId: carer.id })
    expect(again.statusCode, again.body).toBe(201)
    expect((await person(carer.id)).adult_1_linked_person_id).toBe(caredFor.la_person_id)
  })

  it('links no carer after a death, either person’s, and offers no link on the record', async () => {
    const api = await ctx().api('practitioner')
    for (const who of ['caredFor', 'carer'] as const) {
      const pair = await twoPeople()
      await db()
        .updateTable('people')
        .set({ date_of_death: '2026-06-10' })
        .where('id', '=', pair[who].id)
        .execute()
      const before = await linkCount()
      const refused = await api.post(`/api/v1/people/${pair.caredFor.id}/carers`, {
        ...LINK,
        carerId: pair.carer.id,
      })
      expect(refused.statusCode, refused.body).toBe(409)
      expect(refused.json().detail).toBe(
        `${pair[who].given_name} ${pair[who].family_name} died on 10 June 2026: a carer cannot be linked after a death`,
      )
      expect(await linkCount()).toBe(before)
    }
    const { caredFor } = await twoPeople()
    const browser = await ctx().browser('practitioner')
    expect((await browser.get(`/people/${caredFor.id}`)).body).toContain('Link a carer')
    await db()
      .updateTable('people')
      .set({ date_of_death: '2026-06-10' })
      .where('id', '=', caredFor.id)
      .execute()
    expect((await browser.get(`/people/${caredFor.id}`)).body).not.toContain('Link a carer')
  })

  it('refuses bad input, the person as their own carer, a carer twice, and writes nothing', async () => {
    const { caredFor, carer } = await twoPeople()
    const other = await twoPeople('b')
    const api = await ctx().api('practitioner')
    const url = `/api/v1/people/${caredFor.id}/carers`
    expect((await api.post(url, { ...LINK, carerId: carer.id })).statusCode).toBe(201)
    const before = {
      links: await linkCount(),
      carer: await person(carer.id),
      caredFor: await person(caredFor.id),
    }
    const cases: [object, number, string[]][] = [
      [{ ...LINK, carerId: carer.id }, 409, []],
      [{ ...LINK, carerId: caredFor.id }, 422, ['carerId']],
      [{ ...LINK, carerId: other.carer.id }, 422, ['carerId']],
      [
        {
          carerId: 'sam',
          relationship: 'Cousin',
          livesWith: 'perhaps',
          hoursAWeek: 200,
          startedOn: '2099-01-01',
        },
        422,
        ['carerId', 'relationship', 'livesWith', 'hoursAWeek', 'startedOn'],
      ],
    ]
    for (const [body, status, fields] of cases) {
      const refused = await api.post(url, body)
      expect(refused.statusCode, refused.body).toBe(status)
      if (status === 422) expect(refused.json().errors.map((e: { field: string }) => e.field)).toEqual(fields)
    }
    expect(await linkCount()).toBe(before.links)
    expect(await person(carer.id)).toEqual(before.carer)
    expect(await person(caredFor.id)).toEqual(before.caredFor)
  })

  it('is for those who work the cases, and keeps councils apart', async () => {
    const { caredFor, carer } = await twoPeople()
    const link = (
      await (
        await ctx().api('practitioner')
      ).post(`/api/v1/people/${caredFor.id}/carers`, { ...LINK, carerId: carer.id })
    ).json()
    const other = await twoPeople()
    const before = await linkCount()
    for (const role of ROLES) {
      const allowed = can(role, 'caseWork')
      const api = await ctx().api(role)
      const browser = await ctx().browser(role)
      expect((await api.get(`/api/v1/people/${caredFor.id}/carers`)).statusCode, role).toBe(
        allowed ? 200 : 403,
      )
      expect((await browser.get(`/people/${caredFor.id}/carers/new`)).statusCode, role).toBe(
        allowed ? 200 : 403,
      )
      expect((await browser.get(`/people/${caredFor.id}/carers/${link.id}/end`)).statusCode, role).toBe(
        allowed ? 200 : 403,
      )
      if (allowed) continue
      expect(
        (await api.post(`/api/v1/people/${other.caredFor.id}/carers`, { ...LINK, carerId: other.carer.id }))
          .statusCode,
        role,
      ).toBe(403)
      expect(
        (await api.post(`/api/v1/people/${caredFor.id}/carers/${link.id}/end`, { endedOn: '2026-06-01' }))
          .statusCode,
        role,
      ).toBe(403)
      expect(
        (await browser.post(`/people/${other.caredFor.id}/carers/new`, { carerId: other.carer.id }))
          .statusCode,
        role,
      ).toBe(403)
    }
    expect(
      (await ctx().app.inject({ method: 'GET', url: `/people/${caredFor.id}/carers/new` })).statusCode,
    ).toBe(302)
    expect(
      (await ctx().app.inject({ method: 'GET', url: `/api/v1/people/${caredFor.id}/carers` })).statusCode,
    ).toBe(401)

    const theirs = await ctx().api('practitioner', 'b')
    const theirBrowser = await ctx().browser('practitioner', 'b')
    const b = await twoPeople('b')
    expect((await theirs.get(`/api/v1/people/${caredFor.id}/carers`)).statusCode).toBe(404)
    expect(
      (await theirs.post(`/api/v1/people/${caredFor.id}/carers`, { ...LINK, carerId: carer.id })).statusCode,
    ).toBe(404)
    expect(
      (await theirs.post(`/api/v1/people/${caredFor.id}/carers/${link.id}/end`, { endedOn: '2026-06-01' }))
        .statusCode,
    ).toBe(404)
    // A link of A's named through B's own person is not found either.
    expect(
      (await theirs.post(`/api/v1/people/${b.caredFor.id}/carers/${link.id}/end`, { endedOn: '2026-06-01' }))
        .statusCode,
    ).toBe(404)
    expect((await theirBrowser.get(`/people/${caredFor.id}/carers/new`)).statusCode).toBe(404)
    expect((await theirBrowser.get(`/people/${caredFor.id}/carers/${link.id}/end`)).statusCode).toBe(404)
    const search = await theirBrowser.get(
      `/people/${b.caredFor.id}/carers/new?q=${encodeURIComponent(String(carer.family_name))}`,
    )
    expect(search.statusCode).toBe(200)
    expect(search.body).not.toContain(carer.id)
    expect(await linkCount()).toBe(before)
    expect((await person(carer.id)).adult_1_linked_person_id).toBe(caredFor.la_person_id)
  })

  it('works on pages: find the carer, a form with errors, then the link on both records', async () => {
    const { caredFor, carer } = await twoPeople()
    const browser = await ctx().browser('practitioner')
    const links = await linkCount()
    const found = await browser.get(
      `/people/${caredFor.id}/carers/new?q=${encodeURIComponent(String(carer.family_name))}`,
    )
    expect(found.statusCode).toBe(200)
    expect(found.body).toContain(`/people/${caredFor.id}/carers/new?carer=${carer.id}`)
    expect((await browser.get(`/people/${caredFor.id}/carers/new?carer=${caredFor.id}`)).statusCode).toBe(422)
    const form = await browser.get(`/people/${caredFor.id}/carers/new?carer=${carer.id}`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain(`Link Sam ${carer.family_name} as a carer`)

    const wrong = await browser.post(`/people/${caredFor.id}/carers/new`, {
      carerId: carer.id,
      hoursAWeek: 'most',
      ...dateBoxes('startedOn', '1', '13', '2024'),
    })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('govuk-error-summary')
    expect(wrong.body).toContain('Choose how the carer is related to the person')
    expect(wrong.body).toContain('href="#relationship"')
    expect(wrong.body).toContain('Hours caring a week must be a whole number from 0 to 168')
    expect(wrong.body).toContain('href="#startedOn-month"')
    expect(wrong.body).toContain('value="most"')
    expect(await linkCount()).toBe(links)

    const made = await browser.post(`/people/${caredFor.id}/carers/new`, {
      carerId: carer.id,
      relationship: 'Husband, wife or partner',
      livesWith: 'yes',
      hoursAWeek: '',
      ...dateBoxes('startedOn', '1', '3', '2024'),
    })
    expect(made.statusCode, made.body).toBe(303)
    expect(made.headers.location).toBe(`/people/${caredFor.id}?saved=carer-linked`)
    const record = await browser.get(made.headers.location as string)
    expect(record.body).toContain('Carer linked')
    expect(record.body).toContain(`Sam ${carer.family_name} (husband, wife or partner)`)
    expect(record.body).toContain(`/people/${carer.id}/assessments/new/carer`)
    const twice = await browser.post(`/people/${caredFor.id}/carers/new`, {
      carerId: carer.id,
      relationship: 'Husband, wife or partner',
      livesWith: 'yes',
      ...dateBoxes('startedOn', '1', '3', '2024'),
    })
    expect(twice.statusCode).toBe(409)
    expect(twice.body).toContain('is already linked as this person’s carer')
    expect(twice.body).toContain('href="#carerId"')

    const carerRecord = await browser.get(`/people/${carer.id}`)
    expect(carerRecord.body).toContain('Cares for')
    expect(carerRecord.body).toContain(`Edna ${caredFor.family_name}`)

    const linkId = (
      await db()
        .selectFrom('carer_links')
        .select('id')
        .where('carer_id', '=', carer.id)
        .executeTakeFirstOrThrow()
    ).id
    const badEnd = await browser.post(
      `/people/${caredFor.id}/carers/${linkId}/end`,
      dateBoxes('endedOn', '', '', ''),
    )
    expect(badEnd.statusCode).toBe(422)
    expect(badEnd.body).toContain('Enter the date the caring ended')
    const end = await browser.post(
      `/people/${caredFor.id}/carers/${linkId}/end`,
      dateBoxes('endedOn', '1', '6', '2026'),
    )
    expect(end.statusCode, end.body).toBe(303)
    const after = await browser.get(end.headers.location as string)
    expect(after.body).toContain('Carer’s link ended')
    expect(after.body).toContain('Past carers')
  })

  it('shows carers a CLD file linked, and the return names the adults a carer linked here cares for', async () => {
    const council = ctx().councils.a
    const caredFor = await insertPerson(ctx().database, council.id, { given_name: 'Iris' })
    const fromFile = await insertPerson(ctx().database, council.id, {
      given_name: 'Ray',
      client_type: 'Unpaid carer known by association',
      adult_1_linked_person_id: caredFor.la_person_id,
      no_of_adults_being_cared_for: 2,
    })
    const api = await ctx().api('practitioner')
    const theirs = (await api.get(`/api/v1/people/${caredFor.id}/carers`)).json()
    expect(theirs.carersFromFile.map((p: { id: string }) => p.id)).toEqual([fromFile.id])
    expect((await api.get(`/api/v1/people/${fromFile.id}/carers`)).json().caredForFromFile).toEqual([
      expect.objectContaining({ id: caredFor.id }),
    ])

    // Ray is linked here to a second adult: the file's adult stays, both are named, and the unnamed one counted.
    const second = await insertPerson(ctx().database, council.id, { given_name: 'June' })
    const made = await api.post(`/api/v1/people/${second.id}/carers`, { ...LINK, carerId: fromFile.id })
    expect(made.statusCode, made.body).toBe(201)
    expect(await person(fromFile.id)).toMatchObject({
      adult_1_linked_person_id: caredFor.la_person_id,
      adult_2_linked_person_id: second.la_person_id,
      no_of_adults_being_cared_for: 3,
    })
    // Once linked here, the file's link is not listed twice.
    expect((await api.get(`/api/v1/people/${second.id}/carers`)).json().carersFromFile).toEqual([])

    const out = new PassThrough()
    const chunks: Buffer[] = []
    out.on('data', (chunk: Buffer) => chunks.push(chunk))
    await writeCldExport({
      db: db(),
      council,
      quarter: parseQuarter('2026-27-Q1') as NonNullable<ReturnType<typeof parseQuarter>>,
      out,
    })
    out.end()
    const rows = parse(Buffer.concat(chunks).toString('utf8'), { columns: true }) as Record<string, string>[]
    const ray = rows.find((row) => row.LA_Person_Unique_Identifier === fromFile.la_person_id)
    expect(ray).toMatchObject({
      Client_Type: 'Unpaid carer known by association',
      No_of_adults_being_cared_for: '3',
      Adult_1_Linked_Person_ID: caredFor.la_person_id,
      Adult_2_Linked_Person_ID: second.la_person_id,
      Total_Hrs_Caring_per_week: '20',
    })
  })

  it('lists carers due a carer’s assessment, never assessed first, for those who work the cases', async () => {
    const council = ctx().councils.a
    const api = await ctx().api('practitioner')
    const link = async (hours: number) => {
      const { caredFor, carer } = await twoPeople()
      const made = await api.post(`/api/v1/people/${caredFor.id}/carers`, {
        ...LINK,
        hoursAWeek: hours,
        carerId: carer.id,
      })
      expect(made.statusCode, made.body).toBe(201)
      return { caredFor, carer }
    }
    const never = await link(10)
    const longAgo = await link(60)
    const recently = await link(35)
    const assess = (personId: string, startedOn: string) =>
      db()
        .insertInto('assessments')
        .values({
          council_id: council.id,
          person_id: personId,
          kind: 'carer',
          format: 'light',
          started_on: startedOn,
          assessor_id: council.users.practitioner,
          outcomes: JSON.stringify({}),
          wellbeing_significantly_affected: false,
          computed_eligibility: JSON.stringify({ eligible: false }),
        } as never)
        .execute()
    await assess(longAgo.carer.id, '2025-06-14')
    await assess(recently.carer.id, '2025-06-15')

    const due = (await api.get('/api/v1/carers/assessments-due')).json()
    expect(due.dueBefore).toBe('2025-06-15')
    const ids = due.carers.map((c: { carer: { id: string } }) => c.carer.id)
    expect(ids).toContain(never.carer.id)
    expect(ids).toContain(longAgo.carer.id)
    expect(ids).not.toContain(recently.carer.id)
    expect(ids.indexOf(never.carer.id)).toBeLessThan(ids.indexOf(longAgo.carer.id))
    expect(
      due.carers.find((c: { carer: { id: string } }) => c.carer.id === longAgo.carer.id).lastAssessment,
    ).toEqual({
      startedOn: '2025-06-14',
      completedOn: null,
    })

    const page = await (await ctx().browser('practitioner')).get('/carers/assessments-due')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`/people/${never.carer.id}/assessments/new/carer`)
    for (const role of ROLES) {
      const allowed = can(role, 'caseWork')
      expect((await (await ctx().api(role)).get('/api/v1/carers/assessments-due')).statusCode, role).toBe(
        allowed ? 200 : 403,
      )
    }
    const theirs = (await (await ctx().api('practitioner', 'b')).get('/api/v1/carers/assessments-due')).json()
    expect(theirs.carers.map((c: { carer: { id: string } }) => c.carer.id)).not.toContain(never.carer.id)
  })
})
