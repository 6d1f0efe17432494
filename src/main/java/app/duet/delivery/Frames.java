package app.duet.delivery;

import app.duet.ErrorCode;
import app.duet.Json;
import app.duet.model.ChatBox;
import app.duet.model.Message;
import app.duet.model.User;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every server-to-client frame of PROTOCOL.md §5, in one file, each built and UTF-8 encoded once.
 * Pure: no I/O, no state. {@link Events} publishes them; the web layer sends {@code hello},
 * {@code pong} and {@code error} to the one connection they answer.
 */
public final class Frames {
    private Frames() { }

    // ---- answers to one connection

    public static OutboundFrame hello(User user, long serverTime) {
        ObjectNode f = frame("hello");
        f.set("user", Views.user(user));
        f.put("serverTime", serverTime);
        return encode(f);
    }

    /** @param ref the ping's {@code ref}, echoed as it came (any JSON value), or null */
    public static OutboundFrame pong(JsonNode ref) {
        ObjectNode f = frame("pong");
        if (ref != null) f.set("ref", ref);
        return encode(f);
    }

    /** The answer to a WebSocket send: the stored (or first-stored) message. */
    public static OutboundFrame ack(Message m) {
        ObjectNode f = frame("ack");
        f.put("clientId", m.clientId());
        f.set("message", Views.message(m));
        return encode(f);
    }

    /** A refused frame; {@code ref} echoes the frame's clientId or ref (may be null). */
    public static OutboundFrame error(ErrorCode code, String message, String ref) {
        ObjectNode f = frame("error");
        f.put("code", code.code());
        f.put("message", message);
        if (ref != null) f.put("ref", ref);
        return encode(f);
    }

    // ---- events

    public static OutboundFrame message(Message m) {
        ObjectNode f = frame("message");
        f.set("message", Views.message(m));
        return encode(f);
    }

    /** @param peerOnline whether the peer has a live connection (shown only to a contact) */
    public static OutboundFrame chat(ChatBox chat, boolean peerOnline) {
        ObjectNode f = frame("chat");
        f.set("chat", Views.chat(chat, peerOnline));
        return encode(f);
    }

    public static OutboundFrame chatDeleted(long peerId) {
        ObjectNode f = frame("chat_deleted");
        f.put("peer", peerId);
        return encode(f);
    }

    /** Extension: the sender recalled a message (its text is now ""); {@code change} is the pair's change number. */
    public static OutboundFrame messageRecalled(Message m, long change) {
        ObjectNode f = frame("message_recalled");
        f.set("message", Views.message(m));
        f.put("change", change);
        return encode(f);
    }

    /** Extension: the owner deleted message {@code seq} from their copy; the box as it is now. */
    public static OutboundFrame messageDeleted(long peerId, long seq, long change, ChatBox chat, boolean peerOnline) {
        ObjectNode f = frame("message_deleted");
        f.put("peer", peerId);
        f.put("seq", seq);
        f.put("change", change);
        if (chat != null) f.set("chat", Views.chat(chat, peerOnline));
        return encode(f);
    }

    /** A read receipt: {@code reader} has read the pair's messages up to {@code upTo}. */
    public static OutboundFrame read(long reader, long upTo) {
        ObjectNode f = frame("read");
        f.put("peer", reader);
        f.put("upTo", upTo);
        return encode(f);
    }

    /** A start is PROTOCOL.md's frame exactly; a stop adds {@code "active": false} (an extension). */
    public static OutboundFrame typing(long fromUserId, boolean active) {
        ObjectNode f = frame("typing");
        f.put("from", fromUserId);
        if (!active) f.put("active", false);
        return encode(f);
    }

    /** @param lastSeen extension: when the user went offline (0: not said); presence goes to contacts only */
    public static OutboundFrame presence(long userId, boolean online, long lastSeen) {
        ObjectNode f = frame("presence");
        f.put("user", userId);
        f.put("online", online);
        if (!online && lastSeen > 0) f.put("lastSeen", lastSeen);
        return encode(f);
    }

    /**
     * Extension: events may have been lost (the bus between nodes was down, or fell behind); the
     * client catches up as after a reconnect (chats, contacts, requests, each history after its last seq).
     */
    public static OutboundFrame resync() {
        return encode(frame("resync"));
    }

    public static OutboundFrame userUpdated(User user) {
        return aboutUser("user_updated", user);
    }

    public static OutboundFrame contactRequest(User from) {
        return aboutUser("contact_request", from);
    }

    public static OutboundFrame contactAdded(User other) {
        return aboutUser("contact_added", other);
    }

    public static OutboundFrame contactRemoved(long otherId) {
        return aboutUserId("contact_removed", otherId);
    }

    /** Extension: a pending request between the two was declined or withdrawn. */
    public static OutboundFrame contactRequestRemoved(long otherId) {
        return aboutUserId("contact_request_removed", otherId);
    }

    /** Extension: the caller blocked {@code user}, on one of their devices. */
    public static OutboundFrame userBlocked(User user) {
        return aboutUser("user_blocked", user);
    }

    /** Extension: the caller unblocked {@code userId}, on one of their devices. */
    public static OutboundFrame userUnblocked(long userId) {
        return aboutUserId("user_unblocked", userId);
    }

    private static OutboundFrame aboutUser(String type, User user) {
        ObjectNode f = frame(type);
        f.set("user", Views.user(user));
        return encode(f);
    }

    private static OutboundFrame aboutUserId(String type, long userId) {
        ObjectNode f = frame(type);
        f.put("user", userId);
        return encode(f);
    }

    private static ObjectNode frame(String type) {
        ObjectNode n = Json.object();
        n.put("type", type);
        return n;
    }

    private static OutboundFrame encode(ObjectNode frame) {
        return OutboundFrame.of(Json.write(frame));
    }
}
