package app.duet.delivery;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** One WebSocket's bounded outbound queue: a client that does not read is dropped, never waited for. */
class ConnectionTest {

    private static Connection connection(FakeSocket socket, int maxQueued) {
        return new Connection("c1", 7, "session-1", socket, maxQueued, 1 << 20, 1_000);
    }

    @Test
    void a_connection_awaiting_open_holds_frames_until_the_first_one_is_sent() {
        FakeSocket socket = FakeSocket.fast();
        Connection c = Connection.awaitingOpen("c1", 7, "session-1", socket, 4, 1 << 20, 1_000);

        c.send(OutboundFrame.of("event published while the handshake finishes"));
        assertThat(socket.sent()).isEmpty();

        c.open(OutboundFrame.of("hello"));
        c.send(OutboundFrame.of("later event"));

        assertThat(socket.sent()).containsExactly("hello", "event published while the handshake finishes", "later event");
    }

    @Test
    void a_connection_awaiting_open_that_collects_too_many_frames_is_dropped() {
        FakeSocket socket = FakeSocket.fast();
        Connection c = Connection.awaitingOpen("c1", 7, "session-1", socket, 2, 1 << 20, 1_000);

        c.send(OutboundFrame.of("1"));
        c.send(OutboundFrame.of("2"));
        c.send(OutboundFrame.of("3"));

        assertThat(c.isClosed()).isTrue();
    }

    @Test
    void a_frame_is_handed_to_the_transport() {
        FakeSocket socket = FakeSocket.fast();
        Connection c = connection(socket, 4);

        c.send(OutboundFrame.of("{\"type\":\"hello\"}"));

        assertThat(socket.sent()).containsExactly("{\"type\":\"hello\"}");
        assertThat(c.queuedFrames()).isZero();
        assertThat(c.isClosed()).isFalse();
    }

    @Test
    void frames_count_as_queued_until_the_transport_has_written_them() {
        FakeSocket socket = FakeSocket.stuck();
        Connection c = connection(socket, 4);

        c.send(OutboundFrame.of("1"));
        c.send(OutboundFrame.of("2"));
        assertThat(c.queuedFrames()).isEqualTo(2);

        socket.writeOne();

        assertThat(c.queuedFrames()).isEqualTo(1);
    }

    @Test
    void a_full_outbound_queue_disconnects_the_client() {
        FakeSocket socket = FakeSocket.stuck();
        Connection c = connection(socket, 3);
        c.send(OutboundFrame.of("1"));
        c.send(OutboundFrame.of("2"));
        c.send(OutboundFrame.of("3"));
        assertThat(c.isClosed()).isFalse();

        c.send(OutboundFrame.of("4"));

        assertThat(c.isClosed()).isTrue();
        assertThat(socket.disconnects).isEqualTo(1);
        assertThat(socket.sent()).containsExactly("1", "2", "3");
        assertThat(socket.closeCodes).as("no close frame behind the stuck ones").isEmpty();
    }

    @Test
    void a_client_that_keeps_up_is_never_disconnected() {
        FakeSocket socket = FakeSocket.stuck();
        Connection c = connection(socket, 3);

        for (int i = 0; i < 1_000; i++) {
            c.send(OutboundFrame.of("f" + i));
            c.send(OutboundFrame.of("g" + i));
            socket.writeOne();
            socket.writeOne();
        }

        assertThat(c.isClosed()).isFalse();
        assertThat(socket.disconnects).isZero();
        assertThat(socket.sent()).hasSize(2_000);
    }

    @Test
    void a_disconnected_client_gets_nothing_more_and_is_disconnected_once() {
        FakeSocket socket = FakeSocket.stuck();
        Connection c = connection(socket, 1);
        c.send(OutboundFrame.of("1"));
        c.send(OutboundFrame.of("2"));

        c.send(OutboundFrame.of("3"));
        c.send(OutboundFrame.of("4"));
        c.ping();
        c.close(1000, "bye");

        assertThat(socket.sent()).containsExactly("1");
        assertThat(socket.disconnects).isEqualTo(1);
        assertThat(socket.pings).isZero();
        assertThat(socket.closeCodes).isEmpty();
    }

    @Test
    void a_failed_write_disconnects_the_client_once() {
        FakeSocket socket = FakeSocket.stuck();
        Connection c = connection(socket, 4);
        c.send(OutboundFrame.of("1"));
        c.send(OutboundFrame.of("2"));

        socket.failOne(new IOException("broken pipe"));
        socket.failOne(new IOException("broken pipe"));

        assertThat(c.isClosed()).isTrue();
        assertThat(socket.disconnects).isEqualTo(1);
        assertThat(c.queuedFrames()).isZero();
    }

    @Test
    void closing_sends_one_close_frame_with_its_code() {
        FakeSocket socket = FakeSocket.fast();
        Connection c = connection(socket, 4);

        c.close(4401, "session revoked");
        c.close(1001, "again");
        c.send(OutboundFrame.of("after"));

        assertThat(socket.closeCodes).containsExactly(4401);
        assertThat(c.isClosed()).isTrue();
        assertThat(socket.sent()).isEmpty();
    }

    @Test
    void an_open_connection_can_be_pinged() {
        FakeSocket socket = FakeSocket.fast();
        Connection c = connection(socket, 4);

        c.ping();

        assertThat(socket.pings).isEqualTo(1);
    }

    @Test
    void hearing_from_the_client_records_the_time() {
        Connection c = connection(FakeSocket.fast(), 4);
        assertThat(c.lastHeardAt()).isEqualTo(1_000);

        c.heard(5_000);

        assertThat(c.lastHeardAt()).isEqualTo(5_000);
    }

    @Test
    void a_connection_knows_its_id_user_and_session() {
        Connection c = connection(FakeSocket.fast(), 4);

        assertThat(c.id()).isEqualTo("c1");
        assertThat(c.userId()).isEqualTo(7);
        assertThat(c.sessionKey()).isEqualTo("session-1");
    }

    @Test
    void more_unwritten_bytes_than_the_budget_disconnect_the_client_whatever_the_frame_count() {
        FakeSocket socket = FakeSocket.stuck();
        Connection c = new Connection("c1", 7, "session-1", socket, 1_000, 10_000, 1_000);
        String kb4 = "x".repeat(4_000);
        c.send(OutboundFrame.of(kb4));
        c.send(OutboundFrame.of(kb4));
        assertThat(c.queuedBytes()).isEqualTo(8_000);
        assertThat(c.isClosed()).isFalse();

        c.send(OutboundFrame.of(kb4));

        assertThat(c.isClosed()).isTrue();
        assertThat(socket.disconnects).isEqualTo(1);
        assertThat(socket.sent()).hasSize(2);
    }

    @Test
    void written_bytes_leave_the_budget() {
        FakeSocket socket = FakeSocket.stuck();
        Connection c = new Connection("c1", 7, "session-1", socket, 1_000, 10_000, 1_000);
        String kb4 = "x".repeat(4_000);
        for (int i = 0; i < 100; i++) {
            c.send(OutboundFrame.of(kb4));
            c.send(OutboundFrame.of(kb4));
            socket.writeOne();
            socket.writeOne();
        }
        assertThat(c.isClosed()).isFalse();
        assertThat(c.queuedBytes()).isZero();
    }

    @Test
    void a_connection_awaiting_open_that_collects_too_many_bytes_is_dropped() {
        FakeSocket socket = FakeSocket.fast();
        Connection c = Connection.awaitingOpen("c1", 7, "session-1", socket, 100, 10_000, 1_000);

        c.send(OutboundFrame.of("x".repeat(6_000)));
        assertThat(c.isClosed()).isFalse();
        c.send(OutboundFrame.of("y".repeat(6_000)));

        assertThat(c.isClosed()).isTrue();
    }

    @Test
    void one_frame_sent_to_many_connections_is_encoded_once_and_left_unchanged() {
        OutboundFrame frame = OutboundFrame.of("{\"type\":\"typing\",\"from\":1,\"x\":\"h\u00e9\"}");
        java.util.List<java.nio.ByteBuffer> seen = new java.util.ArrayList<>();
        Socket consuming = new Socket() {
            @Override public void sendText(OutboundFrame f, java.util.function.Consumer<Throwable> done) {
                java.nio.ByteBuffer b = f.payload();
                seen.add(b);
                while (b.hasRemaining()) b.get(); // a transport consumes its view
                done.accept(null);
            }
            @Override public void ping() { }
            @Override public void close(int code, String reason) { }
            @Override public void disconnect() { }
        };
        for (int i = 0; i < 3; i++) new Connection("c" + i, 7, "s", consuming, 4, 1 << 20, 1_000).send(frame);

        assertThat(seen).hasSize(3).allSatisfy(b -> assertThat(b.isReadOnly()).isTrue());
        assertThat(frame.text()).isEqualTo("{\"type\":\"typing\",\"from\":1,\"x\":\"h\u00e9\"}");
        assertThat(frame.size()).isEqualTo(frame.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
}
