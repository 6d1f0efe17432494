package app.duet.storage.jdbc;

import app.duet.model.AccountSummary;
import app.duet.model.AuditEntry;
import app.duet.storage.PendingUploads;
import app.duet.storage.Store;
import app.duet.storage.Upload;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What the SQL adapters share word for word: the parts of {@link Store} whose statements are the
 * same on SQLite and PostgreSQL ({@link AdminRows}, {@link UploadRows}), written once over the two
 * transactions each adapter runs its own way ({@link #read}, {@link #write}).
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
