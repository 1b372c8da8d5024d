-- Panels and the cost of deciding: the council's decision settings (how long
-- a request may wait before it is overdue, and the staff minutes each step
-- takes when no one recorded them), panel meetings with their members,
-- agendas built from waiting panel requests, and minutes.

-- One row per council; no row: ASCEND's defaults (src/modules/decisions/settings.ts).
CREATE TABLE decision_settings (
  council_id uuid PRIMARY KEY REFERENCES councils(id),
  settings jsonb NOT NULL,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE panel_meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  meets_on date NOT NULL,
  -- 'HH:MM', as the organiser typed it.
  starts_at text,
  location text,
  chair_id uuid NOT NULL REFERENCES users(id),
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held')),
  minutes text,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  held_at timestamptz
);
CREATE INDEX panel_meetings_council ON panel_meetings (council_id, meets_on);

-- Who sits on a meeting's panel (the chair is one of them).
CREATE TABLE panel_meeting_members (
  meeting_id uuid NOT NULL REFERENCES panel_meetings(id),
  user_id uuid NOT NULL REFERENCES users(id),
  council_id uuid NOT NULL REFERENCES councils(id),
  PRIMARY KEY (meeting_id, user_id)
);

-- A waiting panel request on a meeting's agenda. Moving it to a later meeting
-- changes its meeting; deciding it records the outcome here and, through the
-- decisions module, on the request. A deferred request waits again and can be
-- listed on another meeting.
CREATE TABLE panel_agenda_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  meeting_id uuid NOT NULL REFERENCES panel_meetings(id),
  funding_request_id uuid NOT NULL REFERENCES funding_requests(id),
  position integer NOT NULL CHECK (position > 0),
  -- Null while it waits to be considered; then the decision's outcome.
  outcome text CHECK (outcome IN ('approve', 'amend', 'refuse', 'defer', 'return')),
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz,
  added_by uuid NOT NULL REFERENCES users(id),
  added_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (meeting_id, funding_request_id)
);
-- A request is on at most one agenda at a time until it is considered.
CREATE UNIQUE INDEX panel_agenda_items_one_open ON panel_agenda_items (funding_request_id) WHERE outcome IS NULL;
CREATE INDEX panel_agenda_items_meeting ON panel_agenda_items (meeting_id, position);

-- Putting a request on a panel's agenda is a step of deciding it (the panel
-- paper is prepared), timed like the others.
ALTER TABLE decision_steps DROP CONSTRAINT decision_steps_step_check;
ALTER TABLE decision_steps ADD CONSTRAINT decision_steps_step_check
  CHECK (step IN ('submitted', 'routed', 'listed', 'approved', 'amended', 'refused', 'deferred', 'returned'));
