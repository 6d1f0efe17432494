package app.duet.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The media type of a file, decided from its first bytes (magic numbers), never from its name or a
 * declared type: a file that claims to be a picture but is not is an {@code application/octet-stream}.
 */
public final class FileTypes {
    public static final String JPEG = "image/jpeg";
    public static final String PNG = "image/png";
    public static final String GIF = "image/gif";
    public static final String WEBP = "image/webp";
    public static final String PDF = "application/pdf";
    public static final String ZIP = "application/zip";
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String BINARY = "application/octet-stream";
    /** How many first bytes {@link #sniff} looks at. */
    public static final int HEAD = 4096;

    private FileTypes() { }

    /** @param head the file's first bytes (up to {@link #HEAD}; all of it if shorter) */
    public static String sniff(byte[] head) {
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) return JPEG;
        if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return PNG;
        if (startsWith(head, 'G', 'I', 'F', '8', '7', 'a') || startsWith(head, 'G', 'I', 'F', '8', '9', 'a')) return GIF;
        if (startsWith(head, 'R', 'I', 'F', 'F') && head.length >= 12
                && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') return WEBP;
        if (startsWith(head, '%', 'P', 'D', 'F', '-')) return PDF;
        if (startsWith(head, 'P', 'K', 3, 4) || startsWith(head, 'P', 'K', 5, 6)) return ZIP;
        if (head.length > 0 && isText(head)) return TEXT;
        return BINARY;
    }

    /** Whether the type is a picture Duet re-encodes (the JDK's ImageIO reads and writes it). */
    public static boolean isReencodable(String type) {
        return JPEG.equals(type) || PNG.equals(type) || GIF.equals(type);
    }

    private static boolean startsWith(byte[] b, int... magic) {
        if (b.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if ((b[i] & 0xff) != magic[i]) return false;
        return true;
    }

    /** UTF-8 (a sequence cut at the end aside) without control characters other than tab, newlines, form feed. */
    private static boolean isText(byte[] head) {
        int end = head.length;
        // a multi-byte sequence cut by the end of the head is not an error
        for (int back = 1; back <= 3 && end - back >= 0; back++) {
            int b = head[end - back] & 0xff;
            if (b >= 0xC0) {
                int need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                if (back < need) end -= back;
                break;
            }
            if (b < 0x80) break;
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Arrays.copyOf(head, end))).toString();
            return s.chars().noneMatch(ch -> (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\f') || ch == 0x7f);
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
