package app.duet.storage.jdbc;

import app.duet.model.Pair;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A chat box's unread count, kept in its row ({@code chats.unread}, schema version 3,
 * docs/decisions/0010) so that listing chat boxes costs the same for 5 or 5M unread messages. The
 * rule it keeps is the contract's: the peer's messages in the owner's copy with a seq above the
 * owner's read mark. Both adapters keep it in the transactions that change it:
 * <ul>
 *   <li>storing a message: the recipient's box + 1, the sender's + 0; a box the message creates
 *       starts at that (1 or 0);</li>
 *   <li>moving the read mark: {@link #afterRead}, which counts whichever range is shorter, the
 *       messages just read or those still unread, so a read costs at most what it reads and
 *       reading to the end costs nothing;</li>
 *   <li>creating an empty box: 0; deleting a box removes its row and leaves the peer's alone.</li>
 * </ul>
 *
 * <p>Beside the count, a box records what it was counted against: {@code unread_seq}, the pair's
 * last seq, and {@code unread_mark}, the read mark. A node of schema version 2 (still running
 * during a rolling upgrade) stores messages and moves marks without knowing the counter; the box
 * then no longer matches its stamps, and until a write of this version makes it right again
 * ({@link Box#isCurrent}), the count is made the old way, by counting. So the count is never wrong,
 * only slower for boxes that an old node touched last.
 */
public final class UnreadCounter {
    private UnreadCounter() { }

    /** The columns of {@code chats} that {@link #box} reads. */
    public static final String BOX_COLUMNS = "start_seq, read_mark, unread, unread_seq, unread_mark";

    /** A chat box as the counter sees it. */
    public record Box(long startSeq, long readMark, long unread, long unreadSeq, long unreadMark) {
        /** Whether {@code unread} was counted against this read mark and the pair's last seq now. */
        public boolean isCurrent(long lastSeq) {
            return unreadSeq == lastSeq && unreadMark == readMark;
        }
    }

    /** Reads {@link #BOX_COLUMNS}. */
    public static Box box(ResultSet rs) throws SQLException {
        return new Box(rs.getLong("start_seq"), rs.getLong("read_mark"), rs.getLong("unread"), rs.getLong("unread_seq"),
                rs.getLong("unread_mark"));
    }

    /**
     * The box's unread count once its read mark moves up to {@code target}, in the transaction that
     * moves it, with the pair's seq not moving meanwhile (SQLite's one writer, PostgreSQL's pair lock).
     *
     * @param target  the new read mark: above the box's, at most {@code lastSeq}
     * @param lastSeq the pair's last seq
     */
    public static long afterRead(Sql c, Pair pair, long peerId, Box box, long target, long lastSeq) throws SQLException {
        long copyFrom = box.startSeq() - 1; // the copy holds seq > copyFrom
        long readFrom = Math.max(box.readMark(), copyFrom);
        if (box.isCurrent(lastSeq) && target - readFrom <= lastSeq - target) {
            return box.unread() - peerMessages(c, pair, peerId, readFrom, target);
        }
        return peerMessages(c, pair, peerId, Math.max(target, copyFrom), lastSeq);
    }

    /**
     * The peer's messages with {@code above < seq <= upTo} that the owner did not delete for
     * themselves (schema version 5): one range of the index on (lo, hi, seq).
     */
    private static long peerMessages(Sql c, Pair pair, long peerId, long above, long upTo) throws SQLException {
        if (upTo <= above) return 0;
        long ownerId = pair.lo() == peerId ? pair.hi() : pair.lo();
        return c.one("SELECT COUNT(*) FROM messages WHERE lo = ? AND hi = ? AND seq > ? AND seq <= ? AND from_id = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.owner_id = ? AND h.message_id = messages.id)",
                rs -> rs.getLong(1), pair.lo(), pair.hi(), above, upTo, peerId, ownerId).orElse(0L);
    }
}
