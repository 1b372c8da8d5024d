-- An unpaid carer linked to the adult they care for, both people of the
-- council. A link is ended, never deleted, so a record shows who cared and
-- when. A CLD file names a carer's cared-for adults by their council IDs in
-- the carer's own row (Adult_1/2/3_Linked_Person_ID); links recorded here are
-- written into those columns too, so the return says what the records say.
CREATE TABLE carer_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  carer_id uuid NOT NULL REFERENCES people(id),
  cared_for_id uuid NOT NULL REFERENCES people(id),
  relationship text NOT NULL,
  lives_with boolean NOT NULL,
  hours_a_week integer CHECK (hours_a_week BETWEEN 0 AND 168),
  started_on date NOT NULL,
  ended_on date,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  ended_by uuid REFERENCES users(id),
  CHECK (carer_id <> cared_for_id),
  CHECK (ended_on IS NULL OR ended_on >= started_on),
  CHECK ((ended_on IS NULL) = (ended_by IS NULL))
);
-- One current link between the same two people.
CREATE UNIQUE INDEX carer_links_current ON carer_links (carer_id, cared_for_id) WHERE ended_on IS NULL;
CREATE INDEX carer_links_cared_for ON carer_links (cared_for_id);

-- A person's page lists the carers a CLD file linked to them: found by the
-- linked IDs, which only carers' rows hold.
CREATE INDEX people_adult_1_linked ON people (council_id, adult_1_linked_person_id) WHERE adult_1_linked_person_id IS NOT NULL;
CREATE INDEX people_adult_2_linked ON people (council_id, adult_2_linked_person_id) WHERE adult_2_linked_person_id IS NOT NULL;
CREATE INDEX people_adult_3_linked ON people (council_id, adult_3_linked_person_id) WHERE adult_3_linked_person_id IS NOT NULL;
