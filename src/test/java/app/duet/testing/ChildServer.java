package app.duet.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Duet server in a child JVM ({@code duet serve} on a free port, from the test classpath), for
 * tests that must kill it with SIGKILL, stop it with SIGTERM ({@link #stop}) or start it again with
 * the same command ({@link #restart}). Everything it prints is kept, and shown when it does not
 * start.
 */
public record ChildServer(Process process, URI base, List<String> output, List<String> command) implements AutoCloseable {

    /**
     * Starts {@code duet serve --port FREE} with the given further arguments and returns once it
     * prints that it is listening.
     *
     * @param jvmOptions options for the child JVM (e.g. {@code -Xmx256m}); may be empty
     */
    public static ChildServer start(List<String> jvmOptions, Duration startTimeout, String... serveArgs) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "app.duet.cli.DuetCommand",
                "serve", "--port", String.valueOf(port)));
        command.addAll(List.of(serveArgs));
        return launch(List.copyOf(command), port, startTimeout);
    }

    private static ChildServer launch(List<String> command, int port, Duration startTimeout) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                    if (line.contains("listening on http://")) ready.complete(null);
                }
            } catch (IOException ignored) {
                // the process died
            }
            ready.completeExceptionally(new IllegalStateException("server exited before listening"));
        });
        try {
            ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new AssertionError("child server did not start: " + e + "\n" + String.join("\n", output), e);
        }
        return new ChildServer(p, URI.create("http://127.0.0.1:" + port), output, command);
    }

    /** {@code ws://127.0.0.1:PORT/ws}. */
    public URI ws() {
        return URI.create("ws://127.0.0.1:" + base.getPort() + "/ws");
    }

    /** Its last {@code n} lines of output. */
    public List<String> lastLines(int n) {
        return output.subList(Math.max(0, output.size() - n), output.size());
    }

    /**
     * A planned stop: SIGTERM (the server drains for its {@code --drain-seconds}, then stops
     * cleanly) and waits for the process to end; returns its exit code.
     *
     * @throws AssertionError if it has not ended within {@code timeout} (it is then killed)
     */
    public int stop(Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child server still running " + timeout + " after SIGTERM:\n" + String.join("\n", lastLines(60)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /**
     * Starts the same command again (same port, same arguments: as a node's new version would be
     * started) once this one has ended, and returns once it listens.
     */
    public ChildServer restart(Duration startTimeout) {
        if (process.isAlive()) throw new IllegalStateException("still running: stop it first");
        return launch(command, base.getPort(), startTimeout);
    }

    /** SIGKILL, and waits for it to be gone. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
