package app.duet.storage.sqlite;

import app.duet.storage.StorageException;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A consistent copy of a data folder's {@code duet.db} taken while a server may be writing to it
 * ({@code VACUUM INTO}: one read transaction, so the copy is the database as of one commit, every
 * message acknowledged before it began included; the server's writes go on meanwhile, WAL lets
 * them), and the checks a restore makes of such a copy.
 */
public final class SqliteSnapshot {
    /** What a copy holds, for the operator to see. */
    public record Summary(int schemaVersion, long users, long messages) { }

    private SqliteSnapshot() { }

    /** The database file of a data folder. */
    public static Path databaseOf(Path dataDir) {
        return dataDir.resolve("duet.db");
    }

    /**
     * Copies the data folder's database to {@code target} (which must not exist).
     * @throws StorageException if there is no database or it cannot be read
     */
    public static Summary copy(Path dataDir, Path target) {
        Path db = databaseOf(dataDir);
        if (!Files.isRegularFile(db)) throw new StorageException("there is no Duet database at " + db.toAbsolutePath(), null);
        try (Connection c = open(db, true); Statement st = c.createStatement()) {
            st.execute("VACUUM INTO '" + target.toAbsolutePath().toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new StorageException("cannot copy the database " + db.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return check(target);
    }

    /**
     * Checks a copy: SQLite's own integrity check, and a schema this build knows (a copy from a
     * newer Duet is refused, as the server would refuse it).
     * @throws StorageException saying what is wrong
     */
    public static Summary check(Path dbFile) {
        try (Connection c = open(dbFile, true); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                String first = rs.next() ? rs.getString(1) : "no answer";
                if (!"ok".equals(first)) throw new StorageException("the database copy is damaged: " + first, null);
            }
            int version;
            try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > SqliteStore.MIGRATIONS.latestVersion()) {
                throw new StorageException("the copy is at schema version " + version + " but this build of Duet knows only up to "
                        + SqliteStore.MIGRATIONS.latestVersion() + "; restore it with a newer Duet", null);
            }
            return new Summary(version, count(st, "users"), count(st, "messages"));
        } catch (SQLException e) {
            throw new StorageException("cannot read the database copy " + dbFile.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static long count(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static Connection open(Path db, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout(10_000);
        return DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath(), config.toProperties());
    }
}
