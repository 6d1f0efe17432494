package app.duet.storage;

import app.duet.ErrorCode;

/** What became of one message handed to {@link Store#appendMessages}. */
public sealed interface AppendOutcome {

    /** Stored now. The flags say which chat boxes this message had to create. */
    record Stored(Message message, boolean senderChatCreated, boolean recipientChatCreated) implements AppendOutcome { }

    /** The sender already used this clientId: here is the message stored the first time. */
    record Duplicate(Message message) implements AppendOutcome { }

    /** Refused by a rule checked inside the transaction; nothing was stored. */
    record Rejected(ErrorCode code, String reason) implements AppendOutcome { }
}
