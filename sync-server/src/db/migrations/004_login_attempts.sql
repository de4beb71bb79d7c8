-- Sign-in attempts are reserved before the password is verified (auth/login-throttle.ts): under an
-- advisory lock on its keys an attempt inserts its rows as pending, only while the keys are under their
-- limits; a wrong password turns them into failures, a right one deletes them. Rows from before this
-- migration are failures.
ALTER TABLE login_failures
  ADD COLUMN attempt_id uuid,
  ADD COLUMN pending boolean NOT NULL DEFAULT false;
CREATE INDEX login_failures_attempt_idx ON login_failures (attempt_id);
