-- Duet schema, version 4 (SQLite): blocked users, when a user was last seen, and each chat box's
-- own settings (pinned, muted, marked unread). Expand only: a version 3 node may still run during
-- a rolling upgrade; it neither reads nor writes any of these (so, until every node runs version 4,
-- a version 3 node lets a blocked user's contact request through, and records no last seen).

-- user_id blocks blocked_id: blocked_id's contact requests and messages to user_id are refused.
CREATE TABLE blocks (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    blocked_id INTEGER NOT NULL REFERENCES users (id),
    at         INTEGER NOT NULL,
    PRIMARY KEY (user_id, blocked_id)
) WITHOUT ROWID;

-- When the user's last connection closed (null: never seen since version 4). Shown only to contacts.
ALTER TABLE users ADD COLUMN last_seen_at INTEGER;

-- The owner's settings of the box, kept on the server so every device of the owner agrees;
-- deleting the box forgets them.
ALTER TABLE chats ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN marked_unread INTEGER NOT NULL DEFAULT 0;
