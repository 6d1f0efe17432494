package app.duet.limits;

import java.time.Duration;

/** A counter per key that starts at its first event and is forgotten when its window ends. */
public interface FixedWindows {
    /** @return how long until the key's window ends if it has used up its events in it, else zero */
    Duration exhaustedFor(String key);

    /** Counts one event against the key. */
    void record(String key);
}
