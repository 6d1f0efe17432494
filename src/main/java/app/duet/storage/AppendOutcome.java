package app.duet.storage;

import app.duet.model.ChatBox;
import app.duet.model.Message;

/** What became of one message handed to {@link Store#appendMessages}. */
public sealed interface AppendOutcome {

    /**
     * Stored now. {@code createdSenderChat} and {@code createdRecipientChat} are the chat boxes this
     * message had to create, as they were just before the message went in: empty, nothing unread
     * (null when the box already existed). The {@code chat} event announcing a box carries this,
     * and the {@code message} event after it adds the message, as PROTOCOL.md §5 counts.
     * {@code message} is as the sender sees it, {@code recipientMessage} as the recipient does: they
     * differ only in a reply's quote (the quoted message may be missing from the recipient's copy).
     */
    record Stored(Message message, ChatBox createdSenderChat, ChatBox createdRecipientChat, Message recipientMessage)
            implements AppendOutcome {
        /** The recipient sees the message as the sender does (no reply, or a reply both copies hold). */
        public Stored(Message message, ChatBox createdSenderChat, ChatBox createdRecipientChat) {
            this(message, createdSenderChat, createdRecipientChat, message);
        }

        public boolean senderChatCreated() { return createdSenderChat != null; }

        public boolean recipientChatCreated() { return createdRecipientChat != null; }
    }

    /** The sender already used this clientId: here is the message stored the first time. */
    record Duplicate(Message message) implements AppendOutcome { }

    /** Refused by a rule checked inside the transaction; nothing was stored. */
    record Rejected(Reason reason) implements AppendOutcome { }

    /** Why the store refused a message. The chat service says it to the sender, in the contract's terms. */
    enum Reason {
        /** The recipient does not exist. */
        NO_SUCH_RECIPIENT,
        /** The two are not contacts. */
        NOT_CONTACTS,
        /** Extension: {@code replyTo} names no message of the sender's copy, or a recalled one. */
        NO_SUCH_REPLY,
        /** An attachment is no longer the sender's pending upload (claimed by another message, or swept). */
        UPLOAD_UNAVAILABLE
    }
}
