-- A support plan in effect ends when the person dies: a plan that is neither
-- superseded by another nor still in effect is 'ended', its last day in
-- active_to (recording a date of death ends it: people/support-ended-at-death.ts).
ALTER TABLE support_plans DROP CONSTRAINT support_plans_status_check;
ALTER TABLE support_plans ADD CONSTRAINT support_plans_status_check
  CHECK (status IN ('draft', 'submitted', 'active', 'superseded', 'replaced', 'refused', 'returned', 'ended'));
