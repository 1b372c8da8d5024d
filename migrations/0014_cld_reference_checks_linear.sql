-- The statement-level checks of migration 0011 compared an update's old and
-- new rows with a join of its two transition tables, which have no
-- statistics: the planner took a nested loop, every new row against every
-- old one. A batch of a re-imported file marks thousands of events as seen
-- again (an UPDATE of each), and 5,000 of them took 1.5 s in that join alone;
-- 20,000, half a minute. The same questions are asked with EXCEPT, which
-- hashes or sorts each table once. Errors and messages are as before.
CREATE OR REPLACE FUNCTION cld_events_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  -- An update is checked only when it changes an event's person or council, as a key is.
  -- (Two IFs: the inner query names old_rows, which an insert does not have.)
  IF TG_OP = 'UPDATE' THEN
    IF NOT EXISTS (
      SELECT id, person_id, council_id FROM new_rows
      EXCEPT
      SELECT id, person_id, council_id FROM old_rows
    ) THEN
      RETURN NULL;
    END IF;
  END IF;
  SELECT n.person_id::text INTO missing
  FROM (SELECT DISTINCT person_id FROM new_rows) n
  LEFT JOIN LATERAL (SELECT p.id FROM people p WHERE p.id = n.person_id OFFSET 0 FOR KEY SHARE) found ON true
  WHERE found.id IS NULL
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "cld_events" violates foreign key constraint "cld_events_person_id_fkey"'
      USING ERRCODE = 'foreign_key_violation',
        DETAIL = format('Key (person_id)=(%s) is not present in table "people".', missing);
  END IF;
  SELECT n.council_id::text INTO missing
  FROM (SELECT DISTINCT council_id FROM new_rows) n
  LEFT JOIN LATERAL (SELECT c.id FROM councils c WHERE c.id = n.council_id OFFSET 0 FOR KEY SHARE) found ON true
  WHERE found.id IS NULL
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "cld_events" violates foreign key constraint "cld_events_council_id_fkey"'
      USING ERRCODE = 'foreign_key_violation',
        DETAIL = format('Key (council_id)=(%s) is not present in table "councils".', missing);
  END IF;
  RETURN NULL;
END;
$$;

-- A person (or council) whose id an update takes away: the old ids not among the new.
CREATE OR REPLACE FUNCTION people_check_not_referenced_by_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  held text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    SELECT o.id::text INTO held
    FROM (SELECT id FROM old_rows EXCEPT SELECT id FROM new_rows) o
    WHERE EXISTS (SELECT 1 FROM cld_events e WHERE e.person_id = o.id)
    LIMIT 1;
  ELSE
    SELECT o.id::text INTO held FROM old_rows o
    WHERE EXISTS (SELECT 1 FROM cld_events e WHERE e.person_id = o.id)
    LIMIT 1;
  END IF;
  IF FOUND THEN
    RAISE EXCEPTION 'update or delete on table "people" violates foreign key constraint "cld_events_person_id_fkey" on table "cld_events"'
      USING ERRCODE = 'foreign_key_violation',
        DETAIL = format('Key (id)=(%s) is still referenced from table "cld_events".', held);
  END IF;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION councils_check_not_referenced_by_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  held text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    SELECT o.id::text INTO held
    FROM (SELECT id FROM old_rows EXCEPT SELECT id FROM new_rows) o
    WHERE EXISTS (SELECT 1 FROM cld_events e WHERE e.council_id = o.id)
    LIMIT 1;
  ELSE
    SELECT o.id::text INTO held FROM old_rows o
    WHERE EXISTS (SELECT 1 FROM cld_events e WHERE e.council_id = o.id)
    LIMIT 1;
  END IF;
  IF FOUND THEN
    RAISE EXCEPTION 'update or delete on table "councils" violates foreign key constraint "cld_events_council_id_fkey" on table "cld_events"'
      USING ERRCODE = 'foreign_key_violation',
        DETAIL = format('Key (id)=(%s) is still referenced from table "cld_events".', held);
  END IF;
  RETURN NULL;
END;
$$;
