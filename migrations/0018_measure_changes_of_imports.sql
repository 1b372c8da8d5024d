-- A CLD import's writes are noted for the whole council, however few rows a
-- statement of theirs changes. While pages are being asked for, the service's
-- import writes batches of as few as 20 rows, and migration 0017 noted each
-- batch's people one by one: a million-row import noted hundreds of thousands
-- of people, and its writes took longer. An import's rows count only once it
-- completes, which is noted for the whole council anyway. (Noting people is
-- never wrong, only slower: whatever a statement changed, the slices of the
-- people it names are worked out again.)
CREATE OR REPLACE FUNCTION note_measure_people_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  whole boolean := EXISTS (SELECT 1 FROM changed_rows OFFSET 50);
BEGIN
  -- (Each query is planned when it is first run, and names only the columns of the table it runs for.)
  IF NOT whole AND TG_TABLE_NAME = 'cld_events' THEN
    -- An import's events (its own, or those of an earlier import it supersedes or adopts).
    whole := EXISTS (SELECT 1 FROM changed_rows WHERE import_id IS NOT NULL);
  ELSIF NOT whole AND TG_TABLE_NAME = 'people' AND TG_OP = 'INSERT' THEN
    -- People an import brings; a practitioner's change to one afterwards is theirs alone.
    whole := EXISTS (SELECT 1 FROM changed_rows WHERE created_by_import_id IS NOT NULL);
  END IF;
  IF whole THEN
    INSERT INTO measure_data_changes (council_id) SELECT DISTINCT council_id FROM changed_rows;
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
