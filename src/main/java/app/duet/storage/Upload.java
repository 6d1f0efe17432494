package app.duet.storage;

import app.duet.model.Attachment;

/**
 * An uploaded file as stored: what a message shows of it ({@code attachment}), whose it is, and
 * whether a message holds it yet ({@code messageId}, null while pending).
 */
public record Upload(Attachment attachment, long ownerId, long createdAt, Long messageId) {
    /** The kind of an upload whose bytes are still being stored (no send may name it yet). */
    public static final String UPLOADING = "uploading";

    public String id() {
        return attachment.id();
    }

    public boolean pending() {
        return messageId == null;
    }
}
