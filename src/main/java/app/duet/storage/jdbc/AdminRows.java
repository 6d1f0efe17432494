package app.duet.storage.jdbc;

import app.duet.model.AccountSummary;
import app.duet.model.AuditEntry;
import app.duet.model.User;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of administration ({@code duet user ...}), the same on SQLite and PostgreSQL: each
 * method runs in the caller's transaction, so an action and its audit entry commit together.
 */
public final class AdminRows {
    private AdminRows() { }

    /** Accounts by username after {@code afterUsername} ("" for the first page), at most {@code limit}. */
    public static List<AccountSummary> accounts(Sql c, String afterUsername, int limit) throws SQLException {
        return c.list("SELECT u.id, u.username, u.name, u.created_at, u.disabled_at, u.last_seen_at,"
                        + " (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id) AS sessions"
                        + " FROM users u WHERE u.username > ? ORDER BY u.username LIMIT ?",
                AdminRows::summary, afterUsername, limit);
    }

    /** One account, or empty. */
    public static Optional<AccountSummary> account(Sql c, long userId) throws SQLException {
        return c.one("SELECT u.id, u.username, u.name, u.created_at, u.disabled_at, u.last_seen_at,"
                        + " (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id) AS sessions"
                        + " FROM users u WHERE u.id = ?",
                AdminRows::summary, userId);
    }

    private static AccountSummary summary(ResultSet rs) throws SQLException {
        User user = new User(rs.getLong("id"), rs.getString("username"), rs.getString("name"));
        long disabled = rs.getLong("disabled_at");
        Long disabledAt = rs.wasNull() ? null : disabled;
        long seen = rs.getLong("last_seen_at");
        Long lastSeenAt = rs.wasNull() ? null : seen;
        return new AccountSummary(user, rs.getLong("created_at"), disabledAt, lastSeenAt, rs.getInt("sessions"));
    }

    /**
     * Disables (and deletes every session of) or enables an account. @return the ids of the
     * sessions deleted, or null if there is no such user
     */
    public static List<String> setDisabled(Sql c, long userId, boolean disabled, long now) throws SQLException {
        int n = disabled
                ? c.update("UPDATE users SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?", now, userId)
                : c.update("UPDATE users SET disabled_at = NULL WHERE id = ?", userId);
        if (n == 0) return null;
        return disabled ? deleteSessions(c, userId) : List.of();
    }

    /** A new password hash, and every session deleted. @return the ids deleted, or null if there is no such user */
    public static List<String> resetPassword(Sql c, long userId, String passwordHash) throws SQLException {
        if (c.update("UPDATE users SET password_hash = ? WHERE id = ?", passwordHash, userId) == 0) return null;
        return deleteSessions(c, userId);
    }

    /** Deletes every session of the user. @return their ids */
    public static List<String> deleteSessions(Sql c, long userId) throws SQLException {
        List<String> ids = c.list("SELECT id FROM sessions WHERE user_id = ?", rs -> rs.getString(1), userId);
        if (!ids.isEmpty()) c.update("DELETE FROM sessions WHERE user_id = ?", userId);
        return ids;
    }

    public static long audit(Sql c, AuditEntry e) throws SQLException {
        return c.returningLong("INSERT INTO audit_log (at, actor, action, user_id, detail) VALUES (?, ?, ?, ?, ?) RETURNING id",
                e.at(), e.actor(), e.action(), e.userId(), e.detail());
    }

    /** The log after entry {@code afterId}, oldest first, at most {@code limit}. */
    public static List<AuditEntry> auditLog(Sql c, long afterId, int limit) throws SQLException {
        return c.list("SELECT id, at, actor, action, user_id, detail FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
                AdminRows::auditEntry, afterId, limit);
    }

    /** The latest {@code limit} entries, oldest first. */
    public static List<AuditEntry> latestAudit(Sql c, int limit) throws SQLException {
        List<AuditEntry> newestFirst = c.list("SELECT id, at, actor, action, user_id, detail FROM audit_log ORDER BY id DESC LIMIT ?",
                AdminRows::auditEntry, limit);
        return newestFirst.reversed();
    }

    private static AuditEntry auditEntry(ResultSet rs) throws SQLException {
        long user = rs.getLong("user_id");
        return new AuditEntry(rs.getLong("id"), rs.getLong("at"), rs.getString("actor"), rs.getString("action"),
                rs.wasNull() ? null : user, rs.getString("detail"));
    }

    /** The last entry's id (0 for an empty log): where a node starts reading at its start. */
    public static long lastAuditId(Sql c) throws SQLException {
        return c.one("SELECT COALESCE(MAX(id), 0) FROM audit_log", rs -> rs.getLong(1)).orElse(0L);
    }
}
