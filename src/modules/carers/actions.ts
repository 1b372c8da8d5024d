import type { Kysely } from 'kysely'
import { formatDate } from '../../kernel/dates.ts'
import { coalesce } from '../../kernel/db/coalesce.ts'
import type { Database } from '../../kernel/db/connect.ts'
import { conflict, notFound, ValidationProblem } from '../../kernel/problem.ts'
import { parseInput } from '../../kernel/validation.ts'
import type { Schema } from '../../schema.ts'
import { type AuditEntry, auditAppender, recordAudit } from '../audit/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { personAuditEntry } from '../people/audited-reads.ts'
import { ageInYears, personName } from '../people/rules.ts'
import {
  getPerson,
  markHasUnpaidCarer,
  type PersonRow,
  personForUser,
  setCarerFields,
} from '../people/store.ts'
import { caredForFields, carerAssessmentDueBefore, carerLinkSchema, endLinkSchema } from './rules.ts'
import {
  type CarerLinkRow,
  carerLinksOf,
  carerPanels,
  carersDue,
  currentLinkBetween,
  currentLinksOf,
  endCarerLink,
  findCarerLink,
  insertCarerLink,
  type PanelKey,
  type PanelRow,
  reopenCarerLink,
} from './store.ts'

type Db = Kysely<Schema>

/*
 * Linking an unpaid carer to the adult they care for, and ending the link.
 * Each is one transaction: the link, the carer's CLD fields worked out again
 * from their links, the cared-for adult's Has_Unpaid_Carer, and an audit
 * entry for each of the two people.
 */

const entry = (
  user: CurrentUser,
  action: 'create' | 'update',
  link: CarerLinkRow,
  personId: string,
  detail: Record<string, unknown>,
): AuditEntry => ({
  councilId: user.councilId,
  userId: user.id,
  action,
  recordType: 'carer_link',
  recordId: link.id,
  personId,
  detail,
})

/** Writes the carer's CLD fields from their links; the fields' names when any changed. */
async function refreshCarerFields(tx: Db, carer: PersonRow, at: Date): Promise<string[]> {
  const after = caredForFields(
    {
      linked: [
        carer.adult_1_linked_person_id ?? null,
        carer.adult_2_linked_person_id ?? null,
        carer.adult_3_linked_person_id ?? null,
      ],
      count: carer.no_of_adults_being_cared_for ?? null,
      hours: carer.total_hrs_caring_per_week ?? null,
    },
    await carerLinksOf(tx, carer.id),
  )
  const fields = {
    adult_1_linked_person_id: after.linked[0],
    adult_2_linked_person_id: after.linked[1],
    adult_3_linked_person_id: after.linked[2],
    no_of_adults_being_cared_for: after.count,
    total_hrs_caring_per_week: after.hours,
  }
  const changed = Object.entries(fields)
    .filter(([name, value]) => ((carer as Record<string, unknown>)[name] ?? null) !== value)
    .map(([name]) => name)
  if (changed.length > 0) await setCarerFields(tx, carer.council_id, carer.id, fields, at)
  return changed
}

/**
 * Links a carer of the user's council to `caredForId`. 404 for a person of
 * another council; 422 for bad input, the person as their own carer, or a
 * carer who is not the council's; 409 when the two are linked already or
 * either has died.
 *
 * @example
 * const link = await linkCarer(database, user, personId, { carerId, relationship: 'Son or daughter', livesWith: false, startedOn: '2024-03-01' }, '2026-06-15', now)
 */
export async function linkCarer(
  database: Database,
  user: CurrentUser,
  caredForId: string,
  body: unknown,
  today: string,
  at: Date,
): Promise<CarerLinkRow> {
  return database.db.transaction().execute(async (tx) => {
    const caredFor = await personForUser(tx, user, caredForId)
    const input = parseInput(carerLinkSchema(today), body)
    if (input.carerId === caredForId)
      throw new ValidationProblem([{ field: 'carerId', message: 'A person cannot be their own carer' }])
    const carer = await getPerson(tx, user.councilId, input.carerId)
    if (!carer)
      throw new ValidationProblem([{ field: 'carerId', message: 'Choose a carer recorded in this council' }])
    // A death ends a person's links (endCarerLinksAtDeath): none begins afterwards.
    const died = [caredFor, carer].find((p) => p.date_of_death !== null)
    if (died)
      throw conflict(
        `${personName(died)} died on ${formatDate(died.date_of_death as string)}: a carer cannot be linked after a death`,
      )
    const alreadyLinked = conflict(`${personName(carer)} is already linked as this person’s carer`)
    if (await currentLinkBetween(tx, carer.id, caredForId)) throw alreadyLinked
    // Of two linking the pair at once, the second's insert fails on the one-current-link key.
    const link = await insertCarerLink(tx, {
      councilId: user.councilId,
      caredForId,
      createdBy: user.id,
      input,
    }).catch((error: unknown) => {
      if ((error as { code?: string }).code === '23505') throw alreadyLinked
      throw error
    })
    const carerFields = await refreshCarerFields(tx, carer, at)
    const hasCarer = await markHasUnpaidCarer(tx, user.councilId, caredForId, at)
    await recordAudit(tx, [
      entry(user, 'create', link, caredForId, {
        as: 'cared for',
        carerId: carer.id,
        relationship: link.relationship,
        changed: hasCarer ? ['has_unpaid_carer'] : [],
      }),
      entry(user, 'create', link, carer.id, { as: 'carer', caredForId, changed: carerFields }),
    ])
    return link
  })
}

/**
 * Ends a link of the person's (as carer or cared-for) on a day. 404 for
 * another council's person or link; 409 when it has ended already.
 *
 * @example
 * await endCarerLinkOf(database, user, personId, linkId, { endedOn: '2026-06-01' }, '2026-06-15', now)
 */
export async function endCarerLinkOf(
  database: Database,
  user: CurrentUser,
  personId: string,
  linkId: string,
  body: unknown,
  today: string,
  at: Date,
): Promise<CarerLinkRow> {
  return database.db.transaction().execute(async (tx) => {
    const link = await findCarerLink(tx, user.councilId, personId, linkId, true)
    if (!link) throw notFound('Carer link')
    if (link.ended_on !== null) throw conflict('This link has ended already')
    const { endedOn } = parseInput(endLinkSchema(today, link.started_on), body)
    const ended = await endCarerLink(tx, link.id, endedOn, user.id)
    const carer = await getPerson(tx, user.councilId, link.carer_id)
    const carerFields = carer ? await refreshCarerFields(tx, carer, at) : []
    await recordAudit(tx, [
      entry(user, 'update', ended, link.cared_for_id, { as: 'cared for', endedOn }),
      entry(user, 'update', ended, link.carer_id, { as: 'carer', endedOn, changed: carerFields }),
    ])
    return ended
  })
}

/**
 * Ends a person's current links, as carer and as the adult cared for, on the
 * day they died (or the day a link began, when that was later), in the
 * transaction that records the death: the carer's CLD fields are worked out
 * again, and each end is audited for both people. The links ended.
 *
 * @example
 * const ended = await endCarerLinksAtDeath(tx, user, personId, '2026-06-10', new Date())
 */
export async function endCarerLinksAtDeath(
  tx: Db,
  user: CurrentUser,
  personId: string,
  dateOfDeath: string,
  at: Date,
): Promise<CarerLinkRow[]> {
  const ended: CarerLinkRow[] = []
  for (const link of await currentLinksOf(tx, user.councilId, personId)) {
    const endedOn = link.started_on > dateOfDeath ? link.started_on : dateOfDeath
    ended.push(await endCarerLink(tx, link.id, endedOn, user.id))
    await afterLinkChange(tx, user, link, at, { endedOn, because: 'died' })
  }
  return ended
}

/**
 * Makes a link a recorded death ended current again (the death is removed,
 * or moved to another day), unless the two have been linked again since;
 * audited for both people. Whether it was.
 *
 * @example
 * await reopenCarerLinkAfterDeath(tx, user, linkId, 'death removed', new Date())
 */
export async function reopenCarerLinkAfterDeath(
  tx: Db,
  user: CurrentUser,
  linkId: string,
  because: string,
  at: Date,
): Promise<boolean> {
  const link = await reopenCarerLink(tx, user.councilId, linkId)
  if (link) await afterLinkChange(tx, user, link, at, { change: 'reopen', because })
  return link !== undefined
}

/** The carer's CLD fields worked out again after a link changed, and the change audited for both people. */
async function afterLinkChange(
  tx: Db,
  user: CurrentUser,
  link: CarerLinkRow,
  at: Date,
  detail: Record<string, unknown>,
) {
  const carer = await getPerson(tx, user.councilId, link.carer_id)
  const changed = carer ? await refreshCarerFields(tx, carer, at) : []
  await recordAudit(tx, [
    entry(user, 'update', link, link.cared_for_id, { as: 'cared for', ...detail }),
    entry(user, 'update', link, link.carer_id, { as: 'carer', ...detail, changed }),
  ])
}

/** A link of the person's for the end form; 404 when it is not theirs or not the council's. */
export async function readCarerLink(database: Database, user: CurrentUser, personId: string, linkId: string) {
  const person = await personForUser(database.db, user, personId)
  const link = await findCarerLink(database.db, user.councilId, personId, linkId)
  if (!link) throw notFound('Carer link')
  const otherId = link.cared_for_id === personId ? link.carer_id : link.cared_for_id
  const other = await getPerson(database.db, user.councilId, otherId)
  return { person, link, other }
}

/** A linked person as the pages and the API show them. */
export interface LinkedPerson {
  id: string
  laPersonId: string
  name: string
  age: number | null
  href: string
}

export interface CarerLinkView {
  id: string
  person: LinkedPerson
  relationship: string
  livesWith: boolean
  hoursAWeek: number | null
  startedOn: string
  endedOn: string | null
  /** The carer's latest carer's assessment (for a carer only). */
  carersAssessment?: { id: string; startedOn: string; completedOn: string | null } | null
}

/** What a person's record shows of carers: links recorded here both ways, and those only a CLD file made. */
export interface PersonCarers {
  carers: CarerLinkView[]
  caredFor: CarerLinkView[]
  /** Carers a CLD file links to the person, with no link recorded here. */
  carersFromFile: LinkedPerson[]
  /** Adults a CLD file says the person cares for, with no link recorded here. */
  caredForFromFile: LinkedPerson[]
}

const linkedPerson = (
  person: { id: string; la_person_id: string } & Parameters<typeof personName>[0] & {
      date_of_birth: string | null
      date_of_death: string | null
    },
  today: string,
): LinkedPerson => ({
  id: person.id,
  laPersonId: person.la_person_id,
  name: personName(person),
  age: ageInYears(person.date_of_birth, person.date_of_death, today),
  href: `/people/${person.id}`,
})

const otherOf = (row: PanelRow) => ({
  id: row.other_id,
  la_person_id: row.other_la_person_id,
  given_name: row.other_given_name,
  family_name: row.other_family_name,
  date_of_birth: row.other_date_of_birth,
  date_of_death: row.other_date_of_death,
})

/** A person's carers panel from its rows: links both ways, and the CLD file's links not recorded here. */
function panelView(rows: readonly PanelRow[], personId: string, today: string): PersonCarers {
  const linked = new Set(rows.filter((r) => r.link_id !== null).map((r) => r.other_id))
  const link = (row: PanelRow): CarerLinkView => ({
    id: row.link_id as string,
    person: linkedPerson(otherOf(row), today),
    relationship: row.relationship as string,
    livesWith: row.lives_with as boolean,
    hoursAWeek: row.hours_a_week,
    startedOn: row.started_on as string,
    endedOn: row.ended_on,
    ...(row.kind === 'carer'
      ? {
          carersAssessment: row.assessment_id
            ? {
                id: row.assessment_id,
                startedOn: row.assessment_started_on as string,
                completedOn: row.assessment_completed_on,
              }
            : null,
        }
      : {}),
  })
  const fromFile = (kind: PanelRow['kind']) => {
    const seen = new Set<string>()
    return rows
      .filter((r) => r.kind === kind && !linked.has(r.other_id) && r.other_id !== personId)
      .filter((r) => !seen.has(r.other_id) && Boolean(seen.add(r.other_id)))
      .map((r) => linkedPerson(otherOf(r), today))
  }
  return {
    carers: rows.filter((r) => r.kind === 'carer').map(link),
    caredFor: rows.filter((r) => r.kind === 'cared_for').map(link),
    carersFromFile: fromFile('file_carer'),
    caredForFromFile: fromFile('file_cared_for'),
  }
}

/**
 * A person's carers and the adults they care for, for one database, the other
 * people of each recorded in the audit log as read (their names and council
 * IDs are shown). Panels asked for together share one statement, and their
 * audit entries another. Made once per app.
 *
 * @example
 * const carers = carersReader(database.db)
 * const panel = await carers.read(user, person, 'page', '2026-06-15')
 */
export function carersReader(db: Db) {
  const appendAudit = auditAppender(db)
  const panels = coalesce((keys: readonly PanelKey[]) => carerPanels(db, keys))
  return {
    async read(user: CurrentUser, person: PersonRow, via: string, today: string): Promise<PersonCarers> {
      const rows = await panels({
        councilId: user.councilId,
        personId: person.id,
        laPersonId: person.la_person_id,
        linked: [
          person.adult_1_linked_person_id ?? null,
          person.adult_2_linked_person_id ?? null,
          person.adult_3_linked_person_id ?? null,
        ],
      })
      const shown = panelView(rows, person.id, today)
      const others = [
        ...new Set(
          [...shown.carers, ...shown.caredFor]
            .map((l) => l.person.id)
            .concat([...shown.carersFromFile, ...shown.caredForFromFile].map((p) => p.id)),
        ),
      ]
      await appendAudit(
        others.map((id) => personAuditEntry(user, 'read', id, { via, view: 'carer link', of: person.id })),
      )
      return shown
    },
  }
}

/** Carers a due list shows at most: more are for the API's caller to narrow. */
const DUE_SHOWN = 200

/**
 * The council's carers due a carer's assessment (none begun in the last
 * twelve months) with the adult each cares for; every person listed is
 * recorded in the audit log as read.
 *
 * @example
 * const { carers, more } = await carersDueAnAssessment(database, user, '2026-06-15')
 */
export async function carersDueAnAssessment(database: Database, user: CurrentUser, today: string) {
  const { rows, more } = await carersDue(
    database.db,
    user.councilId,
    carerAssessmentDueBefore(today),
    DUE_SHOWN,
  )
  const carers = rows.map((row) => ({
    linkId: row.link_id,
    carer: {
      id: row.carer_id,
      laPersonId: row.carer_la_person_id,
      name: personName({ given_name: row.carer_given_name, family_name: row.carer_family_name }),
      href: `/people/${row.carer_id}`,
    },
    caresFor: {
      id: row.cared_for_id,
      name: personName({ given_name: row.cared_for_given_name, family_name: row.cared_for_family_name }),
      href: `/people/${row.cared_for_id}`,
    },
    relationship: row.relationship,
    hoursAWeek: row.hours_a_week,
    caringSince: row.started_on,
    lastAssessment: row.last_started_on
      ? { startedOn: row.last_started_on, completedOn: row.last_completed_on }
      : null,
  }))
  const listed = [...new Set(carers.flatMap((c) => [c.carer.id, c.caresFor.id]))]
  await recordAudit(
    database.db,
    listed.map((id) => personAuditEntry(user, 'read', id, { view: 'carers due an assessment' })),
  )
  return { carers, more, dueBefore: carerAssessmentDueBefore(today) }
}
