package app.duet.storage.jdbc;

import app.duet.model.Message;
import app.duet.model.Pair;
import app.duet.model.Quote;
import app.duet.storage.MessageEdit;
import app.duet.storage.MessageEdit.Change;
import app.duet.storage.MessageEdit.HideStatus;
import app.duet.storage.MessageEdit.Kind;
import app.duet.storage.MessageEdit.RecallStatus;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Replies, recall, delete for me and the change log (schema version 5), the same on SQLite and
 * PostgreSQL: each adapter runs these in its own transaction (PostgreSQL having locked the pair's
 * row first, as an append does), and passes how it reads stored text back ({@code unescape}:
 * PostgreSQL's text is escaped, decision 0008). The SQL here is common to both databases.
 *
 * <p>The model: a reply stores the seq it quotes ({@code messages.reply_to_seq}); what a reader
 * sees of the quoted message is worked out when it is read, for that reader ({@link Quote}). A
 * recall erases the text in place ({@code text = ''}, {@code recalled_at}). Delete for me is a row
 * of {@code hidden_messages}. Each recall and each deletion takes the pair's next change number
 * ({@code pairs.last_change}, under the same lock as its seq) and leaves a row in
 * {@code message_changes}, which a client that was away reads after its cursor.
 */
public final class MessageEdits {
    private MessageEdits() { }

    /** The message columns every adapter reads ({@code m} is the message), the edits' two included. */
    public static final String MESSAGE_COLUMNS = "m.id, m.seq, m.from_id, m.to_id, m.text, m.sent_at, m.client_id, m.reply_to_seq, m.recalled_at";

    /** Whether {@code owner} (a parameter) hid message {@code alias}: a condition to add with AND NOT. */
    public static String hiddenBy(String ownerExpr, String alias) {
        return "EXISTS (SELECT 1 FROM hidden_messages h WHERE h.owner_id = " + ownerExpr + " AND h.message_id = " + alias + ".id)";
    }

    /**
     * The quoted message beside each message of a page, for the owner ({@code ?}, the first
     * parameter of the join): {@code LEFT JOIN} on the same pair's {@code reply_to_seq}.
     */
    public static final String QUOTE_JOIN = " LEFT JOIN messages r ON r.lo = m.lo AND r.hi = m.hi AND r.seq = m.reply_to_seq";

    /** The columns {@link #quote} reads; the hidden test takes the owner as a parameter. */
    public static final String QUOTE_COLUMNS = ", r.id AS r_id, r.from_id AS r_from, r.text AS r_text, r.recalled_at AS r_recalled, "
            + hiddenBy("?", "r") + " AS r_hidden";

    /** A message row of {@link #MESSAGE_COLUMNS}; a reply's quote is {@link Quote#unresolved} until resolved. */
    public static Message message(ResultSet rs, UnaryOperator<String> unescape) throws SQLException {
        long replyTo = rs.getLong("reply_to_seq");
        Quote quote = rs.wasNull() ? null : Quote.unresolved(replyTo);
        long recalled = rs.getLong("recalled_at");
        Long recalledAt = rs.wasNull() ? null : recalled;
        return new Message(rs.getLong("id"), rs.getLong("seq"), rs.getLong("from_id"), rs.getLong("to_id"),
                unescape.apply(rs.getString("text")), rs.getLong("sent_at"), rs.getString("client_id"), recalledAt, quote);
    }

    /** A message row with its {@link #QUOTE_COLUMNS}, the quote as seen by an owner whose copy starts at {@code startSeq}. */
    public static Message withQuote(ResultSet rs, long startSeq, UnaryOperator<String> unescape) throws SQLException {
        Message m = message(rs, unescape);
        if (m.replyTo() == null) return m;
        rs.getLong("r_id");
        if (rs.wasNull()) return m.withReplyTo(Quote.missing(m.replyTo().seq()));
        rs.getLong("r_recalled");
        boolean recalled = !rs.wasNull();
        return m.withReplyTo(quote(m.replyTo().seq(), rs.getLong("r_from"), unescape.apply(rs.getString("r_text")),
                recalled, rs.getBoolean("r_hidden") || m.replyTo().seq() < startSeq));
    }

    private static Quote quote(long seq, long from, String text, boolean recalled, boolean missing) {
        if (missing) return Quote.missing(seq);
        if (recalled) return Quote.recalled(seq, from);
        return Quote.shown(seq, from, text);
    }

    /** Resolves one message's quote for {@code ownerId} (whose box is with {@code peerId}): one read, only for a reply. */
    public static Message resolve(Sql c, long ownerId, long peerId, Message m, UnaryOperator<String> unescape) throws SQLException {
        if (m.replyTo() == null || m.replyTo().state() != Quote.State.UNRESOLVED) return m;
        Pair pair = Pair.of(ownerId, peerId);
        long seq = m.replyTo().seq();
        Optional<Quote> q = c.one("SELECT r.from_id, r.text, r.recalled_at, " + hiddenBy("?", "r") + " AS hidden,"
                        + " (SELECT start_seq FROM chats WHERE owner_id = ? AND peer_id = ?) AS start_seq"
                        + " FROM messages r WHERE r.lo = ? AND r.hi = ? AND r.seq = ?",
                rs -> {
                    long start = rs.getLong("start_seq");
                    boolean noBox = rs.wasNull();
                    rs.getLong("recalled_at");
                    boolean recalled = !rs.wasNull();
                    return quote(seq, rs.getLong("from_id"), unescape.apply(rs.getString("text")), recalled,
                            noBox || seq < start || rs.getBoolean("hidden"));
                }, ownerId, ownerId, peerId, pair.lo(), pair.hi(), seq);
        return m.withReplyTo(q.orElse(Quote.missing(seq)));
    }

    /** What a reply quotes, for its sender and for its recipient; empty if the sender may not quote it. */
    public record Quotes(Quote forSender, Quote forRecipient) { }

    /**
     * Checks a reply inside the append's transaction, before anything is written: {@code replyTo}
     * must be a message of the sender's copy (at or after their box's start, not deleted for them)
     * that is not recalled. One read, made only for a reply: a plain send runs no statement more.
     */
    public static Optional<Quotes> checkReply(Sql c, long from, long to, long replyTo, UnaryOperator<String> unescape)
            throws SQLException {
        Pair pair = Pair.of(from, to);
        return c.one("SELECT r.from_id, r.text, r.recalled_at, r.seq,"
                        + " (SELECT start_seq FROM chats WHERE owner_id = ? AND peer_id = ?) AS peer_start, "
                        + hiddenBy("?", "r") + " AS peer_hidden"
                        + " FROM messages r JOIN chats c ON c.owner_id = ? AND c.peer_id = ?"
                        + " WHERE r.lo = ? AND r.hi = ? AND r.seq = ? AND r.seq >= c.start_seq AND r.recalled_at IS NULL"
                        + " AND NOT " + hiddenBy("?", "r"),
                rs -> {
                    Quote shown = Quote.shown(replyTo, rs.getLong("from_id"), unescape.apply(rs.getString("text")));
                    long peerStart = rs.getLong("peer_start");
                    boolean noBox = rs.wasNull(); // the recipient's box is made by this message: it starts after
                    boolean missing = noBox || replyTo < peerStart || rs.getBoolean("peer_hidden");
                    return new Quotes(shown, missing ? Quote.missing(replyTo) : shown);
                }, to, from, to, from, to, pair.lo(), pair.hi(), replyTo, from);
    }

    /** The caller's box's start, if they have the box. */
    private static Optional<Long> startOf(Sql c, long ownerId, long peerId) throws SQLException {
        return c.one("SELECT start_seq FROM chats WHERE owner_id = ? AND peer_id = ?", rs -> rs.getLong(1), ownerId, peerId);
    }

    /** Message {@code seq} of the owner's copy (at or after {@code startSeq}, not hidden by them), if there. */
    private static Optional<Message> inCopy(Sql c, long ownerId, Pair pair, long startSeq, long seq, UnaryOperator<String> unescape)
            throws SQLException {
        if (seq < startSeq) return Optional.empty();
        return c.one("SELECT " + MESSAGE_COLUMNS + " FROM messages m WHERE m.lo = ? AND m.hi = ? AND m.seq = ? AND NOT "
                + hiddenBy("?", "m"), rs -> message(rs, unescape), pair.lo(), pair.hi(), seq, ownerId);
    }

    /** Takes the pair's next change number and records the change. */
    private static long recordChange(Sql c, Pair pair, long seq, Kind kind, Long ownerId, long now) throws SQLException {
        long change = c.returningLong("UPDATE pairs SET last_change = last_change + 1 WHERE lo = ? AND hi = ? RETURNING last_change",
                pair.lo(), pair.hi());
        c.update("INSERT INTO message_changes (lo, hi, change_seq, seq, kind, owner_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                pair.lo(), pair.hi(), change, seq, kind.name().toLowerCase(java.util.Locale.ROOT), ownerId, now);
        return change;
    }

    /** {@link app.duet.storage.Store#recallMessage}, in the caller's write transaction. */
    public static Optional<MessageEdit.Recall> recall(Sql c, long senderId, long peerId, long seq, long now, long sentNoEarlierThan,
                                                       UnaryOperator<String> unescape) throws SQLException {
        Optional<Long> start = startOf(c, senderId, peerId);
        if (start.isEmpty()) return Optional.empty();
        Pair pair = Pair.of(senderId, peerId);
        Optional<Message> found = inCopy(c, senderId, pair, start.get(), seq, unescape);
        if (found.isEmpty()) return Optional.of(new MessageEdit.Recall(RecallStatus.NO_SUCH_MESSAGE, null, 0));
        Message m = found.get().withReplyTo(null); // a recalled message shows nothing of what it quoted
        if (m.from() != senderId) return Optional.of(new MessageEdit.Recall(RecallStatus.NOT_SENDER, null, 0));
        if (m.recalled()) return Optional.of(new MessageEdit.Recall(RecallStatus.ALREADY_RECALLED, m, 0));
        if (m.sentAt() < sentNoEarlierThan) return Optional.of(new MessageEdit.Recall(RecallStatus.TOO_LATE, null, 0));
        c.update("UPDATE messages SET text = '', recalled_at = ? WHERE id = ?", now, m.id());
        List<String> erasedFiles = UploadRows.eraseOfMessage(c, m.id()); // its files go in the same transaction
        long change = recordChange(c, pair, seq, Kind.RECALLED, null, now);
        Message recalled = new Message(m.id(), m.seq(), m.from(), m.to(), "", m.sentAt(), m.clientId(), now, null);
        return Optional.of(new MessageEdit.Recall(RecallStatus.RECALLED, recalled, change, erasedFiles));
    }

    /** {@link app.duet.storage.Store#hideMessage}, in the caller's write transaction; the adapter adds the box. */
    public static Optional<MessageEdit.Hide> hide(Sql c, long ownerId, long peerId, long seq, long now, UnaryOperator<String> unescape)
            throws SQLException {
        Optional<UnreadCounter.Box> box = c.one("SELECT " + UnreadCounter.BOX_COLUMNS + " FROM chats WHERE owner_id = ? AND peer_id = ?",
                UnreadCounter::box, ownerId, peerId);
        if (box.isEmpty()) return Optional.empty();
        Pair pair = Pair.of(ownerId, peerId);
        Optional<Message> found = seq < box.get().startSeq() ? Optional.empty()
                : c.one("SELECT " + MESSAGE_COLUMNS + " FROM messages m WHERE m.lo = ? AND m.hi = ? AND m.seq = ?",
                        rs -> message(rs, unescape), pair.lo(), pair.hi(), seq);
        if (found.isEmpty()) return Optional.of(new MessageEdit.Hide(HideStatus.NO_SUCH_MESSAGE, seq, 0, null));
        Message m = found.get();
        if (c.update("INSERT INTO hidden_messages (owner_id, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING", ownerId, m.id()) == 0) {
            return Optional.of(new MessageEdit.Hide(HideStatus.ALREADY_HIDDEN, seq, 0, null));
        }
        // The unread counter (decision 0010) counts the peer's messages of the copy above the read
        // mark; one of them leaves the copy. A counter that is not current is counted again when
        // read, leaving hidden messages out, so it is left alone.
        long lastSeq = c.one("SELECT last_seq FROM pairs WHERE lo = ? AND hi = ?", rs -> rs.getLong(1), pair.lo(), pair.hi()).orElse(0L);
        UnreadCounter.Box b = box.get();
        if (m.from() == peerId && m.seq() > Math.max(b.readMark(), b.startSeq() - 1) && b.isCurrent(lastSeq) && b.unread() > 0) {
            c.update("UPDATE chats SET unread = unread - 1 WHERE owner_id = ? AND peer_id = ?", ownerId, peerId);
        }
        long change = recordChange(c, pair, seq, Kind.HIDDEN, ownerId, now);
        return Optional.of(new MessageEdit.Hide(HideStatus.HIDDEN, seq, change, null));
    }

    /** {@link app.duet.storage.Store#changes}, in the caller's read transaction. */
    public static Optional<MessageEdit.ChangesPage> changes(Sql c, long ownerId, long peerId, long after, int limit,
                                                             UnaryOperator<String> unescape) throws SQLException {
        Optional<Long> start = startOf(c, ownerId, peerId);
        if (start.isEmpty()) return Optional.empty();
        Pair pair = Pair.of(ownerId, peerId);
        // The pair's last change first: a change committed between the two reads is then at most
        // read twice (once more after this cursor), never skipped.
        long last = c.one("SELECT last_change FROM pairs WHERE lo = ? AND hi = ?", rs -> rs.getLong(1), pair.lo(), pair.hi()).orElse(0L);
        List<Change> rows = c.list("SELECT x.change_seq, x.kind, x.seq AS change_of, " + MESSAGE_COLUMNS
                        + " FROM message_changes x LEFT JOIN messages m ON m.lo = x.lo AND m.hi = x.hi AND m.seq = x.seq"
                        + " WHERE x.lo = ? AND x.hi = ? AND x.change_seq > ? AND x.seq >= ? AND (x.owner_id IS NULL OR x.owner_id = ?)"
                        + " ORDER BY x.change_seq LIMIT ?",
                rs -> {
                    Kind kind = Kind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT));
                    rs.getLong("id");
                    Message m = rs.wasNull() || kind != Kind.RECALLED ? null : message(rs, unescape).withReplyTo(null);
                    return new Change(rs.getLong("change_seq"), kind, rs.getLong("change_of"), m);
                }, pair.lo(), pair.hi(), after, start.get(), ownerId, limit + 1);
        boolean hasMore = rows.size() > limit;
        List<Change> page = new ArrayList<>(hasMore ? rows.subList(0, limit) : rows);
        long cursor = hasMore ? page.getLast().change() : Math.max(last, page.isEmpty() ? 0 : page.getLast().change());
        return Optional.of(new MessageEdit.ChangesPage(page, cursor, hasMore));
    }

    /**
     * Deleting a chat box erases the messages no remaining copy holds (below {@code keepFrom}):
     * first what refers to them, the hidden rows (of the pair's two users) and their change records.
     * The box's owner's own hidden rows go too: their copy is gone.
     */
    public static void forgetErased(Sql c, long ownerId, Pair pair, long keepFrom) throws SQLException {
        c.update("DELETE FROM hidden_messages WHERE owner_id = ? AND message_id IN (SELECT id FROM messages WHERE lo = ? AND hi = ?)",
                ownerId, pair.lo(), pair.hi());
        long other = ownerId == pair.lo() ? pair.hi() : pair.lo();
        c.update("DELETE FROM hidden_messages WHERE owner_id = ? AND message_id IN (SELECT id FROM messages WHERE lo = ? AND hi = ? AND seq < ?)",
                other, pair.lo(), pair.hi(), keepFrom);
        c.update("DELETE FROM message_changes WHERE lo = ? AND hi = ? AND (seq < ? OR owner_id = ?)", pair.lo(), pair.hi(), keepFrom, ownerId);
    }
}
