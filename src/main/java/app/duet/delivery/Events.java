package app.duet.delivery;

import app.duet.ErrorCode;
import app.duet.Json;
import app.duet.storage.ChatBox;
import app.duet.storage.Message;
import app.duet.storage.User;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Every server-to-client event of PROTOCOL.md §5, built and encoded once ({@link OutboundFrame})
 * and published on the bus.
 * Domain services call these after their change is committed; nothing else publishes.
 */
public final class Events {
    private final EventBus bus;
    private final ConnectionRegistry registry;

    public Events(EventBus bus, ConnectionRegistry registry) {
        this.bus = bus;
        this.registry = registry;
    }

    public boolean isOnline(long userId) {
        return registry.isOnline(userId);
    }

    // ---- messages and chat boxes

    /**
     * A stored message: {@code message} to the recipient and to the sender's other connections,
     * {@code ack} to the one that sent it (if it came over a WebSocket).
     */
    public void messageStored(Message m, String originConnectionId) {
        ObjectNode frame = frame("message");
        frame.set("message", Views.message(m));
        OutboundFrame encoded = OutboundFrame.of(Json.write(frame)); // once, for both sides' sockets
        bus.publish(new BusMessage.ToUsers(List.of(m.to()), null, encoded));
        bus.publish(new BusMessage.ToUsers(List.of(m.from()), originConnectionId, encoded));
        if (originConnectionId != null) ack(originConnectionId, m);
    }

    /** The answer to a WebSocket send: the stored (or first-stored) message. */
    public void ack(String connectionId, Message m) {
        ObjectNode frame = frame("ack");
        frame.put("clientId", m.clientId());
        frame.set("message", Views.message(m));
        bus.publish(new BusMessage.ToConnection(connectionId, Json.write(frame)));
    }

    /** A chat box was created, or its read mark moved: to all the owner's connections. */
    public void chatChanged(ChatBox chat) {
        ObjectNode frame = frame("chat");
        frame.set("chat", Views.chat(chat, registry.isOnline(chat.peer().id())));
        toUser(chat.ownerId(), frame);
    }

    public void chatDeleted(long ownerId, long peerId) {
        ObjectNode frame = frame("chat_deleted");
        frame.put("peer", peerId);
        toUser(ownerId, frame);
    }

    /** A read receipt: {@code reader} has read the messages of the pair up to {@code upTo}. */
    public void readReceipt(long toUserId, long reader, long upTo) {
        ObjectNode frame = frame("read");
        frame.put("peer", reader);
        frame.put("upTo", upTo);
        toUser(toUserId, frame);
    }

    public void typing(long toUserId, long fromUserId) {
        ObjectNode frame = frame("typing");
        frame.put("from", fromUserId);
        toUser(toUserId, frame);
    }

    // ---- presence and contacts

    public void presence(long userId, boolean online, List<Long> contactIds) {
        if (contactIds.isEmpty()) return;
        ObjectNode frame = frame("presence");
        frame.put("user", userId);
        frame.put("online", online);
        bus.publish(new BusMessage.ToUsers(contactIds, null, Json.write(frame)));
    }

    /** A user changed their display name: to their contacts, and to their own connections (other tabs). */
    public void userUpdated(User user, List<Long> contactIds) {
        ObjectNode frame = frame("user_updated");
        frame.set("user", Views.user(user));
        List<Long> to = new java.util.ArrayList<>(contactIds.size() + 1);
        to.add(user.id());
        to.addAll(contactIds);
        bus.publish(new BusMessage.ToUsers(to, null, Json.write(frame)));
    }

    public void contactRequest(long toUserId, User from) {
        ObjectNode frame = frame("contact_request");
        frame.set("user", Views.user(from));
        toUser(toUserId, frame);
    }

    public void contactAdded(User a, User b) {
        ObjectNode toA = frame("contact_added");
        toA.set("user", Views.user(b));
        toUser(a.id(), toA);
        ObjectNode toB = frame("contact_added");
        toB.set("user", Views.user(a));
        toUser(b.id(), toB);
    }

    public void contactRemoved(long a, long b) {
        toEachAboutTheOther("contact_removed", a, b);
    }

    /** Extension: a pending request between a and b was declined or withdrawn. */
    public void contactRequestRemoved(long a, long b) {
        toEachAboutTheOther("contact_request_removed", a, b);
    }

    /** {@code {"type", "user": b}} to a, and {@code {"type", "user": a}} to b. */
    private void toEachAboutTheOther(String type, long a, long b) {
        ObjectNode toA = frame(type);
        toA.put("user", b);
        toUser(a, toA);
        ObjectNode toB = frame(type);
        toB.put("user", a);
        toUser(b, toB);
    }

    // ---- sessions and refusals

    /** Close code for a connection whose session was revoked (logout). */
    public static final int CLOSE_SESSION_REVOKED = 4401;

    public void sessionRevoked(String sessionKey) {
        bus.publish(new BusMessage.CloseSession(sessionKey, CLOSE_SESSION_REVOKED, "session revoked"));
    }

    /** Refuses a frame of one connection; {@code ref} echoes the frame's clientId or ref. */
    public void error(String connectionId, ErrorCode code, String message, String ref) {
        bus.publish(new BusMessage.ToConnection(connectionId, errorFrame(code, message, ref)));
    }

    public static String errorFrame(ErrorCode code, String message, String ref) {
        ObjectNode frame = frame("error");
        frame.put("code", code.code());
        frame.put("message", message);
        if (ref != null) frame.put("ref", ref);
        return Json.write(frame);
    }

    private void toUser(long userId, ObjectNode frame) {
        bus.publish(new BusMessage.ToUsers(List.of(userId), null, Json.write(frame)));
    }

    static ObjectNode frame(String type) {
        ObjectNode n = Json.object();
        n.put("type", type);
        return n;
    }
}
