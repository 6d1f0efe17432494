package app.duet.storage.postgres;

import app.duet.storage.BlobStore;
import app.duet.storage.StorageException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Blobs in PostgreSQL, so that every node of a cluster reads what any node stored: the
 * {@code blobs} and {@code blob_chunks} tables of V6, a blob in chunks of {@value #CHUNK} bytes
 * written in one transaction (the {@code blobs} row last), read back a chunk per query so a big file
 * never sits whole in memory. Its own small pool, so serving a large file never holds one of the
 * connections that messages need. The tables are made by {@link PostgresStore}'s migrations:
 * open the store first.
 */
public final class PostgresBlobStore implements BlobStore {
    static final int CHUNK = 256 * 1024;
    private static final int POOL_SIZE = 4;

    private final HikariDataSource pool;

    private PostgresBlobStore(HikariDataSource pool) {
        this.pool = pool;
    }

    public static PostgresBlobStore connect(String url) {
        PostgresUrl u = PostgresUrl.parse(url);
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("duet-postgres-blobs");
        hc.setJdbcUrl(u.jdbcUrl());
        if (u.user() != null) hc.setUsername(u.user());
        if (u.password() != null) hc.setPassword(u.password());
        hc.setMaximumPoolSize(POOL_SIZE);
        hc.setMinimumIdle(1);
        hc.setAutoCommit(false);
        hc.setConnectionTimeout(10_000);
        hc.addDataSourceProperty("ApplicationName", "duet-blobs");
        try {
            return new PostgresBlobStore(new HikariDataSource(hc));
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to the database " + u, e);
        }
    }

    @Override
    public long put(String key, InputStream content, long maxBytes) throws IOException {
        BlobStore.checkKey(key);
        try (Connection c = pool.getConnection()) {
            try {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM blob_chunks WHERE key = ?");
                     PreparedStatement delRow = c.prepareStatement("DELETE FROM blobs WHERE key = ?")) {
                    delRow.setString(1, key);
                    delRow.executeUpdate();
                    del.setString(1, key);
                    del.executeUpdate();
                }
                long size = 0;
                int chunk = 0;
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO blob_chunks (key, chunk, data) VALUES (?, ?, ?)")) {
                    while (true) {
                        byte[] buf = content.readNBytes(CHUNK);
                        if (buf.length == 0) break;
                        size += buf.length;
                        if (size > maxBytes) throw new TooLargeException(maxBytes);
                        ins.setString(1, key);
                        ins.setInt(2, chunk++);
                        ins.setBytes(3, buf);
                        ins.executeUpdate();
                        if (buf.length < CHUNK) break;
                    }
                }
                try (PreparedStatement row = c.prepareStatement("INSERT INTO blobs (key, size, created_at) VALUES (?, ?, ?)")) {
                    row.setString(1, key);
                    row.setLong(2, size);
                    row.setLong(3, System.currentTimeMillis());
                    row.executeUpdate();
                }
                c.commit(); // durable as PostgreSQL's commit (synchronous_commit)
                return size;
            } catch (SQLException | IOException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("storing a blob failed", e);
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public Optional<Blob> open(String key) throws IOException {
        BlobStore.checkKey(key);
        // the size and the first chunk in one statement, so one snapshot: a blob deleted (swept,
        // recalled) after its size was read would otherwise be answered with a length and no bytes
        Optional<Blob> blob = query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT b.size, k.data FROM blobs b"
                    + " LEFT JOIN blob_chunks k ON k.key = b.key AND k.chunk = 0 WHERE b.key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.<Blob>empty();
                    long size = rs.getLong(1);
                    byte[] first = rs.getBytes(2);
                    if (first == null && size > 0) return Optional.<Blob>empty();
                    return Optional.of(new Blob(size, new ChunkStream(key, size, first == null ? new byte[0] : first)));
                }
            }
        });
        return blob;
    }

    /**
     * Reads a blob a chunk at a time, each chunk one short query, the first read with the size. A
     * chunk missing before {@code size} bytes came (the blob was deleted meanwhile) is an error,
     * not an early end, so a response is cut off rather than shorter than it said.
     */
    private final class ChunkStream extends InputStream {
        private final String key;
        private final long size;
        private long delivered;
        private int next = 1;
        private byte[] chunk;
        private int pos;
        private boolean ended;

        ChunkStream(String key, long size, byte[] first) {
            this.key = key;
            this.size = size;
            this.chunk = first;
        }

        private boolean fill() throws IOException {
            if (pos < chunk.length) return true;
            if (ended) return false;
            if (delivered + chunk.length >= size) {
                ended = true;
                return false;
            }
            delivered += chunk.length;
            int index = next++;
            byte[] data = query(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT data FROM blob_chunks WHERE key = ? AND chunk = ?")) {
                    ps.setString(1, key);
                    ps.setInt(2, index);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getBytes(1) : null;
                    }
                }
            });
            if (data == null || data.length == 0) throw new IOException("blob " + key + " ended at " + delivered + " of " + size + " bytes");
            chunk = data;
            pos = 0;
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (!fill()) return -1;
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        BlobStore.checkKey(key);
        return query(c -> {
            int rows;
            try (PreparedStatement row = c.prepareStatement("DELETE FROM blobs WHERE key = ?");
                 PreparedStatement chunks = c.prepareStatement("DELETE FROM blob_chunks WHERE key = ?")) {
                row.setString(1, key);
                rows = row.executeUpdate();
                chunks.setString(1, key);
                chunks.executeUpdate();
            }
            c.commit();
            return rows > 0;
        });
    }

    @Override
    public List<String> list(String afterKey, int limit) throws IOException {
        return query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT key FROM blobs WHERE key > ? ORDER BY key LIMIT ?")) {
                ps.setString(1, afterKey == null ? "" : afterKey);
                ps.setInt(2, limit);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
                return out;
            }
        });
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** One short transaction (rolled back unless the work committed it). */
    private <T> T query(Work<T> work) throws IOException {
        try (Connection c = pool.getConnection()) {
            try {
                return work.run(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IOException("reading blobs failed", e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
