package app.duet;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Every knob of one Duet node, validated once and frozen before the server starts.
 * Defaults are what an operator gets from {@code ./duet serve} with no flags; they are written
 * once, in {@link Builder}, and the command line reads them from {@link #DEFAULTS}.
 */
public record DuetConfig(
        String host,
        int port,
        Path dataDir,
        /* The PostgreSQL database to keep everything in (postgresql://USER:PASSWORD@HOST:PORT/DB), or null
           for SQLite in dataDir. It holds a password: toString() never shows it. */
        String databaseUrl,
        /* bcrypt cost factor: 10, the OWASP minimum, by default (docs/decisions/0006). Tests lower it. */
        int bcryptCost,
        /* Platform threads that hash and check passwords: bcrypt never runs on a request's carrier thread. */
        int passwordThreads,
        /* Password checks that may wait for a hashing thread; beyond it a sign-in gets 503 at once. */
        int passwordQueue,
        /* Sends a user may make per second on average; 0 turns rate limiting off (load tests). */
        double sendRatePerSecond,
        /* How many sends a user may make in one burst before the rate applies. */
        int sendBurst,
        /* Failed logins for one username before it is refused with 429. */
        int loginMaxFailures,
        /* How long a username stays refused after too many failed logins. */
        Duration loginLockout,
        /* Failed logins from one client address per 10 minutes before it is refused with 429; 0 = no limit. */
        int loginFailuresPerAddress,
        /* Whether anyone may register (OPEN) or only the operator makes accounts (CLOSED). */
        Registration registration,
        /* Registrations from one client address per hour; 0 = no limit (the default). */
        int registrationsPerAddressPerHour,
        /* Addresses of reverse proxies whose X-Forwarded-For names the client; empty = trust none. */
        List<String> trustedProxies,
        /* Origins, besides the server's own, whose cookie-authenticated requests are accepted. */
        List<String> allowedOrigins,
        /* The URL people reach Duet at (e.g. https://chat.example.org), or null: its origin is allowed,
           its host passes the DNS-rebinding check, and https makes the cookie Secure. */
        String publicUrl,
        /* Where /metrics is served instead of the main port ("127.0.0.1:9464"), or null for the main port. */
        String metricsBind,
        /* Frames a connection may have waiting to be written before it is disconnected as too slow. */
        int outboundQueueFrames,
        /* Bytes a connection may have waiting to be written before it is disconnected as too slow. */
        long outboundQueueBytes,
        /* WebSockets one user may hold open at once on this node; one more gets 429 too_many_connections. */
        int maxSocketsPerUser,
        /* TCP connections one client address may hold open at once; 0 = no limit (the default). */
        int maxConnectionsPerAddress,
        /* A client must finish sending a request's headers within this time, or is disconnected. */
        Duration requestHeaderTimeout,
        /* A connection silent this long is pinged. */
        Duration pingInterval,
        /* A connection silent this long is closed. */
        Duration idleTimeout,
        /* Most sends written in one transaction by the group committer. */
        int maxCommitBatch,
        /* A session unused this long expires (its token stops working). */
        Duration sessionIdleTimeout,
        /* A session this old expires however much it is used; Duration.ZERO = no limit (the default). */
        Duration sessionMaxAge,
        /* Redis for many nodes ("redis://HOST:PORT"): events between nodes and presence; null = one node,
           in-process bus and in-memory presence (the default). Redis carries signals only, never the record. */
        String redisUrl,
        /* New contact requests a user may send in one burst before the rate applies. */
        int contactRequestBurst,
        /* New contact requests a user may send per minute on average, after the burst. */
        double contactRequestsPerMinute,
        /* After a request is declined, how long before its sender may ask the same user again. */
        Duration declineCooldown,
        /* Largest file one upload may hold, in bytes (pictures before re-encoding). */
        long maxFileBytes,
        /* Most attachments one message may carry. */
        int maxFilesPerMessage,
        /* Most bytes of attachments one message may carry, all of them together. */
        long maxMessageFileBytes,
        /* Uploads one user may hold that no message holds yet; one more gets 429 too_many_uploads. */
        int maxPendingUploads,
        /* Bytes of such pending uploads one user may hold. */
        long maxPendingUploadBytes,
        /* An upload no message holds after this long is deleted (the sweeper). */
        Duration uploadExpiry,
        /* Largest picture, in pixels (width x height), decoded to be re-encoded; a bigger one gets
           400 image_too_large before it is decoded (decompression bombs). */
        long maxImagePixels,
        Clock clock) {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_FRAME_BYTES = 64 * 1024;

    /** What {@code ./duet serve} uses when no flag says otherwise. */
    public static final DuetConfig DEFAULTS = builder().build();

    /** Who may create accounts. */
    public enum Registration {
        OPEN, CLOSED;

        /** Accepts "open" or "closed" in any case. */
        public static Registration parse(String s) {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        }
    }

    public DuetConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(registration, "registration");
        Objects.requireNonNull(clock, "clock");
        allowedOrigins = List.copyOf(allowedOrigins);
        trustedProxies = List.copyOf(trustedProxies);
        require(port >= 0 && port <= 65535, "port must be 0..65535");
        require(databaseUrl == null || databaseUrl.startsWith("postgresql://") || databaseUrl.startsWith("postgres://"),
                "the database URL must begin with postgresql:// or postgres://");
        require(bcryptCost >= 4 && bcryptCost <= 31, "bcrypt cost must be 4..31");
        require(passwordThreads >= 1, "password threads must be >= 1");
        require(passwordQueue >= 0, "password queue must be >= 0");
        require(sendRatePerSecond >= 0, "send rate must be >= 0");
        require(sendBurst >= 1, "send burst must be >= 1");
        require(loginMaxFailures >= 1, "login max failures must be >= 1");
        require(!loginLockout.isNegative(), "login lockout must be >= 0");
        require(loginFailuresPerAddress >= 0, "login failures per address must be >= 0");
        require(registrationsPerAddressPerHour >= 0, "registrations per address must be >= 0");
        require(publicUrl == null || publicUrl.matches("https?://[^/?#\\s]+/?"),
                "public URL must be like https://chat.example.org (scheme and host, no path)");
        require(metricsBind == null || metricsBind.matches(".+:[0-9]{1,5}"), "metrics bind must be HOST:PORT");
        require(outboundQueueFrames >= 1, "outbound queue must hold at least one frame");
        require(outboundQueueBytes >= 2L * MAX_FRAME_BYTES, "outbound queue must hold at least 128 KiB");
        require(maxSocketsPerUser >= 8, "a user must be allowed at least 8 sockets (PROTOCOL.md 2.1)");
        require(maxConnectionsPerAddress >= 0, "connections per address must be >= 0");
        require(requestHeaderTimeout.toMillis() > 0, "request header timeout must be positive");
        require(pingInterval.toMillis() > 0, "ping interval must be positive");
        require(idleTimeout.compareTo(pingInterval) > 0, "idle timeout must exceed the ping interval");
        require(maxCommitBatch >= 1, "commit batch must be >= 1");
        require(sessionIdleTimeout.toMinutes() >= 1, "session idle timeout must be at least a minute");
        require(sessionMaxAge.isZero() || sessionMaxAge.toMinutes() >= 1, "session max age must be 0 (none) or at least a minute");
        require(redisUrl == null || redisUrl.matches("rediss?://\\S+"), "Redis URL must be like redis://HOST:PORT");
        require(contactRequestBurst >= 1, "contact request burst must be >= 1");
        require(contactRequestsPerMinute > 0, "contact requests per minute must be > 0");
        require(!declineCooldown.isNegative(), "decline cooldown must be >= 0");
        require(maxFileBytes >= 1, "max file size must be >= 1 byte");
        require(maxFilesPerMessage >= 1, "files per message must be >= 1");
        require(maxMessageFileBytes >= maxFileBytes, "a message's files must be allowed at least one file's size");
        require(maxPendingUploads >= maxFilesPerMessage, "pending uploads must allow at least one message's files");
        require(maxPendingUploadBytes >= maxFileBytes, "pending upload bytes must allow at least one file");
        require(uploadExpiry.toMillis() >= 100, "upload expiry must be positive");
        require(maxImagePixels >= 1, "max image pixels must be >= 1");
    }

    /** Every knob, the database's and Redis's passwords replaced by {@code ***}: a configuration may be logged. */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(", ", "DuetConfig[", "]");
        for (RecordComponent c : DuetConfig.class.getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(this);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if ((c.getName().equals("databaseUrl") || c.getName().equals("redisUrl")) && value != null) {
                value = withoutPassword((String) value);
            }
            out.add(c.getName() + "=" + value);
        }
        return out.toString();
    }

    /** {@code scheme://user:secret@host/db} as {@code scheme://user:***@host/db}; other text unchanged. */
    static String withoutPassword(String url) {
        return url.replaceFirst("^([a-z]+://[^:@/]*):[^@/]*@", "$1:***@");
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host; b.port = port; b.dataDir = dataDir; b.databaseUrl = databaseUrl; b.bcryptCost = bcryptCost;
        b.passwordThreads = passwordThreads; b.passwordQueue = passwordQueue;
        b.sendRatePerSecond = sendRatePerSecond; b.sendBurst = sendBurst;
        b.loginMaxFailures = loginMaxFailures; b.loginLockout = loginLockout;
        b.loginFailuresPerAddress = loginFailuresPerAddress;
        b.registration = registration; b.registrationsPerAddressPerHour = registrationsPerAddressPerHour;
        b.trustedProxies = trustedProxies; b.allowedOrigins = allowedOrigins;
        b.publicUrl = publicUrl; b.metricsBind = metricsBind;
        b.outboundQueueFrames = outboundQueueFrames; b.outboundQueueBytes = outboundQueueBytes;
        b.maxSocketsPerUser = maxSocketsPerUser; b.maxConnectionsPerAddress = maxConnectionsPerAddress;
        b.requestHeaderTimeout = requestHeaderTimeout;
        b.pingInterval = pingInterval; b.idleTimeout = idleTimeout;
        b.maxCommitBatch = maxCommitBatch; b.sessionIdleTimeout = sessionIdleTimeout; b.sessionMaxAge = sessionMaxAge;
        b.redisUrl = redisUrl;
        b.contactRequestBurst = contactRequestBurst; b.contactRequestsPerMinute = contactRequestsPerMinute;
        b.declineCooldown = declineCooldown;
        b.maxFileBytes = maxFileBytes; b.maxFilesPerMessage = maxFilesPerMessage; b.maxMessageFileBytes = maxMessageFileBytes;
        b.maxPendingUploads = maxPendingUploads; b.maxPendingUploadBytes = maxPendingUploadBytes;
        b.uploadExpiry = uploadExpiry; b.maxImagePixels = maxImagePixels;
        b.clock = clock;
        return b;
    }

    /** Mutable until {@link #build()}; the built record is immutable. The defaults live here only. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private Path dataDir = Path.of("data");
        private String databaseUrl = null;
        private int bcryptCost = 10;
        private int passwordThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int passwordQueue = 64;
        private double sendRatePerSecond = 20;
        private int sendBurst = 300;
        private int loginMaxFailures = 5;
        private Duration loginLockout = Duration.ofMinutes(1);
        private int loginFailuresPerAddress = 100;
        private Registration registration = Registration.OPEN;
        private int registrationsPerAddressPerHour = 0;
        private List<String> trustedProxies = List.of();
        private List<String> allowedOrigins = List.of();
        private String publicUrl = null;
        private String metricsBind = null;
        private int outboundQueueFrames = 1024;
        private long outboundQueueBytes = 1024 * 1024;
        private int maxSocketsPerUser = 16;
        private int maxConnectionsPerAddress = 0;
        private Duration requestHeaderTimeout = Duration.ofSeconds(10);
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration idleTimeout = Duration.ofSeconds(70);
        private int maxCommitBatch = 256;
        private Duration sessionIdleTimeout = Duration.ofDays(30);
        private Duration sessionMaxAge = Duration.ZERO;
        private String redisUrl = null;
        private int contactRequestBurst = 30;
        private double contactRequestsPerMinute = 3;
        private Duration declineCooldown = Duration.ofHours(24);
        private long maxFileBytes = 25L * 1024 * 1024;
        private int maxFilesPerMessage = 10;
        private long maxMessageFileBytes = 100L * 1024 * 1024;
        private int maxPendingUploads = 30;
        private long maxPendingUploadBytes = 200L * 1024 * 1024;
        private Duration uploadExpiry = Duration.ofHours(6);
        private long maxImagePixels = 40_000_000L;
        private Clock clock = Clock.systemUTC();

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        public Builder databaseUrl(String v) { databaseUrl = v; return this; }
        public Builder bcryptCost(int v) { bcryptCost = v; return this; }
        public Builder passwordThreads(int v) { passwordThreads = v; return this; }
        public Builder passwordQueue(int v) { passwordQueue = v; return this; }
        public Builder sendRatePerSecond(double v) { sendRatePerSecond = v; return this; }
        public Builder sendBurst(int v) { sendBurst = v; return this; }
        public Builder loginMaxFailures(int v) { loginMaxFailures = v; return this; }
        public Builder loginLockout(Duration v) { loginLockout = v; return this; }
        public Builder loginFailuresPerAddress(int v) { loginFailuresPerAddress = v; return this; }
        public Builder registration(Registration v) { registration = v; return this; }
        public Builder registrationsPerAddressPerHour(int v) { registrationsPerAddressPerHour = v; return this; }
        public Builder trustedProxies(List<String> v) { trustedProxies = v; return this; }
        public Builder allowedOrigins(List<String> v) { allowedOrigins = v; return this; }
        public Builder publicUrl(String v) { publicUrl = v; return this; }
        public Builder metricsBind(String v) { metricsBind = v; return this; }
        public Builder outboundQueueFrames(int v) { outboundQueueFrames = v; return this; }
        public Builder outboundQueueBytes(long v) { outboundQueueBytes = v; return this; }
        public Builder maxSocketsPerUser(int v) { maxSocketsPerUser = v; return this; }
        public Builder maxConnectionsPerAddress(int v) { maxConnectionsPerAddress = v; return this; }
        public Builder requestHeaderTimeout(Duration v) { requestHeaderTimeout = v; return this; }
        public Builder pingInterval(Duration v) { pingInterval = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder maxCommitBatch(int v) { maxCommitBatch = v; return this; }
        public Builder sessionIdleTimeout(Duration v) { sessionIdleTimeout = v; return this; }
        public Builder sessionMaxAge(Duration v) { sessionMaxAge = v; return this; }
        public Builder redisUrl(String v) { redisUrl = v; return this; }
        public Builder contactRequestBurst(int v) { contactRequestBurst = v; return this; }
        public Builder contactRequestsPerMinute(double v) { contactRequestsPerMinute = v; return this; }
        public Builder declineCooldown(Duration v) { declineCooldown = v; return this; }
        public Builder maxFileBytes(long v) { maxFileBytes = v; return this; }
        public Builder maxFilesPerMessage(int v) { maxFilesPerMessage = v; return this; }
        public Builder maxMessageFileBytes(long v) { maxMessageFileBytes = v; return this; }
        public Builder maxPendingUploads(int v) { maxPendingUploads = v; return this; }
        public Builder maxPendingUploadBytes(long v) { maxPendingUploadBytes = v; return this; }
        public Builder uploadExpiry(Duration v) { uploadExpiry = v; return this; }
        public Builder maxImagePixels(long v) { maxImagePixels = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }

        public DuetConfig build() {
            return new DuetConfig(host, port, dataDir, databaseUrl, bcryptCost, passwordThreads, passwordQueue,
                    sendRatePerSecond, sendBurst, loginMaxFailures, loginLockout, loginFailuresPerAddress,
                    registration, registrationsPerAddressPerHour, trustedProxies, allowedOrigins, publicUrl, metricsBind,
                    outboundQueueFrames, outboundQueueBytes, maxSocketsPerUser, maxConnectionsPerAddress,
                    requestHeaderTimeout, pingInterval, idleTimeout, maxCommitBatch, sessionIdleTimeout, sessionMaxAge,
                    redisUrl, contactRequestBurst, contactRequestsPerMinute, declineCooldown,
                maxFileBytes, maxFilesPerMessage, maxMessageFileBytes, maxPendingUploads, maxPendingUploadBytes,
                uploadExpiry, maxImagePixels, clock);
        }
    }
}
