import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { dateInputErrors, dateInputValues } from '../../kernel/date-input.ts'
import { formatDate, isoDay } from '../../kernel/dates.ts'
import { pathId } from '../../kernel/path-id.ts'
import { type FieldError, notFound, ValidationProblem } from '../../kernel/problem.ts'
import { personName as nameOf } from '../people/rules.ts'
import {
  assessmentJson,
  DEFAULT_EVENT_OUTCOME,
  decideAssessment,
  readAssessment,
  readPersonToAssess,
  recordAssessment,
} from './actions.ts'
import {
  ASSESSMENT_EVENT_OUTCOMES,
  ASSESSMENT_FORMATS,
  ASSESSMENT_KINDS,
  assessmentFromForm,
  decisionFromForm,
  type FormBody,
} from './assessment-input.ts'
import {
  ADULT_OUTCOMES,
  CARER_OUTCOMES,
  type ConditionCode,
  DIFFICULTIES,
  type Difficulty,
  type EligibilityKind,
} from './eligibility.ts'
import type { StoredAssessment } from './store.ts'

const KIND_LABELS: Record<EligibilityKind, string> = {
  needs: 'Needs assessment',
  carer: 'Carer’s assessment',
}

const KIND_HINTS: Record<EligibilityKind, string> = {
  needs:
    'For an adult who may need care and support: decided by regulation 2 of the 2015 eligibility regulations',
  carer: 'For a carer who provides necessary care for an adult: decided by regulation 3',
}

const FORMAT_LABELS: Record<(typeof ASSESSMENT_FORMATS)[number], { text: string; hint: string }> = {
  light: {
    text: 'Light',
    hint: 'For straightforward needs, or to support the person’s own self-assessment',
  },
  standard: {
    text: 'Standard',
    hint: 'For most assessments: a conversation that covers each outcome',
  },
  comprehensive: {
    text: 'Comprehensive',
    hint: 'For complex or risky situations: several needs that affect each other, safeguarding concerns, or a carer close to breaking point',
  },
}

const CONDITION_TITLES: Record<ConditionCode, string> = {
  needs_arise_from_impairment_or_illness:
    'The needs arise from a physical or mental impairment or illness (2(1)(a))',
  unable_to_achieve_two_or_more_outcomes: 'Unable to achieve two or more specified outcomes (2(1)(b))',
  needs_arise_from_providing_care: 'The needs arise from providing necessary care for an adult (3(1)(a))',
  health_at_risk_or_outcome_not_achieved:
    'The carer’s health is at risk, or they are unable to achieve a specified outcome (3(1)(b))',
  significant_impact_on_wellbeing: 'A significant impact on well-being (1(c))',
}

const idParams = z.toJSONSchema(z.object({ id: z.uuid() }))

/** The API body, for the OpenAPI document only: handlers check input with parseAssessmentInput. */
const assessmentBodyDocument = z.object({
  kind: z.enum(ASSESSMENT_KINDS),
  format: z.enum(ASSESSMENT_FORMATS),
  requestId: z
    .uuid()
    .optional()
    .meta({ description: 'An open request of this person that the assessment answers' }),
  startedOn: z.iso.date().optional().meta({ description: 'Defaults to today' }),
  strengths: z.string().optional(),
  communityAssets: z.string().optional(),
  impairmentOrIllness: z.boolean().optional().meta({ description: 'Required for a needs assessment' }),
  needsFromCaring: z.boolean().optional().meta({ description: 'Required for a carer’s assessment' }),
  carerHealthAtRisk: z.boolean().optional().meta({ description: 'Required for a carer’s assessment' }),
  wellbeingSignificantlyAffected: z.boolean(),
  wellbeingNotes: z.string().optional(),
  outcomes: z
    .partialRecord(
      z.enum([...new Set([...ADULT_OUTCOMES, ...CARER_OUTCOMES].map((o) => o.code))]),
      z.array(z.enum(DIFFICULTIES.map((d) => d.code))),
    )
    .meta({
      description:
        'Outcome code → the difficulties in achieving it; an outcome left out, or with an empty list, is achieved. ' +
        `Needs: ${ADULT_OUTCOMES.map((o) => o.code).join(', ')}. Carer: ${CARER_OUTCOMES.map((o) => o.code).join(', ')}.`,
    }),
  minutes: z
    .object({ direct: z.int().min(0), travel: z.int().min(0), recording: z.int().min(0) })
    .optional()
    .meta({ description: 'Whole minutes of direct contact, travel and recording' }),
})

const decisionBodyDocument = z.object({
  confirm: z.literal(true).optional(),
  override: z.literal(true).optional(),
  eligible: z.boolean().optional().meta({ description: 'With override: the final eligibility' }),
  reason: z.string().optional().meta({ description: 'With override: required' }),
  eventOutcome: z.enum(ASSESSMENT_EVENT_OUTCOMES).optional(),
})

/**
 * Assessments and eligibility: recording a needs or carer's assessment,
 * seeing the eligibility determination outcome by outcome, and confirming or
 * overriding it, on pages and on the API.
 */
export async function assessmentRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const caseWork = { preHandler: allow('caseWork') }
  const today = () => isoDay(services.now())

  // Pages: first the kind of assessment, then the assessment itself.
  app.get(
    '/people/:personId/assessments/new',
    { ...caseWork, schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const personId = pathId((request.params as { personId: string }).personId, 'Person')
      const { person } = await readPersonToAssess(database, user, personId)
      const query = request.query as Record<string, string | undefined>
      return reply.view(
        'assessments/views/choose-kind.njk',
        chooseKindView(person, { kind: query.kind }, query.requestId),
      )
    },
  )

  app.post(
    '/people/:personId/assessments/new',
    { ...caseWork, schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const personId = pathId((request.params as { personId: string }).personId, 'Person')
      const form = (request.body ?? {}) as FormBody
      const kind = ASSESSMENT_KINDS.find((k) => k === form.kind)
      const requestId = single(form.requestId)
      const { person } = await readPersonToAssess(database, user, personId, { audit: false })
      if (!kind) {
        return reply.code(422).view('assessments/views/choose-kind.njk', {
          ...chooseKindView(person, {}, requestId),
          errors: [{ field: 'kind', message: 'Choose a needs assessment or a carer’s assessment' }],
        })
      }
      const query = requestId ? `?${new URLSearchParams({ requestId })}` : ''
      return reply.redirect(`/people/${personId}/assessments/new/${kind}${query}`, 303)
    },
  )

  app.get(
    '/people/:personId/assessments/new/:kind',
    { ...caseWork, schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const params = request.params as { personId: string; kind: string }
      const personId = pathId(params.personId, 'Person')
      const kind = kindOf(params.kind)
      const { person, requests } = await readPersonToAssess(database, user, personId)
      const query = request.query as Record<string, string | undefined>
      return reply.view(
        'assessments/views/record-assessment.njk',
        // With one open request there is nothing to choose: the assessment answers it.
        recordView(
          person,
          requests,
          kind,
          {
            requestId: query.requestId ?? (requests.length === 1 ? requests[0]?.id : undefined),
            ...dateInputValues('startedOn', today()),
          },
          [],
        ),
      )
    },
  )

  app.post(
    '/people/:personId/assessments/new/:kind',
    { ...caseWork, schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const params = request.params as { personId: string; kind: string }
      const personId = pathId(params.personId, 'Person')
      const kind = kindOf(params.kind)
      const form = (request.body ?? {}) as FormBody
      const { body, dates } = assessmentFromForm(kind, form)
      try {
        const { id } = await recordAssessment(database, user, personId, body, today())
        return reply.redirect(`/assessments/${id}`, 303)
      } catch (error) {
        if (!(error instanceof ValidationProblem)) throw error
        const { person, requests } = await readPersonToAssess(database, user, personId, { audit: false })
        return reply
          .code(422)
          .view(
            'assessments/views/record-assessment.njk',
            recordView(person, requests, kind, form, dateInputErrors(dates, error.errors)),
          )
      }
    },
  )

  app.get('/assessments/:id', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = pathId((request.params as { id: string }).id, 'Assessment')
    const assessment = await readAssessment(database, user, id)
    return reply.view('assessments/views/assessment.njk', assessmentView(assessment, {}, []))
  })

  app.post('/assessments/:id/decision', { ...caseWork, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const id = pathId((request.params as { id: string }).id, 'Assessment')
    const form = (request.body ?? {}) as FormBody
    const assessment = await readAssessment(database, user, id, { audit: false })
    try {
      const body = decisionFromForm(form, assessment.computed_eligibility.eligible)
      await decideAssessment(database, user, id, body, services.now(), today())
      return reply.redirect(`/assessments/${id}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return reply
        .code(422)
        .view(
          'assessments/views/assessment.njk',
          assessmentView(assessment, form, error.errors.map(onDecisionForm)),
        )
    }
  })

  // API
  app.post(
    '/api/v1/people/:id/assessments',
    {
      ...caseWork,
      schema: {
        tags: ['assessments'],
        summary: 'Record a needs or carer’s assessment and get its eligibility determination',
        params: idParams,
        body: z.toJSONSchema(assessmentBodyDocument),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const personId = pathId((request.params as { id: string }).id, 'Person')
      const { id, eligibility } = await recordAssessment(database, user, personId, request.body, today())
      return reply.code(201).send({
        id,
        eligibility: {
          eligible: eligibility.eligible,
          outcomesNotAchieved: eligibility.outcomesNotAchieved,
          reasons: eligibility.reasons,
        },
      })
    },
  )

  app.get(
    '/api/v1/assessments/:id',
    {
      ...caseWork,
      schema: {
        tags: ['assessments'],
        summary: 'Read an assessment, its eligibility and its decision',
        params: idParams,
      },
    },
    async (request) => {
      const user = currentUser(request)
      const id = pathId((request.params as { id: string }).id, 'Assessment')
      return assessmentJson(await readAssessment(database, user, id))
    },
  )

  app.post(
    '/api/v1/assessments/:id/decision',
    {
      ...caseWork,
      schema: {
        tags: ['assessments'],
        summary: 'Confirm or override the computed eligibility, which completes the assessment',
        params: idParams,
        body: z.toJSONSchema(decisionBodyDocument),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const id = pathId((request.params as { id: string }).id, 'Assessment')
      return assessmentJson(await decideAssessment(database, user, id, request.body, services.now(), today()))
    },
  )
}

type Person = Awaited<ReturnType<typeof readPersonToAssess>>['person']
type OpenRequest = Awaited<ReturnType<typeof readPersonToAssess>>['requests'][number]

const personName = (person: { given_name: string | null; family_name: string | null }) => nameOf(person)

function kindOf(value: string): EligibilityKind {
  const kind = ASSESSMENT_KINDS.find((k) => k === value)
  if (!kind) throw notFound('Page')
  return kind
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function peopleCrumbs(
  person: Person | { id: string; given_name: string | null; family_name: string | null },
) {
  return [
    { text: 'People', href: '/people' },
    { text: personName(person), href: `/people/${person.id}` },
  ]
}

function chooseKindView(person: Person, values: { kind?: string }, requestId: string | undefined) {
  return {
    title: 'What kind of assessment is this?',
    breadcrumbs: peopleCrumbs(person),
    person,
    personName: personName(person),
    requestId,
    kindItems: ASSESSMENT_KINDS.map((kind) => ({
      value: kind,
      text: KIND_LABELS[kind],
      hint: { text: KIND_HINTS[kind] },
      checked: values.kind === kind,
    })),
  }
}

function recordView(
  person: Person,
  requests: OpenRequest[],
  kind: EligibilityKind,
  form: FormBody,
  errors: FieldError[],
) {
  const outcomes = kind === 'needs' ? ADULT_OUTCOMES : CARER_OUTCOMES
  // Reg 3(3) has no "takes significantly longer" limb, so a carer is not asked it.
  const difficulties = DIFFICULTIES.filter((d) => kind === 'needs' || d.carerLabel !== null)
  const who = kind === 'needs' ? 'the person' : 'the carer'
  return {
    title: `${KIND_LABELS[kind]}: ${personName(person)}`,
    breadcrumbs: peopleCrumbs(person),
    errors,
    person,
    personName: personName(person),
    kind,
    kindLabel: KIND_LABELS[kind],
    who,
    values: Object.fromEntries(Object.entries(form).map(([key, value]) => [key, single(value)])),
    formatItems: ASSESSMENT_FORMATS.map((format) => ({
      value: format,
      text: FORMAT_LABELS[format].text,
      hint: { text: FORMAT_LABELS[format].hint },
      checked: single(form.format) === format,
    })),
    requestItems:
      requests.length > 0
        ? [
            { value: '', text: 'Not linked to a request', selected: !single(form.requestId) },
            ...requests.map((r) => ({
              value: r.id,
              text: `${formatDate(r.requestedOn)}: ${truncate(r.whatWasAsked, 80)}`,
              selected: single(form.requestId) === r.id,
            })),
          ]
        : [],
    outcomeFields: outcomes.map((outcome) => {
      const name = `outcomes.${outcome.code}`
      const ticked = form[name] === undefined ? [] : ([] as string[]).concat(form[name] as string | string[])
      return {
        name,
        idPrefix: name.replace(/\./g, '-'),
        label: outcome.label,
        items: difficulties.map((d) => ({
          value: d.code,
          text: kind === 'needs' ? d.label : (d.carerLabel ?? d.label),
          checked: ticked.includes(d.code),
        })),
      }
    }),
  }
}

function assessmentView(assessment: StoredAssessment, form: FormBody, errors: FieldError[]) {
  const result = assessment.computed_eligibility
  const kind = assessment.kind
  const finalReason = result.reasons.at(-1) ?? ''
  return {
    title: `${KIND_LABELS[kind]}: ${personName(assessment)}`,
    breadcrumbs: peopleCrumbs({ ...assessment, id: assessment.person_id }),
    errors,
    assessment,
    personName: personName(assessment),
    kindLabel: KIND_LABELS[kind],
    formatLabel: FORMAT_LABELS[assessment.format].text,
    who: kind === 'needs' ? 'The person' : 'The carer',
    result,
    finalReason,
    outcomeRows: result.outcomes.map((o) => ({
      label: o.label,
      achieved: o.achieved,
      difficulties: o.difficulties.map((d) => difficultyLabel(kind, d)),
      reason: o.reason,
    })),
    conditionRows: result.conditions.map((c) => ({
      title: CONDITION_TITLES[c.code].replace('(1(c))', kind === 'needs' ? '(2(1)(c))' : '(3(1)(c))'),
      met: c.met,
      reason: c.reason,
    })),
    values: Object.fromEntries(Object.entries(form).map(([key, value]) => [key, single(value)])),
    computedLabel: result.eligible ? 'eligible' : 'not eligible',
    oppositeLabel: result.eligible ? 'not eligible' : 'eligible',
    defaultOutcome: result.eligible ? DEFAULT_EVENT_OUTCOME.eligible : DEFAULT_EVENT_OUTCOME.notEligible,
    eventOutcomes: ASSESSMENT_EVENT_OUTCOMES,
    subject: kind === 'needs' ? 'the needs' : 'the carer’s needs',
  }
}

function difficultyLabel(kind: EligibilityKind, code: Difficulty): string {
  const difficulty = DIFFICULTIES.find((d) => d.code === code)
  if (!difficulty) return code
  if (kind === 'needs') return difficulty.label
  return (
    difficulty.carerLabel ??
    `${difficulty.label} (recorded, but not one of the ways a carer is unable to achieve an outcome under regulation 3(3))`
  )
}

/** The decision form names its choice `decision`; the API names it `confirm`. */
function onDecisionForm(error: FieldError): FieldError {
  return error.field === 'confirm' || error.field === 'override' || error.field === 'eligible'
    ? { ...error, field: 'decision' }
    : error
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`
}
