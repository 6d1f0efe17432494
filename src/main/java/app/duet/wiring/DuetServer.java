package app.duet.wiring;

import app.duet.DuetConfig;
import app.duet.Metrics;

import app.duet.accounts.AccountPolicy;
import app.duet.accounts.AccountService;
import app.duet.accounts.PasswordHasher;
import app.duet.accounts.AccountAdmin;
import app.duet.accounts.AdminWatcher;
import app.duet.accounts.SessionExpiry;
import app.duet.chats.ChatService;
import app.duet.chats.CommittedSends;
import app.duet.chats.GroupCommitter;
import app.duet.chats.TypingThrottle;
import app.duet.contacts.ContactRequestLimiter;
import app.duet.contacts.ContactService;
import app.duet.delivery.CloseCodes;
import app.duet.delivery.ConnectionRegistry;
import app.duet.delivery.EventBus;
import app.duet.delivery.Events;
import app.duet.delivery.Heartbeat;
import app.duet.delivery.LastSeenWriter;
import app.duet.delivery.InProcessEventBus;
import app.duet.delivery.Presence;
import app.duet.delivery.PresenceLedger;
import app.duet.delivery.redis.RedisEventBus;
import app.duet.delivery.redis.RedisLimits;
import app.duet.delivery.redis.RedisLink;
import app.duet.delivery.redis.RedisPresence;
import app.duet.delivery.redis.RedisSocketCounts;
import app.duet.export.DataExport;
import app.duet.export.ExportService;
import app.duet.limits.UserRate;
import app.duet.limits.SharedLimits;
import app.duet.files.FileLimits;
import app.duet.files.FileService;
import app.duet.files.FileSweeper;
import app.duet.storage.BlobStore;
import app.duet.storage.Store;
import app.duet.storage.blobs.DiskBlobStore;
import app.duet.storage.postgres.PostgresBlobStore;
import app.duet.storage.postgres.PostgresStore;
import app.duet.storage.postgres.PostgresUrl;
import app.duet.storage.sqlite.SqliteStore;
import app.duet.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * One Duet node, wired. The only class that names concrete adapters: SQLite or PostgreSQL for
 * storage; the in-process bus, in-memory presence and per-node limits for one node, or Redis for
 * all three when {@code redisUrl} is set.
 *
 * <p>Lifecycle, all of it here: the constructor builds every part and starts nothing (the
 * database is opened and migrated, no thread runs); {@link #start} starts the threads in order
 * (the bus and the presence ledger, which connect to Redis if used, the group committer,
 * heartbeat, session expiry, the last-seen writer, then the web server, last, so that nothing is
 * served before what it needs runs); {@link #close} stops them so that no accepted work is lost:
 * the timers, then the committer (it writes every send already accepted; a send it refuses from
 * then on gets no answer, and its client resends it after reconnecting), then the sockets (1001),
 * then the web server, the bus, the pending last-seen times, the password pool and the database.
 */
public final class DuetServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DuetServer.class);

    private final DuetConfig config;
    private final Store store;
    private final EventBus bus;
    private final PresenceLedger presenceLedger;
    private final RedisLink redis; // null for one node
    private final RedisLimits sharedLimits; // null for one node
    private final RedisSocketCounts socketCounts; // null for one node
    private final ConnectionRegistry registry;
    private final PasswordHasher passwords;
    private final GroupCommitter committer;
    private final Heartbeat heartbeat;
    private final SessionExpiry sessionExpiry;
    private final LastSeenWriter lastSeen;
    private final AdminWatcher adminWatcher;
    private final WebServer web;
    private final BlobStore blobs;
    private final FileService files;
    private final FileSweeper fileSweeper;
    private volatile boolean closed;

    private DuetServer(DuetConfig config) {
        this.config = config;
        this.store = openStore(config);
        this.blobs = openBlobs(config);
        Metrics metrics = new Metrics();
        if (config.redisUrl() == null) {
            this.redis = null;
            this.socketCounts = null;
            this.registry = new ConnectionRegistry(config.maxSocketsPerUser());
            this.bus = new InProcessEventBus();
            this.presenceLedger = PresenceLedger.singleNode(registry);
            this.sharedLimits = null;
        } else {
            this.redis = new RedisLink(config.redisUrl(), newNodeId());
            this.socketCounts = new RedisSocketCounts(redis, PRESENCE_TTL);
            this.registry = new ConnectionRegistry(config.maxSocketsPerUser(), socketCounts);
            this.bus = new RedisEventBus(redis, metrics);
            this.presenceLedger = new RedisPresence(redis, registry, config.clock(), PRESENCE_TTL);
            this.sharedLimits = new RedisLimits(redis);
        }
        SharedLimits shared = sharedLimits;
        bus.subscribe(registry);
        Events events = new Events(bus);

        this.passwords = new PasswordHasher(config.bcryptCost(), config.passwordThreads(), config.passwordQueue());
        AccountService accounts = new AccountService(store, events, config.clock(), passwords, accountPolicy(config), shared);
        ContactService contacts = new ContactService(store, events, presenceLedger, config.clock(),
                new ContactRequestLimiter(config.clock(), config.contactRequestBurst(), config.contactRequestsPerMinute(),
                        config.declineCooldown(),
                        shared == null ? null : shared.tokenBuckets("contact-requests", config.contactRequestBurst(),
                                config.contactRequestsPerMinute() / 60.0),
                        shared == null ? null : shared.expiringKeys("decline-cooldown", config.declineCooldown())),
                searchRate("user-searches", shared));
        this.committer = new GroupCommitter(store, config.clock(), metrics, config.maxCommitBatch(), new CommittedSends(events, presenceLedger));
        metrics.gauge("duet_commit_queue", "Sends accepted and waiting for their transaction", committer::queued);
        metrics.gauge("duet_publish_backlog", "Commits written whose events are not yet published", committer::unpublished);
        boolean sendsLimited = config.sendRatePerSecond() > 0;
        UserRate sendRate = new UserRate(config.clock(), config.sendBurst(), config.sendRatePerSecond(),
                shared == null || !sendsLimited ? null
                        : shared.tokenBuckets("sends", config.sendBurst(), config.sendRatePerSecond()));
        this.files = new FileService(store, blobs, config.clock(), fileLimits(config), sendRate::tryAcquire);
        this.fileSweeper = new FileSweeper(files, config.uploadExpiry());
        ChatService chats = new ChatService(store, events, presenceLedger, config.clock(), sendRate,
                new TypingThrottle(config.clock()), committer, searchRate("message-searches", shared), files);
        this.lastSeen = new LastSeenWriter(store);
        Presence presence = new Presence(registry, events, store, lastSeen, presenceLedger, config.clock());

        metrics.gauge("duet_connections_open", "Open WebSocket connections on this node", registry::connectionCount);
        metrics.gauge("duet_users_online", "Users with at least one open connection on this node", registry::onlineUserCount);
        metrics.gauge("duet_outbound_queued_bytes", "Bytes waiting to be written to this node's sockets", registry::queuedBytes);
        this.heartbeat = new Heartbeat(registry, config.clock(), config.pingInterval(), config.idleTimeout());
        this.sessionExpiry = new SessionExpiry(accounts);
        this.adminWatcher = new AdminWatcher(store, registry);
        ExportService exports = new ExportService(new DataExport(store, files, config.clock()),
                new UserRate(config.clock(), ExportService.burst(), ExportService.perSecond(),
                        shared == null ? null : shared.tokenBuckets("exports", ExportService.burst(), ExportService.perSecond())));
        this.web = new WebServer(config, store, accounts, contacts, chats, presence, metrics, files, exports);
    }

    private static FileLimits fileLimits(DuetConfig config) {
        return new FileLimits(config.maxFileBytes(), config.maxFilesPerMessage(), config.maxMessageFileBytes(),
                config.maxPendingUploads(), config.maxPendingUploadBytes(), config.uploadExpiry(), config.maxImagePixels());
    }

    /**
     * Where the bytes of pictures and files live: PostgreSQL when the data is there (every node
     * reads what any stored), else the data folder's {@code files}, beside {@code duet.db}.
     */
    private static BlobStore openBlobs(DuetConfig config) {
        return config.databaseUrl() == null ? DiskBlobStore.open(config.dataDir().resolve("files"))
                : PostgresBlobStore.connect(config.databaseUrl());
    }

    /** The files service, for the recall hook ({@link FileService#eraseMessageFiles}) and tests. */
    public FileService files() {
        return files;
    }

    /** Searches per user (users by name, a chat's messages): each scans rows, so they are limited. */
    static final int SEARCH_BURST = 30;
    static final double SEARCHES_PER_SECOND = 1;

    private UserRate searchRate(String name, SharedLimits shared) {
        return new UserRate(config.clock(), SEARCH_BURST, SEARCHES_PER_SECOND,
                shared == null ? null : shared.tokenBuckets(name, SEARCH_BURST, SEARCHES_PER_SECOND));
    }

    /** PostgreSQL when the configuration names a database URL, else SQLite in the data folder. */
    private static Store openStore(DuetConfig config) {
        return config.databaseUrl() == null ? SqliteStore.open(config.dataDir()) : PostgresStore.open(config.databaseUrl());
    }

    /** Where the data is, for the log: the folder, or the database without its password. */
    private static String whereTheDataIs(DuetConfig config) {
        return config.databaseUrl() == null ? config.dataDir().toAbsolutePath().toString()
                : "PostgreSQL " + PostgresUrl.parse(config.databaseUrl());
    }

    /** How long a node's presence entries outlive its last refresh in Redis (a dead node's users go offline after it). */
    private static final Duration PRESENCE_TTL = Duration.ofSeconds(30);

    /** A name for this node in Redis, unique among running nodes. */
    private static String newNodeId() {
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        return "node-" + HexFormat.of().formatHex(b);
    }

    /** The account rules of the configuration, for the accounts service (and {@code duet user add}). */
    public static AccountPolicy accountPolicy(DuetConfig config) {
        return new AccountPolicy(config.registration() == DuetConfig.Registration.OPEN, config.registrationsPerAddressPerHour(),
                config.loginMaxFailures(), config.loginLockout(), config.loginFailuresPerAddress(),
                config.sessionIdleTimeout(), config.sessionMaxAge());
    }

    /**
     * Runs {@code work} with the accounts service over the configured database, serving nothing:
     * for the operator's commands ({@code duet user add}). Its events go to a bus nobody listens
     * to, since no socket is open here (a running server's clients see the change on their next read).
     */
    public static <T> T withAccounts(DuetConfig config, Function<AccountService, T> work) {
        return withAdmin(config, (accounts, admin) -> work.apply(accounts));
    }

    /**
     * As {@link #withAccounts}, with the operator's {@link AccountAdmin} beside the accounts
     * ({@code duet user ...}); its actions are written to the audit log as done by {@code actor}.
     */
    public static <T> T withAdmin(DuetConfig config, java.util.function.BiFunction<AccountService, AccountAdmin, T> work) {
        String actor = System.getProperty("user.name", "unknown") + " (duet user)";
        try (Store store = openStore(config);
             PasswordHasher hasher = new PasswordHasher(config.bcryptCost(), 1, 0);
             EventBus nobodyListens = new InProcessEventBus()) {
            return work.apply(new AccountService(store, new Events(nobodyListens), config.clock(), hasher, accountPolicy(config)),
                    new AccountAdmin(store, hasher, config.clock(), actor));
        }
    }

    /**
     * As {@link #withAdmin}, with a {@link DataExport} over the configured database and its files,
     * for {@code duet export} (whether a server runs on them or not: it reads, and writes only its audit entry).
     */
    public static <T> T withExport(DuetConfig config, java.util.function.BiFunction<DataExport, AccountAdmin, T> work) {
        String actor = System.getProperty("user.name", "unknown") + " (duet export)";
        try (Store store = openStore(config);
             BlobStore blobs = openBlobs(config);
             PasswordHasher hasher = new PasswordHasher(config.bcryptCost(), 1, 0)) {
            FileService files = new FileService(store, blobs, config.clock(), fileLimits(config), (user, tokens) -> true);
            return work.apply(new DataExport(store, files, config.clock()), new AccountAdmin(store, hasher, config.clock(), actor));
        }
    }

    /**
     * Opens the configured store (migrating it), runs {@code work} on it and closes it: for tools
     * that read or fill the data directly, such as {@code duet bench history}'s bulk fill. Safe
     * while a server runs on the same data (SQLite admits a second writer in turn).
     */
    public static <T> T withStore(DuetConfig config, Function<Store, T> work) {
        try (Store store = openStore(config)) {
            return work.apply(store);
        }
    }

    /** Opens the database, starts serving, and returns once connections are accepted. */
    public static DuetServer start(DuetConfig config) {
        DuetServer server = new DuetServer(config);
        try {
            server.bus.start();
            server.presenceLedger.start();
            if (server.sharedLimits != null) server.sharedLimits.start();
            if (server.socketCounts != null) server.socketCounts.start(server.registry);
            server.committer.start();
            server.heartbeat.start();
            server.sessionExpiry.start();
            server.lastSeen.start();
            server.adminWatcher.start();
            server.fileSweeper.start();
            server.web.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        log.info("Duet started on {}:{} with data in {}", config.host(), server.port(), whereTheDataIs(config));
        return server;
    }

    public int port() {
        return web.port();
    }

    /**
     * The port of the separate /metrics listener when {@code metricsBind} is set, else -1. It is a
     * second connector of the web server, so it starts and stops with it.
     */
    public int metricsPort() {
        return web.metricsPort();
    }

    public DuetConfig config() {
        return config;
    }

    /**
     * Before a planned stop: {@code /readyz} turns 503 at once, so a load balancer stops sending new
     * connections here, while the node goes on serving its own for {@code period}; then the caller
     * closes it (its sockets get 1001 and reconnect, through the balancer, to another node).
     */
    public void drain(Duration period) throws InterruptedException {
        if (period.isZero() || period.isNegative()) return;
        web.startDraining();
        log.info("Duet draining for {} s before stopping: /readyz answers 503", period.toSeconds());
        Thread.sleep(period);
    }

    /** How long a stop waits for the clients to answer the 1001 close (a dead one never does). */
    private static final Duration CLOSE_HANDSHAKE = Duration.ofSeconds(2);

    /**
     * Waits, at most {@link #CLOSE_HANDSHAKE}, until every socket's close handshake is done:
     * stopping Jetty at once could drop a close frame still being written, and the client would
     * see the connection cut (1006) rather than "going away" (1001).
     */
    private void awaitSocketsClosed() {
        long end = System.nanoTime() + CLOSE_HANDSHAKE.toNanos();
        try {
            while (registry.connectionCount() > 0 && System.nanoTime() - end < 0) Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        log.info("Duet stopping");
        heartbeat.close();
        sessionExpiry.close();
        adminWatcher.close();
        fileSweeper.close();
        web.stopping();                                  // a send refused from now on is resent by its client, unanswered here
        committer.close();                               // writes the sends already accepted
        registry.closeAll(CloseCodes.GOING_AWAY, "server shutting down");
        awaitSocketsClosed();                            // the close frames out before Jetty stops
        try {
            web.close();
        } catch (RuntimeException e) {
            log.warn("stopping the web server: {}", e.toString());
        }
        bus.close();
        presenceLedger.close();
        if (sharedLimits != null) sharedLimits.close();
        if (socketCounts != null) socketCounts.close();
        if (redis != null) redis.close();
        lastSeen.close();                                // after the sockets: writes when their users were last seen
        passwords.close();
        blobs.close();
        store.close();
        log.info("Duet stopped");
    }
}
