-- Duet schema, version 1 (SQLite).
-- Messages are stored once per pair of users (lo < hi) and numbered by a per-pair seq.
-- Each chat box is its owner's copy of the pair's history from start_seq on.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,   -- lower-case
    name          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash   BLOB    PRIMARY KEY,        -- SHA-256 of the token; the token itself is never stored
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL            -- refreshed at most hourly; idle sessions expire
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_last_use ON sessions (last_used_at);

-- A contact is two rows, one per direction, so "my contacts" is one index range.
CREATE TABLE contacts (
    user_id INTEGER NOT NULL REFERENCES users (id),
    peer_id INTEGER NOT NULL REFERENCES users (id),
    since   INTEGER NOT NULL,
    PRIMARY KEY (user_id, peer_id)
) WITHOUT ROWID;

CREATE TABLE contact_requests (
    from_id INTEGER NOT NULL REFERENCES users (id),
    to_id   INTEGER NOT NULL REFERENCES users (id),
    at      INTEGER NOT NULL,
    PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX contact_requests_by_recipient ON contact_requests (to_id);

-- The per-pair seq counter, bumped in the transaction that stores the message.
CREATE TABLE pairs (
    lo       INTEGER NOT NULL,
    hi       INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (lo, hi)
) WITHOUT ROWID;

CREATE TABLE messages (
    id        INTEGER PRIMARY KEY,
    lo        INTEGER NOT NULL,
    hi        INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    from_id   INTEGER NOT NULL REFERENCES users (id),
    to_id     INTEGER NOT NULL REFERENCES users (id),
    text      TEXT    NOT NULL,
    sent_at   INTEGER NOT NULL,
    client_id TEXT,
    UNIQUE (lo, hi, seq)
);
CREATE UNIQUE INDEX messages_by_client_id ON messages (from_id, client_id) WHERE client_id IS NOT NULL;

CREATE TABLE chats (
    owner_id   INTEGER NOT NULL REFERENCES users (id),
    peer_id    INTEGER NOT NULL REFERENCES users (id),
    start_seq  INTEGER NOT NULL,             -- the owner's copy holds seq >= start_seq
    read_mark  INTEGER NOT NULL,             -- highest seq the owner has read
    peer_read_mark INTEGER NOT NULL DEFAULT 0, -- highest seq the peer has read (read receipts), kept
                                             -- here so it outlives the peer deleting their box
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,             -- latest activity, for ordering the list
    PRIMARY KEY (owner_id, peer_id)
) WITHOUT ROWID;
CREATE INDEX chats_by_activity ON chats (owner_id, updated_at DESC);
