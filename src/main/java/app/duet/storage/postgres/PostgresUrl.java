package app.duet.storage.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A database URL as operators write it, {@code postgresql://USER:PASSWORD@HOST:PORT/DB?PARAMS}
 * ({@code postgres://} too; user, password and port optional; user and password percent-encoded),
 * split into what the JDBC driver takes: a {@code jdbc:postgresql:} URL without the credentials,
 * the user and the password. {@link #toString()} never shows the password.
 */
public record PostgresUrl(String jdbcUrl, String user, String password) {

    /** @throws IllegalArgumentException if {@code url} is not a PostgreSQL URL */
    public static PostgresUrl parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            // the input may hold a password: say where it is wrong, not what it is
            throw new IllegalArgumentException("the database URL is not a URL (at index " + e.getIndex() + ")", null);
        }
        String scheme = uri.getScheme();
        if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
            throw new IllegalArgumentException("the database URL must begin with postgresql:// or postgres://");
        }
        if (uri.getRawAuthority() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("the database URL names no host: postgresql://USER:PASSWORD@HOST:PORT/DB");
        }
        String db = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (db.isEmpty() || db.contains("/")) {
            throw new IllegalArgumentException("the database URL names no database: postgresql://USER:PASSWORD@HOST:PORT/DB");
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + "/" + db
                + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        return new PostgresUrl(jdbc, user, password);
    }

    /** Whether {@code url} is meant for this adapter (it may still be malformed). */
    public static boolean isPostgres(String url) {
        return url.startsWith("postgresql://") || url.startsWith("postgres://");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The JDBC URL and the user; the password only as whether there is one. */
    @Override
    public String toString() {
        return jdbcUrl + " as " + (user == null ? "the default user" : user) + (password == null ? "" : " (with a password)");
    }
}
