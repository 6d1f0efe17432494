package app.duet.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pings connections that have been silent for {@code pingInterval} and closes, with
 * {@link CloseCodes#IDLE}, those silent for {@code idleTimeout}: a client that answers pings
 * (every browser does) stays; a vanished one is found within the timeout. Constructed idle;
 * {@link #start()} schedules its rounds on its own thread.
 */
public final class Heartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("duet-heartbeat").daemon(true).factory());
    private final ConnectionRegistry registry;
    private final Clock clock;
    private final Duration pingInterval;
    private final Duration idleTimeout;
    private ScheduledFuture<?> rounds;

    public Heartbeat(ConnectionRegistry registry, Clock clock, Duration pingInterval, Duration idleTimeout) {
        this.registry = registry;
        this.clock = clock;
        this.pingInterval = pingInterval;
        this.idleTimeout = idleTimeout;
    }

    public Heartbeat start() {
        long period = Math.max(100, Math.min(pingInterval.toMillis() / 2, 5_000));
        rounds = timer.scheduleWithFixedDelay(() -> {
            try {
                long now = clock.millis();
                for (Connection c : registry.all()) {
                    long silent = now - c.lastHeardAt();
                    if (silent >= idleTimeout.toMillis()) {
                        log.info("closing connection {} of user {}: silent for {} ms", c.id(), c.userId(), silent);
                        c.close(CloseCodes.IDLE, "idle timeout");
                    } else if (silent >= pingInterval.toMillis()) {
                        c.ping();
                    }
                }
            } catch (RuntimeException e) {
                log.error("heartbeat round failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void close() {
        if (rounds != null) rounds.cancel(false);
        timer.shutdownNow();
    }
}
