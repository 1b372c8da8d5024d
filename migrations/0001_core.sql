-- ASCEND core: councils, users and sessions, people, requests, assessments,
-- practitioner time, CLD events and the audit log.
-- Written for both PostgreSQL 15 (servers) and PGlite (PostgreSQL 18).

CREATE TABLE councils (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  synthetic boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE instance_settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE teams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  name text NOT NULL,
  UNIQUE (council_id, name)
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  email text NOT NULL,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('practitioner', 'team_manager', 'head_of_service', 'panel_member',
    'finance', 'commissioner', 'analyst', 'admin')),
  team_id uuid REFERENCES teams(id),
  password_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE INDEX users_council_team ON users (council_id, team_id);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL CHECK (kind IN ('web', 'api')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  -- CLD LA_Person_Unique_Identifier: the council's own identifier for the person.
  la_person_id text NOT NULL,
  given_name text NOT NULL,
  family_name text NOT NULL,
  date_of_birth date NOT NULL,
  date_of_death date,
  nhs_number text,
  postcode text,
  gender text,
  ethnicity text,
  primary_support_reason text,
  accommodation_status text,
  employment_status text,
  has_unpaid_carer text,
  client_type text NOT NULL DEFAULT 'Service user',
  synthetic boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (council_id, la_person_id)
);
CREATE INDEX people_family_name ON people (council_id, lower(family_name) text_pattern_ops);
CREATE INDEX people_given_name ON people (council_id, lower(given_name) text_pattern_ops);
CREATE INDEX people_date_of_birth ON people (council_id, date_of_birth);
CREATE INDEX people_nhs_number ON people (council_id, nhs_number);
CREATE INDEX people_postcode ON people (council_id, postcode text_pattern_ops);
CREATE SEQUENCE people_la_person_seq;

CREATE TABLE support_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  person_id uuid NOT NULL REFERENCES people(id),
  requested_on date NOT NULL,
  route_of_access text NOT NULL,
  what_was_asked text NOT NULL,
  -- CLD event outcome of triage; null while the request is open.
  triage_outcome text,
  triaged_on date,
  team_id uuid REFERENCES teams(id),
  worker_id uuid REFERENCES users(id),
  allocated_at timestamptz,
  -- Set when the work the request started is done (an NFA triage outcome, or its assessment completed).
  closed_on date,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX support_requests_person ON support_requests (person_id, requested_on);
CREATE INDEX support_requests_team_queue ON support_requests (council_id, team_id, worker_id);
CREATE INDEX support_requests_worker ON support_requests (worker_id);

CREATE TABLE assessments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  person_id uuid NOT NULL REFERENCES people(id),
  request_id uuid REFERENCES support_requests(id),
  kind text NOT NULL CHECK (kind IN ('needs', 'carer')),
  format text NOT NULL CHECK (format IN ('light', 'standard', 'comprehensive')),
  started_on date NOT NULL,
  completed_on date,
  strengths text,
  community_assets text,
  impairment_or_illness boolean,
  needs_from_caring boolean,
  carer_health_at_risk boolean,
  wellbeing_significantly_affected boolean NOT NULL,
  wellbeing_notes text,
  -- {outcomeCode: [difficultyCode, ...]} for outcomes the person cannot achieve.
  outcomes jsonb NOT NULL,
  -- The rule module's determination as computed at the time (kept, never recomputed).
  computed_eligibility jsonb NOT NULL,
  -- Null until the practitioner confirms or overrides the computed eligibility (which completes it).
  eligible boolean,
  decision text CHECK (decision IN ('confirmed', 'overridden')),
  override_reason text,
  -- The CLD event outcome recorded when the assessment completed.
  event_outcome text,
  assessor_id uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessments_person ON assessments (person_id, started_on);

CREATE TABLE time_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  person_id uuid NOT NULL REFERENCES people(id),
  user_id uuid NOT NULL REFERENCES users(id),
  activity text NOT NULL,
  record_id uuid,
  direct_minutes integer NOT NULL DEFAULT 0 CHECK (direct_minutes >= 0),
  travel_minutes integer NOT NULL DEFAULT 0 CHECK (travel_minutes >= 0),
  recording_minutes integer NOT NULL DEFAULT 0 CHECK (recording_minutes >= 0),
  recorded_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX time_entries_council ON time_entries (council_id, recorded_on);

-- Client Level Data events: what ASCEND records, and what CLD files bring in,
-- in the one shape the CLD return and the national measures read.
CREATE TABLE cld_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  person_id uuid NOT NULL REFERENCES people(id),
  client_type text NOT NULL DEFAULT 'Service user',
  event_type text NOT NULL CHECK (event_type IN ('Request', 'Assessment', 'Service', 'Review')),
  event_reference text,
  event_start_on date NOT NULL,
  event_end_on date,
  event_description text,
  event_outcome text,
  request_route_of_access text,
  assessment_type text,
  eligible_needs_identified text,
  method_of_assessment text,
  service_type text,
  service_component text,
  delivery_mechanism text,
  unit_cost_pence integer,
  cost_frequency_unit_type text,
  planned_units_per_week numeric,
  review_reason text,
  review_outcomes_achieved text,
  method_of_review text,
  -- Where the event came from: an ASCEND record (source_record_id) or an import.
  source text NOT NULL DEFAULT 'ascend',
  source_record_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cld_events_person ON cld_events (person_id, event_start_on);
CREATE INDEX cld_events_council_type ON cld_events (council_id, event_type, event_start_on);
CREATE INDEX cld_events_source_record ON cld_events (source_record_id);

-- Append-only: a trigger refuses every update, delete and truncate.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  council_id uuid REFERENCES councils(id),
  user_id uuid REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL,
  record_type text NOT NULL,
  record_id text,
  person_id uuid,
  detail jsonb
);
CREATE INDEX audit_log_council_at ON audit_log (council_id, at DESC);
CREATE INDEX audit_log_person ON audit_log (person_id);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % is not allowed', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
