package app.duet.contacts;

import app.duet.testing.RecordedEvents;
import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.Json;
import app.duet.delivery.BusMessage;

import app.duet.storage.Store;
import app.duet.model.User;
import app.duet.storage.sqlite.SqliteStore;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PROTOCOL.md §3 through the contacts service, on a real SQLite store; events recorded off the bus. */
class ContactServiceTest {

    @TempDir
    Path dir;

    private Store store;
    private ContactService contacts;
    private final RecordedEvents recorded = new RecordedEvents();
    private final List<BusMessage> published = recorded.published();
    private User alice;
    private User bob;

    @BeforeEach
    void start() {
        store = SqliteStore.open(dir);
        contacts = new ContactService(store, recorded.events(), recorded.registry(), Clock.systemUTC(),
                new ContactRequestLimiter(Clock.systemUTC(), 30, 3, java.time.Duration.ofHours(24)),
                new app.duet.limits.UserRate(Clock.systemUTC(), 30, 1, null));
        alice = store.createUser("alice", "Alice", "h", 1);
        bob = store.createUser("bob", "Bob", "h", 1);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private static void refused(Runnable r, ErrorCode code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(DuetException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    /** (type, recipient user id, the frame's "user" field as text) for each event, in publish order. */
    private List<String> events() {
        List<String> out = new ArrayList<>();
        synchronized (published) {
            for (BusMessage m : published) {
                if (!(m instanceof BusMessage.ToUsers u)) continue;
                JsonNode n;
                try {
                    n = Json.MAPPER.readTree(u.frame().text());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                JsonNode user = n.path("user");
                String about = user.isObject() ? user.path("username").asText() : user.asText();
                for (long to : u.userIds()) out.add(n.path("type").asText() + " to " + to + " about " + about);
            }
        }
        return out;
    }

    @Test
    void a_first_request_is_pending_and_tells_the_other_user() {
        assertThat(contacts.request(alice, bob.id())).isFalse();

        assertThat(events()).containsExactly("contact_request to " + bob.id() + " about alice");
        assertThat(contacts.requests(bob).incoming()).extracting(r -> r.user().username()).containsExactly("alice");
        assertThat(contacts.requests(alice).outgoing()).extracting(r -> r.user().username()).containsExactly("bob");
    }

    @Test
    void asking_back_makes_contacts_and_tells_both() {
        contacts.request(alice, bob.id());
        published.clear();

        assertThat(contacts.request(bob, alice.id())).isTrue();

        assertThat(events()).containsExactlyInAnyOrder(
                "contact_added to " + bob.id() + " about alice", "contact_added to " + alice.id() + " about bob");
        assertThat(contacts.contacts(alice)).extracting(c -> c.user().username()).containsExactly("bob");
    }

    @Test
    void asking_an_existing_contact_again_says_contacts() {
        contacts.request(alice, bob.id());
        contacts.request(bob, alice.id());

        assertThat(contacts.request(alice, bob.id())).isTrue();
    }

    @Test
    void asking_oneself_or_a_missing_user_is_refused() {
        refused(() -> contacts.request(alice, alice.id()), ErrorCode.BAD_REQUEST);
        refused(() -> contacts.request(alice, 9_999), ErrorCode.NO_SUCH_USER);
        assertThat(published).isEmpty();
    }

    @Test
    void ending_a_contact_tells_both() {
        contacts.request(alice, bob.id());
        contacts.request(bob, alice.id());
        published.clear();

        contacts.remove(bob, alice.id());

        assertThat(events()).containsExactlyInAnyOrder(
                "contact_removed to " + bob.id() + " about " + alice.id(), "contact_removed to " + alice.id() + " about " + bob.id());
        assertThat(contacts.contacts(alice)).isEmpty();
    }

    @Test
    void declining_a_request_removes_it() {
        contacts.request(alice, bob.id());
        published.clear();

        contacts.remove(bob, alice.id());

        assertThat(contacts.requests(bob).incoming()).isEmpty();
        assertThat(contacts.requests(alice).outgoing()).isEmpty();
        assertThat(events()).noneMatch(e -> e.startsWith("contact_removed"));
    }

    @Test
    void removing_when_there_is_nothing_or_oneself_is_quietly_fine() {
        contacts.remove(alice, bob.id());
        contacts.remove(alice, alice.id());

        assertThat(published).isEmpty();
    }

    @Test
    void removing_a_missing_user_is_refused() {
        refused(() -> contacts.remove(alice, 9_999), ErrorCode.NO_SUCH_USER);
    }

    @Test
    void search_is_by_username_prefix_without_case_and_leaves_out_the_caller() {
        store.createUser("alicia", "Alicia", "h", 1);

        assertThat(contacts.search(alice, "ALI")).extracting(User::username).containsExactly("alicia");
        assertThat(contacts.search(alice, null)).extracting(User::username).containsExactly("alicia", "bob");
    }

    @Test
    void search_returns_at_most_20_users() {
        for (int i = 0; i < 30; i++) store.createUser(String.format("user%02d", i), "U", "h", 1);

        assertThat(contacts.search(alice, "user")).hasSize(20).first().extracting(User::username).isEqualTo("user00");
    }

    @Test
    void contacts_say_whether_they_are_online() {
        contacts.request(alice, bob.id());
        contacts.request(bob, alice.id());

        assertThat(contacts.contacts(alice)).containsExactly(new ContactService.Contact(bob, false, 0));
    }
}
