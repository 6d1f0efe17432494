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
 *
 * <p>A statement after a line {@value #OUTSIDE_TRANSACTION} runs on its own, outside the
 * version's transaction (PostgreSQL's {@code CREATE INDEX CONCURRENTLY}, which builds an index
 * without blocking the writes of nodes still running): what came before it is committed first. A
 * version with such a statement may be cut off after part of it is committed, and is then run
 * again from the top on the next start, so every statement in it must be safe to run twice.
 */
public final class Migrations {
    /** The comment line that puts the next statement outside the version's transaction. */
    static final String OUTSIDE_TRANSACTION = "-- duet:outside-transaction";

    /** One statement of a migration, and whether it runs outside the version's transaction. */
    record Step(String sql, boolean outsideTransaction) { }

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
                for (Step step : steps(read(files.get(v - 1)))) {
                    if (step.outsideTransaction()) {
                        c.commit();
                        c.setAutoCommit(true);
                    }
                    try (Statement st = c.createStatement()) {
                        st.execute(step.sql());
                    } finally {
                        c.setAutoCommit(false);
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

    /**
     * Splits a script on semicolons at line ends, dropping {@code --} comments; a statement after
     * a line {@value #OUTSIDE_TRANSACTION} is marked so.
     */
    static List<Step> steps(String script) {
        List<Step> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean outside = false;
        for (String line : script.split("\n", -1)) {
            if (line.strip().equals(OUTSIDE_TRANSACTION)) {
                if (!current.toString().isBlank()) throw new StorageException("'" + OUTSIDE_TRANSACTION + "' inside a statement", null);
                outside = true;
                continue;
            }
            int comment = line.indexOf("--");
            String code = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (code.isEmpty()) continue;
            current.append(code).append('\n');
            if (code.endsWith(";")) {
                out.add(new Step(current.toString().strip(), outside));
                current.setLength(0);
                outside = false;
            }
        }
        if (!current.toString().isBlank()) out.add(new Step(current.toString().strip(), outside));
        return out;
    }
}
