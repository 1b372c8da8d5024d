/**
 * Writes a generated synthetic council into the database in bulk: rows go
 * in batches, each batch one JSON parameter unpacked by json_to_recordset,
 * which PGlite and PostgreSQL both run far faster than a statement a row.
 */

import { randomUUID } from 'node:crypto'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { type Kysely, sql } from 'kysely'
import { jsonParameter } from '../../kernel/db/json-parameter.ts'
import type { Schema } from '../../schema.ts'
import { postingsFor } from '../accounts/ledger.ts'
import { OPEN_SERVICE_OUTCOME } from '../events/store.ts'
import type { SyntheticAccounts } from './budget-accounts.ts'
import { syntheticDirectory } from './directory.ts'
import type { FundingHistory } from './funding-history.ts'
import type { GeneratedCouncil, RecordRef } from './generate-council.ts'

export interface WriteProgress {
  stage: string
  done: number
  total: number
}

export interface WriteCouncilOptions {
  councilId: string
  /**
   * Staff already in the council to give the work to, instead of adding the
   * generated teams and workers (the demo council has its own).
   */
  staff?: { teams: readonly { id: string }[]; workers: readonly { id: string; team_id: string | null }[] }
  onProgress?: (progress: WriteProgress) => void
  /** Rows per statement (rounded up to an even number). */
  batchSize?: number
}

const EPISODES: readonly Column[] = [
  ['id', 'uuid'],
  ['person_id', 'uuid'],
  ['request_id', 'uuid'],
  ['started_on', 'date'],
  ['planned_end_on', 'date'],
  ['provider', 'text'],
  ['discharged_on', 'date'],
  ['ended_on', 'date'],
  ['sequel', 'text'],
  ['event_outcome', 'text'],
  ['created_by', 'uuid'],
  ['created_at', 'timestamptz'],
  ['ended_by', 'uuid'],
  ['ended_at', 'timestamptz'],
]

const CHECKS: readonly Column[] = [
  ['episode_id', 'uuid'],
  ['person_id', 'uuid'],
  ['discharged_on', 'date'],
  ['due_on', 'date'],
  ['result', 'text'],
  ['checked_on', 'date'],
  ['checked_by', 'uuid'],
  ['checked_at', 'timestamptz'],
]

const BUDGETS: readonly Column[] = [
  ['id', 'uuid'],
  ['person_id', 'uuid'],
  ['assessment_id', 'uuid'],
  ['ras_version', 'integer'],
  ['answers', 'jsonb'],
  ['points', 'integer'],
  ['weekly_pence', 'integer'],
  ['explanation', 'jsonb'],
  ['given_by', 'uuid'],
  ['given_at', 'timestamptz'],
]

const PLANS: readonly Column[] = [
  ['id', 'uuid'],
  ['person_id', 'uuid'],
  ['series_id', 'uuid'],
  ['version', 'integer'],
  ['assessment_id', 'uuid'],
  ['indicative_budget_id', 'uuid'],
  ['status', 'text'],
  ['weekly_cost_pence', 'integer'],
  ['annual_cost_pence', 'integer'],
  ['approved_weekly_pence', 'integer'],
  ['active_from', 'date'],
  ['active_to', 'date'],
  ['created_by', 'uuid'],
  ['created_at', 'timestamptz'],
]

const ACCOUNTS: readonly Column[] = [
  ['id', 'uuid'],
  ['person_id', 'uuid'],
  ['plan_id', 'uuid'],
  ['plan_series_id', 'uuid'],
  ['kind', 'text'],
  ['holder', 'text'],
  ['weekly_pence', 'integer'],
  ['contingency_weeks', 'integer'],
  ['opened_on', 'date'],
  ['opened_by', 'uuid'],
]

const TRANSACTIONS: readonly Column[] = [
  ['id', 'uuid'],
  ['account_id', 'uuid'],
  ['kind', 'text'],
  ['amount_pence', 'integer'],
  ['occurred_on', 'date'],
  ['description', 'text'],
  ['recorded_by', 'uuid'],
  ['recorded_at', 'timestamptz'],
]

const POSTINGS: readonly Column[] = [
  ['transaction_id', 'uuid'],
  ['account_id', 'uuid'],
  ['ledger', 'text'],
  ['amount_pence', 'integer'],
]

const PLAN_LINES: readonly Column[] = [
  ['plan_id', 'uuid'],
  ['position', 'integer'],
  ['service_type', 'text'],
  ['service_component', 'text'],
  ['delivery_mechanism', 'text'],
  ['funding_source', 'text'],
  ['provider', 'text'],
  ['unit_cost_pence', 'integer'],
  ['units_per_week', 'numeric'],
  ['cost_unit', 'text'],
  ['weekly_pence', 'integer'],
  ['one_off_pence', 'integer'],
]

const FUNDING_REQUESTS: readonly Column[] = [
  ['id', 'uuid'],
  ['person_id', 'uuid'],
  ['plan_id', 'uuid'],
  ['route', 'text'],
  ['scheme_version', 'integer'],
  ['rule_number', 'integer'],
  ['route_reason', 'text'],
  ['weekly_cost_pence', 'integer'],
  ['annual_cost_pence', 'integer'],
  ['indicative_weekly_pence', 'integer'],
  ['status', 'text'],
  ['decision_count', 'integer'],
  ['submitted_by', 'uuid'],
  ['submitted_at', 'timestamptz'],
  ['decided_by', 'uuid'],
  ['decided_at', 'timestamptz'],
  ['approved_weekly_pence', 'integer'],
  ['reasons', 'text'],
]

const MEETINGS: readonly Column[] = [
  ['id', 'uuid'],
  ['meets_on', 'date'],
  ['starts_at', 'text'],
  ['location', 'text'],
  ['chair_id', 'uuid'],
  ['status', 'text'],
  ['minutes', 'text'],
  ['created_by', 'uuid'],
  ['created_at', 'timestamptz'],
  ['held_at', 'timestamptz'],
]

const MEMBERS: readonly Column[] = [
  ['meeting_id', 'uuid'],
  ['user_id', 'uuid'],
]

const STEPS: readonly Column[] = [
  ['funding_request_id', 'uuid'],
  ['person_id', 'uuid'],
  ['step', 'text'],
  ['level', 'text'],
  ['at', 'timestamptz'],
  ['user_id', 'uuid'],
  ['minutes', 'integer'],
  ['reasons', 'text'],
  ['detail', 'jsonb'],
]

const AGENDA_ITEMS: readonly Column[] = [
  ['meeting_id', 'uuid'],
  ['funding_request_id', 'uuid'],
  ['position', 'integer'],
  ['outcome', 'text'],
  ['decided_by', 'uuid'],
  ['decided_at', 'timestamptz'],
  ['added_by', 'uuid'],
  ['added_at', 'timestamptz'],
]

export interface WriteSummary {
  teams: number
  workers: number
  people: number
  requests: number
  assessments: number
  timeEntries: number
  events: number
  reablementEpisodes: number
  plans: number
  fundingRequests: number
  decisionSteps: number
  panelMeetings: number
}

type Column = readonly [name: string, type: string]

const PEOPLE: readonly Column[] = [
  ['id', 'uuid'],
  ['la_person_id', 'text'],
  ['given_name', 'text'],
  ['family_name', 'text'],
  ['date_of_birth', 'date'],
  ['date_of_death', 'date'],
  ['nhs_number', 'text'],
  ['postcode', 'text'],
  ['gender', 'text'],
  ['ethnicity', 'text'],
  ['primary_support_reason', 'text'],
  ['accommodation_status', 'text'],
  ['employment_status', 'text'],
  ['has_unpaid_carer', 'text'],
  ['client_type', 'text'],
  ['adult_1_linked_person_id', 'text'],
  ['no_of_adults_being_cared_for', 'integer'],
  ['total_hrs_caring_per_week', 'text'],
  ['synthetic', 'boolean'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
]

const CARER_LINKS: readonly Column[] = [
  ['carer_id', 'uuid'],
  ['cared_for_id', 'uuid'],
  ['relationship', 'text'],
  ['lives_with', 'boolean'],
  ['hours_a_week', 'integer'],
  ['started_on', 'date'],
  ['created_by', 'uuid'],
]

const TEAMS: readonly Column[] = [
  ['id', 'uuid'],
  ['name', 'text'],
]

const USERS: readonly Column[] = [
  ['id', 'uuid'],
  ['email', 'text'],
  ['display_name', 'text'],
  ['role', 'text'],
  ['team_id', 'uuid'],
  ['password_hash', 'text'],
]

const REQUESTS: readonly Column[] = [
  ['id', 'uuid'],
  ['person_id', 'uuid'],
  ['requested_on', 'date'],
  ['route_of_access', 'text'],
  ['what_was_asked', 'text'],
  ['triage_outcome', 'text'],
  ['triaged_on', 'date'],
  ['team_id', 'uuid'],
  ['worker_id', 'uuid'],
  ['allocated_at', 'timestamptz'],
  ['closed_on', 'date'],
  ['created_at', 'timestamptz'],
]

const ASSESSMENTS: readonly Column[] = [
  ['id', 'uuid'],
  ['person_id', 'uuid'],
  ['request_id', 'uuid'],
  ['kind', 'text'],
  ['format', 'text'],
  ['started_on', 'date'],
  ['completed_on', 'date'],
  ['strengths', 'text'],
  ['community_assets', 'text'],
  ['impairment_or_illness', 'boolean'],
  ['needs_from_caring', 'boolean'],
  ['carer_health_at_risk', 'boolean'],
  ['wellbeing_significantly_affected', 'boolean'],
  ['wellbeing_notes', 'text'],
  ['outcomes', 'jsonb'],
  ['computed_eligibility', 'jsonb'],
  ['eligible', 'boolean'],
  ['decision', 'text'],
  ['override_reason', 'text'],
  ['event_outcome', 'text'],
  ['assessor_id', 'uuid'],
  ['created_at', 'timestamptz'],
]

const TIME_ENTRIES: readonly Column[] = [
  ['person_id', 'uuid'],
  ['user_id', 'uuid'],
  ['activity', 'text'],
  ['record_id', 'uuid'],
  ['direct_minutes', 'integer'],
  ['travel_minutes', 'integer'],
  ['recording_minutes', 'integer'],
  ['recorded_on', 'date'],
]

const EVENTS: readonly Column[] = [
  ['person_id', 'uuid'],
  ['client_type', 'text'],
  ['event_type', 'text'],
  ['event_start_on', 'date'],
  ['event_end_on', 'date'],
  ['event_description', 'text'],
  ['event_outcome', 'text'],
  ['request_route_of_access', 'text'],
  ['assessment_type', 'text'],
  ['eligible_needs_identified', 'text'],
  ['method_of_assessment', 'text'],
  ['service_type', 'text'],
  ['service_component', 'text'],
  ['delivery_mechanism', 'text'],
  ['unit_cost_pence', 'integer'],
  ['cost_frequency_unit_type', 'text'],
  ['planned_units_per_week', 'numeric'],
  ['review_reason', 'text'],
  ['review_outcomes_achieved', 'text'],
  ['method_of_review', 'text'],
  ['client_funding_status', 'text'],
  ['source_record_id', 'uuid'],
]

/**
 * Inserts every row of a generated council into an existing council. Run it
 * inside a transaction so that a failure leaves nothing behind. Ids are new
 * random UUIDs; everything else is as generated.
 *
 * @example
 * await database.db.transaction().execute((tx) => writeCouncil(tx, generated, { councilId }))
 */
export async function writeCouncil(
  db: Kysely<Schema>,
  council: GeneratedCouncil,
  options: WriteCouncilOptions,
): Promise<WriteSummary> {
  // Even, so that no statement splits a budget transaction's two postings (writeBudgetAccounts).
  const batchSize = Math.max(2, Math.ceil((options.batchSize ?? 1_000) / 2) * 2)
  const report = options.onProgress ?? (() => {})
  const insert = async <T>(
    table: string,
    stage: string,
    columns: readonly Column[],
    rows: readonly T[],
    toRow: (row: T, index: number) => Record<string, unknown>,
  ) => {
    const names = sql.raw(columns.map(([name]) => name).join(', '))
    const definitions = sql.raw(columns.map(([name, type]) => `${name} ${type}`).join(', '))
    report({ stage, done: 0, total: rows.length })
    for (let from = 0; from < rows.length; from += batchSize) {
      const batch = rows.slice(from, from + batchSize).map((row, i) => withoutNulls(toRow(row, from + i)))
      await sql`INSERT INTO ${sql.table(table)} (council_id, ${names})
        SELECT ${options.councilId}::uuid, ${names}
        FROM json_to_recordset(${jsonParameter(batch)}::json) AS r(${definitions})`.execute(db)
      report({ stage, done: Math.min(rows.length, from + batchSize), total: rows.length })
      // A statement on the embedded database settles without a turn of the event loop: without
      // this, a service writing the demo council's people answered nothing until they were all in.
      await nextTurn()
    }
  }
  const ids = (count: number) => Array.from({ length: count }, () => randomUUID())

  const staff = options.staff
  let teamIds: string[]
  let workerIds: string[]
  let workerTeamIds: (string | null)[]
  if (staff) {
    if (staff.teams.length === 0 || staff.workers.length === 0) {
      throw new Error('The council needs at least one team and one worker to be given synthetic work')
    }
    teamIds = council.teams.map((_, t) => (staff.teams[t % staff.teams.length] as { id: string }).id)
    // Deciders go to the council's own heads of service and panel members, when it has them.
    const deciders = await db
      .selectFrom('users')
      .select(['id', 'role', 'team_id'])
      .where('council_id', '=', options.councilId)
      .where('role', 'in', ['head_of_service', 'panel_member'])
      .where('active', '=', true)
      .orderBy('email')
      .execute()
    const seen = new Map<string, number>()
    const mapped = council.workers.map((worker, w) => {
      const own = deciders.filter((d) => d.role === worker.role)
      if (own.length === 0) return staff.workers[w % staff.workers.length] as (typeof staff.workers)[number]
      const k = seen.get(worker.role) ?? 0
      seen.set(worker.role, k + 1)
      return own[k % own.length] as (typeof staff.workers)[number]
    })
    workerIds = mapped.map((worker) => worker.id)
    workerTeamIds = mapped.map((worker) => worker.team_id)
  } else {
    teamIds = ids(council.teams.length)
    workerIds = ids(council.workers.length)
    workerTeamIds = council.workers.map((worker) =>
      worker.team === null ? null : (teamIds[worker.team] as string),
    )
    await insert('teams', 'teams', TEAMS, council.teams, (team, i) => ({ id: teamIds[i], name: team.name }))
    await insert('users', 'workers', USERS, council.workers, (worker, i) => ({
      id: workerIds[i],
      email: worker.email,
      display_name: worker.display_name,
      role: worker.role,
      team_id: worker.team === null ? null : teamIds[worker.team],
      password_hash: worker.password_hash,
    }))
  }

  const personIds = ids(council.people.length)
  const requestIds = ids(council.requests.length)
  const assessmentIds = ids(council.assessments.length)
  const funding = council.funding
  const planIds = ids(funding.plans.length)
  const episodeIds = ids(council.reablement.episodes.length)
  const recordIds: Record<RecordRef['table'], string[]> = {
    support_requests: requestIds,
    assessments: assessmentIds,
    support_plans: planIds,
    reablement_episodes: episodeIds,
  }
  const recordId = (ref: RecordRef | null) => (ref === null ? null : recordIds[ref.table][ref.index])

  await insert('people', 'people', PEOPLE, council.people, (person, i) => ({
    ...person,
    id: personIds[i],
    synthetic: true,
    updated_at: person.created_at,
  }))
  await insert('carer_links', 'carer links', CARER_LINKS, council.carerLinks, (link) => ({
    ...link,
    carer_id: personIds[link.carer],
    cared_for_id: personIds[link.cared_for],
    created_by: workerIds[link.created_by],
  }))
  await insert('support_requests', 'requests', REQUESTS, council.requests, (request, i) => ({
    ...request,
    id: requestIds[i],
    person_id: personIds[request.person],
    // A request held by a worker sits in that worker's team.
    team_id:
      request.worker === null
        ? teamIds[request.team]
        : (workerTeamIds[request.worker] ?? teamIds[request.team]),
    worker_id: request.worker === null ? null : workerIds[request.worker],
  }))
  await insert('assessments', 'assessments', ASSESSMENTS, council.assessments, (assessment, i) => ({
    ...assessment,
    id: assessmentIds[i],
    person_id: personIds[assessment.person],
    request_id: assessment.request === null ? null : requestIds[assessment.request],
    assessor_id: workerIds[assessment.assessor],
  }))
  await insert('time_entries', 'time entries', TIME_ENTRIES, council.timeEntries, (entry) => ({
    ...entry,
    person_id: personIds[entry.person],
    user_id: workerIds[entry.user],
    record_id: recordId(entry.record),
  }))
  await insert('cld_events', 'events', EVENTS, council.events, (event) => ({
    ...event,
    // CLD asks it of a service user's services and reviews. Every synthetic plan line is the council's to
    // pay (funding-history.ts) and reablement is free, as ASCEND's own records would say of them.
    client_funding_status:
      event.client_type === 'Service user' &&
      (event.event_type === 'Service' || event.event_type === 'Review')
        ? 'Fully social care funded'
        : null,
    event_outcome:
      event.event_outcome ??
      (event.event_type === 'Service' && event.event_end_on === null ? OPEN_SERVICE_OUTCOME : null),
    person_id: personIds[event.person],
    source_record_id: recordId(event.source),
  }))
  await insert('reablement_episodes', 'reablement', EPISODES, council.reablement.episodes, (e, i) => ({
    ...e,
    id: episodeIds[i],
    person_id: personIds[e.person],
    request_id: e.request === null ? null : requestIds[e.request],
    created_by: workerIds[e.created_by],
    ended_by: e.ended_by === null ? null : workerIds[e.ended_by],
  }))
  await insert('at_home_checks', 'at-home checks', CHECKS, council.reablement.checks, (c) => ({
    ...c,
    episode_id: episodeIds[c.episode],
    person_id: personIds[c.person],
    checked_by: c.checked_by === null ? null : workerIds[c.checked_by],
  }))
  await writeFundingHistory(insert, funding, {
    personIds,
    assessmentIds,
    planIds,
    workerIds,
    ids,
    offeredLines: new Set(council.brokerage.offeredLines),
  })
  const providerIds = await writeDirectory(insert, ids)
  await insert('package_offers', 'package offers', OFFERS, council.brokerage.offers, (o) => ({
    ...o,
    plan_id: planIds[o.plan],
    provider_id: providerIds[o.provider],
    offered_by: workerIds[o.offered_by],
  }))
  await writeBudgetAccounts(insert, council.accounts, {
    personIds,
    planIds,
    workerIds,
    ids,
    seriesOf: (plan) => funding.plans[plan]?.series ?? plan,
  })
  return {
    teams: staff ? 0 : council.teams.length,
    workers: staff ? 0 : council.workers.length,
    people: council.people.length,
    requests: council.requests.length,
    assessments: council.assessments.length,
    timeEntries: council.timeEntries.length,
    events: council.events.length,
    reablementEpisodes: council.reablement.episodes.length,
    plans: funding.plans.length,
    fundingRequests: funding.fundingRequests.length,
    decisionSteps: funding.decisionSteps.length,
    panelMeetings: funding.panelMeetings.length,
  }
}

const PROVIDER_COLUMNS: readonly Column[] = [
  ['id', 'uuid'],
  ['name', 'text'],
  ['kind', 'text'],
  ['description', 'text'],
  ['email', 'text'],
  ['phone', 'text'],
  ['cqc_location_id', 'text'],
  ['takes_direct_payments', 'boolean'],
  ['holds_isfs', 'boolean'],
]
const SERVICE_COLUMNS: readonly Column[] = [
  ['provider_id', 'uuid'],
  ['name', 'text'],
  ['service_component', 'text'],
  ['areas', 'text[]'],
  ['rate_pence', 'integer'],
  ['rate_unit', 'text'],
]

const OFFERS: readonly Column[] = [
  ['plan_id', 'uuid'],
  ['line_position', 'integer'],
  ['provider_id', 'uuid'],
  ['status', 'text'],
  ['start_on', 'date'],
  ['accepted_start_on', 'date'],
  ['offered_by', 'uuid'],
  ['offered_at', 'timestamptz'],
  ['responded_at', 'timestamptz'],
  ['decline_reason', 'text'],
]

/** The council's directory of providers (the market), the same for every synthetic council; the providers' ids. */
async function writeDirectory(insert: Insert, ids: (count: number) => string[]) {
  const { providers, services } = syntheticDirectory()
  const providerIds = ids(providers.length)
  await insert('providers', 'providers', PROVIDER_COLUMNS, providers, (p, i) => ({
    ...p,
    id: providerIds[i],
  }))
  await insert('provider_services', 'provider services', SERVICE_COLUMNS, services, (s) => ({
    ...s,
    provider_id: providerIds[s.provider],
  }))
  return providerIds
}

type Insert = <T>(
  table: string,
  stage: string,
  columns: readonly Column[],
  rows: readonly T[],
  toRow: (row: T, index: number) => Record<string, unknown>,
) => Promise<void>

/** The last year's plans, funding requests, decisions and panels, after the people and assessments they name. */
async function writeFundingHistory(
  insert: Insert,
  funding: FundingHistory,
  known: {
    personIds: string[]
    assessmentIds: string[]
    planIds: string[]
    workerIds: string[]
    ids: (count: number) => string[]
    /** Plan lines arranged with providers through ASCEND: their provider is the one that accepted, not named. */
    offeredLines: ReadonlySet<number>
  },
) {
  const { personIds, assessmentIds, planIds, workerIds } = known
  const budgetIds = known.ids(funding.budgets.length)
  const requestIds = known.ids(funding.fundingRequests.length)
  const meetingIds = known.ids(funding.panelMeetings.length)
  await insert('indicative_budgets', 'indicative budgets', BUDGETS, funding.budgets, (b, i) => ({
    ...b,
    id: budgetIds[i],
    person_id: personIds[b.person],
    assessment_id: assessmentIds[b.assessment],
    ras_version: 0,
    answers: {},
    given_by: workerIds[b.given_by],
  }))
  await insert('support_plans', 'support plans', PLANS, funding.plans, (p, i) => ({
    ...p,
    id: planIds[i],
    person_id: personIds[p.person],
    series_id: planIds[p.series],
    assessment_id: assessmentIds[p.assessment],
    indicative_budget_id: budgetIds[p.budget],
    created_by: workerIds[p.created_by],
  }))
  await insert('support_plan_lines', 'plan lines', PLAN_LINES, funding.planLines, (l, i) => ({
    ...l,
    plan_id: planIds[l.plan],
    provider: known.offeredLines.has(i) ? null : l.provider,
  }))
  await insert('funding_requests', 'funding requests', FUNDING_REQUESTS, funding.fundingRequests, (r, i) => ({
    ...r,
    id: requestIds[i],
    person_id: personIds[r.person],
    plan_id: planIds[r.plan],
    scheme_version: 0,
    submitted_by: workerIds[r.submitted_by],
    decided_by: r.decided_by === null ? null : workerIds[r.decided_by],
  }))
  await insert('panel_meetings', 'panel meetings', MEETINGS, funding.panelMeetings, (m, i) => ({
    ...m,
    id: meetingIds[i],
    chair_id: workerIds[m.chair],
    created_by: workerIds[m.created_by],
  }))
  // A council's own staff may stand in for several synthetic panel members: each sits once.
  const members = funding.panelMeetings.flatMap((m, i) =>
    [...new Set(m.members.map((w) => workerIds[w] as string))].map((userId) => ({
      meeting_id: meetingIds[i],
      user_id: userId,
    })),
  )
  await insert('panel_meeting_members', 'panel members', MEMBERS, members, (m) => m)
  await insert('decision_steps', 'decision steps', STEPS, funding.decisionSteps, (s) => ({
    funding_request_id: requestIds[s.request],
    person_id: personIds[s.person],
    step: s.step,
    level: s.level,
    at: s.at,
    user_id: s.user === null ? null : workerIds[s.user],
    minutes: s.minutes,
    reasons: s.reasons,
    detail: s.meeting === null ? s.detail : { ...(s.detail ?? {}), meetingId: meetingIds[s.meeting] },
  }))
  await insert('panel_agenda_items', 'agenda items', AGENDA_ITEMS, funding.agendaItems, (a) => ({
    meeting_id: meetingIds[a.meeting],
    funding_request_id: requestIds[a.request],
    position: a.position,
    outcome: a.outcome,
    decided_by: a.decided_by === null ? null : workerIds[a.decided_by],
    decided_at: a.decided_at,
    added_by: workerIds[a.added_by],
    added_at: a.added_at,
  }))
}

/**
 * The accounts of plans held as money, their transactions and the postings
 * each makes (ledger.ts). The database checks each statement's postings: a
 * transaction's two are next to each other and a batch holds an even number
 * of rows, so no statement splits them, and each account's come in the order
 * they were drawn, so none holds less than nothing at any statement's end.
 */
async function writeBudgetAccounts(
  insert: Insert,
  accounts: SyntheticAccounts,
  known: {
    personIds: string[]
    planIds: string[]
    workerIds: string[]
    ids: (count: number) => string[]
    /** The index of the first version of a plan's series. */
    seriesOf: (plan: number) => number
  },
) {
  const accountIds = known.ids(accounts.accounts.length)
  const transactionIds = known.ids(accounts.transactions.length)
  await insert('budget_accounts', 'budget accounts', ACCOUNTS, accounts.accounts, (a, i) => ({
    ...a,
    id: accountIds[i],
    person_id: known.personIds[a.person],
    plan_id: known.planIds[a.plan],
    plan_series_id: known.planIds[known.seriesOf(a.plan)],
    opened_by: known.workerIds[a.opened_by],
  }))
  await insert(
    'budget_transactions',
    'account transactions',
    TRANSACTIONS,
    accounts.transactions,
    (t, i) => ({
      ...t,
      id: transactionIds[i],
      account_id: accountIds[t.account],
      recorded_by: known.workerIds[t.recorded_by],
    }),
  )
  const postings = accounts.transactions.flatMap((t, i) =>
    postingsFor(t.kind, t.amount_pence).map((posting) => ({
      transaction_id: transactionIds[i],
      account_id: accountIds[t.account],
      ledger: posting.ledger,
      amount_pence: posting.amountPence,
    })),
  )
  await insert('budget_postings', 'account postings', POSTINGS, postings, (p) => p)
}

/** json_to_recordset reads a missing key as null, so nulls need not be sent: events are mostly nulls. */
function withoutNulls(row: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(row)) if (row[key] === null) delete row[key]
  return row
}
