package app.duet.protocol;

import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static app.duet.testing.ApiClient.PASSWORD;
import static app.duet.testing.ApiClient.uniqueUsername;
import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md §3: user search, contact requests, accepting, declining, ending contacts, their events. */
class ContactsTest extends ProtocolTestBase {

    private static List<Long> ids(JsonNode users) {
        List<Long> out = new ArrayList<>();
        for (JsonNode u : users) out.add(u.path("id").asLong());
        return out;
    }

    // ------------------------------------------------------------------ search

    @Test
    void users_search_returns_users_whose_username_starts_with_q() {
        String prefix = uniqueUsername("srch").substring(0, 12);
        Session me = api.newUser();
        Session a = api.register(prefix + "a", PASSWORD, "Alpha");
        Session b = api.register(prefix + "b", PASSWORD);
        Session other = api.register("x" + prefix, PASSWORD); // contains but does not start with it
        JsonNode found = api.searchUsers(me, prefix);
        assertThat(found.isArray()).isTrue();
        assertThat(ids(found)).containsExactlyInAnyOrder(a.id(), b.id()).doesNotContain(other.id());
        for (JsonNode u : found) {
            if (u.path("id").asLong() == a.id()) assertUser(u, a);
        }
    }

    @Test
    void users_search_returns_at_most_20_users() {
        String prefix = uniqueUsername("many").substring(0, 12);
        Session me = api.newUser();
        for (int i = 0; i < 23; i++) api.register(prefix + "_" + i, PASSWORD);
        JsonNode found = api.searchUsers(me, prefix);
        assertThat(found.size()).isEqualTo(20);
        assertThat(found).allSatisfy(u -> assertThat(u.path("username").asText()).startsWith(prefix));
    }

    @Test
    void users_search_excludes_the_caller() {
        String prefix = uniqueUsername("self").substring(0, 12);
        Session me = api.register(prefix + "me", PASSWORD);
        Session you = api.register(prefix + "you", PASSWORD);
        assertThat(ids(api.searchUsers(me, prefix))).containsExactly(you.id());
        assertThat(ids(api.searchUsers(me, me.username()))).isEmpty();
    }

    @Test
    void users_search_treats_underscore_and_percent_literally() {
        String stem = uniqueUsername("lit").substring(0, 11);
        Session me = api.newUser();
        Session underscore = api.register(stem + "_x", PASSWORD);
        Session letter = api.register(stem + "zx", PASSWORD);
        assertThat(ids(api.searchUsers(me, stem + "_"))).containsExactly(underscore.id());
        assertThat(ids(api.searchUsers(me, stem + "%"))).isEmpty();
        assertThat(ids(api.searchUsers(me, "%"))).isEmpty();
        assertThat(ids(api.searchUsers(me, stem))).containsExactlyInAnyOrder(underscore.id(), letter.id());
    }

    @Test
    void users_search_ignores_the_case_of_q() {
        String prefix = uniqueUsername("case").substring(0, 12);
        Session me = api.newUser();
        Session u = api.register(prefix + "x", PASSWORD);
        assertThat(ids(api.searchUsers(me, prefix.toUpperCase()))).containsExactly(u.id());
    }

    @Test
    void users_search_with_no_match_returns_an_empty_list() {
        Session me = api.newUser();
        JsonNode found = api.searchUsers(me, uniqueUsername("nobody"));
        assertThat(found.isArray()).isTrue();
        assertThat(found).isEmpty();
    }

    // ------------------------------------------------------------------ requests and accepting

    @Test
    void a_first_request_gets_202_requested_and_the_other_gets_contact_request() {
        Session a = api.newUser("Asker");
        Session b = api.newUser("Asked");
        WsClient b1 = ws(b);
        WsClient b2 = ws(b);
        Response r = api.requestContact(a, b.id());
        assertThat(r.status()).as("%s", r).isEqualTo(202);
        assertThat(r.json().path("status").asText()).isEqualTo("requested");
        for (WsClient c : List.of(b1, b2)) {
            assertUser(c.await("contact_request").path("user"), a);
        }
    }

    @Test
    void pending_requests_are_listed_incoming_and_outgoing() {
        Session a = api.newUser();
        Session b = api.newUser();
        long before = System.currentTimeMillis();
        api.requestContact(a, b.id()).expect(202);

        JsonNode aReq = api.contactRequests(a);
        assertThat(aReq.path("incoming")).isEmpty();
        assertThat(aReq.path("outgoing")).hasSize(1);
        assertUser(aReq.path("outgoing").get(0).path("user"), b);
        assertThat(aReq.path("outgoing").get(0).path("at").asLong()).isBetween(before - 60_000, before + 60_000);

        JsonNode bReq = api.contactRequests(b);
        assertThat(bReq.path("outgoing")).isEmpty();
        assertThat(bReq.path("incoming")).hasSize(1);
        assertUser(bReq.path("incoming").get(0).path("user"), a);
        assertThat(bReq.path("incoming").get(0).path("at").isIntegralNumber()).isTrue();
    }

    @Test
    void accepting_gets_200_contacts_and_both_users_connections_get_contact_added() {
        Session a = api.newUser("Ann");
        Session b = api.newUser("Bob");
        WsClient a1 = ws(a), a2 = ws(a), b1 = ws(b), b2 = ws(b);
        api.requestContact(a, b.id()).expect(202);
        Response r = api.requestContact(b, a.id());
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("contacts");
        for (WsClient c : List.of(a1, a2)) assertUser(c.await("contact_added").path("user"), b);
        for (WsClient c : List.of(b1, b2)) assertUser(c.await("contact_added").path("user"), a);
        // pending requests are gone on both sides
        assertThat(api.contactRequests(a).path("outgoing")).isEmpty();
        assertThat(api.contactRequests(b).path("incoming")).isEmpty();
    }

    @Test
    void asking_an_existing_contact_again_gets_200_contacts() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Response r = api.requestContact(alice, bob.id());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("contacts");
        r = api.requestContact(bob, alice.id());
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void asking_twice_before_an_answer_stays_requested() {
        Session a = api.newUser();
        Session b = api.newUser();
        api.requestContact(a, b.id()).expect(202);
        Response r = api.requestContact(a, b.id());
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().path("status").asText()).isEqualTo("requested");
        assertThat(api.contactRequests(b).path("incoming")).hasSize(1);
    }

    @Test
    void asking_oneself_gets_400_bad_request() {
        Session a = api.newUser();
        assertError(api.requestContact(a, a.id()), 400, "bad_request");
    }

    @Test
    void asking_an_unknown_user_gets_404_no_such_user() {
        Session a = api.newUser();
        assertError(api.requestContact(a, 9_000_000_000L), 404, "no_such_user");
    }

    @Test
    void a_request_body_without_user_id_or_with_a_wrong_type_gets_400_bad_request() {
        Session a = api.newUser();
        Session b = api.newUser();
        assertError(api.post("/api/contacts").as(a).json(Map.of()).send(), 400, "bad_request");
        assertError(api.post("/api/contacts").as(a).json(Map.of("userId", String.valueOf(b.id()))).send(),
                400, "bad_request");
        assertError(api.post("/api/contacts").as(a).json(Map.of("userId", List.of(b.id()))).send(),
                400, "bad_request");
        assertThat(api.contactRequests(b).path("incoming")).isEmpty();
    }

    // ------------------------------------------------------------------ list

    @Test
    void contacts_are_listed_sorted_by_name_with_their_online_state() {
        Session me = api.newUser("Me");
        Session zed = api.newUser("Zed");
        Session amy = api.newUser("Amy");
        Session max = api.newUser("Max");
        for (Session s : List.of(zed, amy, max)) api.makeContacts(me, s);
        ws(amy);
        JsonNode list = api.contacts(me);
        assertThat(list).hasSize(3);
        assertUser(list.get(0).path("user"), amy);
        assertUser(list.get(1).path("user"), max);
        assertUser(list.get(2).path("user"), zed);
        assertThat(list.get(0).path("online").asBoolean()).isTrue();
        assertThat(list.get(1).path("online").isBoolean()).isTrue();
        assertThat(list.get(1).path("online").asBoolean()).isFalse();
        assertThat(list.get(2).path("online").asBoolean()).isFalse();
    }

    @Test
    void contacts_are_sorted_by_name_ignoring_case() {
        Session me = api.newUser();
        Session bob = api.newUser("Bob");
        Session alice = api.newUser("alice");
        Session carl = api.newUser("Carl");
        for (Session s : List.of(bob, alice, carl)) api.makeContacts(me, s);
        JsonNode list = api.contacts(me);
        assertThat(list).hasSize(3);
        assertThat(List.of(list.get(0).path("user").path("name").asText(), list.get(1).path("user").path("name").asText(),
                list.get(2).path("user").path("name").asText())).containsExactly("alice", "Bob", "Carl");
    }

    @Test
    void two_users_asking_each_other_at_the_same_time_become_contacts() {
        int pairs = 12;
        List<Session[]> all = new ArrayList<>();
        for (int i = 0; i < pairs; i++) all.add(new Session[] {api.newUser(), api.newUser()});
        List<Response> answers = concurrently(2 * pairs, i -> {
            Session[] p = all.get(i / 2);
            return i % 2 == 0 ? api.requestContact(p[0], p[1].id()) : api.requestContact(p[1], p[0].id());
        });
        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as("%s", r).isIn(200, 202));
        for (Session[] p : all) {
            assertThat(api.contacts(p[0])).as("contacts of one side").hasSize(1);
            assertThat(api.contacts(p[1])).as("contacts of the other side").hasSize(1);
            assertThat(api.contactRequests(p[0]).path("outgoing")).isEmpty();
            assertThat(api.contactRequests(p[1]).path("incoming")).isEmpty();
        }
    }

    @Test
    void pending_requests_are_not_contacts() {
        Session a = api.newUser();
        Session b = api.newUser();
        api.requestContact(a, b.id()).expect(202);
        assertThat(api.contacts(a)).isEmpty();
        assertThat(api.contacts(b)).isEmpty();
    }

    // ------------------------------------------------------------------ ending

    @Test
    void deleting_a_contact_ends_it_for_both_and_both_get_contact_removed() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Session a = alice, b = bob;
        WsClient a1 = ws(a), a2 = ws(a), b1 = ws(b), b2 = ws(b);
        Response r = api.removeContact(a, b.id());
        assertThat(r.status()).as("%s", r).isEqualTo(204);
        for (WsClient c : List.of(a1, a2)) assertThat(c.await("contact_removed").path("user").asLong()).isEqualTo(b.id());
        for (WsClient c : List.of(b1, b2)) assertThat(c.await("contact_removed").path("user").asLong()).isEqualTo(a.id());
        assertThat(api.contacts(a)).isEmpty();
        assertThat(api.contacts(b)).isEmpty();
    }

    @Test
    void deleting_declines_an_incoming_request() {
        Session a = api.newUser();
        Session b = api.newUser();
        api.requestContact(a, b.id()).expect(202);
        assertThat(api.removeContact(b, a.id()).status()).isEqualTo(204);
        assertThat(api.contactRequests(a).path("outgoing")).isEmpty();
        assertThat(api.contactRequests(b).path("incoming")).isEmpty();
        // b asking now is a new request, not an acceptance
        assertThat(api.requestContact(b, a.id()).status()).isEqualTo(202);
    }

    @Test
    void deleting_cancels_an_outgoing_request() {
        Session a = api.newUser();
        Session b = api.newUser();
        api.requestContact(a, b.id()).expect(202);
        assertThat(api.removeContact(a, b.id()).status()).isEqualTo(204);
        assertThat(api.contactRequests(a).path("outgoing")).isEmpty();
        assertThat(api.contactRequests(b).path("incoming")).isEmpty();
        assertThat(api.requestContact(b, a.id()).status()).isEqualTo(202);
    }

    @Test
    void deleting_when_there_is_nothing_to_end_gets_204() {
        Session a = api.newUser();
        Session b = api.newUser();
        assertThat(api.removeContact(a, b.id()).status()).isEqualTo(204);
    }

    @Test
    void deleting_an_unknown_user_gets_404_no_such_user() {
        Session a = api.newUser();
        assertError(api.removeContact(a, 9_000_000_001L), 404, "no_such_user");
    }

    @Test
    void ex_contacts_keep_their_chat_boxes_and_history_but_cannot_send() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Session a = alice, b = bob;
        api.send(a, b.id(), "before the end");
        api.removeContact(b, a.id()).expect(204);

        assertThat(api.chatWith(a, b.id())).isNotNull();
        assertThat(api.chatWith(b, a.id())).isNotNull();
        assertThat(api.history(a, b.id()).path("messages")).hasSize(1);
        assertThat(api.history(b, a.id()).path("messages")).hasSize(1);
        assertError(api.sendRaw(a, b.id(), "after the end", null), 403, "not_contact");
        assertError(api.sendRaw(b, a.id(), "after the end", null), 403, "not_contact");
        assertThat(api.history(b, a.id()).path("messages")).hasSize(1);

        // contacts again: sending works and seq continues
        api.makeContacts(a, b);
        assertThat(api.send(b, a.id(), "friends again").path("seq").asLong()).isEqualTo(2);
    }

    @Test
    void a_request_to_an_ex_contact_is_a_new_request() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.removeContact(alice, bob.id()).expect(204);
        assertThat(api.requestContact(alice, bob.id()).status()).isEqualTo(202);
        assertThat(api.requestContact(bob, alice.id()).status()).isEqualTo(200);
    }

    @Test
    void contact_events_reach_only_the_users_concerned() {
        Session a = api.newUser();
        Session b = api.newUser();
        Session bystander = api.newUser();
        WsClient watcher = ws(bystander);
        api.makeContacts(a, b);
        api.removeContact(a, b.id()).expect(204);
        watcher.barrier();
        assertThat(watcher.frames("contact_request")).isEmpty();
        assertThat(watcher.frames("contact_added")).isEmpty();
        assertThat(watcher.frames("contact_removed")).isEmpty();
    }
}
