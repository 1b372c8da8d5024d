-- The council's yearly self-assessment (a score of 0 to 3 and a justification
-- in each of six areas, with an action plan) and benchmarking (peers'
-- benchmark packs as imported, the council's chosen peer group and the
-- context figures only the council can enter).

-- One self-assessment per council and financial year ('2026-27'); earlier
-- years are kept as they were left.
CREATE TABLE self_assessments (
  council_id uuid NOT NULL REFERENCES councils(id),
  year text NOT NULL CHECK (year ~ '^[0-9]{4}-[0-9]{2}$'),
  started_by uuid REFERENCES users(id),
  started_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, year)
);

-- One row per area once it has been scored.
CREATE TABLE self_assessment_areas (
  council_id uuid NOT NULL,
  year text NOT NULL,
  area text NOT NULL CHECK (area IN ('prevention', 'recovery', 'long-term-support', 'business-processes',
    'partnership-working', 'engagement')),
  score smallint NOT NULL CHECK (score BETWEEN 0 AND 3),
  justification text NOT NULL,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, year, area),
  FOREIGN KEY (council_id, year) REFERENCES self_assessments (council_id, year)
);

-- The action plan: what will be done in an area, by whom and by when.
CREATE TABLE self_assessment_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL,
  year text NOT NULL,
  area text NOT NULL,
  action text NOT NULL,
  owner text NOT NULL,
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'not-started' CHECK (status IN ('not-started', 'in-progress', 'complete')),
  completed_on date,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (council_id, year) REFERENCES self_assessments (council_id, year),
  CHECK ((status = 'complete') = (completed_on IS NOT NULL))
);
CREATE INDEX self_assessment_actions_year ON self_assessment_actions (council_id, year, area);

-- A peer council's benchmark pack as imported by this council: the whole
-- validated document, and the fields it is found by. A newer export of the
-- same peer and year replaces the older.
CREATE TABLE benchmark_packs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  peer_code text NOT NULL,
  peer_name text NOT NULL,
  year text NOT NULL CHECK (year ~ '^[0-9]{4}-[0-9]{2}$'),
  version integer NOT NULL,
  generated_at timestamptz NOT NULL,
  pack jsonb NOT NULL,
  imported_by uuid REFERENCES users(id),
  imported_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (council_id, peer_code, year)
);

-- The council's peer group: chosen by hand, or by nearest neighbours on the
-- context variables named in `variables`.
CREATE TABLE benchmark_peer_groups (
  council_id uuid PRIMARY KEY REFERENCES councils(id),
  method text NOT NULL CHECK (method IN ('hand', 'nearest')),
  peer_codes jsonb NOT NULL,
  variables jsonb NOT NULL DEFAULT '[]',
  year text,
  chosen_by uuid REFERENCES users(id),
  chosen_at timestamptz NOT NULL DEFAULT now()
);

-- Context for nearest neighbours that ASCEND cannot count from records:
-- the council's average Index of Multiple Deprivation score and the share of
-- its population living in rural areas, as the council enters them.
CREATE TABLE benchmark_council_context (
  council_id uuid PRIMARY KEY REFERENCES councils(id),
  deprivation_score double precision CHECK (deprivation_score >= 0 AND deprivation_score <= 100),
  rural_percent double precision CHECK (rural_percent >= 0 AND rural_percent <= 100),
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
