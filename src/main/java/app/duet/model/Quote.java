package app.duet.model;

/**
 * The message a reply quotes, as one reader sees it: {@code SHOWN} (its sender and the start of its
 * text), {@code RECALLED} by its sender, {@code MISSING} from the reader's copy (deleted for them, or
 * before their box's start), or {@code UNRESOLVED} (only the seq is known: a search result).
 */
public record Quote(long seq, long from, String text, State state) {
    /** The most of a quoted text a reply carries, in code points. */
    public static final int SNIPPET = 100;

    public enum State { SHOWN, RECALLED, MISSING, UNRESOLVED }

    public static Quote unresolved(long seq) { return new Quote(seq, 0, null, State.UNRESOLVED); }

    public static Quote missing(long seq) { return new Quote(seq, 0, null, State.MISSING); }

    public static Quote recalled(long seq, long from) { return new Quote(seq, from, null, State.RECALLED); }

    /** The quoted message as shown: its text cut to {@link #SNIPPET} code points. */
    public static Quote shown(long seq, long from, String text) {
        String snippet = text.codePointCount(0, text.length()) <= SNIPPET ? text
                : text.substring(0, text.offsetByCodePoints(0, SNIPPET));
        return new Quote(seq, from, snippet, State.SHOWN);
    }
}
