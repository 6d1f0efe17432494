package app.duet.model;

import java.util.List;

/**
 * One stored message of a pair of users. {@code seq} numbers the pair's messages 1, 2, 3...
 * in storage order; {@code id} is unique across the server.
 *
 * <p>Extensions. Message edits: {@code recalledAt} is when the sender recalled it (its text is then
 * empty), null if not; {@code replyTo} is the message it replies to as one reader sees it, null if it
 * is no reply. Files: {@code attachments} are its pictures and files in the order sent, empty for a
 * plain text message (and for a recalled one: recall erases them).
 */
public record Message(long id, long seq, long from, long to, String text, long sentAt, String clientId,
                      Long recalledAt, Quote replyTo, List<Attachment> attachments) {
    public Message {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A plain message: not recalled, no reply, no attachments. */
    public Message(long id, long seq, long from, long to, String text, long sentAt, String clientId) {
        this(id, seq, from, to, text, sentAt, clientId, null, null, List.of());
    }

    /** A message as the edits know it, without attachments (they are loaded apart: {@link #withAttachments}). */
    public Message(long id, long seq, long from, long to, String text, long sentAt, String clientId,
                   Long recalledAt, Quote replyTo) {
        this(id, seq, from, to, text, sentAt, clientId, recalledAt, replyTo, List.of());
    }

    /** A message with attachments, neither recalled nor a reply. */
    public Message(long id, long seq, long from, long to, String text, long sentAt, String clientId,
                   List<Attachment> attachments) {
        this(id, seq, from, to, text, sentAt, clientId, null, null, attachments);
    }

    /** The pair a message belongs to, whoever sent it. */
    public Pair pair() { return Pair.of(from, to); }

    public boolean recalled() { return recalledAt != null; }

    public Message withReplyTo(Quote quote) {
        return new Message(id, seq, from, to, text, sentAt, clientId, recalledAt, quote, attachments);
    }

    public Message withAttachments(List<Attachment> list) {
        return new Message(id, seq, from, to, text, sentAt, clientId, recalledAt, replyTo, list);
    }
}
