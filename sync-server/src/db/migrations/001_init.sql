-- Accounts, sessions and the doc store (append-only update log + compacted snapshots).

CREATE TABLE users (
  id            uuid PRIMARY KEY,
  email         text NOT NULL,
  name          text NOT NULL,
  password_hash text NOT NULL,
  roles         text[] NOT NULL DEFAULT '{}',
  employee_id   text,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE roles (
  key         text PRIMARY KEY,
  name        text NOT NULL,
  permissions text[] NOT NULL
);

-- Only the SHA-256 of the session id is stored: a leaked table does not let anyone sign in.
CREATE TABLE sessions (
  id_hash      bytea PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  user_agent   text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Every update a client sent, who sent it and when: the audit trail. Never rewritten.
CREATE TABLE doc_updates (
  id         bigserial PRIMARY KEY,
  doc        text NOT NULL,
  update     bytea NOT NULL,
  user_id    uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX doc_updates_doc_id_idx ON doc_updates (doc, id);

-- The doc's state merged up to and including update `through_id`; loading reads the newest snapshot
-- plus the updates after it, so load time does not grow with history.
CREATE TABLE doc_snapshots (
  doc        text NOT NULL,
  through_id bigint NOT NULL,
  state      bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (doc, through_id)
);
