package app.duet.storage.jdbc;

import app.duet.storage.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned SQL migrations: {@code /db/<dialect>/V1__*.sql, V2__*.sql, ...} on the classpath,
 * applied in order, each in its own transaction, recorded in {@code schema_version}.
 * A database newer than this build is refused rather than guessed at.
 */
public final class Migrations {
    private final String dialect;
    private final List<String> files;

    /** @param files the migration file names in version order, e.g. "V1__init.sql" */
    public Migrations(String dialect, List<String> files) {
        this.dialect = dialect;
        this.files = List.copyOf(files);
    }

    public int latestVersion() { return files.size(); }

    /** @return the schema version now in force */
    public int migrate(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
        }
        int current = Sql.on(c).one("SELECT COALESCE(MAX(version), 0) FROM schema_version", rs -> rs.getInt(1)).orElse(0);
        if (current > latestVersion()) {
            throw new StorageException("the database is at schema version " + current
                    + " but this build of Duet knows only up to " + latestVersion() + "; run a newer Duet", null);
        }
        c.setAutoCommit(false);
        try {
            for (int v = current + 1; v <= latestVersion(); v++) {
                for (String sql : statements(read(files.get(v - 1)))) {
                    try (Statement st = c.createStatement()) {
                        st.execute(sql);
                    }
                }
                Sql.on(c).update("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", v, System.currentTimeMillis());
                c.commit();
            }
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return latestVersion();
    }

    private String read(String file) {
        String path = "/db/" + dialect + "/" + file;
        try (InputStream in = Migrations.class.getResourceAsStream(path)) {
            if (in == null) throw new StorageException("missing migration " + path, null);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StorageException("cannot read migration " + path, e);
        }
    }

    /** Splits a script on semicolons at line ends, dropping {@code --} comments. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            int comment = line.indexOf("--");
            String code = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (code.isEmpty()) continue;
            current.append(code).append('\n');
            if (code.endsWith(";")) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) out.add(current.toString().strip());
        return out;
    }
}
