-- Duet schema, version 6 (PostgreSQL), as SQLite's V6: pictures and files attached to messages,
-- the messages a user hid for themselves (delete-for-me; the same table as that feature's
-- migration, hence IF NOT EXISTS), and the bytes themselves (blob_chunks), which every node shares.
-- Expand only: a version 5 node may still run during a rolling upgrade. Meanwhile it neither reads
-- nor writes these tables: it shows messages without their attachments (a picture-only message as
-- its empty text), ignores the attachments of a send made through it, and its chat deletions leave
-- the erased messages' upload rows and bytes behind, which a version 6 node's sweeper removes (an
-- upload whose message is gone is unreadable to everyone from the moment the message is).

-- One uploaded file: pending (message_id null) until a send of its owner claims it, then one of
-- that message's attachments. No foreign key to messages, so a version 5 node can still erase them.
CREATE TABLE uploads (
    id         TEXT    COLLATE "C" PRIMARY KEY, -- random, 128 bits, URL-safe; also the blob's key
    owner_id   BIGINT  NOT NULL REFERENCES users (id),
    name       TEXT    NOT NULL,
    size       BIGINT  NOT NULL,
    type       TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    width      INTEGER NOT NULL DEFAULT 0,
    height     INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT  NOT NULL,
    message_id BIGINT,
    position   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX uploads_pending_by_owner ON uploads (owner_id, created_at) WHERE message_id IS NULL;
CREATE INDEX uploads_pending_by_age ON uploads (created_at) WHERE message_id IS NULL;
CREATE INDEX uploads_by_message ON uploads (message_id, position) WHERE message_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS hidden_messages (owner_id BIGINT NOT NULL REFERENCES users (id), message_id BIGINT NOT NULL REFERENCES messages (id), PRIMARY KEY (owner_id, message_id));

-- The bytes of every blob (an upload, a thumbnail), in chunks of at most 256 KiB, so a file is
-- written and read a chunk at a time. A blob is complete once its row in blobs exists: that row is
-- written last, in the same transaction as the chunks.
CREATE TABLE blobs (
    key        TEXT   COLLATE "C" PRIMARY KEY,
    size       BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE blob_chunks (
    key   TEXT    COLLATE "C" NOT NULL,
    chunk INTEGER NOT NULL,
    data  BYTEA   NOT NULL,
    PRIMARY KEY (key, chunk)
);
