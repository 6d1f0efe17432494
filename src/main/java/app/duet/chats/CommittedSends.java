package app.duet.chats;

import app.duet.delivery.Events;
import app.duet.delivery.OnlineStatus;
import app.duet.storage.AppendOutcome;
import app.duet.model.Message;

/**
 * What a committed send tells the clients, on the commit-publishing thread and in commit order (so every
 * connection sees a pair's messages in seq order): the chat boxes the send created, then the
 * message to both sides (the sender's socket gets the ack); a repeated clientId gets its first
 * message as the ack; a refusal is carried by the sender's future alone.
 */
public final class CommittedSends implements GroupCommitter.CommitListener {
    private final Events events;
    private final OnlineStatus online;

    public CommittedSends(Events events, OnlineStatus online) {
        this.events = events;
        this.online = online;
    }

    @Override
    public void committed(GroupCommitter.Pending send, AppendOutcome outcome) {
        switch (outcome) {
            case AppendOutcome.Stored s -> {
                Message m = s.message();
                if (s.createdRecipientChat() != null) events.chatChanged(s.createdRecipientChat(), online.isOnline(m.from())); // its peer is the sender
                if (s.createdSenderChat() != null) events.chatChanged(s.createdSenderChat(), online.isOnline(m.to())); // its peer is the recipient
                events.messageStored(m, s.recipientMessage(), send.originConnectionId());
            }
            case AppendOutcome.Duplicate d -> {
                if (send.originConnectionId() != null) events.ack(send.originConnectionId(), d.message());
            }
            case AppendOutcome.Rejected r -> { } // the sender's future carries the refusal
        }
    }
}
