package app.duet.cli;

import app.duet.DuetConfig;
import app.duet.wiring.DuetServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code duet serve}: runs one node until Ctrl-C (SIGINT) or SIGTERM, then stops cleanly.
 * Every flag's default is read from {@link DuetConfig#DEFAULTS}, where it is written once.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start a Duet server.")
final class ServeCommand implements Callable<Integer> {
    private static final DuetConfig D = DuetConfig.DEFAULTS;

    @Mixin
    DataOption data = new DataOption();

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = D.host();

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = D.port();

    @Option(names = "--public-url", description = "The URL people reach Duet at, e.g. https://chat.example.org behind a TLS proxy: "
            + "its origin is allowed, its host passes the DNS-rebinding check, and https makes the session cookie Secure.")
    String publicUrl = D.publicUrl();

    @Option(names = "--allowed-origin", split = "\\s*,\\s*", description = "An extra origin whose cookie-authenticated requests are accepted, e.g. https://chat.example.org (repeatable).")
    List<String> allowedOrigins = new ArrayList<>(D.allowedOrigins());

    @Option(names = "--trusted-proxy", split = "\\s*,\\s*", description = "Address of a reverse proxy whose X-Forwarded-For names the client (repeatable; default: none).")
    List<String> trustedProxies = new ArrayList<>(D.trustedProxies());

    @Option(names = "--registration", description = "open: anyone may register; closed: accounts are made with 'duet user add' (default: open).")
    String registration = D.registration().name().toLowerCase(java.util.Locale.ROOT);

    @Option(names = "--registrations-per-address", description = "Registrations one client address may make per hour; 0 = no limit (default: ${DEFAULT-VALUE}).")
    int registrationsPerAddress = D.registrationsPerAddressPerHour();

    @Option(names = "--metrics-bind", description = "Serve /metrics on this HOST:PORT only (e.g. 127.0.0.1:9464) instead of the main port.")
    String metricsBind = D.metricsBind();

    @Option(names = "--bcrypt-cost", description = "bcrypt cost for new passwords: 10 is the OWASP minimum, each step doubles the time (default: ${DEFAULT-VALUE}).")
    int bcryptCost = D.bcryptCost();

    @Option(names = "--password-threads", description = "Threads that check passwords (default: the number of cores, ${DEFAULT-VALUE}).")
    int passwordThreads = D.passwordThreads();

    @Option(names = "--send-rate", description = "Messages per second a user may send on average; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    double sendRate = D.sendRatePerSecond();

    @Option(names = "--send-burst", description = "Messages a user may send in one burst (default: ${DEFAULT-VALUE}).")
    int sendBurst = D.sendBurst();

    @Option(names = "--login-max-failures", description = "Failed logins before a username is locked (default: ${DEFAULT-VALUE}).")
    int loginMaxFailures = D.loginMaxFailures();

    @Option(names = "--login-lockout-seconds", description = "How long a locked username is refused (default: ${DEFAULT-VALUE}).")
    long loginLockoutSeconds = D.loginLockout().toSeconds();

    @Option(names = "--login-failures-per-address", description = "Failed logins one client address may make per 10 minutes; 0 = no limit (default: ${DEFAULT-VALUE}).")
    int loginFailuresPerAddress = D.loginFailuresPerAddress();

    @Option(names = "--session-idle-days", description = "A session unused this many days expires (default: ${DEFAULT-VALUE}).")
    long sessionIdleDays = D.sessionIdleTimeout().toDays();

    @Option(names = "--session-max-days", description = "A session this many days old expires however much it is used; 0 = no limit (default: ${DEFAULT-VALUE}).")
    long sessionMaxDays = D.sessionMaxAge().toDays();

    @Option(names = "--max-sockets-per-user", description = "WebSockets one user may hold open at once (default: ${DEFAULT-VALUE}).")
    int maxSocketsPerUser = D.maxSocketsPerUser();

    @Option(names = "--max-connections-per-address", description = "TCP connections one client address may hold open; 0 = no limit (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerAddress = D.maxConnectionsPerAddress();

    @Option(names = "--outbound-buffer-kib", description = "KiB a socket may have waiting to be written before it is dropped as too slow (default: ${DEFAULT-VALUE}).")
    long outboundBufferKib = D.outboundQueueBytes() / 1024;

    @Option(names = "--redis", description = "Redis URL (redis://HOST:PORT) to run as one of many nodes: events between nodes and presence go through it. "
            + "Default: the DUET_REDIS environment variable, else none (one node).")
    String redis = D.redisUrl();

    @Option(names = "--drain-seconds", description = "On SIGTERM, first answer /readyz with 503 for this long while still serving, "
            + "so a load balancer moves new connections to other nodes; then stop (default: ${DEFAULT-VALUE}: stop at once).")
    int drainSeconds = 0;

    @Option(names = "--log-format", paramLabel = "text|json", description = "Log lines as text or as one JSON object each "
            + "(default: the DUET_LOG_FORMAT environment variable, else text).")
    String logFormat;

    @Option(names = "--max-file-mb", description = "Largest file one upload may hold, in MiB (default: ${DEFAULT-VALUE}).")
    long maxFileMib = D.maxFileBytes() / MIB;

    @Option(names = "--max-files-per-message", description = "Most pictures and files one message may carry (default: ${DEFAULT-VALUE}).")
    int maxFilesPerMessage = D.maxFilesPerMessage();

    @Option(names = "--max-message-files-mb", description = "Most MiB of pictures and files one message may carry (default: ${DEFAULT-VALUE}).")
    long maxMessageFilesMib = D.maxMessageFileBytes() / MIB;

    @Option(names = "--pending-uploads-per-user", description = "Uploads not yet sent in a message one user may hold (default: ${DEFAULT-VALUE}).")
    int pendingUploads = D.maxPendingUploads();

    @Option(names = "--pending-upload-mb-per-user", description = "MiB of uploads not yet sent one user may hold (default: ${DEFAULT-VALUE}).")
    long pendingUploadMib = D.maxPendingUploadBytes() / MIB;

    @Option(names = "--upload-expiry-minutes", description = "An upload not sent in a message within this many minutes is deleted (default: ${DEFAULT-VALUE}).")
    long uploadExpiryMinutes = D.uploadExpiry().toMinutes();

    @Option(names = "--max-image-megapixels", description = "Largest picture accepted, in millions of pixels (default: ${DEFAULT-VALUE}).")
    long maxImageMegapixels = D.maxImagePixels() / 1_000_000;

    private static final long MIB = 1024 * 1024;

    @Override
    public Integer call() throws InterruptedException {
        String format = LogFormat.choose(logFormat);
        if (format == null) {
            System.err.println("--log-format must be text or json");
            return 2;
        }
        LogFormat.apply(format);
        if (drainSeconds < 0 || drainSeconds > 3600) {
            System.err.println("--drain-seconds must be between 0 and 3600");
            return 2;
        }
        DuetConfig config = DuetConfig.builder()
                .host(host).port(port).dataDir(data.dir).databaseUrl(data.databaseUrl())
                .publicUrl(publicUrl).allowedOrigins(allowedOrigins).trustedProxies(trustedProxies)
                .registration(DuetConfig.Registration.parse(registration))
                .registrationsPerAddressPerHour(registrationsPerAddress)
                .metricsBind(metricsBind)
                .bcryptCost(bcryptCost).passwordThreads(passwordThreads)
                .sendRatePerSecond(sendRate).sendBurst(sendBurst)
                .loginMaxFailures(loginMaxFailures).loginLockout(Duration.ofSeconds(loginLockoutSeconds))
                .loginFailuresPerAddress(loginFailuresPerAddress)
                .sessionIdleTimeout(Duration.ofDays(sessionIdleDays)).sessionMaxAge(Duration.ofDays(sessionMaxDays))
                .maxSocketsPerUser(maxSocketsPerUser).maxConnectionsPerAddress(maxConnectionsPerAddress)
                .outboundQueueBytes(outboundBufferKib * 1024)
                .maxFileBytes(maxFileMib * MIB).maxFilesPerMessage(maxFilesPerMessage)
                .maxMessageFileBytes(maxMessageFilesMib * MIB)
                .maxPendingUploads(pendingUploads).maxPendingUploadBytes(pendingUploadMib * MIB)
                .uploadExpiry(Duration.ofMinutes(uploadExpiryMinutes)).maxImagePixels(maxImageMegapixels * 1_000_000)
                .redisUrl(redis != null ? redis : blankToNull(System.getenv("DUET_REDIS")))
                .build();
        DuetServer server = DuetServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.drain(Duration.ofSeconds(drainSeconds));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();   // stop now, then
            }
            server.close();
            stopped.countDown();
        }, "duet-shutdown"));
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        System.out.println("Duet listening on http://" + shownHost + ":" + server.port());
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
