import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { dateInputErrors, dateInputValues, readDateInputs } from '../../kernel/date-input.ts'
import { isoDay } from '../../kernel/dates.ts'
import { isUuid, pathId } from '../../kernel/path-id.ts'
import { type FieldError, formRefusal } from '../../kernel/problem.ts'
import { openApiBody } from '../../kernel/validation.ts'
import type { CurrentUser } from '../identity/store.ts'
import { auditedPersonReads } from '../people/audited-reads.ts'
import { ageInYears, classifyQuery, describeQuery, personName } from '../people/rules.ts'
import { getPerson, type PersonRow, personForUser } from '../people/store.ts'
import { carersDueAnAssessment, carersReader, endCarerLinkOf, linkCarer, readCarerLink } from './actions.ts'
import {
  CARING_ENDED_DATE,
  CARING_STARTED_DATE,
  type CarerLinkInput,
  carerLinkSchema,
  endLinkSchema,
  HOURS_MAX,
  RELATIONSHIPS,
} from './rules.ts'
import type { CarerLinkRow } from './store.ts'

const linkJson = (link: CarerLinkRow) => ({
  id: link.id,
  carerId: link.carer_id,
  caredForId: link.cared_for_id,
  relationship: link.relationship,
  livesWith: link.lives_with,
  hoursAWeek: link.hours_a_week,
  startedOn: link.started_on,
  endedOn: link.ended_on,
})

const params = z.toJSONSchema(z.object({ id: z.uuid(), linkId: z.uuid().optional() }))
// The schemas document the API; their dates are checked against today when used.
const DOCUMENTED_DAY = '9999-12-31'

/**
 * Unpaid carers linked to the adults they care for: on a person's record (a
 * form to find the carer, then the link's details; a form to end it) and on
 * the API. For those who work the cases.
 */
export async function carerRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const caseWork = { preHandler: allow('caseWork') }
  const today = () => isoDay(services.now())
  const reads = auditedPersonReads(database.db)
  const carers = carersReader(database.db)
  const ids = (request: FastifyRequest) => {
    const given = request.params as { id: string; linkId?: string }
    return {
      personId: pathId(given.id, 'Person'),
      linkId: given.linkId === undefined ? '' : pathId(given.linkId, 'Carer link'),
    }
  }
  const form = (request: FastifyRequest): Record<string, unknown> =>
    typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {}
  const breadcrumbs = (person: PersonRow) => [
    { text: 'People', href: '/people' },
    { text: personName(person), href: `/people/${person.id}` },
  ]

  app.get(
    '/api/v1/people/:id/carers',
    {
      ...caseWork,
      schema: {
        tags: ['carers'],
        summary:
          'A person’s unpaid carers and the adults they care for (links recorded here, and those only a CLD file made)',
        params,
      },
    },
    async (request) => {
      const user = currentUser(request)
      const person = await personForUser(database.db, user, ids(request).personId)
      return carers.read(user, person, 'api', today())
    },
  )

  app.post(
    '/api/v1/people/:id/carers',
    {
      ...caseWork,
      schema: {
        tags: ['carers'],
        summary: 'Link an unpaid carer (a person of the council) to the person they care for',
        params,
        body: openApiBody(carerLinkSchema(DOCUMENTED_DAY)),
      },
    },
    async (request, reply) => {
      const link = await linkCarer(
        database,
        currentUser(request),
        ids(request).personId,
        request.body,
        today(),
        services.now(),
      )
      return reply.code(201).send(linkJson(link))
    },
  )

  app.post(
    '/api/v1/people/:id/carers/:linkId/end',
    {
      ...caseWork,
      schema: {
        tags: ['carers'],
        summary: 'End a carer’s link on the day the caring ended',
        params,
        body: openApiBody(endLinkSchema(DOCUMENTED_DAY, '0001-01-01')),
      },
    },
    async (request) => {
      const { personId, linkId } = ids(request)
      const ended = await endCarerLinkOf(
        database,
        currentUser(request),
        personId,
        linkId,
        request.body,
        today(),
        services.now(),
      )
      return linkJson(ended)
    },
  )

  app.get(
    '/api/v1/carers/assessments-due',
    {
      ...caseWork,
      schema: {
        tags: ['carers'],
        summary:
          'Carers linked to someone they care for who have had no carer’s assessment begin in the last twelve months',
      },
    },
    async (request) => carersDueAnAssessment(database, currentUser(request), today()),
  )

  app.get('/carers/assessments-due', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const due = await carersDueAnAssessment(database, currentUser(request), today())
    return reply.view('carers/views/assessments-due.njk', {
      title: 'Carers due an assessment',
      breadcrumbs: [{ text: 'Home', href: '/' }],
      ...due,
    })
  })

  // Pages: find the carer, then the link's details.

  app.get('/people/:id/carers/new', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const person = await personForUser(database.db, user, ids(request).personId)
    const query = request.query as { q?: unknown; carer?: unknown }
    const carerId = typeof query.carer === 'string' ? query.carer : undefined
    if (carerId !== undefined) {
      const found =
        isUuid(carerId) && carerId !== person.id
          ? await reads.read(user, carerId, 'page', 'carer link form')
          : undefined
      if (found) return linkForm(reply, person, found.person, {})
      return findCarerPage(reply.code(422), user, person, '', [
        { field: 'q', message: 'Choose the carer from the people found' },
      ])
    }
    return findCarerPage(reply, user, person, typeof query.q === 'string' ? query.q : '')
  })

  app.post('/people/:id/carers/new', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const { personId } = ids(request)
    const values = form(request)
    const dates = readDateInputs(values, [CARING_STARTED_DATE])
    try {
      await linkCarer(database, user, personId, { ...values, ...dates.values }, today(), services.now())
      return reply.redirect(`/people/${personId}?saved=carer-linked`, 303)
    } catch (error) {
      const refused = formRefusal(error, 'carerId')
      if (!refused) throw error
      const person = await personForUser(database.db, user, personId)
      const carerId = typeof values.carerId === 'string' && isUuid(values.carerId) ? values.carerId : ''
      const carer = carerId ? await getPerson(database.db, user.councilId, carerId) : undefined
      if (!carer || carer.id === person.id)
        return findCarerPage(reply.code(422), user, person, '', [
          { field: 'q', message: 'Choose the carer from the people found' },
        ])
      return linkForm(
        reply.code(refused.status),
        person,
        carer,
        values,
        dateInputErrors(dates, refused.errors),
      )
    }
  })

  app.get(
    '/people/:id/carers/:linkId/end',
    { ...caseWork, schema: { hide: true } },
    async (request, reply) => {
      const { personId, linkId } = ids(request)
      const found = await readCarerLink(database, currentUser(request), personId, linkId)
      return endForm(reply, found, {})
    },
  )

  app.post(
    '/people/:id/carers/:linkId/end',
    { ...caseWork, schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const { personId, linkId } = ids(request)
      const values = form(request)
      const dates = readDateInputs(values, [CARING_ENDED_DATE])
      try {
        await endCarerLinkOf(database, user, personId, linkId, dates.values, today(), services.now())
        return reply.redirect(`/people/${personId}?saved=carer-ended`, 303)
      } catch (error) {
        const refused = formRefusal(error, 'carerId')
        if (!refused) throw error
        const found = await readCarerLink(database, user, personId, linkId)
        return endForm(reply.code(refused.status), found, values, dateInputErrors(dates, refused.errors))
      }
    },
  )

  async function findCarerPage(
    reply: FastifyReply,
    user: CurrentUser,
    person: PersonRow,
    q: string,
    errors?: FieldError[],
  ) {
    const page = {
      title: `Link a carer to ${personName(person)}`,
      breadcrumbs: breadcrumbs(person),
      person: { id: person.id, name: personName(person), laPersonId: person.la_person_id },
      q,
      errors,
    }
    const query = classifyQuery(q)
    if (errors || query.kind === 'empty') return reply.view('carers/views/find-carer.njk', page)
    if (query.kind === 'invalid')
      return reply
        .code(422)
        .view('carers/views/find-carer.njk', { ...page, errors: [{ field: 'q', message: query.message }] })
    const { people, more } = await reads.search(user, query, 'page')
    const day = today()
    return reply.view('carers/views/find-carer.njk', {
      ...page,
      searched: describeQuery(query),
      more,
      found: people
        .filter((p) => p.id !== person.id)
        .map((p) => ({
          id: p.id,
          name: personName(p),
          laPersonId: p.la_person_id,
          dateOfBirth: p.date_of_birth,
          age: ageInYears(p.date_of_birth, p.date_of_death, day),
          postcode: p.postcode,
        })),
    })
  }

  function linkForm(
    reply: FastifyReply,
    person: PersonRow,
    carer: PersonRow,
    values: Record<string, unknown>,
    errors?: FieldError[],
  ) {
    const given = values as Partial<Record<keyof CarerLinkInput, unknown>>
    const livesWith = given.livesWith === true ? 'yes' : given.livesWith === false ? 'no' : given.livesWith
    return reply.view('carers/views/link-carer.njk', {
      title: `Link ${personName(carer)} as ${personName(person)}’s carer`,
      breadcrumbs: breadcrumbs(person),
      person: { id: person.id, name: personName(person) },
      carer: { id: carer.id, name: personName(carer), laPersonId: carer.la_person_id },
      values: { ...values, livesWith, ...dateValues(values, 'startedOn') },
      relationshipItems: RELATIONSHIPS.map((r) => ({ value: r, text: r, checked: r === given.relationship })),
      livesWithItems: [
        { value: 'yes', text: 'Yes', checked: livesWith === 'yes' },
        { value: 'no', text: 'No', checked: livesWith === 'no' },
      ],
      hoursMax: HOURS_MAX,
      errors,
    })
  }

  function endForm(
    reply: FastifyReply,
    found: Awaited<ReturnType<typeof readCarerLink>>,
    values: Record<string, unknown>,
    errors?: FieldError[],
  ) {
    const { person, link, other } = found
    const carerName =
      link.carer_id === person.id ? personName(person) : other ? personName(other) : 'The carer'
    const caredForName =
      link.cared_for_id === person.id ? personName(person) : other ? personName(other) : 'the person'
    return reply.view('carers/views/end-link.njk', {
      title: `End ${carerName}’s link as ${caredForName}’s carer`,
      breadcrumbs: breadcrumbs(person),
      person: { id: person.id, name: personName(person) },
      link: linkJson(link),
      carerName,
      caredForName,
      values,
      errors,
    })
  }
}

/** A form's date boxes as typed, or as the ISO date a link holds. */
function dateValues(values: Record<string, unknown>, field: string) {
  const typed = values[`${field}-day`] ?? values[`${field}-month`] ?? values[`${field}-year`]
  return typed === undefined && typeof values[field] === 'string' ? dateInputValues(field, values[field]) : {}
}
