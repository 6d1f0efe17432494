package app.duet.bench;

import app.duet.DuetConfig;
import app.duet.Json;
import app.duet.storage.AppendOutcome;
import app.duet.storage.HistoryPage;
import app.duet.storage.HistoryQuery;
import app.duet.storage.NewMessage;
import app.duet.storage.Store;
import app.duet.wiring.DuetServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * {@code duet bench history}: what reading a long conversation costs. One pair of users holds
 * {@code --messages} messages, all sent by one of them to the other, who has never read any; a
 * server on that data answers, over real HTTP, the reads whose cost could grow with the history:
 * the first page of history, a catch-up after the last 100 ({@code ?after=}), a page from the
 * middle ({@code ?before=}), and the chat list of the user who has them all unread; and, as the
 * floor under them, {@code GET /api/me}. Closed loop, one request at a time.
 *
 * <p>The fill goes straight to the store (the documented bulk path: {@link DuetServer#withStore}
 * and {@link Store#appendMessages} in batches of {@code --batch}), since sending 10M messages
 * through the API would take hours and measure something else. The users themselves are made
 * over the API (register, contact request both ways), so their passwords are hashed as the server
 * does it. The data folder (or database) is kept: a later run on the same {@code --data} or
 * {@code --db} with the same {@code --messages} skips the fill, and a smaller pair is topped up.
 *
 * <p>The server is a child JVM ({@code duet serve --port 0} from this JVM's class path), so its
 * heap, JIT and garbage collector are not the client's; its output goes to {@code server.log}
 * beside the data (or to a temp file with {@code --db}). Figures: one JSON line per row on stdout
 * ({@code workload}, {@code at}, {@code row}, {@code store}, {@code messages}, {@code p50_ms},
 * {@code p90_ms}, {@code p99_ms}, {@code max_ms}, {@code count}, and where {@code /proc} tells,
 * {@code server_cores} and {@code other_cores}: what the server and every other process took while
 * the row was measured; with {@code --db}, PostgreSQL is "other" unless named by {@code --server-pid}),
 * progress on stderr.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Fill one pair with N messages (once) and measure first page, catch-up and chat list over HTTP.")
public final class HistoryBench implements Callable<Integer> {
    static final String SENDER = "hb_sender";
    static final String READER = "hb_reader";
    private static final String PASSWORD = "history-bench-password";

    @Option(names = "--messages", description = "Messages in the pair (default: ${DEFAULT-VALUE}).")
    long messages = 1_000_000;

    @Option(names = "--data", description = "SQLite data folder, kept for later runs (default: ${DEFAULT-VALUE}).")
    Path data = Path.of("bench-data", "history");

    @Option(names = "--db", paramLabel = "URL", description = "Use this PostgreSQL database instead of --data "
            + "(postgresql://USER:PASSWORD@HOST:PORT/DB; also read from DUET_DB).")
    String db;

    @Option(names = "--batch", description = "Messages per Store.appendMessages call while filling (default: ${DEFAULT-VALUE}).")
    int batch = 5_000;

    @Option(names = "--requests", description = "Measured requests per row (default: ${DEFAULT-VALUE}).")
    int requests = 2_000;

    @Option(names = "--seconds", description = "At most this long measuring one row, whatever --requests says (default: ${DEFAULT-VALUE}).")
    int seconds = 120;

    @Option(names = "--warmup", description = "Unmeasured requests of each row first, the rows in turn (default: ${DEFAULT-VALUE}).")
    int warmup = 3_000;

    @Option(names = "--warmup-seconds", description = "At most this long warming up, all rows together (default: ${DEFAULT-VALUE}).")
    int warmupSeconds = 60;

    @Option(names = "--rows", split = ",", description = "Measure only these rows (default: all of "
            + "baseline_me, first_page, catch_up_after_last_100, scroll_back_from_middle, chat_list_all_unread).")
    List<String> onlyRows = new ArrayList<>();

    @Option(names = "--server-pid", description = "Another process that serves, counted with the server's CPU "
            + "(PostgreSQL's postmaster: its backends count with it), repeatable.")
    List<Long> extraServerPids = new ArrayList<>();

    @Option(names = "--server-jvm", description = "An extra JVM option for the server, repeatable (e.g. --server-jvm=-Xmx1g).")
    List<String> serverJvm = new ArrayList<>();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public Integer call() throws Exception {
        String dbUrl = db != null && !db.isBlank() ? db.strip() : blankToNull(System.getenv("DUET_DB"));
        String storeName = dbUrl == null ? "sqlite" : "postgresql";
        DuetConfig config = DuetConfig.DEFAULTS.toBuilder().dataDir(data).databaseUrl(dbUrl).build();
        Path log = dbUrl == null ? data.resolve("server.log") : Files.createTempFile("duet-history-bench-", ".log");
        if (dbUrl == null) Files.createDirectories(data);
        progress(String.format("server log: %s", log.toAbsolutePath()));
        try (Server server = Server.start(serverJvm, dbUrl, data, log)) {
            URI base = server.base();
            String senderToken = signIn(base, SENDER);
            String readerToken = signIn(base, READER);
            long senderId = me(base, senderToken);
            long readerId = me(base, readerToken);
            befriend(base, senderToken, readerId);
            befriend(base, readerToken, senderId);

            long t0 = System.nanoTime();
            long had = DuetServer.withStore(config, store -> fill(store, senderId, readerId));
            if (had < messages) {
                progress(String.format("filled %d messages in %.1f s", messages - had, (System.nanoTime() - t0) / 1e9));
            } else {
                progress(String.format("the pair already holds %d messages: no fill", messages));
            }

            String peer = base + "/api/chats/" + senderId + "/messages";
            List<Row> all = List.of(
                    // what any authenticated request costs here, history or not: the floor under the other rows
                    new Row("baseline_me", base.resolve("/api/me"), body -> body.path("id").asLong() == readerId),
                    new Row("first_page", URI.create(peer), body -> lastSeq(body) == messages),
                    new Row("catch_up_after_last_100", URI.create(peer + "?after=" + (messages - 100)),
                            body -> firstSeq(body) == messages - 99 && body.path("hasMore").asBoolean()),
                    new Row("scroll_back_from_middle", URI.create(peer + "?before=" + (messages / 2)),
                            body -> lastSeq(body) == messages / 2 - 1),
                    new Row("chat_list_all_unread", URI.create(base + "/api/chats"),
                            body -> body.size() == 1 && body.get(0).path("unread").asLong() == messages));
            List<Row> rows = all.stream().filter(r -> onlyRows.isEmpty() || onlyRows.contains(r.name())).toList();
            if (rows.isEmpty()) throw new IllegalArgumentException("--rows names none of the rows");
            warmUp(rows, readerToken);
            for (Row row : rows) {
                List<Long> serverPids = new ArrayList<>(List.of(server.process().pid()));
                serverPids.addAll(extraServerPids);
                CpuSample start = CpuSample.now(serverPids);
                Histogram h = measure(row, readerToken);
                CpuSample end = CpuSample.now(serverPids);
                ObjectNode line = JsonLines.line("history");
                line.put("row", row.name());
                line.put("store", storeName);
                line.put("messages", messages);
                line.put("p50_ms", ms(h.getValueAtPercentile(50)));
                line.put("p90_ms", ms(h.getValueAtPercentile(90)));
                line.put("p99_ms", ms(h.getValueAtPercentile(99)));
                line.put("max_ms", ms(h.getMaxValue()));
                line.put("count", h.getTotalCount());
                end.putSince(start, line);
                JsonLines.print(line);
            }
        }
        return 0;
    }

    /** One measured request: its name, its URL, and what a right answer looks like. */
    private record Row(String name, URI uri, Predicate<JsonNode> looksRight) { }

    // ---------------------------------------------------------------- fill

    /**
     * Tops the pair up to {@code messages}, all from the sender to the reader. @return how many it
     * held before
     */
    private long fill(Store store, long senderId, long readerId) {
        Optional<HistoryPage> newest = store.history(readerId, senderId, new HistoryQuery(null, null, 1));
        long had = newest.map(p -> p.messages().isEmpty() ? 0L : p.messages().getLast().seq()).orElse(0L);
        if (had > messages) {
            throw new IllegalStateException("the pair already holds " + had + " messages, more than --messages "
                    + messages + ": use another --data or --db");
        }
        if (had == messages) return had;
        progress(String.format("filling %d messages (the pair holds %d) in batches of %d", messages - had, had, batch));
        long next = had + 1;
        long started = System.nanoTime();
        long lastReport = started;
        List<NewMessage> chunk = new ArrayList<>(batch);
        while (next <= messages) {
            chunk.clear();
            long now = System.currentTimeMillis();
            for (int i = 0; i < batch && next + i <= messages; i++) {
                chunk.add(new NewMessage(senderId, readerId, "history bench message " + (next + i), null, now));
            }
            List<AppendOutcome> outcomes = store.appendMessages(chunk);
            for (AppendOutcome o : outcomes) {
                if (!(o instanceof AppendOutcome.Stored s) || s.message().seq() != next) {
                    throw new IllegalStateException("message " + next + " was not stored as seq " + next + ": " + o);
                }
                next++;
            }
            long t = System.nanoTime();
            if (t - lastReport > TimeUnit.SECONDS.toNanos(5) || next > messages) {
                double secs = (t - started) / 1e9;
                progress(String.format("filled %d / %d (%.0f messages/s)", next - 1, messages, (next - 1 - had) / secs));
                lastReport = t;
            }
        }
        return had;
    }

    // ---------------------------------------------------------------- measure

    private static HttpRequest request(Row row, String token) {
        return HttpRequest.newBuilder(row.uri()).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).GET().build();
    }

    /**
     * Checks that every row gets the answer it should, then sends the rows' requests in turn, unmeasured,
     * until each had {@code --warmup} or {@code --warmup-seconds} are over: the server's JIT then
     * compiles what all rows share before any is measured.
     */
    private void warmUp(List<Row> rows, String token) throws IOException, InterruptedException {
        for (Row row : rows) {
            HttpResponse<String> first = http.send(request(row, token), HttpResponse.BodyHandlers.ofString());
            if (first.statusCode() != 200 || !row.looksRight().test(Json.MAPPER.readTree(first.body()))) {
                throw new IllegalStateException(row.name() + ": unexpected answer " + first.statusCode() + " "
                        + abbreviate(first.body()));
            }
        }
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
        int rounds = 0;
        while (rounds < warmup && System.nanoTime() < warmEnd) {
            for (Row row : rows) check(row, http.send(request(row, token), HttpResponse.BodyHandlers.ofString()));
            rounds++;
        }
        progress(String.format("warmed up: %d requests of each row", rounds));
    }

    private Histogram measure(Row row, String token) throws IOException, InterruptedException {
        HttpRequest request = request(row, token);
        Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (h.getTotalCount() < requests && System.nanoTime() < end) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0);
            check(row, r);
            h.recordValue(Math.min(micros, h.getHighestTrackableValue()));
        }
        progress(String.format("%s: %d measured, p50 %.2f ms, p99 %.2f ms", row.name(), h.getTotalCount(),
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99))));
        return h;
    }

    private static void check(Row row, HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(row.name() + ": status " + r.statusCode() + " " + abbreviate(r.body()));
        }
    }

    private static long firstSeq(JsonNode page) {
        JsonNode ms = page.path("messages");
        return ms.isEmpty() ? 0 : ms.get(0).path("seq").asLong();
    }

    private static long lastSeq(JsonNode page) {
        JsonNode ms = page.path("messages");
        return ms.isEmpty() ? 0 : ms.get(ms.size() - 1).path("seq").asLong();
    }

    private static double ms(long micros) {
        return Latencies.ms(micros);
    }

    // ---------------------------------------------------------------- the API: users and contacts

    /** Registers the user, or signs in if an earlier run did. @return the token */
    private String signIn(URI base, String username) throws IOException, InterruptedException {
        ObjectNode body = Json.object().put("username", username).put("password", PASSWORD);
        HttpResponse<String> r = post(base.resolve("/api/register"), null, body);
        if (r.statusCode() == 409) r = post(base.resolve("/api/login"), null, body);
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new IllegalStateException("cannot sign " + username + " in: " + r.statusCode() + " " + abbreviate(r.body()));
        }
        return Json.MAPPER.readTree(r.body()).path("token").asText();
    }

    private long me(URI base, String token) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/me"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("GET /api/me: " + r.statusCode());
        return Json.MAPPER.readTree(r.body()).path("id").asLong();
    }

    private void befriend(URI base, String token, long other) throws IOException, InterruptedException {
        HttpResponse<String> r = post(base.resolve("/api/contacts"), token, Json.object().put("userId", other));
        if (r.statusCode() != 200 && r.statusCode() != 202) {
            throw new IllegalStateException("contact request: " + r.statusCode() + " " + abbreviate(r.body()));
        }
    }

    private HttpResponse<String> post(URI uri, String token, ObjectNode body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void progress(String line) {
        JsonLines.progress("history: " + line);
    }


    // ---------------------------------------------------------------- the server

    /** {@code duet serve} in a child JVM on a free port; its output goes to {@code log}. */
    private record Server(Process process, URI base) implements AutoCloseable {

        static Server start(List<String> jvmOptions, String dbUrl, Path data, Path log) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "app.duet.cli.DuetCommand",
                    "serve", "--host", "127.0.0.1", "--port", "0", "--bcrypt-cost", "4", "--send-rate", "0"));
            if (dbUrl == null) command.addAll(List.of("--data", data.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            if (dbUrl != null) pb.environment().put("DUET_DB", dbUrl); // keeps the password off the command line
            Process p = pb.start();
            CompletableFuture<URI> listening = new CompletableFuture<>();
            Thread.ofPlatform().name("history-bench-server-log").daemon().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                     PrintStream file = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        file.println(line);
                        int at = line.indexOf("listening on http://");
                        if (at >= 0) listening.complete(URI.create(line.substring(at + "listening on ".length()).strip()));
                    }
                } catch (IOException e) {
                    listening.completeExceptionally(new UncheckedIOException(e));
                }
                listening.completeExceptionally(new IllegalStateException("the server exited before listening; see " + log));
            });
            try {
                URI base = listening.get(120, TimeUnit.SECONDS);
                progress(String.format("server listening on %s", base));
                return new Server(p, base);
            } catch (InterruptedException | java.util.concurrent.ExecutionException | TimeoutException e) {
                p.destroyForcibly();
                throw new IllegalStateException("the server did not start; see " + log, e);
            }
        }

        @Override
        public void close() {
            process.destroy(); // SIGTERM: the server stops cleanly
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
