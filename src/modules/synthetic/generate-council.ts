/**
 * Generates a synthetic council: its teams and workers, and people with the
 * requests, assessments, practitioner time and CLD events (requests,
 * assessments, services, reviews) of their care, from 1 April two financial
 * years before the as-of date up to it, so the latest complete financial year
 * is whole. Pure and deterministic: the same options give the same rows.
 *
 * Rows refer to each other by their index in the generated arrays; the
 * writer gives them ids.
 */

import type {
  GENDERS,
  METHODS_OF_ASSESSMENT,
  METHODS_OF_REVIEW,
  REQUEST_ROUTES_OF_ACCESS,
  REVIEW_REASONS,
} from '../../kernel/code-lists/cld.ts'
import { makeNhsNumber } from '../../kernel/nhs-number.ts'
import { determineEligibility, type EligibilityResult } from '../assessments/eligibility.ts'
import { adultFacts, carerFacts } from './assessment-facts.ts'
import { addBrokerageHistory, type BrokerageHistory } from './brokerage-history.ts'
import { addBudgetAccounts, type SyntheticAccounts } from './budget-accounts.ts'
import { addCarerLinks, type SyntheticCarerLink } from './carer-links.ts'
import { dayOf, isoOf, stampOf } from './day-numbers.ts'
import { addFundingHistory, type FundingHistory } from './funding-history.ts'
import {
  COMMUNITY_ASSETS,
  FAMILY_NAMES,
  FEMALE_GIVEN_NAMES,
  MALE_GIVEN_NAMES,
  NEUTRAL_GIVEN_NAMES,
  OVERRIDE_REASONS,
  STRENGTHS,
  TEAM_NAMES,
  type TeamKind,
  WELLBEING_NOTES,
  WHAT_WAS_ASKED,
} from './names.ts'
import { POSTCODE_AREA, POSTCODE_DISTRICTS } from './postcodes.ts'
import * as P from './proportions.ts'
import { createRandom, type Random, type Weights } from './random.ts'
import { addReablementHistory, type ReablementHistory } from './reablement-history.ts'
import { type ServiceLine, ServiceLines } from './service-lines.ts'

/** People in each size of synthetic council. */
export const COUNCIL_SIZES = { small: 2_000, medium: 10_000, large: 40_000 } as const
export type CouncilSize = keyof typeof COUNCIL_SIZES

export interface GenerateCouncilOptions {
  /** How many people: COUNCIL_SIZES gives the usual ones. */
  people: number
  seed: number
  /** The last day of the council's history, YYYY-MM-DD. */
  asOf: string
  /** Used in workers' email addresses. */
  councilCode: string
}

/** A row that another row points at: its table and its index in the generated array. */
export interface RecordRef {
  table: 'support_requests' | 'assessments' | 'support_plans' | 'reablement_episodes'
  index: number
}

export interface SyntheticTeam {
  name: string
  kind: TeamKind
}

export interface SyntheticWorker {
  /** Null for heads of service and panel members, who sit in no team. */
  team: number | null
  role: 'practitioner' | 'team_manager' | 'head_of_service' | 'panel_member'
  email: string
  display_name: string
  /** Not a hash of any password: synthetic workers cannot sign in. */
  password_hash: string
}

export interface SyntheticPerson {
  la_person_id: string
  given_name: string
  family_name: string
  date_of_birth: string
  date_of_death: string | null
  nhs_number: string | null
  postcode: string
  gender: string
  ethnicity: string
  primary_support_reason: string
  accommodation_status: string
  employment_status: string
  has_unpaid_carer: string
  client_type: 'Service user' | 'Unpaid carer'
  created_at: string
  /** A linked carer's CLD fields about the adult they care for (carer-links.ts). */
  adult_1_linked_person_id?: string | null
  no_of_adults_being_cared_for?: number | null
  total_hrs_caring_per_week?: string | null
}

export interface SyntheticRequest {
  person: number
  requested_on: string
  route_of_access: string
  what_was_asked: string
  triage_outcome: string | null
  triaged_on: string | null
  team: number
  worker: number | null
  allocated_at: string | null
  closed_on: string | null
  created_at: string
}

export interface SyntheticAssessment {
  person: number
  request: number | null
  kind: 'needs' | 'carer'
  format: 'light' | 'standard' | 'comprehensive'
  started_on: string
  completed_on: string | null
  strengths: string
  community_assets: string
  impairment_or_illness: boolean | null
  needs_from_caring: boolean | null
  carer_health_at_risk: boolean | null
  wellbeing_significantly_affected: boolean
  wellbeing_notes: string | null
  outcomes: Record<string, string[]>
  computed_eligibility: EligibilityResult
  eligible: boolean | null
  decision: 'confirmed' | 'overridden' | null
  override_reason: string | null
  event_outcome: string | null
  assessor: number
  created_at: string
}

export interface SyntheticTimeEntry {
  person: number
  user: number
  activity: 'triage' | 'assessment' | 'review'
  record: RecordRef | null
  direct_minutes: number
  travel_minutes: number
  recording_minutes: number
  recorded_on: string
}

export interface SyntheticEvent extends Omit<ServiceLine, 'service_type' | 'service_component'> {
  person: number
  client_type: 'Service user' | 'Unpaid carer'
  event_type: 'Request' | 'Assessment' | 'Service' | 'Review'
  event_start_on: string
  event_end_on: string | null
  event_description: string | null
  event_outcome: string | null
  request_route_of_access: string | null
  assessment_type: string | null
  eligible_needs_identified: string | null
  method_of_assessment: string | null
  service_type: string | null
  service_component: string | null
  review_reason: string | null
  review_outcomes_achieved: string | null
  method_of_review: string | null
  source: RecordRef | null
}

export interface GeneratedCouncil {
  councilCode: string
  seed: number
  asOf: string
  /** 1 April two financial years before the as-of date's. */
  startOn: string
  teams: SyntheticTeam[]
  workers: SyntheticWorker[]
  people: SyntheticPerson[]
  requests: SyntheticRequest[]
  assessments: SyntheticAssessment[]
  timeEntries: SyntheticTimeEntry[]
  events: SyntheticEvent[]
  /** The last year's support plans, funding requests, decisions and panels (funding-history.ts). */
  funding: FundingHistory
  /** The last year's reablement episodes and at-home checks (reablement-history.ts). */
  reablement: ReablementHistory
  /** Budget accounts of the active plans held as money, and their transactions (budget-accounts.ts). */
  accounts: SyntheticAccounts
  /** Carers linked to the adults they care for (carer-links.ts). */
  carerLinks: SyntheticCarerLink[]
  /** Commissioned lines of plans in effect offered to providers, and their replies (brokerage-history.ts). */
  brokerage: BrokerageHistory
}

/** Added to the seed for the funding history's own random stream. */
const FUNDING_SEED_OFFSET = 1_000_003
/** Added to the seed for the reablement history's own random stream. */
const REABLEMENT_SEED_OFFSET = 2_000_003
/** Added to the seed for the budget accounts' own random stream. */
const ACCOUNTS_SEED_OFFSET = 3_000_003
/** Added to the seed for the carer links' own random stream. */
const CARER_LINKS_SEED_OFFSET = 4_000_003
/** Added to the seed for the brokerage history's own random stream. */
const BROKERAGE_SEED_OFFSET = 5_000_003
const NEVER = Number.POSITIVE_INFINITY

// Inward-code letters Royal Mail uses (no C, I, K, M, O, V).
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'

/**
 * The first day of a synthetic council's history for an as-of date: 1 April
 * two financial years before the one the as-of date falls in.
 *
 * @example
 * historyStart('2026-06-15') // '2024-04-01'
 * historyStart('2026-03-31') // '2023-04-01'
 */
export function historyStart(asOf: string): string {
  const [year, month] = asOf.split('-').map(Number) as [number, number]
  const financialYear = month >= 4 ? year : year - 1
  return `${financialYear - 2}-04-01`
}

/**
 * Builds a whole synthetic council in memory.
 *
 * @example
 * const council = generateCouncil({ people: COUNCIL_SIZES.small, seed: 1, asOf: '2026-06-15', councilCode: 'SYNTH' })
 * council.people.length // 2000
 */
export function generateCouncil(options: GenerateCouncilOptions): GeneratedCouncil {
  if (!Number.isInteger(options.people) || options.people < 1)
    throw new RangeError('people must be a positive whole number')
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf) || Number.isNaN(dayOf(options.asOf))) {
    throw new RangeError(`asOf must be a date YYYY-MM-DD, not "${options.asOf}"`)
  }
  return new CouncilGenerator(options).run()
}

type Band = P.AgeBand

interface Life {
  index: number
  person: SyntheticPerson
  dobDay: number
  /** The day the person dies (NEVER when not within the history). */
  deathDay: number
  team: number
  /** Whether anything beyond triage happened (an assessment or a service). */
  pastTriage: boolean
}

interface Plan {
  kind: 'existing' | 'new' | 'carer'
  day: number
  order: number
}

class CouncilGenerator {
  private readonly random: Random
  private readonly lines: ServiceLines
  private readonly asOfDay: number
  private readonly startDay: number
  private readonly out: GeneratedCouncil
  private readonly practitionersByTeam: number[][] = []
  private readonly teamsByKind = new Map<TeamKind, number[]>()
  private nhsCounter = 0
  private readonly nhsOffset: number

  constructor(private readonly options: GenerateCouncilOptions) {
    this.random = createRandom(options.seed)
    this.lines = new ServiceLines(this.random)
    this.asOfDay = dayOf(options.asOf)
    const startOn = historyStart(options.asOf)
    this.startDay = dayOf(startOn)
    this.nhsOffset = this.random.int(0, 999_999)
    this.out = {
      councilCode: options.councilCode.toUpperCase(),
      seed: options.seed,
      asOf: options.asOf,
      startOn,
      teams: [],
      workers: [],
      people: [],
      requests: [],
      assessments: [],
      timeEntries: [],
      events: [],
      funding: {
        budgets: [],
        plans: [],
        planLines: [],
        fundingRequests: [],
        decisionSteps: [],
        panelMeetings: [],
        agendaItems: [],
      },
      reablement: { episodes: [], checks: [] },
      accounts: { accounts: [], transactions: [] },
      carerLinks: [],
      brokerage: { offers: [], offeredLines: [] },
    }
  }

  run(): GeneratedCouncil {
    this.staff()
    for (const plan of this.plans()) this.simulate(plan)
    // Its own random stream: the care histories above stay as they were without it.
    this.out.funding = addFundingHistory(this.out, createRandom(this.options.seed + FUNDING_SEED_OFFSET))
    this.out.reablement = addReablementHistory(
      this.out,
      createRandom(this.options.seed + REABLEMENT_SEED_OFFSET),
    )
    this.out.accounts = addBudgetAccounts(this.out, createRandom(this.options.seed + ACCOUNTS_SEED_OFFSET))
    this.out.carerLinks = addCarerLinks(this.out, createRandom(this.options.seed + CARER_LINKS_SEED_OFFSET))
    this.out.brokerage = addBrokerageHistory(
      this.out,
      createRandom(this.options.seed + BROKERAGE_SEED_OFFSET),
    )
    return this.out
  }

  // ---- Staff -------------------------------------------------------------

  private staff() {
    const people = this.options.people
    const teamCount = Math.min(TEAM_NAMES.length, Math.max(3, Math.round(people / 3000)))
    const practitionersPerTeam = Math.max(4, Math.round(people / (teamCount * 450)))
    const domain = `${this.out.councilCode.toLowerCase()}.synthetic.test`
    for (let team = 0; team < teamCount; team++) {
      const { name, kind } = TEAM_NAMES[team] as (typeof TEAM_NAMES)[number]
      this.out.teams.push({ name, kind })
      this.teamsByKind.set(kind, [...(this.teamsByKind.get(kind) ?? []), team])
      const practitioners: number[] = []
      for (let k = 0; k <= practitionersPerTeam; k++) {
        const index = this.out.workers.length
        const gender = this.random.chance(0.8) ? 'Female' : 'Male'
        this.out.workers.push({
          team,
          role: k === 0 ? 'team_manager' : 'practitioner',
          email: `worker${index + 1}@${domain}`,
          display_name: `${this.givenName(gender)} ${this.random.pick(FAMILY_NAMES)}`,
          password_hash: `!synthetic-no-sign-in:${this.random.hex8()}${this.random.hex8()}`,
        })
        if (k > 0) practitioners.push(index)
      }
      this.practitionersByTeam.push(practitioners)
    }
  }

  private practitioner(team: number): number {
    return this.random.pick(this.practitionersByTeam[team] as number[])
  }

  private teamOf(kind: TeamKind, spread = 0): number | undefined {
    const teams = this.teamsByKind.get(kind)
    return teams === undefined ? undefined : teams[spread % teams.length]
  }

  /** The team that takes a person's request: by route, need, then where they live. */
  private teamFor(life: Life, route: string): number {
    const district = Number(life.person.postcode.slice(2, life.person.postcode.indexOf(' ')))
    const locality = this.teamOf('locality', district) as number
    if (life.person.client_type === 'Unpaid carer') return this.teamOf('carers') ?? locality
    if (route === 'Discharge from Hospital') return this.teamOf('hospital') ?? locality
    const working = this.bandOn(life, this.asOfDay) === '18-64'
    if (route === 'Planned Entry (Transition)') {
      return this.teamOf('transitions') ?? this.teamOf('learning-disability') ?? locality
    }
    const psr = life.person.primary_support_reason
    if (working && psr === 'Learning disability support')
      return this.teamOf('learning-disability') ?? locality
    if (psr === 'Mental health support') return this.teamOf('mental-health') ?? locality
    return locality
  }

  // ---- Who is in the council ----------------------------------------------

  /** Who to simulate, in the order their records begin (which orders their council ids). */
  private plans(): Plan[] {
    const total = this.options.people
    const years = (this.asOfDay - this.startDay + 1) / 365.25
    const newClientsPerYear = P.REQUESTS_FROM_NEW_CLIENTS_A_YEAR / P.REQUESTS_PER_NEW_CLIENT
    const existingShare = P.LTS_CLIENTS_AT_YEAR_END / (P.LTS_CLIENTS_AT_YEAR_END + newClientsPerYear * years)
    const carers = Math.round(total * P.CARER_SHARE_OF_PEOPLE)
    const existing = Math.round((total - carers) * existingShare)
    const plans: Plan[] = []
    for (let i = 0; i < total; i++) {
      const kind = i < existing ? 'existing' : i < existing + carers ? 'carer' : 'new'
      // Existing clients are placed before the history starts; their own start is drawn later.
      const day = kind === 'existing' ? this.startDay - 1 : this.workingDay(this.firstContactDay())
      plans.push({ kind, day, order: i })
    }
    return plans.sort((a, b) => a.day - b.day || a.order - b.order)
  }

  /**
   * When a new person first asks for support: evenly over the history, but
   * with a few more early on, standing in for the returning requests of
   * people whose first contact came before the history starts (otherwise the
   * first year would look quieter than the rest).
   */
  private firstContactDay(): number {
    if (this.random.chance(0.05)) {
      return Math.min(this.asOfDay, this.startDay + Math.floor(this.random.exponential(130)))
    }
    return this.random.int(this.startDay, this.asOfDay)
  }

  /** Most contacts come on weekdays: a weekend day usually moves to the Monday. */
  private workingDay(day: number): number {
    const weekday = (day + 4) % 7 // 0 = Sunday (1970-01-01 was a Thursday)
    if ((weekday === 0 || weekday === 6) && this.random.chance(0.85)) {
      return Math.min(this.asOfDay, day + (weekday === 6 ? 2 : 1))
    }
    return day
  }

  private simulate(plan: Plan) {
    if (plan.kind === 'existing') this.existingClient()
    else if (plan.kind === 'carer') this.carer(plan.day)
    else this.newClient(plan.day)
  }

  // ---- People -------------------------------------------------------------

  private givenName(gender: string): string {
    if (gender === 'Female') return this.random.pick(FEMALE_GIVEN_NAMES)
    if (gender === 'Male') return this.random.pick(MALE_GIVEN_NAMES)
    return this.random.pick(NEUTRAL_GIVEN_NAMES)
  }

  private nhsNumber(): string | null {
    // About 3% of records have no NHS number (not traced yet). ASSUMED.
    if (this.random.chance(0.03)) return null
    // Walk 999000000-999999999 in a fixed scrambled order: numbers from the
    // 999 range are never issued to real people, and no two people share one.
    for (;;) {
      const n = (this.nhsOffset + this.nhsCounter * 7_919) % 1_000_000
      this.nhsCounter += 1
      const number = makeNhsNumber(`999${String(n).padStart(6, '0')}`)
      if (number) return number
    }
  }

  private postcode(): string {
    const district = this.random.int(1, POSTCODE_DISTRICTS)
    const sector = this.random.int(0, 9)
    const unit = this.random.pick([...INWARD_LETTERS]) + this.random.pick([...INWARD_LETTERS])
    return `${POSTCODE_AREA}${district} ${sector}${unit}`
  }

  /** A new person, aged within the band on the reference day. */
  private person(band: Band, refDay: number, clientType: SyntheticPerson['client_type']): Life {
    const [low, high] =
      clientType === 'Unpaid carer' ? this.random.weighted(CARER_AGES) : this.random.weighted(P.AGES[band])
    const age = this.random.int(low, high)
    const dobDay = refDay - Math.floor((age + this.random.next()) * 365.25)
    const older = age >= 65
    const carer = clientType === 'Unpaid carer'
    const gender = this.random.weighted(carer ? P.GENDER.carer : P.GENDER[band]) as (typeof GENDERS)[number]
    const psr = carer ? 'Social support: Support to unpaid carer' : this.random.weighted(P.PSR[band])
    const group = older
      ? 'older'
      : psr === 'Learning disability support'
        ? 'learning-disability'
        : 'working-age'
    const index = this.out.people.length
    const person: SyntheticPerson = {
      la_person_id: `S${String(index + 1).padStart(7, '0')}`,
      given_name: this.givenName(gender),
      family_name: this.random.pick(FAMILY_NAMES),
      date_of_birth: isoOf(dobDay),
      date_of_death: null,
      nhs_number: this.nhsNumber(),
      postcode: this.postcode(),
      gender,
      ethnicity: this.random.weighted(P.ETHNICITY),
      primary_support_reason: psr,
      accommodation_status: this.random.weighted(P.ACCOMMODATION[group]),
      employment_status: this.random.weighted(P.EMPLOYMENT[group]),
      has_unpaid_carer: carer ? 'No' : this.random.weighted(P.HAS_CARER),
      client_type: clientType,
      created_at: stampOf(refDay, this.random.int(8 * 60, 17 * 60)),
    }
    this.out.people.push(person)
    return { index, person, dobDay, deathDay: NEVER, team: 0, pastTriage: false }
  }

  private bandOn(life: Life, day: number): Band {
    return (day - life.dobDay) / 365.25 >= 65 ? '65+' : '18-64'
  }

  private die(life: Life, day: number) {
    life.deathDay = day
    if (day <= this.asOfDay) life.person.date_of_death = isoOf(day)
  }

  /** Prices at a day, relative to the as-of date's. */
  private priceFactor(day: number): number {
    return (1 + P.INFLATION_A_YEAR) ** ((day - this.asOfDay) / 365)
  }

  // ---- Pathways -----------------------------------------------------------

  private newClient(firstDay: number) {
    const band = this.random.weighted(P.REQUEST_AGE)
    const life = this.person(band, firstDay, 'Service user')
    let day = firstDay
    let route = this.random.weighted(P.ROUTE[band])
    life.team = this.teamFor(life, route)
    // Some come back (P.REQUESTS_PER_NEW_CLIENT is 1.4 a year): 40% once, a third of those again.
    for (let n = 0; n < 3; n++) {
      const result = this.requestPathway(life, day, route)
      if (result.ongoing) break
      const again = result.hospital ? 0.6 : n === 0 ? 0.4 : 0.33
      if (!this.random.chance(again)) break
      day = this.workingDay(
        result.endDay + (result.hospital ? this.random.int(7, 42) : this.random.int(21, 180)),
      )
      if (day > this.asOfDay || day >= life.deathDay) break
      route = result.hospital
        ? 'Discharge from Hospital'
        : this.random.weighted(P.ROUTE[this.bandOn(life, day)])
    }
    if (!life.pastTriage && this.random.chance(P.PSR_UNKNOWN_FOR_REQUEST_ONLY)) {
      life.person.primary_support_reason = 'Unknown'
    }
  }

  /**
   * One request from a new client and what follows it. Returns when the
   * pathway ended, whether it is still going on at the as-of date, and
   * whether it ended with a hospital admission.
   */
  private requestPathway(life: Life, requestDay: number, route: string) {
    const band = this.bandOn(life, requestDay)
    const asked = this.random.pick(band === '65+' ? WHAT_WAS_ASKED.older : WHAT_WAS_ASKED.workingAge)
    const request = this.request(life, requestDay, route, asked)
    const triageDay = requestDay + this.triageDelay()
    const ongoing = { endDay: this.asOfDay, ongoing: true, hospital: false }
    if (triageDay > this.asOfDay) {
      if (this.random.chance(0.5))
        this.allocate(request, Math.min(this.asOfDay, requestDay + this.random.int(0, 2)))
      return ongoing
    }
    const step =
      route === 'Discharge from Hospital'
        ? this.random.weighted(P.TRIAGE_AFTER_DISCHARGE)
        : this.random.weighted(P.TRIAGE[band])
    const closed = (endDay: number) => ({ endDay, ongoing: false, hospital: false })
    switch (step) {
      case 'information':
        this.triage(life, request, requestDay, triageDay, 'NFA: Information and advice or signposting', true)
        return closed(triageDay)
      case 'no-services': {
        const outcome = this.random.weighted(P.NO_SERVICES_OUTCOME)
        this.triage(life, request, requestDay, triageDay, outcome, true)
        if (outcome === 'NFA: Deceased') this.die(life, triageDay)
        return closed(triageDay)
      }
      case 'reablement': {
        this.triage(life, request, requestDay, triageDay, 'Progress to reablement/ST-Max', false)
        const start =
          triageDay + (route === 'Discharge from Hospital' ? this.random.int(0, 2) : this.random.int(1, 10))
        if (start > this.asOfDay) {
          this.allocate(request, triageDay)
          return ongoing
        }
        this.closeRequest(request, start)
        const result = this.reablement(life, start)
        return { endDay: result.endDay, ongoing: result.ongoing, hospital: result.hospital }
      }
      case 'low-level': {
        this.triage(life, request, requestDay, triageDay, 'Progress to support planning or services', false)
        const start = triageDay + this.random.int(0, 14)
        if (start > this.asOfDay) {
          this.allocate(request, triageDay)
          return ongoing
        }
        this.closeRequest(request, start)
        return closed(this.lowLevel(life, start))
      }
      default: {
        this.triage(
          life,
          request,
          requestDay,
          triageDay,
          'Progress to assessment, review or reassessment',
          false,
        )
        return this.assessmentPathway(life, request, triageDay)
      }
    }
  }

  private triageDelay(): number {
    return this.random.weighted([
      [0, 40],
      [this.random.int(1, 3), 40],
      [this.random.int(4, 14), 20],
    ] as const)
  }

  /** From triage to an assessment, its decision, and the support that follows. */
  private assessmentPathway(life: Life, request: number, triageDay: number) {
    const ongoing = { endDay: this.asOfDay, ongoing: true, hospital: false }
    // Waits for an assessment: a week or less for some, months for a few. ASSUMED.
    const [low, high] = this.random.weighted([
      [[0, 7], 30],
      [[8, 28], 40],
      [[29, 60], 20],
      [[61, 120], 10],
    ] as const)
    const startDay = triageDay + this.random.int(low, high)
    const allocatedDay = Math.max(triageDay, startDay - this.random.int(0, 3))
    if (allocatedDay > this.asOfDay) return ongoing // waiting in the team's queue
    const req = this.out.requests[request] as SyntheticRequest
    const assessor = this.practitioner(req.team)
    this.allocate(request, allocatedDay, assessor)
    if (startDay > this.asOfDay) return ongoing // allocated, not yet started
    const eligibleIntended = this.random.chance(P.NEEDS_ELIGIBLE_SHARE)
    const assessment = this.assessment(life, request, startDay, 'needs', eligibleIntended, assessor)
    if (assessment.completedDay === null) return ongoing
    const completedDay = assessment.completedDay
    this.closeRequest(request, completedDay)
    const row = this.out.assessments[assessment.index] as SyntheticAssessment
    if (!row.eligible) {
      this.completeAssessment(assessment.index, this.random.weighted(P.NOT_ELIGIBLE_OUTCOME))
      return { endDay: completedDay, ongoing: false, hospital: false }
    }
    const sequel = this.random.weighted(P.ELIGIBLE_SEQUEL[this.bandOn(life, completedDay)])
    if (sequel === 'declined' || sequel === 'self-funded') {
      this.completeAssessment(
        assessment.index,
        sequel === 'declined' ? 'NFA: Support declined' : 'NFA: Self-funded client or under 12wk disregard',
      )
      return { endDay: completedDay, ongoing: false, hospital: false }
    }
    this.completeAssessment(assessment.index, 'Progress to support planning or services')
    // Support planning and arranging the service. ASSUMED: one to five weeks.
    const start = completedDay + this.random.int(7, 35)
    if (start > this.asOfDay) return ongoing
    switch (sequel) {
      case 'long-term':
        return { endDay: this.longTermSupport(life, start), ongoing: true, hospital: false }
      case 'low-level':
        return { endDay: this.lowLevel(life, start), ongoing: false, hospital: false }
      case 'other-short-term':
        return { endDay: this.otherShortTerm(life, start), ongoing: false, hospital: false }
      default:
        this.endOfLife(life, start)
        return { endDay: this.asOfDay, ongoing: true, hospital: false }
    }
  }

  private existingClient() {
    const band = this.random.weighted(P.LTS_AGE)
    const life = this.person(band, this.startDay, 'Service user')
    const setting = this.random.weighted(P.LTS_SETTING[band])
    const age = (this.startDay - life.dobDay) / 365.25
    // How long they have had support: the exit rate's waiting time, since
    // people still in support now are drawn the same way. At most since 18.
    const years = Math.min(this.random.exponential(1 / P.LTS_EXIT_RATE[band][setting]), age - 18, 15)
    const startDay = this.startDay - 1 - Math.floor(years * 365.25)
    life.person.created_at = stampOf(startDay, this.random.int(8 * 60, 17 * 60))
    life.team = this.teamFor(life, 'Community / Other route')
    life.pastTriage = true
    this.longTermSupport(life, startDay, setting)
  }

  private carer(day: number) {
    const life = this.person('18-64', day, 'Unpaid carer')
    life.team = this.teamFor(life, 'Community / Other route')
    const request = this.request(life, day, 'Community / Other route', this.random.pick(WHAT_WAS_ASKED.carer))
    const triageDay = day + this.triageDelay()
    if (triageDay > this.asOfDay) {
      if (this.random.chance(0.5)) this.allocate(request, Math.min(this.asOfDay, day + this.random.int(0, 2)))
      return
    }
    if (this.random.chance(0.3)) {
      this.triage(life, request, day, triageDay, 'NFA: Information and advice or signposting', true)
      return
    }
    this.triage(life, request, day, triageDay, 'Progress to assessment, review or reassessment', false)
    const startDay = triageDay + this.random.int(0, 28)
    if (startDay > this.asOfDay) return
    const assessor = this.practitioner(life.team)
    this.allocate(request, Math.max(triageDay, startDay - this.random.int(0, 3)), assessor)
    const assessment = this.assessment(
      life,
      request,
      startDay,
      'carer',
      this.random.chance(P.CARER_ELIGIBLE_SHARE),
      assessor,
    )
    if (assessment.completedDay === null) return
    this.closeRequest(request, assessment.completedDay)
    const row = this.out.assessments[assessment.index] as SyntheticAssessment
    if (!row.eligible) {
      this.completeAssessment(assessment.index, 'NFA: Information and advice or signposting')
      return
    }
    this.completeAssessment(assessment.index, 'Progress to support planning or services')
    const start = assessment.completedDay + this.random.int(3, 21)
    if (start > this.asOfDay) return
    const { line, days } = this.lines.carer(this.random.chance(P.CARER_DP_SHARE))
    const service = this.service(life, start, line)
    this.endService(service, start + days, 'NFA: Support ended as planned')
  }

  // ---- Records ------------------------------------------------------------

  private request(life: Life, day: number, route: string, asked: string): number {
    const index = this.out.requests.length
    const team = this.teamFor(life, route)
    this.out.requests.push({
      person: life.index,
      requested_on: isoOf(day),
      route_of_access: route as (typeof REQUEST_ROUTES_OF_ACCESS)[number],
      what_was_asked: asked,
      triage_outcome: null,
      triaged_on: null,
      team,
      worker: null,
      allocated_at: null,
      closed_on: null,
      created_at: stampOf(day, this.random.int(8 * 60, 17 * 60)),
    })
    this.requestEvents.set(index, this.out.events.length)
    this.out.events.push(
      this.event(life, 'Request', day, {
        request_route_of_access: route,
        source: { table: 'support_requests', index },
      }),
    )
    return index
  }

  private allocate(request: number, day: number, worker?: number) {
    const row = this.out.requests[request] as SyntheticRequest
    row.worker = worker ?? this.practitioner(row.team)
    row.allocated_at = stampOf(day, this.random.int(9 * 60, 17 * 60))
  }

  /** Records triage on a request (and its event), by a duty practitioner who spends a little time on it. */
  private triage(
    life: Life,
    request: number,
    requestDay: number,
    day: number,
    outcome: string,
    closes: boolean,
  ) {
    const row = this.out.requests[request] as SyntheticRequest
    row.triage_outcome = outcome
    row.triaged_on = isoOf(day)
    const worker = this.practitioner(row.team)
    // Requests that close at triage were held by the duty worker who closed
    // them; the others wait in the team's queue for a worker.
    if (closes) {
      row.worker = worker
      row.allocated_at = stampOf(
        requestDay + this.random.int(0, day - requestDay),
        this.random.int(9 * 60, 17 * 60),
      )
      row.closed_on = row.triaged_on
    }
    this.updateRequestEvent(request, day, outcome)
    this.out.timeEntries.push({
      person: life.index,
      user: worker,
      activity: 'triage',
      record: { table: 'support_requests', index: request },
      direct_minutes: this.random.int(10, 40),
      travel_minutes: 0,
      recording_minutes: this.random.int(5, 20),
      recorded_on: row.triaged_on,
    })
  }

  private readonly requestEvents = new Map<number, number>()

  private updateRequestEvent(request: number, day: number, outcome: string) {
    const event = this.out.events[this.requestEvents.get(request) as number] as SyntheticEvent
    event.event_end_on = isoOf(day)
    event.event_outcome = outcome
  }

  private closeRequest(request: number, day: number) {
    const row = this.out.requests[request] as SyntheticRequest
    row.closed_on = isoOf(day)
    if (row.worker === null)
      this.allocate(request, Math.max(dayOf(row.triaged_on ?? row.requested_on), day - 1))
  }

  private assessment(
    life: Life,
    request: number | null,
    startDay: number,
    kind: 'needs' | 'carer',
    eligibleIntended: boolean,
    assessor: number,
  ): { index: number; completedDay: number | null } {
    life.pastTriage = true
    const format = this.random.weighted(kind === 'carer' ? P.CARER_FORMAT : P.NEEDS_FORMAT)
    const facts =
      kind === 'carer' ? carerFacts(this.random, eligibleIntended) : adultFacts(this.random, eligibleIntended)
    const computed = determineEligibility(facts)
    const [low, high] = ASSESSMENT_DAYS[format]
    const completedDay = startDay + this.random.int(low, high)
    const complete = completedDay <= this.asOfDay
    const overridden = complete && this.random.chance(P.OVERRIDE_SHARE)
    const index = this.out.assessments.length
    this.out.assessments.push({
      person: life.index,
      request,
      kind,
      format,
      started_on: isoOf(startDay),
      completed_on: complete ? isoOf(completedDay) : null,
      strengths: this.random.pick(STRENGTHS),
      community_assets: this.random.pick(COMMUNITY_ASSETS),
      impairment_or_illness: facts.kind === 'needs' ? facts.impairmentOrIllness : null,
      needs_from_caring: facts.kind === 'carer' ? facts.needsFromCaring : null,
      carer_health_at_risk: facts.kind === 'carer' ? facts.carerHealthAtRisk : null,
      wellbeing_significantly_affected: facts.wellbeingSignificantlyAffected,
      wellbeing_notes: facts.wellbeingSignificantlyAffected ? this.random.pick(WELLBEING_NOTES) : null,
      outcomes: facts.outcomes as Record<string, string[]>,
      computed_eligibility: computed,
      eligible: complete ? (overridden ? !computed.eligible : computed.eligible) : null,
      decision: complete ? (overridden ? 'overridden' : 'confirmed') : null,
      override_reason: overridden ? this.random.pick(OVERRIDE_REASONS) : null,
      event_outcome: null,
      assessor,
      created_at: stampOf(startDay, this.random.int(9 * 60, 17 * 60)),
    })
    this.assessmentTime(life, index, format, startDay, Math.min(completedDay, this.asOfDay), assessor)
    return { index, completedDay: complete ? completedDay : null }
  }

  /** Practitioner time on an assessment: a visit or two, travel, and writing it up. ASSUMED minutes. */
  private assessmentTime(
    life: Life,
    index: number,
    format: string,
    startDay: number,
    lastDay: number,
    user: number,
  ) {
    const visits =
      format === 'light' ? 1 : format === 'standard' ? this.random.int(1, 2) : this.random.int(2, 3)
    const [directLow, directHigh] =
      format === 'light' ? [30, 60] : format === 'standard' ? [60, 120] : [90, 150]
    const byPhone = format === 'light' && this.random.chance(0.5)
    for (let visit = 0; visit < visits; visit++) {
      const day = startDay + Math.floor((visit * (lastDay - startDay)) / visits)
      this.out.timeEntries.push({
        person: life.index,
        user,
        activity: 'assessment',
        record: { table: 'assessments', index },
        direct_minutes: this.random.int(directLow, directHigh),
        travel_minutes: byPhone ? 0 : this.random.int(15, 60),
        recording_minutes: this.random.int(20, format === 'comprehensive' ? 120 : 75),
        recorded_on: isoOf(day),
      })
    }
  }

  /** Sets the outcome of a completed assessment and records its CLD event. */
  private completeAssessment(index: number, outcome: string) {
    const row = this.out.assessments[index] as SyntheticAssessment
    row.event_outcome = outcome
    const life = { index: row.person, person: this.out.people[row.person] as SyntheticPerson }
    const method: (typeof METHODS_OF_ASSESSMENT)[number] =
      row.kind === 'carer'
        ? 'Carer only'
        : this.random.chance(0.3)
          ? 'Service user and carer'
          : 'Service user only'
    this.out.events.push(
      this.event(life, 'Assessment', dayOf(row.started_on), {
        event_end_on: row.completed_on,
        event_description: `${row.kind === 'carer' ? 'Carer’s assessment' : 'Needs assessment'} (${row.format})`,
        event_outcome: outcome,
        assessment_type: 'Long term assessment',
        eligible_needs_identified: row.eligible ? 'Yes' : 'No',
        method_of_assessment: method,
        source: { table: 'assessments', index },
      }),
    )
  }

  private event(
    life: { index: number; person: SyntheticPerson },
    type: SyntheticEvent['event_type'],
    startDay: number,
    fields: Partial<SyntheticEvent>,
  ): SyntheticEvent {
    const event: SyntheticEvent = {
      person: life.index,
      client_type: life.person.client_type,
      event_type: type,
      event_start_on: isoOf(startDay),
      event_end_on: null,
      event_description: null,
      event_outcome: null,
      request_route_of_access: null,
      assessment_type: null,
      eligible_needs_identified: null,
      method_of_assessment: null,
      service_type: null,
      service_component: null,
      delivery_mechanism: null,
      unit_cost_pence: null,
      cost_frequency_unit_type: null,
      planned_units_per_week: null,
      review_reason: null,
      review_outcomes_achieved: null,
      method_of_review: null,
      source: null,
      ...fields,
    }
    return event
  }

  /** Starts a Service event; returns its index, or -1 when it would start after the as-of date or death. */
  private service(life: Life, startDay: number, line: ServiceLine): number {
    if (startDay > this.asOfDay || startDay >= life.deathDay) return -1
    life.pastTriage = true
    const index = this.out.events.length
    this.out.events.push(this.event(life, 'Service', startDay, { ...line }))
    return index
  }

  /**
   * Ends a Service event, unless that day is after the as-of date (it stays
   * open). Its cost becomes the price on the day it ended: councils raise
   * fees on the open record each year, so a record shows its last price.
   */
  private endService(index: number, endDay: number, outcome: string) {
    if (index < 0 || endDay > this.asOfDay) return
    const event = this.out.events[index] as SyntheticEvent
    event.event_end_on = isoOf(Math.max(endDay, dayOf(event.event_start_on)))
    event.event_outcome = outcome
    if (event.unit_cost_pence !== null) {
      event.unit_cost_pence = Math.round(event.unit_cost_pence * this.priceFactor(endDay))
    }
  }

  // ---- Services -----------------------------------------------------------

  private reablement(life: Life, startDay: number): { endDay: number; ongoing: boolean; hospital: boolean } {
    const { mean, sd, min, max } = P.REABLEMENT_WEEKS
    const weeks = Math.min(max, Math.max(min, Math.round(this.random.normal(mean, sd))))
    const sequel = this.random.weighted(P.REABLEMENT_SEQUEL)
    const early = sequel === 'hospital' || sequel === 'died' || sequel === 'declined'
    const endDay = early
      ? startDay + this.random.int(2, weeks * 7 - 1)
      : startDay + weeks * 7 - this.random.int(0, 3)
    const service = this.service(life, startDay, this.lines.reablement())
    if (endDay > this.asOfDay) return { endDay: this.asOfDay, ongoing: true, hospital: false }
    const done = (ongoing: boolean, hospital = false) => ({ endDay, ongoing, hospital })
    switch (sequel) {
      case 'hospital':
        this.endService(service, endDay, 'Admitted to hospital')
        return done(false, true)
      case 'died':
        this.endService(service, endDay, 'NFA: Deceased')
        this.die(life, endDay)
        return done(true)
      case 'declined':
        this.endService(service, endDay, 'NFA: Support declined')
        return done(false)
      case 'no-ongoing-support':
        this.endService(service, endDay, 'NFA: Support ended as planned')
        return done(false)
      case 'low-level':
        this.endService(service, endDay, 'Progress to support planning or services')
        this.lowLevel(life, endDay + this.random.int(0, 5))
        return done(false)
      case 'other-short-term':
        this.endService(service, endDay, 'Progress to support planning or services')
        this.otherShortTerm(life, endDay + this.random.int(0, 5))
        return done(false)
      default: {
        // Assessed in the last week of reablement so that long-term support
        // follows within the week CLD looks ahead for a sequel.
        this.endService(service, endDay, 'Progress to support planning or services')
        const assessor = this.practitioner(life.team)
        const assessment = this.assessment(
          life,
          null,
          endDay - this.random.int(0, 7),
          'needs',
          true,
          assessor,
        )
        if (assessment.completedDay === null) return done(true)
        const row = this.out.assessments[assessment.index] as SyntheticAssessment
        if (!row.eligible) {
          this.completeAssessment(assessment.index, 'NFA: No services offered for other reason')
          return done(false)
        }
        this.completeAssessment(assessment.index, 'Progress to support planning or services')
        const start = Math.max(assessment.completedDay, endDay) + this.random.int(0, 3)
        if (start > this.asOfDay) return done(true)
        this.longTermSupport(life, start)
        return done(true)
      }
    }
  }

  /** Ongoing low-level support; returns the day it ends (or the as-of date). */
  private lowLevel(life: Life, startDay: number): number {
    const { line, days } = this.lines.lowLevel()
    const service = this.service(life, startDay, line)
    if (days === null) return this.asOfDay
    this.endService(service, startDay + days, 'NFA: Support ended as planned')
    return Math.min(this.asOfDay, startDay + days)
  }

  private otherShortTerm(life: Life, startDay: number): number {
    const { line, days } = this.lines.otherShortTerm()
    const service = this.service(life, startDay, line)
    this.endService(service, startDay + days, 'NFA: Support ended as planned')
    return Math.min(this.asOfDay, startDay + days)
  }

  private endOfLife(life: Life, startDay: number) {
    const service = this.service(life, startDay, this.lines.endOfLife())
    const endDay = startDay + this.random.int(7, 56)
    this.endService(service, endDay, 'NFA: Deceased')
    this.die(life, endDay)
  }

  /**
   * Long-term support from a day until the person leaves it (death or
   * support ending) or the as-of date, with reviews, package changes and,
   * for older people at home, perhaps a move into a care home. Returns the
   * day support ended (or the as-of date).
   */
  private longTermSupport(life: Life, startDay: number, firstSetting?: P.Setting): number {
    life.pastTriage = true
    let setting = firstSetting ?? this.random.weighted(P.LTS_SETTING[this.bandOn(life, startDay)])
    let day = startDay
    const existing = startDay < this.startDay
    for (let placement = 0; placement < 2; placement++) {
      const band = this.bandOn(life, day)
      const mechanism = setting === 'community' ? this.random.weighted(P.COMMUNITY_MECHANISM[band]) : null
      const lines =
        setting === 'community'
          ? this.lines.community(band, life.person.primary_support_reason, mechanism ?? 'managed')
          : [this.lines.careHome(setting, band)]
      if (setting !== 'community' && day <= this.asOfDay) {
        life.person.accommodation_status =
          setting === 'nursing' ? 'Registered nursing home' : 'Registered care home'
      }
      // Memoryless: for someone already in support the time left is drawn from the history's start.
      const from = Math.max(day, this.startDay)
      const exitDay = from + Math.round(this.random.exponential(365.25 / P.LTS_EXIT_RATE[band][setting]))
      const moveDay =
        setting === 'community' && band === '65+'
          ? from + Math.round(this.random.exponential(365.25 / P.MOVE_TO_CARE_HOME_RATE))
          : NEVER
      const stopDay = Math.min(exitDay, moveDay, life.deathDay)
      const active = lines.map((line) => ({ line, event: this.service(life, day, line) }))
      this.reviews(life, day, Math.min(stopDay, this.asOfDay + 1), {
        directPayment: mechanism === 'dp' || mechanism === 'part-dp',
        existing: existing && placement === 0,
        active,
      })
      if (stopDay > this.asOfDay) return this.asOfDay
      if (stopDay === moveDay && placement === 0) {
        this.review(life, moveDay - this.random.int(0, 3), this.random.weighted(MOVE_REVIEW_REASON), true)
        for (const { event } of active)
          this.endService(event, moveDay, 'Progress to support planning or services')
        setting = this.random.chance(0.67) ? 'residential' : 'nursing'
        day = moveDay + this.random.int(0, 2)
        continue
      }
      const died = stopDay === life.deathDay || this.random.chance(P.LTS_EXIT_DEATH[band])
      const outcome = died ? 'NFA: Deceased' : this.random.weighted(P.LTS_EXIT_OUTCOME)
      for (const { event } of active) this.endService(event, stopDay, outcome)
      if (died && stopDay !== life.deathDay) this.die(life, stopDay)
      return stopDay
    }
    return this.asOfDay
  }

  /**
   * Planned and unplanned reviews of a placement from its start to a stop
   * day; some change the package (ending its lines and starting new ones).
   * For someone already in support only the last year before the history
   * starts and after are recorded.
   */
  private reviews(
    life: Life,
    startDay: number,
    stopDay: number,
    options: { directPayment: boolean; existing: boolean; active: { line: ServiceLine; event: number }[] },
  ) {
    const from = options.existing ? this.startDay - 365 : startDay
    const due: { day: number; planned: boolean }[] = []
    // First review 6-8 weeks after a new plan, a direct payment's within 6 months (REFERENCE §4).
    let next = startDay + (options.directPayment ? this.random.int(120, 180) : this.random.int(42, 56))
    while (next < stopDay) {
      if (next >= from) due.push({ day: next, planned: true })
      next += this.random.chance(P.REVIEW_ON_TIME_SHARE)
        ? this.random.int(330, 395)
        : this.random.int(450, 1000)
    }
    let unplanned =
      Math.max(startDay, from) + Math.round(this.random.exponential(365.25 / P.UNPLANNED_REVIEW_RATE))
    while (unplanned < stopDay) {
      due.push({ day: unplanned, planned: false })
      unplanned += Math.round(this.random.exponential(365.25 / P.UNPLANNED_REVIEW_RATE))
    }
    due.sort((a, b) => a.day - b.day || Number(b.planned) - Number(a.planned))
    for (const { day, planned } of due) {
      const changeShare = planned ? P.PACKAGE_CHANGE_AT_REVIEW.planned : P.PACKAGE_CHANGE_AT_REVIEW.unplanned
      const adjustable = options.active.some(
        ({ line }) => line.service_type === 'Long term support: Community',
      )
      const change = adjustable && day >= this.startDay && this.random.chance(changeShare)
      const reason = planned ? 'Planned' : this.random.weighted(P.UNPLANNED_REVIEW_REASON)
      const endDay = this.review(life, day, reason, change)
      if (change && endDay !== null) {
        for (const item of options.active) {
          if (item.line.service_type !== 'Long term support: Community') continue
          // The new package starts the day the old one ends, so support never lapses.
          this.endService(item.event, endDay, 'Progress to support planning or services')
          item.line = this.lines.adjusted(item.line)
          item.event = this.service(life, endDay, item.line)
        }
      }
    }
  }

  /** Records a review event (and the reviewer's time); returns the day it ended, or null if still open. */
  private review(
    life: Life,
    day: number,
    reason: (typeof REVIEW_REASONS)[number],
    change: boolean,
  ): number | null {
    if (day > this.asOfDay || day >= life.deathDay) return null
    const endDay = Math.max(day, Math.min(day + this.random.int(0, 10), life.deathDay - 1))
    const done = endDay <= this.asOfDay
    const method: (typeof METHODS_OF_REVIEW)[number] = this.random.chance(0.4)
      ? 'Service user and carer'
      : 'Service user only'
    this.out.events.push(
      this.event(life, 'Review', day, {
        event_end_on: done ? isoOf(endDay) : null,
        event_outcome: done
          ? change
            ? 'Progress to support planning or services'
            : 'Continuation of support or services'
          : null,
        review_reason: reason,
        review_outcomes_achieved:
          done && reason === 'Planned' ? this.random.weighted(P.REVIEW_OUTCOME_ACHIEVED) : null,
        method_of_review: method,
      }),
    )
    const team = this.teamOf('reviewing') ?? life.team
    this.out.timeEntries.push({
      person: life.index,
      user: this.practitioner(team),
      activity: 'review',
      record: null,
      direct_minutes: this.random.int(30, 90),
      travel_minutes: this.random.chance(0.3) ? 0 : this.random.int(15, 50),
      recording_minutes: this.random.int(20, 60),
      recorded_on: isoOf(Math.min(endDay, this.asOfDay)),
    })
    return done ? endDay : null
  }
}

/** Carers' ages. ASSUMED: most carers are in middle or early old age. */
const CARER_AGES: Weights<readonly [number, number]> = [
  [[18, 34], 8],
  [[35, 54], 35],
  [[55, 74], 42],
  [[75, 90], 15],
]

/** Days from starting an assessment to its decision, by format. ASSUMED. */
const ASSESSMENT_DAYS = {
  light: [0, 7],
  standard: [3, 21],
  comprehensive: [10, 42],
} as const

/** Why an older person's move into a care home was reviewed first. ASSUMED. */
const MOVE_REVIEW_REASON: Weights<(typeof REVIEW_REASONS)[number]> = [
  ['Unplanned - Hospital', 55],
  ['Unplanned - Carer related', 20],
  ['Unplanned - Other', 15],
  ['Planned', 10],
]
