import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { dateInputErrors, dateInputValues, readDateInputs } from '../../kernel/date-input.ts'
import { addDays, isoDay } from '../../kernel/dates.ts'
import { pathId } from '../../kernel/path-id.ts'
import { type FieldError, ValidationProblem } from '../../kernel/problem.ts'
import { openApiBody } from '../../kernel/validation.ts'
import {
  endReablement,
  episodeJson,
  readEpisode,
  readEpisodesForPerson,
  readPersonForNewEpisode,
  readReablementList,
  recordCheck,
  startEpisode,
} from './actions.ts'
import {
  atHomeCheckSchema,
  CHECK_DATE,
  DISCHARGE_DATE,
  END_DATE,
  endEpisodeSchema,
  PLANNED_END_DATE,
  PROVIDER_MAX,
  START_DATE,
  startEpisodeSchema,
} from './inputs.ts'
import {
  AT_HOME_CHECK_DAYS,
  AT_HOME_CHECK_RESULTS,
  AT_HOME_CHECK_UPCOMING_DAYS,
  USUAL_REABLEMENT_DAYS,
} from './rules.ts'
import { ASCOF_2A_TEXT, SEQUELS, sequelFor } from './sequels.ts'
import type { StoredEpisode } from './store.ts'

const idParams = z.toJSONSchema(z.object({ id: z.uuid() }))

/** Banners after a change; keyed so that no input is ever echoed into the page. */
const DONE_MESSAGES: Record<string, string> = {
  started: 'Reablement started.',
  ended: 'Reablement ended.',
  checked: 'At-home check recorded.',
}

const SEQUEL_LIST = SEQUELS.map((s) => `${s.code} (${s.label}: “${s.eventOutcome}”)`).join('; ')

/** Reablement episodes, their sequels and the 91-day at-home check: pages and API. */
export async function reablementRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const today = () => isoDay(services.now())
  const caseWork = { preHandler: allow('caseWork') }
  const params = (request: FastifyRequest) => request.params as Record<string, string>
  const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>

  // ── Pages ────────────────────────────────────────────────────────────────

  app.get('/people/:id/reablement/new', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const personId = pathId(params(request).id, 'Person')
    const found = await readPersonForNewEpisode(database, user, personId)
    const query = request.query as { requestId?: unknown }
    const requestId =
      typeof query.requestId === 'string' && found.requests.some((r) => r.id === query.requestId)
        ? query.requestId
        : (found.requests[0]?.id ?? '')
    return newEpisodePage(reply, found, {
      ...dateInputValues('startedOn', today()),
      requestId,
    })
  })

  app.post('/people/:id/reablement/new', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const personId = pathId(params(request).id, 'Person')
    const form = body(request)
    const dates = readDateInputs(form, [START_DATE, PLANNED_END_DATE, DISCHARGE_DATE])
    try {
      const episode = await startEpisode(database, user, personId, { ...form, ...dates.values }, today())
      return reply.redirect(`/reablement/${episode.id}?done=started`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const found = await readPersonForNewEpisode(database, user, personId, { audit: false })
      return newEpisodePage(reply.code(422), found, form, dateInputErrors(dates, error.errors))
    }
  })

  function newEpisodePage(
    reply: FastifyReply,
    found: Awaited<ReturnType<typeof readPersonForNewEpisode>>,
    values: Record<string, unknown>,
    errors?: FieldError[],
  ) {
    const { person } = found
    return reply.view('reablement/views/new-episode.njk', {
      title: `Start reablement for ${person.name}`,
      breadcrumbs: [
        { text: 'Home', href: '/' },
        { text: 'People', href: '/people' },
        { text: person.name, href: `/people/${person.id}` },
      ],
      person,
      openEpisode: found.openEpisode,
      requests: found.requests,
      values,
      errors,
      providerMax: PROVIDER_MAX,
      usualWeeks: USUAL_REABLEMENT_DAYS / 7,
      checkDays: AT_HOME_CHECK_DAYS,
    })
  }

  app.get('/reablement/:id', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const episode = await readEpisode(database, user, pathId(params(request).id, 'Reablement episode'))
    const done = String((request.query as { done?: unknown }).done ?? '')
    return episodePage(reply, episode, { flash: DONE_MESSAGES[done] })
  })

  app.post('/reablement/:id/end', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = pathId(params(request).id, 'Reablement episode')
    const form = body(request)
    const dates = readDateInputs(form, [END_DATE])
    try {
      await endReablement(database, user, id, { ...form, ...dates.values }, today(), services.now())
      return reply.redirect(`/reablement/${id}?done=ended`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const episode = await readEpisode(database, user, id, { audit: false })
      return episodePage(reply.code(422), episode, {
        errors: dateInputErrors(dates, error.errors),
        endValues: form,
      })
    }
  })

  app.post(
    '/reablement/:id/at-home-check',
    { ...caseWork, schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const id = pathId(params(request).id, 'Reablement episode')
      const form = body(request)
      const dates = readDateInputs(form, [CHECK_DATE])
      try {
        await recordCheck(database, user, id, { ...form, ...dates.values }, today(), services.now())
        return reply.redirect(`/reablement/${id}?done=checked`, 303)
      } catch (error) {
        if (!(error instanceof ValidationProblem)) throw error
        const episode = await readEpisode(database, user, id, { audit: false })
        return episodePage(reply.code(422), episode, {
          errors: dateInputErrors(dates, error.errors),
          checkValues: form,
        })
      }
    },
  )

  function episodePage(
    reply: FastifyReply,
    episode: StoredEpisode,
    extra: {
      flash?: string
      errors?: FieldError[]
      endValues?: Record<string, unknown>
      checkValues?: Record<string, unknown>
    },
  ) {
    const json = episodeJson(episode, today())
    const sequel = sequelFor(episode.sequel)
    return reply.view('reablement/views/episode.njk', {
      title: `Reablement for ${episode.personName}`,
      breadcrumbs: [
        { text: 'Home', href: '/' },
        { text: 'Reablement', href: '/reablement' },
        { text: episode.personName, href: `/people/${episode.personId}` },
      ],
      episode: json,
      laPersonId: episode.laPersonId,
      sequel,
      ascof2aText: sequel ? ASCOF_2A_TEXT[sequel.ascof2a] : '',
      createdByName: episode.createdByName,
      endedByName: episode.endedByName,
      checkedByName: episode.check?.checkedByName ?? null,
      sequels: SEQUELS,
      checkResults: AT_HOME_CHECK_RESULTS,
      checkDays: AT_HOME_CHECK_DAYS,
      endValues: extra.endValues ?? dateInputValues('endedOn', today()),
      checkValues: extra.checkValues ?? dateInputValues('checkedOn', today()),
      errors: extra.errors,
      flash: extra.flash,
    })
  }

  app.get('/reablement', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const list = await readReablementList(database, user, today())
    const rows = (episodes: StoredEpisode[]) => episodes.map((e) => episodeJson(e, today()))
    return reply.view('reablement/views/list.njk', {
      title: 'Reablement',
      breadcrumbs: [{ text: 'Home', href: '/' }],
      open: rows(list.open),
      checksDue: rows(list.checksDue),
      checksComingUp: rows(list.checksComingUp),
      upcomingDays: AT_HOME_CHECK_UPCOMING_DAYS,
      upcomingUntil: addDays(today(), AT_HOME_CHECK_UPCOMING_DAYS),
    })
  })

  // ── API ──────────────────────────────────────────────────────────────────

  app.post(
    '/api/v1/people/:id/reablement',
    {
      ...caseWork,
      schema: {
        tags: ['reablement'],
        summary: 'Start a reablement episode for a person',
        description:
          'Records the episode and its CLD Service event (Short term support: ST-Max, Reablement). After a ' +
          `hospital discharge (dischargedOn, read only when afterHospitalDischarge is true) an at-home check falls due ${AT_HOME_CHECK_DAYS} ` +
          'days after it. requestId links a request of the person triaged “Progress to reablement/ST-Max”. A person has ' +
          'one open episode at a time: a second answers 409.',
        params: idParams,
        body: openApiBody(startEpisodeSchema('2099-12-31', { afterHospitalDischarge: true })),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const episode = await startEpisode(
        database,
        user,
        pathId(params(request).id, 'Person'),
        request.body,
        today(),
      )
      return reply.code(201).send(episodeJson(episode, today()))
    },
  )

  app.get(
    '/api/v1/people/:id/reablement',
    {
      ...caseWork,
      schema: {
        tags: ['reablement'],
        summary: 'A person’s reablement episodes, newest first',
        params: idParams,
      },
    },
    async (request) => {
      const user = currentUser(request)
      const episodes = await readEpisodesForPerson(database, user, pathId(params(request).id, 'Person'))
      return { episodes: episodes.map((e) => episodeJson(e, today())) }
    },
  )

  app.get(
    '/api/v1/reablement',
    {
      ...caseWork,
      schema: {
        tags: ['reablement'],
        summary: 'The council’s open reablement episodes and at-home checks due, overdue or coming up',
        description: `Checks coming up are those due within ${AT_HOME_CHECK_UPCOMING_DAYS} days.`,
      },
    },
    async (request) => {
      const user = currentUser(request)
      const list = await readReablementList(database, user, today())
      const rows = (episodes: StoredEpisode[]) => episodes.map((e) => episodeJson(e, today()))
      return {
        open: rows(list.open),
        checksDue: rows(list.checksDue),
        checksComingUp: rows(list.checksComingUp),
      }
    },
  )

  app.get(
    '/api/v1/reablement/:id',
    {
      ...caseWork,
      schema: { tags: ['reablement'], summary: 'Read a reablement episode', params: idParams },
    },
    async (request) => {
      const user = currentUser(request)
      const episode = await readEpisode(database, user, pathId(params(request).id, 'Reablement episode'))
      return episodeJson(episode, today())
    },
  )

  app.post(
    '/api/v1/reablement/:id/end',
    {
      ...caseWork,
      schema: {
        tags: ['reablement'],
        summary: 'End a reablement episode with its sequel',
        description:
          'Ends the CLD Service event with the sequel’s event outcome. A request that led to the episode closes ' +
          `unless more support is to be arranged. An episode ends once: a second answers 409. Sequels: ${SEQUEL_LIST}.`,
        params: idParams,
        body: openApiBody(endEpisodeSchema('1900-01-01', '2099-12-31')),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const id = pathId(params(request).id, 'Reablement episode')
      return episodeJson(
        await endReablement(database, user, id, request.body, today(), services.now()),
        today(),
      )
    },
  )

  app.post(
    '/api/v1/reablement/:id/at-home-check',
    {
      ...caseWork,
      schema: {
        tags: ['reablement'],
        summary: `Record where someone was ${AT_HOME_CHECK_DAYS} days after leaving hospital`,
        description:
          'Only for an episode that followed a hospital discharge (else 409), on or after the day the check is ' +
          'due, and once (409 after).',
        params: idParams,
        body: openApiBody(atHomeCheckSchema('1900-01-01', '2099-12-31')),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const id = pathId(params(request).id, 'Reablement episode')
      return episodeJson(
        await recordCheck(database, user, id, request.body, today(), services.now()),
        today(),
      )
    },
  )
}
