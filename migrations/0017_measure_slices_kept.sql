-- A large council's measures are worked out a slice of people at a time
-- (src/modules/measures/person-slices.ts). Each slice's rows are kept, and a
-- change to a few people's records makes only their slices be worked out
-- again (src/modules/measures/kept-slices.ts): on a council of a million CLD
-- events, a practitioner recording one event no longer sends every measure
-- back to its start.

-- People whose events or record a statement changed, when it changed only a
-- few rows (a practitioner's recording). A statement that changed more (a
-- CLD import's batch) is noted for the whole council in measure_data_changes,
-- as before.
CREATE TABLE measure_changed_people (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  council_id uuid NOT NULL,
  person_id uuid NOT NULL
);
CREATE INDEX measure_changed_people_council ON measure_changed_people (council_id, person_id, id);

-- One slice's rows of one family's query for a council and period, valid
-- while the family's SQL (fingerprint), the council's own changes
-- (council_version) and the changes to the slice's people (people_version)
-- are as they were when it was worked out.
CREATE TABLE measure_slice_rows (
  council_id uuid NOT NULL REFERENCES councils(id),
  family text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  first_person uuid NOT NULL,
  next_person uuid NOT NULL,
  fingerprint text NOT NULL,
  council_version text NOT NULL,
  people_version text NOT NULL,
  rows jsonb NOT NULL,
  PRIMARY KEY (council_id, family, period_start, period_end, first_person)
);

-- A statement on events or people that changed at most this many rows names
-- the people it changed (an update, those of its rows before and after: an
-- event moved from one person to another changes both); one that changed
-- more, the council.
CREATE FUNCTION note_measure_people_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM changed_rows OFFSET 50) THEN
    INSERT INTO measure_data_changes (council_id) SELECT DISTINCT council_id FROM changed_rows;
  -- (A statement is planned when it is first run: those naming old_rows run only for an update.)
  ELSIF TG_TABLE_NAME = 'people' AND TG_OP = 'UPDATE' THEN
    INSERT INTO measure_changed_people (council_id, person_id)
    SELECT council_id, id FROM changed_rows UNION SELECT council_id, id FROM old_rows;
  ELSIF TG_TABLE_NAME = 'people' THEN
    INSERT INTO measure_changed_people (council_id, person_id) SELECT DISTINCT council_id, id FROM changed_rows;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO measure_changed_people (council_id, person_id)
    SELECT council_id, person_id FROM changed_rows UNION SELECT council_id, person_id FROM old_rows;
  ELSE
    INSERT INTO measure_changed_people (council_id, person_id)
    SELECT DISTINCT council_id, person_id FROM changed_rows;
  END IF;
  RETURN NULL;
END;
$$;

DROP TRIGGER cld_events_measures_insert ON cld_events;
DROP TRIGGER cld_events_measures_update ON cld_events;
DROP TRIGGER cld_events_measures_delete ON cld_events;
DROP TRIGGER people_measures_insert ON people;
DROP TRIGGER people_measures_update ON people;
DROP TRIGGER people_measures_delete ON people;

CREATE TRIGGER cld_events_measures_insert AFTER INSERT ON cld_events
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION note_measure_people_change();
CREATE TRIGGER cld_events_measures_update AFTER UPDATE ON cld_events
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION note_measure_people_change();
CREATE TRIGGER cld_events_measures_delete AFTER DELETE ON cld_events
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION note_measure_people_change();
CREATE TRIGGER people_measures_insert AFTER INSERT ON people
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION note_measure_people_change();
CREATE TRIGGER people_measures_update AFTER UPDATE ON people
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION note_measure_people_change();
CREATE TRIGGER people_measures_delete AFTER DELETE ON people
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION note_measure_people_change();
