package app.duet.files;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What a file may be called: the last segment of whatever path the client sent, without control,
 * format or bidirectional characters (nothing can hide its real extension), at most
 * {@value #MAX_LENGTH} code points, never empty or a dot name.
 */
public final class FileNames {
    public static final int MAX_LENGTH = 120;
    private static final String FALLBACK = "file";

    private FileNames() { }

    public static String sanitise(String raw) {
        if (raw == null) return FALLBACK;
        String s = raw;
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        if (slash >= 0) s = s.substring(slash + 1);
        StringBuilder b = new StringBuilder();
        s.codePoints().filter(cp -> !isHidden(cp)).forEach(b::appendCodePoint);
        String clean = b.toString().strip();
        while (clean.startsWith(".")) clean = clean.substring(1); // no ".", "..", or hidden dot-files
        if (clean.codePointCount(0, clean.length()) > MAX_LENGTH) {
            // keep the extension: the end of the name is what says what it is
            int dot = clean.lastIndexOf('.');
            String ext = dot > 0 && clean.length() - dot <= 16 ? clean.substring(dot) : "";
            String stem = clean.substring(0, clean.length() - ext.length());
            int keep = MAX_LENGTH - ext.codePointCount(0, ext.length());
            clean = stem.substring(0, stem.offsetByCodePoints(0, Math.min(keep, stem.codePointCount(0, stem.length())))) + ext;
        }
        clean = clean.strip();
        return clean.isEmpty() ? FALLBACK : clean;
    }

    private static boolean isHidden(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                || cp == 0x2028 || cp == 0x2029 || cp == 0xFFFD;
    }

    /** A Content-Disposition value: {@code disposition; filename="ascii"; filename*=UTF-8''percent-encoded}. */
    public static String contentDisposition(String disposition, String name) {
        StringBuilder ascii = new StringBuilder();
        name.codePoints().forEach(cp -> ascii.append(cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\' ? (char) cp : '_'));
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return disposition + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
