import type { ColumnType, Generated } from 'kysely'

/** A timestamp column: read as a Date, written as a Date or left to its default. */
type CreatedAt = ColumnType<Date, Date | undefined, never>
/** JSON column: read parsed, written as a JSON string or value. */
export type Json<T> = ColumnType<T, string | T, string | T>

export interface CouncilsTable {
  id: Generated<string>
  code: string
  name: string
  synthetic: Generated<boolean>
  created_at: CreatedAt
}

export interface InstanceSettingsTable {
  key: string
  value: string
}

export interface TeamsTable {
  id: Generated<string>
  council_id: string
  name: string
}

export interface UsersTable {
  id: Generated<string>
  council_id: string
  email: string
  display_name: string
  role: string
  team_id: string | null
  password_hash: string
  active: Generated<boolean>
  created_at: CreatedAt
  /** Migration 0026: a provider user's provider. */
  provider_id?: string | null
}

export interface SessionsTable {
  token_hash: string
  user_id: string
  kind: 'web' | 'api'
  created_at: CreatedAt
  expires_at: Date
}

export interface PeopleTable {
  id: Generated<string>
  council_id: string
  la_person_id: string
  /**
   * Null for people a CLD file brought (CLD carries no names), and for those of
   * them without a valid date of birth (migration 0005).
   */
  given_name: ColumnType<string | null, string | null | undefined, string | null>
  family_name: ColumnType<string | null, string | null | undefined, string | null>
  date_of_birth: ColumnType<string | null, string | null | undefined, string | null>
  date_of_death: string | null
  nhs_number: string | null
  postcode: string | null
  gender: string | null
  ethnicity: string | null
  primary_support_reason: string | null
  accommodation_status: string | null
  employment_status: string | null
  has_unpaid_carer: string | null
  client_type: Generated<string>
  synthetic: Generated<boolean>
  created_at: CreatedAt
  updated_at: ColumnType<Date, Date | undefined, Date>
  /** CLD person details and an unpaid carer's caring (migration 0005). */
  gp_practice_code?: string | null
  gp_practice_name?: string | null
  autism_spectrum_disorder?: string | null
  visual_impairment?: string | null
  hearing_impairment?: string | null
  dementia?: string | null
  total_hrs_caring_per_week?: string | null
  no_of_adults_being_cared_for?: number | null
  adult_1_linked_person_id?: string | null
  adult_2_linked_person_id?: string | null
  adult_3_linked_person_id?: string | null
  /** The CLD import that first brought this person; hidden (people_live) until it completes. */
  created_by_import_id?: string | null
  /** Migration 0024: the person this duplicate was merged into (then hidden by people_live). */
  merged_into_id?: string | null
  merged_at?: Date | null
  merged_by?: string | null
}

export interface SupportRequestsTable {
  id: Generated<string>
  council_id: string
  person_id: string
  requested_on: string
  route_of_access: string
  what_was_asked: string
  triage_outcome: string | null
  triaged_on: string | null
  team_id: string | null
  worker_id: string | null
  allocated_at: Date | null
  closed_on: string | null
  created_by: string | null
  created_at: CreatedAt
}

export interface AssessmentsTable {
  id: Generated<string>
  council_id: string
  person_id: string
  request_id: string | null
  kind: 'needs' | 'carer'
  format: 'light' | 'standard' | 'comprehensive'
  started_on: string
  completed_on: string | null
  strengths: string | null
  community_assets: string | null
  impairment_or_illness: boolean | null
  needs_from_caring: boolean | null
  carer_health_at_risk: boolean | null
  wellbeing_significantly_affected: boolean
  wellbeing_notes: string | null
  outcomes: Json<Record<string, string[]>>
  computed_eligibility: Json<unknown>
  eligible: boolean | null
  decision: 'confirmed' | 'overridden' | null
  override_reason: string | null
  event_outcome: string | null
  assessor_id: string
  created_at: CreatedAt
  /** Who confirmed or overrode the computed eligibility (migration 0004). */
  decided_by: string | null
  decided_at: Date | null
}

export interface TimeEntriesTable {
  id: Generated<string>
  council_id: string
  person_id: string
  user_id: string
  activity: string
  record_id: string | null
  direct_minutes: number
  travel_minutes: number
  recording_minutes: number
  recorded_on: string
  created_at: CreatedAt
}

export interface CldEventsTable {
  id: Generated<string>
  council_id: string
  person_id: string
  client_type: Generated<string>
  event_type: 'Request' | 'Assessment' | 'Service' | 'Review'
  event_reference: string | null
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
  delivery_mechanism: string | null
  unit_cost_pence: number | null
  cost_frequency_unit_type: string | null
  planned_units_per_week: number | null
  review_reason: string | null
  review_outcomes_achieved: string | null
  method_of_review: string | null
  source: Generated<string>
  source_record_id: string | null
  created_at: CreatedAt
  /** Migration 0005: more CLD fields, and where an imported event came from. */
  client_funding_status?: string | null
  provider_cqc_location_id?: string | null
  provider_cqc_location_name?: string | null
  import_id?: string | null
  import_line?: number | null
  superseded_by_import_id?: string | null
  last_seen_import_id?: string | null
  last_seen_line?: number | null
}

/** A CLD file being or having been imported (migration 0005). */
export interface CldImportsTable {
  id: Generated<string>
  council_id: string
  file_name: string
  status: ColumnType<'loading' | 'complete' | 'failed', 'loading' | 'complete' | 'failed' | undefined>
  channel: 'web' | 'api' | 'cli'
  created_by: string | null
  started_at: CreatedAt
  heartbeat_at: ColumnType<Date, Date | undefined, Date>
  runner: string | null
  finished_at: Date | null
  cleaned_up_at: Date | null
  people_applied_at: Date | null
  bytes_total: number | null
  bytes_read: Generated<number>
  rows_read: Generated<number>
  rows_loaded: Generated<number>
  rows_unchanged: Generated<number>
  rows_with_problems: Generated<number>
  rows_dropped: Generated<number>
  problems: Generated<number>
  events_superseded: Generated<number>
  people_created: Generated<number>
  reporting_period_start_on: string | null
  reporting_period_end_on: string | null
  error: string | null
}

export interface CldImportProblemsTable {
  import_id: string
  seq: number
  line: number
  field: string
  value: string | null
  problem: string
  action: string
}

export interface CldImportPeopleTable {
  import_id: string
  person_id: string
  sort_key: string
  details: Json<Record<string, unknown>>
}

export interface AuditLogTable {
  id: Generated<number>
  council_id: string | null
  user_id: string | null
  at: CreatedAt
  action: string
  record_type: string
  record_id: string | null
  person_id: string | null
  detail: Json<unknown> | null
}

/** ONS mid-year population by age band (migration 0006). */
export interface CouncilPopulationsTable {
  council_id: string
  year: number
  aged_18_to_64: number
  aged_65_plus: number
  updated_by: string | null
  updated_at: ColumnType<Date, Date | undefined, Date>
}

/** A local measure a council defines from ASCEND's list of counts (migration 0006). */
export interface CouncilMeasuresTable {
  id: Generated<string>
  council_id: string
  code: string
  title: string
  definition: string
  numerator: string
  denominator: string
  unit: 'percent' | 'per 1,000' | 'ratio'
  created_by: string | null
  created_at: CreatedAt
  updated_at: ColumnType<Date, Date | undefined, Date>
}

/** One row per statement that changed data the measures read (migration 0006, filled by triggers). */
export interface MeasureDataChangesTable {
  id: Generated<number>
  council_id: string
  changed_at: CreatedAt
}

/** People whose records a statement changed, when it changed few (migration 0017). */
export interface MeasureChangedPeopleTable {
  id: Generated<number>
  council_id: string
  person_id: string
}

/** Migration 0019: a direct payment or individual service fund account. */
export interface BudgetAccountsTable {
  id: Generated<string>
  council_id: string
  person_id: string
  plan_id: string
  plan_series_id: string
  kind: 'direct_payment' | 'individual_service_fund'
  holder: string
  weekly_pence: number
  contingency_weeks: number
  opened_on: string
  opened_by: string
  opened_at: CreatedAt
  /** Migration 0021: when and why the account was closed, and by whom; null while open. */
  closed_on: Generated<string | null>
  closed_reason: Generated<string | null>
  closed_by: Generated<string | null>
  /** Migration 0026: the directory's provider holding an individual service fund. */
  holder_provider_id?: string | null
}

/** Migration 0019: what happened to an account's money; never changed. */
export interface BudgetTransactionsTable {
  id: Generated<string>
  council_id: string
  account_id: string
  kind: 'payment' | 'spend' | 'refund' | 'clawback'
  amount_pence: number
  occurred_on: string
  description: string | null
  recorded_by: string
  recorded_at: CreatedAt
}

/** Migration 0019: a transaction's postings to an account's ledgers (debits positive). */
export interface BudgetPostingsTable {
  council_id: string
  transaction_id: string
  account_id: string
  ledger: 'council' | 'held' | 'spent'
  amount_pence: number
}

/** One slice's rows of a family's query for a council and period (migration 0017). */
export interface MeasureSliceRowsTable {
  council_id: string
  family: string
  period_start: string
  period_end: string
  first_person: string
  next_person: string
  fingerprint: string
  council_version: string
  people_version: string
  rows: Json<Record<string, unknown>[]>
}

/** Cached figures per council, measure and period (migration 0006). */
export interface MeasureResultsTable {
  council_id: string
  code: string
  period_start: string
  period_end: string
  fingerprint: string
  data_version: string
  numerator: number | null
  denominator: number | null
  value: number | null
  detail: Json<Record<string, unknown>>
  computed_at: ColumnType<Date, Date | undefined, Date>
}

/** Migration 0007: a council's resource allocation system, one row per saved version. */
export interface RasConfigurationsTable {
  council_id: string
  version: number
  config: Json<unknown>
  note: string | null
  created_by: string | null
  created_at: CreatedAt
}

/** Migration 0007: an indicative budget as given, never recomputed. */
export interface IndicativeBudgetsTable {
  id: Generated<string>
  council_id: string
  person_id: string
  assessment_id: string
  ras_version: number
  answers: Json<Record<string, string>>
  points: number
  weekly_pence: number
  explanation: Json<unknown[]>
  given_by: string
  given_at: CreatedAt
}

/** Migration 0007: one version of a support plan. */
export interface SupportPlansTable {
  id: Generated<string>
  council_id: string
  person_id: string
  series_id: string
  version: number
  assessment_id: string
  indicative_budget_id: string
  status: 'draft' | 'submitted' | 'active' | 'superseded' | 'replaced' | 'refused' | 'returned' | 'ended'
  weekly_cost_pence: number
  annual_cost_pence: number
  approved_weekly_pence: number | null
  active_from: string | null
  active_to: string | null
  created_by: string
  created_at: CreatedAt
}

/** Migration 0007: a support plan's lines. */
export interface SupportPlanLinesTable {
  id: Generated<string>
  council_id: string
  plan_id: string
  position: number
  service_type: string
  service_component: string | null
  delivery_mechanism: 'direct_payment' | 'individual_service_fund' | 'managed_budget' | 'commissioned'
  funding_source: 'council' | 'nhs' | 'pooled_fund' | 'person_contribution'
  provider: string | null
  unit_cost_pence: number
  /** numeric(9,2): read as a number. */
  units_per_week: ColumnType<number, number | string, number | string>
  cost_unit: string
  weekly_pence: number
  one_off_pence: Generated<number>
}

/** Migration 0007: a council's scheme of delegation, one row per saved version. */
export interface DelegationSchemesTable {
  council_id: string
  version: number
  scheme: Json<unknown>
  created_by: string | null
  created_at: CreatedAt
}

/** Migration 0007: a request to fund a support plan, routed by the scheme of delegation. */
export interface FundingRequestsTable {
  id: Generated<string>
  council_id: string
  person_id: string
  plan_id: string
  route: 'practitioner' | 'team_manager' | 'head_of_service' | 'panel'
  scheme_version: number
  rule_number: number | null
  route_reason: string
  weekly_cost_pence: number
  annual_cost_pence: number
  indicative_weekly_pence: number
  status: 'pending' | 'deferred' | 'approved' | 'amended' | 'refused' | 'returned'
  decision_count: Generated<number>
  submitted_by: string
  submitted_at: Date
  decided_by: string | null
  decided_at: Date | null
  approved_weekly_pence: number | null
  reasons: string | null
}

/** Migration 0007: each step of deciding a funding request, timed, for the cost of deciding. */
export interface DecisionStepsTable {
  id: Generated<number>
  council_id: string
  funding_request_id: string
  person_id: string
  step: 'submitted' | 'routed' | 'listed' | 'approved' | 'amended' | 'refused' | 'deferred' | 'returned'
  level: 'practitioner' | 'team_manager' | 'head_of_service' | 'panel'
  at: Date
  user_id: string | null
  minutes: number | null
  reasons: string | null
  detail: Json<unknown> | null
}

/** Migration 0010: a council's decision settings (escalation, default minutes per step). */
export interface DecisionSettingsTable {
  council_id: string
  settings: Json<unknown>
  updated_by: string | null
  updated_at: ColumnType<Date, Date | undefined, Date>
}

/** Migration 0010: a panel meeting. */
export interface PanelMeetingsTable {
  id: Generated<string>
  council_id: string
  meets_on: string
  starts_at: string | null
  location: string | null
  chair_id: string
  status: ColumnType<'planned' | 'held', 'planned' | 'held' | undefined, 'planned' | 'held'>
  minutes: string | null
  created_by: string
  created_at: CreatedAt
  held_at: Date | null
}

/** Migration 0010: who sits on a panel meeting. */
export interface PanelMeetingMembersTable {
  meeting_id: string
  user_id: string
  council_id: string
}

/** Migration 0010: a funding request on a panel meeting's agenda. */
export interface PanelAgendaItemsTable {
  id: Generated<string>
  council_id: string
  meeting_id: string
  funding_request_id: string
  position: number
  outcome: 'approve' | 'amend' | 'refuse' | 'defer' | 'return' | null
  decided_by: string | null
  decided_at: Date | null
  added_by: string
  added_at: CreatedAt
}

/** Migration 0009: a council's self-assessment for one financial year. */
export interface SelfAssessmentsTable {
  council_id: string
  year: string
  started_by: string | null
  started_at: CreatedAt
}

/** Migration 0009: one self-assessment area's score (0 to 3) and justification. */
export interface SelfAssessmentAreasTable {
  council_id: string
  year: string
  area: string
  score: number
  justification: string
  updated_by: string | null
  updated_at: ColumnType<Date, Date | undefined, Date>
}

/** Migration 0009: an action in a self-assessment's action plan. */
export interface SelfAssessmentActionsTable {
  id: Generated<string>
  council_id: string
  year: string
  area: string
  action: string
  owner: string
  due_on: string
  status: ColumnType<
    'not-started' | 'in-progress' | 'complete',
    'not-started' | 'in-progress' | 'complete' | undefined
  >
  completed_on: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: ColumnType<Date, Date | undefined, Date>
}

/** Migration 0009: a peer council's benchmark pack as imported. */
export interface BenchmarkPacksTable {
  id: Generated<string>
  council_id: string
  peer_code: string
  peer_name: string
  year: string
  version: number
  generated_at: Date
  pack: Json<unknown>
  imported_by: string | null
  imported_at: ColumnType<Date, Date | undefined, Date>
}

/** Migration 0009: the council's chosen peer group. */
export interface BenchmarkPeerGroupsTable {
  council_id: string
  method: 'hand' | 'nearest'
  peer_codes: Json<string[]>
  variables: Json<string[]>
  year: string | null
  chosen_by: string | null
  chosen_at: ColumnType<Date, Date | undefined, Date>
}

/** Migration 0009: context figures the council enters for nearest neighbours. */
export interface BenchmarkCouncilContextTable {
  council_id: string
  deprivation_score: number | null
  rural_percent: number | null
  updated_by: string | null
  updated_at: ColumnType<Date, Date | undefined, Date>
}

/** Every table, for Kysely. Each module owns its own tables; this only names them. */
/** Migration 0008: a reablement (CLD "Short term support: ST-Max") episode. */
export interface ReablementEpisodesTable {
  id: Generated<string>
  council_id: string
  person_id: string
  request_id: string | null
  started_on: string
  planned_end_on: string | null
  provider: string | null
  discharged_on: string | null
  ended_on: string | null
  sequel: string | null
  event_outcome: string | null
  created_by: string
  created_at: CreatedAt
  ended_by: string | null
  ended_at: Date | null
}

/** Migration 0008: where someone discharged from hospital into reablement was 91 days later. */
export interface AtHomeChecksTable {
  episode_id: string
  council_id: string
  person_id: string
  discharged_on: string
  due_on: string
  result: 'at_home' | 'in_hospital' | 'care_home' | 'died' | 'not_known' | null
  checked_on: string | null
  checked_by: string | null
  checked_at: Date | null
}

/** Migration 0008: a planned or unplanned review. */
export interface ReviewsTable {
  id: Generated<string>
  council_id: string
  person_id: string
  review_reason: string
  started_on: string
  completed_on: string
  outcomes_achieved: string | null
  method_of_review: string
  event_outcome: string
  notes: string | null
  was_due_on: string | null
  was_due_reason: string | null
  reviewer_id: string
  created_at: CreatedAt
}

/** HSDS's statuses for an organization or a service (migration 0020). */
export type DirectoryStatus = 'active' | 'inactive' | 'defunct' | 'temporarily closed'

/** Migration 0020: a provider, micro-provider or personal assistant in the council's directory. */
export interface ProvidersTable {
  id: Generated<string>
  council_id: string
  name: string
  kind: 'organisation' | 'micro_provider' | 'personal_assistant'
  description: Generated<string>
  email: string | null
  phone: string | null
  website: string | null
  cqc_location_id: string | null
  takes_direct_payments: Generated<boolean>
  holds_isfs: Generated<boolean>
  status: Generated<DirectoryStatus>
  created_at: CreatedAt
  updated_at: ColumnType<Date, Date | undefined, Date>
  updated_by: string | null
}

/** Migration 0020: a service a provider offers, where and at what rate. */
export interface ProviderServicesTable {
  id: Generated<string>
  council_id: string
  provider_id: string
  name: string
  service_component: string
  description: Generated<string>
  areas: ColumnType<string[], string[] | undefined, string[]>
  rate_pence: number | null
  rate_unit: string | null
  status: Generated<DirectoryStatus>
  updated_at: ColumnType<Date, Date | undefined, Date>
}

/** Migration 0022: a link for an account's holder to read its statement without signing in. */
export interface BudgetStatementLinksTable {
  id: Generated<string>
  council_id: string
  account_id: string
  token_hash: string
  created_by: string
  created_at: CreatedAt
  expires_at: Date
  withdrawn_at: Date | null
  withdrawn_by: string | null
}

/** Migration 0023: an unpaid carer linked to the adult they care for. */
export interface CarerLinksTable {
  id: Generated<string>
  council_id: string
  carer_id: string
  cared_for_id: string
  relationship: string
  lives_with: boolean
  hours_a_week: number | null
  started_on: string
  ended_on: string | null
  created_by: string
  created_at: CreatedAt
  ended_by: string | null
}

/** Migration 0027: a line of a plan in effect offered to a provider of the directory. */
export interface PackageOffersTable {
  id: Generated<string>
  council_id: string
  plan_id: string
  line_position: number
  provider_id: string
  status: 'offered' | 'accepted' | 'declined' | 'withdrawn'
  start_on: string
  accepted_start_on: string | null
  message: string | null
  offered_by: string
  offered_at: CreatedAt
  responded_by: string | null
  responded_at: Date | null
  decline_reason: string | null
  decline_details: string | null
  withdrawn_by: string | null
  withdrawn_at: Date | null
  withdrawn_reason: string | null
  carried_from_id: Generated<string | null>
}

/** Migration 0025: a link for a user to set their password. */
export interface PasswordLinksTable {
  id: Generated<string>
  council_id: string
  user_id: string
  token_hash: string
  created_by: string
  created_at: CreatedAt
  expires_at: Date
  closed_at: Date | null
}

export interface CldReturnChecksTable {
  council_id: string
  quarter: string
  data_version: string
  checked_at: Date
  outcome: unknown
}

/** A record a recorded death ended, as it stood before (migration 0031). */
export interface SupportEndedAtDeathTable {
  id: Generated<string>
  council_id: string
  person_id: string
  record_type: 'support_plan' | 'reablement' | 'request' | 'carer_link'
  record_id: string
  before: Json<Record<string, string | null>>
  events_before: Json<{ id: string; event_end_on: string | null; event_outcome: string | null }[]>
}

export interface Schema {
  councils: CouncilsTable
  instance_settings: InstanceSettingsTable
  teams: TeamsTable
  users: UsersTable
  sessions: SessionsTable
  people: PeopleTable
  support_requests: SupportRequestsTable
  assessments: AssessmentsTable
  time_entries: TimeEntriesTable
  cld_events: CldEventsTable
  /** Read events through this view: ASCEND's own and complete, unsuperseded imports' (0005). */
  cld_events_live: CldEventsTable
  /** Read people through this view: hides people an unfinished import brought (0005). */
  people_live: PeopleTable
  cld_imports: CldImportsTable
  cld_import_problems: CldImportProblemsTable
  cld_import_people: CldImportPeopleTable
  audit_log: AuditLogTable
  ras_configurations: RasConfigurationsTable
  indicative_budgets: IndicativeBudgetsTable
  support_plans: SupportPlansTable
  support_plan_lines: SupportPlanLinesTable
  delegation_schemes: DelegationSchemesTable
  funding_requests: FundingRequestsTable
  decision_steps: DecisionStepsTable
  decision_settings: DecisionSettingsTable
  panel_meetings: PanelMeetingsTable
  panel_meeting_members: PanelMeetingMembersTable
  panel_agenda_items: PanelAgendaItemsTable
  reablement_episodes: ReablementEpisodesTable
  at_home_checks: AtHomeChecksTable
  reviews: ReviewsTable
  council_populations: CouncilPopulationsTable
  council_measures: CouncilMeasuresTable
  measure_data_changes: MeasureDataChangesTable
  measure_results: MeasureResultsTable
  measure_changed_people: MeasureChangedPeopleTable
  measure_slice_rows: MeasureSliceRowsTable
  self_assessments: SelfAssessmentsTable
  self_assessment_areas: SelfAssessmentAreasTable
  self_assessment_actions: SelfAssessmentActionsTable
  benchmark_packs: BenchmarkPacksTable
  benchmark_peer_groups: BenchmarkPeerGroupsTable
  benchmark_council_context: BenchmarkCouncilContextTable
  budget_accounts: BudgetAccountsTable
  budget_transactions: BudgetTransactionsTable
  budget_postings: BudgetPostingsTable
  budget_statement_links: BudgetStatementLinksTable
  providers: ProvidersTable
  carer_links: CarerLinksTable
  password_links: PasswordLinksTable
  cld_return_checks: CldReturnChecksTable
  support_ended_at_death: SupportEndedAtDeathTable
  package_offers: PackageOffersTable
  provider_services: ProviderServicesTable
}
