package app.duet.storage.jdbc;

import app.duet.model.AccountSummary;
import app.duet.model.AuditEntry;
import app.duet.model.BlockedUser;
import app.duet.model.ContactRequest;
import app.duet.model.ContactSince;
import app.duet.model.User;
import app.duet.storage.BlockOutcome;
import app.duet.storage.ContactRemoval;
import app.duet.storage.ContactRequestOutcome;
import app.duet.storage.PendingUploads;
import app.duet.storage.Store;
import app.duet.storage.Upload;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the SQL adapters share word for word: the parts of {@link Store} whose statements are the
 * same on SQLite and PostgreSQL (contacts and blocks, {@link AdminRows}, {@link UploadRows}),
 * written once over the two transactions each adapter runs its own way ({@link #read},
 * {@link #write}). What differs by a word of dialect (GREATEST or max, RETURNING or a read first)
 * stays in each adapter.
 */
public abstract class JdbcStore implements Store {

    /** Work on one connection in one transaction. */
    @FunctionalInterface
    protected interface Work<T> {
        T run(Sql c) throws SQLException;
    }

    /** One read transaction: the adapter's snapshot rules. */
    protected abstract <T> T read(Work<T> work);

    /** One write transaction, committed when {@code work} returns: the adapter's locking and retry rules. */
    protected abstract <T> T write(Work<T> work);

    /**
     * Makes the write transactions that change what lies between two users (a contact request or
     * its accept, a removal, a block) take turns, from here to their end: each reads what the other may be
     * about to change (a block racing an accept left the two contacts, so the blocked one could
     * still send). Nothing to do where writes take turns anyway (SQLite's one writer).
     */
    protected void lockUsers(Sql c, long a, long b) throws SQLException {
    }

    // ---- users, as every query shows them

    protected static final String USER_COLUMNS = "u.id, u.username, u.name";

    protected static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("username"), rs.getString("name"));
    }

    // ---- contacts

    @Override
    public ContactRequestOutcome requestContact(long from, long to, long now) {
        return write(c -> {
            lockUsers(c, from, to);
            if (blocksIn(c, to, from)) return ContactRequestOutcome.BLOCKED;
            if (blocksIn(c, from, to)) return ContactRequestOutcome.BLOCKING;
            if (contactsIn(c, from, to)) {
                return ContactRequestOutcome.ALREADY_CONTACTS;
            }
            if (c.update("DELETE FROM contact_requests WHERE from_id = ? AND to_id = ?", to, from) > 0) {
                c.update("DELETE FROM contact_requests WHERE from_id = ? AND to_id = ?", from, to);
                // (Never there on SQLite, whose writer is one; on PostgreSQL a concurrent accept may be.)
                c.update("INSERT INTO contacts (user_id, peer_id, since) VALUES (?, ?, ?), (?, ?, ?)"
                        + " ON CONFLICT (user_id, peer_id) DO NOTHING", from, to, now, to, from, now);
                return ContactRequestOutcome.BECAME_CONTACTS;
            }
            c.update("INSERT INTO contact_requests (from_id, to_id, at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (from_id, to_id) DO NOTHING", from, to, now);
            return ContactRequestOutcome.REQUESTED;
        });
    }

    @Override
    public ContactRemoval removeContact(long userId, long otherId) {
        return write(c -> {
            lockUsers(c, userId, otherId);
            return removeContactIn(c, userId, otherId);
        });
    }

    /** Ends the contact, or else removes a pending request either way, in the caller's write transaction. */
    private static ContactRemoval removeContactIn(Sql c, long userId, long otherId) throws SQLException {
        int ended = c.update("DELETE FROM contacts WHERE (user_id = ? AND peer_id = ?) OR (user_id = ? AND peer_id = ?)",
                userId, otherId, otherId, userId);
        int requests = c.update("DELETE FROM contact_requests WHERE (from_id = ? AND to_id = ?) OR (from_id = ? AND to_id = ?)",
                userId, otherId, otherId, userId);
        if (ended > 0) return ContactRemoval.CONTACT_ENDED;
        return requests > 0 ? ContactRemoval.REQUEST_REMOVED : ContactRemoval.NOTHING;
    }

    @Override
    public BlockOutcome block(long userId, long otherId, long now, int maxBlocks) {
        return write(c -> {
            lockUsers(c, userId, otherId);
            if (!blocksIn(c, userId, otherId)) {
                long count = c.one("SELECT COUNT(*) FROM blocks WHERE user_id = ?", rs -> rs.getLong(1), userId).orElse(0L);
                if (count >= maxBlocks) return BlockOutcome.refusedTooMany();
                c.update("INSERT INTO blocks (user_id, blocked_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", userId, otherId, now);
            }
            return new BlockOutcome(false, removeContactIn(c, userId, otherId));
        });
    }

    @Override
    public boolean unblock(long userId, long otherId) {
        return write(c -> c.update("DELETE FROM blocks WHERE user_id = ? AND blocked_id = ?", userId, otherId) > 0);
    }

    @Override
    public boolean blocks(long blocker, long blocked) {
        return read(c -> blocksIn(c, blocker, blocked));
    }

    private static boolean blocksIn(Sql c, long blocker, long blocked) throws SQLException {
        return c.exists("SELECT 1 FROM blocks WHERE user_id = ? AND blocked_id = ?", blocker, blocked);
    }

    @Override
    public List<BlockedUser> blockedUsers(long userId, int limit) {
        return read(c -> c.list("SELECT " + USER_COLUMNS + ", b.at FROM blocks b JOIN users u ON u.id = b.blocked_id"
                + " WHERE b.user_id = ? ORDER BY b.at DESC, u.id LIMIT ?", rs -> new BlockedUser(user(rs), rs.getLong("at")),
                userId, limit));
    }

    @Override
    public boolean areContacts(long a, long b) {
        return read(c -> contactsIn(c, a, b));
    }

    /** Whether {@code a} has {@code b} as a contact, in the caller's transaction. */
    protected static boolean contactsIn(Sql c, long a, long b) throws SQLException {
        return c.exists("SELECT 1 FROM contacts WHERE user_id = ? AND peer_id = ?", a, b);
    }

    @Override
    public List<User> contacts(long userId) {
        return contactsSince(userId).stream().map(ContactSince::user).toList();
    }

    @Override
    public List<ContactSince> contactsSince(long userId) {
        List<ContactSince> contacts = read(c -> c.list("SELECT " + USER_COLUMNS + ", k.since FROM contacts k JOIN users u ON u.id = k.peer_id"
                + " WHERE k.user_id = ?", rs -> new ContactSince(user(rs), rs.getLong("since")), userId));
        return contacts.stream().sorted(Comparator.comparing(ContactSince::user, User.byName())).toList();
    }

    @Override
    public List<ContactRequest> incomingRequests(long userId) {
        return read(c -> c.list("SELECT " + USER_COLUMNS + ", r.at FROM contact_requests r JOIN users u ON u.id = r.from_id"
                + " WHERE r.to_id = ? ORDER BY r.at DESC, u.id", rs -> new ContactRequest(user(rs), rs.getLong("at")), userId));
    }

    @Override
    public List<ContactRequest> outgoingRequests(long userId) {
        return read(c -> c.list("SELECT " + USER_COLUMNS + ", r.at FROM contact_requests r JOIN users u ON u.id = r.to_id"
                + " WHERE r.from_id = ? ORDER BY r.at DESC, u.id", rs -> new ContactRequest(user(rs), rs.getLong("at")), userId));
    }

    // ---- presence

    @Override
    public void recordLastSeen(Map<Long, Long> atByUser) {
        if (atByUser.isEmpty()) return;
        // In the order of the ids: on PostgreSQL these row locks and lockUsers' are taken in one order (no deadlock).
        List<Map.Entry<Long, Long>> rows = new ArrayList<>(atByUser.entrySet());
        rows.sort(Map.Entry.comparingByKey());
        write(c -> {
            for (Map.Entry<Long, Long> row : rows) {
                c.update("UPDATE users SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)",
                        row.getValue(), row.getKey(), row.getValue());
            }
            return null;
        });
    }

    @Override
    public Map<Long, Long> contactsLastSeen(long userId) {
        return read(c -> {
            Map<Long, Long> out = new HashMap<>();
            for (long[] row : c.list("SELECT u.id, u.last_seen_at FROM contacts k JOIN users u ON u.id = k.peer_id"
                    + " WHERE k.user_id = ? AND u.last_seen_at IS NOT NULL", rs -> new long[] {rs.getLong(1), rs.getLong(2)}, userId)) {
                out.put(row[0], row[1]);
            }
            return out;
        });
    }

    // ---- administration

    @Override
    public List<AccountSummary> accounts(String afterUsername, int limit) {
        return read(c -> AdminRows.accounts(c, afterUsername, limit));
    }

    @Override
    public Optional<AccountSummary> account(long userId) {
        return read(c -> AdminRows.account(c, userId));
    }

    @Override
    public Optional<List<String>> setDisabled(long userId, boolean disabled, AuditEntry entry) {
        return auditedIfFound(entry, c -> AdminRows.setDisabled(c, userId, disabled, entry.at()));
    }

    @Override
    public Optional<List<String>> resetPassword(long userId, String passwordHash, AuditEntry entry) {
        return auditedIfFound(entry, c -> AdminRows.resetPassword(c, userId, passwordHash));
    }

    /**
     * Runs a change to one account and, when the account was there ({@code change} answers its
     * revoked session ids, or null for no such user), its audit entry in the same transaction.
     */
    private Optional<List<String>> auditedIfFound(AuditEntry entry, Work<List<String>> change) {
        return write(c -> {
            List<String> ids = change.run(c);
            if (ids == null) return Optional.<List<String>>empty();
            AdminRows.audit(c, entry);
            return Optional.of(ids);
        });
    }

    @Override
    public List<String> revokeSessions(long userId, AuditEntry entry) {
        return write(c -> {
            List<String> ids = AdminRows.deleteSessions(c, userId);
            AdminRows.audit(c, entry);
            return ids;
        });
    }

    @Override
    public void audit(AuditEntry entry) {
        write(c -> AdminRows.audit(c, entry));
    }

    @Override
    public List<AuditEntry> auditLog(long afterId, int limit) {
        return read(c -> AdminRows.auditLog(c, afterId, limit));
    }

    @Override
    public List<AuditEntry> latestAudit(int limit) {
        return read(c -> AdminRows.latestAudit(c, limit));
    }

    @Override
    public long lastAuditId() {
        return read(AdminRows::lastAuditId);
    }

    // ---- uploads

    @Override
    public void createUpload(Upload upload) {
        write(c -> {
            UploadRows.insert(c, upload);
            return null;
        });
    }

    @Override
    public boolean finishUpload(Upload upload) {
        return write(c -> UploadRows.finish(c, upload));
    }

    @Override
    public PendingUploads pendingUploads(long ownerId) {
        return read(c -> UploadRows.pending(c, ownerId));
    }

    @Override
    public List<Upload> uploadsOf(long ownerId, List<String> ids) {
        return read(c -> UploadRows.of(c, ownerId, ids));
    }

    @Override
    public Optional<Upload> readableUpload(String id, long readerId) {
        return read(c -> UploadRows.readable(c, id, readerId));
    }

    @Override
    public List<Upload> sweepableUploads(long createdBefore, int limit) {
        return read(c -> UploadRows.sweepable(c, createdBefore, limit));
    }

    @Override
    public boolean deleteUpload(String id) {
        return write(c -> UploadRows.delete(c, id));
    }

    @Override
    public List<String> existingUploads(List<String> ids) {
        return read(c -> UploadRows.existing(c, ids));
    }

    @Override
    public List<String> eraseMessageFiles(long messageId) {
        return write(c -> UploadRows.eraseOfMessage(c, messageId));
    }
}
