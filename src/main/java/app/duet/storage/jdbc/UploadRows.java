package app.duet.storage.jdbc;

import app.duet.model.Attachment;
import app.duet.model.ChatBox;
import app.duet.model.Message;
import app.duet.model.Pair;
import app.duet.storage.NewMessage;
import app.duet.storage.PendingUploads;
import app.duet.storage.Upload;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code uploads} table (V5), the same SQL on SQLite and PostgreSQL, run inside the adapter's
 * transaction. A list of ids goes into {@code IN (...)} padded to a power of two (the last id
 * repeated), so a caching connection keeps a handful of statements, not one per list length.
 */
public final class UploadRows {
    private static final String COLUMNS = "u.id, u.owner_id, u.name, u.size, u.type, u.kind, u.width, u.height, u.created_at, u.message_id";

    private UploadRows() { }

    private static Upload upload(ResultSet rs) throws SQLException {
        long messageId = rs.getLong("message_id");
        Long message = rs.wasNull() ? null : messageId;
        return new Upload(attachment(rs), rs.getLong("owner_id"), rs.getLong("created_at"), message);
    }

    private static Attachment attachment(ResultSet rs) throws SQLException {
        return new Attachment(rs.getString("id"), rs.getString("name"), rs.getLong("size"), rs.getString("type"),
                rs.getString("kind"), rs.getInt("width"), rs.getInt("height"));
    }

    /** {@code ?, ?, ...} for {@code values} padded to a power of two, and the padded values. */
    private static String placeholders(int n) {
        return "?" + ", ?".repeat(Math.max(0, n - 1));
    }

    private static List<Object> padded(List<?> values) {
        int n = Integer.highestOneBit(Math.max(1, values.size()));
        if (n < values.size()) n <<= 1;
        List<Object> out = new ArrayList<>(values);
        while (out.size() < n) out.add(values.getLast());
        return out;
    }

    public static void insert(Sql c, Upload u) throws SQLException {
        Attachment a = u.attachment();
        c.update("INSERT INTO uploads (id, owner_id, name, size, type, kind, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.id(), u.ownerId(), a.name(), a.size(), a.type(), a.kind(), a.width(), a.height(), u.createdAt());
    }

    public static boolean finish(Sql c, Upload u) throws SQLException {
        Attachment a = u.attachment();
        return c.update("UPDATE uploads SET name = ?, size = ?, type = ?, kind = ?, width = ?, height = ? WHERE id = ? AND message_id IS NULL",
                a.name(), a.size(), a.type(), a.kind(), a.width(), a.height(), a.id()) > 0;
    }

    public static PendingUploads pending(Sql c, long ownerId) throws SQLException {
        return c.one("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM uploads WHERE owner_id = ? AND message_id IS NULL",
                rs -> new PendingUploads(rs.getInt(1), rs.getLong(2)), ownerId).orElse(new PendingUploads(0, 0));
    }

    public static List<Upload> of(Sql c, long ownerId, List<String> ids) throws SQLException {
        if (ids.isEmpty()) return List.of();
        List<Object> args = padded(ids);
        List<Object> all = new ArrayList<>(args);
        all.add(ownerId);
        return c.list("SELECT " + COLUMNS + " FROM uploads u WHERE u.id IN (" + placeholders(args.size()) + ") AND u.owner_id = ?"
                        + " AND u.kind <> 'uploading'",
                UploadRows::upload, all.toArray());
    }

    /** See {@code Store.readableUpload}: a few small reads, in the caller's one transaction. */
    public static Optional<Upload> readable(Sql c, String id, long readerId) throws SQLException {
        Optional<Upload> found = c.one("SELECT " + COLUMNS + " FROM uploads u WHERE u.id = ?", UploadRows::upload, id);
        if (found.isEmpty() || Upload.UPLOADING.equals(found.get().attachment().kind())) return Optional.empty();
        Upload u = found.get();
        if (u.pending()) return u.ownerId() == readerId ? found : Optional.empty();
        record Held(long from, long to, long seq) { }
        Optional<Held> message = c.one("SELECT from_id, to_id, seq FROM messages WHERE id = ?",
                rs -> new Held(rs.getLong(1), rs.getLong(2), rs.getLong(3)), u.messageId());
        if (message.isEmpty()) return Optional.empty(); // erased (by a version 4 node): swept soon
        Held m = message.get();
        if (m.from() != readerId && m.to() != readerId) return Optional.empty();
        long peer = m.from() == readerId ? m.to() : m.from();
        boolean inCopy = c.exists("SELECT 1 FROM chats WHERE owner_id = ? AND peer_id = ? AND start_seq <= ?", readerId, peer, m.seq());
        if (!inCopy) return Optional.empty();
        boolean hidden = c.exists("SELECT 1 FROM hidden_messages WHERE owner_id = ? AND message_id = ?", readerId, u.messageId());
        return hidden ? Optional.empty() : found;
    }

    public static List<Upload> sweepable(Sql c, long createdBefore, int limit) throws SQLException {
        List<Upload> out = new ArrayList<>(c.list("SELECT " + COLUMNS + " FROM uploads u WHERE u.message_id IS NULL AND u.created_at < ?"
                + " ORDER BY u.created_at LIMIT ?", UploadRows::upload, createdBefore, limit));
        if (out.size() < limit) {
            out.addAll(c.list("SELECT " + COLUMNS + " FROM uploads u WHERE u.message_id IS NOT NULL"
                    + " AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = u.message_id) LIMIT ?", UploadRows::upload, limit - out.size()));
        }
        return out;
    }

    public static boolean delete(Sql c, String id) throws SQLException {
        // Never one that a (still existing) message holds: a send may have claimed it since it was found sweepable.
        return c.update("DELETE FROM uploads WHERE id = ? AND (message_id IS NULL"
                + " OR NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = uploads.message_id))", id) > 0;
    }

    public static List<String> existing(Sql c, List<String> ids) throws SQLException {
        if (ids.isEmpty()) return List.of();
        List<Object> args = padded(ids);
        return c.list("SELECT u.id FROM uploads u WHERE u.id IN (" + placeholders(args.size()) + ")", rs -> rs.getString(1), args.toArray());
    }

    public static List<String> eraseOfMessage(Sql c, long messageId) throws SQLException {
        List<String> ids = c.list("SELECT id FROM uploads WHERE message_id = ?", rs -> rs.getString(1), messageId);
        if (!ids.isEmpty()) c.update("DELETE FROM uploads WHERE message_id = ?", messageId);
        return ids;
    }

    /** Before the pair's messages below {@code keepFrom} are erased: their uploads' rows go too. */
    public static List<String> eraseBelow(Sql c, Pair pair, long keepFrom) throws SQLException {
        List<String> ids = c.list("SELECT u.id FROM messages m JOIN uploads u ON u.message_id = m.id"
                + " WHERE m.lo = ? AND m.hi = ? AND m.seq < ?", rs -> rs.getString(1), pair.lo(), pair.hi(), keepFrom);
        if (!ids.isEmpty()) {
            c.update("DELETE FROM uploads WHERE message_id IN (SELECT id FROM messages WHERE lo = ? AND hi = ? AND seq < ?)",
                    pair.lo(), pair.hi(), keepFrom);
        }
        return ids;
    }

    /**
     * Whether every attachment of {@code m} is still its sender's pending upload: checked before the
     * message writes anything, so a refused message leaves nothing behind. {@code forUpdate} locks
     * the rows (PostgreSQL, where another node's send could claim them meanwhile).
     */
    public static boolean claimable(Sql c, NewMessage m, boolean forUpdate) throws SQLException {
        List<String> ids = m.attachments().stream().map(Attachment::id).toList();
        List<Object> args = padded(ids);
        List<Object> all = new ArrayList<>(args);
        all.add(m.from());
        List<String> found = c.list("SELECT id FROM uploads WHERE id IN (" + placeholders(args.size()) + ")"
                + " AND owner_id = ? AND message_id IS NULL AND kind <> 'uploading'" + (forUpdate ? " FOR UPDATE" : ""), rs -> rs.getString(1), all.toArray());
        return found.stream().distinct().count() == ids.size();
    }

    /** Gives the (claimable) attachments of {@code m} to the stored message {@code messageId}, in order. */
    public static void claim(Sql c, long messageId, NewMessage m) throws SQLException {
        int position = 0;
        for (Attachment a : m.attachments()) {
            c.update("UPDATE uploads SET message_id = ?, position = ? WHERE id = ?", messageId, position++, a.id());
        }
    }

    /** The messages with their attachments: one query when there are messages, none otherwise. */
    public static List<Message> withAttachments(Sql c, List<Message> messages) throws SQLException {
        if (messages.isEmpty()) return messages;
        Map<Long, List<Attachment>> byMessage = new HashMap<>();
        List<Long> ids = messages.stream().map(Message::id).distinct().toList();
        for (int from = 0; from < ids.size(); from += 256) {
            List<Long> part = ids.subList(from, Math.min(ids.size(), from + 256));
            List<Object> args = padded(part);
            c.list("SELECT u.message_id, u.position, " + COLUMNS
                            + " FROM uploads u WHERE u.message_id IN (" + placeholders(args.size()) + ") ORDER BY u.message_id, u.position",
                    rs -> {
                        byMessage.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(attachment(rs));
                        return null;
                    }, args.toArray());
        }
        if (byMessage.isEmpty()) return messages;
        List<Message> out = new ArrayList<>(messages.size());
        for (Message m : messages) {
            List<Attachment> list = byMessage.get(m.id());
            out.add(list == null ? m : m.withAttachments(list));
        }
        return out;
    }

    /** One message with its attachments. */
    public static Message withAttachments(Sql c, Message m) throws SQLException {
        return withAttachments(c, List.of(m)).getFirst();
    }

    /** Chat boxes whose last messages carry their attachments (one query for them all). */
    public static List<ChatBox> chatsWithAttachments(Sql c, List<ChatBox> chats) throws SQLException {
        List<Message> last = chats.stream().map(ChatBox::lastMessage).filter(java.util.Objects::nonNull).toList();
        if (last.isEmpty()) return chats;
        Map<Long, Message> full = new HashMap<>();
        for (Message m : withAttachments(c, last)) full.put(m.id(), m);
        List<ChatBox> out = new ArrayList<>(chats.size());
        for (ChatBox b : chats) {
            Message m = b.lastMessage() == null ? null : full.get(b.lastMessage().id());
            out.add(m == null || m.attachments().isEmpty() ? b : new ChatBox(b.ownerId(), b.peer(), b.unread(), m, b.updatedAt(),
                    b.readMark(), b.peerReadMark(), b.peerIsContact(), b.peerLastSeen(), b.settings()));
        }
        return out;
    }

    /** One chat box (or null) as {@link #chatsWithAttachments}. */
    public static ChatBox chatWithAttachments(Sql c, ChatBox chat) throws SQLException {
        return chat == null ? null : chatsWithAttachments(c, List.of(chat)).getFirst();
    }
}
