package app.duet.testing;

import app.duet.DuetConfig;
import app.duet.wiring.DuetServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real Duet server in this JVM, on a free port, over a fresh SQLite file in a temp folder (or a
 * fresh PostgreSQL database, when the tweak sets {@code databaseUrl}, e.g. {@link #onPostgres}).
 * Defaults suit tests: bcrypt cost 4 and no send rate limit; tweak anything through the builder.
 */
public final class TestServer implements AutoCloseable {
    private final DuetServer server;
    private final Path dataDir;

    private TestServer(DuetServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    public static TestServer start() {
        return start(b -> { });
    }

    public static TestServer start(Consumer<DuetConfig.Builder> tweak) {
        try {
            Path dir = Files.createTempDirectory("duet-test-");
            DuetConfig.Builder b = DuetConfig.builder()
                    .port(0)
                    .dataDir(dir)
                    .bcryptCost(4)
                    .sendRatePerSecond(0);
            tweak.accept(b);
            DuetServer server = DuetServer.start(b.build());
            return new TestServer(server, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tweak that puts the server on a fresh database of the test JVM's PostgreSQL ({@link TestPostgres}). */
    public static void onPostgres(DuetConfig.Builder b) {
        b.databaseUrl(TestPostgres.freshDatabaseUrl());
    }

    public int port() { return server.port(); }

    /** {@code http://127.0.0.1:PORT}, no trailing slash. */
    public URI baseUri() { return URI.create("http://127.0.0.1:" + port()); }

    /** {@code ws://127.0.0.1:PORT/ws}. */
    public URI wsUri() { return URI.create("ws://127.0.0.1:" + port() + "/ws"); }

    public Path dataDir() { return dataDir; }

    public DuetServer server() { return server; }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
