-- cld_events takes millions of rows from CLD imports. A foreign key checks
-- each row on its own, with a query and a row lock per row: on cld_events
-- that cost about as much as inserting the row. The same two rules (an event's
-- person and council exist, and stay while it refers to them) are kept by
-- statement-level triggers that check all of a statement's rows at once, as
-- the foreign keys did: the people and councils referred to are locked
-- (FOR KEY SHARE, once each) so that they cannot be deleted meanwhile, then
-- any that does not exist is an error with the foreign key's code (23503) and
-- message. Deleting a person or council that events refer to is refused the
-- same way. (Like the keys, this relies on READ COMMITTED, ASCEND's isolation.)
ALTER TABLE cld_events DROP CONSTRAINT cld_events_person_id_fkey;
ALTER TABLE cld_events DROP CONSTRAINT cld_events_council_id_fkey;

-- Each person and council is found by its primary key, one lookup each
-- whatever the planner's statistics say (OFFSET 0), never by a scan.
CREATE FUNCTION cld_events_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  -- An update is checked only when it changes an event's person or council, as a key is.
  -- (Two IFs: the inner query names old_rows, which an insert does not have.)
  IF TG_OP = 'UPDATE' THEN
    IF NOT EXISTS (
      SELECT 1 FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
      WHERE o.id IS NULL OR o.person_id <> n.person_id OR o.council_id <> n.council_id
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

CREATE TRIGGER cld_events_references_insert AFTER INSERT ON cld_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cld_events_check_references();
CREATE TRIGGER cld_events_references_update AFTER UPDATE ON cld_events
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cld_events_check_references();

-- A person or council that events refer to cannot be deleted (or given another id).
CREATE FUNCTION people_check_not_referenced_by_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  held text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    SELECT o.id::text INTO held FROM old_rows o
    WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id)
      AND EXISTS (SELECT 1 FROM cld_events e WHERE e.person_id = o.id)
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

CREATE TRIGGER people_events_references_delete AFTER DELETE ON people
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION people_check_not_referenced_by_events();
CREATE TRIGGER people_events_references_update AFTER UPDATE ON people
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION people_check_not_referenced_by_events();

CREATE FUNCTION councils_check_not_referenced_by_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  held text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    SELECT o.id::text INTO held FROM old_rows o
    WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id)
      AND EXISTS (SELECT 1 FROM cld_events e WHERE e.council_id = o.id)
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

CREATE TRIGGER councils_events_references_delete AFTER DELETE ON councils
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION councils_check_not_referenced_by_events();
CREATE TRIGGER councils_events_references_update AFTER UPDATE ON councils
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION councils_check_not_referenced_by_events();

-- Events that ASCEND records itself carry the record they came from; imported
-- events (nearly all of them) carry none, and need no entry in its index.
DROP INDEX cld_events_source_record;
CREATE INDEX cld_events_source_record ON cld_events (source_record_id) WHERE source_record_id IS NOT NULL;

-- cld_import_people is an import's scratch list of the latest details of each
-- person it brought, read once by applyPeopleDetails and deleted by it or by
-- cleanUpImport (which deletes it first, before any person). Its two keys
-- checked every row an import staged (one row a person a batch) and guarded
-- nothing those two do not already: imports are never deleted, and people
-- only by cleanUpImport.
ALTER TABLE cld_import_people DROP CONSTRAINT cld_import_people_import_id_fkey;
ALTER TABLE cld_import_people DROP CONSTRAINT cld_import_people_person_id_fkey;
