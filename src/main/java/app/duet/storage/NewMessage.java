package app.duet.storage;

import app.duet.model.Attachment;

import java.util.List;

/**
 * A validated message waiting to be stored. {@code clientId} may be null. Extensions:
 * {@code replyTo} is the seq of the message it replies to in the same pair, or null;
 * {@code attachments} are uploads of the sender, pending when checked, which the store claims for
 * this message (or refuses it, {@link AppendOutcome.Reason#UPLOAD_UNAVAILABLE}); empty for a plain
 * text message.
 */
public record NewMessage(long from, long to, String text, String clientId, long sentAt, Long replyTo,
                         List<Attachment> attachments) {
    public NewMessage {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public NewMessage(long from, long to, String text, String clientId, long sentAt) {
        this(from, to, text, clientId, sentAt, null, List.of());
    }

    /** A reply (or not: {@code replyTo} null) without attachments. */
    public NewMessage(long from, long to, String text, String clientId, long sentAt, Long replyTo) {
        this(from, to, text, clientId, sentAt, replyTo, List.of());
    }

    /** Attachments, no reply. */
    public NewMessage(long from, long to, String text, String clientId, long sentAt, List<Attachment> attachments) {
        this(from, to, text, clientId, sentAt, null, attachments);
    }
}
