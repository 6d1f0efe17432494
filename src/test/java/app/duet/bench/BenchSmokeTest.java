package app.duet.bench;

import app.duet.Json;
import app.duet.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load generator's workloads, run in this JVM as the command line runs them, briefly, against
 * a real Duet (send rate off, registrations unlimited, pings every 300 ms so that a held socket
 * must answer them to stay) and against {@code bench echo}; their JSON lines are checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class BenchSmokeTest {
    private TestServer server;

    @BeforeAll
    void startServer() {
        server = TestServer.start(b -> b.sendRatePerSecond(0).registrationsPerAddressPerHour(0)
                .pingInterval(Duration.ofMillis(300)).idleTimeout(Duration.ofMillis(1500)));
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
    }

    /** Runs one workload; its exit code and the JSON lines it printed. */
    private record Ran(int exitCode, List<JsonNode> lines) {
        JsonNode line(String workload) {
            return lines.stream().filter(l -> l.path("workload").asText().equals(workload)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + workload + " line in " + lines));
        }
    }

    private static Ran run(Callable<Integer> command, String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream before = JsonLines.redirect(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = new CommandLine(command).execute(args);
        } finally {
            JsonLines.redirect(before);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.print(out); // shown if the test fails
        return new Ran(code, out.lines().filter(l -> l.startsWith("{")).map(l -> (JsonNode) Json.parseObject(l)).toList());
    }

    private static void assertChatWentThrough(JsonNode chat) {
        assertThat(chat.path("lost").asLong()).as("%s", chat).isZero();
        assertThat(chat.path("duplicated").asLong()).as("%s", chat).isZero();
        assertThat(chat.path("out_of_order").asLong()).as("%s", chat).isZero();
        assertThat(chat.path("not_sent").asLong()).as("%s", chat).isZero();
        assertThat(chat.path("delivered_count").asLong()).as("%s", chat).isPositive();
        assertThat(chat.path("errors").isEmpty()).as("%s", chat).isTrue();
    }

    @Test
    void chat_delivers_every_message_once_and_in_order() {
        Ran ran = run(new ChatBench(), "--target", server.baseUri().toString(), "--users", "20", "--rate", "200",
                "--prewarm", "0", "--warmup", "0.5", "--seconds", "2", "--drain", "5", "--p99-ms", "1000000", "--label", "smoke");
        assertThat(ran.exitCode()).isZero();
        JsonNode chat = ran.line("chat");
        assertChatWentThrough(chat);
        assertThat(chat.path("label").asText()).isEqualTo("smoke");
        assertThat(chat.path("rate").asDouble()).isEqualTo(200);
    }

    @Test
    void connect_opens_every_socket_holds_them_through_the_servers_pings_and_takes_a_burst() {
        Ran ran = run(new ConnectBench(), "--target", server.baseUri().toString(), "--connections", "40", "--rate", "200",
                "--hold", "2", "--burst", "10", "--timeout", "10", "--user-prefix", "smoke_conn_");
        assertThat(ran.exitCode()).isZero();
        JsonNode connect = ran.line("connect");
        assertThat(connect.path("up").asInt()).as("%s", connect).isEqualTo(40);
        assertThat(connect.path("failed").asInt()).isZero();
        assertThat(connect.path("users").asInt()).isEqualTo(4); // 50 sockets, at most 16 a user
        assertThat(connect.path("to_hello_count").asInt()).isEqualTo(40);
        assertThat(connect.path("to_hello_p50_ms").asDouble()).isGreaterThanOrEqualTo(connect.path("to_101_p50_ms").asDouble());
        assertThat(connect.path("still_open").asInt()).as("%s", connect).isEqualTo(40);
        assertThat(connect.path("pings_answered").asInt()).as("%s", connect).isPositive();
        JsonNode burst = ran.line("connect_burst");
        assertThat(burst.path("up").asInt()).as("%s", burst).isEqualTo(10);
        assertThat(burst.path("held_meanwhile").asInt()).isEqualTo(40);
        assertThat(burst.has("to_hello_p99_ms")).isTrue();
    }

    @Test
    void store_reports_cpu_and_wall_time_per_message_for_each_batch_size() {
        Ran ran = run(new StoreBench(), "--batch", "1,5", "--messages", "20", "--users", "10", "--label", "smoke");
        assertThat(ran.exitCode()).isZero();
        assertThat(ran.lines()).hasSize(2);
        assertThat(ran.lines()).extracting(l -> l.path("batch").asInt()).containsExactly(1, 5);
        for (JsonNode line : ran.lines()) {
            assertThat(line.path("workload").asText()).isEqualTo("store");
            assertThat(line.path("label").asText()).isEqualTo("smoke");
            assertThat(line.path("cpu_us_per_message").asDouble()).as("%s", line).isPositive();
            assertThat(line.path("wall_us_per_message").asDouble()).as("%s", line).isPositive();
        }
    }

    @Test
    void search_reports_latencies_of_each_row_and_the_size_of_the_index() {
        Ran ran = run(new SearchBench(), "--messages", "3000", "--chats", "5", "--requests", "5", "--warmup", "1", "--label", "smoke");
        assertThat(ran.exitCode()).isZero();
        List<JsonNode> rows = ran.lines().stream().filter(l -> l.path("workload").asText().equals("search")).toList();
        assertThat(rows).extracting(l -> l.path("row").asText()).contains("all_rare_en", "all_zh_2", "chat_common_en", "all_absent");
        for (JsonNode row : rows) {
            assertThat(row.path("count").asInt()).as("%s", row).isEqualTo(5);
            assertThat(row.path("p99_ms").asDouble()).as("%s", row).isPositive();
            assertThat(row.path("label").asText()).isEqualTo("smoke");
        }
        assertThat(rows).filteredOn(r -> r.path("row").asText().equals("all_zh_2")).first()
                .satisfies(r -> assertThat(r.path("hits").asInt()).isEqualTo(20)); // 晚饭 is common in the fill
        assertThat(rows).filteredOn(r -> r.path("row").asText().equals("all_absent")).first()
                .satisfies(r -> assertThat(r.path("hits").asInt()).isZero());
        assertThat(ran.line("search_fill").path("messages").asInt()).isEqualTo(3000);
        JsonNode size = ran.line("search_size");
        assertThat(size.path("rows").asInt()).isEqualTo(3000);
        assertThat(size.path("index_bytes").asLong()).isPositive();
    }

    @Test
    void connect_refuses_more_sockets_per_user_than_the_server_allows() {
        Ran ran = run(new ConnectBench(), "--target", server.baseUri().toString(), "--connections", "40", "--users", "2");
        assertThat(ran.exitCode()).isEqualTo(2); // picocli's usage error
        assertThat(ran.lines()).isEmpty();
    }

    @Test
    void chat_against_the_echo_target_goes_through_too() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String portText = Integer.toString(port);
        Thread echo = Thread.ofPlatform().name("bench-echo-test").start(() -> new CommandLine(new EchoTarget()).execute("--port", portText));
        try {
            awaitListening(port);
            Ran ran = run(new ChatBench(), "--target", "http://127.0.0.1:" + port, "--users", "20", "--rate", "200",
                    "--prewarm", "0", "--warmup", "0.5", "--seconds", "1", "--drain", "5", "--p99-ms", "1000000");
            assertThat(ran.exitCode()).isZero();
            assertChatWentThrough(ran.line("chat"));
        } finally {
            echo.interrupt();
            echo.join(5_000);
        }
        assertThat(echo.isAlive()).as("the echo target stops when interrupted").isFalse();
    }

    @Test
    void plot_draws_both_charts_from_chat_and_connect_lines(@TempDir Path dir) throws IOException {
        Path lines = dir.resolve("runs.jsonl");
        Files.writeString(lines, """
                {"workload":"chat","rate":1000.0,"delivered_p50_ms":1.5,"delivered_p99_ms":9.0,"target":"http://127.0.0.1:8080/"}
                {"workload":"chat","rate":2000.0,"delivered_p50_ms":0.0,"delivered_p99_ms":30.0,"target":"http://127.0.0.1:8080/"}
                {"workload":"chat","rate":1000.0,"delivered_p50_ms":2.5,"delivered_p99_ms":19.0,"label":"postgres"}
                [bench 12:00:00] progress on stderr, mixed in
                {"workload":"connect_checkpoint","connections":0,"rss_bytes":104857600,"heap_used_bytes":10485760}
                {"workload":"connect_checkpoint","connections":1000,"rss_bytes":115343360,"heap_used_bytes":20971520}
                {"workload":"connect","connections":1000}
                """);
        Path out = dir.resolve("charts");
        Ran ran = run(new PlotCommand(), "--out", out.toString(), lines.toString());
        assertThat(ran.exitCode()).isZero();
        for (String png : List.of(PlotCommand.LATENCY_PNG, PlotCommand.MEMORY_PNG)) {
            byte[] bytes = Files.readAllBytes(out.resolve(png));
            assertThat(bytes).as(png).hasSizeGreaterThan(1000);
            assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("bench echo did not listen on " + port);
    }
}
