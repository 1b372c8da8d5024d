-- A person recorded twice is merged: every record of the duplicate moves to
-- the person kept, and the duplicate stays as a row (its audit trail names
-- it) marked as merged into the other, so that an old link to it leads to
-- the person kept. A merged row is nobody's record: `people_live` leaves it out.
ALTER TABLE people ADD COLUMN merged_into_id uuid REFERENCES people(id);
ALTER TABLE people ADD COLUMN merged_at timestamptz;
ALTER TABLE people ADD COLUMN merged_by uuid REFERENCES users(id);
ALTER TABLE people ADD CONSTRAINT people_merged_whole
  CHECK ((merged_into_id IS NULL) = (merged_at IS NULL) AND (merged_at IS NULL) = (merged_by IS NULL));
ALTER TABLE people ADD CONSTRAINT people_not_merged_into_self CHECK (merged_into_id <> id);
CREATE INDEX people_merged_into ON people (merged_into_id) WHERE merged_into_id IS NOT NULL;

-- The same columns as before (p.* now adds the three above at the end), without merged rows.
CREATE OR REPLACE VIEW people_live AS
SELECT p.*
FROM people p
WHERE p.merged_into_id IS NULL
  AND (p.created_by_import_id IS NULL
    OR p.created_by_import_id IN (SELECT id FROM cld_imports WHERE status = 'complete'));
