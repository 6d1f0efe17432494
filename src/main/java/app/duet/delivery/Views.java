package app.duet.delivery;

import app.duet.Json;
import app.duet.model.Attachment;
import app.duet.model.ChatBox;
import app.duet.model.Message;
import app.duet.model.Quote;
import app.duet.model.User;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON shapes of PROTOCOL.md: {@code User}, {@code Message}, {@code Chat}. */
public final class Views {
    private Views() { }

    public static ObjectNode user(User u) {
        ObjectNode n = Json.object();
        n.put("id", u.id());
        n.put("username", u.username());
        n.put("name", u.name());
        return n;
    }

    public static ObjectNode message(Message m) {
        ObjectNode n = Json.object();
        n.put("id", Long.toString(m.id()));
        n.put("seq", m.seq());
        n.put("from", m.from());
        n.put("to", m.to());
        n.put("text", m.text());
        n.put("sentAt", m.sentAt());
        n.put("clientId", m.clientId());
        // Extensions (message edits): when the sender recalled it (its text is then ""), and what it replies to.
        if (m.recalledAt() != null) n.put("recalledAt", m.recalledAt());
        if (m.replyTo() != null) n.set("replyTo", quote(m.replyTo()));
        if (!m.attachments().isEmpty()) { // extension: only on a message that has some
            var list = n.putArray("attachments");
            for (Attachment a : m.attachments()) list.add(attachment(a));
        }
        return n;
    }

    /**
     * A reply's quote, as its reader sees it: {@code {seq, from, text}} (text at most 100 code
     * points), {@code {seq, from, recalled: true}}, {@code {seq, missing: true}} (not in the
     * reader's copy), or just {@code {seq}} where it was not worked out (search results).
     */
    public static ObjectNode quote(Quote q) {
        ObjectNode n = Json.object();
        n.put("seq", q.seq());
        switch (q.state()) {
            case SHOWN -> {
                n.put("from", q.from());
                n.put("text", q.text());
            }
            case RECALLED -> {
                n.put("from", q.from());
                n.put("recalled", true);
            }
            case MISSING -> n.put("missing", true);
            case UNRESOLVED -> { }
        }
        return n;
    }

    /** Extension: {@code {"id", "name", "size", "type", "kind": "image"|"file", "width"?, "height"?}}. */
    public static ObjectNode attachment(Attachment a) {
        ObjectNode n = Json.object();
        n.put("id", a.id());
        n.put("name", a.name());
        n.put("size", a.size());
        n.put("type", a.type());
        n.put("kind", a.kind());
        if (a.isImage()) {
            n.put("width", a.width());
            n.put("height", a.height());
        }
        return n;
    }

    /**
     * @param peerConnected whether the peer has a live connection; shown only to a contact, as
     *                      presence events are (a box outlives the contact)
     */
    public static ObjectNode chat(ChatBox c, boolean peerConnected) {
        ObjectNode n = Json.object();
        n.set("peer", user(c.peer()));
        boolean online = peerConnected && c.peerIsContact();
        n.put("online", online);
        // Extension: when an offline contact was last seen; like presence, only for a contact.
        if (c.peerIsContact() && !online && c.peerLastSeen() > 0) n.put("lastSeen", c.peerLastSeen());
        // Extension: the owner's settings of this box (every device of the owner agrees).
        n.put("pinned", c.settings().pinned());
        n.put("muted", c.settings().muted());
        n.put("markedUnread", c.settings().markedUnread());
        n.put("unread", c.unread());
        if (c.lastMessage() == null) n.putNull("lastMessage");
        else n.set("lastMessage", message(c.lastMessage()));
        n.put("updatedAt", c.updatedAt());
        // Extensions: the owner's read mark, and the peer's (for "read" ticks after a reload).
        n.put("readMark", c.readMark());
        n.put("peerReadMark", c.peerReadMark());
        n.put("contact", c.peerIsContact()); // extension: whether a message can be sent
        return n;
    }
}
