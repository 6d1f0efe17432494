package app.duet.bench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generator's WebSocket framing (RFC 6455): what it encodes, it decodes, however the bytes arrive. */
class WsCodecTest {

    private static byte[] payload(int length) {
        byte[] p = new byte[length];
        ThreadLocalRandom.current().nextBytes(p);
        return p;
    }

    @ParameterizedTest(name = "{0} bytes, masked {1}")
    @CsvSource({"0, false", "0, true", "125, false", "125, true", "126, false", "126, true",
            "65535, false", "65535, true", "65536, false", "65536, true"})
    void a_frame_decodes_to_what_was_encoded(int length, boolean masked) throws IOException {
        byte[] p = payload(length);
        byte[] wire = WsCodec.encode(WsCodec.TEXT, p, masked);
        int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
        assertThat(wire).hasSize(header + (masked ? 4 : 0) + length);

        ByteBuffer in = ByteBuffer.wrap(wire);
        WsCodec.Frame f = WsCodec.decode(in);

        assertThat(f).isNotNull();
        assertThat(f.opcode()).isEqualTo(WsCodec.TEXT);
        assertThat(f.fin()).isTrue();
        assertThat(f.payload()).isEqualTo(p);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void a_frame_split_across_reads_waits_for_its_last_byte_and_leaves_the_buffer_as_it_was() throws IOException {
        byte[] p = payload(300);
        byte[] wire = WsCodec.encode(WsCodec.TEXT, p, true);
        ByteBuffer in = ByteBuffer.allocate(wire.length + 16);
        for (int cut : new int[] {1, 3, 7, wire.length - 1}) { // inside the header, the length, the mask, the payload
            in.clear();
            in.put(wire, 0, cut).flip();
            assertThat(WsCodec.decode(in)).as("after %d of %d bytes", cut, wire.length).isNull();
            assertThat(in.position()).isZero();
            assertThat(in.limit()).isEqualTo(cut);
        }
        in.clear();
        in.put(wire, 0, 7).flip();
        assertThat(WsCodec.decode(in)).isNull();
        in.compact();
        in.put(wire, 7, wire.length - 7).flip();
        assertThat(WsCodec.decode(in).payload()).isEqualTo(p);
    }

    @Test
    void two_frames_in_one_read_come_out_one_at_a_time() throws IOException {
        byte[] a = WsCodec.encode(WsCodec.TEXT, "first".getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
        byte[] b = WsCodec.encode(WsCodec.PING, new byte[] {1, 2}, false);
        ByteBuffer in = ByteBuffer.allocate(a.length + b.length).put(a).put(b).flip();
        assertThat(new String(WsCodec.decode(in).payload(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("first");
        WsCodec.Frame ping = WsCodec.decode(in);
        assertThat(ping.opcode()).isEqualTo(WsCodec.PING);
        assertThat(ping.payload()).containsExactly(1, 2);
        assertThat(WsCodec.decode(in)).isNull();
    }

    @Test
    void a_frame_longer_than_the_bound_is_refused_from_its_header() {
        ByteBuffer in = ByteBuffer.allocate(10);
        in.put((byte) 0x81).put((byte) 127).putLong(WsCodec.MAX_FRAME + 1L).flip();
        assertThatThrownBy(() -> WsCodec.decode(in)).isInstanceOf(IOException.class).hasMessageContaining("bytes");
    }

    @Test
    void a_64_bit_length_with_the_top_bit_set_is_refused() {
        ByteBuffer in = ByteBuffer.allocate(10);
        in.put((byte) 0x81).put((byte) 127).putLong(Long.MIN_VALUE + 5).flip();
        assertThatThrownBy(() -> WsCodec.decode(in)).isInstanceOf(IOException.class);
    }
}
