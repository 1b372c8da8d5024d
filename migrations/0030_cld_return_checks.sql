-- The latest check of a council's CLD return for a quarter, kept with the
-- data version of the records it read, so that a restart shows it while the
-- records stand rather than checking a large council's return again
-- (cld/kept-return-checks.ts).
CREATE TABLE cld_return_checks (
  council_id uuid NOT NULL REFERENCES councils(id),
  quarter text NOT NULL,
  data_version text NOT NULL,
  checked_at timestamptz NOT NULL,
  -- The check as the page and the API give it (ReturnCheck: counts and problem kinds).
  outcome jsonb NOT NULL,
  PRIMARY KEY (council_id, quarter)
);
