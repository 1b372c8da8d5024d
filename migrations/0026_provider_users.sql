-- A provider's own users (DESIGN.md: a provider keeps its directory listing
-- and reads the statements of the individual service funds it holds). A
-- provider user belongs to one provider of the council's directory, and only
-- a provider user does.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('practitioner', 'team_manager',
  'head_of_service', 'panel_member', 'finance', 'commissioner', 'analyst', 'admin', 'provider'));
ALTER TABLE users ADD COLUMN provider_id uuid REFERENCES providers(id);
ALTER TABLE users ADD CONSTRAINT users_provider_role CHECK ((role = 'provider') = (provider_id IS NOT NULL));
CREATE INDEX users_provider ON users (provider_id) WHERE provider_id IS NOT NULL;

-- The provider of the directory holding an individual service fund, when it is one.
ALTER TABLE budget_accounts ADD COLUMN holder_provider_id uuid REFERENCES providers(id);
ALTER TABLE budget_accounts ADD CONSTRAINT budget_accounts_holder_provider
  CHECK (holder_provider_id IS NULL OR kind = 'individual_service_fund');
CREATE INDEX budget_accounts_holder_provider ON budget_accounts (holder_provider_id)
  WHERE holder_provider_id IS NOT NULL;
