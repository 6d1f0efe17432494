package app.duet.bench;

/**
 * Reads the few fields the generator needs out of a server frame without building a JSON tree:
 * at tens of thousands of frames a second, parsing each into a tree would make the generator the
 * bottleneck. Safe because Duet writes compact JSON (no space after a colon) and because a
 * quote inside a string value is always escaped, so {@code "clientId":"} cannot occur inside
 * message text.
 */
final class FrameScan {
    private FrameScan() { }

    /** The frame's {@code type}: the first {@code "type":"...} in it (the frame's own comes first). */
    static String type(String frame) {
        return string(frame, "\"type\":\"", 0);
    }

    /** The string value of the first {@code key} at or after {@code from}, or null. */
    static String string(String frame, String keyWithColonAndQuote, int from) {
        int at = frame.indexOf(keyWithColonAndQuote, from);
        if (at < 0) return null;
        int start = at + keyWithColonAndQuote.length();
        int end = frame.indexOf('"', start);
        return end < 0 ? null : frame.substring(start, end);
    }

    /** The integer value of the first {@code key} (given with its colon), or -1. */
    static long number(String frame, String keyWithColon) {
        int at = frame.indexOf(keyWithColon);
        if (at < 0) return -1;
        long value = 0;
        boolean any = false;
        for (int i = at + keyWithColon.length(); i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (c < '0' || c > '9') break;
            value = value * 10 + (c - '0');
            any = true;
        }
        return any ? value : -1;
    }
}
