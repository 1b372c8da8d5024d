-- Who completed an assessment, and when: the practitioner who confirms or
-- overrides the computed eligibility may not be the one who recorded it.
ALTER TABLE assessments ADD COLUMN decided_by uuid REFERENCES users(id);
ALTER TABLE assessments ADD COLUMN decided_at timestamptz;

-- Time is looked up by the record it was spent on (an assessment's minutes).
CREATE INDEX time_entries_record ON time_entries (record_id);
