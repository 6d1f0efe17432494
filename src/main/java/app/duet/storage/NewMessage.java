package app.duet.storage;

/**
 * A validated message waiting to be stored. {@code clientId} may be null; {@code replyTo} (an
 * extension) is the seq of the message it replies to in the same pair, or null.
 */
public record NewMessage(long from, long to, String text, String clientId, long sentAt, Long replyTo) {
    public NewMessage(long from, long to, String text, String clientId, long sentAt) {
        this(from, to, text, clientId, sentAt, null);
    }
}
