package app.duet.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of message search that every adapter shares: which texts the full-text index can
 * answer, how letter case is folded, and the bounds on the rows one search may examine.
 *
 * <p>Letter case is folded code point by code point with Unicode's simple folding (as SQLite's
 * FTS5 does): "ÄRGER" finds "ärger", "ΣΟΦΙΑ" finds "σοφία"'s "σοφ"… A text that folding would
 * lengthen (ß and "SS") is not matched across that difference.
 */
public final class SearchText {
    private SearchText() { }

    /** The fewest characters (code points) the trigram index can answer; shorter texts are scanned. */
    public static final int MIN_INDEXED = 3;

    /**
     * At most this many index hits (from every chat, newest first) are looked at by one search;
     * a page that is not full by then is {@linkplain MessageHits#cut() cut}. Common trigrams
     * ("the", "的是") match a large part of all messages: this keeps their cost bounded.
     */
    public static final int CANDIDATES = 4_000;

    /**
     * A text the index cannot answer (1 or 2 characters) is looked for in at most this many of the
     * newest messages (below the cursor) of one search, then the page is {@linkplain MessageHits#cut() cut};
     * a chat's copy this small is searched whole by scanning, whatever the text.
     */
    public static final int SCAN_ROWS = 10_000;

    /** Whether the full-text index can answer a search for {@code text}. */
    public static boolean indexable(String text) {
        return text.codePointCount(0, text.length()) >= MIN_INDEXED && text.indexOf('\u0000') < 0;
    }

    /** Folds one code point: Unicode's simple case folding, approximated as lower(upper(cp)). */
    public static int fold(int cp) {
        return Character.toLowerCase(Character.toUpperCase(cp));
    }

    /** {@code text} folded code point by code point ({@link #fold(int)}); as long as it was. */
    public static String fold(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int f = fold(cp);
            if (f != cp && b == null) b = new StringBuilder(text.length()).append(text, 0, i);
            if (b != null) b.appendCodePoint(f);
            i += Character.charCount(cp);
        }
        return b == null ? text : b.toString();
    }

    /** Whether {@code text} contains {@code query}, letter case folded ({@link #fold(String)}). */
    public static boolean contains(String text, String query) {
        return fold(text).contains(fold(query));
    }

    /**
     * An FTS5 query that matches {@code text} as a substring: one phrase of its trigrams, with its
     * double quotes doubled (everything else is literal inside a phrase).
     */
    public static String ftsPhrase(String text) {
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    /**
     * A GLOB pattern (SQLite's, which is case-sensitive) matching every text that contains
     * {@code text} with letter case folded, whatever its length: each letter becomes the class of
     * its spellings ("Бо" → {@code *[Бб][Оо]*}), and GLOB's own characters are literal. (LIKE folds
     * ASCII only, and a LIKE per spelling multiplies with each letter.)
     */
    public static String globContaining(String text) {
        StringBuilder b = new StringBuilder(text.length() * 4 + 2).append('*');
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int f = fold(cp);
            Set<Integer> ways = new LinkedHashSet<>(List.of(cp, f, Character.toUpperCase(f)));
            int[] more = SPELLINGS.get(f);
            if (more != null) for (int w : more) ways.add(w);
            boolean special = cp == '*' || cp == '?' || cp == '[' || cp == ']';
            if (ways.size() == 1 && !special) {
                b.appendCodePoint(cp);
            } else {
                b.append('[');
                for (int w : ways) b.appendCodePoint(w);
                b.append(']');
            }
        }
        return b.append('*').toString();
    }

    /** For each folded code point with more than one spelling outside ASCII, every spelling. */
    private static final Map<Integer, int[]> SPELLINGS = spellings();

    private static Map<Integer, int[]> spellings() {
        Map<Integer, List<Integer>> byFold = new HashMap<>();
        for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
            if (!Character.isDefined(cp) || Character.getType(cp) == Character.SURROGATE) continue;
            int f = fold(cp);
            if (f != cp) byFold.computeIfAbsent(f, k -> new ArrayList<>(List.of(k))).add(cp);
        }
        Map<Integer, int[]> out = new HashMap<>();
        byFold.forEach((f, cps) -> out.put(f, cps.stream().mapToInt(Integer::intValue).distinct().toArray()));
        return out;
    }

    /**
     * Every spelling of {@code text} that differs from it in the case of a letter outside ASCII
     * (LIKE folds ASCII only), {@code text} itself first; at most {@code max}, else just {@code text}
     * (the search then misses only such other spellings, and only for scanned texts).
     */
    public static List<String> spellingsForLike(String text, int max) {
        Set<String> out = new LinkedHashSet<>();
        out.add(text);
        List<StringBuilder> partial = new ArrayList<>(List.of(new StringBuilder()));
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int[] ways = cp < 0x80 ? null : SPELLINGS.get(fold(cp));
            if (ways == null) {
                for (StringBuilder p : partial) p.appendCodePoint(cp);
                continue;
            }
            if (partial.size() * ways.length > max) return List.of(text);
            List<StringBuilder> next = new ArrayList<>();
            for (StringBuilder p : partial) for (int w : ways) next.add(new StringBuilder(p).appendCodePoint(w));
            partial = next;
        }
        for (StringBuilder p : partial) out.add(p.toString());
        return List.copyOf(out);
    }
}
