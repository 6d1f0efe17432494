package app.duet.model;

/**
 * One stored message of a pair of users. {@code seq} numbers the pair's messages 1, 2, 3...
 * in storage order; {@code id} is unique across the server.
 *
 * <p>Extensions (message edits): {@code recalledAt} is when the sender recalled it (its text is then
 * empty), null if not; {@code replyTo} is the message it replies to as one reader sees it, null if it
 * is no reply.
 */
public record Message(long id, long seq, long from, long to, String text, long sentAt, String clientId,
                      Long recalledAt, Quote replyTo) {
    /** A plain message: not recalled, no reply. */
    public Message(long id, long seq, long from, long to, String text, long sentAt, String clientId) {
        this(id, seq, from, to, text, sentAt, clientId, null, null);
    }

    /** The pair a message belongs to, whoever sent it. */
    public Pair pair() { return Pair.of(from, to); }

    public boolean recalled() { return recalledAt != null; }

    public Message withReplyTo(Quote quote) {
        return new Message(id, seq, from, to, text, sentAt, clientId, recalledAt, quote);
    }
}
