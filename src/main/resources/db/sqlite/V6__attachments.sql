-- Duet schema, version 6 (SQLite): pictures and files attached to messages, and the messages a
-- user hid for themselves (delete-for-me; made by version 5 already, hence IF NOT
-- EXISTS). The bytes live in a BlobStore (the data folder's "files"); rows keep only references.
-- Expand only: a version 5 node may still run during a rolling upgrade. Meanwhile it neither reads
-- nor writes these tables: it shows messages without their attachments (a picture-only message as
-- its empty text), ignores the attachments of a send made through it, and its chat deletions leave
-- the erased messages' upload rows and files behind, which a version 6 node's sweeper removes (an
-- upload whose message is gone is unreadable to everyone from the moment the message is).

-- One uploaded file: pending (message_id null) until a send of its owner claims it, then one of
-- that message's attachments (position: its place in the message). No foreign key to messages, so
-- a version 5 node can still erase messages.
CREATE TABLE uploads (
    id         TEXT    PRIMARY KEY,          -- random, 128 bits, URL-safe; also the blob's key
    owner_id   INTEGER NOT NULL REFERENCES users (id),
    name       TEXT    NOT NULL,             -- sanitised file name, for display and download
    size       INTEGER NOT NULL,             -- bytes as served (a picture after re-encoding)
    type       TEXT    NOT NULL,             -- media type decided from the bytes
    kind       TEXT    NOT NULL,             -- 'image' (re-encoded, with a thumbnail) or 'file'
    width      INTEGER NOT NULL DEFAULT 0,
    height     INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    message_id INTEGER,                      -- null while pending
    position   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX uploads_pending_by_owner ON uploads (owner_id, created_at) WHERE message_id IS NULL;
CREATE INDEX uploads_pending_by_age ON uploads (created_at) WHERE message_id IS NULL;
CREATE INDEX uploads_by_message ON uploads (message_id, position) WHERE message_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS hidden_messages (owner_id INTEGER NOT NULL REFERENCES users (id), message_id INTEGER NOT NULL REFERENCES messages (id), PRIMARY KEY (owner_id, message_id)) WITHOUT ROWID;
