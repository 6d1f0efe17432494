package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.TestServer;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One real server per test class (PROTOCOL.md is checked black-box, over HTTP and WebSocket);
 * each test registers fresh random users so tests never see each other's data.
 * Subclasses that need other settings override {@link #configure}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
abstract class ProtocolTestBase {
    protected TestServer server;
    protected ApiClient api;
    private final List<WsClient> sockets = new CopyOnWriteArrayList<>();

    /** Server settings for this class; the default is TestServer's (no send rate limit). */
    protected void configure(DuetConfig.Builder b) { }

    @BeforeAll
    void startServer() {
        server = TestServer.start(this::configure);
        api = new ApiClient(server.baseUri());
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(WsClient::abort);
        sockets.clear();
    }

    /** A WebSocket for {@code s} (bearer), its hello already received; closed after the test. */
    protected WsClient ws(Session s) {
        WsClient c = track(WsClient.connect(server.wsUri()).as(s).open());
        c.hello();
        return c;
    }

    protected WsClient track(WsClient c) {
        sockets.add(c);
        return c;
    }

    protected WsClient.Connector connector() { return WsClient.connect(server.wsUri()); }

    /** Two users, in the order {@link #twoContacts()} made them: Alice asked, Bob accepted. */
    protected record Pair(Session alice, Session bob) { }

    /** Two fresh users who are contacts: Alice asked Bob, and Bob accepted. */
    protected Pair twoContacts() {
        Session alice = api.newUser();
        Session bob = api.newUser();
        api.makeContacts(alice, bob);
        return new Pair(alice, bob);
    }

    // ------------------------------------------------------------------ assertions

    /** The response is {@code status} with body {@code {"error": {"code": code, "message": text}}}. */
    static void assertError(Response r, int status, String code) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        JsonNode error = r.json().path("error");
        assertThat(error.path("code").asText(null)).as("error.code of %s", r).isEqualTo(code);
        assertThat(error.path("message").isTextual()).as("error.message is text in %s", r).isTrue();
    }

    /** {@code u} is the {@code User} object of {@code s}. */
    static void assertUser(JsonNode u, Session s) {
        assertThat(u.path("id").asLong()).as("id in %s", u).isEqualTo(s.id());
        assertThat(u.path("username").asText()).as("username in %s", u).isEqualTo(s.username());
        assertThat(u.path("name").asText()).as("name in %s", u).isEqualTo(s.name());
    }

    static List<Long> seqs(JsonNode messages) {
        return StreamSupport.stream(messages.spliterator(), false)
                .map(m -> m.path("seq").asLong()).collect(Collectors.toList());
    }

    static List<Long> seqs(List<JsonNode> messages) {
        return messages.stream().map(m -> m.path("seq").asLong()).collect(Collectors.toList());
    }

    static List<Long> range(long fromInclusive, long toInclusive) {
        return java.util.stream.LongStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
    }

    /**
     * Runs {@code n} tasks at once, each on its own thread, released together; returns their results
     * in task order. (Not the common pool: with two CPUs it runs one task at a time.)
     */
    static <T> List<T> concurrently(int n, java.util.function.IntFunction<T> task) {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory())) {
            List<java.util.concurrent.Future<T>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.apply(k);
                }));
            }
            go.countDown();
            List<T> out = new java.util.ArrayList<>();
            for (var f : futures) out.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
            return out;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
