-- The market (DESIGN.md capability 7): the council's directory of providers,
-- micro-providers and personal assistants, and the services each offers, in
-- which postcode districts and at what rate. Published as Open Referral UK
-- (HSDS 3.0 UK profile): a provider is an organization, its services services.
CREATE TABLE providers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('organisation', 'micro_provider', 'personal_assistant')),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  email text CHECK (length(email) <= 254),
  phone text CHECK (length(phone) <= 40),
  website text CHECK (length(website) <= 300),
  -- The Care Quality Commission's location id (1-123456789) of a regulated service.
  cqc_location_id text CHECK (cqc_location_id ~ '^1-[0-9]{6,12}$'),
  takes_direct_payments boolean NOT NULL DEFAULT false,
  holds_isfs boolean NOT NULL DEFAULT false,
  -- HSDS's statuses: only an active provider's services are offered and published.
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users(id)
);
CREATE INDEX providers_council_name ON providers (council_id, name);

CREATE TABLE provider_services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  provider_id uuid NOT NULL REFERENCES providers(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- What it is, in the CLD service component list, so a plan line can be matched to it.
  service_component text NOT NULL,
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  -- Postcode districts served (outward codes: DN1, SW1A).
  areas text[] NOT NULL DEFAULT '{}',
  rate_pence integer CHECK (rate_pence >= 0),
  rate_unit text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((rate_pence IS NULL) = (rate_unit IS NULL))
);
CREATE INDEX provider_services_provider ON provider_services (provider_id);
CREATE INDEX provider_services_component ON provider_services (council_id, service_component);
CREATE INDEX provider_services_areas ON provider_services USING gin (areas);
