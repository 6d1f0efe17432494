package app.duet;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Every knob of one Duet node, validated once and frozen before the server starts.
 * Defaults are what an operator gets from {@code ./duet serve} with no flags.
 */
public record DuetConfig(
        String host,
        int port,
        Path dataDir,
        /* bcrypt cost factor: 10, the OWASP minimum, by default (docs/decisions/0006). Tests lower it. */
        int bcryptCost,
        /* Sends a user may make per second on average; 0 turns rate limiting off (load tests). */
        double sendRatePerSecond,
        /* How many sends a user may make in one burst before the rate applies. */
        int sendBurst,
        /* Failed logins for one username before it is refused with 429. */
        int loginMaxFailures,
        /* How long a username stays refused after too many failed logins. */
        Duration loginLockout,
        /* Origins, besides the server's own, whose cookie-authenticated requests are accepted. */
        List<String> allowedOrigins,
        /* Frames a connection may have waiting to be written before it is disconnected as too slow. */
        int outboundQueueFrames,
        /* A connection silent this long is pinged. */
        Duration pingInterval,
        /* A connection silent this long is closed. */
        Duration idleTimeout,
        /* Most sends written in one transaction by the group committer. */
        int maxCommitBatch,
        /* A session unused this long expires (its token stops working). */
        Duration sessionIdleTimeout,
        Clock clock) {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_FRAME_BYTES = 64 * 1024;

    public DuetConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(clock, "clock");
        allowedOrigins = List.copyOf(allowedOrigins);
        require(port >= 0 && port <= 65535, "port must be 0..65535");
        require(bcryptCost >= 4 && bcryptCost <= 31, "bcrypt cost must be 4..31");
        require(sendRatePerSecond >= 0, "send rate must be >= 0");
        require(sendBurst >= 1, "send burst must be >= 1");
        require(loginMaxFailures >= 1, "login max failures must be >= 1");
        require(!loginLockout.isNegative(), "login lockout must be >= 0");
        require(outboundQueueFrames >= 1, "outbound queue must hold at least one frame");
        require(pingInterval.toMillis() > 0, "ping interval must be positive");
        require(idleTimeout.compareTo(pingInterval) > 0, "idle timeout must exceed the ping interval");
        require(maxCommitBatch >= 1, "commit batch must be >= 1");
        require(sessionIdleTimeout.toMinutes() >= 1, "session idle timeout must be at least a minute");
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host; b.port = port; b.dataDir = dataDir; b.bcryptCost = bcryptCost;
        b.sendRatePerSecond = sendRatePerSecond; b.sendBurst = sendBurst;
        b.loginMaxFailures = loginMaxFailures; b.loginLockout = loginLockout;
        b.allowedOrigins = allowedOrigins; b.outboundQueueFrames = outboundQueueFrames;
        b.pingInterval = pingInterval; b.idleTimeout = idleTimeout;
        b.maxCommitBatch = maxCommitBatch; b.sessionIdleTimeout = sessionIdleTimeout; b.clock = clock;
        return b;
    }

    /** Mutable until {@link #build()}; the built record is immutable. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private Path dataDir = Path.of("data");
        private int bcryptCost = 10;
        private double sendRatePerSecond = 20;
        private int sendBurst = 300;
        private int loginMaxFailures = 5;
        private Duration loginLockout = Duration.ofMinutes(1);
        private List<String> allowedOrigins = List.of();
        private int outboundQueueFrames = 1024;
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration idleTimeout = Duration.ofSeconds(70);
        private int maxCommitBatch = 256;
        private Duration sessionIdleTimeout = Duration.ofDays(30);
        private Clock clock = Clock.systemUTC();

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        public Builder bcryptCost(int v) { bcryptCost = v; return this; }
        public Builder sendRatePerSecond(double v) { sendRatePerSecond = v; return this; }
        public Builder sendBurst(int v) { sendBurst = v; return this; }
        public Builder loginMaxFailures(int v) { loginMaxFailures = v; return this; }
        public Builder loginLockout(Duration v) { loginLockout = v; return this; }
        public Builder allowedOrigins(List<String> v) { allowedOrigins = v; return this; }
        public Builder outboundQueueFrames(int v) { outboundQueueFrames = v; return this; }
        public Builder pingInterval(Duration v) { pingInterval = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder maxCommitBatch(int v) { maxCommitBatch = v; return this; }
        public Builder sessionIdleTimeout(Duration v) { sessionIdleTimeout = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }

        public DuetConfig build() {
            return new DuetConfig(host, port, dataDir, bcryptCost, sendRatePerSecond, sendBurst,
                    loginMaxFailures, loginLockout, allowedOrigins, outboundQueueFrames,
                    pingInterval, idleTimeout, maxCommitBatch, sessionIdleTimeout, clock);
        }
    }
}
