-- Accounts and access: role descriptions, login throttling, one-time set-password links, and the audit
-- log of security events (doc changes are audited from doc_updates, which already records who and when).

ALTER TABLE roles ADD COLUMN description text NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- A revoked session stays (until it would have expired) so the app can tell "signed out by the server"
-- from "expired" and send the user to the sign-in page.
ALTER TABLE sessions ADD COLUMN revoked_at timestamptz;

-- Failed sign-ins by key (`account:<email>` and `ip:<address>`), for rate limiting across instances.
CREATE TABLE login_failures (
  key       text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_idx ON login_failures (key, failed_at);

-- One-time links to set a password (new accounts, resets). Only the SHA-256 of the token is stored.
CREATE TABLE password_tokens (
  token_hash bytea PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX password_tokens_user_idx ON password_tokens (user_id);

CREATE TABLE audit_events (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  kind       text NOT NULL,
  actor_id   uuid,
  subject_id uuid,
  ip         text NOT NULL DEFAULT '',
  details    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_at_idx ON audit_events (at);
CREATE INDEX doc_updates_created_at_idx ON doc_updates (created_at);
