-- Duet schema, version 7 (SQLite): search in messages (docs/decisions/0014).
-- Expand only: a version 6 node may still run during a rolling upgrade. The index is kept by
-- triggers on messages, inside the transaction that writes the message, so it stays right
-- whoever writes: a version 6 node's sends and deletes, and every later writer (a recall that
-- erases a text with UPDATE messages SET text = '' drops it from the index too).

-- The messages a user deleted for themselves only (delete-for-me): searching never shows them.
-- The same table as the delete-for-me change makes; IF NOT EXISTS, whichever comes first.
CREATE TABLE IF NOT EXISTS hidden_messages (owner_id INTEGER NOT NULL REFERENCES users (id), message_id INTEGER NOT NULL REFERENCES messages (id), PRIMARY KEY (owner_id, message_id)) WITHOUT ROWID;

-- A full-text index of messages(text), external content (the text is stored once, in messages),
-- with the trigram tokenizer: any substring of 3 or more characters is found in any script
-- (Chinese has no spaces), letter case folded for every script (Unicode's simple folding).
CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(text, content = 'messages', content_rowid = 'id', tokenize = 'trigram');

-- The migration runner splits statements at a semicolon that ends a line: each trigger's inner
-- statements end mid-line.
CREATE TRIGGER IF NOT EXISTS messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text); END;
CREATE TRIGGER IF NOT EXISTS messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text); END;
CREATE TRIGGER IF NOT EXISTS messages_fts_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text); INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text); END;

-- The messages already stored.
INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
