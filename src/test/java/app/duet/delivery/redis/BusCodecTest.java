package app.duet.delivery.redis;

import app.duet.delivery.BusMessage;
import app.duet.delivery.OutboundFrame;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bus envelope between nodes, and what a rolling upgrade needs of it: the publish time (for
 * the bus lag meter) is an optional field after the previous version's fields, so a node of the
 * previous version reads a message of this one (it reads its fields and never looks further) and
 * this one reads a message of the previous version (publish time unknown).
 */
class BusCodecTest {
    private static final Instant PUBLISHED = Instant.parse("2026-12-01T10:00:00.123456789Z");
    private static final BusMessage TO_USERS = new BusMessage.ToUsers(List.of(7L, 9L), "conn-1",
            OutboundFrame.of("{\"type\":\"message\"}"), new BusMessage.PairSeq(7, 9, 42));
    private static final BusMessage CLOSE = new BusMessage.CloseSession("session-key", 4401, "revoked");

    @Test
    void a_message_round_trips_with_its_publish_time_to_the_microsecond() {
        BusCodec.Received r = BusCodec.decode(BusCodec.encode("node-1", TO_USERS, PUBLISHED));
        assertThat(r.nodeId()).isEqualTo("node-1");
        assertThat(r.publishedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00.123456Z"));
        BusMessage.ToUsers m = (BusMessage.ToUsers) r.message();
        assertThat(m.userIds()).containsExactly(7L, 9L);
        assertThat(m.exceptConnectionId()).isEqualTo("conn-1");
        assertThat(m.order()).isEqualTo(new BusMessage.PairSeq(7, 9, 42));
        assertThat(m.frame().text()).isEqualTo("{\"type\":\"message\"}");
        assertThat(BusCodec.decode(BusCodec.encode("node-1", CLOSE, PUBLISHED)).message()).isEqualTo(CLOSE);
    }

    @Test
    void the_previous_versions_bytes_come_first_and_unchanged_so_an_old_node_reads_a_new_message() {
        for (BusMessage m : List.of(TO_USERS, CLOSE)) {
            byte[] previous = BusCodec.encode("node-1", m, null);   // the previous version wrote exactly these
            byte[] now = BusCodec.encode("node-1", m, PUBLISHED);
            assertThat(Arrays.copyOf(now, previous.length)).isEqualTo(previous);
            assertThat(now).hasSize(previous.length + 1 + Long.BYTES);   // the tag and the time, after them
        }
    }

    @Test
    void a_message_of_the_previous_version_reads_with_no_publish_time() {
        BusCodec.Received r = BusCodec.decode(BusCodec.encode("old-node", CLOSE, null));
        assertThat(r.message()).isEqualTo(CLOSE);
        assertThat(r.publishedAt()).isNull();
    }

    @Test
    void a_later_versions_unknown_field_is_left_alone() {
        byte[] known = BusCodec.encode("node-1", CLOSE, PUBLISHED);
        byte[] withMore = Arrays.copyOf(known, known.length + 3);
        withMore[known.length] = 99;   // a tag this version does not know, and its value
        BusCodec.Received r = BusCodec.decode(withMore);
        assertThat(r.message()).isEqualTo(CLOSE);
        assertThat(r.publishedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00.123456Z"));

        byte[] unknownFirst = Arrays.copyOf(BusCodec.encode("node-1", CLOSE, null), known.length);
        unknownFirst[unknownFirst.length - 1 - Long.BYTES] = 99;
        assertThat(BusCodec.decode(unknownFirst).publishedAt()).isNull();
    }
}
