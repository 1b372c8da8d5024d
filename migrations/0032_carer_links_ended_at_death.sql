-- A recorded death ends the person's links with their unpaid carers and with
-- the adults they care for, noted with what else it ended so that removing
-- the death makes them current again (people/support-ended-at-death.ts).
ALTER TABLE support_ended_at_death DROP CONSTRAINT support_ended_at_death_record_type_check;
ALTER TABLE support_ended_at_death ADD CONSTRAINT support_ended_at_death_record_type_check
  CHECK (record_type IN ('support_plan', 'reablement', 'request', 'carer_link'));
