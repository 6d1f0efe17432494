-- Duet schema, version 8 (PostgreSQL), as SQLite's V8: accounts an operator disabled (duet user
-- disable), and the audit log of administrative actions, which every node also reads to close the
-- sockets of an account that was disabled or had its sessions revoked by a command run beside it.
-- Expand only: a version 7 node may still run during a rolling upgrade. It neither reads nor
-- writes these: a disabled user can sign in again through it until every node runs version 8
-- (their sessions, deleted when the account was disabled, do not come back).

ALTER TABLE users ADD COLUMN disabled_at BIGINT;   -- null: the account may sign in

CREATE TABLE audit_log (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,   -- the order of the log
    at      BIGINT NOT NULL,
    actor   TEXT   NOT NULL,                 -- who ran the command (the operating-system user)
    action  TEXT   NOT NULL,                 -- e.g. user.disable
    user_id BIGINT REFERENCES users (id),    -- the account acted on, if any
    detail  TEXT   NOT NULL DEFAULT ''
);
