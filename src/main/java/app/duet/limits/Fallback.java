package app.duet.limits;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Asks the shared limits, or, when they fail (Redis down or slow), this node's own: while Redis
 * is away each node limits alone, as with one node, rather than letting everything through or
 * refusing everyone. Says so in the log at most once a minute.
 */
public final class Fallback {
    private static final Logger log = LoggerFactory.getLogger(Fallback.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    private Fallback() { }

    /** {@code shared} if given and it answers, else {@code local}. */
    public static <T> T ask(boolean useShared, Supplier<T> shared, Supplier<T> local) {
        if (useShared) {
            try {
                return shared.get();
            } catch (RuntimeException e) {
                long now = System.nanoTime();
                long last = lastLogged.get();
                if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
                    log.warn("shared limits did not answer ({}); this node limits alone until they do", e.toString());
                }
            }
        }
        return local.get();
    }

    /** {@link #ask} for an action with no answer. */
    public static void run(boolean useShared, Runnable shared, Runnable local) {
        ask(useShared, () -> {
            shared.run();
            return Boolean.TRUE;
        }, () -> {
            local.run();
            return Boolean.TRUE;
        });
    }
}
