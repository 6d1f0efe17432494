package app.duet.model;

/** One account as an operator lists it: null {@code disabledAt} and {@code lastSeenAt} mean "never". */
public record AccountSummary(User user, long createdAt, Long disabledAt, Long lastSeenAt, int sessions) {
    public boolean disabled() { return disabledAt != null; }
}
