package app.duet.accounts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Expires idle sessions at start and then every hour, on a thread of its own. */
public final class SessionExpiry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionExpiry.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("duet-session-expiry").daemon(true).factory());

    public SessionExpiry(AccountService accounts) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                int expired = accounts.expireIdleSessions();
                if (expired > 0) log.info("expired {} idle sessions", expired);
            } catch (RuntimeException e) {
                log.error("expiring idle sessions failed", e);
            }
        }, 0, 1, TimeUnit.HOURS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
