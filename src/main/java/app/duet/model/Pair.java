package app.duet.model;

/** Two distinct users in a canonical order, so that (a, b) and (b, a) name the same conversation. */
public record Pair(long lo, long hi) {
    public static Pair of(long a, long b) {
        if (a == b) throw new IllegalArgumentException("a pair needs two different users");
        return a < b ? new Pair(a, b) : new Pair(b, a);
    }
}
