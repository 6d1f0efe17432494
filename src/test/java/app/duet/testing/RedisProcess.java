package app.duet.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis for tests: a {@code redis-server} process on a free loopback port, with no
 * persistence, that a test can {@link #stop} and {@link #start} again on the same port (a Redis
 * restart). The binary is, in order: {@code $DUET_REDIS_SERVER}; {@code redis-server} on the
 * PATH (CI installs it: {@code .ci/run}); the Linux x86-64 build inside the
 * {@code com.github.codemonstur:embedded-redis} test dependency. With none of them the calling
 * test is skipped, saying why.
 */
public final class RedisProcess implements AutoCloseable {
    private static final String EMBEDDED = "/redis-server-6.2.6-v5-linux-amd64";

    private final Path binary;
    private final int port;
    private Process process;

    private RedisProcess(Path binary, int port) {
        this.binary = binary;
        this.port = port;
    }

    /** Starts a fresh Redis, or skips the test if no redis-server can be had. */
    public static RedisProcess start() {
        Path binary = findBinary();
        Assumptions.assumeTrue(binary != null,
                "no Redis: install redis-server (apt-get install redis-server), set DUET_REDIS_SERVER, "
                        + "or run on Linux x86-64 where embedded-redis brings one");
        RedisProcess r = new RedisProcess(binary, freePort());
        r.startAgain();
        return r;
    }

    public int port() { return port; }

    /** {@code redis://127.0.0.1:PORT}. */
    public String url() { return "redis://127.0.0.1:" + port; }

    /** Starts the server again (after {@link #stop}) on the same port, empty. */
    public synchronized void startAgain() {
        if (process != null && process.isAlive()) throw new IllegalStateException("Redis is running");
        try {
            process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) throw new IllegalStateException("redis-server exited with " + process.exitValue());
                sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port + " within 10 s");
    }

    /** Kills the server (as a crash would) and waits until it is gone. */
    public synchronized void stop() {
        if (process == null) return;
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() { stop(); }

    private static Path findBinary() {
        String env = System.getenv("DUET_REDIS_SERVER");
        if (env != null && Files.isExecutable(Path.of(env))) return Path.of(env);
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, "redis-server");
                if (Files.isExecutable(p)) return p;
            }
        }
        for (String p : new String[] {"/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server"}) {
            if (Files.isExecutable(Path.of(p))) return Path.of(p);
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) return extractEmbedded();
        return null;
    }

    private static Path extractEmbedded() {
        try (InputStream in = RedisProcess.class.getResourceAsStream(EMBEDDED)) {
            if (in == null) return null;
            Path dir = Files.createTempDirectory("duet-redis-");
            Path bin = dir.resolve("redis-server");
            Files.copy(in, bin, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
            bin.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return bin;
        } catch (IOException e) {
            return null;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
