package app.duet.limits;

/** A counter per key that starts at its first event and is forgotten when its window ends. */
public interface FixedWindows {
    /** @return whether the key has used up its events in the current window */
    boolean isExhausted(String key);

    /** Counts one event against the key. */
    void record(String key);
}
