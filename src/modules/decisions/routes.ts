import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { allow, currentUser, signedIn } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { pathId } from '../../kernel/path-id.ts'
import { conflict, type FieldError, forbidden, ValidationProblem } from '../../kernel/problem.ts'
import { can, ROLE_LABELS, type Role } from '../identity/roles.ts'
import type { CurrentUser } from '../identity/store.ts'
import { agendaListingFor } from '../panels/store.ts'
import { personName, readPlan } from '../plans/actions.ts'
import { planPage } from '../plans/routes.ts'
import {
  canDecideNow,
  decideFundingRequest,
  fundingRequestJson,
  readFundingRequest,
  readQueue,
  saveDelegationScheme,
  submitForFunding,
} from './actions.ts'
import { daysToDecision } from './decision-cost.ts'
import {
  AUTHORITY_LEVELS,
  type AuthorityLevel,
  describeConditions,
  isAuthorityLevel,
  LEVEL_LABELS,
  mayDecide,
  ownQueue,
  queuesForRole,
} from './delegation.ts'
import {
  DECISION_OUTCOMES,
  decisionBodySchema,
  decisionFromForm,
  OUTCOME_LABELS,
  parseScheme,
  type RuleForm,
  ruleFormOf,
  rulesFromForm,
  schemeBodySchema,
  schemeFromForm,
  submitBodySchema,
} from './inputs.ts'
import { editRules, ruleFieldsView } from './scheme-form.ts'
import { type DecisionSettings, daysWaiting, isOverdue } from './settings.ts'
import { readDecisionSettings } from './settings-store.ts'
import { currentScheme, findRequestForPlan, type StoredFundingRequest, WAITING } from './store.ts'

const idParams = z.toJSONSchema(z.object({ id: z.uuid() }))

type Form = Record<string, string | string[] | undefined>
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)
const textOf = (form: Form) => Object.fromEntries(Object.entries(form).map(([k, v]) => [k, single(v)]))

export const REQUEST_STATUS_TAGS: Record<string, { text: string; classes: string }> = {
  pending: { text: 'Waiting for a decision', classes: 'govuk-tag--yellow' },
  deferred: { text: 'Deferred', classes: 'govuk-tag--orange' },
  approved: { text: 'Approved', classes: 'govuk-tag--green' },
  amended: { text: 'Approved at an amended amount', classes: 'govuk-tag--green' },
  refused: { text: 'Refused', classes: 'govuk-tag--red' },
  returned: { text: 'Returned for changes', classes: 'govuk-tag--grey' },
}

const STEP_LABELS: Record<string, string> = {
  submitted: 'Submitted for funding',
  routed: 'Routed by the scheme of delegation',
  approved: 'Approved',
  amended: 'Approved at an amended amount',
  refused: 'Refused',
  deferred: 'Deferred',
  returned: 'Returned for changes',
}

/**
 * Funding requests and the scheme of delegation: submitting a plan, the
 * queues at each level, deciding with written reasons, and the admin's
 * scheme editor; pages and API.
 */
export async function decisionRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const caseWork = { preHandler: allow('caseWork') }
  const readPlans = { preHandler: allow('readPlans') }
  const decideFunding = { preHandler: allow('decideFunding') }
  const configure = { preHandler: allow('configure') }

  // Pages
  app.post('/plans/:id/funding-requests', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = pathId((request.params as { id: string }).id, 'Plan')
    const form = textOf((request.body ?? {}) as Form)
    const minutesText = (form.minutes ?? '').trim()
    try {
      const body =
        minutesText === '' ? {} : { minutes: /^\d+$/.test(minutesText) ? Number(minutesText) : minutesText }
      const created = await submitForFunding(database, user, id, body, services.now())
      return reply.redirect(`/funding-requests/${created.id}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const view = await readPlan(database, user, id, { audit: false })
      return reply.code(422).view('plans/views/plan.njk', {
        ...planPage(view, await findRequestForPlan(database.db, user.councilId, id), user.role),
        errors: error.errors,
        values: form,
        csrfToken: reply.generateCsrf(),
      })
    }
  })

  app.get('/funding-requests', { ...decideFunding, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const asked = single((request.query as Form).level)
    const mine = queuesForRole(user.role)
    const level = isAuthorityLevel(asked) && mine.includes(asked) ? asked : undefined
    if (asked && !level) throw forbidden()
    const shown = level ?? ownQueue(user.role)
    const queue = await readQueue(database, user, shown)
    const { settings } = await readDecisionSettings(database.db, user.councilId)
    return reply.view('decisions/views/queue.njk', {
      title: `Funding requests: ${LEVEL_LABELS[shown as AuthorityLevel].toLowerCase()}`,
      level: shown,
      levelLabel: LEVEL_LABELS[shown as AuthorityLevel],
      tabs: mine.map((l) => ({
        text: LEVEL_LABELS[l],
        href: `/funding-requests?level=${l}`,
        active: l === shown,
      })),
      waiting: queue.waiting.map(queueRow(services.now(), settings)),
      decided: queue.decided.map(queueRow(services.now(), settings)),
      escalationDays: settings.escalationDays,
      statusTags: REQUEST_STATUS_TAGS,
    })
  })

  app.get('/funding-requests/:id', { ...readPlans, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = pathId((request.params as { id: string }).id, 'Funding request')
    return renderRequest(reply, user, id, {}, [])
  })

  app.post(
    '/funding-requests/:id/decision',
    { ...readPlans, schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const id = pathId((request.params as { id: string }).id, 'Funding request')
      const form = textOf((request.body ?? {}) as Form)
      await notOnAnAgenda(user, id)
      try {
        await decideFundingRequest(database, user, id, form, services.now(), (body, weekly) =>
          decisionFromForm(body as Record<string, string | undefined>, weekly),
        )
        return reply.redirect(`/funding-requests/${id}`, 303)
      } catch (error) {
        if (!(error instanceof ValidationProblem)) throw error
        return renderRequest(reply.code(422), user, id, form, error.errors, { audit: false })
      }
    },
  )

  /** A request on a panel's agenda is decided there, so that the agenda and the minutes hold it. */
  async function notOnAnAgenda(user: CurrentUser, id: string) {
    if (user.role !== 'panel_member') return
    const listing = await agendaListingFor(database.db, user.councilId, id)
    if (listing?.open) {
      throw conflict(
        `This request is on the agenda of the panel meeting of ${listing.meetsOn}: record the panel’s decision on that meeting’s agenda`,
        { meetingId: listing.meetingId, itemId: listing.itemId },
      )
    }
  }

  async function renderRequest(
    reply: FastifyReply,
    user: CurrentUser,
    id: string,
    values: Record<string, string | undefined>,
    errors: FieldError[],
    options: { audit?: boolean } = {},
  ) {
    const { request, steps } = await readFundingRequest(database, user, id, options)
    const { plan } = await readPlan(database, user, request.plan_id, { audit: false })
    const { settings } = await readDecisionSettings(database.db, user.councilId)
    const listing = await agendaListingFor(database.db, user.councilId, id)
    const waiting = WAITING.includes(request.status)
    const days = waiting
      ? daysWaiting(request.submitted_at, services.now())
      : daysToDecision(request.submitted_at, request.decided_at as Date)
    const name = personName(request)
    return reply.view('decisions/views/funding-request.njk', {
      title: `Funding request: ${name}`,
      breadcrumbs: [
        ...(queuesForRole(user.role).length
          ? [{ text: 'Funding requests', href: `/funding-requests?level=${request.route}` }]
          : []),
        { text: `Support plan, version ${plan.version}`, href: `/plans/${plan.id}` },
      ],
      errors,
      values,
      csrfToken: reply.generateCsrf(),
      personName: name,
      request,
      plan,
      levelLabel: LEVEL_LABELS[request.route],
      statusTag: REQUEST_STATUS_TAGS[request.status],
      days,
      waiting,
      overdue: waiting && isOverdue(days, settings),
      escalationDays: settings.escalationDays,
      listing,
      // The meeting's page is for those who sit on or run panels; others see its date alone.
      canReadPanels: can(user.role, 'panels'),
      canDecide: canDecideNow(user, request) && !listing?.open,
      whyNot: listing?.open
        ? 'This request is on a panel meeting’s agenda: the panel records its decision there.'
        : whyNotDecide(user, request),
      outcomeItems: DECISION_OUTCOMES.map((o) => ({
        value: o,
        text: OUTCOME_LABELS[o],
        checked: values.outcome === o,
      })),
      steps: steps.map((s) => ({
        label: STEP_LABELS[s.step] ?? s.step,
        at: s.at.toISOString(),
        by: s.display_name
          ? `${s.display_name} (${ROLE_LABELS[s.role as Role] ?? s.role})`
          : 'The scheme of delegation',
        minutes: s.minutes,
        reasons: s.reasons,
        detail: s.step === 'routed' ? ((s.detail as { reason?: string } | null)?.reason ?? null) : null,
        level: LEVEL_LABELS[s.level],
      })),
    })
  }

  app.get('/admin/delegation-scheme', { ...configure, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const current = await currentScheme(database.db, user.councilId)
    return renderScheme(reply, current, current.scheme.rules.map(ruleFormOf), [], request.query as Form)
  })

  app.post('/admin/delegation-scheme', { ...configure, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const form = (request.body ?? {}) as Form
    const rules = rulesFromForm(form)
    const current = await currentScheme(database.db, user.councilId)
    const edited = editRules(rules, single(form.action))
    if (edited) return renderScheme(reply, current, edited, [], {})
    try {
      const scheme = schemeFromForm(rules)
      const version = await saveDelegationScheme(
        database,
        { councilId: user.councilId, userId: user.id },
        scheme,
      )
      return reply.redirect(`/admin/delegation-scheme?saved=${version}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return renderScheme(reply.code(422), current, rules, error.errors, {})
    }
  })

  // API
  app.post(
    '/api/v1/plans/:id/funding-requests',
    {
      ...caseWork,
      schema: {
        tags: ['decisions'],
        summary:
          'Submit a draft plan for funding; the scheme of delegation routes it (approved at once within delegation)',
        params: idParams,
        body: z.toJSONSchema(submitBodySchema),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const id = pathId((request.params as { id: string }).id, 'Plan')
      const created = await submitForFunding(database, user, id, request.body, services.now())
      return reply.code(201).send(fundingRequestJson(created))
    },
  )

  app.get(
    '/api/v1/funding-requests',
    {
      ...decideFunding,
      schema: {
        tags: ['decisions'],
        summary: 'Funding requests waiting at the levels you may decide (one level with ?level=)',
        querystring: z.toJSONSchema(z.object({ level: z.enum(AUTHORITY_LEVELS).optional() })),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const asked = single((request.query as Form).level)
      if (asked !== undefined && !isAuthorityLevel(asked)) {
        throw new ValidationProblem([
          { field: 'level', message: `Choose a level: ${AUTHORITY_LEVELS.join(', ')}` },
        ])
      }
      if (asked && !queuesForRole(user.role).includes(asked)) throw forbidden()
      const queue = await readQueue(database, user, asked)
      const { settings } = await readDecisionSettings(database.db, user.councilId)
      const now = services.now()
      const row = (r: (typeof queue.waiting)[number]) => ({
        id: r.id,
        planId: r.plan_id,
        personId: r.person_id,
        route: r.route,
        status: r.status,
        weeklyCostPence: r.weekly_cost_pence,
        annualCostPence: r.annual_cost_pence,
        indicativeWeeklyPence: r.indicative_weekly_pence,
        routeReason: r.route_reason,
        submittedAt: r.submitted_at,
        decidedAt: r.decided_at,
      })
      const waitingRow = (r: (typeof queue.waiting)[number]) => {
        const days = daysWaiting(r.submitted_at, now)
        return { ...row(r), daysWaiting: days, overdue: isOverdue(days, settings) }
      }
      return {
        levels: queue.levels,
        escalationDays: settings.escalationDays,
        waiting: queue.waiting.map(waitingRow),
        decided: queue.decided.map(row),
      }
    },
  )

  app.get(
    '/api/v1/funding-requests/:id',
    {
      ...readPlans,
      schema: {
        tags: ['decisions'],
        summary: 'A funding request with every step of deciding it',
        params: idParams,
      },
    },
    async (request) => {
      const user = currentUser(request)
      const id = pathId((request.params as { id: string }).id, 'Funding request')
      const { request: found, steps } = await readFundingRequest(database, user, id)
      const { settings } = await readDecisionSettings(database.db, user.councilId)
      const waiting = WAITING.includes(found.status)
      const days = waiting
        ? daysWaiting(found.submitted_at, services.now())
        : daysToDecision(found.submitted_at, found.decided_at as Date)
      return {
        ...fundingRequestJson(found, steps),
        ...(waiting ? { daysWaiting: days, overdue: isOverdue(days, settings) } : { daysToDecision: days }),
      }
    },
  )

  app.post(
    '/api/v1/funding-requests/:id/decision',
    {
      ...readPlans,
      schema: {
        tags: ['decisions'],
        summary:
          'Decide a funding request: approve, amend, refuse, defer or return (403 below its level, 409 once decided)',
        params: idParams,
        body: z.toJSONSchema(decisionBodySchema),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const id = pathId((request.params as { id: string }).id, 'Funding request')
      await notOnAnAgenda(user, id)
      return fundingRequestJson(await decideFundingRequest(database, user, id, request.body, services.now()))
    },
  )

  app.get(
    '/api/v1/delegation-scheme',
    {
      preHandler: signedIn,
      schema: { tags: ['decisions'], summary: 'The council’s scheme of delegation in force' },
    },
    async (request) => {
      const user = currentUser(request)
      return schemeJson(await currentScheme(database.db, user.councilId))
    },
  )

  app.put(
    '/api/v1/delegation-scheme',
    {
      ...configure,
      schema: {
        tags: ['decisions'],
        summary:
          'Replace the council’s scheme of delegation (a new version; requests already routed keep theirs)',
        body: z.toJSONSchema(schemeBodySchema, { io: 'input' }),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const scheme = parseScheme(request.body)
      await saveDelegationScheme(database, { councilId: user.councilId, userId: user.id }, scheme)
      return schemeJson(await currentScheme(database.db, user.councilId))
    },
  )
}

function schemeJson(current: Awaited<ReturnType<typeof currentScheme>>) {
  return {
    version: current.version,
    isDefault: current.version === 0,
    rules: current.scheme.rules,
    described: current.scheme.rules.map(
      (r, i) => `${i + 1}. ${describeConditions(r.when)}: ${LEVEL_LABELS[r.level]}`,
    ),
    createdAt: current.createdAt,
  }
}

function whyNotDecide(user: CurrentUser, request: StoredFundingRequest): string | null {
  if (!['pending', 'deferred'].includes(request.status)) return null
  if (!mayDecide(user.role, request.route)) {
    return request.route === 'panel'
      ? 'Only the panel can decide a request routed to the panel.'
      : `This request needs a decision by a ${LEVEL_LABELS[request.route].toLowerCase()} or higher.`
  }
  if (request.submitted_by === user.id) return 'You submitted this request, so someone else must decide it.'
  return null
}

function queueRow(now: Date, settings: DecisionSettings) {
  return (r: {
    id: string
    plan_id: string
    person_id: string
    status: string
    weekly_cost_pence: number
    annual_cost_pence: number
    indicative_weekly_pence: number
    route_reason: string
    submitted_at: Date
    decided_at: Date | null
    given_name: string | null
    family_name: string | null
    submitter_name: string
  }) => {
    const days = daysWaiting(r.submitted_at, now)
    return { ...r, personName: personName(r), daysWaiting: days, overdue: isOverdue(days, settings) }
  }
}

function renderScheme(
  reply: FastifyReply,
  current: Awaited<ReturnType<typeof currentScheme>>,
  rules: RuleForm[],
  errors: FieldError[],
  query: Form,
) {
  return reply.view('decisions/views/delegation-scheme.njk', {
    title: 'Scheme of delegation',
    errors,
    csrfToken: reply.generateCsrf(),
    current,
    saved: single(query.saved),
    described: current.scheme.rules.map((r) => ({
      when: describeConditions(r.when),
      level: LEVEL_LABELS[r.level],
    })),
    ruleCount: rules.length,
    rules: ruleFieldsView(rules, errors),
  })
}
