package app.duet.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bearer-token HTTP calls that set up and check what the browsers see: quick seeding of users,
 * contacts and messages, and reading a user's history to prove what the server stored.
 */
final class SeedApi {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "e2e-password-1";

    record User(long id, String username, String name, String token) { }

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    SeedApi(URI base) { this.base = base; }

    JsonNode call(String method, String path, String token, Object body, int... expected) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15));
            if (token != null) b.header("Authorization", "Bearer " + token);
            if (body != null) {
                b.header("Content-Type", "application/json");
                b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            boolean ok = expected.length == 0 ? res.statusCode() < 300 : false;
            for (int e : expected) ok |= e == res.statusCode();
            if (!ok) throw new AssertionError(method + " " + path + " answered " + res.statusCode() + ": " + res.body());
            return res.body().isEmpty() ? JSON.nullNode() : JSON.readTree(res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    User register(String username, String name) {
        JsonNode r = call("POST", "/api/register", null, Map.of("username", username, "password", PASSWORD, "name", name), 201);
        return new User(r.path("user").path("id").asLong(), username, name, r.path("token").asText());
    }

    User login(String username) {
        JsonNode r = call("POST", "/api/login", null, Map.of("username", username, "password", PASSWORD), 200);
        return new User(r.path("user").path("id").asLong(), username, r.path("user").path("name").asText(), r.path("token").asText());
    }

    void makeContacts(User a, User b) {
        call("POST", "/api/contacts", a.token(), Map.of("userId", b.id()), 200, 202);
        call("POST", "/api/contacts", b.token(), Map.of("userId", a.id()), 200);
    }

    void removeContact(User owner, User other) {
        call("DELETE", "/api/contacts/" + other.id(), owner.token(), null, 204);
    }

    JsonNode send(User from, User to, String text) {
        return call("POST", "/api/chats/" + to.id() + "/messages", from.token(), Map.of("text", text), 201).path("message");
    }

    /** Every message in the user's copy of the chat, oldest first. */
    List<JsonNode> history(User owner, User peer) {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = call("GET", "/api/chats/" + peer.id() + "/messages?after=" + after + "&limit=200", owner.token(), null, 200);
            for (JsonNode m : page.path("messages")) { all.add(m); after = m.path("seq").asLong(); }
            if (!page.path("hasMore").asBoolean() || page.path("messages").isEmpty()) return all;
        }
    }

    JsonNode chats(User owner) {
        return call("GET", "/api/chats", owner.token(), null, 200);
    }
}
