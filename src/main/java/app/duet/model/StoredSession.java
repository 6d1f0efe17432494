package app.duet.model;

/**
 * A signed-in session: its public id (never its token), whose it is, when it began and was last
 * used (recorded at most hourly), and the device it was made on.
 */
public record StoredSession(String id, User user, long createdAt, long lastUsedAt, String client) { }
