package app.duet.model;

/**
 * One administrative action, as the audit log keeps it: when, who did it ({@code actor}: the
 * operating-system user who ran the command), what ({@code action}, e.g. {@code user.disable}),
 * to which account ({@code userId}, null for none) and a short free-form {@code detail}. {@code id}
 * orders the log (every node reads it from the last id it saw).
 */
public record AuditEntry(long id, long at, String actor, String action, Long userId, String detail) {
    /** An entry to write (its id is the database's to give). */
    public static AuditEntry of(long at, String actor, String action, Long userId, String detail) {
        return new AuditEntry(0, at, actor, action, userId, detail == null ? "" : detail);
    }
}
