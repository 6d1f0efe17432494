package app.duet.protocol;

import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static app.duet.testing.ApiClient.PASSWORD;
import static app.duet.testing.ApiClient.uniqueUsername;
import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md §2: register, login, logout, me; username, password and name rules. */
class AccountsTest extends ProtocolTestBase {

    private static final String EMOJI = "\uD83D\uDE00"; // one code point, two UTF-16 chars

    @Test
    void register_returns_201_with_the_user_and_a_token() {
        String username = uniqueUsername("reg");
        Response r = api.registerRaw(username, PASSWORD, "Ada Lovelace");
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        JsonNode user = r.json().path("user");
        assertThat(user.path("id").isIntegralNumber()).isTrue();
        assertThat(user.path("id").asLong()).isPositive().isLessThan(1L << 53);
        assertThat(user.path("username").asText()).isEqualTo(username);
        assertThat(user.path("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(r.json().path("token").isTextual()).isTrue();
    }

    @Test
    void me_returns_the_user_of_the_token() {
        Session s = api.newUser("Grace");
        JsonNode me = api.me(s);
        assertUser(me, s);
        assertThat(me.path("name").asText()).isEqualTo("Grace");
    }

    @Test
    void name_defaults_to_the_username() {
        String username = uniqueUsername("noname");
        Session s = api.register(username, PASSWORD);
        assertThat(s.name()).isEqualTo(username);
        assertThat(api.me(s).path("name").asText()).isEqualTo(username);
    }

    @Test
    void usernames_are_stored_lower_case_and_compared_without_case() {
        String lower = uniqueUsername("mixed_");
        String mixed = "MiXeD_" + lower.substring(6).toUpperCase();
        Session s = api.register(mixed, PASSWORD);
        assertThat(s.username()).isEqualTo(lower);
        assertThat(api.me(s).path("username").asText()).isEqualTo(lower);

        assertError(api.registerRaw(lower, PASSWORD, null), 409, "username_taken");
        assertError(api.registerRaw(lower.toUpperCase(), PASSWORD, null), 409, "username_taken");

        Session again = api.login(lower.toUpperCase(), PASSWORD);
        assertThat(again.id()).isEqualTo(s.id());
        assertThat(again.username()).isEqualTo(lower);
    }

    @Test
    void concurrent_registrations_of_one_username_create_one_account() {
        String username = uniqueUsername("race");
        List<Response> answers = concurrently(12, i -> api.registerRaw(username, PASSWORD + i, null));
        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as("%s", r).isIn(201, 409));
        assertThat(answers.stream().filter(r -> r.status() == 201).count()).isEqualTo(1);
        answers.stream().filter(r -> r.status() == 409).forEach(r -> assertError(r, 409, "username_taken"));
    }

    @Test
    void a_taken_username_gets_409_username_taken() {
        Session s = api.newUser();
        assertError(api.registerRaw(s.username(), "another password", null), 409, "username_taken");
        // the first account is untouched
        api.login(s.username(), PASSWORD);
    }

    @Test
    void usernames_of_3_and_32_characters_of_the_allowed_alphabet_are_accepted() {
        String three = uniqueUsername("").substring(0, 3);
        String tricky = ("a.b-c_9" + uniqueUsername("")).substring(0, 17);
        String thirtyTwo = (uniqueUsername("x") + "0123456789_.-abcdefghijklmnopqrstuvwxyz").substring(0, 32);
        for (String u : new String[] {three, tricky, thirtyTwo}) {
            Response r = api.registerRaw(u, PASSWORD, null);
            // a 3-character random name may collide with an earlier run's user: 409 is fine then
            assertThat(r.status()).as("register %s: %s", u, r).isIn(201, 409);
            if (r.status() == 201) assertThat(r.json().path("user").path("username").asText()).isEqualTo(u);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "a", "abcdefghijklmnopqrstuvwxyz0123456", "with space", "sl/ash", "at@sign",
            "plus+", "ünïcode", "tab\tx", "emoji\uD83D\uDE00", "quote'x", "comma,x", " leading", "trailing ",
            "\u212Aelvin", "d\u0130rect", "fullwidth\uFF41", "per%cent", "under\u0000nul"})
    void invalid_usernames_get_400_invalid_username(String username) {
        assertError(api.registerRaw(username, PASSWORD, null), 400, "invalid_username");
    }

    @Test
    void the_empty_username_gets_400_invalid_username_or_bad_request() {
        Response r = api.registerRaw("", PASSWORD, null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isIn("invalid_username", "bad_request");
    }

    @Test
    void passwords_of_8_to_256_code_points_are_accepted() {
        api.register(uniqueUsername("pw"), "12345678");
        api.register(uniqueUsername("pw"), "p".repeat(256));
        // 8 code points that are 16 UTF-16 chars and 32 UTF-8 bytes
        String emoji8 = EMOJI.repeat(8);
        Session s = api.register(uniqueUsername("pw"), emoji8);
        api.login(s.username(), emoji8);
    }

    @Test
    void passwords_under_8_code_points_get_400_weak_password() {
        assertError(api.registerRaw(uniqueUsername("pw"), "1234567", null), 400, "weak_password");
        assertError(api.registerRaw(uniqueUsername("pw"), "", null), 400, "weak_password");
        // 7 code points, 14 UTF-16 chars: must still be too short
        assertError(api.registerRaw(uniqueUsername("pw"), EMOJI.repeat(7), null), 400, "weak_password");
    }

    @Test
    void passwords_over_256_code_points_get_400_weak_password() {
        assertError(api.registerRaw(uniqueUsername("pw"), "p".repeat(257), null), 400, "weak_password");
    }

    @Test
    void a_password_of_256_emoji_is_accepted_as_256_code_points() {
        String pw = EMOJI.repeat(256); // 512 UTF-16 chars, 1024 UTF-8 bytes
        Session s = api.register(uniqueUsername("pw"), pw);
        api.login(s.username(), pw);
        assertError(api.registerRaw(uniqueUsername("pw"), EMOJI.repeat(257), null), 400, "weak_password");
    }

    @Test
    void long_passwords_are_compared_whole_not_just_their_first_72_bytes() {
        String prefix = "x".repeat(100);
        Session s = api.register(uniqueUsername("pw"), prefix + "-right");
        api.login(s.username(), prefix + "-right");
        assertError(api.loginRaw(s.username(), prefix + "-wrong"), 401, "invalid_credentials");
    }

    @Test
    void names_of_1_to_64_code_points_are_accepted_with_any_visible_characters() {
        for (String name : new String[] {"A", "n".repeat(64), EMOJI.repeat(64), "Zoë Ünal 李小龙", "in the middle",
                "e\u0301", "no\u00a0break"}) {
            Session s = api.newUser(name);
            assertThat(s.name()).isEqualTo(name);
            assertThat(api.me(s).path("name").asText()).isEqualTo(name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bell\u0007", "new\nline", "tab\tname", "nul\u0000", "del\u007F", "nel\u0085",
            "esc\u001B[31m"})
    void names_that_are_empty_or_hold_a_control_character_get_400_invalid_name(String name) {
        assertError(api.registerRaw(uniqueUsername("nm"), PASSWORD, name), 400, "invalid_name");
    }

    @Test
    void names_over_64_code_points_get_400_invalid_name() {
        assertError(api.registerRaw(uniqueUsername("nm"), PASSWORD, "n".repeat(65)), 400, "invalid_name");
        assertError(api.registerRaw(uniqueUsername("nm"), PASSWORD, EMOJI.repeat(65)), 400, "invalid_name");
    }

    @Test
    void a_rejected_registration_stores_nothing() {
        String username = uniqueUsername("rej");
        assertError(api.registerRaw(username, PASSWORD, "bad\u0007name"), 400, "invalid_name");
        assertError(api.registerRaw(username, "short", null), 400, "weak_password");
        assertError(api.loginRaw(username, PASSWORD), 401, "invalid_credentials");
        api.register(username, PASSWORD);
    }

    @Test
    void login_returns_200_with_the_user_and_a_new_token() {
        Session s = api.newUser("Login Person");
        Response r = api.loginRaw(s.username(), PASSWORD);
        assertThat(r.status()).isEqualTo(200);
        assertUser(r.json().path("user"), s);
        String token = r.json().path("token").asText();
        assertThat(token).isNotEmpty().isNotEqualTo(s.token());
        assertUser(api.me(new Session(s.id(), s.username(), s.name(), token, null)), s);
    }

    @Test
    void a_wrong_password_or_unknown_user_gets_401_invalid_credentials() {
        Session s = api.newUser();
        assertError(api.loginRaw(s.username(), "wrong password"), 401, "invalid_credentials");
        assertError(api.loginRaw(uniqueUsername("ghost"), PASSWORD), 401, "invalid_credentials");
    }

    @Test
    void login_with_a_malformed_username_or_overlong_password_is_just_invalid_credentials() {
        assertError(api.loginRaw("x", PASSWORD), 401, "invalid_credentials");
        assertError(api.loginRaw("has space", PASSWORD), 401, "invalid_credentials");
        Session s = api.newUser();
        assertError(api.loginRaw(s.username(), "p".repeat(300)), 401, "invalid_credentials");
    }

    @Test
    void tokens_are_long_random_and_distinct() {
        Session s = api.newUser();
        Set<String> tokens = new HashSet<>();
        tokens.add(s.token());
        for (int i = 0; i < 4; i++) tokens.add(api.anotherDevice(s).token());
        assertThat(tokens).hasSize(5);
        // 128 bits need at least 22 base64 characters (32 hex)
        assertThat(tokens).allSatisfy(t -> assertThat(t.length()).isGreaterThanOrEqualTo(22));
    }

    @Test
    void calls_without_a_valid_token_get_401_unauthorized() {
        assertError(api.get("/api/me").send(), 401, "unauthorized");
        assertError(api.get("/api/me").bearer("not-a-real-token").send(), 401, "unauthorized");
        assertError(api.get("/api/me").header("Authorization", "Basic dXNlcjpwYXNz").send(), 401, "unauthorized");
        assertError(api.get("/api/me").cookie("duet_session=forged").send(), 401, "unauthorized");
        assertError(api.post("/api/logout").send(), 401, "unauthorized");
        for (String path : new String[] {"/api/contacts", "/api/contacts/requests", "/api/chats", "/api/users?q=a",
                "/api/chats/1/messages"}) {
            assertError(api.get(path).send(), 401, "unauthorized");
        }
        assertError(api.post("/api/contacts").json(java.util.Map.of("userId", 1)).send(), 401, "unauthorized");
        assertError(api.put("/api/chats/1").send(), 401, "unauthorized");
        assertError(api.post("/api/chats/1/messages").json(java.util.Map.of("text", "hi")).send(), 401, "unauthorized");
        assertError(api.post("/api/chats/1/read").json(java.util.Map.of("upTo", 1)).send(), 401, "unauthorized");
        assertError(api.delete("/api/chats/1").send(), 401, "unauthorized");
        assertError(api.delete("/api/contacts/1").send(), 401, "unauthorized");
    }

    @Test
    void logout_returns_204_and_revokes_the_token_at_once() {
        Session s = api.newUser();
        Response r = api.logout(s);
        assertThat(r.status()).as("%s", r).isEqualTo(204);
        assertError(api.get("/api/me").as(s).send(), 401, "unauthorized");
        assertError(api.logout(s), 401, "unauthorized");
    }

    @Test
    void logout_revokes_only_its_own_token() {
        Session s = api.newUser();
        Session other = api.anotherDevice(s);
        api.logout(s).expect(204);
        assertUser(api.me(other), s);
    }

    @Test
    void a_user_can_log_in_again_after_logout() {
        Session s = api.newUser();
        api.logout(s).expect(204);
        Session again = api.login(s.username(), PASSWORD);
        assertUser(api.me(again), s);
    }

    @Test
    void passwords_are_not_stored_in_clear() throws java.io.IOException {
        String password = "clear-text-canary-" + uniqueUsername("");
        api.register(uniqueUsername("clear"), password);
        byte[] needle = password.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (var files = java.nio.file.Files.walk(server.dataDir())) {
            for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                byte[] content = java.nio.file.Files.readAllBytes(f);
                assertThat(indexOf(content, needle)).as("password found in %s", f).isNegative();
            }
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Test
    void user_ids_are_distinct_positive_integers() {
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) ids.add(api.newUser().id());
        assertThat(ids).hasSize(5).allSatisfy(id -> assertThat(id).isPositive().isLessThan(1L << 53));
    }

    @Test
    void the_session_helper_matches_what_register_returned() {
        ApiClient.Session s = api.newUser("Helper");
        assertThat(s.token()).isNotBlank();
        assertThat(s.cookie()).as("register sets the duet_session cookie").startsWith("duet_session=");
    }
}
