package app.duet.accounts;

import app.duet.storage.User;

/** An authenticated caller: who they are and which session token they used (hashed). */
public record Session(User user, byte[] tokenHash) {
    public long userId() { return user.id(); }

    /** Names the session in logs and bus messages without revealing the token. */
    public String sessionKey() { return Tokens.hex(tokenHash); }
}
