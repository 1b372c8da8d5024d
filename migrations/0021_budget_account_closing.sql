-- A budget account closed when its support ends (the person died, moved to a
-- managed budget or another council): what was still held is clawed back in
-- the same transaction, and no money moves on it after.
ALTER TABLE budget_accounts
  ADD COLUMN closed_on date,
  ADD COLUMN closed_reason text CHECK (length(closed_reason) BETWEEN 1 AND 500),
  ADD COLUMN closed_by uuid REFERENCES users(id),
  ADD CONSTRAINT budget_accounts_closed_whole CHECK (
    (closed_on IS NULL) = (closed_reason IS NULL) AND (closed_on IS NULL) = (closed_by IS NULL)
  ),
  ADD CONSTRAINT budget_accounts_closed_after_opening CHECK (closed_on >= opened_on);
