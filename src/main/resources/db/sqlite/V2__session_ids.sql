-- Duet schema, version 2 (SQLite): sessions get a public id (listed and revoked by it; the token
-- hash stays secret) and a short description of the device they were made on.
-- SQLite cannot add a NOT NULL column without a default: id is set for every row here and by
-- every insert, and the unique index keeps it one per session.
ALTER TABLE sessions ADD COLUMN id TEXT;
ALTER TABLE sessions ADD COLUMN client TEXT NOT NULL DEFAULT '';
UPDATE sessions SET id = lower(hex(randomblob(16))) WHERE id IS NULL;
CREATE UNIQUE INDEX sessions_by_id ON sessions (id);
CREATE INDEX sessions_by_age ON sessions (created_at);
