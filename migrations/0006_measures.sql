-- Measures: each council's population (for the per-100,000 rates), the local
-- measures a council defines itself, and a cache of computed figures that is
-- thrown away when the data under it changes.

-- ONS mid-year population estimate by age band; `year` is the mid-year (2024 =
-- mid-2024, used for the 2024-25 financial year).
CREATE TABLE council_populations (
  council_id uuid NOT NULL REFERENCES councils(id),
  year integer NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  aged_18_to_64 integer NOT NULL CHECK (aged_18_to_64 >= 0),
  aged_65_plus integer NOT NULL CHECK (aged_65_plus >= 0),
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, year)
);

-- A measure a council adds itself: a numerator and a denominator each chosen
-- from ASCEND's fixed list of counts (never SQL written by a user).
CREATE TABLE council_measures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  code text NOT NULL,
  title text NOT NULL,
  definition text NOT NULL,
  numerator text NOT NULL,
  denominator text NOT NULL,
  unit text NOT NULL CHECK (unit IN ('percent', 'per 1,000', 'ratio')),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (council_id, code)
);

-- One row per statement that changed data a measure reads. A council's data
-- version is (how many rows, the highest id): a count as well as a maximum,
-- so a transaction that commits after a later one still changes the version.
CREATE TABLE measure_data_changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  council_id uuid NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX measure_data_changes_council ON measure_data_changes (council_id, id);

-- Computed figures for one council, measure and period, valid while the data
-- version and the measure's definition (its fingerprint) are unchanged.
CREATE TABLE measure_results (
  council_id uuid NOT NULL REFERENCES councils(id),
  code text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  fingerprint text NOT NULL,
  data_version text NOT NULL,
  numerator double precision,
  denominator double precision,
  value double precision,
  detail jsonb NOT NULL DEFAULT '{}',
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (council_id, code, period_start, period_end)
);

-- Statement-level triggers with transition tables: one cheap insert per
-- statement however many rows it touched, so bulk imports stay fast.
CREATE FUNCTION note_measure_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO measure_data_changes (council_id) SELECT DISTINCT council_id FROM changed_rows;
  RETURN NULL;
END;
$$;

CREATE TRIGGER cld_events_measures_insert AFTER INSERT ON cld_events
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION note_measure_data_change();
CREATE TRIGGER cld_events_measures_update AFTER UPDATE ON cld_events
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION note_measure_data_change();
CREATE TRIGGER cld_events_measures_delete AFTER DELETE ON cld_events
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION note_measure_data_change();

CREATE TRIGGER people_measures_insert AFTER INSERT ON people
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION note_measure_data_change();
CREATE TRIGGER people_measures_update AFTER UPDATE ON people
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION note_measure_data_change();
CREATE TRIGGER people_measures_delete AFTER DELETE ON people
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION note_measure_data_change();

CREATE TRIGGER time_entries_measures_insert AFTER INSERT ON time_entries
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION note_measure_data_change();
CREATE TRIGGER time_entries_measures_update AFTER UPDATE ON time_entries
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION note_measure_data_change();
CREATE TRIGGER time_entries_measures_delete AFTER DELETE ON time_entries
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION note_measure_data_change();

CREATE TRIGGER council_populations_measures_insert AFTER INSERT ON council_populations
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION note_measure_data_change();
CREATE TRIGGER council_populations_measures_update AFTER UPDATE ON council_populations
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION note_measure_data_change();
