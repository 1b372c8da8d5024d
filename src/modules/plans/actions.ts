import type { Kysely } from 'kysely'
import { addDays } from '../../kernel/dates.ts'
import type { Database } from '../../kernel/db/connect.ts'
import { postcodeDistrict } from '../../kernel/postcode.ts'
import { conflict, notFound, ValidationProblem } from '../../kernel/problem.ts'
import type { Schema } from '../../schema.ts'
import { findAssessment, listAssessmentsForPerson, type StoredAssessment } from '../assessments/store.ts'
import { type AuditAction, type AuditEntry, recordAudit, recordAuditBy } from '../audit/store.ts'
import { giveIndicativeBudget } from '../budgets/actions.ts'
import type { RasQuestion } from '../budgets/ras.ts'
import { currentRasConfig, findBudget, findBudgetForAssessment, type GivenBudget } from '../budgets/store.ts'
import { OPEN_SERVICE_OUTCOME, recordEvent, updateEventForRecord } from '../events/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { carryArrangements } from '../market/offer-store.ts'
import { providerNamesServing } from '../market/store.ts'
import { personName } from '../people/rules.ts'
import { personForUser } from '../people/store.ts'
import { afterDeath } from '../people/support-ended-at-death.ts'
import { clientFundingStatus } from './client-funding-status.ts'
import { lineCost, planCost } from './plan-costs.ts'
import {
  CLD_DELIVERY_MECHANISM,
  type FundingSource,
  type PlanLineInput,
  parseLines,
  parsePlanBody,
} from './plan-input.ts'
import { personalBudgetStatement } from './statement.ts'
import {
  activatePlan,
  findPlan,
  insertPlan,
  latestVersion,
  listPlansForPeople,
  listPlansForPerson,
  listVersions,
  moveStatus,
  type StoredPlan,
} from './store.ts'

/*
 * What plan pages and the API both do. Each change is one transaction with
 * its audit entry; each read of someone's plan is audited.
 */

type Db = Kysely<Schema>

/** A person's name as pages show it (a person a CLD file brought may have none). */
export { personName }

/** Whether an assessment can be met by a support plan: complete, with eligible needs. */
const plannable = (a: { completed_on: string | null; eligible: boolean | null }) =>
  a.completed_on !== null && a.eligible === true

/**
 * What the plan builder needs about a person: who they are, the assessments
 * a plan can meet, the budget given for the chosen one (if any) and the
 * council's extra RAS questions. Audits the read unless told not to.
 *
 * @example
 * const context = await readPlanningContext(database, user, personId, assessmentId)
 */
export async function readPlanningContext(
  database: Database,
  user: CurrentUser,
  personId: string,
  assessmentId: string | undefined,
  options: { audit?: boolean } = {},
) {
  return database.db.transaction().execute(async (tx) => {
    const person = await personForUser(tx, user, personId)
    const assessments = (await listAssessmentsForPerson(tx, user.councilId, personId)).filter(plannable)
    const chosen =
      assessments.find((a) => a.id === assessmentId) ??
      (assessments.length === 1 ? assessments[0] : undefined)
    const budget = chosen ? await findBudgetForAssessment(tx, user.councilId, chosen.id) : undefined
    const { version, config } = await currentRasConfig(tx, user.councilId)
    if (options.audit !== false) {
      await recordAuditBy(tx, user, {
        action: 'read',
        recordType: 'person',
        recordId: personId,
        personId,
        detail: { view: 'support plan builder' },
      })
    }
    const district = person.postcode ? postcodeDistrict(person.postcode) : undefined
    return {
      person,
      district,
      // The directory's providers serving where the person lives, for the plan lines' provider boxes.
      providers: await providerNamesServing(tx, user.councilId, district),
      assessments,
      chosen,
      budget,
      rasVersion: version,
      questions: config.questions as RasQuestion[],
    }
  })
}

async function assessmentToPlan(
  tx: Db,
  user: CurrentUser,
  personId: string,
  assessmentId: string,
): Promise<StoredAssessment> {
  const assessment = await findAssessment(tx, user.councilId, assessmentId)
  if (!assessment || assessment.person_id !== personId) {
    throw new ValidationProblem([
      { field: 'assessmentId', message: 'Choose one of this person’s assessments' },
    ])
  }
  if (!plannable(assessment)) {
    throw new ValidationProblem([
      { field: 'assessmentId', message: 'Choose an assessment that is complete and found eligible needs' },
    ])
  }
  return assessment
}

/**
 * Gives the indicative budget for one of a person's assessments (or returns
 * the one already given), with the answers to the council's extra questions.
 *
 * @example
 * const { budget, given } = await giveBudgetForAssessment(database, user, personId, assessmentId, { night_support: 'never' })
 */
export async function giveBudgetForAssessment(
  database: Database,
  user: CurrentUser,
  personId: string | undefined,
  assessmentId: string,
  answers: Record<string, string>,
) {
  return database.db.transaction().execute(async (tx) => {
    const assessment = await findAssessment(tx, user.councilId, assessmentId)
    if (!assessment || (personId && assessment.person_id !== personId)) {
      if (!personId) throw notFound('Assessment')
      throw new ValidationProblem([
        { field: 'assessmentId', message: 'Choose one of this person’s assessments' },
      ])
    }
    if (!plannable(assessment)) {
      throw new ValidationProblem([
        {
          field: 'assessmentId',
          message: 'An indicative budget needs an assessment that is complete and found eligible needs',
        },
      ])
    }
    return giveIndicativeBudget(tx, user, assessment, answers)
  })
}

/**
 * Creates a support plan for a person from one of their completed
 * assessments: gives its indicative budget if none was given yet, costs the
 * lines and stores version 1 as a draft.
 *
 * @example
 * const plan = await createPlan(database, user, personId, { assessmentId, lines: [...] })
 */
export async function createPlan(database: Database, user: CurrentUser, personId: string, body: unknown) {
  return database.db.transaction().execute(async (tx) => {
    const person = await personForUser(tx, user, personId)
    if (person.date_of_death)
      throw afterDeath(person.date_of_death, 'a support plan cannot be made after a death')
    const input = parsePlanBody(body)
    const assessment = await assessmentToPlan(tx, user, personId, input.assessmentId)
    const { budget } = await giveIndicativeBudget(tx, user, assessment, input.rasAnswers, 'rasAnswers')
    const id = await storeVersion(
      tx,
      user,
      { personId, assessmentId: assessment.id, budgetId: budget.id },
      input.lines,
    )
    await recordAuditBy(tx, user, {
      action: 'create',
      recordType: 'support_plan',
      recordId: id,
      personId,
      detail: { version: 1, assessmentId: assessment.id, lines: input.lines.length },
    })
    return planView(await loadPlan(tx, user.councilId, id))
  })
}

async function storeVersion(
  tx: Db,
  user: CurrentUser,
  plan: {
    personId: string
    assessmentId: string
    budgetId: string
    series?: { id: string; version: number }
  },
  lines: PlanLineInput[],
) {
  const cost = planCost(lines)
  return insertPlan(tx, {
    councilId: user.councilId,
    personId: plan.personId,
    assessmentId: plan.assessmentId,
    budgetId: plan.budgetId,
    createdBy: user.id,
    lines,
    weeklyCostPence: cost.weeklyPence,
    annualCostPence: cost.annualPence,
    series: plan.series,
  })
}

/**
 * Changes a plan by making a new version of it with new lines; the version
 * changed stays readable (a draft is marked replaced). Only the latest
 * version can change, and not while it waits for a funding decision.
 *
 * @example
 * const next = await createVersion(database, user, planId, { lines: [...] })
 */
export async function createVersion(database: Database, user: CurrentUser, planId: string, body: unknown) {
  return database.db.transaction().execute(async (tx) => {
    const plan = await findPlan(tx, user.councilId, planId)
    if (!plan) throw notFound('Plan')
    const latest = await latestVersion(tx, user.councilId, plan.series_id)
    if (latest !== plan.version) {
      throw conflict(
        `This is version ${plan.version}; version ${latest} is newer. Change the latest version`,
        {
          latestVersion: latest,
        },
      )
    }
    if (plan.status === 'submitted') {
      throw conflict('This plan is waiting for a funding decision: it can change once the decision is made')
    }
    if (plan.date_of_death) throw afterDeath(plan.date_of_death, 'a support plan cannot change after a death')
    const lines = parseLines(body)
    if (plan.status === 'draft' && !(await moveStatus(tx, user.councilId, plan.id, ['draft'], 'replaced'))) {
      throw conflict('This plan changed a moment ago: reload it and try again')
    }
    let id: string
    try {
      id = await storeVersion(
        tx,
        user,
        {
          personId: plan.person_id,
          assessmentId: plan.assessment_id,
          budgetId: plan.indicative_budget_id,
          series: { id: plan.series_id, version: latest + 1 },
        },
        lines,
      )
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw conflict('Someone changed this plan a moment ago: reload it')
      throw error
    }
    await recordAuditBy(tx, user, {
      action: 'create',
      recordType: 'support_plan',
      recordId: id,
      personId: plan.person_id,
      detail: { version: latest + 1, previousVersionId: plan.id, lines: lines.length },
    })
    return planView(await loadPlan(tx, user.councilId, id))
  })
}

async function loadPlan(db: Db, councilId: string, id: string) {
  const plan = await findPlan(db, councilId, id)
  if (!plan) throw notFound('Plan')
  const budget = (await findBudget(db, councilId, plan.indicative_budget_id)) as GivenBudget
  return { plan, budget }
}

/**
 * Reads a plan version with its indicative budget and its other versions,
 * auditing the read unless told not to.
 *
 * @example
 * const { plan, budget, versions } = await readPlan(database, user, id)
 */
export async function readPlan(
  database: Database,
  user: CurrentUser,
  id: string,
  options: { audit?: boolean } = {},
) {
  return database.db.transaction().execute(async (tx) => {
    const { plan, budget } = await loadPlan(tx, user.councilId, id)
    const versions = await listVersions(tx, user.councilId, plan.series_id)
    if (options.audit !== false) {
      await recordAuditBy(tx, user, {
        action: 'read',
        recordType: 'support_plan',
        recordId: id,
        personId: plan.person_id,
      })
    }
    return { ...planView({ plan, budget }), versions }
  })
}

/**
 * A person's plans for their record or the API, auditing the read.
 *
 * @example
 * const plans = await readPlansOfPerson(database, user, personId)
 */
export async function readPlansOfPerson(database: Database, user: CurrentUser, personId: string) {
  return database.db.transaction().execute(async (tx) => {
    const person = await personForUser(tx, user, personId)
    const plans = await listPlansForPerson(tx, user.councilId, personId)
    await recordAuditBy(tx, user, {
      action: 'read',
      recordType: 'person',
      recordId: personId,
      personId,
      detail: { view: 'support plans' },
    })
    return { person, plans }
  })
}

/** A plan with its budget, and how its cost compares with the budget. */
export function planView({ plan, budget }: { plan: StoredPlan; budget: GivenBudget }) {
  const overPence = plan.weekly_cost_pence - budget.weeklyPence
  return {
    plan,
    budget,
    comparison: {
      overPence,
      percentOfBudget:
        budget.weeklyPence > 0 ? Math.round((plan.weekly_cost_pence * 100) / budget.weeklyPence) : null,
    },
    statement:
      plan.approved_weekly_pence === null
        ? null
        : personalBudgetStatement(
            plan.lines.map((l) => ({
              weeklyPence: l.weekly_pence,
              oneOffPence: l.one_off_pence,
              fundingSource: l.funding_source,
              deliveryMechanism: l.delivery_mechanism,
            })),
            plan.approved_weekly_pence,
          ),
  }
}

export type PlanView = ReturnType<typeof planView>

/**
 * A plan as the API gives it.
 *
 * @example
 * reply.code(201).send(planJson(view))
 */
export function planJson({ plan, budget, statement }: PlanView) {
  return {
    id: plan.id,
    personId: plan.person_id,
    seriesId: plan.series_id,
    version: plan.version,
    status: plan.status,
    assessmentId: plan.assessment_id,
    weeklyCostPence: plan.weekly_cost_pence,
    annualCostPence: plan.annual_cost_pence,
    approvedWeeklyPence: plan.approved_weekly_pence,
    activeFrom: plan.active_from,
    activeTo: plan.active_to,
    indicativeBudget: {
      id: budget.id,
      weeklyPence: budget.weeklyPence,
      points: budget.points,
      rasVersion: budget.rasVersion,
      answers: budget.answers,
      givenAt: budget.givenAt,
      explanation: budget.explanation,
    },
    lines: plan.lines.map((l) => ({
      id: l.id,
      position: l.position,
      serviceType: l.service_type,
      serviceComponent: l.service_component,
      deliveryMechanism: l.delivery_mechanism,
      fundingSource: l.funding_source,
      provider: l.provider,
      unitCostPence: l.unit_cost_pence,
      unitsPerWeek: l.units_per_week,
      costUnit: l.cost_unit,
      weeklyPence: l.weekly_pence,
      oneOffPence: l.one_off_pence,
    })),
    personalBudget: statement,
    createdBy: { id: plan.created_by, name: plan.author_name },
    createdAt: plan.created_at,
  }
}

/**
 * Puts an approved plan into effect, inside the decision's transaction: it
 * becomes the person's active plan at the amount approved, the plan it
 * replaces is superseded and its CLD Service events end, and each line
 * starts a CLD Service event. The providers arranged for the plan it replaces
 * go on providing the same lines (`carryArrangements`), audited as the
 * decider's.
 *
 * @example
 * await putPlanIntoEffect(tx, user, planId, 41_500, '2026-06-15')
 */
export async function putPlanIntoEffect(
  tx: Db,
  user: { id: string; councilId: string },
  planId: string,
  approvedWeeklyPence: number,
  today: string,
): Promise<void> {
  const { councilId } = user
  const plan = await findPlan(tx, councilId, planId)
  if (!plan) throw notFound('Plan')
  const previousId = await activatePlan(tx, councilId, plan.id, plan.person_id, approvedWeeklyPence, today)
  if (previousId) {
    const { withdrawn, carried } = await carryArrangements(tx, councilId, previousId, plan.id, user.id)
    const offerEntry = (action: AuditAction, id: string, detail: Record<string, unknown>): AuditEntry => ({
      councilId,
      userId: user.id,
      action,
      recordType: 'package_offer',
      recordId: id,
      personId: plan.person_id,
      detail,
    })
    await recordAudit(tx, [
      ...withdrawn.map((id) =>
        offerEntry('update', id, { status: 'withdrawn', because: 'the plan changed' }),
      ),
      ...carried.map((o) => offerEntry('create', o.id, { carriedFrom: o.carriedFrom, planId: plan.id })),
    ])
    const previous = await findPlan(tx, councilId, previousId)
    const endOn = previous?.active_to ?? addDays(today, -1)
    await updateEventForRecord(tx, councilId, previousId, {
      event_end_on: endOn,
      event_outcome: OPEN_SERVICE_OUTCOME,
    })
  }
  const assessment = await findAssessment(tx, councilId, plan.assessment_id)
  const forCarer = assessment?.kind === 'carer'
  // A carer's own funding status is not asked for: CLD asks it of service users.
  const fundingStatus = forCarer
    ? null
    : (clientFundingStatus(plan.lines.map((line) => line.funding_source as FundingSource)) ?? null)
  for (const line of plan.lines) {
    const cost = lineCost({
      unitCostPence: line.unit_cost_pence,
      unitsHundredths: Math.round(line.units_per_week * 100),
      costUnit: line.cost_unit as PlanLineInput['costUnit'],
    })
    await recordEvent(tx, {
      council_id: councilId,
      person_id: plan.person_id,
      client_type: forCarer ? 'Unpaid carer' : 'Service user',
      client_funding_status: fundingStatus,
      event_type: 'Service',
      event_start_on: today,
      event_outcome: OPEN_SERVICE_OUTCOME,
      event_description: `Support plan line ${line.position}${line.provider ? `: ${line.provider}` : ''}`,
      service_type: line.service_type,
      service_component: line.service_component,
      delivery_mechanism: CLD_DELIVERY_MECHANISM[line.delivery_mechanism],
      unit_cost_pence: line.unit_cost_pence,
      cost_frequency_unit_type: line.cost_unit,
      planned_units_per_week: cost.plannedUnitsPerWeek,
      source_record_id: plan.id,
    })
  }
}

/**
 * People's support plans in effect and their personal budgets, for their
 * records, in the keys' order; undefined for someone with no plan in effect.
 * One query for all, and one more per plan in effect. The caller audits the
 * read of the record it shows this on.
 *
 * @example
 * const [ofA, ofB] = await activePlansOf(db, [{ councilId, personId: a }, { councilId, personId: b }])
 * ofA?.personalBudgetWeeklyPence // 41_500
 */
export async function activePlansOf(db: Db, keys: readonly { councilId: string; personId: string }[]) {
  const plans = await listPlansForPeople(db, keys)
  return Promise.all(
    keys.map((key, i) => {
      const active = plans[i]?.find((p) => p.status === 'active')
      return active ? planInEffect(db, key.councilId, active.id) : undefined
    }),
  )
}

async function planInEffect(db: Db, councilId: string, planId: string) {
  const plan = await findPlan(db, councilId, planId)
  if (!plan || plan.approved_weekly_pence === null) return undefined
  const statement = personalBudgetStatement(
    plan.lines.map((l) => ({
      weeklyPence: l.weekly_pence,
      oneOffPence: l.one_off_pence,
      fundingSource: l.funding_source,
      deliveryMechanism: l.delivery_mechanism,
    })),
    plan.approved_weekly_pence,
  )
  return {
    planId: plan.id,
    version: plan.version,
    activeFrom: plan.active_from,
    weeklyCostPence: plan.weekly_cost_pence,
    personalBudgetWeeklyPence: plan.approved_weekly_pence,
    statement,
    services: plan.lines.map((l) => l.service_component ?? l.service_type),
  }
}
