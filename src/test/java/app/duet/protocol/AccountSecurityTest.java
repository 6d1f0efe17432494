package app.duet.protocol;

import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md §2.1: display name, password change, the session list and revoking sessions. */
class AccountSecurityTest extends ProtocolTestBase {
    private static final Duration CLOSE = Duration.ofSeconds(5);

    private Response rename(Session s, Object name) {
        return api.request("PATCH", "/api/me").as(s).json(Map.of("name", name)).send();
    }

    private Response changePassword(Session s, String current, String next) {
        return api.put("/api/me/password").as(s).json(Map.of("current", current, "new", next)).send();
    }

    private List<JsonNode> sessions(Session s) {
        JsonNode list = api.get("/api/sessions").as(s).send().expect(200).json();
        assertThat(list.isArray()).isTrue();
        return StreamSupport.stream(list.spliterator(), false).toList();
    }

    private static String idOf(List<JsonNode> sessions, boolean current) {
        return sessions.stream().filter(n -> n.path("current").asBoolean() == current).findFirst().orElseThrow().path("id").asText();
    }

    // ---- display name

    @Test
    void renaming_changes_me_and_tells_contacts_and_my_other_sockets_with_user_updated() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient bobSocket = ws(bob);
        WsClient aliceOtherTab = ws(api.anotherDevice(alice));

        Response r = rename(alice, "Alice Liddell");

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().path("name").asText()).isEqualTo("Alice Liddell");
        assertThat(r.json().path("id").asLong()).isEqualTo(alice.id());
        assertThat(api.me(alice).path("name").asText()).isEqualTo("Alice Liddell");
        for (WsClient c : List.of(bobSocket, aliceOtherTab)) {
            JsonNode e = c.await("user_updated");
            assertThat(e.path("user").path("id").asLong()).isEqualTo(alice.id());
            assertThat(e.path("user").path("name").asText()).isEqualTo("Alice Liddell");
            assertThat(e.path("user").path("username").asText()).isEqualTo(alice.username());
        }
        assertThat(api.contacts(bob).get(0).path("user").path("name").asText()).isEqualTo("Alice Liddell");
    }

    @Test
    void a_stranger_is_not_told_of_a_rename() {
        Session alice = api.newUser();
        Session stranger = api.newUser();
        WsClient strangerSocket = ws(stranger);

        rename(alice, "New Name").expect(200);

        strangerSocket.barrier();
        assertThat(strangerSocket.frames("user_updated")).isEmpty();
    }

    @Test
    void names_that_break_the_rules_are_refused_and_change_nothing() {
        Session s = api.newUser("Original");
        for (String bad : new String[] {"", "   ", "\u202eecilA", "zero\u200bwidth", "bell\u0007", "n".repeat(65)}) {
            assertError(rename(s, bad), 400, "invalid_name");
        }
        assertError(rename(s, 42), 400, "bad_request");
        assertError(api.request("PATCH", "/api/me").as(s).json(Map.of()).send(), 400, "bad_request");
        assertThat(api.me(s).path("name").asText()).isEqualTo("Original");
    }

    @Test
    void registering_with_a_bidi_override_name_is_refused() {
        assertError(api.registerRaw(app.duet.testing.ApiClient.uniqueUsername("bidi"), PASSWORD, "\u202eecilA"), 400, "invalid_name");
    }

    // ---- password

    @Test
    void changing_the_password_signs_out_every_other_session_and_closes_their_sockets() {
        Session here = api.newUser();
        Session there = api.anotherDevice(here);
        WsClient hereSocket = ws(here);
        WsClient thereSocket = ws(there);

        Response r = changePassword(here, PASSWORD, "a brand new password");

        assertThat(r.status()).as("%s", r).isEqualTo(204);
        assertThat(thereSocket.awaitClose(CLOSE).code()).isEqualTo(4401);
        assertError(api.get("/api/me").as(there).send(), 401, "unauthorized");
        api.me(here);
        hereSocket.barrier();
        assertThat(hereSocket.isClosed()).isFalse();
        assertError(api.loginRaw(here.username(), PASSWORD), 401, "invalid_credentials");
        api.login(here.username(), "a brand new password");
    }

    @Test
    void a_wrong_current_password_or_a_weak_new_one_changes_nothing() {
        Session here = api.newUser();
        Session there = api.anotherDevice(here);

        assertError(changePassword(here, "not my password", "a brand new password"), 401, "invalid_credentials");
        assertError(changePassword(here, PASSWORD, "short"), 400, "weak_password");
        assertError(api.put("/api/me/password").as(here).json(Map.of("current", PASSWORD)).send(), 400, "bad_request");

        api.me(there);
        api.login(here.username(), PASSWORD);
    }

    @Test
    void wrong_current_passwords_are_throttled_like_logins() {
        Session s = api.newUser();
        Response last = null;
        for (int i = 0; i < 12 && (last == null || last.status() != 429); i++) {
            last = changePassword(s, "wrong password " + i, "a brand new password");
        }
        assertError(last, 429, "too_many_requests");
        assertError(changePassword(s, PASSWORD, "a brand new password"), 429, "too_many_requests");
    }

    // ---- sessions

    @Test
    void the_session_list_shows_each_signed_in_device_with_exactly_one_current() {
        Session s = api.newUser();
        api.post("/api/login").header("User-Agent",
                        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36")
                .json(Map.of("username", s.username(), "password", PASSWORD)).send().expect(200);

        List<JsonNode> list = sessions(s);

        assertThat(list).hasSize(2);
        assertThat(list).filteredOn(n -> n.path("current").asBoolean()).hasSize(1);
        assertThat(list).extracting(n -> n.path("client").asText()).contains("Chrome on Windows");
        for (JsonNode n : list) {
            assertThat(n.path("id").isTextual()).isTrue();
            assertThat(n.path("id").asText()).isNotEqualTo(s.token());
            assertThat(n.path("createdAt").isIntegralNumber()).isTrue();
            assertThat(n.path("lastUsedAt").asLong()).isGreaterThanOrEqualTo(n.path("createdAt").asLong());
        }
    }

    @Test
    void a_session_id_cannot_be_used_to_authenticate() {
        Session s = api.newUser();
        String id = idOf(sessions(s), true);

        assertError(api.get("/api/me").bearer(id).send(), 401, "unauthorized");
    }

    @Test
    void revoking_a_session_signs_it_out_and_closes_its_sockets_with_4401() {
        Session here = api.newUser();
        Session there = api.anotherDevice(here);
        WsClient thereSocket = ws(there);
        String thereId = idOf(sessions(there), true);

        Response r = api.delete("/api/sessions/" + thereId).as(here).send();

        assertThat(r.status()).as("%s", r).isEqualTo(204);
        assertThat(thereSocket.awaitClose(CLOSE).code()).isEqualTo(4401);
        assertError(api.get("/api/me").as(there).send(), 401, "unauthorized");
        api.me(here);
        assertThat(sessions(here)).hasSize(1);
    }

    @Test
    void another_users_session_or_an_unknown_one_is_not_found_and_stays() {
        Session alice = api.newUser();
        Session bob = api.newUser();
        String bobsId = idOf(sessions(bob), true);

        assertError(api.delete("/api/sessions/" + bobsId).as(alice).send(), 404, "not_found");
        assertError(api.delete("/api/sessions/nonexistent").as(alice).send(), 404, "not_found");
        api.me(bob);
    }

    @Test
    void signing_out_everywhere_else_keeps_only_the_current_session() {
        Session here = api.newUser();
        Session phone = api.anotherDevice(here);
        Session laptop = api.anotherDevice(here);
        WsClient phoneSocket = ws(phone);
        WsClient hereSocket = ws(here);

        api.delete("/api/sessions").as(here).send().expect(204);

        assertThat(phoneSocket.awaitClose(CLOSE).code()).isEqualTo(4401);
        assertError(api.get("/api/me").as(phone).send(), 401, "unauthorized");
        assertError(api.get("/api/me").as(laptop).send(), 401, "unauthorized");
        assertThat(sessions(here)).singleElement().satisfies(n -> assertThat(n.path("current").asBoolean()).isTrue());
        hereSocket.barrier();
        assertThat(hereSocket.isClosed()).isFalse();
    }

    @Test
    void the_new_calls_need_a_session() {
        assertError(api.get("/api/sessions").send(), 401, "unauthorized");
        assertError(api.delete("/api/sessions").send(), 401, "unauthorized");
        assertError(api.delete("/api/sessions/x").send(), 401, "unauthorized");
        assertError(api.request("PATCH", "/api/me").json(Map.of("name", "x")).send(), 401, "unauthorized");
        assertError(api.put("/api/me/password").json(Map.of("current", PASSWORD, "new", "whatever else")).send(), 401, "unauthorized");
    }
}
