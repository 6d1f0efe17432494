package app.duet.storage.postgres;

import app.duet.model.ChatBox;
import app.duet.model.ChatSettings;
import app.duet.model.Message;
import app.duet.model.Pair;
import app.duet.model.StoredSession;
import app.duet.model.User;
import app.duet.storage.AppendOutcome;
import app.duet.storage.Credentials;
import app.duet.storage.DuplicateKeyException;
import app.duet.storage.HistoryPage;
import app.duet.storage.HistoryQuery;
import app.duet.storage.NewMessage;
import app.duet.storage.ReadOutcome;
import app.duet.storage.StorageException;
import app.duet.storage.jdbc.Migrations;
import app.duet.storage.jdbc.MessageSearch;
import app.duet.storage.MessageHits;
import app.duet.storage.jdbc.JdbcStore;
import app.duet.storage.jdbc.Sql;
import app.duet.storage.jdbc.MessageEdits;
import app.duet.storage.jdbc.UploadRows;
import app.duet.storage.jdbc.UnreadCounter;
import app.duet.storage.MessageEdit;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The server adapter: PostgreSQL through the official JDBC driver and a HikariCP pool, so that
 * several Duet nodes can share one database.
 *
 * <p>Why it is shaped so. Unlike SQLite, PostgreSQL admits many writers, so every transaction
 * (reads and writes alike) takes a pooled connection; the driver keeps each connection's
 * server-side prepared statements ({@code prepareThreshold}), so nothing is cached here. What
 * keeps the contract when two nodes write at once:
 * <ul>
 *   <li>a pair's seq is taken by {@code INSERT INTO pairs ... ON CONFLICT DO UPDATE ... RETURNING},
 *       whose row lock serialises every transaction appending to that pair until it commits, so
 *       seqs stay unique and gap-free; {@link #createChat} and {@link #deleteChat} take the same
 *       lock, so a box's start and the erasing of messages never race an append;</li>
 *   <li>a repeated (sender, clientId) that two nodes store at the same instant is caught by the
 *       unique index ({@code ON CONFLICT DO NOTHING}): the loser gives back the seq it took (it
 *       still holds the pair's lock, so nobody saw it) and answers with the winner's message; no
 *       other send of its batch fails;</li>
 *   <li>a batch locks all its pairs first, in one order, and a read mark that moves takes its
 *       pair's lock too, so nodes do not deadlock each other on the hot path; a deadlock or
 *       serialization failure that happens anyway (two nodes storing the same clientIds in
 *       opposite orders) rolls the transaction back and it is run again, a few times, before it
 *       is reported.</li>
 * </ul>
 * Message text is stored escaped, since PostgreSQL's {@code text} cannot hold U+0000
 * ({@link #escape}, docs/decisions/0008).
 *
 * <p>Migrations run under a PostgreSQL advisory lock held by the migrating connection, so nodes
 * starting together apply each version once (the others ask for it again until it is free).
 */
public final class PostgresStore extends JdbcStore {
    private static final Migrations MIGRATIONS = new Migrations("postgresql",
            List.of("V1__init.sql", "V2__session_ids.sql", "V3__unread_counter.sql", "V4__blocks_last_seen_chat_settings.sql",
                    "V5__message_edits.sql", "V6__attachments.sql", "V7__message_search.sql", "V8__user_admin.sql"));
    /** The advisory lock key that migrations run under ("Duet" and 1). */
    private static final long MIGRATION_LOCK = 0x4475_6574_0000_0001L;
    private static final Duration MIGRATION_POLL = Duration.ofMillis(100);
    private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);
    /** Attempts of one transaction that keeps meeting deadlocks or serialization failures. */
    private static final int MAX_ATTEMPTS = 5;
    private static final int POOL_SIZE = 10;

    private final HikariDataSource pool;

    private PostgresStore(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * Connects to the database named by {@code url} ({@code postgresql://USER:PASSWORD@HOST:PORT/DB})
     * and brings its schema up to date. The database must exist; its tables are made here.
     */
    public static PostgresStore open(String url) {
        return open(PostgresUrl.parse(url));
    }

    public static PostgresStore open(PostgresUrl url) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("duet-postgres");
        hc.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) hc.setUsername(url.user());
        if (url.password() != null) hc.setPassword(url.password());
        hc.setMaximumPoolSize(POOL_SIZE);
        hc.setMinimumIdle(2);
        hc.setAutoCommit(false);
        hc.setConnectionTimeout(5_000);
        hc.addDataSourceProperty("ApplicationName", "duet");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to the database " + url, e);
        }
        try {
            migrate(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new PostgresStore(pool);
    }

    private static void migrate(HikariDataSource pool) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(true);
            lockMigrations(c);
            try {
                MIGRATIONS.migrate(c);
            } finally {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot migrate the database", e);
        }
    }

    /**
     * Takes the migration lock, asking again every {@link #MIGRATION_POLL} while another node holds
     * it, for as long as that node migrates. Not {@code pg_advisory_lock}: a node waiting inside it
     * holds a snapshot, which the migrating node's {@code CREATE INDEX CONCURRENTLY} waits for, and
     * each would wait for the other.
     */
    private static void lockMigrations(Connection c) throws SQLException {
        for (int asked = 0; ; asked++) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + MIGRATION_LOCK + ")")) {
                if (rs.next() && rs.getBoolean(1)) return;
            }
            if (asked == 0) log.info("another node is migrating the database; waiting for it");
            try {
                Thread.sleep(MIGRATION_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for another node's migration", e);
            }
        }
    }

    // ---- plumbing

    /** One read transaction (READ COMMITTED: each statement sees the latest commit). */
    @Override
    protected <T> T read(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            try {
                return work.run(Sql.on(c));
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw StorageException.of("database read failed", e);
        }
    }

    /**
     * Both users' rows locked, in the order of their ids (no deadlock between two such locks).
     * NO KEY UPDATE: it waits for the same lock and for updates of the rows, but not for the foreign
     * key checks of inserts naming the users (a message, a session), which take KEY SHARE.
     */
    @Override
    protected void lockUsers(Sql c, long a, long b) throws SQLException {
        c.list("SELECT id FROM users WHERE id IN (?, ?) ORDER BY id FOR NO KEY UPDATE", rs -> rs.getLong(1), a, b);
    }

    /**
     * One write transaction, committed when {@code work} returns; run again if PostgreSQL rolled it
     * back for a deadlock or a serialization failure, so {@code work} must only touch the database.
     */
    @Override
    protected <T> T write(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return writeOnce(work);
            } catch (SQLException e) {
                if (isRetryable(e) && attempt < MAX_ATTEMPTS) continue;
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) throw new DuplicateKeyException(e.getMessage());
                throw StorageException.of("database write failed", e);
            }
        }
    }

    private <T> T writeOnce(Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            try {
                T result = work.run(Sql.on(c));
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final String DEADLOCK_DETECTED = "40P01";

    private static boolean isRetryable(SQLException e) {
        return SERIALIZATION_FAILURE.equals(e.getSQLState()) || DEADLOCK_DETECTED.equals(e.getSQLState());
    }

    private static final String MESSAGE_COLUMNS = MessageEdits.MESSAGE_COLUMNS;

    private static Message message(ResultSet rs) throws SQLException {
        return MessageEdits.message(rs, PostgresStore::unescape);
    }

    // ---- message text: PostgreSQL text cannot hold U+0000

    /**
     * Message text as stored: each backslash doubled and U+0000 written as backslash + '0'. A text
     * with neither (nearly all) is stored as it is. Reversed by {@link #unescape}.
     */
    static String escape(String text) {
        if (text.indexOf('\\') < 0 && text.indexOf('\u0000') < 0) return text;
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\') out.append("\\\\");
            else if (ch == '\u0000') out.append("\\0");
            else out.append(ch);
        }
        return out.toString();
    }

    /** The text as sent, from its stored form ({@link #escape}). */
    static String unescape(String stored) {
        if (stored.indexOf('\\') < 0) return stored;
        StringBuilder out = new StringBuilder(stored.length());
        for (int i = 0; i < stored.length(); i++) {
            char ch = stored.charAt(i);
            if (ch == '\\' && i + 1 < stored.length()) {
                char next = stored.charAt(++i);
                out.append(next == '0' ? '\u0000' : next);
            } else {
                out.append(ch);
            }
        }
        return out.toString();
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
        if (username.indexOf('\u0000') >= 0) return Optional.empty(); // no username has one, and PostgreSQL refuses it
        return read(c -> c.one("SELECT " + USER_COLUMNS + ", u.password_hash, u.disabled_at FROM users u WHERE u.username = ?",
                rs -> new Credentials(user(rs), rs.getString("password_hash"), rs.getObject("disabled_at") != null), username));
    }

    @Override
    public List<User> searchUsers(String prefix, long excludeUserId, int limit) {
        if (prefix.indexOf('\u0000') >= 0) return List.of(); // no username has one, and PostgreSQL refuses it
        // A range scan on the unique index; the column sorts in byte order (COLLATE "C"), as SQLite
        // does, and usernames hold only characters below U+007F.
        return read(c -> c.list("SELECT " + USER_COLUMNS + " FROM users u WHERE u.username >= ? AND u.username < ? AND u.id <> ?"
                        + " ORDER BY u.username LIMIT ?",
                JdbcStore::user, prefix, prefix + '\u007f', excludeUserId, limit));
    }

    @Override
    public List<User> searchUsersByName(String text, long excludeUserId, int limit) {
        // A scan of the users (no index serves a substring): the service rate-limits it.
        return read(c -> c.list("SELECT " + USER_COLUMNS + " FROM users u WHERE u.name ILIKE ? ESCAPE '!' AND u.id <> ?"
                        + " ORDER BY u.id LIMIT ?",
                JdbcStore::user, Sql.containsPattern(text), excludeUserId, limit));
    }

    @Override
    public Optional<User> renameUser(long userId, String name) {
        return write(c -> c.one("UPDATE users u SET name = ? WHERE u.id = ? RETURNING " + USER_COLUMNS,
                JdbcStore::user, name, userId));
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
                + " WHERE s.token_hash = ? AND u.disabled_at IS NULL", PostgresStore::session, (Object) tokenHash)); // a disabled account has no live session
    }

    @Override
    public List<StoredSession> sessionsOf(long userId) {
        return read(c -> c.list("SELECT " + SESSION_COLUMNS + " FROM sessions s JOIN users u ON u.id = s.user_id"
                + " WHERE s.user_id = ? ORDER BY s.last_used_at DESC, s.created_at DESC, s.id COLLATE \"C\"",
                PostgresStore::session, userId));
    }

    @Override
    public void touchSession(String id, long now) {
        write(c -> c.update("UPDATE sessions SET last_used_at = GREATEST(last_used_at, ?) WHERE id = ?", now, id));
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
        return c.list("DELETE FROM sessions WHERE " + where + " RETURNING id", rs -> rs.getString(1), args);
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
                                 AND x.seq > GREATEST(c.read_mark, c.start_seq - 1)
                                 AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.owner_id = c.owner_id AND h.message_id = x.id)) END AS unread,
                   c.peer_read_mark,
                   EXISTS (SELECT 1 FROM contacts k WHERE k.user_id = c.owner_id AND k.peer_id = c.peer_id) AS peer_is_contact,
                   u.last_seen_at, c.pinned, c.muted, c.marked_unread
              FROM chats c
              JOIN users u ON u.id = c.peer_id
              LEFT JOIN pairs p ON p.lo = LEAST(c.owner_id, c.peer_id) AND p.hi = GREATEST(c.owner_id, c.peer_id)
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
                rs.getLong("to_id"), unescape(rs.getString("text")), rs.getLong("sent_at"), rs.getString("client_id"), recalledAt, null);
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
        return c.one(CHAT_SELECT + " WHERE c.owner_id = ? AND c.peer_id = ?", PostgresStore::chat, ownerId, peerId).orElse(null);
    }

    @Override
    public List<ChatBox> listChats(long ownerId) {
        return read(c -> UploadRows.chatsWithAttachments(c, c.list(CHAT_SELECT + " WHERE c.owner_id = ? ORDER BY c.updated_at DESC, c.peer_id DESC",
                PostgresStore::chat, ownerId)));
    }

    @Override
    public boolean createChat(long ownerId, long peerId, long now) {
        return write(c -> { // Pair.of refuses a box with oneself: the chat service never asks for one
            long lastSeq = lockPair(c, Pair.of(ownerId, peerId));
            return insertChat(c, ownerId, peerId, lastSeq + 1, lastSeq, 0, lastSeq, now);
        });
    }

    /** The pair's last seq, its row locked until the transaction ends, as an append locks it (0 before any message). */
    private static long lockPair(Sql c, Pair pair) throws SQLException {
        return c.one("SELECT last_seq FROM pairs WHERE lo = ? AND hi = ? FOR UPDATE", rs -> rs.getLong(1), pair.lo(), pair.hi())
                .orElse(0L);
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

    /**
     * One statement, so the box's start and its page are read in one snapshot (under READ COMMITTED
     * each statement has its own): the box's row, and beside it (LEFT JOIN LATERAL) its page, or
     * one row of nulls when the page is empty; no row when there is no box. The page's lower bound is
     * one expression (the copy's start and the cursor in one GREATEST), so it is one range of
     * UNIQUE (lo, hi, seq).
     */
    @Override
    public Optional<HistoryPage> history(long ownerId, long peerId, HistoryQuery q) {
        if (ownerId == peerId) return Optional.empty(); // nobody has a box with themselves
        Pair pair = Pair.of(ownerId, peerId);
        // Message edits: messages the owner deleted for themselves are left out, a reply's quote is
        // joined (for the owner), and the pair's last change comes along (the page's change cursor).
        String select = "SELECT m.*, r.id AS r_id, r.from_id AS r_from, r.text AS r_text, r.recalled_at AS r_recalled, "
                + MessageEdits.hiddenBy("?", "r") + " AS r_hidden FROM messages m" + MessageEdits.QUOTE_JOIN;
        String notHidden = " AND NOT " + MessageEdits.hiddenBy("?", "m");
        String page = q.after() != null
                ? select + " WHERE m.lo = ? AND m.hi = ? AND m.seq > GREATEST(c.start_seq - 1, ?)" + notHidden
                        + " ORDER BY m.seq ASC LIMIT ?"
                : select + " WHERE m.lo = ? AND m.hi = ? AND m.seq > c.start_seq - 1 AND m.seq < ?" + notHidden
                        + " ORDER BY m.seq DESC LIMIT ?";
        String order = q.after() != null ? "ASC" : "DESC";
        long cursor = q.after() != null ? q.after() : q.before() != null ? q.before() : Long.MAX_VALUE;
        return read(c -> {
            List<PageRow> rows = c.list("SELECT " + MESSAGE_COLUMNS + ", m.r_id, m.r_from, m.r_text, m.r_recalled, m.r_hidden,"
                            + " c.start_seq AS box_start, COALESCE((SELECT last_change FROM pairs p WHERE p.lo = ? AND p.hi = ?), 0) AS last_change"
                            + " FROM chats c"
                            + " LEFT JOIN LATERAL (" + page + ") m ON true"
                            + " WHERE c.owner_id = ? AND c.peer_id = ? ORDER BY m.seq " + order,
                    rs -> {
                        long lastChange = rs.getLong("last_change");
                        long start = rs.getLong("box_start");
                        rs.getLong("id");
                        return new PageRow(rs.wasNull() ? Optional.<Message>empty()
                                : Optional.of(MessageEdits.withQuote(rs, start, PostgresStore::unescape)), lastChange);
                    },
                    pair.lo(), pair.hi(), ownerId, pair.lo(), pair.hi(), cursor, ownerId, q.limit() + 1, ownerId, peerId);
            if (rows.isEmpty()) return Optional.empty(); // no box
            List<Message> found = rows.stream().flatMap(r -> r.message().stream()).toList();
            HistoryPage p = page(found, q, rows.getFirst().lastChange());
            return Optional.of(new HistoryPage(UploadRows.withAttachments(c, p.messages()), p.hasMore(), p.changeCursor()));
        });
    }

    /** A row of {@link #history}: a message of the page (none when it is empty) and the pair's last change. */
    private record PageRow(Optional<Message> message, long lastChange) { }

    /** The page from the rows found (one more than the limit tells whether there is more), in ascending seq. */
    private static HistoryPage page(List<Message> rows, HistoryQuery q, long changeCursor) {
        boolean hasMore = rows.size() > q.limit();
        List<Message> page = new ArrayList<>(hasMore ? rows.subList(0, q.limit()) : rows);
        if (q.after() == null) Collections.reverse(page);
        return new HistoryPage(page, hasMore, changeCursor);
    }

    @Override
    public Optional<MessageHits> searchMessages(long ownerId, long peerId, String text, Long beforeSeq, int limit) {
        return read(c -> SEARCH.inChat(c, ownerId, peerId, text, beforeSeq, limit));
    }

    @Override
    public MessageHits searchAllMessages(long ownerId, String text, Long beforeId, int limit) {
        return read(c -> SEARCH.inAllChats(c, ownerId, text, beforeId, limit));
    }

    /**
     * Search on the pg_trgm index {@code messages_text_trgm} (schema V7, decision 0014), over the
     * stored text: what is looked for is escaped as the text is ({@link #escape}), and each hit is
     * checked again as sent. Letter case is folded by ILIKE, as the database's locale says.
     */
    private static final MessageSearch SEARCH = new MessageSearch(new MessageSearch.Dialect() {
        @Override public String indexedIds() {
            return "SELECT id FROM messages WHERE text ILIKE ? ESCAPE '!' AND id >= ? AND id < ? ORDER BY id DESC LIMIT ?";
        }
        @Override public Object indexArgument(String text) { return Sql.containsPattern(escape(text)); }
        @Override public String candidateJoin() { return "JOIN"; }
        @Override public String scanCondition(int spellings) { return "m.text ILIKE ? ESCAPE '!'"; }
        @Override public List<Object> scanArguments(String text) { return List.of(Sql.containsPattern(escape(text))); }
        @Override public int maxSpellings() { return 1; }
        @Override public Message message(ResultSet rs) throws SQLException { return PostgresStore.message(rs); }
    });

    @Override
    public Optional<ReadOutcome> markRead(long ownerId, long peerId, long upTo) {
        // A read that would not move the mark is answered by a read alone, as on SQLite.
        ReadCheck seen = read(c -> checkRead(c, ownerId, peerId, upTo));
        if (!seen.moves()) return seen.outcome();
        return write(c -> {
            Pair pair = Pair.of(ownerId, peerId);
            // As appends do: the two boxes' rows are then never locked crosswise, and neither the
            // pair's seq nor this box's mark moves until this transaction ends (every node that
            // moves them, of this version or the one before, takes this lock first).
            long lastSeq = lockPair(c, pair);
            Optional<UnreadCounter.Box> box = c.one("SELECT " + UnreadCounter.BOX_COLUMNS + " FROM chats WHERE owner_id = ? AND peer_id = ?",
                    UnreadCounter::box, ownerId, peerId); // again: it may have moved meanwhile
            if (box.isEmpty()) return Optional.empty();
            long target = Math.min(upTo, lastSeq);
            if (target <= box.get().readMark()) return Optional.of(new ReadOutcome(box.get().readMark(), false));
            long unread = UnreadCounter.afterRead(c, pair, peerId, box.get(), target, lastSeq);
            c.update("UPDATE chats SET read_mark = ?, unread = ?, unread_seq = ?, unread_mark = ? WHERE owner_id = ? AND peer_id = ?",
                    target, unread, lastSeq, target, ownerId, peerId);
            c.update("UPDATE chats SET peer_read_mark = GREATEST(peer_read_mark, ?) WHERE owner_id = ? AND peer_id = ?",
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
        if (ownerId == peerId) return Optional.empty(); // nobody has a box with themselves
        return write(c -> {
            Pair pair = Pair.of(ownerId, peerId);
            lockPair(c, pair); // no append to this pair runs meanwhile
            if (c.update("DELETE FROM chats WHERE owner_id = ? AND peer_id = ?", ownerId, peerId) == 0) return Optional.<List<String>>empty();
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

    // ---- message edits: under the pair's lock, as appends, so the change number is taken in order

    @Override
    public Optional<MessageEdit.Recall> recallMessage(long senderId, long peerId, long seq, long now, long sentNoEarlierThan) {
        if (senderId == peerId) return Optional.empty(); // nobody has a box with themselves
        return write(c -> {
            lockPair(c, Pair.of(senderId, peerId));
            return MessageEdits.recall(c, senderId, peerId, seq, now, sentNoEarlierThan, PostgresStore::unescape);
        });
    }

    @Override
    public Optional<MessageEdit.Hide> hideMessage(long ownerId, long peerId, long seq, long now) {
        if (ownerId == peerId) return Optional.empty();
        return write(c -> {
            lockPair(c, Pair.of(ownerId, peerId));
            Optional<MessageEdit.Hide> hide = MessageEdits.hide(c, ownerId, peerId, seq, now, PostgresStore::unescape);
            if (hide.isEmpty() || hide.get().status() != MessageEdit.HideStatus.HIDDEN) return hide;
            return Optional.of(hide.get().withChat(chatIn(c, ownerId, peerId)));
        });
    }

    @Override
    public Optional<MessageEdit.ChangesPage> changes(long ownerId, long peerId, long after, int limit) {
        if (ownerId == peerId) return Optional.empty();
        return read(c -> MessageEdits.changes(c, ownerId, peerId, after, limit, PostgresStore::unescape));
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
        if (batch.isEmpty()) return List.of();
        List<Pair> pairs = batch.stream().filter(m -> m.from() != m.to()).map(m -> Pair.of(m.from(), m.to())).distinct()
                .sorted(Comparator.comparingLong(Pair::lo).thenComparingLong(Pair::hi)).toList();
        Long[] los = pairs.stream().map(Pair::lo).toArray(Long[]::new);
        Long[] his = pairs.stream().map(Pair::hi).toArray(Long[]::new);
        return write(c -> {
            lockPairs(c, los, his);
            List<AppendOutcome> outcomes = new ArrayList<>(batch.size());
            for (NewMessage m : batch) outcomes.add(append(c, m));
            return outcomes;
        });
    }

    /**
     * Checks are reads that come before any write, so a refused message leaves nothing behind. The
     * order differs from SQLite's in one place: the message row is written right after the seq is
     * taken and before the chat boxes, so that a clientId another node stored meanwhile is found
     * (by the unique index) before anything else of this message is written.
     */
    private static AppendOutcome append(Sql c, NewMessage m) throws SQLException {
        if (m.clientId() != null) {
            Optional<Message> first = firstWithClientId(c, m);
            if (first.isPresent()) return duplicate(c, first.get());
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
            quotes = MessageEdits.checkReply(c, m.from(), m.to(), m.replyTo(), PostgresStore::unescape).orElse(null);
            if (quotes == null) return new AppendOutcome.Rejected(AppendOutcome.Reason.NO_SUCH_REPLY);
        }
        // Attachments cost statements only when there are some (decision 0012 counts them per message).
        if (!m.attachments().isEmpty() && !UploadRows.claimable(c, m, true)) {
            return new AppendOutcome.Rejected(AppendOutcome.Reason.UPLOAD_UNAVAILABLE);
        }
        Pair pair = Pair.of(m.from(), m.to());
        long seq = c.returningLong("INSERT INTO pairs (lo, hi, last_seq) VALUES (?, ?, 1)"
                + " ON CONFLICT (lo, hi) DO UPDATE SET last_seq = pairs.last_seq + 1 RETURNING last_seq", pair.lo(), pair.hi());
        Optional<Long> id = c.one("INSERT INTO messages (lo, hi, seq, from_id, to_id, text, sent_at, client_id, reply_to_seq)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (from_id, client_id) WHERE client_id IS NOT NULL DO NOTHING RETURNING id",
                rs -> rs.getLong(1), pair.lo(), pair.hi(), seq, m.from(), m.to(), escape(m.text()), m.sentAt(), m.clientId(),
                m.replyTo());
        if (id.isEmpty()) {
            // Another node stored this clientId since the check above and has committed (the insert
            // waited for it). Give the seq back: this transaction still holds the pair's row lock,
            // so nobody has seen it or taken a later one.
            c.update("UPDATE pairs SET last_seq = ? WHERE lo = ? AND hi = ?", seq - 1, pair.lo(), pair.hi());
            Optional<Message> first = firstWithClientId(c, m);
            if (first.isEmpty()) {
                // stored and erased again in between: run the whole transaction again
                throw new SQLException("a clientId vanished while it was being stored", SERIALIZATION_FAILURE);
            }
            return duplicate(c, first.get());
        }
        boolean senderCreated = touchOrCreateChat(c, pair, m.from(), m.to(), seq, false, m.sentAt());
        boolean recipientCreated = touchOrCreateChat(c, pair, m.to(), m.from(), seq, true, m.sentAt());
        // A created box as it is just before its first message (empty, nothing unread), since the
        // `message` event that follows adds that one: what SQLite reads before the message row exists.
        ChatBox senderChat = senderCreated ? chatIn(c, m.from(), m.to()).beforeFirstMessage() : null;
        ChatBox recipientChat = recipientCreated ? chatIn(c, m.to(), m.from()).beforeFirstMessage() : null;
        if (!m.attachments().isEmpty()) UploadRows.claim(c, id.get(), m);
        Message stored = new Message(id.get(), seq, m.from(), m.to(), m.text(), m.sentAt(), m.clientId(), m.attachments());
        if (quotes == null) return new AppendOutcome.Stored(stored, senderChat, recipientChat);
        return new AppendOutcome.Stored(stored.withReplyTo(quotes.forSender()), senderChat, recipientChat,
                stored.withReplyTo(quotes.forRecipient()));
    }

    /** The first message stored with this clientId (with its attachments), a reply's quote as its sender sees it. */
    private static AppendOutcome duplicate(Sql c, Message first) throws SQLException {
        return new AppendOutcome.Duplicate(MessageEdits.resolve(c, first.from(), first.to(), first, PostgresStore::unescape));
    }

    /**
     * Locks the rows of the batch's pairs, in one order (lo, hi) whatever the batch's, creating the
     * missing ones at seq 0: two nodes whose batches hold the same pairs in other orders would
     * otherwise deadlock (PostgreSQL breaks a deadlock only after a second).
     */
    private static void lockPairs(Sql c, Long[] los, Long[] his) throws SQLException {
        Array lo = c.connection().createArrayOf("bigint", los);
        Array hi = c.connection().createArrayOf("bigint", his);
        c.update("INSERT INTO pairs (lo, hi, last_seq) SELECT t.lo, t.hi, 0 FROM unnest(?::bigint[], ?::bigint[]) AS t (lo, hi)"
                + " ORDER BY t.lo, t.hi ON CONFLICT (lo, hi) DO NOTHING", lo, hi);
        c.list("SELECT p.lo FROM pairs p JOIN unnest(?::bigint[], ?::bigint[]) AS t (lo, hi) ON p.lo = t.lo AND p.hi = t.hi"
                + " ORDER BY p.lo, p.hi FOR UPDATE OF p", rs -> rs.getLong(1), lo, hi);
    }

    private static Optional<Message> firstWithClientId(Sql c, NewMessage m) throws SQLException {
        Optional<Message> first = c.one("SELECT " + MESSAGE_COLUMNS + " FROM messages m WHERE m.from_id = ? AND m.client_id = ?",
                PostgresStore::message, m.from(), m.clientId());
        return first.isEmpty() ? first : Optional.of(UploadRows.withAttachments(c, first.get()));
    }

    /**
     * Puts message {@code seq} into the owner's box, creating the box if needed: its activity time,
     * and its unread count + 1 if the message is {@code incoming} (from the peer). A box whose
     * counter is not current (a version 2 node wrote since, {@link UnreadCounter}) is counted again
     * here, up to the messages before this one (this one's row is already written). @return whether
     * the box was created
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
        return c.update("UPDATE chats SET updated_at = GREATEST(updated_at, ?),"
                + " unread = CASE WHEN unread_seq = ? AND unread_mark = read_mark THEN unread"
                + "   ELSE (SELECT COUNT(*) FROM messages x WHERE x.lo = ? AND x.hi = ? AND x.from_id = chats.peer_id"
                + "           AND x.seq > GREATEST(chats.read_mark, chats.start_seq - 1) AND x.seq < ?"
                + "           AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.owner_id = chats.owner_id AND h.message_id = x.id)) END + ?,"
                + " unread_seq = ?, unread_mark = read_mark"
                + " WHERE owner_id = ? AND peer_id = ?",
                now, seq - 1, pair.lo(), pair.hi(), seq, plus, seq, owner, peer) > 0;
    }

    @Override
    public boolean isHealthy() {
        try (Connection c = pool.getConnection()) {
            try {
                return Sql.on(c).exists("SELECT 1");
            } finally {
                c.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
