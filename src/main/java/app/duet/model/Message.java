package app.duet.model;

import java.util.List;

/**
 * One stored message of a pair of users. {@code seq} numbers the pair's messages 1, 2, 3...
 * in storage order; {@code id} is unique across the server. {@code attachments} (an extension)
 * are its pictures and files in the order sent, empty for a plain text message.
 */
public record Message(long id, long seq, long from, long to, String text, long sentAt, String clientId,
                      List<Attachment> attachments) {
    public Message {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A message without attachments. */
    public Message(long id, long seq, long from, long to, String text, long sentAt, String clientId) {
        this(id, seq, from, to, text, sentAt, clientId, List.of());
    }

    /** The pair a message belongs to, whoever sent it. */
    public Pair pair() { return Pair.of(from, to); }

    public Message withAttachments(List<Attachment> list) {
        return new Message(id, seq, from, to, text, sentAt, clientId, list);
    }
}
