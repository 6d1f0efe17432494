package app.duet.storage.sqlite;

import app.duet.storage.AppendOutcome;
import app.duet.model.ChatBox;
import app.duet.model.ChatSettings;
import app.duet.storage.Credentials;
import app.duet.storage.DuplicateKeyException;
import app.duet.storage.HistoryPage;
import app.duet.storage.HistoryQuery;
import app.duet.storage.jdbc.JdbcStore;
import app.duet.storage.jdbc.Sql;
import app.duet.storage.jdbc.UploadRows;
import app.duet.model.Message;
import app.duet.storage.jdbc.Migrations;
import app.duet.storage.jdbc.MessageEdits;
import app.duet.storage.jdbc.MessageSearch;
import app.duet.storage.MessageHits;
import app.duet.storage.SearchText;
import app.duet.storage.jdbc.UnreadCounter;
import app.duet.storage.MessageEdit;
import app.duet.storage.NewMessage;
import app.duet.model.Pair;
import app.duet.storage.ReadOutcome;
import app.duet.storage.StorageException;
import app.duet.model.StoredSession;
import app.duet.model.User;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The embedded adapter: one SQLite file in WAL mode with {@code synchronous=FULL}, so a
 * committed transaction survives a crash or power cut.
 *
 * <p>One writer connection, used under a lock (SQLite admits one writer at a time, so waiting
 * for the lock is cheaper than spinning on SQLITE_BUSY), whose transactions begin IMMEDIATE and
 * which keeps its prepared statements; and a pool of read-only connections that see the last
 * commit and never wait for the writer.
 */
public final class SqliteStore extends JdbcStore {
    private static final Duration CHECKPOINT_EVERY = Duration.ofMillis(500);
    static final Migrations MIGRATIONS = new Migrations("sqlite",
            List.of("V1__init.sql", "V2__session_ids.sql", "V3__unread_counter.sql", "V4__blocks_last_seen_chat_settings.sql",
                    "V5__message_edits.sql", "V6__attachments.sql", "V7__message_search.sql", "V8__user_admin.sql"));

    private final Connection writer;
    private final Sql writerSql;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final HikariDataSource readers;
    private final WalCheckpointer checkpointer;
    private final Map<SQLiteConnection, Sql> readerStatements = new ConcurrentHashMap<>();

    private SqliteStore(Connection writer, HikariDataSource readers, WalCheckpointer checkpointer) {
        this.writer = writer;
        this.writerSql = Sql.caching(writer);
        this.readers = readers;
        this.checkpointer = checkpointer;
    }

    /**
     * Opens (creating if needed) {@code duet.db} in {@code dataDir} and brings its schema up to date.
     * The folder is made private (0700) and the database files owner-only (0600): they hold every
     * message and the password hashes. A folder that cannot be made private is refused.
     */
    public static SqliteStore open(Path dataDir) {
        Path db = dataDir.resolve("duet.db");
        Privacy.prepare(dataDir, db);
        String url = "jdbc:sqlite:" + db.toAbsolutePath();
        Connection writer;
        try {
            writer = dataSource(url, false).getConnection();
        } catch (SQLException e) {
            throw new StorageException("cannot open the database " + url, e);
        }
        try {
            MIGRATIONS.migrate(writer);
            // opening in WAL mode created -wal and -shm with the mode of duet.db; older ones are fixed here
            Privacy.restrictDatabaseFiles(db);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(writer);
            if (e instanceof RuntimeException re) throw re;
            throw new StorageException("cannot migrate the database", e);
        }
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("duet-sqlite-readers");
        hc.setDataSource(dataSource(url, true));
        hc.setMaximumPoolSize(4);
        hc.setMinimumIdle(4);
        hc.setConnectionTimeout(30_000);
        hc.setReadOnly(true);
        hc.setMaxLifetime(0); // a local file: nothing to recycle, and each keeps its statements
        HikariDataSource readers = new HikariDataSource(hc);
        try {
            WalCheckpointer checkpointer = WalCheckpointer.start(dataSource(url, false).getConnection(), CHECKPOINT_EVERY);
            return new SqliteStore(writer, readers, checkpointer);
        } catch (SQLException e) {
            readers.close();
            closeQuietly(writer);
            throw new StorageException("cannot open the database " + url, e);
        }
    }

    private static SQLiteDataSource dataSource(String url, boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        config.setTransactionMode(readOnly ? SQLiteConfig.TransactionMode.DEFERRED : SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setReadOnly(readOnly);
        if (!readOnly) config.setWalAutocheckpoint(WalCheckpointer.WRITER_FALLBACK_PAGES);
        // Every statement that writes has a RETURNING clause where it needs a key; left on, the
        // driver runs a second query (last_insert_rowid) after every INSERT.
        config.setGetGeneratedKeys(false);
        // Pages the writer touches for every message (the recent end of each pair's history, every
        // box, the clientId index) are spread over the file; the default cache (2 MiB) let them go
        // to the page cache of the OS and come back by a read(2) each. Allocated as used.
        config.setCacheSize(readOnly ? -8 * 1024 : -64 * 1024);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing after a failure: the first error is the one to report
        }
    }

    // ---- plumbing

    /** One read transaction, so multi-statement reads see one snapshot (BEGIN as in {@link #write}). */
    @Override
    protected <T> T read(Work<T> work) {
        try (Connection c = readers.getConnection()) {
            Sql sql = statementsOf(c.unwrap(SQLiteConnection.class));
            sql.execute("BEGIN");
            try {
                return work.run(sql);
            } finally {
                sql.execute("ROLLBACK");
            }
        } catch (SQLException e) {
            throw StorageException.of("database read failed", e);
        }
    }

    /**
     * The reader connection's own prepared statements, kept as the writer keeps its: SQLite
     * compiles a statement in about as long as it takes to run a short one. Readers live as long as
     * the pool (no maximum lifetime); one the pool drops for a failure is forgotten here.
     */
    private Sql statementsOf(SQLiteConnection reader) {
        Sql sql = readerStatements.get(reader);
        if (sql != null) return sql;
        readerStatements.keySet().removeIf(SqliteStore::isClosed);
        return readerStatements.computeIfAbsent(reader, Sql::caching);
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /**
     * One write transaction (BEGIN IMMEDIATE) on the writer, committed when {@code work} returns.
     * BEGIN and COMMIT are plain statements on a connection left in auto-commit mode: the driver's
     * own transaction calls (setAutoCommit, commit) open and commit a second, empty transaction
     * after every one, a lock and an unlock of the database for nothing.
     */
    @Override
    protected <T> T write(Work<T> work) {
        writeLock.lock();
        try {
            if (writer.isClosed()) throw new StorageException("the database is closed", null);
            writerSql.execute("BEGIN IMMEDIATE");
            try {
                T result = work.run(writerSql);
                writerSql.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(e);
                throw e;
            }
        } catch (SQLException e) {
            if (e instanceof SQLiteException se && se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
                throw new DuplicateKeyException(se.getMessage());
            }
            throw StorageException.of("database write failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Ends a failed write transaction. SQLite rolls some failures back by itself (a full disk, an
     * I/O error); the ROLLBACK then fails with "no transaction is active", kept beside the cause.
     */
    private void rollback(Exception cause) {
        try {
            writerSql.execute("ROLLBACK");
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static final String MESSAGE_COLUMNS = MessageEdits.MESSAGE_COLUMNS;
    /** SQLite holds message text as sent. */
    private static final UnaryOperator<String> AS_STORED = UnaryOperator.identity();

    private static Message message(ResultSet rs) throws SQLException {
        return MessageEdits.message(rs, AS_STORED);
    }

    // ---- users and sessions

    @Override
    public User createUser(String username, String name, String passwordHash, long now) {
        return write(c -> {
            long id = c.returningLong("INSERT INTO users (username, name, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                    username, name, passwordHash, now);
            return new User(id, username, name);
        });
    }

    @Override
    public Optional<User> findUser(long id) {
        return read(c -> c.one("SELECT " + USER_COLUMNS + " FROM users u WHERE u.id = ?", JdbcStore::user, id));
    }

    @Override
    public Optional<Credentials> findCredentials(String username) {
        return read(c -> c.one("SELECT " + USER_COLUMNS + ", u.password_hash, u.disabled_at FROM users u WHERE u.username = ?",
                rs -> new Credentials(user(rs), rs.getString("password_hash"), rs.getObject("disabled_at") != null), username));
    }

    @Override
    public List<User> searchUsers(String prefix, long excludeUserId, int limit) {
        // A range scan on the unique index; usernames hold only characters below U+007F.
        return read(c -> c.list("SELECT " + USER_COLUMNS + " FROM users u WHERE u.username >= ? AND u.username < ? AND u.id <> ?"
                        + " ORDER BY u.username LIMIT ?",
                JdbcStore::user, prefix, prefix + '\u007f', excludeUserId, limit));
    }

    @Override
    public List<User> searchUsersByName(String text, long excludeUserId, int limit) {
        // A scan of the users (no index serves a substring): the service rate-limits it. GLOB with a
        // class per letter, as LIKE folds the case of ASCII letters only ("émile" finds "Émile").
        return read(c -> c.list("SELECT " + USER_COLUMNS + " FROM users u WHERE u.name GLOB ? AND u.id <> ?"
                        + " ORDER BY u.id LIMIT ?",
                JdbcStore::user, SearchText.globContaining(text), excludeUserId, limit));
    }

    @Override
    public Optional<User> renameUser(long userId, String name) {
        return write(c -> c.update("UPDATE users SET name = ? WHERE id = ?", name, userId) == 0 ? Optional.<User>empty()
                : c.one("SELECT " + USER_COLUMNS + " FROM users u WHERE u.id = ?", JdbcStore::user, userId));
    }

    @Override
    public List<String> changePassword(long userId, String passwordHash, String keepSessionId) {
        return write(c -> {
            c.update("UPDATE users SET password_hash = ? WHERE id = ?", passwordHash, userId);
            return deleteSessionsWhere(c, "user_id = ? AND id <> ?", userId, keepSessionId);
        });
    }

    @Override
    public void createSession(byte[] tokenHash, String id, long userId, String client, long now) {
        write(c -> c.update("INSERT INTO sessions (token_hash, id, user_id, client, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)",
                tokenHash, id, userId, client, now, now));
    }

    private static final String SESSION_COLUMNS = "s.id AS session_id, s.created_at, s.last_used_at, s.client, " + USER_COLUMNS;

    private static StoredSession session(ResultSet rs) throws SQLException {
        return new StoredSession(rs.getString("session_id"), user(rs), rs.getLong("created_at"), rs.getLong("last_used_at"),
                rs.getString("client"));
    }

    @Override
    public Optional<StoredSession> findSession(byte[] tokenHash) {
        return read(c -> c.one("SELECT " + SESSION_COLUMNS + " FROM sessions s JOIN users u ON u.id = s.user_id"
                + " WHERE s.token_hash = ? AND u.disabled_at IS NULL", SqliteStore::session, (Object) tokenHash)); // a disabled account has no live session
    }

    @Override
    public List<StoredSession> sessionsOf(long userId) {
        return read(c -> c.list("SELECT " + SESSION_COLUMNS + " FROM sessions s JOIN users u ON u.id = s.user_id"
                + " WHERE s.user_id = ? ORDER BY s.last_used_at DESC, s.created_at DESC, s.id", SqliteStore::session, userId));
    }

    @Override
    public void touchSession(String id, long now) {
        write(c -> c.update("UPDATE sessions SET last_used_at = max(last_used_at, ?) WHERE id = ?", now, id));
    }

    @Override
    public boolean deleteSession(long userId, String id) {
        return write(c -> c.update("DELETE FROM sessions WHERE user_id = ? AND id = ?", userId, id) > 0);
    }

    @Override
    public List<String> deleteOtherSessions(long userId, String keepId) {
        return write(c -> deleteSessionsWhere(c, "user_id = ? AND id <> ?", userId, keepId));
    }

    @Override
    public List<String> deleteExpiredSessions(long unusedBefore, long createdBefore) {
        return write(c -> deleteSessionsWhere(c, "last_used_at < ? OR created_at < ?", unusedBefore, createdBefore));
    }

    /** Deletes the sessions matching {@code where} in the caller's write transaction. @return their ids */
    private static List<String> deleteSessionsWhere(Sql c, String where, Object... args) throws SQLException {
        List<String> ids = c.list("SELECT id FROM sessions WHERE " + where, rs -> rs.getString(1), args);
        if (!ids.isEmpty()) c.update("DELETE FROM sessions WHERE " + where, args);
        return ids;
    }

    // ---- chat boxes

    /**
     * A chat box with its peer, unread count and last message. The last message of the owner's
     * copy is the pair's last one at or after the box's start that the owner did not delete for
     * themselves (hidden): one step back along the pair's index per hidden message. The unread count is the box's counter, unless a node of
     * schema version 2 wrote the box or the pair since it was kept ({@link UnreadCounter}): then
     * it is counted, as version 2 did.
     */
    private static final String CHAT_SELECT = """
            SELECT c.owner_id, c.read_mark, c.updated_at, u.id, u.username, u.name,
                   m.id AS m_id, m.seq, m.from_id, m.to_id, m.text, m.sent_at, m.client_id, m.recalled_at,
                   CASE WHEN c.unread_seq = COALESCE(p.last_seq, 0) AND c.unread_mark = c.read_mark THEN c.unread
                        ELSE (SELECT COUNT(*) FROM messages x
                               WHERE x.lo = p.lo AND x.hi = p.hi AND x.from_id = c.peer_id
                                 AND x.seq > max(c.read_mark, c.start_seq - 1)
                                 AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.owner_id = c.owner_id AND h.message_id = x.id)) END AS unread,
                   c.peer_read_mark,
                   EXISTS (SELECT 1 FROM contacts k WHERE k.user_id = c.owner_id AND k.peer_id = c.peer_id) AS peer_is_contact,
                   u.last_seen_at, c.pinned, c.muted, c.marked_unread
              FROM chats c
              JOIN users u ON u.id = c.peer_id
              LEFT JOIN pairs p ON p.lo = min(c.owner_id, c.peer_id) AND p.hi = max(c.owner_id, c.peer_id)
              LEFT JOIN messages m ON m.lo = p.lo AND m.hi = p.hi AND m.seq = (
                     SELECT x.seq FROM messages x WHERE x.lo = p.lo AND x.hi = p.hi AND x.seq >= c.start_seq
                        AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.owner_id = c.owner_id AND h.message_id = x.id)
                      ORDER BY x.seq DESC LIMIT 1)
            """;

    private static ChatBox chat(ResultSet rs) throws SQLException {
        rs.getLong("recalled_at");
        Long recalledAt = rs.wasNull() ? null : rs.getLong("recalled_at");
        rs.getLong("m_id");
        Message last = rs.wasNull() ? null : new Message(rs.getLong("m_id"), rs.getLong("seq"), rs.getLong("from_id"),
                rs.getLong("to_id"), rs.getString("text"), rs.getLong("sent_at"), rs.getString("client_id"), recalledAt, null);
        return new ChatBox(rs.getLong("owner_id"), user(rs), rs.getLong("unread"), last,
                rs.getLong("updated_at"), rs.getLong("read_mark"), rs.getLong("peer_read_mark"),
                rs.getBoolean("peer_is_contact"), rs.getLong("last_seen_at"),
                new ChatSettings(rs.getBoolean("pinned"), rs.getBoolean("muted"), rs.getBoolean("marked_unread")));
    }

    @Override
    public Optional<ChatBox> findChat(long ownerId, long peerId) {
        return read(c -> Optional.ofNullable(UploadRows.chatWithAttachments(c, chatIn(c, ownerId, peerId))));
    }

    private static ChatBox chatIn(Sql c, long ownerId, long peerId) throws SQLException {
        return c.one(CHAT_SELECT + " WHERE c.owner_id = ? AND c.peer_id = ?", SqliteStore::chat, ownerId, peerId).orElse(null);
    }

    @Override
    public List<ChatBox> listChats(long ownerId) {
        return read(c -> UploadRows.chatsWithAttachments(c, c.list(CHAT_SELECT + " WHERE c.owner_id = ? ORDER BY c.updated_at DESC, c.peer_id DESC",
                SqliteStore::chat, ownerId)));
    }

    @Override
    public boolean createChat(long ownerId, long peerId, long now) {
        return write(c -> { // Pair.of refuses a box with oneself: the chat service never asks for one
            long lastSeq = lastSeq(c, Pair.of(ownerId, peerId));
            return insertChat(c, ownerId, peerId, lastSeq + 1, lastSeq, 0, lastSeq, now);
        });
    }

    private static long lastSeq(Sql c, Pair pair) throws SQLException {
        return c.one("SELECT last_seq FROM pairs WHERE lo = ? AND hi = ?", rs -> rs.getLong(1), pair.lo(), pair.hi()).orElse(0L);
    }

    /**
     * Creates a box unless the owner has it. {@code unread} is its count with the pair's last seq at
     * {@code lastSeq} (the counter's stamps, {@link UnreadCounter}).
     */
    private static boolean insertChat(Sql c, long ownerId, long peerId, long startSeq, long readMark, long unread, long lastSeq,
                                      long now) throws SQLException {
        // A new box learns how far the peer has read from the peer's own box, if they have one.
        return c.update("INSERT INTO chats (owner_id, peer_id, start_seq, read_mark, peer_read_mark, created_at, updated_at,"
                + " unread, unread_seq, unread_mark)"
                + " VALUES (?, ?, ?, ?, COALESCE((SELECT read_mark FROM chats WHERE owner_id = ? AND peer_id = ?), 0), ?, ?, ?, ?, ?)"
                + " ON CONFLICT (owner_id, peer_id) DO NOTHING",
                ownerId, peerId, startSeq, readMark, peerId, ownerId, now, now, unread, lastSeq, readMark) > 0;
    }

    @Override
    public Optional<HistoryPage> history(long ownerId, long peerId, HistoryQuery q) {
        if (ownerId == peerId) return Optional.empty(); // nobody has a box with themselves
        return read(c -> { // the box's start and its page in one read transaction, so one snapshot
            Pair pair = Pair.of(ownerId, peerId);
            // With the box's start, the pair's last change (the page's change cursor, message edits).
            Optional<long[]> box = c.one("SELECT start_seq, COALESCE((SELECT last_change FROM pairs WHERE lo = ? AND hi = ?), 0)"
                    + " FROM chats WHERE owner_id = ? AND peer_id = ?",
                    rs -> new long[] {rs.getLong(1), rs.getLong(2)}, pair.lo(), pair.hi(), ownerId, peerId);
            if (box.isEmpty()) return Optional.empty(); // no box (nobody has one with themselves)
            long startSeq = box.get()[0];
            // One lower bound, so the page is one range of UNIQUE (lo, hi, seq): given two (the copy's
            // start and the cursor), SQLite ranges over one and filters the rest of the pair by the other.
            // Messages the owner deleted for themselves are left out; a reply's quote is joined, for the owner.
            long copyFrom = startSeq - 1; // the copy holds seq > copyFrom
            String where = " FROM messages m" + MessageEdits.QUOTE_JOIN + " WHERE m.lo = ? AND m.hi = ? AND m.seq > ?"
                    + " AND NOT " + MessageEdits.hiddenBy("?", "m");
            String columns = "SELECT " + MESSAGE_COLUMNS + MessageEdits.QUOTE_COLUMNS;
            Sql.RowMapper<Message> row = rs -> MessageEdits.withQuote(rs, startSeq, AS_STORED);
            List<Message> rows;
            if (q.after() != null) {
                rows = c.list(columns + where + " ORDER BY m.seq ASC LIMIT ?",
                        row, ownerId, pair.lo(), pair.hi(), Math.max(copyFrom, q.after()), ownerId, q.limit() + 1);
            } else {
                long before = q.before() != null ? q.before() : Long.MAX_VALUE;
                rows = c.list(columns + where + " AND m.seq < ? ORDER BY m.seq DESC LIMIT ?",
                        row, ownerId, pair.lo(), pair.hi(), copyFrom, ownerId, before, q.limit() + 1);
            }
            boolean hasMore = rows.size() > q.limit();
            List<Message> page = new ArrayList<>(hasMore ? rows.subList(0, q.limit()) : rows);
            if (q.after() == null) Collections.reverse(page);
            return Optional.of(new HistoryPage(UploadRows.withAttachments(c, page), hasMore, box.get()[1]));
        });
    }

    @Override
    public Optional<MessageHits> searchMessages(long ownerId, long peerId, String text, Long beforeSeq, int limit) {
        return read(c -> SEARCH.inChat(c, ownerId, peerId, text, beforeSeq, limit)); // one snapshot
    }

    @Override
    public MessageHits searchAllMessages(long ownerId, String text, Long beforeId, int limit) {
        return read(c -> SEARCH.inAllChats(c, ownerId, text, beforeId, limit));
    }

    /** Search on the FTS5 trigram index {@code messages_fts} (schema V7, decision 0014). */
    private static final MessageSearch SEARCH = new MessageSearch(new MessageSearch.Dialect() {
        @Override public String indexedIds() {
            return "SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ? AND rowid >= ? AND rowid < ?"
                    + " ORDER BY rowid DESC LIMIT ?";
        }
        @Override public Object indexArgument(String text) { return SearchText.ftsPhrase(text); }
        @Override public String candidateJoin() { return "CROSS JOIN"; }
        @Override public String scanCondition(int spellings) {
            return "(" + String.join(" OR ", Collections.nCopies(spellings, "m.text LIKE ? ESCAPE '!'")) + ")";
        }
        @Override public List<Object> scanArguments(String text) { // LIKE folds ASCII only: each other spelling too
            return SearchText.spellingsForLike(text, maxSpellings()).stream().map(t -> (Object) Sql.containsPattern(t)).toList();
        }
        @Override public int maxSpellings() { return 16; }
        @Override public Message message(ResultSet rs) throws SQLException { return SqliteStore.message(rs); }
    });

    @Override
    public Optional<ReadOutcome> markRead(long ownerId, long peerId, long upTo) {
        // A read that would not move the mark (a client re-reading what it has read, or a flood of
        // such frames) is answered from a read connection and never waits for, or takes, the writer.
        ReadCheck seen = read(c -> checkRead(c, ownerId, peerId, upTo));
        if (!seen.moves()) return seen.outcome();
        return write(c -> {
            // again, on the writer: it may have moved meanwhile
            Optional<UnreadCounter.Box> box = c.one("SELECT " + UnreadCounter.BOX_COLUMNS + " FROM chats WHERE owner_id = ? AND peer_id = ?",
                    UnreadCounter::box, ownerId, peerId);
            if (box.isEmpty()) return Optional.empty();
            Pair pair = Pair.of(ownerId, peerId);
            long lastSeq = lastSeq(c, pair);
            long target = Math.min(upTo, lastSeq);
            if (target <= box.get().readMark()) return Optional.of(new ReadOutcome(box.get().readMark(), false));
            long unread = UnreadCounter.afterRead(c, pair, peerId, box.get(), target, lastSeq);
            c.update("UPDATE chats SET read_mark = ?, unread = ?, unread_seq = ?, unread_mark = ? WHERE owner_id = ? AND peer_id = ?",
                    target, unread, lastSeq, target, ownerId, peerId);
            c.update("UPDATE chats SET peer_read_mark = max(peer_read_mark, ?) WHERE owner_id = ? AND peer_id = ?",
                    target, peerId, ownerId);
            return Optional.of(new ReadOutcome(target, true));
        });
    }

    /** What a read would do: {@code moves} to {@code target}, or else its whole answer ({@code outcome}). */
    private record ReadCheck(boolean moves, long target, Optional<ReadOutcome> outcome) { }

    private static ReadCheck checkRead(Sql c, long ownerId, long peerId, long upTo) throws SQLException {
        Optional<Long> mark = c.one("SELECT read_mark FROM chats WHERE owner_id = ? AND peer_id = ?",
                rs -> rs.getLong(1), ownerId, peerId);
        if (mark.isEmpty()) return new ReadCheck(false, 0, Optional.empty()); // no box (nobody has one with themselves)
        long target = Math.min(upTo, lastSeq(c, Pair.of(ownerId, peerId)));
        if (target <= mark.get()) return new ReadCheck(false, mark.get(), Optional.of(new ReadOutcome(mark.get(), false)));
        return new ReadCheck(true, target, Optional.empty()); // outcome unused: the write decides it
    }

    @Override
    public Optional<List<String>> deleteChatErasingFiles(long ownerId, long peerId) {
        return write(c -> {
            if (c.update("DELETE FROM chats WHERE owner_id = ? AND peer_id = ?", ownerId, peerId) == 0) return Optional.<List<String>>empty();
            Pair pair = Pair.of(ownerId, peerId);
            // Messages that no remaining copy holds are gone for good: below the peer's box's
            // start, or all of them when the peer has no box either. The pair's seq goes on.
            long keepFrom = c.one("SELECT start_seq FROM chats WHERE owner_id = ? AND peer_id = ?",
                    rs -> rs.getLong(1), peerId, ownerId).orElse(Long.MAX_VALUE);
            MessageEdits.forgetErased(c, ownerId, pair, keepFrom);
            List<String> erasedFiles = UploadRows.eraseBelow(c, pair, keepFrom); // their files go with them
            c.update("DELETE FROM messages WHERE lo = ? AND hi = ? AND seq < ?", pair.lo(), pair.hi(), keepFrom);
            return Optional.of(erasedFiles);
        });
    }

    // ---- message edits

    @Override
    public Optional<MessageEdit.Recall> recallMessage(long senderId, long peerId, long seq, long now, long sentNoEarlierThan) {
        if (senderId == peerId) return Optional.empty(); // nobody has a box with themselves
        return write(c -> MessageEdits.recall(c, senderId, peerId, seq, now, sentNoEarlierThan, AS_STORED));
    }

    @Override
    public Optional<MessageEdit.Hide> hideMessage(long ownerId, long peerId, long seq, long now) {
        if (ownerId == peerId) return Optional.empty();
        return write(c -> {
            Optional<MessageEdit.Hide> hide = MessageEdits.hide(c, ownerId, peerId, seq, now, AS_STORED);
            if (hide.isEmpty() || hide.get().status() != MessageEdit.HideStatus.HIDDEN) return hide;
            return Optional.of(hide.get().withChat(chatIn(c, ownerId, peerId)));
        });
    }

    @Override
    public Optional<MessageEdit.ChangesPage> changes(long ownerId, long peerId, long after, int limit) {
        if (ownerId == peerId) return Optional.empty();
        return read(c -> MessageEdits.changes(c, ownerId, peerId, after, limit, AS_STORED));
    }

    @Override
    public Optional<ChatBox> changeChatSettings(long ownerId, long peerId, Boolean pinned, Boolean muted, Boolean markedUnread) {
        return write(c -> {
            // COALESCE keeps what is not being changed; one statement, so two devices' changes never mix halves.
            int changed = c.update("UPDATE chats SET pinned = COALESCE(?, pinned), muted = COALESCE(?, muted),"
                    + " marked_unread = COALESCE(?, marked_unread) WHERE owner_id = ? AND peer_id = ?",
                    pinned, muted, markedUnread, ownerId, peerId);
            return changed == 0 ? Optional.<ChatBox>empty() : Optional.of(UploadRows.chatWithAttachments(c, chatIn(c, ownerId, peerId)));
        });
    }

    // ---- messages

    @Override
    public List<AppendOutcome> appendMessages(List<NewMessage> batch) {
        return write(c -> {
            List<AppendOutcome> outcomes = new ArrayList<>(batch.size());
            for (NewMessage m : batch) outcomes.add(append(c, m));
            return outcomes;
        });
    }

    /** Checks are reads that come before any write, so a refused message leaves nothing behind. */
    private static AppendOutcome append(Sql c, NewMessage m) throws SQLException {
        if (m.clientId() != null) {
            Optional<Message> first = c.one("SELECT " + MESSAGE_COLUMNS + " FROM messages m WHERE m.from_id = ? AND m.client_id = ?",
                    SqliteStore::message, m.from(), m.clientId());
            if (first.isPresent()) {
                return new AppendOutcome.Duplicate(UploadRows.withAttachments(c,
                        MessageEdits.resolve(c, first.get().from(), first.get().to(), first.get(), AS_STORED)));
            }
        }
        // Accounts are never deleted and contacts are made only between accounts, so a contact is
        // a recipient that exists: the account is looked up only to say why a send is refused.
        if (!contactsIn(c, m.from(), m.to())) {
            return new AppendOutcome.Rejected(c.exists("SELECT 1 FROM users WHERE id = ?", m.to())
                    ? AppendOutcome.Reason.NOT_CONTACTS : AppendOutcome.Reason.NO_SUCH_RECIPIENT);
        }
        // A reply: one read more, only for a reply (a plain send runs the statements it did).
        MessageEdits.Quotes quotes = null;
        if (m.replyTo() != null) {
            quotes = MessageEdits.checkReply(c, m.from(), m.to(), m.replyTo(), AS_STORED).orElse(null);
            if (quotes == null) return new AppendOutcome.Rejected(AppendOutcome.Reason.NO_SUCH_REPLY);
        }
        // Attachments cost statements only when there are some (decision 0012 counts them per message).
        if (!m.attachments().isEmpty() && !UploadRows.claimable(c, m, false)) {
            return new AppendOutcome.Rejected(AppendOutcome.Reason.UPLOAD_UNAVAILABLE);
        }
        Pair pair = Pair.of(m.from(), m.to());
        long seq = c.returningLong("INSERT INTO pairs (lo, hi, last_seq) VALUES (?, ?, 1)"
                + " ON CONFLICT (lo, hi) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq", pair.lo(), pair.hi());
        boolean senderCreated = touchOrCreateChat(c, pair, m.from(), m.to(), seq, false, m.sentAt());
        boolean recipientCreated = touchOrCreateChat(c, pair, m.to(), m.from(), seq, true, m.sentAt());
        // A created box as it is just before its first message (empty, nothing unread), since the
        // `message` event that follows adds that one.
        ChatBox senderChat = senderCreated ? chatIn(c, m.from(), m.to()).beforeFirstMessage() : null;
        ChatBox recipientChat = recipientCreated ? chatIn(c, m.to(), m.from()).beforeFirstMessage() : null;
        long id = c.returningLong("INSERT INTO messages (lo, hi, seq, from_id, to_id, text, sent_at, client_id, reply_to_seq)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                pair.lo(), pair.hi(), seq, m.from(), m.to(), m.text(), m.sentAt(), m.clientId(), m.replyTo());
        if (!m.attachments().isEmpty()) UploadRows.claim(c, id, m);
        Message stored = new Message(id, seq, m.from(), m.to(), m.text(), m.sentAt(), m.clientId(), m.attachments());
        if (quotes == null) return new AppendOutcome.Stored(stored, senderChat, recipientChat);
        return new AppendOutcome.Stored(stored.withReplyTo(quotes.forSender()), senderChat, recipientChat,
                stored.withReplyTo(quotes.forRecipient()));
    }

    /**
     * Puts message {@code seq} into the owner's box, creating the box if needed: its activity time,
     * and its unread count + 1 if the message is {@code incoming} (from the peer). A box whose
     * counter is not current (a version 2 node wrote since, {@link UnreadCounter}) is counted again
     * here, up to the messages before this one. @return whether the box was created
     */
    private static boolean touchOrCreateChat(Sql c, Pair pair, long owner, long peer, long seq, boolean incoming, long now)
            throws SQLException {
        int plus = incoming ? 1 : 0;
        // Nearly every send finds both boxes there: one UPDATE. A missing box is inserted, and one
        // that another transaction inserted in between (opening the chat) is updated after all.
        if (touchChat(c, pair, owner, peer, seq, plus, now)) return false;
        // The sender has seen their own message; the recipient's new box starts unread at it.
        if (insertChat(c, owner, peer, seq, incoming ? seq - 1 : seq, plus, seq, now)) return true;
        touchChat(c, pair, owner, peer, seq, plus, now);
        return false;
    }

    /** Message {@code seq} in an existing box; @return false if the box does not exist. */
    private static boolean touchChat(Sql c, Pair pair, long owner, long peer, long seq, int plus, long now)
            throws SQLException {
        return c.update("UPDATE chats SET updated_at = max(updated_at, ?),"
                + " unread = CASE WHEN unread_seq = ? AND unread_mark = read_mark THEN unread"
                + "   ELSE (SELECT COUNT(*) FROM messages x WHERE x.lo = ? AND x.hi = ? AND x.from_id = chats.peer_id"
                + "           AND x.seq > max(chats.read_mark, chats.start_seq - 1) AND x.seq < ?"
                + "           AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.owner_id = chats.owner_id AND h.message_id = x.id)) END + ?,"
                + " unread_seq = ?, unread_mark = read_mark"
                + " WHERE owner_id = ? AND peer_id = ?",
                now, seq - 1, pair.lo(), pair.hi(), seq, plus, seq, owner, peer) > 0;
    }

    @Override
    public boolean isHealthy() {
        try (Connection c = readers.getConnection()) {
            return Sql.on(c).exists("SELECT 1");
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        checkpointer.close();
        readers.close();
        writeLock.lock();
        try {
            writerSql.close();
            writer.close();
        } catch (SQLException e) {
            throw new StorageException("closing the database failed", e);
        } finally {
            writeLock.unlock();
        }
    }
}
