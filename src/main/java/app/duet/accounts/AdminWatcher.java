package app.duet.accounts;

import app.duet.delivery.CloseCodes;
import app.duet.delivery.ConnectionRegistry;
import app.duet.model.AuditEntry;
import app.duet.storage.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads the audit log every {@link #EVERY} and closes, on this node, the sockets of an account
 * that an operator disabled or signed out ({@code duet user ...} runs in its own process, often
 * beside a running server, so the database is how it reaches every node). Starts after the last
 * entry there is; one page of entries a round.
 */
public final class AdminWatcher implements AutoCloseable {
    static final Duration EVERY = Duration.ofSeconds(2);
    private static final int PAGE = 200;
    private static final Logger log = LoggerFactory.getLogger(AdminWatcher.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("duet-admin-watcher").daemon(true).factory());
    private final Store store;
    private final ConnectionRegistry registry;
    private long lastSeen;
    private ScheduledFuture<?> rounds;

    public AdminWatcher(Store store, ConnectionRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    public AdminWatcher start() {
        lastSeen = store.lastAuditId();
        rounds = timer.scheduleWithFixedDelay(this::round, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void round() {
        try {
            List<AuditEntry> entries = store.auditLog(lastSeen, PAGE);
            for (AuditEntry e : entries) {
                if (e.userId() != null && AccountAdmin.SIGNING_OUT.contains(e.action())) {
                    registry.closeUser(e.userId(), CloseCodes.SESSION_REVOKED, "signed out by an operator");
                }
                log.info("audit: {} {} by {}{}", e.action(), e.detail(), e.actor(), e.userId() == null ? "" : " (user " + e.userId() + ")");
                lastSeen = e.id();
            }
        } catch (RuntimeException e) {
            log.warn("reading the audit log failed: {}", e.toString()); // the next round tries again
        }
    }

    @Override
    public void close() {
        if (rounds != null) rounds.cancel(false);
        timer.shutdownNow();
    }
}
