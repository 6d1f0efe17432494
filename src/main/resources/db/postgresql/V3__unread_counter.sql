-- Duet schema, version 3 (PostgreSQL), as SQLite's V3: a chat box keeps its unread count instead
-- of counting it on every read of the chat list (docs/decisions/0010). Expand only: a version 2
-- node may still run during a rolling upgrade; it neither reads nor maintains these columns.
--   unread      the peer's messages in the owner's copy above the read mark, as last counted
--   unread_seq  the pair's last seq when unread was last made right
--   unread_mark the read mark unread was counted above
-- unread is trusted only while unread_seq is the pair's last seq and unread_mark the box's read
-- mark; a box that a version 2 node wrote since (a message, a read, a new box at -1) is counted
-- again, and made right by the next write of this version.
-- Adding a column with a constant default rewrites nothing; the backfill below holds the table's
-- lock until it commits (a few seconds per 10M unread messages).
ALTER TABLE chats ADD COLUMN unread BIGINT NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN unread_seq BIGINT NOT NULL DEFAULT -1;
ALTER TABLE chats ADD COLUMN unread_mark BIGINT NOT NULL DEFAULT -1;
-- One index range per box: the two lower bounds of the copy and the mark are one GREATEST().
UPDATE chats c SET
    unread = (SELECT COUNT(*) FROM messages x
               WHERE x.lo = LEAST(c.owner_id, c.peer_id) AND x.hi = GREATEST(c.owner_id, c.peer_id)
                 AND x.seq > GREATEST(c.read_mark, c.start_seq - 1) AND x.from_id = c.peer_id),
    unread_seq = COALESCE((SELECT p.last_seq FROM pairs p
                            WHERE p.lo = LEAST(c.owner_id, c.peer_id) AND p.hi = GREATEST(c.owner_id, c.peer_id)), 0),
    unread_mark = c.read_mark;
