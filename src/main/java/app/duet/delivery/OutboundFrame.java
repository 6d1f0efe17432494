package app.duet.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One server-to-client frame, its JSON text encoded to UTF-8 once and shared, read-only, by every
 * socket it goes to: a message that reaches a hundred sockets of its recipient costs its bytes
 * once, not a hundred times (each socket's transport would otherwise encode its own copy, and
 * keep it until a client that does not read has taken it).
 *
 * <p>Immutable and safe to share between threads: {@link #payload()} gives each send its own
 * view, with its own position, of bytes nobody can write.
 */
public final class OutboundFrame {
    private final ByteBuffer bytes; // read-only, position 0, never moved

    private OutboundFrame(ByteBuffer bytes) {
        this.bytes = bytes;
    }

    /** Encodes {@code json} (one JSON object) once. */
    public static OutboundFrame of(String json) {
        return new OutboundFrame(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer());
    }

    /** Wraps bytes already encoded (a frame that came from another node); they must not change afterwards. */
    public static OutboundFrame ofUtf8(byte[] utf8) {
        return new OutboundFrame(ByteBuffer.wrap(utf8).asReadOnlyBuffer());
    }

    /** A copy of the encoded payload (to send it to another node). */
    public byte[] toBytes() {
        byte[] out = new byte[bytes.capacity()];
        payload().get(out);
        return out;
    }

    /** The frame's payload size in bytes: what it costs a connection's outbound budget. */
    public int size() {
        return bytes.capacity();
    }

    /** A read-only view of the whole payload, for one send: consuming it moves nobody else's position. */
    public ByteBuffer payload() {
        return bytes.duplicate(); // a duplicate of a read-only buffer is read-only
    }

    /** The JSON text (decoded again: for tests and logs, not for the delivery path). */
    public String text() {
        return StandardCharsets.UTF_8.decode(payload()).toString();
    }

    @Override
    public String toString() {
        String t = text();
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
