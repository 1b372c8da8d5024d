-- Support planning and funding decisions: the council's resource allocation
-- system (RAS) and the indicative budgets it gave, support plans in versions
-- with their lines, the scheme of delegation, funding requests and every step
-- of deciding them.

-- Each save of a council's RAS is a new version; a budget given under an older
-- one keeps saying how it was worked out. No row: ASCEND's default (version 0).
CREATE TABLE ras_configurations (
  council_id uuid NOT NULL REFERENCES councils(id),
  version integer NOT NULL CHECK (version > 0),
  config jsonb NOT NULL,
  note text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, version)
);

-- An indicative budget as given: kept with its configuration version and its
-- explanation, never recomputed. One per assessment.
CREATE TABLE indicative_budgets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  person_id uuid NOT NULL REFERENCES people(id),
  assessment_id uuid NOT NULL REFERENCES assessments(id),
  ras_version integer NOT NULL CHECK (ras_version >= 0),
  -- The council's extra questions as answered: {questionCode: optionCode}.
  answers jsonb NOT NULL,
  points integer NOT NULL,
  weekly_pence integer NOT NULL CHECK (weekly_pence >= 0),
  explanation jsonb NOT NULL,
  given_by uuid NOT NULL REFERENCES users(id),
  given_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (council_id, assessment_id)
);
CREATE INDEX indicative_budgets_person ON indicative_budgets (person_id);

-- A support plan is a series of versions; a change makes a new version and
-- the old one stays readable. series_id is the first version's id.
CREATE TABLE support_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  person_id uuid NOT NULL REFERENCES people(id),
  series_id uuid NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  assessment_id uuid NOT NULL REFERENCES assessments(id),
  indicative_budget_id uuid NOT NULL REFERENCES indicative_budgets(id),
  -- draft → submitted → active → superseded; or refused / returned; a draft
  -- changed before it was submitted is replaced by its new version.
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'active', 'superseded', 'replaced', 'refused', 'returned')),
  weekly_cost_pence integer NOT NULL CHECK (weekly_cost_pence >= 0),
  annual_cost_pence integer NOT NULL CHECK (annual_cost_pence >= 0),
  -- The personal budget a decision approved a week (the plan's cost, or an amended amount).
  approved_weekly_pence integer CHECK (approved_weekly_pence >= 0),
  active_from date,
  active_to date,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (series_id, version)
);
CREATE INDEX support_plans_person ON support_plans (council_id, person_id, created_at);
-- One active plan per person, and one version open for change per series.
CREATE UNIQUE INDEX support_plans_one_active ON support_plans (person_id) WHERE status = 'active';
CREATE UNIQUE INDEX support_plans_one_open ON support_plans (series_id) WHERE status IN ('draft', 'submitted');

CREATE TABLE support_plan_lines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  plan_id uuid NOT NULL REFERENCES support_plans(id),
  position integer NOT NULL CHECK (position > 0),
  -- CLD Release 2 strings.
  service_type text NOT NULL,
  service_component text,
  -- ASCEND's own: an individual service fund has no CLD delivery mechanism.
  delivery_mechanism text NOT NULL
    CHECK (delivery_mechanism IN ('direct_payment', 'individual_service_fund', 'managed_budget', 'commissioned')),
  funding_source text NOT NULL CHECK (funding_source IN ('council', 'nhs', 'pooled_fund', 'person_contribution')),
  -- Free text until the provider directory exists.
  provider text,
  unit_cost_pence integer NOT NULL CHECK (unit_cost_pence >= 0),
  units_per_week numeric(9, 2) NOT NULL CHECK (units_per_week > 0),
  -- CLD Cost_Frequency_Unit_Type.
  cost_unit text NOT NULL,
  weekly_pence integer NOT NULL CHECK (weekly_pence >= 0),
  one_off_pence integer NOT NULL DEFAULT 0 CHECK (one_off_pence >= 0),
  UNIQUE (plan_id, position)
);

-- The council's scheme of delegation, as ordered rules; each save a new
-- version. No row: ASCEND's default scheme (version 0, the demo scheme).
CREATE TABLE delegation_schemes (
  council_id uuid NOT NULL REFERENCES councils(id),
  version integer NOT NULL CHECK (version > 0),
  scheme jsonb NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, version)
);

CREATE TABLE funding_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  person_id uuid NOT NULL REFERENCES people(id),
  plan_id uuid NOT NULL UNIQUE REFERENCES support_plans(id),
  -- The authority level the scheme routed it to, and why.
  route text NOT NULL CHECK (route IN ('practitioner', 'team_manager', 'head_of_service', 'panel')),
  scheme_version integer NOT NULL,
  rule_number integer,
  route_reason text NOT NULL,
  -- The plan's figures when it was submitted, as the router saw them.
  weekly_cost_pence integer NOT NULL,
  annual_cost_pence integer NOT NULL,
  indicative_weekly_pence integer NOT NULL,
  -- pending and deferred wait in the queue; the rest are decided.
  status text NOT NULL CHECK (status IN ('pending', 'deferred', 'approved', 'amended', 'refused', 'returned')),
  -- Counts decisions, so that two deciders of a deferred request cannot both win.
  decision_count integer NOT NULL DEFAULT 0,
  submitted_by uuid NOT NULL REFERENCES users(id),
  submitted_at timestamptz NOT NULL,
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz,
  approved_weekly_pence integer,
  reasons text
);
CREATE INDEX funding_requests_queue ON funding_requests (council_id, route, status, submitted_at);
CREATE INDEX funding_requests_person ON funding_requests (person_id);

-- Every step of deciding a request, with when, who and how long it took, so
-- the council can see what each route costs in days and in staff time.
CREATE TABLE decision_steps (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  council_id uuid NOT NULL REFERENCES councils(id),
  funding_request_id uuid NOT NULL REFERENCES funding_requests(id),
  person_id uuid NOT NULL REFERENCES people(id),
  step text NOT NULL CHECK (step IN ('submitted', 'routed', 'approved', 'amended', 'refused', 'deferred', 'returned')),
  -- The level the request was at when the step happened.
  level text NOT NULL CHECK (level IN ('practitioner', 'team_manager', 'head_of_service', 'panel')),
  at timestamptz NOT NULL,
  -- Null for routing, which the scheme does.
  user_id uuid REFERENCES users(id),
  minutes integer CHECK (minutes >= 0),
  reasons text,
  detail jsonb
);
CREATE INDEX decision_steps_request ON decision_steps (funding_request_id, id);
CREATE INDEX decision_steps_council_at ON decision_steps (council_id, at);
