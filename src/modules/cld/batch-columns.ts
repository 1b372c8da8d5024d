/**
 * The people and cld_events columns a CLD row fills, with their SQL types:
 * shared by the checking thread (which lays a batch out column by column) and
 * the store (which reads the columns back with `unnest`).
 */

export const EVENT_COLUMNS = [
  ['event_type', 'text'],
  ['client_type', 'text'],
  ['event_reference', 'text'],
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
  ['provider_cqc_location_id', 'text'],
  ['provider_cqc_location_name', 'text'],
] as const

export const PERSON_COLUMNS = [
  ['nhs_number', 'text'],
  ['gp_practice_code', 'text'],
  ['gp_practice_name', 'text'],
  ['gender', 'text'],
  ['ethnicity', 'text'],
  ['date_of_birth', 'date'],
  ['date_of_death', 'date'],
  ['client_type', 'text'],
  ['primary_support_reason', 'text'],
  ['postcode', 'text'],
  ['accommodation_status', 'text'],
  ['employment_status', 'text'],
  ['has_unpaid_carer', 'text'],
  ['autism_spectrum_disorder', 'text'],
  ['visual_impairment', 'text'],
  ['hearing_impairment', 'text'],
  ['dementia', 'text'],
  ['total_hrs_caring_per_week', 'text'],
  ['no_of_adults_being_cared_for', 'integer'],
  ['adult_1_linked_person_id', 'text'],
  ['adult_2_linked_person_id', 'text'],
  ['adult_3_linked_person_id', 'text'],
] as const

export type EventColumn = (typeof EVENT_COLUMNS)[number][0]
export type PersonColumn = (typeof PERSON_COLUMNS)[number][0]
