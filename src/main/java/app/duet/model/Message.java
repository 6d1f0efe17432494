package app.duet.model;

/**
 * One stored message of a pair of users. {@code seq} numbers the pair's messages 1, 2, 3...
 * in storage order; {@code id} is unique across the server.
 */
public record Message(long id, long seq, long from, long to, String text, long sentAt, String clientId) {
    /** The pair a message belongs to, whoever sent it. */
    public Pair pair() { return Pair.of(from, to); }
}
