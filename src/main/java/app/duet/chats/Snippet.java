package app.duet.chats;

import app.duet.storage.SearchText;

/**
 * The context of a search hit: its first match in the message's text ({@code match}, as written
 * there), with up to {@link #AROUND} characters before it and enough after it to make about
 * {@link #LENGTH}; "…" marks text left out at either end.
 */
public record Snippet(String before, String match, String after) {
    static final int AROUND = 24;
    static final int LENGTH = 80;

    /** @param query what was searched for; letter case folded as the search does ({@link SearchText}) */
    public static Snippet of(String text, String query) {
        int[] t = text.codePoints().map(SearchText::fold).toArray();
        int[] q = query.codePoints().map(SearchText::fold).toArray();
        int at = indexOf(t, q);
        if (at < 0) return new Snippet("", "", cut(text, 0, Math.min(t.length, LENGTH), t.length));
        int from = Math.max(0, at - AROUND);
        int end = Math.min(t.length, Math.max(at + q.length, from + LENGTH));
        return new Snippet((from > 0 ? "…" : "") + sub(text, from, at), sub(text, at, at + q.length),
                sub(text, at + q.length, end) + (end < t.length ? "…" : ""));
    }

    private static String cut(String text, int from, int to, int length) {
        return sub(text, from, to) + (to < length ? "…" : "");
    }

    /** Code points [from, to) of {@code text}. */
    private static String sub(String text, int from, int to) {
        int a = text.offsetByCodePoints(0, from);
        return text.substring(a, text.offsetByCodePoints(a, to - from));
    }

    private static int indexOf(int[] t, int[] q) {
        outer:
        for (int i = 0; i + q.length <= t.length; i++) {
            for (int j = 0; j < q.length; j++) if (t[i + j] != q[j]) continue outer;
            return i;
        }
        return -1;
    }
}
