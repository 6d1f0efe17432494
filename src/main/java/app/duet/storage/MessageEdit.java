package app.duet.storage;

import app.duet.model.ChatBox;
import app.duet.model.Message;

import java.util.List;

/** What {@link Store#recallMessage}, {@link Store#hideMessage} and {@link Store#changes} answer. */
public final class MessageEdit {
    private MessageEdit() { }

    public enum RecallStatus {
        /** Recalled now: {@code message} is the recalled message, {@code change} its change number. */
        RECALLED,
        /** It was recalled before: {@code message} as it is; nothing changed. */
        ALREADY_RECALLED,
        /** No such message in the caller's copy. */
        NO_SUCH_MESSAGE,
        /** The caller did not send it. */
        NOT_SENDER,
        /** Sent before the window's start. */
        TOO_LATE
    }

    /** @param erasedFiles the ids of the message's uploads whose rows the recall deleted (their bytes are the caller's to delete) */
    public record Recall(RecallStatus status, Message message, long change, List<String> erasedFiles) {
        public Recall {
            erasedFiles = erasedFiles == null ? List.of() : List.copyOf(erasedFiles);
        }

        public Recall(RecallStatus status, Message message, long change) {
            this(status, message, change, List.of());
        }
    }

    public enum HideStatus { HIDDEN, ALREADY_HIDDEN, NO_SUCH_MESSAGE }

    /** @param chat the owner's box after the change (its last message and unread may have changed); null unless HIDDEN */
    public record Hide(HideStatus status, long seq, long change, ChatBox chat) {
        public Hide withChat(ChatBox box) { return new Hide(status, seq, change, box); }
    }

    public enum Kind {
        /** The sender recalled it: in every copy. */
        RECALLED,
        /** The owner deleted it from their own copy. */
        HIDDEN
    }

    /** One edit of a pair's message, numbered by the pair's change counter; {@code message} as it is now (for RECALLED). */
    public record Change(long change, Kind kind, long seq, Message message) { }

    /**
     * The owner's changes after a cursor, in change order; {@code cursor} is where the next call
     * starts (the last change looked at, or the pair's last change when nothing more is left).
     */
    public record ChangesPage(List<Change> changes, long cursor, boolean hasMore) { }
}
