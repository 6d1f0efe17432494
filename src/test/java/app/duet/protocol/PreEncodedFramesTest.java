package app.duet.protocol;

import app.duet.testing.ApiClient.Session;
import app.duet.testing.StalledSocket;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames are encoded once and their bytes shared by every socket they go to: each socket must
 * still receive them whole and unchanged, whether it takes them plain or compressed with
 * permessage-deflate (which browsers negotiate), and however many sockets share them.
 */
class PreEncodedFramesTest extends ProtocolTestBase {

    @Test
    void plain_and_deflating_sockets_of_one_user_all_receive_a_shared_frame_intact() throws Exception {
        Session a = api.newUser(), b = api.newUser();
        api.makeContacts(a, b);
        try (StalledSocket plain1 = StalledSocket.open(server.port(), b.token());
             StalledSocket plain2 = StalledSocket.open(server.port(), b.token());
             StalledSocket deflate1 = StalledSocket.open(server.port(), b.token(), "Sec-WebSocket-Extensions: permessage-deflate\r\n");
             StalledSocket deflate2 = StalledSocket.open(server.port(), b.token(), "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
            assertThat(deflate1.head()).containsIgnoringCase("permessage-deflate");
            List<FrameReader> readers = List.of(new FrameReader(plain1), new FrameReader(plain2),
                    new FrameReader(deflate1), new FrameReader(deflate2));
            for (FrameReader r : readers) assertThat(r.next().path("type").asText()).isEqualTo("hello");

            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String text = i + " héllo \u0001 😀 ".repeat(300 + i); // unicode, escapes, several KB
                texts.add(text);
                api.send(a, b.id(), text);
            }
            for (FrameReader r : readers) {
                for (String text : texts) {
                    JsonNode m = r.next();
                    while (!m.path("type").asText().equals("message")) m = r.next(); // the box's "chat" first
                    assertThat(m.path("message").path("text").asText()).as("compressed: %s", r.compressedAny).isEqualTo(text);
                }
            }
            assertThat(readers.get(2).compressedAny).as("deflate was really used").isTrue();
            assertThat(readers.get(0).compressedAny).isFalse();
        }
    }

    /** Reads unmasked server text frames, inflating permessage-deflate ones (context kept across messages). */
    private static final class FrameReader {
        private final DataInputStream in;
        private final Inflater inflater = new Inflater(true);
        boolean compressedAny;

        FrameReader(StalledSocket s) throws IOException {
            InputStream raw = s.socket().getInputStream();
            this.in = new DataInputStream(raw);
        }

        JsonNode next() throws IOException, DataFormatException {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            assertThat(b0 & 0x80).as("FIN: whole messages only").isNotZero();
            assertThat(b0 & 0x0F).as("opcode: text").isEqualTo(1);
            boolean compressed = (b0 & 0x40) != 0;
            long len = b1 & 0x7F;
            if (len == 126) len = in.readUnsignedShort();
            else if (len == 127) len = in.readLong();
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            byte[] data = payload;
            if (compressed) {
                compressedAny = true;
                byte[] withTail = new byte[payload.length + 4];
                System.arraycopy(payload, 0, withTail, 0, payload.length);
                withTail[payload.length + 2] = (byte) 0xFF;
                withTail[payload.length + 3] = (byte) 0xFF;
                inflater.setInput(withTail);
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                while (true) {
                    int n = inflater.inflate(buf);
                    if (n == 0 && (inflater.needsInput() || inflater.finished())) break;
                    out.write(buf, 0, n);
                }
                data = out.toByteArray();
            }
            return app.duet.Json.MAPPER.readTree(new String(data, StandardCharsets.UTF_8));
        }
    }
}
