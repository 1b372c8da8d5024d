-- A link a finance officer gives the holder of a budget account (the person,
-- their representative, or the provider holding an individual service fund)
-- to read the account's statement without signing in. Only a hash of the
-- link's secret is kept; a link expires, and can be withdrawn before then.
CREATE TABLE budget_statement_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  account_id uuid NOT NULL REFERENCES budget_accounts(id),
  token_hash text NOT NULL UNIQUE,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  withdrawn_at timestamptz,
  withdrawn_by uuid REFERENCES users(id),
  CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL))
);
CREATE INDEX budget_statement_links_account ON budget_statement_links (account_id);
