package app.duet.chats;

/**
 * The rate at which sends reach the committer, smoothed over recent batches: enough to tell
 * whether waiting briefly for a fuller batch would find anything. Used by the committer's thread
 * only.
 */
final class ArrivalRate {
    /** Weight of the newest interval: about the last five batches count. */
    private static final double ALPHA = 0.2;
    /** Longer gaps say only that sends were idle: the rate starts again from the next interval. */
    private static final long IDLE_NANOS = 100_000_000;

    private double perNano;
    private long lastAt = Long.MIN_VALUE;

    /** {@code messages} were taken at {@code now}: they arrived since the previous take. */
    void taken(int messages, long now) {
        if (lastAt != Long.MIN_VALUE) {
            long interval = Math.max(1, now - lastAt);
            double rate = messages / (double) interval;
            perNano = interval > IDLE_NANOS ? rate : ALPHA * rate + (1 - ALPHA) * perNano;
        }
        lastAt = now;
    }

    /** How many sends to expect within {@code nanos} from now, at the recent rate. */
    double expectedWithin(long nanos, long now) {
        if (lastAt == Long.MIN_VALUE || now - lastAt > IDLE_NANOS) return 0;
        return perNano * nanos;
    }
}
