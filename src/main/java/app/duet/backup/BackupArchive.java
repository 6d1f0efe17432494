package app.duet.backup;

import app.duet.Json;
import app.duet.storage.StorageException;
import app.duet.storage.sqlite.SqliteSnapshot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A backup of an embedded (SQLite) Duet as one ZIP file: {@code duet-backup.json} (what it is and
 * holds), {@code duet.db} (a consistent copy, {@link SqliteSnapshot}) and every file under the
 * data folder's {@code files/} but {@code files/tmp} (uploaded pictures and files, kept beside the database). Taken
 * while the server runs; restored into an empty data folder.
 *
 * <p>The database is copied first, then the files: a file uploaded after the copy is simply not
 * needed by it, and a file erased between the two (a recalled message's) is one the copy names
 * but the restored server no longer serves, as it would not after the recall either.
 */
public final class BackupArchive {
    static final String MANIFEST = "duet-backup.json";
    static final String DATABASE = "duet.db";
    static final String FILES = "files/";
    static final int FORMAT = 1;
    /** A restore reads at most this many entries: a backup is ours, but a damaged one must not run away. */
    static final int MAX_ENTRIES = 10_000_000;

    /** What a backup holds. */
    public record Summary(int schemaVersion, long users, long messages, long files, long bytes) { }

    private BackupArchive() { }

    /**
     * Writes a backup of {@code dataDir} to {@code target}: built beside it under a temporary name,
     * synced, then renamed, so {@code target} is either the old file or the whole new backup.
     * Readable by its owner only (it holds every message and the password hashes).
     */
    public static Summary create(Path dataDir, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path snapshot = dir.resolve("." + target.getFileName() + ".db.partial");
        Path partial = dir.resolve("." + target.getFileName() + ".partial");
        Files.deleteIfExists(snapshot);
        Files.deleteIfExists(partial);
        try {
            SqliteSnapshot.Summary db = snapshot(() -> SqliteSnapshot.copy(dataDir, snapshot));
            long files = 0;
            long bytes = 0;
            createPrivate(partial);
            try (OutputStream raw = Files.newOutputStream(partial, StandardOpenOption.WRITE);
                 ZipOutputStream zip = new ZipOutputStream(raw)) {
                List<Path> uploads = filesUnder(dataDir.resolve("files"));
                ObjectNode manifest = Json.object();
                manifest.put("format", FORMAT);
                manifest.put("createdAt", Instant.now().toString());
                manifest.put("schemaVersion", db.schemaVersion());
                manifest.put("users", db.users());
                manifest.put("messages", db.messages());
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(Json.write(manifest).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                bytes += add(zip, DATABASE, snapshot);
                for (Path f : uploads) {
                    String name = FILES + dataDir.resolve("files").relativize(f).toString().replace('\\', '/');
                    try {
                        bytes += add(zip, name, f);
                        files++;
                    } catch (java.nio.file.NoSuchFileException erasedMeanwhile) {
                        // erased since the listing (see the class comment)
                    }
                }
            }
            try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Summary(db.schemaVersion(), db.users(), db.messages(), files, bytes);
        } finally {
            Files.deleteIfExists(snapshot);
            Files.deleteIfExists(partial);
        }
    }

    /**
     * Restores a backup into {@code dataDir}, which must not exist or be empty: the server that
     * then starts on it brings the schema up to date as usual. Only the entries a backup has are
     * accepted (no path leaves the folder); the database copy is checked before it is put in place.
     */
    public static Summary restore(Path backup, Path dataDir) throws IOException {
        if (Files.exists(dataDir) && (!Files.isDirectory(dataDir) || !isEmpty(dataDir))) {
            throw new BackupException("the data folder " + dataDir.toAbsolutePath()
                    + " is not empty: restore into a new folder, then point Duet at it", null);
        }
        Path root = dataDir.toAbsolutePath().normalize();
        createPrivateDir(root);
        boolean sawManifest = false;
        boolean sawDatabase = false;
        long files = 0;
        long bytes = 0;
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(backup))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (++entries > MAX_ENTRIES) throw new BackupException("the backup has too many entries", null);
                String name = e.getName();
                if (name.equals(MANIFEST)) {
                    JsonNode manifest = Json.MAPPER.readTree(zip.readNBytes(64 * 1024));
                    if (manifest.path("format").asInt() != FORMAT) {
                        throw new BackupException("not a backup this Duet can read (format " + manifest.path("format") + ")", null);
                    }
                    sawManifest = true;
                } else if (name.equals(DATABASE)) {
                    bytes += extract(zip, root.resolve(DATABASE));
                    sawDatabase = true;
                } else if (name.startsWith(FILES) && !e.isDirectory()) {
                    Path to = root.resolve(name).normalize();
                    if (!to.startsWith(root.resolve("files")) || name.contains("\\")) {
                        throw new BackupException("the backup names a file outside the data folder: " + name, null);
                    }
                    createPrivateDirs(root, to.getParent());
                    bytes += extract(zip, to);
                    files++;
                } else if (!e.isDirectory()) {
                    throw new BackupException("not a Duet backup: it holds " + name, null);
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new BackupException("not a Duet backup (" + e.getMessage() + ")", e);
        }
        if (!sawManifest || !sawDatabase) throw new BackupException("not a Duet backup: no " + (sawManifest ? DATABASE : MANIFEST), null);
        SqliteSnapshot.Summary db = snapshot(() -> SqliteSnapshot.check(root.resolve(DATABASE)));
        return new Summary(db.schemaVersion(), db.users(), db.messages(), files, bytes);
    }

    /** The database's own refusals (no database, damaged, too new), as the operator's. */
    private static SqliteSnapshot.Summary snapshot(java.util.function.Supplier<SqliteSnapshot.Summary> work) {
        try {
            return work.get();
        } catch (StorageException e) {
            throw new BackupException(e.getMessage(), e);
        }
    }

    private static long add(ZipOutputStream zip, String name, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            zip.putNextEntry(new ZipEntry(name));
            long n = in.transferTo(zip);
            zip.closeEntry();
            return n;
        }
    }

    private static long extract(ZipInputStream zip, Path to) throws IOException {
        createPrivate(to);
        long n;
        try (OutputStream out = Files.newOutputStream(to, StandardOpenOption.WRITE)) {
            n = zip.transferTo(out);
        }
        try (FileChannel ch = FileChannel.open(to, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        return n;
    }

    /** Regular files (not links) under {@code dir}, in a stable order; none if it does not exist. */
    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            // files/tmp holds uploads being written: not yet anything's, never complete.
            Path tmp = dir.resolve("tmp");
            return new ArrayList<>(s.filter(p -> !p.startsWith(tmp) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList());
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void createPrivate(Path file) throws IOException {
        if (posix()) Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        else Files.createFile(file);
    }

    private static void createPrivateDir(Path dir) throws IOException {
        if (Files.exists(dir)) {
            if (posix()) Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            return;
        }
        Files.createDirectories(dir.getParent());
        if (posix()) Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        else Files.createDirectory(dir);
    }

    /** Creates {@code dir} and the folders between it and {@code root}, each private. */
    private static void createPrivateDirs(Path root, Path dir) throws IOException {
        if (dir.equals(root) || Files.isDirectory(dir)) return;
        createPrivateDirs(root, dir.getParent());
        createPrivateDir(dir);
    }
}
