package app.duet.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small black-box HTTP client for one Duet server, built on {@link java.net.http.HttpClient}.
 *
 * <p>Two layers:
 * <ul>
 *   <li>{@link #request(String, String)} builds any raw request (bearer token, cookie, Origin,
 *       raw or JSON body, chunked body) and returns a {@link Response} with status, headers and
 *       the body, parsed as JSON on demand. It never throws on a 4xx/5xx status.</li>
 *   <li>Conveniences for the happy path ({@link #register}, {@link #login}, {@link #makeContacts},
 *       {@link #send}, {@link #history}, {@link #chats}, ...) which assert the documented success
 *       status and throw {@link UnexpectedStatus} otherwise, so tests read as the protocol.</li>
 * </ul>
 * Thread-safe; one instance may be shared by a whole test class. The protocol tests, the browser
 * tests' seeding and the benchmark ({@code ./duet bench}) all use it.
 */
public final class ApiClient implements AutoCloseable {
    /** Shared Jackson mapper for building and reading frames and bodies. */
    public static final ObjectMapper JSON = new ObjectMapper();
    /** A password that satisfies the protocol's rules; used by {@link #newUser()}. */
    public static final String PASSWORD = "correct horse battery";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    public ApiClient(URI base) {
        this(base, TIMEOUT);
    }

    /** A client whose requests each give up after {@code timeout} (the default is 15 s). */
    public ApiClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public URI baseUri() { return base; }

    /** The server's own origin as a browser would send it, e.g. {@code http://127.0.0.1:8080}. */
    public String origin() {
        return base.getScheme() + "://" + base.getHost() + ":" + base.getPort();
    }

    // ------------------------------------------------------------------ raw requests

    /** Starts a raw request; {@code path} may carry a query string. */
    public Request request(String method, String path) {
        return new Request(method, path);
    }

    public Request get(String path) { return request("GET", path); }
    public Request post(String path) { return request("POST", path); }
    public Request put(String path) { return request("PUT", path); }
    public Request delete(String path) { return request("DELETE", path); }

    /** A raw request under construction. Nothing is sent until {@link #send()}. */
    public final class Request {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        private boolean hasBody;

        private Request(String method, String path) {
            this.method = method;
            this.path = path;
        }

        /** Authenticates with {@code Authorization: Bearer token} (skipped when null). */
        public Request bearer(String token) {
            if (token != null) headers.put("Authorization", "Bearer " + token);
            return this;
        }

        /** Authenticates with the session cookie; {@code cookie} is a {@code name=value} pair. */
        public Request cookie(String cookie) {
            if (cookie != null) headers.put("Cookie", cookie);
            return this;
        }

        /** Authenticates as the session: bearer token. */
        public Request as(Session s) { return bearer(s.token()); }

        public Request origin(String origin) {
            if (origin != null) headers.put("Origin", origin);
            return this;
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** A JSON body: a {@link JsonNode}, a Map, a record... serialised with Jackson. */
        public Request json(Object value) {
            try {
                return body(JSON.writeValueAsBytes(value));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }

        /** A raw body (sent with Content-Type application/json unless set otherwise). */
        public Request body(String raw) { return body(raw.getBytes(StandardCharsets.UTF_8)); }

        public Request body(byte[] raw) {
            body = HttpRequest.BodyPublishers.ofByteArray(raw);
            hasBody = true;
            return this;
        }

        /** A body sent with {@code Transfer-Encoding: chunked} (no Content-Length). */
        public Request chunkedBody(byte[] raw) {
            body = HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(raw));
            hasBody = true;
            return this;
        }

        public Response send() {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(timeout)
                    .method(method, body);
            if (hasBody && !headers.containsKey("Content-Type")) {
                b.header("Content-Type", "application/json");
            }
            headers.forEach(b::header);
            try {
                HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new Response(r.statusCode(), r.headers(), r.body());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Status, headers and body of one HTTP exchange. */
    public record Response(int status, HttpHeaders headers, byte[] body) {
        public String text() { return new String(body, StandardCharsets.UTF_8); }

        /** The body as JSON; a {@link MissingNode} when empty or not JSON. */
        public JsonNode json() {
            if (body.length == 0) return MissingNode.getInstance();
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }

        /** {@code error.code} of an error body, or null. */
        public String errorCode() {
            JsonNode code = json().path("error").path("code");
            return code.isTextual() ? code.asText() : null;
        }

        public Optional<String> header(String name) { return headers.firstValue(name); }

        public List<String> setCookies() { return headers.allValues("Set-Cookie"); }

        /** The first {@code Set-Cookie} header setting {@code name}, whole (with attributes). */
        public Optional<String> setCookie(String name) {
            return setCookies().stream().filter(c -> c.trim().startsWith(name + "=")).findFirst();
        }

        /** {@code name=value} of a cookie set by this response, ready for a Cookie header. */
        public Optional<String> cookiePair(String name) {
            return setCookie(name).map(c -> c.split(";", 2)[0].trim());
        }

        /** Throws {@link UnexpectedStatus} unless the status is one of {@code expected}. */
        public Response expect(int... expected) {
            for (int e : expected) if (e == status) return this;
            throw new UnexpectedStatus(this, expected);
        }

        @Override
        public String toString() {
            String t = text();
            return status + " " + (t.length() > 500 ? t.substring(0, 500) + "..." : t);
        }
    }

    /** A success status that the convenience methods expected did not come. */
    public static final class UnexpectedStatus extends AssertionError {
        public final Response response;

        UnexpectedStatus(Response r, int[] expected) {
            super("expected status " + java.util.Arrays.toString(expected) + " but got " + r);
            this.response = r;
        }
    }

    // ------------------------------------------------------------------ sessions

    /** A logged-in user: the {@code User} fields plus its token and session cookie. */
    public record Session(long id, String username, String name, String token, String cookie) {
        /** The {@code User} object the server returned, rebuilt. */
        public ObjectNode user() {
            ObjectNode n = JSON.createObjectNode();
            n.put("id", id).put("username", username).put("name", name);
            return n;
        }
    }

    /** A random username, lower-case, valid, unique enough: {@code prefix + 10 random chars}. */
    public static String uniqueUsername(String prefix) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < 10; i++) sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        return sb.toString();
    }

    /** Registers a fresh random user with {@link #PASSWORD}. */
    public Session newUser() { return register(uniqueUsername("u"), PASSWORD); }

    /** Registers a fresh random user whose display name is {@code name}. */
    public Session newUser(String name) { return register(uniqueUsername("u"), PASSWORD, name); }

    public Response registerRaw(String username, String password, String name) {
        ObjectNode body = JSON.createObjectNode();
        body.put("username", username).put("password", password);
        if (name != null) body.put("name", name);
        return post("/api/register").json(body).send();
    }

    public Session register(String username, String password) { return register(username, password, null); }

    /** {@code POST /api/register}, expecting 201. */
    public Session register(String username, String password, String name) {
        return session(registerRaw(username, password, name).expect(201));
    }

    public Response loginRaw(String username, String password) {
        ObjectNode body = JSON.createObjectNode();
        body.put("username", username).put("password", password);
        return post("/api/login").json(body).send();
    }

    /** {@code POST /api/login}, expecting 200. */
    public Session login(String username, String password) {
        return session(loginRaw(username, password).expect(200));
    }

    /** A second session (new token) for the same user: another device. */
    public Session anotherDevice(Session s) { return login(s.username(), PASSWORD); }

    private static Session session(Response r) {
        JsonNode j = r.json();
        JsonNode u = j.path("user");
        return new Session(u.path("id").asLong(), u.path("username").asText(), u.path("name").asText(),
                j.path("token").asText(), r.cookiePair("duet_session").orElse(null));
    }

    public Response logout(Session s) { return post("/api/logout").as(s).send(); }

    public JsonNode me(Session s) { return get("/api/me").as(s).send().expect(200).json(); }

    // ------------------------------------------------------------------ contacts

    public Response requestContact(Session from, long userId) {
        return post("/api/contacts").as(from).json(Map.of("userId", userId)).send();
    }

    /** {@code a} asks {@code b} (202), then {@code b} accepts (200): they are contacts. */
    public void makeContacts(Session a, Session b) {
        requestContact(a, b.id()).expect(202, 200);
        requestContact(b, a.id()).expect(200);
    }

    public Response removeContact(Session s, long userId) {
        return delete("/api/contacts/" + userId).as(s).send();
    }

    public JsonNode contacts(Session s) { return get("/api/contacts").as(s).send().expect(200).json(); }

    public JsonNode contactRequests(Session s) {
        return get("/api/contacts/requests").as(s).send().expect(200).json();
    }

    public JsonNode searchUsers(Session s, String q) {
        return get("/api/users?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).as(s).send().expect(200).json();
    }

    // ------------------------------------------------------------------ chats and messages

    public Response sendRaw(Session from, long to, String text, String clientId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("text", text);
        if (clientId != null) body.put("clientId", clientId);
        return post("/api/chats/" + to + "/messages").as(from).json(body).send();
    }

    /** Sends over HTTP expecting 201; returns the stored {@code Message}. */
    public JsonNode send(Session from, long to, String text) { return send(from, to, text, null); }

    public JsonNode send(Session from, long to, String text, String clientId) {
        return sendRaw(from, to, text, clientId).expect(201).json().path("message");
    }

    /** {@code GET /api/chats/{peer}/messages?query}; returns the whole 200 body. */
    public JsonNode history(Session s, long peer, String query) {
        return historyRaw(s, peer, query).expect(200).json();
    }

    public JsonNode history(Session s, long peer) { return history(s, peer, ""); }

    public Response historyRaw(Session s, long peer, String query) {
        String q = query == null || query.isEmpty() ? "" : "?" + query;
        return get("/api/chats/" + peer + "/messages" + q).as(s).send();
    }

    /** Every message of the caller's copy, paging forward with {@code after}. */
    public List<JsonNode> fullHistory(Session s, long peer) {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = history(s, peer, "after=" + after + "&limit=200");
            for (JsonNode m : page.path("messages")) {
                all.add(m);
                after = m.path("seq").asLong();
            }
            if (!page.path("hasMore").asBoolean() || page.path("messages").isEmpty()) return all;
        }
    }

    public JsonNode chats(Session s) { return get("/api/chats").as(s).send().expect(200).json(); }

    /** The caller's chat box with {@code peer} from {@code GET /api/chats}, or null. */
    public JsonNode chatWith(Session s, long peer) {
        for (JsonNode c : chats(s)) {
            if (c.path("peer").path("id").asLong() == peer) return c;
        }
        return null;
    }

    public Response openChat(Session s, long peer) { return put("/api/chats/" + peer).as(s).send(); }

    public Response read(Session s, long peer, long upTo) {
        return post("/api/chats/" + peer + "/read").as(s).json(Map.of("upTo", upTo)).send();
    }

    public Response deleteChat(Session s, long peer) { return delete("/api/chats/" + peer).as(s).send(); }

    // ------------------------------------------------------------------ operations

    /** {@code GET /metrics} (Prometheus text), expecting 200; the server must serve it on this port. */
    public String metrics() { return get("/metrics").send().expect(200).text(); }

    /** Closes the underlying HTTP client's connections; needed only where many clients come and go. */
    @Override
    public void close() { http.shutdownNow(); }
}
