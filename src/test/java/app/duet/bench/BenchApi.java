package app.duet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The few HTTP calls the benchmark needs, over loopback, with a bearer token. */
final class BenchApi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "benchmark-password";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A registered user. */
    record User(long id, String username, String token) { }

    /** A response: status, body, and how long it took. */
    record Reply(int status, String body, long nanos) { }

    private final URI base;
    private final HttpClient http;

    BenchApi(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    URI base() { return base; }

    HttpClient http() { return http; }

    Reply call(String method, String path, String token, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), System.nanoTime() - t0);
    }

    private JsonNode expect(Reply r, String what, int... statuses) throws IOException {
        for (int s : statuses) if (r.status() == s) return r.body().isEmpty() ? null : JSON.readTree(r.body());
        throw new IOException(what + " answered " + r.status() + ": " + r.body());
    }

    User register(String username) throws IOException, InterruptedException {
        JsonNode body = expect(call("POST", "/api/register", null, Map.of("username", username, "password", PASSWORD)),
                "register " + username, 201);
        return new User(body.path("user").path("id").asLong(), username, body.path("token").asText());
    }

    /** Makes two users contacts: each asks for the other. */
    void makeContacts(User a, User b) throws IOException, InterruptedException {
        expect(call("POST", "/api/contacts", a.token(), Map.of("userId", b.id())), "contact request", 200, 202);
        expect(call("POST", "/api/contacts", b.token(), Map.of("userId", a.id())), "contact accept", 200);
    }

    String metrics() throws IOException, InterruptedException {
        Reply r = call("GET", "/metrics", null, null);
        if (r.status() != 200) throw new IOException("/metrics answered " + r.status());
        return r.body();
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
