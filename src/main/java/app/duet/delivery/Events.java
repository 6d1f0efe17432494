package app.duet.delivery;

import app.duet.model.ChatBox;
import app.duet.model.Message;
import app.duet.model.User;

import java.util.ArrayList;
import java.util.List;

/**
 * Publishes every server-to-client event of PROTOCOL.md §5 on the bus: who gets which
 * {@link Frames frame}. Domain services call these after their change is committed; nothing else
 * publishes. It builds no JSON itself and knows nothing of connections.
 */
public final class Events {
    private final EventBus bus;

    public Events(EventBus bus) {
        this.bus = bus;
    }

    // ---- messages and chat boxes

    /**
     * A stored message: {@code message} to the recipient and to the sender's other connections,
     * {@code ack} to the one that sent it (if it came over a WebSocket).
     */
    public void messageStored(Message m, String originConnectionId) {
        messageStored(m, m, originConnectionId);
    }

    /**
     * As {@link #messageStored(Message, String)}, the recipient's copy of a reply seen as they see it
     * ({@code forRecipient}: the quote may be missing from their copy). One frame when they agree.
     */
    public void messageStored(Message m, Message forRecipient, String originConnectionId) {
        OutboundFrame frame = Frames.message(m); // once, for both sides' sockets
        OutboundFrame recipientFrame = forRecipient.equals(m) ? frame : Frames.message(forRecipient);
        BusMessage.PairSeq order = new BusMessage.PairSeq(Math.min(m.from(), m.to()), Math.max(m.from(), m.to()), m.seq());
        bus.publish(new BusMessage.ToUsers(List.of(m.to()), null, recipientFrame, order));
        bus.publish(new BusMessage.ToUsers(List.of(m.from()), originConnectionId, frame, order));
        if (originConnectionId != null) ack(originConnectionId, m);
    }

    /** The answer to a WebSocket send: the stored (or first-stored) message. */
    public void ack(String connectionId, Message m) {
        bus.publish(new BusMessage.ToConnection(connectionId, Frames.ack(m)));
    }

    /**
     * Extension: a message was recalled: to every connection of both users. Published after the
     * recall's commit, which comes after the message's own commit and its event (a recall needs the
     * message stored); unordered on the bus like every event but {@code message} (decision 0009),
     * so clients keep a recall sticky: a late {@code message} event never brings the text back.
     */
    public void messageRecalled(Message m, long change) {
        bus.publish(new BusMessage.ToUsers(List.of(m.from(), m.to()), null, Frames.messageRecalled(m, change)));
    }

    /** Extension: the owner deleted a message from their copy: to all the owner's connections. */
    public void messageDeleted(long ownerId, long peerId, long seq, long change, ChatBox chat, boolean peerOnline) {
        toUser(ownerId, Frames.messageDeleted(peerId, seq, change, chat, peerOnline));
    }

    /** A chat box was created, or its read mark moved: to all the owner's connections. */
    public void chatChanged(ChatBox chat, boolean peerOnline) {
        toUser(chat.ownerId(), Frames.chat(chat, peerOnline));
    }

    public void chatDeleted(long ownerId, long peerId) {
        toUser(ownerId, Frames.chatDeleted(peerId));
    }

    /** A read receipt: {@code reader} has read the messages of the pair up to {@code upTo}. */
    public void readReceipt(long toUserId, long reader, long upTo) {
        toUser(toUserId, Frames.read(reader, upTo));
    }

    /** The sender is typing to the peer, or ({@code active} false, an extension) stopped. */
    public void typing(long toUserId, long fromUserId, boolean active) {
        toUser(toUserId, Frames.typing(fromUserId, active));
    }

    // ---- presence and contacts

    /** @param lastSeen when an offline user was last seen (extension; 0: not said) */
    public void presence(long userId, boolean online, long lastSeen, List<Long> contactIds) {
        if (contactIds.isEmpty()) return;
        bus.publish(new BusMessage.ToUsers(contactIds, null, Frames.presence(userId, online, lastSeen)));
    }

    /** A user changed their display name: to their contacts, and to their own connections (other tabs). */
    public void userUpdated(User user, List<Long> contactIds) {
        List<Long> to = new ArrayList<>(contactIds.size() + 1);
        to.add(user.id());
        to.addAll(contactIds);
        bus.publish(new BusMessage.ToUsers(to, null, Frames.userUpdated(user)));
    }

    public void contactRequest(long toUserId, User from) {
        toUser(toUserId, Frames.contactRequest(from));
    }

    public void contactAdded(User a, User b) {
        toUser(a.id(), Frames.contactAdded(b));
        toUser(b.id(), Frames.contactAdded(a));
    }

    public void contactRemoved(long a, long b) {
        toUser(a, Frames.contactRemoved(b));
        toUser(b, Frames.contactRemoved(a));
    }

    /** Extension: a pending request between a and b was declined or withdrawn. */
    public void contactRequestRemoved(long a, long b) {
        toUser(a, Frames.contactRequestRemoved(b));
        toUser(b, Frames.contactRequestRemoved(a));
    }

    /** Extension: the blocker's own connections (their other devices) learn of a block or unblock. */
    public void userBlocked(long blockerId, User blocked) {
        toUser(blockerId, Frames.userBlocked(blocked));
    }

    public void userUnblocked(long blockerId, long unblockedId) {
        toUser(blockerId, Frames.userUnblocked(unblockedId));
    }

    // ---- sessions

    /** Closes every socket of the session, on whichever node holds it, with 4401. */
    public void sessionRevoked(String sessionKey) {
        bus.publish(new BusMessage.CloseSession(sessionKey, CloseCodes.SESSION_REVOKED, "session revoked"));
    }

    private void toUser(long userId, OutboundFrame frame) {
        bus.publish(new BusMessage.ToUsers(List.of(userId), null, frame));
    }
}
