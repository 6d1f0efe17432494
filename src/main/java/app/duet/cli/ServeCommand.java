package app.duet.cli;

import app.duet.DuetConfig;
import app.duet.DuetServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code duet serve}: runs one node until Ctrl-C (SIGINT) or SIGTERM, then stops cleanly. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start a Duet server.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--data", description = "Folder for the database (default: ${DEFAULT-VALUE}).")
    Path data = Path.of("data");

    @Option(names = "--bcrypt-cost", description = "bcrypt cost for new passwords: 10 is the OWASP minimum, each step doubles the time (default: ${DEFAULT-VALUE}).")
    int bcryptCost = 10;

    @Option(names = "--send-rate", description = "Messages per second a user may send on average; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    double sendRate = 20;

    @Option(names = "--send-burst", description = "Messages a user may send in one burst (default: ${DEFAULT-VALUE}).")
    int sendBurst = 300;

    @Option(names = "--login-max-failures", description = "Failed logins before a username is locked (default: ${DEFAULT-VALUE}).")
    int loginMaxFailures = 5;

    @Option(names = "--login-lockout-seconds", description = "How long a locked username is refused (default: ${DEFAULT-VALUE}).")
    long loginLockoutSeconds = 60;

    @Option(names = "--session-idle-days", description = "A session unused this many days expires (default: ${DEFAULT-VALUE}).")
    long sessionIdleDays = 30;

    @Option(names = "--allowed-origin", description = "An extra origin whose cookie-authenticated requests are accepted, e.g. https://chat.example.org (repeatable).")
    List<String> allowedOrigins = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        DuetConfig config = DuetConfig.builder()
                .host(host).port(port).dataDir(data).bcryptCost(bcryptCost)
                .sendRatePerSecond(sendRate).sendBurst(sendBurst)
                .loginMaxFailures(loginMaxFailures).loginLockout(Duration.ofSeconds(loginLockoutSeconds))
                .allowedOrigins(allowedOrigins)
                .sessionIdleTimeout(Duration.ofDays(sessionIdleDays))
                .build();
        DuetServer server = DuetServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "duet-shutdown"));
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        System.out.println("Duet listening on http://" + shownHost + ":" + server.port());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
