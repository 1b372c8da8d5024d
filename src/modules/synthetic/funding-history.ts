/**
 * A synthetic council's last year of support planning and funding
 * decisions, added to a generated council after its care histories: a
 * support plan (in versions) for each long-term package that started in the
 * year after an eligible needs assessment, its indicative budget, the funding
 * request the demo scheme of delegation routed, every step of deciding it
 * with realistic delays per route (the practitioner at once, a team manager
 * in about 3 to 7 days, a head of service in 7 to 14, the panel at its
 * fortnightly meetings in 14 to 35), some amendments (about one in ten
 * decisions above the practitioner) and refusals (about one in thirty), the
 * panel's meetings with their members, agendas and minutes, and requests
 * still waiting at the as-of date.
 *
 * Pure and deterministic, with its own random stream, so the care histories
 * drawn before it stay exactly as they were. It changes the council in place:
 * new workers (heads of service, panel members), new record arrays, and the
 * plan each long-term Service event belongs to.
 */

import { DEFAULT_RAS_CONFIG, needPoints } from '../budgets/ras.ts'
import { type AuthorityLevel, DEMO_SCHEME, routeFundingRequest } from '../decisions/delegation.ts'
import { type CostUnit, lineCost, WEEKS_IN_YEAR } from '../plans/plan-costs.ts'
import { dayOf, isoOf, stampOf } from './day-numbers.ts'
import { PROVIDERS } from './directory.ts'
import type {
  GeneratedCouncil,
  SyntheticAssessment,
  SyntheticEvent,
  SyntheticWorker,
} from './generate-council.ts'
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from './names.ts'
import * as P from './proportions.ts'
import type { Random, Weights } from './random.ts'
import { type ServiceLine, ServiceLines } from './service-lines.ts'

export interface SyntheticBudget {
  person: number
  assessment: number
  points: number
  weekly_pence: number
  explanation: unknown[]
  given_by: number
  given_at: string
}

export interface SyntheticPlan {
  person: number
  /** The plan index of the series' first version (itself for version 1). */
  series: number
  version: number
  assessment: number
  budget: number
  status: 'draft' | 'submitted' | 'active' | 'superseded' | 'refused' | 'ended'
  weekly_cost_pence: number
  annual_cost_pence: number
  approved_weekly_pence: number | null
  active_from: string | null
  active_to: string | null
  created_by: number
  created_at: string
}

export interface SyntheticPlanLine {
  plan: number
  position: number
  service_type: string
  service_component: string | null
  delivery_mechanism: 'direct_payment' | 'individual_service_fund' | 'managed_budget' | 'commissioned'
  funding_source: 'council'
  provider: string | null
  unit_cost_pence: number
  units_per_week: number
  cost_unit: string
  weekly_pence: number
  one_off_pence: number
}

export type RequestStatus = 'pending' | 'deferred' | 'approved' | 'amended' | 'refused'

export interface SyntheticFundingRequest {
  person: number
  plan: number
  route: AuthorityLevel
  rule_number: number | null
  route_reason: string
  weekly_cost_pence: number
  annual_cost_pence: number
  indicative_weekly_pence: number
  status: RequestStatus
  decision_count: number
  submitted_by: number
  submitted_at: string
  decided_by: number | null
  decided_at: string | null
  approved_weekly_pence: number | null
  reasons: string | null
}

export interface SyntheticDecisionStep {
  request: number
  person: number
  step: 'submitted' | 'routed' | 'listed' | 'approved' | 'amended' | 'refused' | 'deferred'
  level: AuthorityLevel
  at: string
  user: number | null
  minutes: number | null
  reasons: string | null
  /** Kept with the step; a panel meeting is named by `meeting`, which the writer turns into its id. */
  detail: Record<string, unknown> | null
  meeting: number | null
}

export interface SyntheticPanelMeeting {
  meets_on: string
  starts_at: string
  location: string
  chair: number
  members: number[]
  status: 'planned' | 'held'
  minutes: string | null
  created_by: number
  created_at: string
  held_at: string | null
}

export interface SyntheticAgendaItem {
  meeting: number
  request: number
  position: number
  outcome: 'approve' | 'amend' | 'refuse' | 'defer' | null
  decided_by: number | null
  decided_at: string | null
  added_by: number
  added_at: string
}

export interface FundingHistory {
  budgets: SyntheticBudget[]
  plans: SyntheticPlan[]
  planLines: SyntheticPlanLine[]
  fundingRequests: SyntheticFundingRequest[]
  decisionSteps: SyntheticDecisionStep[]
  panelMeetings: SyntheticPanelMeeting[]
  agendaItems: SyntheticAgendaItem[]
}

/** Share of decisions above the practitioner that amend the amount. ASSUMED from the brief: about 10%. */
const AMEND_SHARE = 0.1
/** Share of requests above the practitioner refused first and planned again. ASSUMED: about 3%. */
const REFUSE_SHARE = 0.03
/** Share of panel items deferred to the next meeting. ASSUMED. */
const DEFER_SHARE = 0.12
/** Share of steps whose minutes someone recorded; the rest count the council's defaults. ASSUMED. */
const MINUTES_RECORDED_SHARE = 0.4
/** Days before a panel meeting its agenda opens: the day after the meeting before it. */
const AGENDA_OPENS_DAYS = 13
/** Share of managed personal budgets held by a provider as an individual service fund. ASSUMED. */
const ISF_SHARE = 0.3

/**
 * How the plan's cost compares with the indicative budget it was built
 * from: most plans near it, some above (which the scheme sends higher).
 * ASSUMED.
 */
const COST_OVER_BUDGET: Weights<readonly [number, number]> = [
  [[0.85, 1.0], 55],
  [[1.0, 1.1], 22],
  [[1.1, 1.25], 15],
  [[1.25, 1.45], 8],
]

/**
 * How each practitioner's plans differ from the council's typical plan: a
 * factor on a plan's cost over its indicative budget, and on the chance a
 * decision above them amends it. ASSUMED (no published figure): most plan
 * close to the typical ratio; one in eight plans about a fifth dearer and is
 * amended more often, one in eight a seventh cheaper, so that practice
 * consistency has differences to show. Fixed by the practitioner's place, not
 * drawn, so the rest of the synthetic history draws the same numbers.
 */
const PRACTICE_STYLES: readonly { cost: number; amended: number }[] = [
  { cost: 1, amended: 1 },
  { cost: 1.03, amended: 1 },
  { cost: 0.97, amended: 1 },
  { cost: 1.22, amended: 2.5 },
  { cost: 1, amended: 1 },
  { cost: 0.98, amended: 1 },
  { cost: 1.02, amended: 1 },
  { cost: 0.86, amended: 0.5 },
]

/** A practitioner's way of planning (PRACTICE_STYLES), by their place among the council's workers. */
export const practiceStyle = (practitioner: number) =>
  PRACTICE_STYLES[practitioner % PRACTICE_STYLES.length] as (typeof PRACTICE_STYLES)[number]

const AMEND_REASONS = [
  'The outcomes can be met with fewer hours: the person’s daughter has offered the Sunday visits.',
  'The provider’s usual rate meets the need; the premium rate asked for is not needed to meet it.',
  'Agreed at the council’s standard rate: a provider at that rate has a place available.',
  'The day service overlaps the home care on two days; those hours are taken out.',
  'Approved for the assessed needs only: the extra sessions are for leisure the community offer meets.',
]
const REFUSE_REASONS = [
  'The plan does not show why a dearer provider is needed: plan it again with a provider at the usual rate.',
  'The eligible needs can be met at home with more support; a care home placement is not needed now.',
  'Refused: the assessment does not support the number of hours asked for.',
]
const DEFER_REASONS = [
  'Deferred for the occupational therapist’s report on equipment.',
  'Deferred: the panel asks for the person’s own view of the placement.',
  'Deferred until the continuing healthcare checklist is done.',
]

/**
 * Adds a year of support plans, funding requests, decisions and panel
 * meetings to a generated council.
 *
 * @example
 * const history = addFundingHistory(council, createRandom(seed + 1_000_003))
 * history.fundingRequests.length // a few per hundred people
 */
export function addFundingHistory(council: GeneratedCouncil, random: Random): FundingHistory {
  return new FundingHistoryGenerator(council, random).run()
}

interface Package {
  person: number
  startDay: number
  events: number[]
}

/** What a plan line is made from: a Service event or a drawn service line. */
type LineSource = Pick<
  ServiceLine,
  'delivery_mechanism' | 'unit_cost_pence' | 'cost_frequency_unit_type' | 'planned_units_per_week'
> & { service_type: string | null; service_component: string | null }

/** When a request was submitted and decided, and at which panel meetings. */
interface Timing {
  submitDay: number
  decideDay: number
  meeting: number | undefined
  deferredAt: number | undefined
}

interface PersonPlans {
  series: number
  version: number
  active: number | null
  /** A version submitted and still waiting: a series has one open at a time. */
  waiting: boolean
}

class FundingHistoryGenerator {
  private readonly out: FundingHistory = {
    budgets: [],
    plans: [],
    planLines: [],
    fundingRequests: [],
    decisionSteps: [],
    panelMeetings: [],
    agendaItems: [],
  }
  private readonly asOfDay: number
  private readonly fromDay: number
  private readonly lines: ServiceLines
  private heads: number[] = []
  private panel: number[] = []
  private readonly managerOfTeam = new Map<number, number>()
  private readonly assessmentsOf = new Map<number, number[]>()
  private readonly budgetOf = new Map<number, number>()
  private readonly plansOf = new Map<number, PersonPlans>()
  private readonly meetingDays: number[] = []

  constructor(
    private readonly council: GeneratedCouncil,
    private readonly random: Random,
  ) {
    this.asOfDay = dayOf(council.asOf)
    this.fromDay = this.asOfDay - 364
    this.lines = new ServiceLines(random)
  }

  run(): FundingHistory {
    this.staff()
    this.meetings()
    this.indexAssessments()
    for (const pack of this.packages()) this.plan(pack)
    this.closeEndedPlans()
    this.waiting()
    this.finishMeetings()
    return this.out
  }

  // ---- Staff and meetings --------------------------------------------------

  private worker(role: SyntheticWorker['role']): number {
    const workers = this.council.workers
    const index = workers.length
    const female = this.random.chance(0.7)
    const given = this.random.pick(female ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES)
    workers.push({
      team: null,
      role,
      email: `worker${index + 1}@${this.council.councilCode.toLowerCase()}.synthetic.test`,
      display_name: `${given} ${this.random.pick(FAMILY_NAMES)}`,
      password_hash: `!synthetic-no-sign-in:${this.random.int(0, 2 ** 31).toString(16)}${this.random.int(0, 2 ** 31).toString(16)}`,
    })
    return index
  }

  private staff() {
    for (const [index, worker] of this.council.workers.entries()) {
      if (worker.role === 'team_manager' && worker.team !== null) this.managerOfTeam.set(worker.team, index)
    }
    const heads = Math.max(1, Math.round(this.council.teams.length / 4))
    for (let i = 0; i < heads; i++) this.heads.push(this.worker('head_of_service'))
    for (let i = 0; i < 5; i++) this.panel.push(this.worker('panel_member'))
  }

  /** A panel every other Wednesday, from five weeks before the year to three weeks after the as-of date. */
  private meetings() {
    let day = this.fromDay - 35
    while ((day + 4) % 7 !== 3) day++ // 1970-01-01 was a Thursday: weekday 3 is Wednesday
    for (; day <= this.asOfDay + 21; day += 14) {
      const chair = this.panel[this.meetingDays.length % 2] as number
      const others = this.panel.filter((p) => p !== chair)
      const members = [chair, ...others.slice(0, this.random.int(2, 3))]
      const held = day <= this.asOfDay
      const organiser = this.random.pick(this.heads)
      this.meetingDays.push(day)
      this.out.panelMeetings.push({
        meets_on: isoOf(day),
        starts_at: '10:00',
        location: this.random.pick([
          'Committee Room 2, County Hall',
          'Online (Teams)',
          'Room 4, Civic Centre',
        ]),
        chair,
        members,
        status: held ? 'held' : 'planned',
        minutes: null,
        created_by: organiser,
        created_at: stampOf(day - 28, this.random.int(9 * 60, 16 * 60)),
        held_at: held ? stampOf(day, 13 * 60) : null,
      })
    }
  }

  /** The meeting on a day, or the first one after it. */
  private meetingOnOrAfter(day: number): number | undefined {
    const index = this.meetingDays.findIndex((d) => d >= day)
    return index < 0 ? undefined : index
  }

  private finishMeetings() {
    for (const [index, meeting] of this.out.panelMeetings.entries()) {
      const items = this.out.agendaItems.filter((i) => i.meeting === index)
      items.sort((a, b) => a.added_at.localeCompare(b.added_at))
      items.forEach((item, position) => {
        item.position = position + 1
      })
      if (meeting.status !== 'held') continue
      const names = meeting.members.map((m) => this.council.workers[m]?.display_name ?? '')
      const decided = items.filter((i) => i.outcome !== null)
      meeting.minutes = [
        `Present: ${names[0]} (chair), ${names.slice(1).join(', ')}.`,
        'No declarations of interest.',
        decided.length
          ? `${decided.length} request${decided.length === 1 ? '' : 's'} considered; each decision and its reasons are recorded with the item.`
          : 'No requests were waiting for the panel.',
      ].join('\n')
    }
  }

  // ---- Plans ----------------------------------------------------------------

  private indexAssessments() {
    this.council.assessments.forEach((a, index) => {
      if (a.kind !== 'needs' || a.eligible !== true || a.completed_on === null) return
      this.assessmentsOf.set(a.person, [...(this.assessmentsOf.get(a.person) ?? []), index])
    })
  }

  /** Long-term packages that started in the year: the Service events of one person starting on one day. */
  private packages(): Package[] {
    const byKey = new Map<string, Package>()
    this.council.events.forEach((e, index) => {
      if (e.event_type !== 'Service' || !(e.service_type ?? '').startsWith('Long term')) return
      const start = dayOf(e.event_start_on)
      if (start < this.fromDay || start > this.asOfDay) return
      const key = `${e.person}|${start}`
      const found = byKey.get(key)
      if (found) found.events.push(index)
      else byKey.set(key, { person: e.person, startDay: start, events: [index] })
    })
    return [...byKey.values()].sort((a, b) => a.startDay - b.startDay || a.person - b.person)
  }

  /** The person's latest completed eligible needs assessment on or before a day. */
  private assessmentBefore(person: number, day: number): number | undefined {
    const list = this.assessmentsOf.get(person) ?? []
    let found: number | undefined
    for (const index of list) {
      const a = this.council.assessments[index] as SyntheticAssessment
      if (dayOf(a.completed_on as string) <= day) found = index
    }
    return found
  }

  private planLines(source: readonly LineSource[]): Omit<SyntheticPlanLine, 'plan'>[] {
    return source.map((line, i) => {
      const mechanism =
        line.delivery_mechanism === 'Direct Payment'
          ? 'direct_payment'
          : line.delivery_mechanism === 'CASSR Managed Personal Budget'
            ? this.random.chance(ISF_SHARE)
              ? 'individual_service_fund'
              : 'managed_budget'
            : 'commissioned'
      const costUnit = (line.cost_frequency_unit_type ?? 'Weekly') as CostUnit
      const unitsHundredths = Math.max(1, Math.round((line.planned_units_per_week ?? 1) * 100))
      const unitCost = line.unit_cost_pence ?? 0
      const cost = lineCost({ unitCostPence: unitCost, unitsHundredths, costUnit })
      return {
        position: i + 1,
        service_type: line.service_type ?? 'Long term support: Community',
        service_component: line.service_component,
        delivery_mechanism: mechanism,
        funding_source: 'council',
        provider: mechanism === 'direct_payment' ? null : this.provider(line.service_component),
        unit_cost_pence: unitCost,
        units_per_week: unitsHundredths / 100,
        cost_unit: costUnit,
        weekly_pence: cost.weeklyPence,
        one_off_pence: cost.oneOffPence,
      }
    })
  }

  private provider(component: string | null): string {
    if (component === 'Long term residential care' || component === 'Long term nursing care')
      return this.random.pick(PROVIDERS.careHome)
    if (component === 'Day support') return this.random.pick(PROVIDERS.day)
    if (component === 'Community supported living' || component === 'Shared Lives')
      return this.random.pick(PROVIDERS.living)
    return this.random.pick(PROVIDERS.home)
  }

  /** The indicative budget for an assessment: given once, with the first plan built from it. */
  private budget(assessment: number, weeklyCost: number, practitioner: number, day: number): number {
    const given = this.budgetOf.get(assessment)
    if (given !== undefined) return given
    const a = this.council.assessments[assessment] as SyntheticAssessment
    const [low, high] = this.random.weighted(COST_OVER_BUDGET)
    const ratio = this.random.between(low, high) * practiceStyle(practitioner).cost
    // Whole pounds, within the default RAS's cap.
    const weekly = Math.min(DEFAULT_RAS_CONFIG.maximumWeeklyPence, Math.round(weeklyCost / ratio / 100) * 100)
    const points = needPoints(DEFAULT_RAS_CONFIG, {
      kind: 'needs',
      outcomes: a.computed_eligibility.outcomes.map((o) => ({
        code: o.code,
        label: o.label,
        achieved: o.achieved,
        difficulties: o.difficulties,
      })),
    })
    const index = this.out.budgets.length
    this.out.budgets.push({
      person: a.person,
      assessment,
      points,
      weekly_pence: weekly,
      explanation: [
        {
          kind: 'question',
          code: null,
          label: 'Synthetic indicative budget',
          detail: `Set by the synthetic data generator near the cost of the plan built from it (${points} need points)`,
          points,
          pence: weekly,
        },
      ],
      given_by: practitioner,
      // Given when planning starts, before any plan built from it.
      given_at: stampOf(day, 8 * 60),
    })
    this.budgetOf.set(assessment, index)
    return index
  }

  private newPlan(
    person: number,
    assessment: number,
    budget: number,
    lines: Omit<SyntheticPlanLine, 'plan'>[],
    createdBy: number,
    createdDay: number,
  ): number {
    const state = this.plansOf.get(person)
    const index = this.out.plans.length
    const weekly = lines.reduce((sum, l) => sum + l.weekly_pence, 0)
    const oneOff = lines.reduce((sum, l) => sum + l.one_off_pence, 0)
    this.out.plans.push({
      person,
      series: state?.series ?? index,
      version: (state?.version ?? 0) + 1,
      assessment,
      budget,
      status: 'submitted',
      weekly_cost_pence: weekly,
      annual_cost_pence: weekly * WEEKS_IN_YEAR + oneOff,
      approved_weekly_pence: null,
      active_from: null,
      active_to: null,
      created_by: createdBy,
      // Before 9:00: a plan is made before it is submitted, which is always later in the day.
      created_at: stampOf(createdDay, this.random.int(8 * 60 + 1, 8 * 60 + 59)),
    })
    this.plansOf.set(person, {
      series: state?.series ?? index,
      version: (state?.version ?? 0) + 1,
      active: state?.active ?? null,
      waiting: false,
    })
    for (const line of lines) this.out.planLines.push({ ...line, plan: index })
    return index
  }

  private routeOf(lines: readonly Omit<SyntheticPlanLine, 'plan'>[], budget: number) {
    const weekly = lines.reduce((sum, l) => sum + l.weekly_pence, 0)
    const oneOff = lines.reduce((sum, l) => sum + l.one_off_pence, 0)
    return routeFundingRequest(DEMO_SCHEME, {
      weeklyCostPence: weekly,
      annualCostPence: weekly * WEEKS_IN_YEAR + oneOff,
      indicativeWeeklyPence: (this.out.budgets[budget] as SyntheticBudget).weekly_pence,
      serviceTypes: lines.map((l) => l.service_type),
    })
  }

  private route(plan: number) {
    const p = this.out.plans[plan] as SyntheticPlan
    return this.routeOf(
      this.out.planLines.filter((l) => l.plan === plan),
      p.budget,
    )
  }

  private minutes(low: number, high: number): number | null {
    return this.random.chance(MINUTES_RECORDED_SHARE) ? this.random.int(low, high) : null
  }

  private readonly lastStepAt = new Map<number, string>()

  /** A time for a request's next step: the one given, or a little after its last step if that was later. */
  private later(request: number, at: string): string {
    const last = this.lastStepAt.get(request)
    if (last === undefined || at > last) return at
    return new Date(Date.parse(last) + this.random.int(5, 60) * 60_000).toISOString()
  }

  private step(
    request: number,
    step: SyntheticDecisionStep['step'],
    at: string,
    user: number | null,
    extra: Partial<SyntheticDecisionStep> = {},
  ) {
    const r = this.out.fundingRequests[request] as SyntheticFundingRequest
    this.lastStepAt.set(request, at)
    this.out.decisionSteps.push({
      request,
      person: r.person,
      step,
      level: r.route,
      at,
      user,
      minutes: null,
      reasons: null,
      detail: null,
      meeting: null,
      ...extra,
    })
  }

  /** Submits a plan: the request and its first two steps (and the approval, within delegation). */
  private submit(plan: number, practitioner: number, day: number): number {
    const p = this.out.plans[plan] as SyntheticPlan
    const route = this.route(plan)
    const budget = this.out.budgets[p.budget] as SyntheticBudget
    const at = stampOf(day, this.random.int(9 * 60, 16 * 60))
    const index = this.out.fundingRequests.length
    this.out.fundingRequests.push({
      person: p.person,
      plan,
      route: route.level,
      rule_number: route.ruleNumber,
      route_reason: route.reason,
      weekly_cost_pence: p.weekly_cost_pence,
      annual_cost_pence: p.annual_cost_pence,
      indicative_weekly_pence: budget.weekly_pence,
      status: 'pending',
      decision_count: 0,
      submitted_by: practitioner,
      submitted_at: at,
      decided_by: null,
      decided_at: null,
      approved_weekly_pence: null,
      reasons: null,
    })
    this.step(index, 'submitted', at, practitioner, { minutes: this.minutes(20, 75) })
    this.step(index, 'routed', at, null, {
      detail: { schemeVersion: 0, ruleNumber: route.ruleNumber, reason: route.reason },
    })
    return index
  }

  /** Records a decision on a request at a time, by a user, for its plan. */
  private decide(
    request: number,
    outcome: 'approve' | 'amend' | 'refuse' | 'defer',
    day: number,
    user: number,
    options: { meeting?: number; minute?: number } = {},
  ) {
    const r = this.out.fundingRequests[request] as SyntheticFundingRequest
    const stamp = stampOf(day, options.minute ?? this.random.int(9 * 60, 17 * 60))
    // A delegated approval is the submission itself, at the same moment.
    const at = r.route === 'practitioner' ? stamp : this.later(request, stamp)
    const status = ({ approve: 'approved', amend: 'amended', refuse: 'refused', defer: 'deferred' } as const)[
      outcome
    ]
    const approved =
      outcome === 'approve'
        ? r.weekly_cost_pence
        : outcome === 'amend'
          ? Math.round((r.weekly_cost_pence * this.random.between(0.85, 0.97)) / 100) * 100
          : null
    const reasons =
      outcome === 'amend'
        ? this.random.pick(AMEND_REASONS)
        : outcome === 'refuse'
          ? this.random.pick(REFUSE_REASONS)
          : outcome === 'defer'
            ? this.random.pick(DEFER_REASONS)
            : null
    const meeting = options.meeting
    const members =
      meeting === undefined ? 0 : (this.out.panelMeetings[meeting] as SyntheticPanelMeeting).members.length
    const minutes =
      r.route === 'team_manager'
        ? this.minutes(10, 40)
        : r.route === 'head_of_service'
          ? this.minutes(15, 45)
          : r.route === 'panel'
            ? this.minutes(members * 8, members * 20)
            : null
    r.status = status
    r.decision_count += 1
    r.decided_by = user
    r.decided_at = at
    r.approved_weekly_pence = approved
    r.reasons = reasons
    this.step(request, status, at, user, {
      minutes,
      reasons,
      meeting: meeting ?? null,
      detail: approved === null ? null : { approvedWeeklyPence: approved },
    })
    if (meeting !== undefined) {
      const item = this.out.agendaItems.find((i) => i.request === request && i.meeting === meeting)
      if (item) {
        item.outcome = outcome
        item.decided_by = user
        item.decided_at = at
      }
    }
    return approved
  }

  /** Puts a request on a meeting's agenda once the meeting before it has sat, as a timed step. */
  private list(request: number, meeting: number, notBefore: number) {
    const day = Math.max(notBefore, (this.meetingDays[meeting] as number) - AGENDA_OPENS_DAYS)
    const organiser = (this.out.panelMeetings[meeting] as SyntheticPanelMeeting).created_by
    const at = this.later(request, stampOf(day, this.random.int(9 * 60, 16 * 60)))
    this.out.agendaItems.push({
      meeting,
      request,
      position: 0,
      outcome: null,
      decided_by: null,
      decided_at: null,
      added_by: organiser,
      added_at: at,
    })
    this.step(request, 'listed', at, organiser, {
      minutes: this.minutes(30, 90),
      meeting,
      detail: { meetsOn: isoOf(this.meetingDays[meeting] as number) },
    })
  }

  /** A decider at a level for a practitioner's request. */
  private decider(level: AuthorityLevel, practitioner: number): number {
    if (level === 'team_manager') {
      const team = this.council.workers[practitioner]?.team
      return (
        (team === null || team === undefined ? undefined : this.managerOfTeam.get(team)) ??
        this.random.pick(this.heads)
      )
    }
    if (level === 'head_of_service') return this.random.pick(this.heads)
    return practitioner
  }

  /**
   * Plans, submits and decides one package. A team manager or head of
   * service decides it by the day it started; the panel at its next meeting
   * after the paper is ready, so a placement may start on an interim basis
   * before the panel agrees it, and one still waiting at the as-of date is
   * on the next agenda. Some requests are refused first, as a dearer
   * version, and planned again.
   */
  private plan(pack: Package) {
    const assessmentIndex = this.assessmentBefore(pack.person, pack.startDay)
    if (assessmentIndex === undefined || this.plansOf.get(pack.person)?.waiting) return
    const assessment = this.council.assessments[assessmentIndex] as SyntheticAssessment
    const completedDay = dayOf(assessment.completed_on as string)
    const practitioner = assessment.assessor
    const events = pack.events.map((i) => this.council.events[i] as SyntheticEvent)
    const lines = this.planLines(events)
    const weekly = lines.reduce((sum, l) => sum + l.weekly_pence, 0)
    const budget = this.budget(assessmentIndex, weekly, practitioner, completedDay)
    const route = this.routeOf(lines, budget).level

    // Planning starts a few weeks before the package (a change at a review plans from an older assessment).
    let readyDay = Math.max(completedDay, pack.startDay - this.random.int(21, 42))
    if (route !== 'practitioner' && this.random.chance(REFUSE_SHARE)) {
      const refusedOn = this.refusedFirst(pack.person, assessmentIndex, budget, lines, practitioner, readyDay)
      if (refusedOn !== undefined) readyDay = refusedOn + this.random.int(2, 6)
    }
    const timing = this.timing(route, Math.min(readyDay, this.asOfDay), pack.startDay)
    const draftDay = Math.max(readyDay, Math.min(timing.submitDay, pack.startDay - 30))
    const plan = this.newPlan(
      pack.person,
      assessmentIndex,
      budget,
      lines,
      practitioner,
      Math.min(draftDay, timing.submitDay),
    )
    for (const e of events) e.source = { table: 'support_plans', index: plan }
    const request = this.submit(plan, practitioner, timing.submitDay)
    let approved: number | null
    if (route === 'practitioner') {
      const submitted = this.out.fundingRequests[request] as SyntheticFundingRequest
      approved = this.decide(request, 'approve', timing.submitDay, practitioner, {
        minute: minuteOfDay(submitted.submitted_at),
      })
      const last = this.out.decisionSteps.at(-1) as SyntheticDecisionStep
      last.detail = { delegated: true }
    } else if (route === 'panel') {
      approved = this.panelDecision(request, timing)
    } else {
      const outcome = this.random.chance(AMEND_SHARE * practiceStyle(practitioner).amended)
        ? 'amend'
        : 'approve'
      approved = this.decide(request, outcome, timing.decideDay, this.decider(route, practitioner))
    }
    if (approved !== null) this.activate(plan, approved, timing.decideDay)
    else (this.plansOf.get(pack.person) as PersonPlans).waiting = true
  }

  /**
   * A dearer first version of a plan, submitted soon after the assessment
   * and refused at its own level. Returns the day it was refused, or
   * undefined when that would fall after the as-of date (then there is none).
   */
  private refusedFirst(
    person: number,
    assessment: number,
    budget: number,
    lines: Omit<SyntheticPlanLine, 'plan'>[],
    practitioner: number,
    completedDay: number,
  ): number | undefined {
    const dearer = lines.map((l) => {
      const unitCost = Math.round((l.unit_cost_pence * this.random.between(1.08, 1.2)) / 10) * 10
      const cost = lineCost({
        unitCostPence: unitCost,
        unitsHundredths: Math.round(l.units_per_week * 100),
        costUnit: l.cost_unit as CostUnit,
      })
      return {
        ...l,
        unit_cost_pence: unitCost,
        weekly_pence: cost.weeklyPence,
        one_off_pence: cost.oneOffPence,
      }
    })
    const route = this.routeOf(dearer, budget).level
    const submitDay = completedDay + this.random.int(1, 4)
    const meeting = route === 'panel' ? this.meetingOnOrAfter(submitDay + 10) : undefined
    const refuseDay =
      route === 'panel'
        ? meeting === undefined
          ? undefined
          : this.meetingDays[meeting]
        : route === 'practitioner'
          ? undefined
          : submitDay + this.delay(route)
    if (refuseDay === undefined || refuseDay > this.asOfDay) return undefined
    const plan = this.newPlan(person, assessment, budget, dearer, practitioner, submitDay)
    const request = this.submit(plan, practitioner, submitDay)
    if (meeting !== undefined) {
      this.list(request, meeting, submitDay)
      this.decide(request, 'refuse', refuseDay, this.panelDecider(meeting), { meeting })
    } else {
      this.decide(request, 'refuse', refuseDay, this.decider(route, practitioner))
    }
    ;(this.out.plans[plan] as SyntheticPlan).status = 'refused'
    return refuseDay
  }

  /** Typical days from submission to decision at a level. */
  private delay(level: AuthorityLevel): number {
    if (level === 'team_manager')
      return this.random.weighted([
        [this.random.int(3, 7), 85],
        [this.random.int(1, 12), 15],
      ] as const)
    if (level === 'head_of_service')
      return this.random.weighted([
        [this.random.int(7, 14), 85],
        [this.random.int(4, 21), 15],
      ] as const)
    if (level === 'panel') return this.random.int(14, 28)
    return 0
  }

  /**
   * When a request was submitted and decided. Below the panel, it is
   * decided by the day the package started; the panel considers it at the
   * first meeting at least ten days after it is submitted (the paper takes
   * preparing), and a deferred one at the meeting after.
   */
  private timing(route: AuthorityLevel, readyDay: number, startDay: number): Timing {
    if (route === 'panel') {
      const submitDay = Math.min(this.asOfDay, readyDay + this.random.int(1, 8))
      const first = this.meetingOnOrAfter(submitDay + 10) as number
      const deferred = this.random.chance(DEFER_SHARE)
      const meeting = deferred ? first + 1 : first
      return {
        submitDay,
        decideDay: this.meetingDays[meeting] as number,
        meeting,
        deferredAt: deferred ? first : undefined,
      }
    }
    const delay = this.delay(route)
    const target = Math.min(startDay, this.asOfDay) - this.random.int(0, 3)
    const submitDay = Math.min(this.asOfDay, Math.max(readyDay, target - delay))
    return {
      submitDay,
      decideDay: Math.min(this.asOfDay, submitDay + delay),
      meeting: undefined,
      deferredAt: undefined,
    }
  }

  private panelDecider(meeting: number): number {
    return (this.out.panelMeetings[meeting] as SyntheticPanelMeeting).chair
  }

  /**
   * The panel’s consideration of a request: listed once its agenda opens before its
   * meeting, perhaps deferred once, then decided. What falls after the
   * as-of date has not happened yet: the request is still waiting (on the
   * next agenda, once the paper is in). Returns the amount approved, or
   * null while it waits.
   */
  private panelDecision(request: number, timing: Timing): number | null {
    const meeting = timing.meeting as number
    const stages = timing.deferredAt === undefined ? [meeting] : [timing.deferredAt, meeting]
    let notBefore = timing.submitDay
    for (const [i, stage] of stages.entries()) {
      const meetsOn = this.meetingDays[stage]
      if (meetsOn === undefined || meetsOn - AGENDA_OPENS_DAYS > this.asOfDay) return null
      this.list(request, stage, notBefore)
      if (meetsOn > this.asOfDay) return null
      const last = i === stages.length - 1
      const outcome = !last ? 'defer' : this.random.chance(AMEND_SHARE) ? 'amend' : 'approve'
      const approved = this.decide(request, outcome, meetsOn, this.panelDecider(stage), { meeting: stage })
      if (last) return approved
      notBefore = meetsOn + 1
    }
    return null
  }

  /** The plan takes effect: the person's plan until then is superseded. */
  private activate(plan: number, approvedWeeklyPence: number, day: number) {
    const p = this.out.plans[plan] as SyntheticPlan
    const state = this.plansOf.get(p.person) as PersonPlans
    if (state.active !== null) {
      const previous = this.out.plans[state.active] as SyntheticPlan
      previous.status = 'superseded'
      previous.active_to = isoOf(Math.max(dayOf(previous.active_from as string), day - 1))
    }
    p.status = 'active'
    p.approved_weekly_pence = approvedWeeklyPence
    p.active_from = isoOf(day)
    state.active = plan
  }

  /**
   * A plan whose services have all ended (the person died or left long-term
   * support) is ended on the day they ended, as recording a death ends one.
   */
  private closeEndedPlans() {
    const ends = new Map<number, { open: boolean; lastEnd: number }>()
    for (const e of this.council.events) {
      if (e.source?.table !== 'support_plans') continue
      const found = ends.get(e.source.index) ?? { open: false, lastEnd: 0 }
      if (e.event_end_on === null) found.open = true
      else found.lastEnd = Math.max(found.lastEnd, dayOf(e.event_end_on))
      ends.set(e.source.index, found)
    }
    for (const [planIndex, { open, lastEnd }] of ends) {
      const plan = this.out.plans[planIndex] as SyntheticPlan
      if (open || plan.status !== 'active') continue
      plan.status = 'ended'
      plan.active_to = isoOf(Math.max(lastEnd, dayOf(plan.active_from as string)))
      const state = this.plansOf.get(plan.person)
      if (state?.active === planIndex) state.active = null
    }
  }

  // ---- Waiting at the as-of date ------------------------------------------------

  /**
   * People found eligible lately whose support has not started: a plan in
   * draft, or a request waiting for a decision above the practitioner (some
   * overdue), on the next panel's agenda when there is time to prepare it.
   */
  private waiting() {
    const startedAfter = new Map<number, number>()
    for (const e of this.council.events) {
      if (e.event_type !== 'Service' || !(e.service_type ?? '').startsWith('Long term')) continue
      startedAfter.set(e.person, Math.max(startedAfter.get(e.person) ?? 0, dayOf(e.event_start_on)))
    }
    this.council.assessments.forEach((a, index) => {
      if (a.kind !== 'needs' || a.eligible !== true || a.completed_on === null) return
      if (a.event_outcome !== 'Progress to support planning or services') return
      const completedDay = dayOf(a.completed_on)
      if (completedDay < this.asOfDay - 70) return
      if ((startedAfter.get(a.person) ?? 0) >= completedDay) return
      const person = this.council.people[a.person]
      const state = this.plansOf.get(a.person)
      if (!person || person.date_of_death !== null || state?.waiting) return
      if (state?.active !== null && state?.active !== undefined) return
      if (!this.random.chance(0.8)) return
      const band: P.AgeBand = (this.asOfDay - dayOf(person.date_of_birth)) / 365.25 >= 65 ? '65+' : '18-64'
      const setting = this.random.weighted(P.LTS_SETTING[band])
      const source =
        setting === 'community'
          ? this.lines.community(
              band,
              person.primary_support_reason,
              this.random.weighted(P.COMMUNITY_MECHANISM[band]),
            )
          : [this.lines.careHome(setting, band)]
      const lines = this.planLines(source)
      const weekly = lines.reduce((sum, l) => sum + l.weekly_pence, 0)
      const practitioner = a.assessor
      const draftDay = Math.min(this.asOfDay, completedDay + this.random.int(1, 10))
      const budget = this.budget(index, weekly, practitioner, draftDay)
      const plan = this.newPlan(a.person, index, budget, lines, practitioner, draftDay)
      ;(this.plansOf.get(a.person) as PersonPlans).waiting = true
      const route = this.route(plan).level
      // Within delegation a submission is an approval, which starts services: those are still drafts.
      const waitedUpTo = route === 'panel' ? 40 : route === 'head_of_service' ? 16 : 9
      const submitDay = Math.max(draftDay, this.asOfDay - this.random.int(0, waitedUpTo))
      if (route === 'practitioner' || submitDay > this.asOfDay || this.random.chance(0.15)) {
        ;(this.out.plans[plan] as SyntheticPlan).status = 'draft'
        return
      }
      const request = this.submit(plan, practitioner, submitDay)
      if (route !== 'panel') return
      // Still waiting for the panel: each meeting since the paper was ready deferred it.
      let notBefore = submitDay
      for (let m = this.meetingOnOrAfter(submitDay + 10); m !== undefined; m++) {
        const meetsOn = this.meetingDays[m]
        if (meetsOn === undefined || meetsOn - AGENDA_OPENS_DAYS > this.asOfDay) break
        this.list(request, m, notBefore)
        if (meetsOn > this.asOfDay) break
        this.decide(request, 'defer', meetsOn, this.panelDecider(m), { meeting: m })
        notBefore = meetsOn + 1
      }
    })
  }
}

function minuteOfDay(stamp: string): number {
  const at = new Date(stamp)
  return at.getUTCHours() * 60 + at.getUTCMinutes()
}
