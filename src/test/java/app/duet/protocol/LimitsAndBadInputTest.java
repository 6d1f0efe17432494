package app.duet.protocol;

import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static app.duet.testing.ApiClient.PASSWORD;
import static app.duet.testing.ApiClient.uniqueUsername;
import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md §1: 64 KiB bodies, malformed JSON, missing fields and wrong types; nothing stored. */
class LimitsAndBadInputTest extends ProtocolTestBase {
    private static final int LIMIT = 64 * 1024;

    /** {@code {"text":"<text>"}} padded with spaces to exactly {@code size} bytes: still valid JSON. */
    private static byte[] paddedMessage(String text, int size) {
        String head = "{\"text\":\"" + text + "\"";
        int pad = size - head.getBytes(StandardCharsets.UTF_8).length - 1;
        return (head + " ".repeat(pad) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private String messagesPath(Session to) { return "/api/chats/" + to.id() + "/messages"; }

    @Test
    void a_body_of_exactly_64_KiB_is_accepted() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        byte[] body = paddedMessage("at the limit", LIMIT);
        assertThat(body).hasSize(LIMIT);
        Response r = api.post(messagesPath(bob)).as(alice).body(body).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
    }

    @Test
    void a_body_over_64_KiB_gets_413_too_large_and_stores_nothing() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Response r = api.post(messagesPath(bob)).as(alice).body(paddedMessage("over the limit", LIMIT + 1)).send();
        assertError(r, 413, "too_large");
        r = api.post(messagesPath(bob)).as(alice).body(paddedMessage("way over", 1024 * 1024)).send();
        assertError(r, 413, "too_large");
        assertThat(api.chats(alice)).isEmpty();
        assertThat(api.chats(bob)).isEmpty();
    }

    @Test
    void a_chunked_body_over_64_KiB_gets_413_too_large_and_stores_nothing() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Response r = api.post(messagesPath(bob)).as(alice).chunkedBody(paddedMessage("chunked", 200 * 1024)).send();
        assertError(r, 413, "too_large");
        assertThat(api.chats(bob)).isEmpty();
    }

    @Test
    void a_small_chunked_body_is_accepted() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Response r = api.post(messagesPath(bob)).as(alice).chunkedBody(paddedMessage("small chunked", 2000)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
    }

    @Test
    void an_oversized_registration_gets_413_and_creates_no_user() {
        String username = uniqueUsername("big");
        String body = "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"n\""
                + " ".repeat(LIMIT) + "}";
        assertError(api.post("/api/register").body(body).send(), 413, "too_large");
        assertError(api.loginRaw(username, PASSWORD), 401, "invalid_credentials");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{", "{\"username\": }", "[]", "\"string\"", "null", "42",
            "{\"username\": \"x\", \"password\": \"y\",}", "{\"username\": \"abc\" \"password\": \"12345678\"}"})
    void malformed_json_gets_400_bad_request(String body) {
        assertError(api.post("/api/register").body(body).send(), 400, "bad_request");
        assertError(api.post("/api/login").body(body).send(), 400, "bad_request");
    }

    @Test
    void register_with_a_missing_field_or_a_wrong_type_gets_400_bad_request_and_creates_no_user() {
        String u = uniqueUsername("typ");
        String[] bodies = {
                "{\"password\": \"" + PASSWORD + "\"}",
                "{\"username\": \"" + u + "\"}",
                "{\"username\": 12345, \"password\": \"" + PASSWORD + "\"}",
                "{\"username\": \"" + u + "\", \"password\": 12345678}",
                "{\"username\": \"" + u + "\", \"password\": [\"" + PASSWORD + "\"]}",
                "{\"username\": \"" + u + "\", \"password\": \"" + PASSWORD + "\", \"name\": 5}",
                "{\"username\": \"" + u + "\", \"password\": \"" + PASSWORD + "\", \"name\": {\"first\": \"A\"}}",
                "{\"username\": null, \"password\": \"" + PASSWORD + "\"}",
        };
        for (String b : bodies) {
            assertError(api.post("/api/register").body(b).send(), 400, "bad_request");
        }
        assertError(api.loginRaw(u, PASSWORD), 401, "invalid_credentials");
        api.register(u, PASSWORD); // the name was never taken
    }

    @Test
    void login_with_a_missing_field_or_a_wrong_type_gets_400_bad_request() {
        Session s = api.newUser();
        assertError(api.post("/api/login").body("{\"username\": \"" + s.username() + "\"}").send(), 400, "bad_request");
        assertError(api.post("/api/login").body("{\"password\": \"" + PASSWORD + "\"}").send(), 400, "bad_request");
        assertError(api.post("/api/login").body("{\"username\": \"" + s.username() + "\", \"password\": 1}").send(),
                400, "bad_request");
    }

    @Test
    void a_non_numeric_user_id_in_a_path_is_refused_with_a_4xx_error() {
        Session s = api.newUser();
        for (Response r : new Response[] {
                api.put("/api/chats/abc").as(s).send(),
                api.get("/api/chats/abc/messages").as(s).send(),
                api.post("/api/chats/abc/messages").as(s).json(java.util.Map.of("text", "hi")).send(),
                api.delete("/api/contacts/abc").as(s).send()}) {
            assertThat(r.status()).as("%s", r).isIn(400, 404);
            assertThat(r.errorCode()).as("%s", r).isNotNull();
        }
    }

    @Test
    void errors_have_the_documented_shape_and_json_content_type() {
        Response r = api.get("/api/me").send();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.json().path("error").path("code").asText()).isEqualTo("unauthorized");
        assertThat(r.json().path("error").path("message").asText()).isNotBlank();
        r = api.post("/api/register").body("{").send();
        assertThat(r.header("Content-Type").orElse("")).startsWith("application/json");
    }

    @Test
    void unknown_api_paths_and_methods_get_an_error_body_too() {
        Session s = api.newUser();
        for (Response r : new Response[] {
                api.get("/api/no-such-thing").as(s).send(),
                api.request("PATCH", "/api/me").as(s).json(java.util.Map.of()).send(),
                api.delete("/api/me").as(s).send()}) {
            assertThat(r.status()).as("%s", r).isBetween(400, 499);
            assertThat(r.errorCode()).as("error.code in %s", r).isNotNull();
            assertThat(r.json().path("error").path("message").isTextual()).as("%s", r).isTrue();
        }
    }

    @Test
    void unknown_fields_in_a_body_are_ignored() {
        // PROTOCOL.md invites extensions ("new fields"); a newer client's extra field must not break a call
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Response r = api.post(messagesPath(bob)).as(alice)
                // (not "replyTo": message edits made it a field, whose bad value is invalid_reply)
                .body("{\"text\": \"hi\", \"quoteOf\": 12, \"format\": {\"bold\": true}}").send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        r = api.post("/api/register").body("{\"username\": \"" + uniqueUsername("ext") + "\", \"password\": \""
                + PASSWORD + "\", \"avatar\": null}").send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
    }

    @Test
    void success_bodies_are_json() {
        Session s = api.newUser();
        Response r = api.get("/api/me").as(s).send();
        assertThat(r.header("Content-Type").orElse("")).startsWith("application/json");
        r = api.get("/api/chats").as(s).send();
        assertThat(r.header("Content-Type").orElse("")).startsWith("application/json");
    }
}
