-- CLD imports: a council's Client Level Data file loaded into the same people
-- and cld_events tables that ASCEND's own records feed.
--
-- PGlite has one connection, so an import cannot hold one transaction for a
-- million rows without freezing every page. Instead its rows go into the live
-- tables in small autocommitted batches, tagged with the import, and stay
-- invisible until one short transaction marks the import complete. Readers go
-- through the views `cld_events_live` and `people_live` below, never the
-- tables. A crashed import's rows are deleted when the service next starts.

CREATE TABLE cld_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  file_name text NOT NULL,
  -- 'loading' while rows go in; 'complete' once visible; 'failed' when the
  -- file was refused (wrong header) or the import stopped, its rows deleted.
  status text NOT NULL DEFAULT 'loading' CHECK (status IN ('loading', 'complete', 'failed')),
  -- Where it came from: the web upload, the API or the command line.
  channel text NOT NULL CHECK (channel IN ('web', 'api', 'cli')),
  created_by uuid REFERENCES users(id),
  started_at timestamptz NOT NULL DEFAULT now(),
  -- Moved on by every batch; a 'loading' import that stops moving has crashed.
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  -- The process loading it (host:pid): one on this host that is gone has crashed.
  runner text,
  finished_at timestamptz,
  -- A failed import's rows are deleted in batches; set once they all are.
  cleaned_up_at timestamptz,
  -- Person details of a complete import are applied to people in batches after
  -- it completes; null until they all are (resumed after a crash).
  people_applied_at timestamptz,
  bytes_total bigint,
  bytes_read bigint NOT NULL DEFAULT 0,
  rows_read integer NOT NULL DEFAULT 0,
  rows_loaded integer NOT NULL DEFAULT 0,
  rows_unchanged integer NOT NULL DEFAULT 0,
  rows_with_problems integer NOT NULL DEFAULT 0,
  rows_dropped integer NOT NULL DEFAULT 0,
  problems integer NOT NULL DEFAULT 0,
  events_superseded integer NOT NULL DEFAULT 0,
  people_created integer NOT NULL DEFAULT 0,
  -- The span of Reporting_Period_Start_Date / _End_Date stated in the rows.
  reporting_period_start_on date,
  reporting_period_end_on date,
  -- Why a failed import failed, in words for the person who sent the file.
  error text
);
CREATE INDEX cld_imports_council ON cld_imports (council_id, started_at DESC);
-- One import at a time per council: a rolling file supersedes by comparing
-- with what is live, which a second concurrent import would change under it.
CREATE UNIQUE INDEX cld_imports_one_loading ON cld_imports (council_id) WHERE status = 'loading';

-- Every problem found in a file, by physical line (the header is line 1).
CREATE TABLE cld_import_problems (
  import_id uuid NOT NULL REFERENCES cld_imports(id) ON DELETE CASCADE,
  seq integer NOT NULL,
  line integer NOT NULL,
  field text NOT NULL,
  value text,
  problem text NOT NULL,
  action text NOT NULL,
  PRIMARY KEY (import_id, seq)
);
CREATE INDEX cld_import_problems_line ON cld_import_problems (import_id, line, seq);

-- The latest person details each import brought for each person, applied to
-- `people` once the import is complete.
CREATE TABLE cld_import_people (
  import_id uuid NOT NULL REFERENCES cld_imports(id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  -- Event start date and line of the row the details came from: the latest wins.
  sort_key text NOT NULL,
  details jsonb NOT NULL,
  PRIMARY KEY (import_id, person_id)
);

-- People: CLD carries no names, and a date of birth can be invalid.
ALTER TABLE people ALTER COLUMN given_name DROP NOT NULL;
ALTER TABLE people ALTER COLUMN family_name DROP NOT NULL;
ALTER TABLE people ALTER COLUMN date_of_birth DROP NOT NULL;
ALTER TABLE people ADD COLUMN gp_practice_code text;
ALTER TABLE people ADD COLUMN gp_practice_name text;
ALTER TABLE people ADD COLUMN autism_spectrum_disorder text;
ALTER TABLE people ADD COLUMN visual_impairment text;
ALTER TABLE people ADD COLUMN hearing_impairment text;
ALTER TABLE people ADD COLUMN dementia text;
-- An unpaid carer's caring (CLD carers module), as the latest row gave it.
ALTER TABLE people ADD COLUMN total_hrs_caring_per_week text;
ALTER TABLE people ADD COLUMN no_of_adults_being_cared_for integer;
ALTER TABLE people ADD COLUMN adult_1_linked_person_id text;
ALTER TABLE people ADD COLUMN adult_2_linked_person_id text;
ALTER TABLE people ADD COLUMN adult_3_linked_person_id text;
ALTER TABLE people ADD COLUMN created_by_import_id uuid REFERENCES cld_imports(id);
CREATE INDEX people_created_by_import ON people (created_by_import_id) WHERE created_by_import_id IS NOT NULL;

-- DHSC's unique event (R2 methodology, deduplication step 1, joined
-- submissions): the same person, start, client type and event type, the end
-- date except for services, and the route, assessment type or service type and
-- component. For queries that need it (the measures); the import computes the
-- same key in TypeScript (`eventKey`), tested to agree. Dates go in as day
-- numbers: a date's text form depends on DateStyle.
CREATE FUNCTION cld_event_key(
  event_type text, person_id uuid, client_type text, event_start_on date, event_end_on date,
  request_route_of_access text, assessment_type text, service_type text, service_component text
) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT event_type || '|' || person_id::text || '|' || coalesce(client_type, '') || '|' ||
    (event_start_on - DATE '2000-01-01')::text || '|' ||
    CASE WHEN event_type = 'Service' THEN '' ELSE coalesce((event_end_on - DATE '2000-01-01')::text, '') END || '|' ||
    CASE event_type
      WHEN 'Request' THEN coalesce(request_route_of_access, '')
      WHEN 'Assessment' THEN coalesce(assessment_type, '')
      WHEN 'Service' THEN coalesce(service_type, '') || '|' || coalesce(service_component, '')
      ELSE ''
    END
$$;

ALTER TABLE cld_events ADD COLUMN client_funding_status text;
ALTER TABLE cld_events ADD COLUMN provider_cqc_location_id text;
ALTER TABLE cld_events ADD COLUMN provider_cqc_location_name text;
-- The import that brought the event (null for ASCEND's own records), and the
-- physical line of the file it came from.
ALTER TABLE cld_events ADD COLUMN import_id uuid;
ALTER TABLE cld_events ADD COLUMN import_line integer;
-- A later import that replaces this event; it counts once that import is complete.
ALTER TABLE cld_events ADD COLUMN superseded_by_import_id uuid;
-- The last import whose file held this event unchanged (so it was kept, not
-- copied), and the line it was on there.
ALTER TABLE cld_events ADD COLUMN last_seen_import_id uuid;
ALTER TABLE cld_events ADD COLUMN last_seen_line integer;
CREATE INDEX cld_events_import ON cld_events (import_id) WHERE import_id IS NOT NULL;
CREATE INDEX cld_events_superseded ON cld_events (superseded_by_import_id) WHERE superseded_by_import_id IS NOT NULL;

-- The events that count: ASCEND's own, and those of complete imports that no
-- complete later import has superseded. Timelines, the CLD export and the
-- measures read this, never cld_events itself. (A view's columns are fixed
-- when it is made: a migration adding a column to cld_events re-creates it.)
CREATE VIEW cld_events_live AS
SELECT e.*
FROM cld_events e
WHERE (e.import_id IS NULL OR e.import_id IN (SELECT id FROM cld_imports WHERE status = 'complete'))
  AND (e.superseded_by_import_id IS NULL
    OR e.superseded_by_import_id NOT IN (SELECT id FROM cld_imports WHERE status = 'complete'));

-- People, without those first brought by an import still loading.
CREATE VIEW people_live AS
SELECT p.*
FROM people p
WHERE p.created_by_import_id IS NULL
  OR p.created_by_import_id IN (SELECT id FROM cld_imports WHERE status = 'complete');
