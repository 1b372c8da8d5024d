-- A link an administrator gives a user to set their password: a new user's
-- first, or a new one when theirs is forgotten. ASCEND sends no email, so
-- the administrator passes the link on. Only a hash of its secret is kept;
-- it works once, for a few days, and a newer link for the same user
-- replaces it.
CREATE TABLE password_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  council_id uuid NOT NULL REFERENCES councils(id),
  user_id uuid NOT NULL REFERENCES users(id),
  token_hash text NOT NULL UNIQUE,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  -- Set when used, or when a newer link for the user replaced it.
  closed_at timestamptz
);
CREATE INDEX password_links_user ON password_links (user_id);
