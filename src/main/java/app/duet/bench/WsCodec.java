package app.duet.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * WebSocket framing (RFC 6455) as the generator and its echo target need it: whole frames, no
 * extensions. Clients mask what they send, servers do not.
 */
final class WsCodec {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    static final int MAX_FRAME = 1 << 20;

    /** A frame read off the wire: its opcode, FIN bit and (unmasked) payload. */
    @SuppressWarnings("ArrayRecordComponent") // read once, by the one reader that decoded it
    record Frame(int opcode, boolean fin, byte[] payload) { }

    private WsCodec() { }

    static byte[] encode(int opcode, byte[] payload, boolean masked) {
        int n = payload.length;
        int header = n < 126 ? 2 : n < 65536 ? 4 : 10;
        int maskBytes = masked ? 4 : 0;
        byte[] frame = new byte[header + maskBytes + n];
        frame[0] = (byte) (0x80 | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (n < 126) {
            frame[1] = (byte) (maskBit | n);
        } else if (n < 65536) {
            frame[1] = (byte) (maskBit | 126);
            frame[2] = (byte) (n >>> 8);
            frame[3] = (byte) n;
        } else {
            frame[1] = (byte) (maskBit | 127);
            for (int i = 0; i < 8; i++) frame[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
        }
        if (!masked) {
            System.arraycopy(payload, 0, frame, header, n);
            return frame;
        }
        int mask = ThreadLocalRandom.current().nextInt();
        for (int i = 0; i < 4; i++) frame[header + i] = (byte) (mask >>> (24 - 8 * i));
        for (int i = 0; i < n; i++) frame[header + 4 + i] = (byte) (payload[i] ^ frame[header + (i & 3)]);
        return frame;
    }

    /**
     * Takes one whole frame off {@code in} (in read mode), or returns null and leaves {@code in}
     * as it was when the frame is not all there yet.
     *
     * @throws IOException for a frame over {@value #MAX_FRAME} bytes
     */
    static Frame decode(ByteBuffer in) throws IOException {
        int start = in.position();
        if (in.remaining() < 2) return null;
        int b0 = in.get(start) & 0xff;
        int b1 = in.get(start + 1) & 0xff;
        boolean masked = (b1 & 0x80) != 0;
        long length = b1 & 0x7f;
        int header = 2;
        if (length == 126) {
            if (in.remaining() < 4) return null;
            length = in.getShort(start + 2) & 0xffff;
            header = 4;
        } else if (length == 127) {
            if (in.remaining() < 10) return null;
            length = in.getLong(start + 2);
            header = 10;
        }
        if (length < 0 || length > MAX_FRAME) throw new IOException("frame of " + length + " bytes");
        int maskBytes = masked ? 4 : 0;
        if (in.remaining() < header + maskBytes + length) return null;
        byte[] payload = new byte[(int) length];
        in.position(start + header + maskBytes);
        in.get(payload);
        if (masked) {
            for (int i = 0; i < payload.length; i++) payload[i] ^= in.get(start + header + (i & 3));
        }
        return new Frame(b0 & 0x0f, (b0 & 0x80) != 0, payload);
    }

    /** The buffer size a frame of {@code length} payload bytes needs at most. */
    static int roomFor(int length) {
        return length + 14;
    }
}
