package app.duet.protocol;

import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static app.duet.testing.ApiClient.PASSWORD;
import static app.duet.testing.ApiClient.uniqueUsername;
import static org.assertj.core.api.Assertions.assertThat;

/** Extension {@code GET /api/users/search}: users by username prefix and by display name, bounded and rate-limited. */
class UserSearchTest extends ProtocolTestBase {

    private Response find(Session s, String q) {
        return api.get("/api/users/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).as(s).send();
    }

    private static List<Long> ids(JsonNode users) {
        List<Long> out = new ArrayList<>();
        for (JsonNode u : users) out.add(u.path("id").asLong());
        return out;
    }

    @Test
    void a_chinese_display_name_is_found_by_one_of_its_characters() {
        Session me = api.newUser();
        Session wang = api.newUser("王小明");
        JsonNode found = find(me, "王").expect(200).json();
        assertThat(ids(found)).contains(wang.id());
        assertThat(ids(find(me, "小明").expect(200).json())).contains(wang.id());
        for (JsonNode u : found) {
            if (u.path("id").asLong() == wang.id()) assertUser(u, wang);
        }
    }

    @Test
    void username_prefix_matches_come_first_then_name_matches_and_each_user_once() {
        String tag = uniqueUsername("q").substring(0, 10);
        Session me = api.newUser();
        Session byName = api.register(uniqueUsername("n"), PASSWORD, "Friend " + tag);
        Session byUsername = api.register(tag + "_x", PASSWORD, "Someone " + tag); // matches both ways
        List<Long> found = ids(find(me, tag).expect(200).json());
        assertThat(found).containsExactly(byUsername.id(), byName.id());
    }

    @Test
    void results_show_no_presence_and_exclude_the_caller() {
        String tag = uniqueUsername("p").substring(0, 10);
        Session me = api.register(tag + "me", PASSWORD, "Me " + tag);
        Session you = api.register(tag + "you", PASSWORD, "You " + tag);
        ws(you); // online: still nothing about it in the answer
        JsonNode found = find(me, tag).expect(200).json();
        assertThat(ids(found)).containsExactly(you.id());
        JsonNode u = found.get(0);
        assertThat(u.has("online")).isFalse();
        assertThat(u.has("lastSeen")).isFalse();
        assertThat(u.size()).isEqualTo(3); // id, username, name: what the username search shows
    }

    @Test
    void at_most_20_users_come_back() {
        String tag = uniqueUsername("m").substring(0, 10);
        Session me = api.newUser();
        for (int i = 0; i < 23; i++) api.register(uniqueUsername("b"), PASSWORD, "Many " + tag + " " + i);
        assertThat(find(me, tag).expect(200).json().size()).isEqualTo(20);
    }

    @Test
    void empty_or_overlong_text_is_a_bad_request() {
        Session me = api.newUser();
        assertError(find(me, ""), 400, "bad_request");
        assertError(find(me, "   "), 400, "bad_request");
        assertError(api.get("/api/users/search").as(me).send(), 400, "bad_request");
        assertError(find(me, "x".repeat(65)), 400, "bad_request");
        assertThat(find(me, "x".repeat(64)).status()).isEqualTo(200);
    }

    @Test
    void searching_needs_a_session() {
        assertError(api.get("/api/users/search?q=a").send(), 401, "unauthorized");
    }

    @Test
    void a_search_flood_is_refused_with_rate_limited_and_other_users_are_not_affected() {
        Session flooder = api.newUser();
        Response last = null;
        for (int i = 0; i < 60; i++) {
            last = find(flooder, "zz" + i);
            if (last.status() == 429) break;
        }
        assertError(last, 429, "rate_limited");
        assertThat(find(api.newUser(), "zz").status()).isEqualTo(200);
    }
}
