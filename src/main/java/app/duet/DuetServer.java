package app.duet;

import app.duet.accounts.AccountPolicy;
import app.duet.accounts.AccountService;
import app.duet.accounts.PasswordHasher;
import app.duet.accounts.SessionExpiry;
import app.duet.chats.ChatService;
import app.duet.contacts.ContactService;
import app.duet.delivery.ConnectionRegistry;
import app.duet.delivery.EventBus;
import app.duet.delivery.Events;
import app.duet.delivery.Heartbeat;
import app.duet.delivery.InProcessEventBus;
import app.duet.delivery.Presence;
import app.duet.storage.Store;
import app.duet.storage.sqlite.SqliteStore;
import app.duet.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Duet node, wired: storage, the bus, the services, the web server. {@link #close()} stops
 * it in the reverse order: no new requests, queued sends written, sockets closed with 1001,
 * database closed.
 */
public final class DuetServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DuetServer.class);

    private final DuetConfig config;
    private final Store store;
    private final EventBus bus;
    private final ConnectionRegistry registry;
    private final ChatService chats;
    private final Heartbeat heartbeat;
    private final SessionExpiry sessionExpiry;
    private final PasswordHasher passwords;
    private final WebServer web;
    private volatile boolean closed;

    private DuetServer(DuetConfig config) {
        this.config = config;
        this.store = SqliteStore.open(config.dataDir());
        Metrics metrics = new Metrics();
        this.bus = new InProcessEventBus();
        this.registry = new ConnectionRegistry(config.maxSocketsPerUser());
        bus.subscribe(registry);
        Events events = new Events(bus, registry);
        this.passwords = new PasswordHasher(config.bcryptCost(), config.passwordThreads(), config.passwordQueue());
        AccountService accounts = new AccountService(store, events, config.clock(), passwords, accountPolicy(config));
        this.sessionExpiry = new SessionExpiry(accounts);
        ContactService contacts = new ContactService(store, events, config.clock(), config.contactRequestBurst(),
                config.contactRequestsPerMinute(), config.declineCooldown());
        this.chats = new ChatService(store, events, metrics, config.clock(),
                config.sendRatePerSecond(), config.sendBurst(), config.maxCommitBatch());
        Presence presence = new Presence(registry, events, store);
        metrics.gauge("duet_connections_open", "Open WebSocket connections on this node", registry::connectionCount);
        metrics.gauge("duet_users_online", "Users with at least one open connection on this node", registry::onlineUserCount);
        this.heartbeat = new Heartbeat(registry, config.clock(), config.pingInterval(), config.idleTimeout());
        this.web = new WebServer(config, store, accounts, contacts, chats, presence, metrics);
    }

    public static AccountPolicy accountPolicy(DuetConfig config) {
        return new AccountPolicy(config.registration() == DuetConfig.Registration.OPEN, config.registrationsPerAddressPerHour(),
                config.loginMaxFailures(), config.loginLockout(), config.loginFailuresPerAddress(),
                config.sessionIdleTimeout(), config.sessionMaxAge());
    }

    /** Opens the database, starts serving, and returns once connections are accepted. */
    public static DuetServer start(DuetConfig config) {
        DuetServer server = new DuetServer(config);
        try {
            server.web.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        log.info("Duet started on {}:{} with data in {}", config.host(), server.port(), config.dataDir().toAbsolutePath());
        return server;
    }

    public int port() {
        return web.port();
    }

    /**
     * The port of the separate /metrics listener when {@code metricsBind} is set, else -1. It is a
     * second connector of the web server, so it starts and stops with it: after the database and
     * the services exist, before they are closed.
     */
    public int metricsPort() {
        return web.metricsPort();
    }

    public DuetConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        log.info("Duet stopping");
        heartbeat.close();
        sessionExpiry.close();
        chats.close();                                   // writes the sends already accepted
        registry.closeAll(1001, "server shutting down");
        try {
            web.close();
        } catch (RuntimeException e) {
            log.warn("stopping the web server: {}", e.toString());
        }
        bus.close();
        passwords.close();
        store.close();
        log.info("Duet stopped");
    }
}
