package app.duet.storage.sqlite;

import app.duet.storage.StorageException;
import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * Keeps the data folder private (0700) and the database files owner-only (0600): they hold every
 * message and the password hashes, and must not be readable by other local users whatever the
 * umask or the mode of a folder that already existed.
 *
 * <p>SQLite creates {@code duet.db-wal} and {@code duet.db-shm} lazily, giving them the mode of
 * {@code duet.db}; so {@code duet.db} is created 0600 before SQLite opens it, and the three files
 * are set to 0600 again once it is open (older files from a looser past).
 * A folder that Duet does not own cannot be made private: Duet refuses to start and says how to
 * fix it. On a file system without POSIX permissions only the folder is created.
 */
final class Privacy {
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private Privacy() { }

    /** Creates the folder if needed and makes it and an existing {@code db} private. */
    static void prepare(Path dir, Path db) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.exists(dir)) {
                Files.createDirectories(dir);
                if (posix) Files.setPosixFilePermissions(dir, FOLDER);
            } else if (!Files.isDirectory(dir)) {
                throw new StorageException("the data folder " + dir.toAbsolutePath() + " is not a folder", null);
            } else if (posix) {
                makeFolderPrivate(dir);
            }
            if (posix && !Files.exists(db)) {
                Files.createFile(db, PosixFilePermissions.asFileAttribute(FILE));   // SQLite takes an empty file as a new database
            }
        } catch (IOException e) {
            throw new StorageException("cannot create the data folder " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        if (posix) restrictDatabaseFiles(db);
    }

    /** Sets {@code duet.db} and its -wal, -shm and -journal files, those that exist, to 0600. */
    static void restrictDatabaseFiles(Path db) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) return;
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            Path f = db.resolveSibling(db.getFileName() + suffix);
            try {
                if (Files.exists(f) && !Files.getPosixFilePermissions(f).equals(FILE)) Files.setPosixFilePermissions(f, FILE);
            } catch (IOException e) {
                throw new StorageException("cannot make " + f.toAbsolutePath() + " readable by its owner only (" + e.getMessage()
                        + "). Fix it with: chmod 600 " + f.toAbsolutePath() + ", as the user who owns it.", e);
            }
        }
    }

    private static void makeFolderPrivate(Path dir) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
        if (mode.equals(FOLDER)) return;
        Path abs = dir.toAbsolutePath();
        Long owner = uid(dir);
        long me = new UnixSystem().getUid();
        if (owner != null && owner != me) {
            throw new StorageException("the data folder " + abs + " is open to other users (" + PosixFilePermissions.toString(mode)
                    + ") and belongs to " + Files.getOwner(dir).getName() + ", not to " + System.getProperty("user.name")
                    + " who runs Duet, so Duet cannot make it private. Fix it: run Duet as its owner, or `chown "
                    + System.getProperty("user.name") + " " + abs + "`, or `chmod 700 " + abs + "` as its owner.", null);
        }
        try {
            Files.setPosixFilePermissions(dir, FOLDER);
        } catch (IOException e) {
            throw new StorageException("the data folder " + abs + " is open to other users (" + PosixFilePermissions.toString(mode)
                    + ") and Duet cannot make it private (" + e.getMessage() + "). Fix it with `chmod 700 " + abs + "`.", e);
        }
    }

    /** The numeric owner of {@code path}, or null where the file system does not say. */
    private static Long uid(Path path) {
        try {
            return ((Number) Files.getAttribute(path, "unix:uid")).longValue();
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return null;
        }
    }
}
