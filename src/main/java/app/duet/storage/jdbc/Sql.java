package app.duet.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Just enough JDBC to keep adapters readable: bind positional arguments, map rows. An instance
 * made by {@link #caching} keeps its prepared statements for the life of its connection (the hot
 * write path runs the same few statements for every message; preparing them was a third of the
 * group committer's time). Not thread-safe: one thread uses an instance at a time.
 */
public final class Sql implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> cache;

    private Sql(Connection connection, Map<String, PreparedStatement> cache) {
        this.connection = connection;
        this.cache = cache;
    }

    /**
     * A LIKE pattern (with {@code ESCAPE '!'}) that matches any text containing {@code text}
     * literally: its own {@code %}, {@code _} and {@code !} are escaped.
     */
    public static String containsPattern(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8).append('%');
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '%' || ch == '_' || ch == '!') b.append('!');
            b.append(ch);
        }
        return b.append('%').toString();
    }

    /** Prepares every statement afresh and closes it after use. */
    public static Sql on(Connection connection) {
        return new Sql(connection, null);
    }

    /** Keeps prepared statements until {@link #close()}. */
    public static Sql caching(Connection connection) {
        return new Sql(connection, new HashMap<>());
    }

    public Connection connection() { return connection; }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        PreparedStatement ps = prepare(sql, args);
        try (ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) out.add(mapper.map(rs));
            return out;
        } finally {
            release(ps);
        }
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        PreparedStatement ps = prepare(sql, args);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
        } finally {
            release(ps);
        }
    }

    public boolean exists(String sql, Object... args) throws SQLException {
        PreparedStatement ps = prepare(sql, args);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        } finally {
            release(ps);
        }
    }

    /** @return the number of rows changed */
    public int update(String sql, Object... args) throws SQLException {
        PreparedStatement ps = prepare(sql, args);
        try {
            return ps.executeUpdate();
        } finally {
            release(ps);
        }
    }

    /** Runs a statement without arguments or rows, such as BEGIN or COMMIT. */
    public void execute(String sql) throws SQLException {
        PreparedStatement ps = prepare(sql);
        try {
            ps.execute();
        } finally {
            release(ps);
        }
    }

    /** Runs a statement with a RETURNING clause that yields one long. */
    public long returningLong(String sql, Object... args) throws SQLException {
        PreparedStatement ps = prepare(sql, args);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw new SQLException("no row returned by: " + sql);
            return rs.getLong(1);
        } finally {
            release(ps);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = cache == null ? null : cache.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            if (cache != null) cache.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        try {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            return ps;
        } catch (SQLException e) {
            release(ps);
            throw e;
        }
    }

    private void release(PreparedStatement ps) throws SQLException {
        if (cache == null) ps.close();
    }

    /** Closes the cached statements (not the connection). */
    @Override
    public void close() throws SQLException {
        if (cache == null) return;
        for (PreparedStatement ps : cache.values()) ps.close();
        cache.clear();
    }
}
