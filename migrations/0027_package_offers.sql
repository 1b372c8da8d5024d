-- Arranging a plan's care with providers (brokerage): a line of a plan in
-- effect is offered to a provider of the directory, which accepts or declines
-- it; the one accepted is who provides that line. An offer is never deleted:
-- declined and withdrawn offers are how long a package took to arrange.
CREATE TABLE package_offers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  plan_id uuid NOT NULL REFERENCES support_plans(id),
  line_position integer NOT NULL CHECK (line_position > 0),
  provider_id uuid NOT NULL REFERENCES providers(id),
  status text NOT NULL CHECK (status IN ('offered', 'accepted', 'declined', 'withdrawn')),
  -- The start the council asks for, and the one the provider accepted.
  start_on date NOT NULL,
  accepted_start_on date,
  message text,
  offered_by uuid NOT NULL REFERENCES users(id),
  offered_at timestamptz NOT NULL DEFAULT now(),
  responded_by uuid REFERENCES users(id),
  responded_at timestamptz,
  decline_reason text CHECK (decline_reason IN ('no_capacity', 'area', 'needs', 'rate', 'other')),
  decline_details text,
  withdrawn_by uuid REFERENCES users(id),
  withdrawn_at timestamptz,
  withdrawn_reason text,
  -- An accepted offer of an earlier version of the plan, carried over when this version came into effect.
  carried_from_id uuid REFERENCES package_offers(id),
  CHECK ((status = 'accepted') = (accepted_start_on IS NOT NULL)),
  CHECK ((status = 'declined') = (decline_reason IS NOT NULL)),
  CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL)),
  CHECK ((status IN ('accepted', 'declined')) = (responded_at IS NOT NULL))
);
-- One open offer of a line to a provider, and one provider arranged for a line.
CREATE UNIQUE INDEX package_offers_one_open ON package_offers (plan_id, line_position, provider_id)
  WHERE status = 'offered';
CREATE UNIQUE INDEX package_offers_one_accepted ON package_offers (plan_id, line_position)
  WHERE status = 'accepted';
CREATE INDEX package_offers_plan ON package_offers (plan_id, line_position);
CREATE INDEX package_offers_provider ON package_offers (provider_id, status, offered_at);
