package app.duet;

/** Unicode facts the contract's text rules need and the JDK does not state directly. */
public final class Text {
    private Text() { }

    /** Whether the string holds a lone surrogate: not Unicode text, and not storable as UTF-8. */
    public static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return true;
            }
            if (Character.isLowSurrogate(c)) return true;
        }
        return false;
    }

    /** Unicode's White_Space property (the JDK's two predicates each miss some, such as U+0085). */
    public static boolean isWhiteSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x0085;
    }

    /** Length in code points, as every length in the contract is counted. */
    public static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
