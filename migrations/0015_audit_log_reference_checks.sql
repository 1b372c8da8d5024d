-- Every page that shows people writes to the audit log: a search one entry
-- for each person it lists, and reads that arrive together share one
-- statement, so a statement often holds a hundred entries of one council and
-- a few users. Its two foreign keys checked and locked the council and the
-- user once per entry: on the embedded database about 12 µs an entry, 40 % of
-- writing it. The same two rules (an entry's council and user exist, and stay
-- while entries refer to them) are kept as migration 0011 keeps them for
-- cld_events: checked once per statement for each council and user it names,
-- with the foreign key's error code (23503) and message. The log is
-- append-only (migration 0001's triggers refuse updates), so only inserts are
-- checked.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_council_id_fkey;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_user_id_fkey;

CREATE FUNCTION audit_log_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  SELECT n.council_id::text INTO missing
  FROM (SELECT DISTINCT council_id FROM new_rows WHERE council_id IS NOT NULL) n
  LEFT JOIN LATERAL (SELECT c.id FROM councils c WHERE c.id = n.council_id OFFSET 0 FOR KEY SHARE) found ON true
  WHERE found.id IS NULL
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "audit_log" violates foreign key constraint "audit_log_council_id_fkey"'
      USING ERRCODE = 'foreign_key_violation',
        DETAIL = format('Key (council_id)=(%s) is not present in table "councils".', missing);
  END IF;
  SELECT n.user_id::text INTO missing
  FROM (SELECT DISTINCT user_id FROM new_rows WHERE user_id IS NOT NULL) n
  LEFT JOIN LATERAL (SELECT u.id FROM users u WHERE u.id = n.user_id OFFSET 0 FOR KEY SHARE) found ON true
  WHERE found.id IS NULL
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "audit_log" violates foreign key constraint "audit_log_user_id_fkey"'
      USING ERRCODE = 'foreign_key_violation',
        DETAIL = format('Key (user_id)=(%s) is not present in table "users".', missing);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER audit_log_references_insert AFTER INSERT ON audit_log
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_log_check_references();

-- A council or user the log names cannot be deleted (or given another id):
-- the old ids not among the new. One function for both tables, told by its
-- trigger which of the log's columns names their rows.
CREATE FUNCTION audit_log_check_not_referenced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  log_column text := TG_ARGV[0];
  held text;
BEGIN
  EXECUTE format(
    'SELECT o.id::text FROM (SELECT id FROM old_rows %s) o
     WHERE EXISTS (SELECT 1 FROM audit_log a WHERE a.%I = o.id) LIMIT 1',
    CASE WHEN TG_OP = 'UPDATE' THEN 'EXCEPT SELECT id FROM new_rows' ELSE '' END,
    log_column) INTO held;
  IF held IS NOT NULL THEN
    RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "audit_log_%_fkey" on table "audit_log"',
        TG_TABLE_NAME, log_column
      USING ERRCODE = 'foreign_key_violation',
        DETAIL = format('Key (id)=(%s) is still referenced from table "audit_log".', held);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER councils_audit_log_references_delete AFTER DELETE ON councils
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_check_not_referenced('council_id');
CREATE TRIGGER councils_audit_log_references_update AFTER UPDATE ON councils
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_check_not_referenced('council_id');
CREATE TRIGGER users_audit_log_references_delete AFTER DELETE ON users
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_check_not_referenced('user_id');
CREATE TRIGGER users_audit_log_references_update AFTER UPDATE ON users
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_check_not_referenced('user_id');
