import type { LightMyRequestResponse } from 'fastify'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { recordEvent } from '../../src/modules/events/store.ts'
import type { Role } from '../../src/modules/identity/roles.ts'
import { CLD_COMPLETE_PERSON, insertPerson } from '../support/fixtures.ts'
import { type CouncilKey, describeOnEachDatabase, type TestContext } from '../support/test-context.ts'

// Valid by Modulus 11.
const NHS = ['9434765919', '4010232137', '9990001111', '9990002223', '9990003335', '9990004447']

let serial = 0
/** A family name no other test uses, so tests sharing a database do not see each other's people. */
const uniqueName = (stem: string) => {
  serial += 1
  return `${stem}${String.fromCharCode(97 + (serial % 26))}${String.fromCharCode(97 + Math.floor(serial / 26))}`
}

const NON_CASEWORK: Role[] = ['analyst', 'admin', 'finance', 'commissioner', 'panel_member']

const peopleCount = async (ctx: TestContext, councilId: string) =>
  Number(
    (
      await ctx.database.db
        .selectFrom('people')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('council_id', '=', councilId)
        .executeTakeFirstOrThrow()
    ).n,
  )

const auditFor = (ctx: TestContext, personId: string) =>
  ctx.database.db
    .selectFrom('audit_log')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('id')
    .execute()

const json = (response: LightMyRequestResponse) => response.json() as Record<string, unknown>

describeOnEachDatabase('people API', (ctx) => {
  const create = async (
    body: Record<string, unknown>,
    role: Role = 'practitioner',
    council: CouncilKey = 'a',
  ) => (await ctx().api(role, council)).post('/api/v1/people', body)

  it('creates a person with normalised details and the council’s own identifier', async () => {
    const familyName = uniqueName('Lovelace')
    const response = await create({
      givenName: ' Ada ',
      familyName,
      dateOfBirth: '1950-12-10',
      nhsNumber: '943 476 5919',
      postcode: 'ls14ab',
      gender: 'female',
      ethnicity: 'White: Irish',
      primarySupportReason: 'Support with Memory & Cognition',
      accommodationStatus: 'Tenant - private landlord',
      employmentStatus: 'Unknown',
      hasUnpaidCarer: 'yes',
    })
    expect(response.statusCode).toBe(201)
    const person = json(response)
    expect(response.headers.location).toBe(`/api/v1/people/${person.id}`)
    expect(person).toMatchObject({
      givenName: 'Ada',
      familyName,
      dateOfBirth: '1950-12-10',
      dateOfDeath: null,
      age: 75,
      nhsNumber: '9434765919',
      postcode: 'LS1 4AB',
      gender: 'Female',
      ethnicity: 'White: Irish',
      primarySupportReason: 'Support with memory and cognition',
      accommodationStatus: 'Tenant: Private landlord',
      employmentStatus: 'Unknown',
      hasUnpaidCarer: 'Yes',
      clientType: 'Service user',
      synthetic: false,
    })
    expect(person.laPersonId).toMatch(/^P\d{7}$/)

    const entries = await auditFor(ctx(), String(person.id))
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      action: 'create',
      record_type: 'person',
      record_id: person.id,
      council_id: ctx().councils.a.id,
      user_id: ctx().councils.a.users.practitioner,
    })
    const detail = entries[0]?.detail as { fields: string[] }
    expect(detail.fields).toContain('nhsNumber')
    expect(JSON.stringify(detail)).not.toContain('9434765919')
  })

  it('shows a person with their timeline, and records the read', async () => {
    const person = json(
      await create({ givenName: 'Grace', familyName: uniqueName('Hopper'), dateOfBirth: '1946-12-09' }),
    )
    const id = String(person.id)
    const requestId = '11111111-1111-4111-8111-111111111111'
    const assessmentId = '22222222-2222-4222-8222-222222222222'
    const councilId = ctx().councils.a.id
    await recordEvent(ctx().database.db, {
      council_id: councilId,
      person_id: id,
      event_type: 'Request',
      event_start_on: '2026-05-01',
      request_route_of_access: 'Community / Other route',
      source_record_id: requestId,
    })
    await recordEvent(ctx().database.db, {
      council_id: councilId,
      person_id: id,
      event_type: 'Assessment',
      event_start_on: '2026-05-10',
      source_record_id: assessmentId,
    })
    await recordEvent(ctx().database.db, {
      council_id: councilId,
      person_id: id,
      event_type: 'Service',
      event_start_on: '2025-01-01',
      service_type: 'Long term support: Community',
      source: 'cld-import',
    })

    const response = await (await ctx().api('team_manager')).get(`/api/v1/people/${id}`)
    expect(response.statusCode).toBe(200)
    const body = json(response)
    expect(body).toMatchObject({ id, givenName: 'Grace', age: 79 })
    const timeline = body.timeline as { eventType: string; href: string | null; startOn: string }[]
    expect(timeline.map((e) => [e.eventType, e.startOn, e.href])).toEqual([
      ['Assessment', '2026-05-10', `/assessments/${assessmentId}`],
      ['Request', '2026-05-01', `/requests/${requestId}`],
      ['Service', '2025-01-01', null],
    ])

    const reads = (await auditFor(ctx(), id)).filter((e) => e.action === 'read')
    expect(reads).toHaveLength(1)
    expect(reads[0]?.user_id).toBe(ctx().councils.a.users.team_manager)
  })

  it('edits with PATCH (only the fields sent; null clears) and records which fields changed', async () => {
    const person = json(
      await create({
        givenName: 'Alan',
        familyName: uniqueName('Turing'),
        dateOfBirth: '1952-06-23',
        postcode: 'LS1 4AB',
        gender: 'Male',
      }),
    )
    const id = String(person.id)
    const response = await (await ctx().api('practitioner')).patch(`/api/v1/people/${id}`, {
      postcode: 'm11ae',
      gender: null,
      nhsNumber: '401 023 2137',
    })
    expect(response.statusCode).toBe(200)
    expect(json(response)).toMatchObject({
      givenName: 'Alan',
      postcode: 'M1 1AE',
      gender: null,
      nhsNumber: '4010232137',
      dateOfBirth: '1952-06-23',
    })
    const update = (await auditFor(ctx(), id)).find((e) => e.action === 'update')
    expect([...((update?.detail as { fields?: string[] } | undefined)?.fields ?? [])].sort()).toEqual([
      'gender',
      'nhsNumber',
      'postcode',
    ])
  })

  it('edits with PUT, clearing optional fields left out', async () => {
    const person = json(
      await create({
        givenName: 'Mary',
        familyName: uniqueName('Somerville'),
        dateOfBirth: '1940-12-26',
        postcode: 'LS1 4AB',
      }),
    )
    const api = await ctx().api('head_of_service')
    const response = await api.put(`/api/v1/people/${person.id}`, {
      givenName: 'Mary',
      familyName: person.familyName,
      dateOfBirth: '1940-12-26',
      dateOfDeath: '2026-05-01',
    })
    expect(response.statusCode).toBe(200)
    expect(json(response)).toMatchObject({ postcode: null, dateOfDeath: '2026-05-01', age: 85 })
  })

  it('refuses an invalid edit with per-field errors and changes nothing', async () => {
    const person = json(
      await create({ givenName: 'Rosalind', familyName: uniqueName('Franklin'), dateOfBirth: '1950-07-25' }),
    )
    const id = String(person.id)
    const response = await (await ctx().api('practitioner')).patch(`/api/v1/people/${id}`, {
      givenName: 'Ros',
      nhsNumber: '1234567890',
      dateOfDeath: '1949-01-01',
    })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors).toEqual([
      { field: 'nhsNumber', message: 'Enter a valid 10-digit NHS number' },
    ])
    const invalidDeath = await (await ctx().api('practitioner')).patch(`/api/v1/people/${id}`, {
      dateOfDeath: '1949-01-01',
    })
    expect(invalidDeath.json().errors).toEqual([
      { field: 'dateOfDeath', message: 'Date of death must be on or after the date of birth' },
    ])
    const stored = json(await (await ctx().api('practitioner')).get(`/api/v1/people/${id}`))
    expect(stored.givenName).toBe('Rosalind')
    expect((await auditFor(ctx(), id)).some((e) => e.action === 'update')).toBe(false)
  })

  describe('search', () => {
    const people: Record<string, string> = {}
    const family = uniqueName('Searchable')
    it('finds by name, date of birth, NHS number, postcode and council ID', async () => {
      const add = async (key: string, body: Record<string, unknown>) => {
        const response = await create({ familyName: family, ...body })
        expect(response.statusCode).toBe(201)
        people[key] = String(json(response).id)
      }
      await add('ann', {
        givenName: 'Ann',
        dateOfBirth: '1951-03-04',
        nhsNumber: NHS[2],
        postcode: 'LS1 4AB',
      })
      await add('bob', { givenName: 'Bob', dateOfBirth: '1962-05-06', postcode: 'LS12 3DE' })
      await add('cat', {
        givenName: 'Catherine',
        familyName: `${family}-Jones`,
        dateOfBirth: '1973-07-08',
        postcode: 'LS1 5EF',
      })

      const api = await ctx().api('practitioner')
      const ids = async (q: string) => {
        const response = await api.get(`/api/v1/people?q=${encodeURIComponent(q)}`)
        expect(response.statusCode).toBe(200)
        return (response.json().people as { id: string }[])
          .map((p) => p.id)
          .filter((id) => Object.values(people).includes(id))
      }
      expect(await ids(family.toLowerCase())).toEqual([people.ann, people.bob, people.cat])
      expect(await ids(`ann ${family}`)).toEqual([people.ann])
      expect(await ids(`cath ${family}-j`)).toEqual([people.cat])
      expect(await ids(`${family}, bo`)).toEqual([people.bob])
      expect(await ids('1951-03-04')).toEqual([people.ann])
      expect(await ids('6/5/1962')).toEqual([people.bob])
      expect(await ids('999 000 1111')).toEqual([people.ann])
      expect(await ids('ls14ab')).toEqual([people.ann])
      expect(await ids('LS1')).toEqual([people.ann, people.cat])
      expect(await ids('LS12')).toEqual([people.bob])
      const { laPersonId } = (await api.get(`/api/v1/people/${people.cat}`)).json()
      expect(await ids(laPersonId)).toEqual([people.cat])
      expect(await ids(laPersonId.toLowerCase())).toEqual([people.cat])
      const byId = await api.get(`/api/v1/people?q=${laPersonId}`)
      expect(byId.json()).toMatchObject({ queryKind: 'councilId' })

      const response = await api.get(`/api/v1/people?q=${family}`)
      expect(response.json()).toMatchObject({ queryKind: 'name', more: false })
      expect(response.json().people[0]).toMatchObject({
        givenName: 'Ann',
        familyName: family,
        nhsNumber: NHS[2],
      })
    })

    it('records each person listed in results in the audit log, without the query', async () => {
      const api = await ctx().api('practitioner')
      await api.get('/api/v1/people?q=999%20000%201111')
      const searches = (await auditFor(ctx(), String(people.ann))).filter((e) => e.action === 'search')
      expect(searches.length).toBeGreaterThan(0)
      const last = searches.at(-1)
      expect(last?.detail).toEqual({ via: 'api', queryKind: 'nhsNumber', resultCount: 1 })
    })

    it('refuses an empty or impossible query', async () => {
      const api = await ctx().api('practitioner')
      for (const [q, message] of [
        ['', 'Enter a name, date of birth, NHS number, postcode or council ID'],
        ['31/02/1950', 'Enter a real date of birth, like 27/06/1950'],
      ]) {
        const response = await api.get(`/api/v1/people?q=${encodeURIComponent(String(q))}`)
        expect(response.statusCode).toBe(422)
        expect(response.json().errors).toEqual([{ field: 'q', message }])
      }
    })

    it('never shows another council’s people', async () => {
      const apiB = await ctx().api('practitioner', 'b')
      const { laPersonId } = (
        await (await ctx().api('practitioner')).get(`/api/v1/people/${people.ann}`)
      ).json()
      for (const q of [family, '999 000 1111', '1951-03-04', 'LS1 4AB', 'LS1', laPersonId]) {
        const response = await apiB.get(`/api/v1/people?q=${encodeURIComponent(q)}`)
        expect(response.statusCode).toBe(200)
        const found = (response.json().people as { id: string }[]).map((p) => p.id)
        expect(found.filter((id) => Object.values(people).includes(id))).toEqual([])
      }
    })
  })

  describe('duplicates', () => {
    it('warns with the matches on the same NHS number, and creates when confirmed', async () => {
      const first = json(
        await create({
          givenName: 'Dot',
          familyName: uniqueName('Hodgkin'),
          dateOfBirth: '1950-05-12',
          nhsNumber: NHS[3],
        }),
      )
      const before = await peopleCount(ctx(), ctx().councils.a.id)
      const attempt = {
        givenName: 'Dorothy',
        familyName: uniqueName('Crowfoot'),
        dateOfBirth: '1950-05-12',
        nhsNumber: NHS[3],
      }
      const warned = await create(attempt)
      expect(warned.statusCode).toBe(409)
      expect(warned.headers['content-type']).toContain('application/problem+json')
      expect(warned.json().duplicates).toEqual([
        expect.objectContaining({
          id: first.id,
          matchedOn: ['nhsNumber'],
          href: `/api/v1/people/${first.id}`,
        }),
      ])
      expect(await peopleCount(ctx(), ctx().councils.a.id)).toBe(before)
      const shown = (await auditFor(ctx(), String(first.id))).filter((e) => e.action === 'read')
      expect(shown.at(-1)?.detail).toEqual({ via: 'api', view: 'possible duplicate' })

      const confirmed = await create({ ...attempt, confirmNotDuplicate: true })
      expect(confirmed.statusCode).toBe(201)
      const created = (await auditFor(ctx(), String(json(confirmed).id)))[0]
      expect(created?.detail).toMatchObject({ confirmedNotDuplicateOf: [first.id] })
    })

    it('warns on the same names (any case) and date of birth', async () => {
      const familyName = uniqueName('Noether')
      const first = json(await create({ givenName: 'Emmy', familyName, dateOfBirth: '1950-03-23' }))
      const warned = await create({
        givenName: ' EMMY ',
        familyName: familyName.toUpperCase(),
        dateOfBirth: '1950-03-23',
      })
      expect(warned.statusCode).toBe(409)
      expect(warned.json().duplicates).toEqual([
        expect.objectContaining({ id: first.id, matchedOn: ['nameAndDateOfBirth'] }),
      ])
      const otherDay = await create({ givenName: 'Emmy', familyName, dateOfBirth: '1950-03-24' })
      expect(otherDay.statusCode).toBe(201)
    })

    it('does not match another council’s person', async () => {
      await create({ givenName: 'Lise', familyName: 'Meitner', dateOfBirth: '1950-11-07', nhsNumber: NHS[4] })
      const inB = await create(
        { givenName: 'Lise', familyName: 'Meitner', dateOfBirth: '1950-11-07', nhsNumber: NHS[4] },
        'practitioner',
        'b',
      )
      expect(inB.statusCode).toBe(201)
    })
  })

  it.each([
    ['givenName', { givenName: '' }, 'Enter a given name'],
    ['familyName', { familyName: undefined }, 'Enter a family name'],
    ['dateOfBirth', { dateOfBirth: '1950-02-30' }, 'Date of birth must be a real date'],
    ['dateOfBirth', { dateOfBirth: '2026-06-16' }, 'Date of birth must be in the past'],
    ['dateOfBirth', { dateOfBirth: '1900-01-01' }, 'Date of birth must be no more than 125 years ago'],
    ['dateOfDeath', { dateOfDeath: '2027-01-01' }, 'Date of death must be today or in the past'],
    ['nhsNumber', { nhsNumber: '9434765918' }, 'Enter a valid 10-digit NHS number'],
    ['postcode', { postcode: 'XX1 1XX' }, 'Enter a real postcode, like SW1A 1AA'],
    ['gender', { gender: 'Martian' }, 'Choose the person’s gender from the list'],
    ['ethnicity', { ethnicity: 'Purple' }, 'Choose the person’s ethnicity from the list'],
    [
      'primarySupportReason',
      { primarySupportReason: 'x' },
      'Choose the person’s primary support reason from the list',
    ],
    ['accommodationStatus', { accommodationStatus: 'x' }, 'Choose the person’s accommodation from the list'],
    ['employmentStatus', { employmentStatus: 'x' }, 'Choose the person’s employment status from the list'],
    ['hasUnpaidCarer', { hasUnpaidCarer: 'x' }, 'Choose whether the person has an unpaid carer'],
  ])('refuses an invalid %s with 422 and writes nothing', async (field, change, message) => {
    const before = await peopleCount(ctx(), ctx().councils.a.id)
    const response = await create({
      givenName: 'Val',
      familyName: uniqueName('Invalid'),
      dateOfBirth: '1960-01-01',
      ...change,
    })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors).toEqual([{ field, message }])
    expect(await peopleCount(ctx(), ctx().councils.a.id)).toBe(before)
  })

  it('lists every invalid field at once', async () => {
    const response = await create({ nhsNumber: '123', postcode: 'nope' })
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'givenName',
      'familyName',
      'dateOfBirth',
      'nhsNumber',
      'postcode',
    ])
  })

  it.each(NON_CASEWORK)('refuses %s on every people route', async (role) => {
    const person = await insertPerson(ctx().database, ctx().councils.a.id)
    const api = await ctx().api(role)
    const valid = { givenName: 'No', familyName: 'Access', dateOfBirth: '1960-01-01' }
    expect((await api.get('/api/v1/people?q=smith')).statusCode).toBe(403)
    expect((await api.get(`/api/v1/people/${person.id}`)).statusCode).toBe(403)
    expect((await api.post('/api/v1/people', valid)).statusCode).toBe(403)
    expect((await api.put(`/api/v1/people/${person.id}`, valid)).statusCode).toBe(403)
    expect((await api.patch(`/api/v1/people/${person.id}`, { givenName: 'X' })).statusCode).toBe(403)
    expect((await auditFor(ctx(), person.id)).length).toBe(0)
  })

  it('answers 401 without a token', async () => {
    expect((await ctx().app.inject({ url: '/api/v1/people?q=smith' })).statusCode).toBe(401)
  })

  it('answers 404 for another council’s person, and for an id that is not one', async () => {
    const person = await insertPerson(ctx().database, ctx().councils.a.id, { given_name: 'Hidden' })
    const apiB = await ctx().api('practitioner', 'b')
    const valid = { givenName: 'Changed', familyName: 'Name', dateOfBirth: '1960-01-01' }
    expect((await apiB.get(`/api/v1/people/${person.id}`)).statusCode).toBe(404)
    expect((await apiB.put(`/api/v1/people/${person.id}`, valid)).statusCode).toBe(404)
    expect((await apiB.patch(`/api/v1/people/${person.id}`, { givenName: 'X' })).statusCode).toBe(404)
    expect((await apiB.patch(`/api/v1/people/${person.id}`, { nhsNumber: 'bad' })).statusCode).toBe(404)
    expect((await apiB.get('/api/v1/people/not-a-uuid')).statusCode).toBe(404)
    const stored = await ctx()
      .database.db.selectFrom('people')
      .selectAll()
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow()
    expect(stored.given_name).toBe('Hidden')
    expect((await auditFor(ctx(), person.id)).length).toBe(0)
  })
})

describeOnEachDatabase('people pages', (ctx) => {
  const form = (overrides: Record<string, string> = {}) => ({
    givenName: 'Ada',
    familyName: 'Lovelace',
    'dateOfBirth-day': '10',
    'dateOfBirth-month': '12',
    'dateOfBirth-year': '1950',
    nhsNumber: '',
    postcode: '',
    ethnicity: '',
    primarySupportReason: '',
    accommodationStatus: '',
    employmentStatus: '',
    ...overrides,
  })

  it('shows someone a CLD file brought, with no name or date of birth, as not recorded', async () => {
    const inserted = await sql<{ id: string }>`
      INSERT INTO people (council_id, la_person_id, given_name, family_name, date_of_birth, nhs_number)
      VALUES (${ctx().councils.a.id}::uuid, 'CLD-NO-NAME', NULL, NULL, NULL, '9990008884')
      RETURNING id`.execute(ctx().database.db)
    const id = inserted.rows[0]?.id as string
    const browser = await ctx().browser('practitioner')
    const page = await browser.get(`/people/${id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Name not recorded')
    expect(page.body).toMatch(
      /Date of birth\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Not recorded/,
    )
    expect(page.body).not.toMatch(/NaN|null|undefined/)
    const found = await browser.get('/people?q=9990008884')
    expect(found.statusCode).toBe(200)
    expect(found.body).toContain('Name not recorded')
    expect(found.body).not.toMatch(/NaN|null|undefined/)
    const api = await ctx().api('practitioner')
    const json = (await api.get(`/api/v1/people/${id}`)).json()
    expect(json).toMatchObject({ givenName: null, familyName: null, dateOfBirth: null, age: null })
    const edit = await browser.get(`/people/${id}/edit`)
    expect(edit.statusCode).toBe(200)
    expect(edit.body).not.toMatch(/NaN|null|undefined/)
  })

  it('renders the add-a-person form with labelled fields', async () => {
    const browser = await ctx().browser('practitioner')
    const page = await browser.get('/people/new')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<h1 class="govuk-heading-l">Add a person</h1>')
    for (const id of [
      'givenName',
      'familyName',
      'dateOfBirth-day',
      'nhsNumber',
      'postcode',
      'ethnicity',
      'primarySupportReason',
      'accommodationStatus',
      'employmentStatus',
    ]) {
      expect(page.body).toMatch(new RegExp(`<label[^>]+for="${id}"`))
    }
    expect(page.body).toContain('name="_csrf"')
    expect(page.body).toContain('novalidate')
  })

  it('shows the error summary and keeps what was typed', async () => {
    const browser = await ctx().browser('practitioner')
    const before = await peopleCount(ctx(), ctx().councils.a.id)
    const page = await browser.post(
      '/people/new',
      form({ givenName: '', 'dateOfBirth-month': '', nhsNumber: '943 476 5918', postcode: 'zz9' }),
    )
    expect(page.statusCode).toBe(422)
    expect(page.body).toContain('There is a problem')
    expect(page.body).toContain('href="#givenName">Enter a given name</a>')
    expect(page.body).toContain('href="#dateOfBirth-month">Date of birth must include a month</a>')
    // Only the box left blank is highlighted.
    expect(page.body).toMatch(/class="[^"]*govuk-input--error[^"]*" id="dateOfBirth-month"/)
    expect(page.body).not.toMatch(/class="[^"]*govuk-input--error[^"]*" id="dateOfBirth-(day|year)"/)
    expect(page.body).toContain('href="#nhsNumber">Enter a valid 10-digit NHS number</a>')
    expect(page.body).toContain('href="#postcode">Enter a real postcode, like SW1A 1AA</a>')
    expect(page.body).toContain('value="943 476 5918"')
    expect(page.body).toContain('<title>Error: ')
    expect(await peopleCount(ctx(), ctx().councils.a.id)).toBe(before)
  })

  it('adds a person and shows their record', async () => {
    const browser = await ctx().browser('practitioner')
    const familyName = uniqueName('Pagecreated')
    const response = await browser.post(
      '/people/new',
      form({
        familyName,
        nhsNumber: NHS[5] as string,
        postcode: 'ls1 4ab',
        gender: 'Female',
        hasUnpaidCarer: 'No',
      }),
    )
    expect(response.statusCode).toBe(302)
    const location = String(response.headers.location)
    expect(location).toMatch(/^\/people\/[0-9a-f-]{36}\?saved=created$/)
    const page = await browser.get(location)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`Ada ${familyName} has been added`)
    expect(page.body).toContain('10 December 1950 (age 75)')
    expect(page.body).toContain('999 000 4447')
    expect(page.body).toContain('LS1 4AB')
    expect(page.body).toContain('Record a request for support')
    expect(page.body).toContain('Start an assessment')
    expect(page.body).toContain('No requests, assessments, services or reviews are recorded yet.')
  })

  it('warns of a possible duplicate, requires the confirmation, then adds', async () => {
    const browser = await ctx().browser('practitioner')
    const familyName = uniqueName('Twin')
    const existing = await insertPerson(ctx().database, ctx().councils.a.id, {
      given_name: 'Ada',
      family_name: familyName,
      date_of_birth: '1950-12-10',
    })
    const warning = await browser.post('/people/new', form({ familyName }))
    expect(warning.statusCode).toBe(409)
    expect(warning.body).toContain('Check this is a new person')
    expect(warning.body).toContain(`href="/people/${existing.id}"`)
    expect(warning.body).toContain('name and date of birth')
    expect(warning.body).toContain('I have checked: this is a different person')
    expect(warning.body).toContain('name="duplicateWarningShown" value="yes"')

    const unconfirmed = await browser.post('/people/new', form({ familyName, duplicateWarningShown: 'yes' }))
    expect(unconfirmed.statusCode).toBe(422)
    expect(unconfirmed.body).toContain('href="#confirmNotDuplicate"')

    const confirmed = await browser.post(
      '/people/new',
      form({ familyName, duplicateWarningShown: 'yes', confirmNotDuplicate: 'yes' }),
    )
    expect(confirmed.statusCode).toBe(302)
  })

  it('finds people on the search page and records it', async () => {
    const browser = await ctx().browser('practitioner')
    const familyName = uniqueName('Findme')
    const person = await insertPerson(ctx().database, ctx().councils.a.id, {
      given_name: 'Zora',
      family_name: familyName,
      nhs_number: NHS[0],
      postcode: 'LS2 7EE',
    })
    const empty = await browser.get('/people')
    expect(empty.statusCode).toBe(200)
    expect(empty.body).toContain('Find a person')
    const page = await browser.get(`/people?q=zora+${familyName}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`href="/people/${person.id}"`)
    expect(page.body).toContain('943 476 5919')
    expect(page.body).toContain('LS2 7EE')
    expect(page.body).toContain('Synthetic')
    expect(page.body).toContain('<caption')
    const search = (await auditFor(ctx(), person.id)).find((e) => e.action === 'search')
    expect(search?.detail).toMatchObject({ via: 'page', queryKind: 'name' })

    const invalid = await browser.get('/people?q=123%2045')
    expect(invalid.statusCode).toBe(422)
    expect(invalid.body).toContain('href="#q"')
  })

  it('shows the timeline with links to requests and assessments but not imports', async () => {
    const browser = await ctx().browser('team_manager')
    const person = await insertPerson(ctx().database, ctx().councils.a.id, { date_of_death: '2026-05-01' })
    const requestId = '33333333-3333-4333-8333-333333333333'
    await recordEvent(ctx().database.db, {
      council_id: ctx().councils.a.id,
      person_id: person.id,
      event_type: 'Request',
      event_start_on: '2026-04-01',
      request_route_of_access: 'Community / Other route',
      source_record_id: requestId,
    })
    await recordEvent(ctx().database.db, {
      council_id: ctx().councils.a.id,
      person_id: person.id,
      event_type: 'Review',
      event_start_on: '2024-04-01',
      source: 'cld-import',
      source_record_id: '44444444-4444-4444-8444-444444444444',
    })
    const page = await browser.get(`/people/${person.id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('moj-timeline')
    expect(page.body).toContain(`href="/requests/${requestId}"`)
    expect(page.body).not.toContain('44444444-4444-4444-8444-444444444444')
    expect(page.body).toContain('Imported from a Client Level Data file')
    expect(page.body).toContain('1 April 2026')
    expect(page.body).toContain('govuk-tag--yellow">Synthetic')
    expect(page.body).toContain('Died')
    expect(page.body).toContain('(aged 75)')
    const read = (await auditFor(ctx(), person.id)).find((e) => e.action === 'read')
    expect(read?.detail).toEqual({ via: 'page', view: 'record' })
  })

  it('says beside a detail what the CLD return will flag in it, and nothing of a complete record', async () => {
    const browser = await ctx().browser('practitioner')
    const complete = await insertPerson(ctx().database, ctx().councils.a.id, CLD_COMPLETE_PERSON)
    expect((await browser.get(`/people/${complete.id}`)).body).not.toContain('the CLD return')
    const gaps = await insertPerson(ctx().database, ctx().councils.a.id, {
      ...CLD_COMPLETE_PERSON,
      nhs_number: null,
      gender: 'Mystery',
    })
    const page = (await browser.get(`/people/${gaps.id}`)).body
    expect(page).toMatch(/NHS number\s*<\/dt>\s*<dd[^>]*>\s*Not recorded<span[^>]*>The CLD return needs it</)
    expect(page).toMatch(/Mystery<span[^>]*>Not a CLD value: the CLD return will flag it</)
    expect(page.match(/the CLD return/gi)).toHaveLength(2)
  })

  it('edits a person’s details', async () => {
    const browser = await ctx().browser('practitioner')
    const familyName = uniqueName('Editable')
    const person = await insertPerson(ctx().database, ctx().councils.a.id, {
      given_name: 'Edith',
      family_name: familyName,
      date_of_birth: '1950-06-27',
      postcode: 'LS1 4AB',
      ethnicity: 'White: Irish',
    })
    const page = await browser.get(`/people/${person.id}/edit`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('value="Edith"')
    expect(page.body).toMatch(/name="dateOfBirth-day"[^>]*value="27"/)
    expect(page.body).toContain('<option value="White: Irish" selected>')

    const invalid = await browser.post(
      `/people/${person.id}/edit`,
      form({ givenName: 'Edie', familyName, 'dateOfDeath-day': '1' }),
    )
    expect(invalid.statusCode).toBe(422)
    expect(invalid.body).toContain(
      'href="#dateOfDeath-month">Date of death must include a month and year</a>',
    )

    const saved = await browser.post(
      `/people/${person.id}/edit`,
      form({
        givenName: 'Edie',
        familyName,
        'dateOfBirth-day': '27',
        'dateOfBirth-month': '6',
        postcode: 'LS1 4AB',
        ethnicity: 'White: Irish',
      }),
    )
    expect(saved.statusCode).toBe(302)
    expect(saved.headers.location).toBe(`/people/${person.id}?saved=updated`)
    const stored = await ctx()
      .database.db.selectFrom('people')
      .selectAll()
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow()
    expect([stored.given_name, stored.date_of_birth, stored.postcode]).toEqual([
      'Edie',
      '1950-06-27',
      'LS1 4AB',
    ])
    const update = (await auditFor(ctx(), person.id)).find((e) => e.action === 'update')
    expect(update?.detail).toEqual({ via: 'page', fields: ['givenName'] })
  })

  it('refuses other roles and hides other councils’ people', async () => {
    const person = await insertPerson(ctx().database, ctx().councils.a.id)
    for (const role of NON_CASEWORK) {
      const browser = await ctx().browser(role)
      for (const url of ['/people', '/people/new', `/people/${person.id}`, `/people/${person.id}/edit`]) {
        expect((await browser.get(url)).statusCode, `${role} ${url}`).toBe(403)
      }
      expect((await browser.post('/people/new', form())).statusCode).toBe(403)
    }
    const browserB = await ctx().browser('practitioner', 'b')
    expect((await browserB.get(`/people/${person.id}`)).statusCode).toBe(404)
    expect((await browserB.get(`/people/${person.id}/edit`)).statusCode).toBe(404)
    expect((await browserB.post(`/people/${person.id}/edit`, form())).statusCode).toBe(404)
    expect((await browserB.post(`/people/${person.id}/edit`, form({ givenName: '' }))).statusCode).toBe(404)
    expect((await auditFor(ctx(), person.id)).length).toBe(0)
  })

  it('sends a signed-out visitor to sign in', async () => {
    const response = await ctx().app.inject({ url: '/people/new', headers: { accept: 'text/html' } })
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toContain('/sign-in')
  })
})

describeOnEachDatabase('people in the OpenAPI document', (ctx) => {
  it('describes the people routes', async () => {
    const response = await ctx().app.inject({ url: '/api/v1/openapi.json' })
    expect(response.statusCode).toBe(200)
    const paths = response.json().paths as Record<string, Record<string, unknown>>
    expect(Object.keys(paths['/api/v1/people'] ?? {}).sort()).toEqual(['get', 'post'])
    expect(Object.keys(paths['/api/v1/people/{id}'] ?? {}).sort()).toEqual(['get', 'patch', 'put'])
  })
})
