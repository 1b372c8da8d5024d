-- What recording a person's death ended, each record as it stood before, so
-- that correcting the date moves the ends to the new day and removing a death
-- recorded in error puts them back (people/support-ended-at-death.ts). A row
-- lives while the death it follows is recorded.
CREATE TABLE support_ended_at_death (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  person_id uuid NOT NULL REFERENCES people(id),
  record_type text NOT NULL CHECK (record_type IN ('support_plan', 'reablement', 'request')),
  record_id uuid NOT NULL,
  -- The record's own columns the death changed, as they were.
  before jsonb NOT NULL,
  -- The CLD events it projects, as they were: [{ id, event_end_on, event_outcome }].
  events_before jsonb NOT NULL
);
CREATE INDEX support_ended_at_death_person ON support_ended_at_death (council_id, person_id);
