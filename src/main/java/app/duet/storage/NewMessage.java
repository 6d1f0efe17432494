package app.duet.storage;

import app.duet.model.Attachment;

import java.util.List;

/**
 * A validated message waiting to be stored. {@code clientId} may be null. {@code attachments} are
 * uploads of the sender, pending when checked, which the store claims for this message (or refuses
 * it, {@link AppendOutcome.Reason#UPLOAD_UNAVAILABLE}); empty for a plain text message.
 */
public record NewMessage(long from, long to, String text, String clientId, long sentAt, List<Attachment> attachments) {
    public NewMessage {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public NewMessage(long from, long to, String text, String clientId, long sentAt) {
        this(from, to, text, clientId, sentAt, List.of());
    }
}
