package app.duet.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pings connections that have been silent for {@code pingInterval} and closes, with
 * {@link #CLOSE_IDLE}, those silent for {@code idleTimeout}: a client that answers pings
 * (every browser does) stays; a vanished one is found within the timeout.
 */
public final class Heartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
    public static final int CLOSE_IDLE = 4408;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("duet-heartbeat").daemon(true).factory());

    public Heartbeat(ConnectionRegistry registry, Clock clock, Duration pingInterval, Duration idleTimeout) {
        long period = Math.max(100, Math.min(pingInterval.toMillis() / 2, 5_000));
        timer.scheduleWithFixedDelay(() -> {
            try {
                long now = clock.millis();
                for (Connection c : registry.all()) {
                    long silent = now - c.lastHeardAt();
                    if (silent >= idleTimeout.toMillis()) {
                        log.info("closing connection {} of user {}: silent for {} ms", c.id(), c.userId(), silent);
                        c.close(CLOSE_IDLE, "idle timeout");
                    } else if (silent >= pingInterval.toMillis()) {
                        c.ping();
                    }
                }
            } catch (RuntimeException e) {
                log.error("heartbeat round failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
