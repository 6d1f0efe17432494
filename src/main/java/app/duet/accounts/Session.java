package app.duet.accounts;

import app.duet.storage.User;

/**
 * An authenticated caller: who they are, which session they signed in with (its public id), and
 * the hash of the token they used (to re-check that the session is still live).
 */
public record Session(User user, String id, byte[] tokenHash) {
    public long userId() { return user.id(); }

    /** Names the session in logs, lists and bus messages without revealing the token. */
    public String sessionKey() { return id; }
}
