package app.duet.bench;

import app.duet.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Accounts and contacts for a workload, made over the public HTTP API. Users are named
 * {@code PREFIX + n} with one password, so a second run signs the same users in again (register
 * answers {@code username_taken}, then login) and finds them already contacts: runs against a
 * long-lived target do not pile up accounts.
 *
 * <p>The target must let one address register that many users and send unthrottled: start it
 * with {@code --registrations-per-address 0 --send-rate 0} (docs/PERFORMANCE.md). A {@code 429}
 * is retried after a pause, a bounded number of times.
 */
final class SetUp implements AutoCloseable {
    static final String PASSWORD = "bench-password-1";
    private static final int PARALLEL = 16;
    private static final int ATTEMPTS = 20;

    private final URI target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight = new Semaphore(PARALLEL);

    SetUp(URI target) {
        this.target = target;
    }

    /** Signs users {@code prefix0 .. prefix(count-1)} up or in, {@value #PARALLEL} at a time. */
    List<BenchUser> users(String prefix, int count) throws Exception {
        List<Future<BenchUser>> pending = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = prefix + i;
            pending.add(threads.submit(() -> limited(() -> signIn(name))));
        }
        List<BenchUser> users = new ArrayList<>(count);
        for (Future<BenchUser> f : pending) users.add(f.get());
        return users;
    }

    /** Makes users 2i and 2i+1 contacts, for every i. */
    void pairUp(List<BenchUser> users) throws Exception {
        List<Future<Object>> pending = new ArrayList<>();
        for (int i = 0; i + 1 < users.size(); i += 2) {
            BenchUser a = users.get(i);
            BenchUser b = users.get(i + 1);
            pending.add(threads.submit(() -> limited(() -> {
                askContact(a, b);
                askContact(b, a);
                return null;
            })));
        }
        for (Future<Object> f : pending) f.get();
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private <T> T limited(Call<T> call) throws Exception {
        inFlight.acquire();
        try {
            return call.call();
        } finally {
            inFlight.release();
        }
    }

    private BenchUser signIn(String username) throws Exception {
        ObjectNode body = Json.object().put("username", username).put("password", PASSWORD);
        HttpResponse<String> r = post("/api/register", null, body);
        if (r.statusCode() == 409) r = post("/api/login", null, body);
        if (r.statusCode() != 200 && r.statusCode() != 201) throw refused("sign-in of " + username, r);
        JsonNode json = Json.MAPPER.readTree(r.body());
        return new BenchUser(json.path("user").path("id").asLong(), username, json.path("token").asText());
    }

    private void askContact(BenchUser from, BenchUser to) throws Exception {
        HttpResponse<String> r = post("/api/contacts", from.token(), Json.object().put("userId", to.id()));
        if (r.statusCode() != 200 && r.statusCode() != 202) throw refused("contact request " + from.username() + " -> " + to.username(), r);
    }

    private HttpResponse<String> post(String path, String token, ObjectNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (token != null) request.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 429 && r.statusCode() != 503) return r;
            Thread.sleep(250L * attempt);
        }
        return r;
    }

    private static IllegalStateException refused(String what, HttpResponse<String> r) {
        return new IllegalStateException(what + " got " + r.statusCode() + " " + r.body()
                + (r.statusCode() == 429 ? " (start the target with --registrations-per-address 0 --send-rate 0)" : ""));
    }

    @Override
    public void close() {
        threads.close();
        http.close();
    }
}
