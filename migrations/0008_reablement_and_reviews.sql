-- Short-term support (reablement) episodes, the at-home check 91 days after a
-- hospital discharge, and reviews. Each episode and each review is also a CLD
-- event (Service, Review) in cld_events, written in the same transaction.

CREATE TABLE reablement_episodes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  person_id uuid NOT NULL REFERENCES people(id),
  -- The request triaged to reablement that led to it, when there was one.
  request_id uuid REFERENCES support_requests(id),
  started_on date NOT NULL,
  planned_end_on date,
  -- Free text until the provider directory exists.
  provider text,
  -- Set when the episode follows a hospital discharge (the day they left hospital).
  discharged_on date,
  ended_on date,
  -- ASCEND's sequel code (src/modules/reablement/sequels.ts) and the CLD event
  -- outcome it was returned as, kept as recorded.
  sequel text,
  event_outcome text,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  ended_by uuid REFERENCES users(id),
  ended_at timestamptz,
  CHECK (planned_end_on IS NULL OR planned_end_on >= started_on),
  CHECK (ended_on IS NULL OR ended_on >= started_on),
  CHECK ((ended_on IS NULL) = (sequel IS NULL) AND (sequel IS NULL) = (event_outcome IS NULL))
);
-- One open episode per person.
CREATE UNIQUE INDEX reablement_episodes_one_open ON reablement_episodes (person_id) WHERE ended_on IS NULL;
CREATE INDEX reablement_episodes_person ON reablement_episodes (council_id, person_id, started_on);
CREATE INDEX reablement_episodes_open ON reablement_episodes (council_id, started_on) WHERE ended_on IS NULL;

-- Where someone discharged from hospital into reablement was 91 days later
-- (old ASCOF 2B(1)). One per episode that followed a discharge.
CREATE TABLE at_home_checks (
  episode_id uuid PRIMARY KEY REFERENCES reablement_episodes(id),
  council_id uuid NOT NULL REFERENCES councils(id),
  person_id uuid NOT NULL REFERENCES people(id),
  discharged_on date NOT NULL,
  due_on date NOT NULL,
  result text CHECK (result IN ('at_home', 'in_hospital', 'care_home', 'died', 'not_known')),
  checked_on date,
  checked_by uuid REFERENCES users(id),
  checked_at timestamptz,
  CHECK (due_on > discharged_on),
  CHECK ((result IS NULL) = (checked_on IS NULL)),
  CHECK (checked_on IS NULL OR checked_on >= due_on)
);
CREATE INDEX at_home_checks_waiting ON at_home_checks (council_id, due_on) WHERE result IS NULL;

-- Planned and unplanned reviews, in CLD's words.
CREATE TABLE reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  person_id uuid NOT NULL REFERENCES people(id),
  review_reason text NOT NULL,
  started_on date NOT NULL,
  completed_on date NOT NULL,
  -- CLD Review_Outcomes_Achieved: required for planned reviews.
  outcomes_achieved text,
  method_of_review text NOT NULL,
  event_outcome text NOT NULL,
  notes text,
  -- What the schedule said was owed when the review was recorded, so the
  -- council can see whether reviews happen on time.
  was_due_on date,
  was_due_reason text,
  reviewer_id uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (completed_on >= started_on),
  CHECK (review_reason <> 'Planned' OR outcomes_achieved IS NOT NULL)
);
CREATE INDEX reviews_person ON reviews (council_id, person_id, completed_on);
