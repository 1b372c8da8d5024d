import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { SERVICE_COMPONENTS, SERVICE_TYPES } from '../../kernel/code-lists/cld.ts'
import { pathId } from '../../kernel/path-id.ts'
import { type FieldError, Problem, ValidationProblem } from '../../kernel/problem.ts'
import { repeatedFields } from '../../kernel/repeated-fields.ts'
import type { GivenBudget } from '../budgets/store.ts'
import { findRequestForPlan } from '../decisions/store.ts'
import { can } from '../identity/roles.ts'
import { offersByLine } from '../market/offers.ts'
import {
  createPlan,
  createVersion,
  giveBudgetForAssessment,
  personName,
  planJson,
  readPlan,
  readPlanningContext,
  readPlansOfPerson,
} from './actions.ts'
import { COST_UNIT_LABELS, COST_UNITS, type CostUnit } from './plan-costs.ts'
import {
  blankLine,
  DELIVERY_MECHANISM_LABELS,
  FUNDING_SOURCE_LABELS,
  FUNDING_SOURCES,
  type LineForm,
  lineFormOf,
  linesFromForm,
  MAX_LINES,
  PLAN_DELIVERY_MECHANISMS,
  planBodySchema,
  planLinesFromForm,
  versionBodySchema,
} from './plan-input.ts'

const idParams = z.toJSONSchema(z.object({ id: z.uuid() }))
const budgetBody = z.object({
  answers: z
    .record(z.string(), z.string())
    .optional()
    .meta({ description: 'Answers to the council’s extra RAS questions: {questionCode: answerCode}' }),
})

export const PLAN_STATUS_LABELS: Record<string, { text: string; classes: string }> = {
  draft: { text: 'Draft', classes: 'govuk-tag--grey' },
  submitted: { text: 'Waiting for a funding decision', classes: 'govuk-tag--yellow' },
  active: { text: 'Active', classes: 'govuk-tag--green' },
  superseded: { text: 'Superseded', classes: 'govuk-tag--grey' },
  ended: { text: 'Ended', classes: 'govuk-tag--grey' },
  replaced: { text: 'Replaced by a later version', classes: 'govuk-tag--grey' },
  refused: { text: 'Refused', classes: 'govuk-tag--red' },
  returned: { text: 'Returned for changes', classes: 'govuk-tag--orange' },
}

type Form = Record<string, string | string[] | undefined>

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)

/**
 * Support plans: giving the indicative budget, building a plan line by line,
 * changing it in versions, and its personal budget statement; pages and API.
 */
export async function planRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const caseWork = { preHandler: allow('caseWork') }
  const readPlans = { preHandler: allow('readPlans') }

  // Pages
  app.get('/people/:personId/plans', { ...readPlans, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const personId = pathId((request.params as { personId: string }).personId, 'Person')
    const { person, plans } = await readPlansOfPerson(database, user, personId)
    return reply.view('plans/views/plans.njk', {
      title: `Support plans: ${personName(person)}`,
      breadcrumbs: wayBack(user.role, person.id, personName(person)),
      person,
      personName: personName(person),
      canBuild: can(user.role, 'caseWork'),
      plans: plans.map((p) => ({ ...p, statusTag: PLAN_STATUS_LABELS[p.status] })),
    })
  })

  app.get('/people/:personId/plans/new', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const personId = pathId((request.params as { personId: string }).personId, 'Person')
    const assessmentId = single((request.query as Form).assessmentId)
    const context = await readPlanningContext(database, user, personId, assessmentId)
    return renderBuilder(reply, context, { lines: [blankLine()] }, [])
  })

  app.post(
    '/people/:personId/indicative-budget',
    { ...caseWork, schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const personId = pathId((request.params as { personId: string }).personId, 'Person')
      const form = (request.body ?? {}) as Form
      const assessmentId = single(form.assessmentId)
      const answers = Object.fromEntries(
        Object.entries(form)
          .filter(([key, value]) => key.startsWith('answers.') && typeof value === 'string' && value !== '')
          .map(([key, value]) => [key.slice('answers.'.length), value as string]),
      )
      try {
        if (!assessmentId || !/^[0-9a-f-]{36}$/i.test(assessmentId)) {
          throw new ValidationProblem([
            { field: 'assessmentId', message: 'Choose the assessment the plan meets' },
          ])
        }
        await giveBudgetForAssessment(database, user, personId, assessmentId, answers)
        return reply.redirect(`/people/${personId}/plans/new?assessmentId=${assessmentId}`, 303)
      } catch (error) {
        if (!(error instanceof ValidationProblem)) throw error
        const context = await readPlanningContext(database, user, personId, assessmentId, { audit: false })
        return renderBuilder(reply.code(422), context, { lines: [blankLine()], answers }, error.errors)
      }
    },
  )

  app.post('/people/:personId/plans/new', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const personId = pathId((request.params as { personId: string }).personId, 'Person')
    const form = (request.body ?? {}) as Form
    const assessmentId = single(form.assessmentId)
    const lines = linesFromForm(form)
    const edited = editLines(lines, single(form.action))
    if (edited) {
      const context = await readPlanningContext(database, user, personId, assessmentId, { audit: false })
      return renderBuilder(reply, context, { lines: edited }, [])
    }
    try {
      const planLines = planLinesFromForm(lines)
      const { plan } = await createPlan(database, user, personId, {
        assessmentId,
        lines: planLines.map(apiLine),
      })
      return reply.redirect(`/plans/${plan.id}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const context = await readPlanningContext(database, user, personId, assessmentId, { audit: false })
      return renderBuilder(
        reply.code(422),
        context,
        { lines: lines.length ? lines : [blankLine()] },
        error.errors,
      )
    }
  })

  app.get('/plans/:id', { ...readPlans, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = pathId((request.params as { id: string }).id, 'Plan')
    const view = await readPlan(database, user, id)
    const fundingRequest = await findRequestForPlan(database.db, user.councilId, id)
    // Who provides each line, for a plan in effect, to those who arrange its care.
    const arranging =
      view.plan.status === 'active' && can(user.role, 'arrangePackages')
        ? await offersByLine(database, user, id)
        : undefined
    return reply.view('plans/views/plan.njk', {
      ...planPage(view, fundingRequest, user.role),
      arrangements:
        arranging && Object.fromEntries([...arranging].map(([line, { arrangement }]) => [line, arrangement])),
    })
  })

  app.get('/plans/:id/edit', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = pathId((request.params as { id: string }).id, 'Plan')
    const view = await readPlan(database, user, id)
    return renderEditor(reply, view, view.plan.lines.map(lineFormOf), [])
  })

  app.post('/plans/:id/edit', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = pathId((request.params as { id: string }).id, 'Plan')
    const form = (request.body ?? {}) as Form
    const lines = linesFromForm(form)
    const edited = editLines(lines, single(form.action))
    if (edited) return renderEditor(reply, await readPlan(database, user, id, { audit: false }), edited, [])
    try {
      const planLines = planLinesFromForm(lines)
      const { plan } = await createVersion(database, user, id, { lines: planLines.map(apiLine) })
      return reply.redirect(`/plans/${plan.id}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const view = await readPlan(database, user, id, { audit: false })
      return renderEditor(reply.code(422), view, lines.length ? lines : [blankLine()], error.errors)
    }
  })

  app.get('/plans/:id/statement', { ...readPlans, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = pathId((request.params as { id: string }).id, 'Plan')
    const view = await readPlan(database, user, id)
    if (!view.statement) throw noStatement()
    return reply.view('plans/views/statement.njk', {
      title: `Personal budget statement: ${personName(view.plan)}`,
      personName: personName(view.plan),
      plan: view.plan,
      budget: view.budget,
      statement: view.statement,
      fundingSourceLabels: FUNDING_SOURCE_LABELS,
      deliveryLabels: DELIVERY_MECHANISM_LABELS,
    })
  })

  // API
  app.post(
    '/api/v1/people/:id/plans',
    {
      ...caseWork,
      schema: {
        tags: ['plans'],
        summary: 'Build a support plan from a completed assessment; gives its indicative budget',
        params: idParams,
        body: z.toJSONSchema(planBodySchema, { io: 'input' }),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const personId = pathId((request.params as { id: string }).id, 'Person')
      return reply.code(201).send(planJson(await createPlan(database, user, personId, request.body)))
    },
  )

  app.get(
    '/api/v1/people/:id/plans',
    {
      ...readPlans,
      schema: { tags: ['plans'], summary: 'A person’s support plans, every version', params: idParams },
    },
    async (request) => {
      const user = currentUser(request)
      const personId = pathId((request.params as { id: string }).id, 'Person')
      const { plans } = await readPlansOfPerson(database, user, personId)
      return plans.map((p) => ({
        id: p.id,
        seriesId: p.series_id,
        version: p.version,
        status: p.status,
        weeklyCostPence: p.weekly_cost_pence,
        annualCostPence: p.annual_cost_pence,
        approvedWeeklyPence: p.approved_weekly_pence,
        activeFrom: p.active_from,
        activeTo: p.active_to,
        createdAt: p.created_at,
      }))
    },
  )

  app.get(
    '/api/v1/plans/:id',
    {
      ...readPlans,
      schema: {
        tags: ['plans'],
        summary: 'A support plan version with its lines and budget',
        params: idParams,
      },
    },
    async (request) => {
      const user = currentUser(request)
      const id = pathId((request.params as { id: string }).id, 'Plan')
      const view = await readPlan(database, user, id)
      return {
        ...planJson(view),
        versions: view.versions.map((v) => ({ id: v.id, version: v.version, status: v.status })),
      }
    },
  )

  app.post(
    '/api/v1/plans/:id/versions',
    {
      ...caseWork,
      schema: {
        tags: ['plans'],
        summary: 'Change a plan: makes a new version with these lines; the old one stays readable',
        params: idParams,
        body: z.toJSONSchema(versionBodySchema, { io: 'input' }),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const id = pathId((request.params as { id: string }).id, 'Plan')
      return reply.code(201).send(planJson(await createVersion(database, user, id, request.body)))
    },
  )

  app.get(
    '/api/v1/plans/:id/statement',
    {
      ...readPlans,
      schema: {
        tags: ['plans'],
        summary: 'The personal budget statement of an approved plan',
        params: idParams,
      },
    },
    async (request) => {
      const user = currentUser(request)
      const id = pathId((request.params as { id: string }).id, 'Plan')
      const view = await readPlan(database, user, id)
      if (!view.statement) throw noStatement()
      return {
        planId: id,
        personId: view.plan.person_id,
        approvedFrom: view.plan.active_from,
        ...view.statement,
      }
    },
  )

  app.post(
    '/api/v1/assessments/:id/indicative-budget',
    {
      ...caseWork,
      schema: {
        tags: ['plans'],
        summary: 'Give the indicative budget for a completed assessment (201), or read the one given (200)',
        params: idParams,
        body: z.toJSONSchema(budgetBody),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const id = pathId((request.params as { id: string }).id, 'Assessment')
      const body = (request.body ?? {}) as { answers?: unknown }
      const answers = body.answers ?? {}
      if (
        typeof answers !== 'object' ||
        answers === null ||
        Array.isArray(answers) ||
        Object.values(answers).some((v) => typeof v !== 'string')
      ) {
        throw new ValidationProblem([
          { field: 'answers', message: 'Give the answers as {questionCode: answerCode}' },
        ])
      }
      const { budget, given } = await giveBudgetForAssessment(
        database,
        user,
        undefined,
        id,
        answers as Record<string, string>,
      )
      return reply.code(given ? 201 : 200).send(budgetJson(budget))
    },
  )
}

const noStatement = () =>
  new Problem(
    404,
    'No personal budget statement',
    'This plan version has not been approved, so it has no personal budget',
  )

function budgetJson(budget: GivenBudget) {
  return {
    id: budget.id,
    assessmentId: budget.assessmentId,
    weeklyPence: budget.weeklyPence,
    points: budget.points,
    rasVersion: budget.rasVersion,
    answers: budget.answers,
    givenAt: budget.givenAt,
    explanation: budget.explanation,
  }
}

/** A parsed line in the API's shape, so pages and API share one path. */
function apiLine(line: ReturnType<typeof planLinesFromForm>[number]) {
  return {
    serviceType: line.serviceType,
    serviceComponent: line.serviceComponent ?? undefined,
    deliveryMechanism: line.deliveryMechanism,
    fundingSource: line.fundingSource,
    provider: line.provider ?? undefined,
    unitCostPence: line.unitCostPence,
    unitsPerWeek: line.unitsHundredths / 100,
    costUnit: line.costUnit,
  }
}

/**
 * The form's "Add another line" and "Remove line N" buttons: the lines as
 * they will be shown again, or undefined when the button pressed was save.
 */
function editLines(lines: LineForm[], action: string | undefined): LineForm[] | undefined {
  if (action === 'add-line') return [...lines, blankLine()].slice(0, MAX_LINES)
  const remove = /^remove-line-(\d+)$/.exec(action ?? '')
  if (remove) {
    const kept = lines.filter((_, i) => i !== Number(remove[1]))
    return kept.length ? kept : [blankLine()]
  }
  return undefined
}

/** What every line of the builder offers, with the line's own values selected. */
function lineFields(lines: LineForm[], errors: FieldError[]) {
  const option = (
    values: readonly string[],
    labels: Record<string, string> | null,
    selected: string,
    blank?: string,
  ) => [
    ...(blank === undefined ? [] : [{ value: '', text: blank, selected: selected === '' }]),
    ...values.map((v) => ({ value: v, text: labels ? (labels[v] ?? v) : v, selected: v === selected })),
  ]
  return lines.map((line, i) => {
    return {
      ...repeatedFields('lines', i, errors),
      values: line,
      serviceTypes: option(SERVICE_TYPES, null, line.serviceType, 'Choose a service type'),
      serviceComponents: option(SERVICE_COMPONENTS, null, line.serviceComponent, 'Not given'),
      deliveryMechanisms: option(
        PLAN_DELIVERY_MECHANISMS,
        DELIVERY_MECHANISM_LABELS,
        line.deliveryMechanism,
        'Choose how it is held',
      ),
      fundingSources: option(FUNDING_SOURCES, FUNDING_SOURCE_LABELS, line.fundingSource),
      costUnits: option(
        COST_UNITS,
        Object.fromEntries(COST_UNITS.map((u) => [u, `${u} (${COST_UNIT_LABELS[u as CostUnit]})`])),
        line.costUnit,
      ),
    }
  })
}

type PlanningContext = Awaited<ReturnType<typeof readPlanningContext>>

function renderBuilder(
  reply: FastifyReply,
  context: PlanningContext,
  form: { lines: LineForm[]; answers?: Record<string, string> },
  errors: FieldError[],
) {
  const { person, district, providers, assessments, chosen, budget, questions } = context
  const name = personName(person)
  return reply.view('plans/views/plan-builder.njk', {
    title: `Build a support plan: ${name}`,
    district,
    providers,
    marketHref: district ? `/market?district=${district}` : '/market',
    breadcrumbs: [
      { text: 'People', href: '/people' },
      { text: name, href: `/people/${person.id}` },
    ],
    errors,
    csrfToken: reply.generateCsrf(),
    personName: name,
    personId: person.id,
    action: `/people/${person.id}/plans/new`,
    assessmentItems: assessments.map((a) => ({
      value: a.id,
      text: `${a.kind === 'carer' ? 'Carer’s assessment' : 'Needs assessment'} completed ${a.completed_on}`,
      checked: chosen?.id === a.id,
    })),
    assessments,
    chosen,
    budget,
    questions: questions.map((q) => ({
      ...q,
      name: `answers.${q.code}`,
      idPrefix: `answers-${q.code}`,
      items: q.options.map((o) => ({
        value: o.code,
        text: o.label,
        checked: form.answers?.[q.code] === o.code,
      })),
    })),
    lines: lineFields(form.lines, errors),
    lineCount: form.lines.length,
    maxLines: MAX_LINES,
  })
}

function renderEditor(
  reply: FastifyReply,
  view: Awaited<ReturnType<typeof readPlan>>,
  lines: LineForm[],
  errors: FieldError[],
) {
  const { plan, budget } = view
  const name = personName(plan)
  if (plan.status === 'submitted') {
    throw new Problem(
      409,
      'This plan is waiting for a funding decision',
      'It can change once the decision is made.',
    )
  }
  return reply.view('plans/views/plan-builder.njk', {
    title: `Change the support plan: ${name}`,
    marketHref: '/market',
    breadcrumbs: [
      { text: 'People', href: '/people' },
      { text: name, href: `/people/${plan.person_id}` },
      { text: `Support plan, version ${plan.version}`, href: `/plans/${plan.id}` },
    ],
    errors,
    csrfToken: reply.generateCsrf(),
    personName: name,
    personId: plan.person_id,
    editing: plan,
    action: `/plans/${plan.id}/edit`,
    budget,
    lines: lineFields(lines, errors),
    lineCount: lines.length,
    maxLines: MAX_LINES,
  })
}

/**
 * The breadcrumbs back from a person's plans: through their record for those
 * who work cases; through the funding requests for those who only decide
 * them (a panel member may not open the record).
 */
function wayBack(role: string, personId: string, name: string) {
  if (can(role, 'caseWork')) {
    return [
      { text: 'People', href: '/people' },
      { text: name, href: `/people/${personId}` },
    ]
  }
  return can(role, 'decideFunding') ? [{ text: 'Funding requests', href: '/funding-requests' }] : []
}

/**
 * The plan page's data; the decisions module shows it again when a submission
 * for funding needs correcting.
 *
 * @example
 * reply.code(422).view('plans/views/plan.njk', { ...planPage(view, undefined, user.role), errors })
 */
export function planPage(
  view: Awaited<ReturnType<typeof readPlan>>,
  fundingRequest: Awaited<ReturnType<typeof findRequestForPlan>>,
  role: string,
) {
  const { plan, budget, versions, comparison, statement } = view
  const name = personName(plan)
  const latest = versions.at(-1)
  const caseWorker = can(role, 'caseWork')
  return {
    title: `Support plan: ${name}`,
    breadcrumbs: [
      ...wayBack(role, plan.person_id, name),
      { text: 'Support plans', href: `/people/${plan.person_id}/plans` },
    ],
    personName: name,
    plan,
    budget,
    comparison,
    statement,
    statusTag: PLAN_STATUS_LABELS[plan.status],
    versions: versions.map((v) => ({
      ...v,
      statusTag: PLAN_STATUS_LABELS[v.status],
      current: v.id === plan.id,
    })),
    isLatest: latest?.id === plan.id,
    latestId: latest?.id,
    fundingRequest,
    // After a death a plan is neither submitted nor changed: it is kept as it was.
    canSubmit: caseWorker && plan.status === 'draft' && plan.date_of_death === null,
    canChange:
      caseWorker && latest?.id === plan.id && plan.status !== 'submitted' && plan.date_of_death === null,
    canMatchProviders: can(role, 'readMarket'),
    deliveryLabels: DELIVERY_MECHANISM_LABELS,
    fundingSourceLabels: FUNDING_SOURCE_LABELS,
    costUnitLabels: COST_UNIT_LABELS,
  }
}
