-- Duet schema, version 2 (PostgreSQL), as SQLite's V2: sessions get a public id (listed and
-- revoked by it; the token hash stays secret) and a short description of the device they were
-- made on.
ALTER TABLE sessions ADD COLUMN id TEXT;
ALTER TABLE sessions ADD COLUMN client TEXT NOT NULL DEFAULT '';
UPDATE sessions SET id = md5(random()::text || token_hash::text) WHERE id IS NULL;
ALTER TABLE sessions ALTER COLUMN id SET NOT NULL;
CREATE UNIQUE INDEX sessions_by_id ON sessions (id);
CREATE INDEX sessions_by_age ON sessions (created_at);
