package app.duet.storage.jdbc;

import app.duet.model.Message;
import app.duet.model.Pair;
import app.duet.storage.MessageHits;
import app.duet.storage.SearchText;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Message search, one body for both adapters (each says how its index is asked: {@link Dialect}).
 *
 * <p>Why it is shaped so. The full-text index (SQLite FTS5 trigram, PostgreSQL pg_trgm) covers
 * every message of every pair; what a user may see is their boxes' copies. So a search takes the
 * index's hits newest first (message ids grow with time, and within a pair with seq), at most
 * {@link SearchText#CANDIDATES} of them below the cursor, and keeps those in one of the caller's
 * copies: in a box of theirs, at or after its start, not hidden (delete-for-me), not erased
 * (a recalled text is empty, so no index has it). One statement does both, reading the hits in
 * the index's order and stopping at a full page; a page that ran out of hits before it was full
 * then asks how many were looked at, so it is known as cut, and its cursor goes on below the last
 * one looked at. Texts the index cannot answer (1 or 2 characters)
 * and chats small enough ({@link SearchText#SCAN_ROWS}) are scanned instead, newest first, at most
 * that many rows a page. Every hit is checked again as sent, since the databases match the text
 * as stored (escaped on PostgreSQL) and LIKE folds less than the index.
 */
public final class MessageSearch {

    /** What differs between the adapters. */
    public interface Dialect {
        /**
         * A statement's text (no WITH) yielding column {@code id}: the index's hits for {@code text},
         * with id in [{@code ?}, {@code ?}), newest first, at most {@code ?}; and its arguments for
         * {@code text}, to be followed by the id bounds and the limit.
         */
        String indexedIds();

        Object indexArgument(String text);

        /**
         * How the candidates join the messages: SQLite's {@code CROSS JOIN} keeps the candidates the
         * outer loop (else, in one chat, its planner may scan the whole pair and probe them).
         */
        String candidateJoin();

        /** A condition on {@code m.text} that every row containing {@code text} meets (more may). */
        String scanCondition(int spellings);

        List<Object> scanArguments(String text);

        int maxSpellings();

        Message message(ResultSet rs) throws SQLException;
    }

    private static final String HIT_COLUMNS = MessageEdits.MESSAGE_COLUMNS; // what every adapter reads a message row by
    private static final String NOT_HIDDEN =
            " AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.owner_id = ? AND h.message_id = m.id)";

    private final Dialect dialect;

    public MessageSearch(Dialect dialect) {
        this.dialect = dialect;
    }

    // ---------------------------------------------------------------- one chat

    /**
     * The owner's copy of the chat with {@code peerId}, seq below {@code beforeSeq} (if given).
     * @return empty if the owner has no box with that peer
     */
    public Optional<MessageHits> inChat(Sql c, long ownerId, long peerId, String text, Long beforeSeq, int limit)
            throws SQLException {
        Optional<Long> start = c.one("SELECT start_seq FROM chats WHERE owner_id = ? AND peer_id = ?",
                rs -> rs.getLong(1), ownerId, peerId);
        if (start.isEmpty()) return Optional.empty();
        Pair pair = Pair.of(ownerId, peerId);
        long lastSeq = c.one("SELECT last_seq FROM pairs WHERE lo = ? AND hi = ?", rs -> rs.getLong(1), pair.lo(), pair.hi())
                .orElse(0L);
        long top = beforeSeq == null ? lastSeq : Math.min(lastSeq, beforeSeq - 1); // highest seq in reach
        long from = start.get();
        if (top < from) return Optional.of(new MessageHits(List.of(), false, null, false));
        long span = top - from + 1;
        if (span <= SearchText.SCAN_ROWS || !SearchText.indexable(text)) {
            return Optional.of(withFiles(c, scanChat(c, ownerId, pair, text, from, top, limit)));
        }
        return Optional.of(withFiles(c, indexedChat(c, ownerId, pair, text, from, top, limit)));
    }

    /** The hits with their pictures and files (a caption found shows as a photo's): one read for the page. */
    private static MessageHits withFiles(Sql c, MessageHits hits) throws SQLException {
        if (hits.messages().isEmpty()) return hits;
        return new MessageHits(UploadRows.withAttachments(c, hits.messages()), hits.hasMore(), hits.next(), hits.cut());
    }

    /** Seqs [max(from, top - SCAN_ROWS + 1), top] of the pair, newest first. */
    private MessageHits scanChat(Sql c, long ownerId, Pair pair, String text, long from, long top, int limit)
            throws SQLException {
        long lowest = Math.max(from, top - SearchText.SCAN_ROWS + 1);
        List<Object> args = new ArrayList<>(List.of(pair.lo(), pair.hi(), lowest, top, ownerId));
        List<Object> scan = dialect.scanArguments(text);
        args.addAll(scan);
        args.add(limit + 1);
        List<Message> rows = c.list("SELECT " + HIT_COLUMNS + " FROM messages m WHERE m.lo = ? AND m.hi = ? AND m.seq >= ? AND m.seq <= ?"
                        + NOT_HIDDEN + " AND " + dialect.scanCondition(scan.size()) + " ORDER BY m.seq DESC LIMIT ?",
                dialect::message, args.toArray());
        boolean full = rows.size() > limit;
        List<Message> page = asSent(full ? rows.subList(0, limit) : rows, text);
        if (full) return new MessageHits(page, true, rows.get(limit - 1).seq(), false);
        if (lowest > from) return new MessageHits(page, true, lowest, true);
        return new MessageHits(page, false, null, false);
    }

    private MessageHits indexedChat(Sql c, long ownerId, Pair pair, String text, long from, long top, int limit)
            throws SQLException {
        // Within a pair ids grow with seq, so the copy's seqs [from, top] are the ids [idFrom, idTop];
        // other pairs' messages between those ids still count as candidates.
        long idTop = idAt(c, pair, top, false);
        long idFrom = idAt(c, pair, from, true);
        Found found = candidates(c, text, idFrom, idTop + 1,
                " WHERE m.lo = ? AND m.hi = ? AND m.seq >= ? AND m.seq <= ?" + NOT_HIDDEN,
                List.of(pair.lo(), pair.hi(), from, top, ownerId), limit);
        boolean full = found.hits.size() > limit;
        List<Message> page = asSent(full ? found.hits.subList(0, limit) : found.hits, text);
        if (full) return new MessageHits(page, true, found.hits.get(limit - 1).seq(), false);
        if (found.looked < SearchText.CANDIDATES) return new MessageHits(page, false, null, false);
        // Cut: every hit with id >= lowest was looked at; go on from the first seq with such an id.
        long next = firstSeqWithIdAtLeast(c, pair, from, top, found.lowest);
        return new MessageHits(page, next > from, next > from ? next : null, true);
    }

    /** The id of the pair's message at {@code seq}, or (none there) the nearest above ({@code up}) or below. */
    private static long idAt(Sql c, Pair pair, long seq, boolean up) throws SQLException {
        String sql = up
                ? "SELECT id FROM messages WHERE lo = ? AND hi = ? AND seq >= ? ORDER BY seq ASC LIMIT 1"
                : "SELECT id FROM messages WHERE lo = ? AND hi = ? AND seq <= ? ORDER BY seq DESC LIMIT 1";
        return c.one(sql, rs -> rs.getLong(1), pair.lo(), pair.hi(), seq).orElse(up ? Long.MAX_VALUE : 0L);
    }

    /** Binary search on the pair's seqs (ids grow with them): the smallest in [from, top] whose id is >= {@code id}. */
    private static long firstSeqWithIdAtLeast(Sql c, Pair pair, long from, long top, long id) throws SQLException {
        long lo = from, hi = top + 1;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (idAt(c, pair, mid, true) >= id) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    // ---------------------------------------------------------------- all chats

    /** Every copy of the owner's, message ids below {@code beforeId} (if given). */
    public MessageHits inAllChats(Sql c, long ownerId, String text, Long beforeId, int limit) throws SQLException {
        return withFiles(c, allChats(c, ownerId, text, beforeId, limit));
    }

    private MessageHits allChats(Sql c, long ownerId, String text, Long beforeId, int limit) throws SQLException {
        long below = beforeId == null ? Long.MAX_VALUE : beforeId;
        String filter = " JOIN chats c ON c.owner_id = ? AND c.peer_id = CASE WHEN m.lo = ? THEN m.hi ELSE m.lo END"
                + " WHERE (m.lo = ? OR m.hi = ?) AND m.seq >= c.start_seq" + NOT_HIDDEN;
        List<Object> filterArgs = List.of(ownerId, ownerId, ownerId, ownerId, ownerId);
        Found found;
        int bound;
        if (SearchText.indexable(text)) {
            found = candidates(c, text, 0, below, filter, filterArgs, limit);
            bound = SearchText.CANDIDATES;
        } else {
            found = scanned(c, text, below, filter, filterArgs, limit);
            bound = SearchText.SCAN_ROWS;
        }
        boolean full = found.hits.size() > limit;
        List<Message> page = asSent(full ? found.hits.subList(0, limit) : found.hits, text);
        if (full) return new MessageHits(page, true, found.hits.get(limit - 1).id(), false);
        if (found.looked < bound) return new MessageHits(page, false, null, false);
        return new MessageHits(page, found.lowest > 1, found.lowest > 1 ? found.lowest : null, true);
    }

    // ---------------------------------------------------------------- the statements

    /** The hits (newest first, at most limit + 1), how many rows were looked at, and the lowest id of those. */
    private record Found(List<Message> hits, long looked, long lowest) { }

    private Found candidates(Sql c, String text, long idFrom, long idBelow, String filter, List<Object> filterArgs, int limit)
            throws SQLException {
        List<Object> args = new ArrayList<>();
        args.add(dialect.indexArgument(text));
        args.add(idFrom);
        args.add(idBelow);
        args.add(SearchText.CANDIDATES);
        return run(c, dialect.indexedIds(), args, "", List.of(), filter, filterArgs, limit);
    }

    private Found scanned(Sql c, String text, long idBelow, String filter, List<Object> filterArgs, int limit)
            throws SQLException {
        List<Object> scan = dialect.scanArguments(text);
        return run(c, "SELECT id FROM messages WHERE id < ? ORDER BY id DESC LIMIT ?", List.of(idBelow, SearchText.SCAN_ROWS),
                " AND " + dialect.scanCondition(scan.size()), scan, filter, filterArgs, limit);
    }

    /**
     * The hits among the candidates f, newest first: f is read in its own order (newest first) and
     * the statement stops at {@code limit + 1} hits, so a common text costs only the candidates up
     * to the page's last hit. Only a page that is not full asks how many candidates there were
     * and the lowest id among them (the index is asked again: cheap, as that text was rare).
     */
    private Found run(Sql c, String candidates, List<Object> candidateArgs, String textCondition, List<Object> textArgs,
                      String filter, List<Object> filterArgs, int limit) throws SQLException {
        List<Object> args = new ArrayList<>(candidateArgs);
        args.addAll(filterArgs);
        args.addAll(textArgs);
        args.add(limit + 1);
        List<Message> hits = new ArrayList<>(c.list("SELECT " + HIT_COLUMNS + " FROM (" + candidates + ") f " + dialect.candidateJoin() + " messages m ON m.id = f.id"
                + filter + textCondition + " ORDER BY f.id DESC LIMIT ?", dialect::message, args.toArray()));
        hits.sort(Comparator.comparingLong(Message::id).reversed());
        if (hits.size() > limit) return new Found(hits, 0, 0);
        long[] summary = c.one("SELECT COUNT(*), COALESCE(MIN(f.id), 0) FROM (" + candidates + ") f",
                rs -> new long[]{rs.getLong(1), rs.getLong(2)}, candidateArgs.toArray()).orElseThrow();
        return new Found(hits, summary[0], summary[1]);
    }

    /** The hits whose text as sent contains {@code text}, letter case folded (the database matched the stored text). */
    private static List<Message> asSent(List<Message> rows, String text) {
        return rows.stream().filter(m -> SearchText.contains(m.text(), text)).toList();
    }
}
