import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { isoDay } from '../../kernel/dates.ts'
import { type FieldError, notFound, ValidationProblem } from '../../kernel/problem.ts'
import type { Comparison } from '../benchmarking/actions.ts'
import { formatValue, ordinal } from '../benchmarking/format-figures.ts'
import type { CurrentUser } from '../identity/store.ts'
import {
  ACTION_MAX,
  ACTION_STATUS_LABELS,
  type AreaView,
  actionJson,
  addAction,
  compareYears,
  JUSTIFICATION_MAX,
  OWNER_MAX,
  pathArea,
  pathYear,
  readSelfAssessment,
  readSelfAssessments,
  type SelfAssessmentView,
  scoreArea,
  selfAssessmentJson,
  setActionStatus,
  startableYears,
  startSelfAssessment,
} from './actions.ts'
import { AREAS, type Area } from './descriptors.ts'
import type { PlanAction } from './store.ts'

const DONE_MESSAGES: Record<string, string> = {
  started: 'Self-assessment started. Score each area and add the actions you will take.',
  scored: 'Score saved.',
  'action-added': 'Action added to the plan.',
  'action-complete': 'Action marked as complete.',
  'action-in-progress': 'Action marked as in progress.',
  'action-not-started': 'Action marked as not started.',
}

const yearParams = z.toJSONSchema(z.object({ year: z.string() }))
const areaParams = z.toJSONSchema(z.object({ year: z.string(), area: z.enum(AREAS) }))
const actionParams = z.toJSONSchema(z.object({ year: z.string(), id: z.uuid() }))
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** How the council stands among its peers on one measure, in words. */
export function positionText(comparison: Comparison | undefined): string {
  if (!comparison) return 'Not worked out'
  const { rank, of, peerMedian, comparedWithMedian } = comparison.position
  if (peerMedian === null) return comparison.peers.length ? 'No peer has a value' : 'No peers’ packs loaded'
  const median = `peer median ${formatValue(comparison.unit, peerMedian)}`
  if (rank === null) return `No value of your own; ${median}`
  const where = comparedWithMedian === 'at' ? 'at the' : `${comparedWithMedian} the`
  return `${ordinal(rank)} highest of ${of}, ${where} ${median}`
}

/** The rows of an area's evidence table. */
function evidenceRows(area: AreaView) {
  return area.evidence.map((e) => ({
    code: e.code,
    title: e.comparison?.title ?? e.code,
    why: e.why,
    value: e.comparison?.own ? formatValue(e.comparison.unit, e.comparison.own.value) : 'Not worked out',
    position: positionText(e.comparison),
    href: e.comparison
      ? `/benchmarking/measures/${encodeURIComponent(e.code)}?year=${e.comparison.year}`
      : undefined,
  }))
}

const actionRows = (actions: PlanAction[]) =>
  actions.map((a) => ({ ...a, statusLabel: ACTION_STATUS_LABELS[a.status] }))

/** Self-assessment: the six areas scored 0 to 3, the action plan, the printable report: pages and API. */
export async function selfAssessmentRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const today = () => isoDay(services.now())
  const guard = { preHandler: allow('selfAssessment') }
  const page = { ...guard, schema: { hide: true } }
  const params = (request: FastifyRequest) => request.params as Record<string, string>
  const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>
  const done = (request: FastifyRequest) =>
    DONE_MESSAGES[String((request.query as { done?: unknown }).done ?? '')]
  const crumbs = (...more: { text: string; href: string }[]) => [
    { text: 'Home', href: '/' },
    { text: 'Self-assessment', href: '/self-assessment' },
    ...more,
  ]

  // ── Pages ────────────────────────────────────────────────────────────────

  const indexPage = async (reply: FastifyReply, user: CurrentUser, extra: Record<string, unknown> = {}) => {
    const years = await readSelfAssessments(database, user)
    const started = new Set(years.map((y) => y.year))
    return reply.view('self-assessment/views/index.njk', {
      title: 'Self-assessment',
      breadcrumbs: [{ text: 'Home', href: '/' }],
      years,
      startable: startableYears(today()).filter((year) => !started.has(year)),
      ...extra,
    })
  }

  app.get('/self-assessment', page, async (request, reply) => indexPage(reply, currentUser(request)))

  app.post('/self-assessment', page, async (request, reply) => {
    const user = currentUser(request)
    try {
      const { year } = await startSelfAssessment(database, user, body(request), today())
      return reply.redirect(`/self-assessment/${year}?done=started`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return indexPage(reply.code(422), user, { errors: error.errors, values: body(request) })
    }
  })

  app.get('/self-assessment/compare', page, async (request, reply) => {
    const { years, rows } = await compareYears(database, currentUser(request))
    return reply.view('self-assessment/views/compare.njk', {
      title: 'Compare self-assessments year by year',
      breadcrumbs: crumbs(),
      years,
      rows,
    })
  })

  app.get('/self-assessment/:year', page, async (request, reply) => {
    const user = currentUser(request)
    const view = await readSelfAssessment(database, user, pathYear(params(request).year ?? ''))
    return reply.view('self-assessment/views/year.njk', {
      title: `Self-assessment ${view.year}`,
      breadcrumbs: crumbs(),
      ...yearModel(view),
      flash: done(request),
    })
  })

  app.get('/self-assessment/:year/report', page, async (request, reply) => {
    const user = currentUser(request)
    const view = await readSelfAssessment(database, user, pathYear(params(request).year ?? ''))
    return reply.view('self-assessment/views/report.njk', {
      title: `${user.councilName}: adult social care self-assessment ${view.year}`,
      councilName: user.councilName,
      printedOn: today(),
      ...yearModel(view),
    })
  })

  const areaPage = async (
    reply: FastifyReply,
    user: CurrentUser,
    year: string,
    area: Area,
    extra: { errors?: FieldError[]; values?: Record<string, unknown>; flash?: string } = {},
  ) => {
    const view = await readSelfAssessment(database, user, year)
    const found = view.areas.find((a) => a.area === area) as AreaView
    return reply.view('self-assessment/views/area.njk', {
      title: `${found.title}: self-assessment ${year}`,
      breadcrumbs: crumbs({ text: year, href: `/self-assessment/${year}` }),
      year,
      evidenceYear: view.evidenceYear,
      area: found,
      evidence: evidenceRows(found),
      actions: actionRows(found.actions),
      values: extra.values ?? {
        score: found.score === null ? '' : String(found.score),
        justification: found.justification ?? '',
      },
      errors: extra.errors,
      flash: extra.flash,
      justificationMax: JUSTIFICATION_MAX,
      returnTo: `/self-assessment/${year}/areas/${area}`,
    })
  }

  app.get('/self-assessment/:year/areas/:area', page, async (request, reply) => {
    const user = currentUser(request)
    const year = pathYear(params(request).year ?? '')
    return areaPage(reply, user, year, pathArea(params(request).area ?? ''), { flash: done(request) })
  })

  app.post('/self-assessment/:year/areas/:area', page, async (request, reply) => {
    const user = currentUser(request)
    const year = pathYear(params(request).year ?? '')
    const area = pathArea(params(request).area ?? '')
    try {
      await scoreArea(database, user, year, area, body(request))
      return reply.redirect(`/self-assessment/${year}/areas/${area}?done=scored`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return areaPage(reply.code(422), user, year, area, { errors: error.errors, values: body(request) })
    }
  })

  const newActionPage = async (
    reply: FastifyReply,
    user: CurrentUser,
    year: string,
    area: Area,
    values: Record<string, unknown> = {},
    errors?: FieldError[],
  ) => {
    const view = await readSelfAssessment(database, user, year)
    const found = view.areas.find((a) => a.area === area) as AreaView
    return reply.view('self-assessment/views/new-action.njk', {
      title: `Add an action: ${found.title}`,
      breadcrumbs: crumbs(
        { text: year, href: `/self-assessment/${year}` },
        { text: found.title, href: `/self-assessment/${year}/areas/${area}` },
      ),
      year,
      area: found,
      values,
      errors,
      actionMax: ACTION_MAX,
      ownerMax: OWNER_MAX,
    })
  }

  app.get('/self-assessment/:year/areas/:area/actions/new', page, async (request, reply) => {
    const user = currentUser(request)
    return newActionPage(
      reply,
      user,
      pathYear(params(request).year ?? ''),
      pathArea(params(request).area ?? ''),
    )
  })

  app.post('/self-assessment/:year/areas/:area/actions', page, async (request, reply) => {
    const user = currentUser(request)
    const year = pathYear(params(request).year ?? '')
    const area = pathArea(params(request).area ?? '')
    try {
      await addAction(database, user, year, area, body(request))
      return reply.redirect(`/self-assessment/${year}/areas/${area}?done=action-added`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return newActionPage(reply.code(422), user, year, area, body(request), error.errors)
    }
  })

  app.post('/self-assessment/:year/actions/:id/status', page, async (request, reply) => {
    const user = currentUser(request)
    const year = pathYear(params(request).year ?? '')
    const id = params(request).id ?? ''
    if (!UUID.test(id)) throw notFound('Action')
    const changed = await setActionStatus(database, user, year, id, body(request), today())
    // Back to where the button was, never anywhere else.
    const returnTo = String(body(request).returnTo ?? '')
    const back =
      returnTo === `/self-assessment/${year}` ? returnTo : `/self-assessment/${year}/areas/${changed.area}`
    return reply.redirect(`${back}?done=action-${changed.status}`, 303)
  })

  // ── API ──────────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/self-assessments',
    {
      ...guard,
      schema: { tags: ['self-assessment'], summary: 'The council’s self-assessments, newest year first' },
    },
    async (request) => {
      const years = await readSelfAssessments(database, currentUser(request))
      return {
        selfAssessments: years.map((y) => ({
          year: y.year,
          startedAt: y.startedAt.toISOString(),
          startedBy: y.startedByName,
          areasScored: y.areasScored,
          actionsOpen: y.actionsOpen,
          actionsComplete: y.actionsComplete,
        })),
      }
    },
  )

  app.post(
    '/api/v1/self-assessments',
    {
      ...guard,
      schema: {
        tags: ['self-assessment'],
        summary: 'Start the self-assessment for a year (this financial year or one of the two before it)',
        body: z.toJSONSchema(z.object({ year: z.string() })),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const { year } = await startSelfAssessment(database, user, request.body, today())
      return reply.code(201).send(selfAssessmentJson(await readSelfAssessment(database, user, year)))
    },
  )

  app.get(
    '/api/v1/self-assessments/:year',
    {
      ...guard,
      schema: {
        tags: ['self-assessment'],
        summary:
          'A year’s self-assessment: each area’s score, justification, evidence with peer position, and actions',
        params: yearParams,
      },
    },
    async (request) => {
      const view = await readSelfAssessment(
        database,
        currentUser(request),
        pathYear(params(request).year ?? ''),
      )
      return selfAssessmentJson(view)
    },
  )

  app.put(
    '/api/v1/self-assessments/:year/areas/:area',
    {
      ...guard,
      schema: {
        tags: ['self-assessment'],
        summary: 'Score an area from 0 to 3 with a justification',
        params: areaParams,
        body: z.toJSONSchema(z.object({ score: z.number().int().min(0).max(3), justification: z.string() })),
      },
    },
    async (request) => {
      const user = currentUser(request)
      return scoreArea(
        database,
        user,
        pathYear(params(request).year ?? ''),
        pathArea(params(request).area ?? ''),
        request.body,
      )
    },
  )

  app.post(
    '/api/v1/self-assessments/:year/areas/:area/actions',
    {
      ...guard,
      schema: {
        tags: ['self-assessment'],
        summary: 'Add an action to an area’s plan',
        params: areaParams,
        body: z.toJSONSchema(z.object({ action: z.string(), owner: z.string(), dueOn: z.iso.date() })),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const created = await addAction(
        database,
        user,
        pathYear(params(request).year ?? ''),
        pathArea(params(request).area ?? ''),
        request.body,
      )
      return reply.code(201).send(actionJson(created))
    },
  )

  app.put(
    '/api/v1/self-assessments/:year/actions/:id/status',
    {
      ...guard,
      schema: {
        tags: ['self-assessment'],
        summary: 'Set an action’s status: not-started, in-progress or complete',
        params: actionParams,
        body: z.toJSONSchema(z.object({ status: z.enum(['not-started', 'in-progress', 'complete']) })),
      },
    },
    async (request) => {
      const id = params(request).id ?? ''
      if (!UUID.test(id)) throw notFound('Action')
      return setActionStatus(
        database,
        currentUser(request),
        pathYear(params(request).year ?? ''),
        id,
        request.body,
        today(),
      )
    },
  )
}

/** What the year page and the report show. */
function yearModel(view: SelfAssessmentView) {
  return {
    year: view.year,
    evidenceYear: view.evidenceYear,
    startedAt: view.startedAt,
    startedByName: view.startedByName,
    peers: view.peers,
    peersWithoutPack: view.peersWithoutPack,
    usingPeerGroup: view.usingPeerGroup,
    areas: view.areas.map((area) => ({
      ...area,
      chosenLevel: area.score === null ? null : area.levels[area.score],
      evidence: evidenceRows(area),
      actions: actionRows(area.actions),
      openActions: area.actions.filter((a) => a.status !== 'complete').length,
    })),
  }
}
