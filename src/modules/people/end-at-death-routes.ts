/**
 * Ending what a death leaves open when the death came some other way than
 * the person form: a CLD file from the council's other case system gives a
 * date of death, and ASCEND's own plan, reablement, requests and carer links
 * for the person stay as they were (an import writes people's details, never
 * ASCEND's own records). The person page says what is still open; a
 * practitioner checks and ends it, as recording the death would have, on the
 * day they died.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { isoDay } from '../../kernel/dates.ts'
import { pathId } from '../../kernel/path-id.ts'
import { conflict, notFound, Problem } from '../../kernel/problem.ts'
import { recordAudit } from '../audit/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { auditedPersonReads, personAuditEntry } from './audited-reads.ts'
import { diedWithSupportOpen } from './died-with-support-open.ts'
import { personView } from './person-json.ts'
import { personName } from './rules.ts'
import { personForUser } from './store.ts'
import { endSupportAtDeath, namedAtDeath, openAtDeath } from './support-ended-at-death.ts'

const params = z.toJSONSchema(z.object({ id: z.uuid() }))

/**
 * The list of people who died with support still open (page and API), the
 * check before ending what one death ends, and the ending itself (page and
 * API), for case workers of the person's council.
 */
export async function endAtDeathRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const db = database.db
  const caseWork = allow('caseWork')
  const reads = auditedPersonReads(db)
  const personId = (request: FastifyRequest) => pathId((request.params as { id?: unknown }).id, 'Person')

  /** Ends it all in one transaction; 409 when no death is recorded. */
  const end = (user: CurrentUser, id: string) =>
    db.transaction().execute(async (tx) => {
      const person = await personForUser(tx, user, id)
      if (!person.date_of_death)
        throw conflict('No date of death is recorded for them: record it on their details first')
      return endSupportAtDeath(tx, user, id, person.date_of_death, services.now())
    })

  /** The list, each person on it recorded as read by the user. */
  const listed = (user: CurrentUser, via: 'page' | 'api') =>
    db.transaction().execute(async (tx) => {
      const people = await diedWithSupportOpen(tx, user.councilId)
      await recordAudit(
        tx,
        people.map((p) => personAuditEntry(user, 'read', p.id, { via, view: 'died with support open' })),
      )
      return people
    })

  app.get(
    '/api/v1/people/died-with-support-open',
    {
      preHandler: caseWork,
      schema: {
        tags: ['people'],
        summary:
          'People whose death is recorded while what a death ends is still open (deaths brought by a CLD import)',
      },
    },
    async (request) => ({ people: await listed(currentUser(request), 'api') }),
  )

  app.get(
    '/people/died-with-support-open',
    { preHandler: caseWork, schema: { hide: true } },
    async (request, reply) => {
      const people = await listed(currentUser(request), 'page')
      return reply.view('people/views/died-with-support-open.njk', {
        title: 'People who died with support still open',
        breadcrumbs: [{ text: 'Home', href: '/' }],
        people: people.map((p) => ({
          ...p,
          name: personName({ given_name: p.givenName, family_name: p.familyName }),
          href: `/people/${p.id}`,
        })),
      })
    },
  )

  app.post(
    '/api/v1/people/:id/end-support-at-death',
    {
      preHandler: caseWork,
      schema: {
        tags: ['people'],
        summary: 'End what a recorded death left open (a death brought by a CLD import)',
        description:
          'A date of death brought by a CLD import changes only the person’s details. This ends, on the day they died, what recording the death in ASCEND would have: their support plan in effect, open reablement, open requests and links with unpaid carers. Removing or correcting the date afterwards puts them back or moves them, as for a death recorded on the form. 409 when no date of death is recorded.',
        params,
      },
    },
    async (request) => {
      const ended = await end(currentUser(request), personId(request))
      return { ended }
    },
  )

  app.get(
    '/people/:id/end-at-death',
    { preHandler: caseWork, schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const id = personId(request)
      const found = await reads.read(user, id, 'page', 'death to end at')
      if (!found) throw notFound('Person')
      const person = personView(found.person, isoDay(services.now()))
      if (!found.person.date_of_death) return reply.redirect(person.href)
      return reply.view('people/views/confirm-death.njk', {
        title: `Check before ending what ${person.name}’s death ends`,
        breadcrumbs: [
          { text: 'People', href: '/people' },
          { text: person.name, href: person.href },
        ],
        person,
        change: 'end',
        dateOfDeath: found.person.date_of_death,
        open: await openAtDeath(db, user.councilId, id),
        action: `${person.href}/end-at-death`,
        hidden: [],
      })
    },
  )

  app.post(
    '/people/:id/end-at-death',
    { preHandler: caseWork, schema: { hide: true } },
    async (request, reply) => {
      const id = personId(request)
      try {
        const ended = await end(currentUser(request), id)
        return reply.redirect(`/people/${id}?saved=ended-at-death&ended=${namedAtDeath(ended)}`, 303)
      } catch (error) {
        // No death recorded (cleared meanwhile): their record says what is open.
        if (error instanceof Problem && error.status === 409) return reply.redirect(`/people/${id}`, 303)
        throw error
      }
    },
  )
}
