package app.duet.accounts;

import app.duet.model.User;

/**
 * An authenticated caller: who they are, and the public id of the session they signed in with
 * (the token itself is never kept: only its hash is stored, and only to find the session).
 */
public record AuthSession(User user, String id) {
    public long userId() { return user.id(); }

    /** Names the session in logs, lists and bus messages without revealing the token. */
    public String sessionKey() { return id; }
}
