package app.duet.storage;

/**
 * A page of one chat box's history. At most one of {@code before} and {@code after} is set;
 * with neither, the newest {@code limit} messages.
 */
public record HistoryQuery(Long before, Long after, int limit) {
    public HistoryQuery {
        if (before != null && after != null) throw new IllegalArgumentException("before and after together");
        if (limit < 1) throw new IllegalArgumentException("limit < 1");
    }
}
