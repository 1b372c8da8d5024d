import { type Kysely, type RawBuilder, type Selectable, type SqlBool, sql } from 'kysely'
import { isUuid } from '../../kernel/path-id.ts'
import { notFound } from '../../kernel/problem.ts'
import type { PeopleTable, Schema } from '../../schema.ts'
import {
  type DuplicateReason,
  duplicateReasons,
  type PersonIdentity,
  type PersonInput,
  type PersonQuery,
  prefixEnd,
} from './rules.ts'

type Db = Kysely<Schema>

// Reads go through `people_live`: someone a CLD import is still loading (or
// that a failed import left behind) is nobody's record yet.

export type PersonRow = Selectable<PeopleTable>

/** The columns a person's summary shows (search results, on pages and the API): not the CLD extras. */
export const PERSON_SUMMARY_COLUMNS = [
  'id',
  'council_id',
  'la_person_id',
  'given_name',
  'family_name',
  'date_of_birth',
  'date_of_death',
  'nhs_number',
  'postcode',
  'gender',
  'ethnicity',
  'primary_support_reason',
  'accommodation_status',
  'employment_status',
  'has_unpaid_carer',
  'client_type',
  'synthetic',
  'created_at',
  'updated_at',
] as const

export type PersonSummary = Pick<PersonRow, (typeof PERSON_SUMMARY_COLUMNS)[number]>

/** The record's fields as the input schema and the API name them. */
export type PersonRecord = Omit<PersonInput, 'confirmNotDuplicate'>

export const SEARCH_LIMIT = 50

/** A path segment that cannot be a person's id finds nobody (and must not reach SQL as a uuid). */
export const isPersonId = (value: string) => isUuid(value)

const columnsOf = (person: PersonRecord) => ({
  given_name: person.givenName,
  family_name: person.familyName,
  date_of_birth: person.dateOfBirth,
  date_of_death: person.dateOfDeath,
  nhs_number: person.nhsNumber,
  postcode: person.postcode,
  gender: person.gender,
  ethnicity: person.ethnicity,
  primary_support_reason: person.primarySupportReason,
  accommodation_status: person.accommodationStatus,
  employment_status: person.employmentStatus,
  has_unpaid_carer: person.hasUnpaidCarer,
})

/**
 * A stored person in the input schema's shape, so an edit can start from it.
 *
 * @example
 * parseInput(personSchema(today), { ...recordOf(row), ...patch })
 */
export function recordOf(row: PersonRow): PersonRecord {
  return {
    // Someone a CLD file brought has no name (CLD carries none): the edit form starts empty there.
    givenName: row.given_name ?? '',
    familyName: row.family_name ?? '',
    dateOfBirth: row.date_of_birth ?? '',
    dateOfDeath: row.date_of_death,
    nhsNumber: row.nhs_number,
    postcode: row.postcode,
    gender: row.gender,
    ethnicity: row.ethnicity,
    primarySupportReason: row.primary_support_reason,
    accommodationStatus: row.accommodation_status,
    employmentStatus: row.employment_status,
    hasUnpaidCarer: row.has_unpaid_carer,
  }
}

/**
 * Records a new person in a council, giving them the council's own identifier
 * (CLD LA_Person_Unique_Identifier) 'P' and seven digits from a sequence.
 *
 * @example
 * const person = await createPerson(tx, user.councilId, input, { synthetic: user.councilSynthetic })
 * person.la_person_id // 'P0000042'
 */
export async function createPerson(
  db: Db,
  councilId: string,
  person: PersonRecord,
  options: { synthetic?: boolean } = {},
): Promise<PersonRow> {
  return db
    .insertInto('people')
    .values({
      council_id: councilId,
      la_person_id: sql<string>`'P' || lpad(nextval('people_la_person_seq')::text, 7, '0')`,
      ...columnsOf(person),
      synthetic: options.synthetic ?? false,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * A person of the council, or undefined (for another council's person too).
 *
 * @example
 * const person = await getPerson(db, user.councilId, request.params.id)
 * if (!person) throw notFound('Person')
 */
export async function getPerson(db: Db, councilId: string, id: string): Promise<PersonRow | undefined> {
  const [person] = await getPeople(db, [{ councilId, id }])
  return person
}

/** A person as a council asks for them. */
export interface PersonKey {
  councilId: string
  id: string
}

/**
 * Several people at once, in the keys' order (undefined where the key's
 * council has no such person): the batched form of `getPerson`.
 *
 * @example
 * const [a, b] = await getPeople(db, [{ councilId, id: idA }, { councilId, id: idB }])
 */
export async function getPeople(db: Db, keys: readonly PersonKey[]): Promise<(PersonRow | undefined)[]> {
  const wanted = keys.filter((key) => isPersonId(key.id))
  if (wanted.length === 0) return keys.map(() => undefined)
  const rows = await db
    .selectFrom('people_live')
    .selectAll()
    .where('council_id', 'in', [...new Set(wanted.map((key) => key.councilId))])
    .where('id', 'in', [...new Set(wanted.map((key) => key.id))])
    .execute()
  const byId = new Map(rows.map((row) => [row.id, row]))
  // An id is one person everywhere, but only its own council may see them.
  return keys.map((key) => {
    const row = byId.get(key.id)
    return row && row.council_id === key.councilId ? row : undefined
  })
}

/**
 * Replaces a person's recorded details; undefined when the council has no such person.
 *
 * @example
 * const updated = await updatePerson(tx, user.councilId, id, { ...recordOf(before), postcode: 'LS1 4AB' }, now)
 */
export async function updatePerson(
  db: Db,
  councilId: string,
  id: string,
  person: PersonRecord,
  at: Date,
): Promise<PersonRow | undefined> {
  if (!isPersonId(id)) return undefined
  return db
    .updateTable('people')
    .set({ ...columnsOf(person), updated_at: at })
    .where('council_id', '=', councilId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/**
 * `expression` starts with `prefix`, as a byte range a text_pattern_ops index
 * answers: unlike LIKE with a parameter, the range keeps to the index in a
 * prepared statement's generic plan, so a search is not planned afresh each time.
 */
function startsWith(expression: RawBuilder<string>, prefix: string) {
  const end = prefixEnd(prefix)
  return end === undefined
    ? sql<SqlBool>`${expression} LIKE ${`${escapeLike(prefix)}%`}`
    : sql<SqlBool>`(${expression} ~>=~ ${prefix} AND ${expression} ~<~ ${end})`
}

/**
 * People of a council matching a classified search query, by family name then
 * given name, at most `limit` (50); `more` says whether others were left off.
 * Each kind of query uses one of the people indexes.
 *
 * @example
 * const { people, more } = await searchPeople(db, user.councilId, classifyQuery('LS1'))
 */
export async function searchPeople(
  db: Db,
  councilId: string,
  query: PersonQuery,
  limit = SEARCH_LIMIT,
): Promise<{ people: PersonSummary[]; more: boolean }> {
  // A search lists up to 50 people, and each column of each row costs time to read: only the summary's.
  let select = db.selectFrom('people_live').select(PERSON_SUMMARY_COLUMNS).where('council_id', '=', councilId)
  switch (query.kind) {
    case 'nhsNumber':
      select = select.where('nhs_number', '=', query.nhsNumber)
      break
    case 'dateOfBirth':
      select = select.where('date_of_birth', '=', query.dateOfBirth)
      break
    case 'postcode':
      select = select.where('postcode', '=', query.postcode)
      break
    case 'postcodePrefix':
      select = select.where(startsWith(sql`postcode`, query.prefix))
      break
    case 'councilId':
      // As typed, or in capitals as most councils write them: each an index lookup.
      select = select.where('la_person_id', 'in', [query.councilId, query.councilId.toUpperCase()])
      break
    case 'name': {
      const { alternatives } = query
      if (alternatives.length === 0) return { people: [], more: false }
      select = select.where((eb) =>
        eb.or(
          alternatives.map((match) =>
            eb.and([
              ...(match.given === undefined ? [] : [startsWith(sql`lower(given_name)`, match.given)]),
              ...(match.family === undefined ? [] : [startsWith(sql`lower(family_name)`, match.family)]),
            ]),
          ),
        ),
      )
      break
    }
    default:
      return { people: [], more: false }
  }
  const rows = await select
    .orderBy(sql`lower(family_name)`)
    .orderBy(sql`lower(given_name)`)
    .orderBy('date_of_birth')
    .orderBy('id')
    .limit(limit + 1)
    .execute()
  if (rows.length === 0 && query.kind === 'councilId') {
    // No one has that council ID: a word with a digit may yet start a name (made-up names have them).
    const prefix = query.councilId.toLowerCase()
    return searchPeople(
      db,
      councilId,
      { kind: 'name', alternatives: [{ given: prefix }, { family: prefix }] },
      limit,
    )
  }
  return { people: rows.slice(0, limit), more: rows.length > limit }
}

/** A search by a given name and a family name, each a prefix: what most searches are. */
export interface FullNameSearch {
  councilId: string
  given: string
  family: string
}

/**
 * The search `classifyQuery` makes of a full name, when it has one reading only
 * (a given name and a family name) whose prefixes both have an end; otherwise
 * undefined, and `searchPeople` answers it.
 */
export function fullNameSearch(councilId: string, query: PersonQuery): FullNameSearch | undefined {
  if (query.kind !== 'name' || query.alternatives.length !== 1) return undefined
  const [{ given, family } = {}] = query.alternatives
  if (!given || !family || prefixEnd(given) === undefined || prefixEnd(family) === undefined) return undefined
  return { councilId, given, family }
}

/**
 * A row's person, its other columns left behind. Copied column by column: an
 * object rest (`{ search, ...person }`) took about 5 µs a row, more than the
 * rest of a search's work in JavaScript; this, under 1 µs.
 */
function personSummaryOf(row: PersonSummary): PersonSummary {
  const person: Record<string, unknown> = {}
  for (const name of PERSON_SUMMARY_COLUMNS) person[name] = row[name]
  return person as unknown as PersonSummary
}

/**
 * Several full-name searches in one statement, one answer per search in their
 * order, each exactly as `searchPeople` gives it (same people, order and
 * limit): the batched form for searches that arrive together.
 *
 * @example
 * const [a, b] = await searchFullNames(db, [{ councilId, given: 'ada', family: 'lov' }, …])
 */
export async function searchFullNames(
  db: Db,
  searches: readonly FullNameSearch[],
  limit = SEARCH_LIMIT,
): Promise<{ people: PersonSummary[]; more: boolean }[]> {
  if (searches.length === 0) return []
  const column = (values: (search: FullNameSearch) => string) => searches.map(values)
  const columns = sql.join(PERSON_SUMMARY_COLUMNS.map((name) => sql.ref(`found.${name}`)))
  const { rows } = await sql<PersonSummary & { search: number }>`
    SELECT q.search::int AS search, ${columns}
    FROM unnest(
      ${column((s) => s.councilId)}::uuid[],
      ${column((s) => s.given)}::text[], ${column((s) => prefixEnd(s.given) as string)}::text[],
      ${column((s) => s.family)}::text[], ${column((s) => prefixEnd(s.family) as string)}::text[]
    ) WITH ORDINALITY AS q(council_id, given_from, given_to, family_from, family_to, search)
    CROSS JOIN LATERAL (
      SELECT ${sql.join(PERSON_SUMMARY_COLUMNS.map((name) => sql.ref(name)))}
      FROM people_live
      WHERE council_id = q.council_id
        AND lower(family_name) ~>=~ q.family_from AND lower(family_name) ~<~ q.family_to
        AND lower(given_name) ~>=~ q.given_from AND lower(given_name) ~<~ q.given_to
      ORDER BY lower(family_name), lower(given_name), date_of_birth, id
      LIMIT ${limit + 1}
    ) AS found
    ORDER BY q.search`.execute(db)
  const found = searches.map(() => [] as PersonSummary[])
  for (const row of rows) found[row.search - 1]?.push(personSummaryOf(row))
  return found.map((people) => ({ people: people.slice(0, limit), more: people.length > limit }))
}

export interface DuplicateMatch {
  person: PersonRow
  reasons: DuplicateReason[]
}

/**
 * The council's people who are probably the same person as `candidate`: the
 * same NHS number, or the same names and date of birth (see `duplicateReasons`).
 * `excludeId` leaves out the person being edited.
 *
 * @example
 * const matches = await findDuplicates(tx, user.councilId, input)
 * if (matches.length && !input.confirmNotDuplicate) throw conflict(…)
 */
export async function findDuplicates(
  db: Db,
  councilId: string,
  candidate: PersonIdentity,
  excludeId?: string,
): Promise<DuplicateMatch[]> {
  let select = db
    .selectFrom('people_live')
    .selectAll()
    .where('council_id', '=', councilId)
    .where((eb) =>
      eb.or([
        ...(candidate.nhsNumber === null ? [] : [eb('nhs_number', '=', candidate.nhsNumber)]),
        // Few share a date of birth; the rule below compares their names.
        eb('date_of_birth', '=', candidate.dateOfBirth),
      ]),
    )
  if (excludeId !== undefined) select = select.where('id', '!=', excludeId)
  const rows = await select
    .orderBy(sql`lower(family_name)`)
    .orderBy(sql`lower(given_name)`)
    .orderBy('id')
    .execute()
  // The SQL narrows by indexed columns; the rule decides, forgiving case and spacing in stored names.
  return rows
    .map((person) => ({ person, reasons: duplicateReasons(candidate, identityOf(person)) }))
    .filter((match) => match.reasons.length > 0)
}

// A stored person without a name or date of birth matches on NHS number alone.
const identityOf = (row: PersonRow): PersonIdentity => ({
  givenName: row.given_name ?? '',
  familyName: row.family_name ?? '',
  dateOfBirth: row.date_of_birth ?? '',
  nhsNumber: row.nhs_number,
})

/**
 * A person of the user's council, or a 404 Problem: another council's person
 * is never revealed, and a record is never written against nobody.
 *
 * @example
 * const person = await personForUser(tx, user, personId)
 */
export async function personForUser(db: Db, user: { councilId: string }, id: string): Promise<PersonRow> {
  const person = await getPerson(db, user.councilId, id)
  if (!person) throw notFound('Person')
  return person
}

/** A person's CLD fields as an unpaid carer: the adults they care for and their hours. */
export interface CarerFields {
  adult_1_linked_person_id: string | null
  adult_2_linked_person_id: string | null
  adult_3_linked_person_id: string | null
  no_of_adults_being_cared_for: number | null
  total_hrs_caring_per_week: string | null
}

/**
 * Writes a carer's CLD fields about the adults they care for (the carers
 * module works them out from its links).
 *
 * @example
 * await setCarerFields(tx, councilId, carerId, { adult_1_linked_person_id: 'P0000042', … }, now)
 */
export async function setCarerFields(db: Db, councilId: string, id: string, fields: CarerFields, at: Date) {
  await db
    .updateTable('people')
    .set({ ...fields, updated_at: at })
    .where('council_id', '=', councilId)
    .where('id', '=', id)
    .execute()
}

/**
 * Records that a person has an unpaid carer (CLD Has_Unpaid_Carer), when a
 * carer is linked to them; true when that changed their record.
 *
 * @example
 * const changed = await markHasUnpaidCarer(tx, councilId, personId, now)
 */
export async function markHasUnpaidCarer(db: Db, councilId: string, id: string, at: Date): Promise<boolean> {
  const changed = await db
    .updateTable('people')
    .set({ has_unpaid_carer: 'Yes', updated_at: at })
    .where('council_id', '=', councilId)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('has_unpaid_carer', 'is', null), eb('has_unpaid_carer', '!=', 'Yes')]))
    .executeTakeFirst()
  return Number(changed.numUpdatedRows) > 0
}
