package app.duet.accounts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Expires idle and over-age sessions at start and then every 10 minutes, on a thread of its own;
 * their sockets, wherever they are, are closed with 4401. Constructed idle; {@link #start()}
 * schedules it.
 */
public final class SessionExpiry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionExpiry.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("duet-session-expiry").daemon(true).factory());

    private final AccountService accounts;
    private ScheduledFuture<?> rounds;

    public SessionExpiry(AccountService accounts) {
        this.accounts = accounts;
    }

    public SessionExpiry start() {
        rounds = timer.scheduleWithFixedDelay(() -> {
            try {
                int expired = accounts.expireSessions();
                if (expired > 0) log.info("expired {} sessions", expired);
            } catch (RuntimeException e) {
                log.error("expiring sessions failed", e);
            }
        }, 0, 10, TimeUnit.MINUTES);
        return this;
    }

    @Override
    public void close() {
        if (rounds != null) rounds.cancel(false);
        timer.shutdownNow();
    }
}
