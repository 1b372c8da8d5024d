import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import {
  ACCOMMODATION_STATUSES,
  EMPLOYMENT_STATUSES,
  ETHNICITIES,
  GENDERS,
  HAS_UNPAID_CARER,
  PRIMARY_SUPPORT_REASONS,
} from '../../kernel/code-lists/cld.ts'
import { dateInputErrors, dateInputValues } from '../../kernel/date-input.ts'
import { isoDay } from '../../kernel/dates.ts'
import { conflict, type FieldError, notFound, Problem, ValidationProblem } from '../../kernel/problem.ts'
import { fieldErrors, parseInput } from '../../kernel/validation.ts'
import type { Schema } from '../../schema.ts'
import { recordAudit } from '../audit/store.ts'
import { carersReader } from '../carers/actions.ts'
import { personReturnGaps } from '../cld/person-return-gaps.ts'
import type { listEventsForPeople } from '../events/store.ts'
import { can } from '../identity/roles.ts'
import type { CurrentUser } from '../identity/store.ts'
import { REABLEMENT_SERVICE } from '../reablement/actions.ts'
import { auditedPersonReads, personAuditEntry, type Via } from './audited-reads.ts'
import { mergedInto } from './merge-store.ts'
import { personJson, personView } from './person-json.ts'
import {
  ageInYears,
  changedFields,
  classifyQuery,
  describeQuery,
  type PersonInput,
  personBodyDocument,
  personFormToInput,
  personSchema,
} from './rules.ts'
import {
  createPerson,
  type DuplicateMatch,
  findDuplicates,
  getPerson,
  isPersonId,
  type PersonRecord,
  type PersonRow,
  type PersonSummary,
  personForUser,
  recordOf,
  updatePerson,
} from './store.ts'
import {
  endedAtDeath,
  endedOnCorrection,
  endSupportAtDeath,
  namedAtDeath,
  openAtDeath,
  restoreSupportEndedAtDeath,
} from './support-ended-at-death.ts'

type Db = Kysely<Schema>
type CldEvent = Awaited<ReturnType<typeof listEventsForPeople>>[number][number]

const RECORDING_A_DEATH =
  'Recording a date of death (where none was recorded) also ends, in the same transaction, the person’s support plan in effect, any open reablement and their open requests for support on that day, with the CLD outcome “NFA: Deceased”. Changing it to another day moves those ends to that day; clearing it (a death recorded in error) puts back what recording it ended, as it was, where nothing else has changed it since. A date of death brought by a CLD import ends nothing: POST /api/v1/people/{id}/end-support-at-death ends it (correcting that date here ends it on the new day).'
const SEARCH_HINT = 'Enter a name, date of birth, NHS number, postcode or council ID'

const idParams = z.toJSONSchema(z.object({ id: z.uuid() }))
const searchQuerystring = z.toJSONSchema(
  z.object({
    q: z
      .string()
      .meta({ description: 'A name, date of birth, NHS number, postcode (or its start) or council ID' }),
  }),
)

/**
 * People: find, add, view (with the timeline of their requests and
 * assessments) and edit, on pages and on the API. Every read of a record, every
 * search result and every change goes to the audit log in the transaction that
 * reads or writes it.
 */
export async function peopleRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const db = database.db
  const today = () => isoDay(services.now())
  const caseWork = allow('caseWork')

  const reads = auditedPersonReads(db)
  const carers = carersReader(db)
  const search = reads.search
  const readPerson = reads.read

  /**
   * Adds a person unless they match someone already recorded and the user has
   * not confirmed they are different. The matches shown are recorded as read.
   */
  const create = (user: CurrentUser, input: PersonInput, via: Via) =>
    db
      .transaction()
      .execute(async (tx): Promise<{ person: PersonRow } | { duplicates: DuplicateMatch[] }> => {
        const duplicates = await findDuplicates(tx, user.councilId, input)
        if (duplicates.length > 0 && !input.confirmNotDuplicate) {
          for (const match of duplicates) {
            await audit(tx, user, 'read', match.person.id, { via, view: 'possible duplicate' })
          }
          return { duplicates }
        }
        const { confirmNotDuplicate: _confirmed, ...record } = input
        const person = await createPerson(tx, user.councilId, record, { synthetic: user.councilSynthetic })
        // Field names only, never values: the record holds the values, and the audit log is read
        // by administrators who do not read case records.
        await audit(tx, user, 'create', person.id, {
          via,
          fields: Object.entries(record)
            .filter(([, value]) => value !== null)
            .map(([field]) => field),
          ...(duplicates.length > 0
            ? { confirmedNotDuplicateOf: duplicates.map((match) => match.person.id) }
            : {}),
        })
        return { person }
      })

  /**
   * Edits a person: `inputFor` turns the stored record into the input to
   * validate (a PATCH merges, a PUT or form replaces). Recording a date of
   * death ends what it ends (support-ended-at-death.ts) in the same
   * transaction. Throws 404 for another council's person and 422 for invalid
   * input, writing nothing.
   */
  const edit = (user: CurrentUser, id: string, inputFor: (before: PersonRecord) => unknown, via: Via) =>
    db.transaction().execute(async (tx) => {
      const before = await personForUser(tx, user, id)
      const { confirmNotDuplicate: _ignored, ...record } = parseInput(
        personSchema(today()),
        inputFor(recordOf(before)),
      )
      const fields = changedFields(recordOf(before), record)
      if (fields.length === 0)
        return { person: before, endedAtDeath: undefined, restoredAfterDeath: undefined }
      const after = await updatePerson(tx, user.councilId, id, record, services.now())
      if (!after) throw notFound('Person')
      await audit(tx, user, 'update', id, { via, fields })
      // A death removed, or moved to another day, first puts back what recording it ended.
      const deathChanged = before.date_of_death !== record.dateOfDeath
      const restoredAfterDeath =
        deathChanged && before.date_of_death !== null
          ? await restoreSupportEndedAtDeath(
              tx,
              user,
              id,
              record.dateOfDeath ? 'corrected' : 'removed',
              services.now(),
            )
          : undefined
      const endedAtDeath =
        deathChanged && record.dateOfDeath
          ? await endSupportAtDeath(tx, user, id, record.dateOfDeath, services.now())
          : undefined
      return { person: after, endedAtDeath, restoredAfterDeath }
    })

  // API

  app.get(
    '/api/v1/people',
    {
      preHandler: caseWork,
      schema: {
        tags: ['people'],
        summary: 'Find people by name, date of birth, NHS number, postcode or council ID',
        querystring: searchQuerystring,
      },
    },
    async (request) => {
      const user = currentUser(request)
      const query = classifyQuery(queryText(request))
      if (query.kind === 'empty') throw new ValidationProblem([{ field: 'q', message: SEARCH_HINT }])
      if (query.kind === 'invalid') throw new ValidationProblem([{ field: 'q', message: query.message }])
      const { people, more } = await search(user, query, 'api')
      return { queryKind: query.kind, people: people.map((person) => personJson(person, today())), more }
    },
  )

  app.post(
    '/api/v1/people',
    {
      preHandler: caseWork,
      schema: {
        tags: ['people'],
        summary: 'Add a person (409 with the matches when they may already be recorded)',
        body: z.toJSONSchema(personBodyDocument),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const input = parseInput(personSchema(today()), request.body)
      const result = await create(user, input, 'api')
      if ('duplicates' in result) {
        throw conflict(
          'This person may already be recorded. Check the matches, then send confirmNotDuplicate: true if they are someone else.',
          { duplicates: result.duplicates.map((match) => duplicateJson(match, today())) },
        )
      }
      return reply
        .code(201)
        .header('location', `/api/v1/people/${result.person.id}`)
        .send(personJson(result.person, today()))
    },
  )

  app.get(
    '/api/v1/people/:id',
    {
      preHandler: caseWork,
      schema: { tags: ['people'], summary: 'A person, with the timeline of their events', params: idParams },
    },
    async (request) => {
      const user = currentUser(request)
      const id = idParam(request)
      const found = await readPerson(user, id, 'api', 'record')
      if (!found) {
        const kept = isPersonId(id) ? await mergedInto(db, user.councilId, id) : undefined
        if (kept)
          throw new Problem(404, 'Person not found', 'This record was merged into another', {
            mergedInto: `/api/v1/people/${kept}`,
          })
        throw notFound('Person')
      }
      return { ...personJson(found.person, today()), timeline: found.events.map(eventJson) }
    },
  )

  app.patch(
    '/api/v1/people/:id',
    {
      preHandler: caseWork,
      schema: {
        tags: ['people'],
        summary: 'Change some of a person’s details (null clears an optional one)',
        description: RECORDING_A_DEATH,
        params: idParams,
        body: z.toJSONSchema(personBodyDocument.partial()),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const body = isObject(request.body) ? request.body : {}
      const { person } = await edit(user, idParam(request), (before) => ({ ...before, ...body }), 'api')
      return personJson(person, today())
    },
  )

  app.put(
    '/api/v1/people/:id',
    {
      preHandler: caseWork,
      schema: {
        tags: ['people'],
        summary: 'Replace a person’s details (optional fields left out are cleared)',
        description: RECORDING_A_DEATH,
        params: idParams,
        body: z.toJSONSchema(personBodyDocument),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const { person } = await edit(user, idParam(request), () => request.body, 'api')
      return personJson(person, today())
    },
  )

  // Pages

  app.get('/people', { preHandler: caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const q = queryText(request)
    const query = classifyQuery(q)
    const page = { title: 'Find a person', q }
    if (query.kind === 'empty') return reply.view('people/views/search.njk', page)
    if (query.kind === 'invalid') {
      return reply
        .code(422)
        .view('people/views/search.njk', { ...page, errors: [{ field: 'q', message: query.message }] })
    }
    const { people, more } = await search(user, query, 'page')
    const day = today()
    return reply.view('people/views/search.njk', {
      ...page,
      title: `Search results – ${page.title}`,
      searched: describeQuery(query),
      people: people.map((person) => personView(person, day)),
      more,
    })
  })

  app.get('/people/new', { preHandler: caseWork, schema: { hide: true } }, async (_request, reply) => {
    return reply.view('people/views/person-form.njk', formPage({ mode: 'new', values: {} }))
  })

  app.post('/people/new', { preHandler: caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const values = formValues(request)
    const { input, dates } = personFormToInput(values)
    const parsed = personSchema(today()).safeParse(input)
    if (!parsed.success) {
      return reply
        .code(422)
        .view(
          'people/views/person-form.njk',
          formPage({ mode: 'new', values, errors: dateInputErrors(dates, fieldErrors(parsed.error)) }),
        )
    }
    const result = await create(user, parsed.data, 'page')
    if ('duplicates' in result) {
      const warned = values.duplicateWarningShown === 'yes'
      const errors: FieldError[] = warned
        ? [
            {
              field: 'confirmNotDuplicate',
              message:
                'Select “I have checked: this is a different person”, or go to the matching person’s record',
            },
          ]
        : []
      return reply.code(warned ? 422 : 409).view(
        'people/views/person-form.njk',
        formPage({
          mode: 'new',
          values,
          errors,
          duplicates: result.duplicates.map((match) => duplicateView(match, today())),
        }),
      )
    }
    return reply.redirect(`/people/${result.person.id}?saved=created`)
  })

  app.get('/people/:id', { preHandler: caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const found = await readPerson(user, idParam(request), 'page', 'record')
    if (!found) {
      // An old link to a record merged into another leads to the one kept.
      const kept = isPersonId(idParam(request))
        ? await mergedInto(db, user.councilId, idParam(request))
        : undefined
      if (kept) return reply.redirect(`/people/${kept}?saved=was-merged`)
      throw notFound('Person')
    }
    const person = personView(found.person, today())
    const saved = (request.query as { saved?: unknown }).saved
    const activePlan = await reads.activePlan(user.councilId, found.person.id)
    // A death brought by a CLD import changes only the details: what it would end may still be open.
    const openAfterDeath = found.person.date_of_death
      ? await openAtDeath(db, user.councilId, found.person.id)
      : null
    const [carerPanel, merged] = await Promise.all([
      carers.read(user, found.person, 'page', today()),
      reads.merged(user.councilId, found.person.id),
    ])
    return reply.view('people/views/person.njk', {
      title: person.name,
      breadcrumbs: [
        { text: 'People', href: '/people' },
        { text: person.name, href: person.href },
      ],
      flash:
        saved === 'created'
          ? `${person.name} has been added`
          : saved === 'updated'
            ? 'Details saved'
            : saved === 'merged'
              ? 'Records merged'
              : saved === 'was-merged'
                ? 'The record you followed was merged into this one'
                : saved === 'carer-linked'
                  ? 'Carer linked'
                  : saved === 'carer-ended'
                    ? 'Carer’s link ended'
                    : typeof saved === 'string' && Object.hasOwn(DEATH_FLASH, saved)
                      ? deathFlash(
                          saved as keyof typeof DEATH_FLASH,
                          request.query as Record<string, unknown>,
                        )
                      : undefined,
      person,
      returnGaps: returnGapsByField(found.person, today()),
      activePlan,
      openAfterDeath,
      carers: carerPanel,
      canMerge: can(user.role, 'mergePeople'),
      merged: merged.map((m) => ({ laPersonId: m.la_person_id, on: (m.merged_at as Date).toISOString() })),
      timeline: found.events.map(eventJson),
    })
  })

  app.get('/people/:id/edit', { preHandler: caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const found = await readPerson(user, idParam(request), 'page', 'edit form')
    if (!found) throw notFound('Person')
    return reply.view(
      'people/views/person-form.njk',
      formPage({
        mode: 'edit',
        person: personView(found.person, today()),
        values: formValuesOf(recordOf(found.person)),
      }),
    )
  })

  app.post('/people/:id/edit', { preHandler: caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = idParam(request)
    const values = formValues(request)
    const { input, dates } = personFormToInput(values)
    try {
      // Recording a death ends the support in place, and removing or moving one puts it back or moves
      // its ends: the user sees what, and confirms, first.
      if (values.confirmDeath !== 'yes') {
        const record = parseInput(personSchema(today()), input)
        const stored = await getPerson(db, user.councilId, id)
        const was = stored?.date_of_death ?? null
        if (stored && was !== record.dateOfDeath) {
          const found = await readPerson(user, id, 'page', 'death to confirm')
          if (!found) throw notFound('Person')
          const person = personView(found.person, today())
          const change = was === null ? 'record' : record.dateOfDeath === null ? 'remove' : 'correct'
          return reply.view('people/views/confirm-death.njk', {
            title: `Check before ${CONFIRM_DEATH[change]} ${person.name}’s ${change === 'record' ? 'death' : 'date of death'}`,
            breadcrumbs: [
              { text: 'People', href: '/people' },
              { text: person.name, href: person.href },
            ],
            person,
            change,
            was,
            dateOfDeath: record.dateOfDeath,
            open: await CHECKED_AT_DEATH[change](db, user.councilId, id),
            hidden: Object.entries(values).filter(([name]) => name !== '_csrf' && name !== 'confirmDeath'),
          })
        }
      }
      const { endedAtDeath: ended, restoredAfterDeath: restored } = await edit(user, id, () => input, 'page')
      if (restored && !ended)
        return reply.redirect(`/people/${id}?saved=death-removed&restored=${namedAtDeath(restored)}`)
      if (restored) return reply.redirect(`/people/${id}?saved=death-corrected&ended=${namedAtDeath(ended)}`)
      if (ended && namedAtDeath(ended))
        return reply.redirect(`/people/${id}?saved=died&ended=${namedAtDeath(ended)}`)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      // Only the user's council's person can reach validation; show their name back.
      const person = await getPerson(db, user.councilId, id)
      if (!person) throw notFound('Person')
      return reply.code(422).view(
        'people/views/person-form.njk',
        formPage({
          mode: 'edit',
          person: personView(person, today()),
          values,
          errors: dateInputErrors(dates, error.errors),
        }),
      )
    }
    return reply.redirect(`/people/${id}?saved=updated`)
  })
}

/** What a recorded death ended, as the redirect names it and the person page says it. */
const ENDED_AT_DEATH = {
  plan: 'support plan',
  reablement: 'reablement',
  requests: 'open requests for support',
  carers: 'links with unpaid carers or the adults they care for',
} as const

/** The check before a change to a date of death, by change. */
const CONFIRM_DEATH = { record: 'recording', correct: 'correcting', remove: 'removing' } as const

/** What the check before each change names: what will end, move to the new day, or come back. */
const CHECKED_AT_DEATH = { record: openAtDeath, correct: endedOnCorrection, remove: endedAtDeath } as const

/** What the person page says after a change to a date of death, and which records it names. */
const DEATH_FLASH = {
  died: {
    records: 'ended',
    alone: 'Details saved',
    said: (listed: string) => `Date of death recorded. Their ${listed} ended on that day`,
  },
  'death-corrected': {
    records: 'ended',
    alone: 'Date of death corrected',
    said: (listed: string, one: boolean) =>
      `Date of death corrected. Their ${listed} now end${one ? 's' : ''} on the new day`,
  },
  'ended-at-death': {
    records: 'ended',
    alone: 'Nothing was left open',
    said: (listed: string) => `Their ${listed} ended on the day they died`,
  },
  'death-removed': {
    records: 'restored',
    alone: 'Date of death removed',
    said: (listed: string) =>
      `Date of death removed. What recording it ended is back as it was: their ${listed}`,
  },
} as const

/** What the person page says after a date of death changed: what the change ended or put back. */
function deathFlash(saved: keyof typeof DEATH_FLASH, query: Record<string, unknown>): string {
  const { records, alone, said } = DEATH_FLASH[saved]
  const parts = String(query[records] ?? '').split(/[+ ]/)
  const things = Object.entries(ENDED_AT_DEATH)
    .filter(([what]) => parts.includes(what))
    .map(([, name]) => name)
  if (things.length === 0) return alone
  const listed = things.length === 1 ? things[0] : `${things.slice(0, -1).join(', ')} and ${things.at(-1)}`
  return said(listed as string, things.length === 1)
}

const audit = (
  tx: Db,
  user: CurrentUser,
  action: 'read' | 'search' | 'create' | 'update',
  personId: string | undefined,
  detail: Record<string, unknown>,
) => recordAudit(tx, personAuditEntry(user, action, personId, detail))

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const idParam = (request: FastifyRequest) => String((request.params as { id?: unknown }).id ?? '')

function queryText(request: FastifyRequest): string {
  const q = (request.query as { q?: unknown } | undefined)?.q
  return typeof q === 'string' ? q : ''
}

function formValues(request: FastifyRequest): Record<string, unknown> {
  return isObject(request.body) ? request.body : {}
}

function duplicateJson(match: DuplicateMatch, today: string) {
  const person = match.person
  return {
    id: person.id,
    laPersonId: person.la_person_id,
    givenName: person.given_name,
    familyName: person.family_name,
    dateOfBirth: person.date_of_birth,
    age: ageInYears(person.date_of_birth, person.date_of_death, today),
    nhsNumber: person.nhs_number,
    postcode: person.postcode,
    matchedOn: match.reasons,
    href: `/api/v1/people/${person.id}`,
  }
}

/**
 * What the CLD return will flag in a person's details, by the form's name for
 * each field, so that their record's page says so beside the detail to change.
 */
function returnGapsByField(person: PersonSummary, today: string): Record<string, string> {
  return Object.fromEntries(
    personReturnGaps(person, today).map((gap) => [
      gap.column.replace(/_([a-z])/g, (_whole, letter: string) => letter.toUpperCase()),
      gap.missing ? 'The CLD return needs it' : 'Not a CLD value: the CLD return will flag it',
    ]),
  )
}

/** Where an event's own record is, for ASCEND's requests and assessments; imports have none. */
function eventHref(event: CldEvent): string | null {
  if (event.source !== 'ascend' || !event.source_record_id) return null
  const id = event.source_record_id
  if (event.event_type === 'Request') return `/requests/${id}`
  if (event.event_type === 'Assessment') return `/assessments/${id}`
  if (event.event_type === 'Review') return `/reviews/${id}`
  if (event.event_type === 'Service') {
    // Reablement records its episode; a support plan records the plan version each line belongs to.
    return event.service_type === REABLEMENT_SERVICE.service_type ? `/reablement/${id}` : `/plans/${id}`
  }
  return null
}

const EVENT_LABELS: Record<string, string> = {
  Request: 'Request for support',
  Assessment: 'Assessment',
  Service: 'Service',
  Review: 'Review',
}

function eventJson(event: CldEvent) {
  return {
    id: event.id,
    eventType: event.event_type,
    label: EVENT_LABELS[event.event_type] ?? event.event_type,
    startOn: event.event_start_on,
    endOn: event.event_end_on,
    outcome: event.event_outcome,
    description: event.event_description,
    requestRouteOfAccess: event.request_route_of_access,
    assessmentType: event.assessment_type,
    eligibleNeedsIdentified: event.eligible_needs_identified,
    serviceType: event.service_type,
    serviceComponent: event.service_component,
    reviewReason: event.review_reason,
    source: event.source,
    sourceRecordId: event.source_record_id,
    href: eventHref(event),
  }
}

function duplicateView(match: DuplicateMatch, today: string) {
  return {
    ...personView(match.person, today),
    matchedOn: match.reasons
      .map((reason) => (reason === 'nhsNumber' ? 'NHS number' : 'name and date of birth'))
      .join(' and '),
  }
}

/** A stored record as the form's fields, date inputs split into day, month and year. */
function formValuesOf(record: PersonRecord): Record<string, unknown> {
  return {
    ...record,
    ...dateInputValues('dateOfBirth', record.dateOfBirth),
    ...dateInputValues('dateOfDeath', record.dateOfDeath),
  }
}

interface FormPage {
  mode: 'new' | 'edit'
  values: Record<string, unknown>
  person?: ReturnType<typeof personView>
  errors?: FieldError[]
  duplicates?: ReturnType<typeof duplicateView>[]
}

function formPage({ mode, values, person, errors, duplicates }: FormPage) {
  const editing = mode === 'edit' && person !== undefined
  return {
    title: editing
      ? `Change ${person.name}’s details`
      : duplicates?.length
        ? 'Check this is a new person'
        : 'Add a person',
    breadcrumbs: editing
      ? [
          { text: 'People', href: '/people' },
          { text: person.name, href: person.href },
        ]
      : [{ text: 'People', href: '/people' }],
    action: editing ? `${person.href}/edit` : '/people/new',
    mode,
    person,
    values,
    errors,
    duplicates,
    lists: {
      genders: GENDERS,
      ethnicities: ETHNICITIES,
      primarySupportReasons: PRIMARY_SUPPORT_REASONS,
      accommodationStatuses: ACCOMMODATION_STATUSES,
      employmentStatuses: EMPLOYMENT_STATUSES,
      hasUnpaidCarer: HAS_UNPAID_CARER,
    },
  }
}
