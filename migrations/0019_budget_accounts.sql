-- Budget accounts (DESIGN.md capability 6): the money of a personal budget held
-- as a direct payment (by the person or their representative) or an individual
-- service fund (by a provider), kept as a double-entry ledger in whole pence.
CREATE TABLE budget_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  person_id uuid NOT NULL REFERENCES people(id),
  -- The plan version the account was opened for, its series (the account goes on with later
  -- versions), and how that plan's money is held.
  plan_id uuid NOT NULL REFERENCES support_plans(id),
  plan_series_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('direct_payment', 'individual_service_fund')),
  -- Who holds the money: the person or their representative, or the provider holding the fund.
  holder text NOT NULL CHECK (length(holder) BETWEEN 1 AND 200),
  -- The plan's lines held this way, a week (at most the amount approved).
  weekly_pence integer NOT NULL CHECK (weekly_pence > 0),
  -- How many weeks of the budget the holder may keep unspent for emergencies before the rest is surplus.
  contingency_weeks integer NOT NULL CHECK (contingency_weeks BETWEEN 0 AND 52),
  opened_on date NOT NULL,
  opened_by uuid NOT NULL REFERENCES users(id),
  opened_at timestamptz NOT NULL DEFAULT now(),
  -- One account a plan and way of holding: of two finance officers opening it at once, one wins.
  UNIQUE (plan_series_id, kind)
);
CREATE INDEX budget_accounts_council ON budget_accounts (council_id, opened_on);
CREATE INDEX budget_accounts_person ON budget_accounts (person_id);

-- What happened to an account's money: a payment in, spending, a refund of
-- spending, or surplus clawed back. Never changed: a mistake is put right by
-- another transaction, so the statement stays what it was when it was read.
CREATE TABLE budget_transactions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  account_id uuid NOT NULL REFERENCES budget_accounts(id),
  kind text NOT NULL CHECK (kind IN ('payment', 'spend', 'refund', 'clawback')),
  amount_pence integer NOT NULL CHECK (amount_pence > 0),
  occurred_on date NOT NULL,
  description text CHECK (length(description) <= 500),
  recorded_by uuid NOT NULL REFERENCES users(id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX budget_transactions_account ON budget_transactions (account_id, occurred_on, recorded_at);

-- Each transaction's postings to the account's three ledgers: the council's
-- fund, the money held, and the money spent. Debits positive, credits negative.
CREATE TABLE budget_postings (
  council_id uuid NOT NULL REFERENCES councils(id),
  transaction_id uuid NOT NULL REFERENCES budget_transactions(id),
  account_id uuid NOT NULL REFERENCES budget_accounts(id),
  ledger text NOT NULL CHECK (ledger IN ('council', 'held', 'spent')),
  amount_pence integer NOT NULL CHECK (amount_pence <> 0),
  PRIMARY KEY (transaction_id, ledger)
);
CREATE INDEX budget_postings_account ON budget_postings (account_id, ledger);

-- Checked at the end of every statement that adds postings, whatever wrote
-- them: each budget transaction's postings add up to nothing (so its postings
-- go in one statement), and no account holds, or has spent, less than nothing.
-- Set-based, once a statement, so a synthetic council's thousands of
-- transactions are checked in a few queries.
CREATE FUNCTION budget_postings_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM budget_postings p WHERE p.transaction_id IN (SELECT transaction_id FROM added)
    GROUP BY p.transaction_id HAVING sum(p.amount_pence) <> 0
  ) THEN
    RAISE EXCEPTION 'A budget transaction''s postings do not balance' USING ERRCODE = '23514';
  END IF;
  IF EXISTS (
    SELECT 1 FROM budget_postings p
    WHERE p.account_id IN (SELECT account_id FROM added) AND p.ledger IN ('held', 'spent')
    GROUP BY p.account_id, p.ledger HAVING sum(p.amount_pence) < 0
  ) THEN
    RAISE EXCEPTION 'A budget account would hold, or have spent, less than nothing' USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER budget_postings_balance AFTER INSERT ON budget_postings
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION budget_postings_check();

CREATE FUNCTION budget_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'The budget ledger is only added to: put a mistake right with another transaction'
    USING ERRCODE = '55000';
END $$;
CREATE TRIGGER budget_transactions_append_only BEFORE UPDATE OR DELETE ON budget_transactions
  FOR EACH STATEMENT EXECUTE FUNCTION budget_ledger_append_only();
CREATE TRIGGER budget_postings_append_only BEFORE UPDATE OR DELETE ON budget_postings
  FOR EACH STATEMENT EXECUTE FUNCTION budget_ledger_append_only();
