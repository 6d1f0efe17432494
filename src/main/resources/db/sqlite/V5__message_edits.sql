-- Duet schema, version 5 (SQLite): replies, recall, delete for me, and a per-pair log of those
-- changes that clients catch up from (GET /api/chats/{peer}/changes).
--
-- Expand only: a version 4 node may still run during a rolling upgrade. What it does wrong
-- meanwhile: it stores no reply_to_seq (a send with replyTo through it is a plain message); it
-- shows a recalled message as an empty text (its text is erased) and hidden messages as if not
-- hidden (history, the chat list's last message, and its recounts of unread); it writes no change
-- records (it makes no edits, so none are missing); and deleting a chat box on it fails (500,
-- nothing changed) when it would erase a message that someone hid, as hidden_messages refers to
-- messages: the same request on a version 5 node succeeds.

-- The seq of the message this one replies to, in the same pair (null: not a reply).
ALTER TABLE messages ADD COLUMN reply_to_seq INTEGER;
-- When the sender recalled the message (null: not recalled); its text is then ''.
ALTER TABLE messages ADD COLUMN recalled_at INTEGER;

-- Messages an owner deleted from their own copy ("delete for me"). Other versions and branches
-- create the same table with IF NOT EXISTS: keep the definition identical.
CREATE TABLE IF NOT EXISTS hidden_messages (owner_id INTEGER NOT NULL REFERENCES users (id), message_id INTEGER NOT NULL REFERENCES messages (id), PRIMARY KEY (owner_id, message_id)) WITHOUT ROWID;
-- Deleting messages (a chat box deleted) checks this foreign key: without the index, a scan each.
CREATE INDEX IF NOT EXISTS hidden_messages_by_message ON hidden_messages (message_id);

-- The pair's last change number (message_changes.change_seq), taken as seq is.
ALTER TABLE pairs ADD COLUMN last_change INTEGER NOT NULL DEFAULT 0;

-- One row per edit of a pair's messages, numbered per pair with no gaps: kind 'recalled' (both
-- copies) or 'hidden' (owner_id's copy only). A client's change cursor is a change_seq. Rows go
-- when the messages they name are erased (a chat box deleted): nobody's copy holds those.
CREATE TABLE message_changes (
    lo         INTEGER NOT NULL,
    hi         INTEGER NOT NULL,
    change_seq INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    owner_id   INTEGER,                      -- 'hidden': whose copy; null: everybody's
    at         INTEGER NOT NULL,
    PRIMARY KEY (lo, hi, change_seq)
) WITHOUT ROWID;
