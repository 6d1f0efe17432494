package app.duet.delivery;

import app.duet.testing.RecordedEvents;
import app.duet.Json;
import app.duet.testing.TestClock;
import app.duet.storage.Store;
import app.duet.model.User;
import app.duet.storage.sqlite.SqliteStore;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PROTOCOL.md §5: presence goes to a user's contacts when their first connection opens and their
 * last one closes; the server pings silent connections and closes those that stay silent.
 */
class PresenceAndHeartbeatTest {

    @TempDir
    Path dir;

    private Store store;
    private final RecordedEvents recorded = new RecordedEvents();
    private final ConnectionRegistry registry = recorded.registry();
    private final List<BusMessage> published = recorded.published();
    private LastSeenWriter lastSeen;
    private Presence presence;
    private User alice;
    private User bob;
    private User carol;

    @BeforeEach
    void start() {
        store = SqliteStore.open(dir);
        lastSeen = new LastSeenWriter(store).start();
        presence = new Presence(registry, recorded.events(), store, lastSeen, PresenceLedger.singleNode(registry),
                java.time.Clock.systemUTC());
        alice = store.createUser("alice", "Alice", "h", 1);
        bob = store.createUser("bob", "Bob", "h", 1);
        carol = store.createUser("carol", "Carol", "h", 1);
        store.requestContact(alice.id(), bob.id(), 1);
        store.requestContact(bob.id(), alice.id(), 1);
    }

    @AfterEach
    void stop() {
        lastSeen.close();
        store.close();
    }

    private static Connection connection(String id, User user) {
        return new Connection(id, user.id(), "s-" + id, FakeSocket.fast(), 16, 1 << 20, 0);
    }

    private List<BusMessage.ToUsers> presenceEvents() {
        synchronized (published) {
            return published.stream().filter(m -> m instanceof BusMessage.ToUsers u && parse(u.frame().text()).path("type").asText().equals("presence"))
                    .map(m -> (BusMessage.ToUsers) m).toList();
        }
    }

    private static JsonNode parse(String frame) {
        try {
            return Json.MAPPER.readTree(frame);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_users_first_connection_tells_their_contacts_they_are_online() {
        presence.connected(connection("a1", alice));

        List<BusMessage.ToUsers> events = presenceEvents();
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().userIds()).containsExactly(bob.id());
        JsonNode frame = parse(events.getFirst().frame().text());
        assertThat(frame.path("user").asLong()).isEqualTo(alice.id());
        assertThat(frame.path("online").asBoolean()).isTrue();
    }

    @Test
    void further_connections_and_all_but_the_last_closing_tell_nobody() {
        Connection a1 = connection("a1", alice);
        Connection a2 = connection("a2", alice);
        presence.connected(a1);
        presence.connected(a2);
        presence.disconnected(a1);

        assertThat(presenceEvents()).hasSize(1);

        presence.disconnected(a2);

        assertThat(presenceEvents()).hasSize(2);
        JsonNode offline = parse(presenceEvents().getLast().frame().text());
        assertThat(offline.path("online").asBoolean()).isFalse();
        assertThat(presenceEvents().getLast().userIds()).containsExactly(bob.id());
        long lastSeenAt = offline.path("lastSeen").asLong();
        assertThat(lastSeenAt).isPositive();
        assertThat(store.contactsLastSeen(bob.id())).as("stored before the event").containsEntry(alice.id(), lastSeenAt);
    }

    @Test
    void a_user_without_contacts_tells_nobody() {
        presence.connected(connection("c1", carol));

        assertThat(presenceEvents()).isEmpty();
        assertThat(registry.isOnline(carol.id())).isTrue();
    }

    @Test
    void a_closing_reported_twice_tells_contacts_once() {
        Connection a1 = connection("a1", alice);
        presence.connected(a1);

        presence.disconnected(a1);
        presence.disconnected(a1);

        assertThat(presenceEvents()).hasSize(2);
    }

    @Test
    void a_silent_connection_is_pinged_and_then_closed_while_a_talking_one_stays() {
        TestClock clock = new TestClock(); // moved by the test; the heartbeat's own timer runs in real time
        FakeSocket silentSocket = FakeSocket.fast();
        FakeSocket talkingSocket = FakeSocket.fast();
        Connection silent = new Connection("quiet", alice.id(), "s1", silentSocket, 16, 1 << 20, clock.millis());
        Connection talking = new Connection("chatty", bob.id(), "s2", talkingSocket, 16, 1 << 20, clock.millis());
        registry.add(silent);
        registry.add(talking);

        Heartbeat heartbeat = new Heartbeat(registry, clock, Duration.ofMillis(200), Duration.ofSeconds(1)).start();
        try {
            talking.heard(clock.millis() + 300); // heard "now", before the clock moves, so it is never silent
            clock.advance(Duration.ofMillis(300));
            await().atMost(Duration.ofSeconds(5)).until(() -> silentSocket.pingCount() > 0);
            assertThat(silentSocket.closes()).isEmpty();

            talking.heard(clock.millis() + 800);
            clock.advance(Duration.ofMillis(800));
            await().atMost(Duration.ofSeconds(5)).until(() -> !silentSocket.closes().isEmpty());

            assertThat(silentSocket.closes()).containsExactly(CloseCodes.IDLE);
            assertThat(talkingSocket.closes()).isEmpty();
            assertThat(talkingSocket.pingCount()).isZero();
        } finally {
            heartbeat.close();
        }
    }
}
