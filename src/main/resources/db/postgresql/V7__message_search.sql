-- Duet schema, version 7 (PostgreSQL), as SQLite's V7: search in messages (docs/decisions/0014).
-- Expand only: a version 6 node may still run during a rolling upgrade; PostgreSQL keeps the
-- index itself in every writer's transaction (a version 6 node's sends and deletes, a recall that
-- erases a text), so it stays right whoever writes.

-- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension since PostgreSQL 13: the
-- database's owner may create it. On 10-12 a superuser creates it once beforehand.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The messages a user deleted for themselves only (delete-for-me): searching never shows them.
-- The same table as the delete-for-me change makes; IF NOT EXISTS, whichever comes first.
CREATE TABLE IF NOT EXISTS hidden_messages (owner_id BIGINT NOT NULL REFERENCES users (id), message_id BIGINT NOT NULL REFERENCES messages (id), PRIMARY KEY (owner_id, message_id));

-- Trigrams of the stored (escaped, decision 0008) text: LIKE and ILIKE '%...%' of 3 or more
-- characters use it; the search escapes what it looks for the same way.
-- Built CONCURRENTLY, outside the version's transaction: a plain CREATE INDEX blocks every write
-- to messages (every send of every node still running) for as long as the build takes on a large
-- table. A build cut off leaves an invalid index that IF NOT EXISTS would keep: this version runs
-- again from the top after a failure, and the index is dropped and built again.
-- duet:outside-transaction
DROP INDEX CONCURRENTLY IF EXISTS messages_text_trgm;
-- duet:outside-transaction
CREATE INDEX CONCURRENTLY messages_text_trgm ON messages USING gin (text gin_trgm_ops);
