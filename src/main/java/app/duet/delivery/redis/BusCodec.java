package app.duet.delivery.redis;

import app.duet.delivery.BusMessage;
import app.duet.delivery.OutboundFrame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link BusMessage} on the wire between nodes, compact and versioned: a version byte, the
 * publishing node's id, a kind byte, then the kind's fields (user ids as longs, strings as
 * modified UTF-8, the frame as its UTF-8 bytes, length first). The frame is never parsed again:
 * the receiving node hands the same bytes to its sockets.
 *
 * <p>After the kind's fields come optional tagged fields, each a tag byte and its value: so far
 * only {@link #PUBLISHED_AT} (when the message was published, microseconds since the epoch by the
 * publisher's wall clock), for the bus lag meter. During a rolling upgrade nodes of two versions
 * share the bus: a node of the previous version reads the kind's fields and never looks further
 * (it ignores what follows), and a node of this version reads a message without them (from the
 * previous version) as one whose publish time is unknown. A decoder stops at the first tag it
 * does not know, whose length it cannot know: tags only ever get added at the end.
 */
final class BusCodec {
    private static final byte VERSION = 1;
    private static final byte TO_USERS = 1, TO_CONNECTION = 2, CLOSE_SESSION = 3, TO_EVERYONE = 4;
    /** Tag of the optional publish time: a long, microseconds since the epoch. */
    private static final byte PUBLISHED_AT = 1;

    /** A decoded message, the node that published it and when (null if that node did not say: an older version). */
    record Received(String nodeId, BusMessage message, Instant publishedAt) { }

    private BusCodec() { }

    /** @param publishedAt when it is published (null: say nothing, as the previous version did) */
    static byte[] encode(String nodeId, BusMessage message, Instant publishedAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(nodeId);
            switch (message) {
                case BusMessage.ToUsers m -> {
                    out.writeByte(TO_USERS);
                    out.writeInt(m.userIds().size());
                    for (long id : m.userIds()) out.writeLong(id);
                    writeNullable(out, m.exceptConnectionId());
                    out.writeBoolean(m.order() != null);
                    if (m.order() != null) {
                        out.writeLong(m.order().lo());
                        out.writeLong(m.order().hi());
                        out.writeLong(m.order().seq());
                    }
                    writeFrame(out, m.frame());
                }
                case BusMessage.ToConnection m -> {
                    out.writeByte(TO_CONNECTION);
                    out.writeUTF(m.connectionId());
                    writeFrame(out, m.frame());
                }
                case BusMessage.CloseSession m -> {
                    out.writeByte(CLOSE_SESSION);
                    out.writeUTF(m.sessionKey());
                    out.writeInt(m.closeCode());
                    out.writeUTF(m.reason());
                }
                case BusMessage.ToEveryone m -> {
                    out.writeByte(TO_EVERYONE);
                    writeFrame(out, m.frame());
                }
            }
            if (publishedAt != null) {
                out.writeByte(PUBLISHED_AT);
                out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, publishedAt));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException if the bytes are not a message of this version */
    static Received decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) throw new IllegalArgumentException("bus message version " + version + ", expected " + VERSION);
            String nodeId = in.readUTF();
            byte kind = in.readByte();
            BusMessage message = switch (kind) {
                case TO_USERS -> {
                    int n = in.readInt();
                    if (n < 0 || n > bytes.length / 8) throw new IllegalArgumentException("bad user count " + n);
                    List<Long> users = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) users.add(in.readLong());
                    String except = readNullable(in);
                    BusMessage.PairSeq order = in.readBoolean()
                            ? new BusMessage.PairSeq(in.readLong(), in.readLong(), in.readLong()) : null;
                    yield new BusMessage.ToUsers(List.copyOf(users), except, readFrame(in, bytes.length), order);
                }
                case TO_CONNECTION -> new BusMessage.ToConnection(in.readUTF(), readFrame(in, bytes.length));
                case CLOSE_SESSION -> new BusMessage.CloseSession(in.readUTF(), in.readInt(), in.readUTF());
                case TO_EVERYONE -> new BusMessage.ToEveryone(readFrame(in, bytes.length));
                default -> throw new IllegalArgumentException("unknown bus message kind " + kind);
            };
            return new Received(nodeId, message, readPublishedAt(in));
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated bus message", e);
        }
    }

    /** The optional fields after the kind's: the publish time if there is one (see the class comment). */
    private static Instant readPublishedAt(DataInputStream in) throws IOException {
        Instant publishedAt = null;
        while (in.available() > 0) {
            byte tag = in.readByte();
            if (tag != PUBLISHED_AT || in.available() < Long.BYTES) break; // a later version's field: not ours to read
            publishedAt = Instant.EPOCH.plus(in.readLong(), ChronoUnit.MICROS);
        }
        return publishedAt;
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) out.writeUTF(s);
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeFrame(DataOutputStream out, OutboundFrame frame) throws IOException {
        byte[] b = frame.toBytes();
        out.writeInt(b.length);
        out.write(b);
    }

    private static OutboundFrame readFrame(DataInputStream in, int total) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > total) throw new IllegalArgumentException("bad frame length " + n);
        byte[] b = new byte[n];
        in.readFully(b);
        return OutboundFrame.ofUtf8(b);
    }
}
