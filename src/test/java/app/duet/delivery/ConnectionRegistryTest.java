package app.duet.delivery;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** This node's live connections, and delivery of bus messages to them (PROTOCOL.md §5). */
class ConnectionRegistryTest {

    private final ConnectionRegistry registry = new ConnectionRegistry();

    private record Open(Connection connection, FakeSocket socket) { }

    private Open open(String id, long userId, String session) {
        FakeSocket socket = FakeSocket.fast();
        Connection c = new Connection(id, userId, session, socket, 8, 1 << 20, 0);
        registry.add(c);
        return new Open(c, socket);
    }

    @Test
    void a_users_first_connection_brings_them_online_and_later_ones_do_not() {
        Connection first = new Connection("c1", 1, "s1", FakeSocket.fast(), 8, 1 << 20, 0);
        Connection second = new Connection("c2", 1, "s2", FakeSocket.fast(), 8, 1 << 20, 0);

        assertThat(registry.isOnline(1)).isFalse();
        assertThat(registry.add(first)).isTrue();
        assertThat(registry.isOnline(1)).isTrue();
        assertThat(registry.add(second)).isFalse();
        assertThat(registry.connectionCount()).isEqualTo(2);
        assertThat(registry.onlineUserCount()).isEqualTo(1);
    }

    @Test
    void only_a_users_last_connection_takes_them_offline() {
        Connection first = new Connection("c1", 1, "s1", FakeSocket.fast(), 8, 1 << 20, 0);
        Connection second = new Connection("c2", 1, "s2", FakeSocket.fast(), 8, 1 << 20, 0);
        registry.add(first);
        registry.add(second);

        assertThat(registry.remove(first)).isFalse();
        assertThat(registry.isOnline(1)).isTrue();
        assertThat(registry.remove(second)).isTrue();
        assertThat(registry.isOnline(1)).isFalse();
        assertThat(registry.connectionCount()).isZero();
        assertThat(registry.onlineUserCount()).isZero();
    }

    @Test
    void removing_a_connection_twice_reports_offline_only_once() {
        Connection only = new Connection("c1", 1, "s1", FakeSocket.fast(), 8, 1 << 20, 0);
        registry.add(only);

        assertThat(registry.remove(only)).isTrue();
        assertThat(registry.remove(only)).isFalse();
    }

    @Test
    void a_removed_connection_is_marked_closed_and_gets_nothing_more() {
        Open a = open("c1", 1, "s1");
        registry.remove(a.connection());

        registry.accept(new BusMessage.ToUsers(List.of(1L), null, OutboundFrame.of("late")));
        a.connection().send(OutboundFrame.of("direct"));

        assertThat(a.connection().isClosed()).isTrue();
        assertThat(a.socket().sent()).isEmpty();
    }

    @Test
    void users_come_online_and_go_offline_independently() {
        Connection alice = new Connection("c1", 1, "s1", FakeSocket.fast(), 8, 1 << 20, 0);
        Connection bob = new Connection("c2", 2, "s2", FakeSocket.fast(), 8, 1 << 20, 0);

        assertThat(registry.add(alice)).isTrue();
        assertThat(registry.add(bob)).isTrue();
        assertThat(registry.remove(alice)).isTrue();
        assertThat(registry.isOnline(2)).isTrue();
    }

    @Test
    void a_message_to_users_reaches_every_connection_of_each() {
        Open a1 = open("a1", 1, "sa1");
        Open a2 = open("a2", 1, "sa2");
        Open b1 = open("b1", 2, "sb1");
        Open c1 = open("c1", 3, "sc1");

        registry.accept(new BusMessage.ToUsers(List.of(1L, 2L), null, OutboundFrame.of("frame")));

        assertThat(a1.socket().sent()).containsExactly("frame");
        assertThat(a2.socket().sent()).containsExactly("frame");
        assertThat(b1.socket().sent()).containsExactly("frame");
        assertThat(c1.socket().sent()).isEmpty();
    }

    @Test
    void a_message_to_users_skips_the_excepted_connection() {
        Open a1 = open("a1", 1, "sa1");
        Open a2 = open("a2", 1, "sa2");
        Open b1 = open("b1", 2, "sb1");

        registry.accept(new BusMessage.ToUsers(List.of(1L, 2L), "a1", OutboundFrame.of("message")));

        assertThat(a1.socket().sent()).isEmpty();
        assertThat(a2.socket().sent()).containsExactly("message");
        assertThat(b1.socket().sent()).containsExactly("message");
    }

    @Test
    void a_message_to_an_offline_user_goes_nowhere() {
        Open a1 = open("a1", 1, "sa1");

        registry.accept(new BusMessage.ToUsers(List.of(99L), null, OutboundFrame.of("frame")));

        assertThat(a1.socket().sent()).isEmpty();
    }

    @Test
    void a_message_to_one_connection_reaches_only_it() {
        Open a1 = open("a1", 1, "sa1");
        Open a2 = open("a2", 1, "sa2");

        registry.accept(new BusMessage.ToConnection("a2", OutboundFrame.of("ack")));
        registry.accept(new BusMessage.ToConnection("gone", OutboundFrame.of("ack")));

        assertThat(a1.socket().sent()).isEmpty();
        assertThat(a2.socket().sent()).containsExactly("ack");
    }

    @Test
    void closing_a_session_closes_only_the_connections_opened_with_it() {
        Open phone = open("a1", 1, "session-x");
        Open laptop = open("a2", 1, "session-x");
        Open other = open("a3", 1, "session-y");

        registry.accept(new BusMessage.CloseSession("session-x", 4401, "session revoked"));

        assertThat(phone.socket().closeCodes).containsExactly(4401);
        assertThat(laptop.socket().closeCodes).containsExactly(4401);
        assertThat(other.socket().closeCodes).isEmpty();
        assertThat(other.connection().isClosed()).isFalse();
    }

    @Test
    void a_slow_connection_is_dropped_without_holding_back_the_others() {
        FakeSocket stuck = FakeSocket.stuck();
        Connection slow = new Connection("slow", 1, "s1", stuck, 2, 1 << 20, 0);
        registry.add(slow);
        Open fast = open("fast", 1, "s2");
        Open peer = open("peer", 2, "s3");

        for (int i = 0; i < 10; i++) registry.accept(new BusMessage.ToUsers(List.of(1L, 2L), null, OutboundFrame.of("m" + i)));

        assertThat(slow.isClosed()).isTrue();
        assertThat(stuck.disconnects).isEqualTo(1);
        assertThat(stuck.sent()).containsExactly("m0", "m1");
        assertThat(fast.socket().sent()).hasSize(10);
        assertThat(peer.socket().sent()).hasSize(10);
    }

    @Test
    void closing_all_closes_every_connection() {
        Open a = open("a1", 1, "s1");
        Open b = open("b1", 2, "s2");

        registry.closeAll(1001, "shutting down");

        assertThat(a.socket().closeCodes).containsExactly(1001);
        assertThat(b.socket().closeCodes).containsExactly(1001);
    }

    @Test
    void all_lists_every_open_connection() {
        Open a = open("a1", 1, "s1");
        Open b = open("b1", 2, "s2");

        assertThat(registry.all()).containsExactlyInAnyOrder(a.connection(), b.connection());
    }

    @Test
    void a_user_at_the_cap_gets_no_place_and_a_released_or_closed_one_frees_it() {
        ConnectionRegistry capped = new ConnectionRegistry(2);
        ConnectionRegistry.Slot s1 = capped.reserve(1);
        ConnectionRegistry.Slot s2 = capped.reserve(1);
        assertThat(capped.reserve(1)).as("two handshakes hold both places").isNull();
        assertThat(capped.reserve(2)).as("another user").isNotNull();

        Connection c1 = new Connection("c1", 1, "s", FakeSocket.fast(), 8, 1 << 20, 0);
        assertThat(capped.admit(c1, s1)).isEqualTo(ConnectionRegistry.Admission.FIRST);
        capped.release(s1); // the handshake ends after its socket took the place: nothing to give back
        assertThat(capped.reserve(1)).isNull();

        capped.release(s2); // this handshake failed
        ConnectionRegistry.Slot s3 = capped.reserve(1);
        assertThat(s3).isNotNull();
        assertThat(capped.admit(new Connection("c3", 1, "s", FakeSocket.fast(), 8, 1 << 20, 0), s3))
                .isEqualTo(ConnectionRegistry.Admission.ANOTHER);
        assertThat(capped.connectionCount(1)).isEqualTo(2);

        capped.remove(c1);
        assertThat(capped.reserve(1)).isNotNull();
    }

    @Test
    void a_socket_whose_handshake_gave_its_place_back_is_refused_over_the_cap() {
        ConnectionRegistry capped = new ConnectionRegistry(1);
        ConnectionRegistry.Slot late = capped.reserve(1);
        capped.release(late); // the handshake returned before the socket opened
        ConnectionRegistry.Slot other = capped.reserve(1);
        capped.admit(new Connection("c2", 1, "s", FakeSocket.fast(), 8, 1 << 20, 0), other);

        Connection c1 = new Connection("c1", 1, "s", FakeSocket.fast(), 8, 1 << 20, 0);

        assertThat(capped.admit(c1, late)).isEqualTo(ConnectionRegistry.Admission.REFUSED);
        assertThat(capped.connectionCount(1)).isEqualTo(1);
        assertThat(capped.all()).doesNotContain(c1);
        assertThat(capped.remove(c1)).as("a refused connection never went online").isFalse();
        assertThat(capped.isOnline(1)).isTrue();
    }

    @Test
    void racing_handshakes_never_register_more_than_the_cap() throws Exception {
        int cap = 16;
        ConnectionRegistry capped = new ConnectionRegistry(cap);
        java.util.concurrent.atomic.AtomicInteger maxSeen = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int k = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try { go.await(); } catch (InterruptedException e) { return; }
                for (int i = 0; i < 2_000; i++) {
                    ConnectionRegistry.Slot slot = capped.reserve(1);
                    Connection c = new Connection("t" + k + "-" + i, 1, "s", FakeSocket.fast(), 8, 1 << 20, 0);
                    // half the sockets open after their handshake gave the place back
                    if (i % 2 == 0) capped.release(slot);
                    boolean admitted = capped.admit(c, slot) != ConnectionRegistry.Admission.REFUSED;
                    capped.release(slot);
                    maxSeen.accumulateAndGet(capped.connectionCount(1), Math::max);
                    if (admitted && i % 3 == 0) capped.remove(c);
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) t.join();

        assertThat(maxSeen.get()).isLessThanOrEqualTo(cap);
        assertThat(capped.connectionCount(1)).isLessThanOrEqualTo(cap);
    }
}
