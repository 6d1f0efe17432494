package app.duet.storage.blobs;

import app.duet.storage.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Blobs as files in the data folder ({@code DATA/files}, beside {@code duet.db}, so a copy of the
 * folder is a complete backup), one file per key in a subfolder named by the key's first two
 * characters. A blob is written to {@code files/tmp} first, flushed to disk (fsync), then renamed
 * into place atomically and its folder fsynced: a crash leaves either the whole blob or none
 * (and perhaps a temp file, removed at the next start). Files are private (0600, folders 0700)
 * where the file system has POSIX permissions.
 */
public final class DiskBlobStore implements BlobStore {
    private static final int BUFFER = 64 * 1024;

    private final Path root;
    private final Path tmp;

    private DiskBlobStore(Path root) {
        this.root = root;
        this.tmp = root.resolve("tmp");
    }

    /** Opens (creating) {@code folder}, and clears what a crash left in its temp folder. */
    public static DiskBlobStore open(Path folder) {
        DiskBlobStore store = new DiskBlobStore(folder);
        try {
            mkdirs(folder);
            mkdirs(store.tmp);
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(store.tmp)) {
                for (Path p : leftovers) Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the files folder " + folder + ": " + e.getMessage(), e);
        }
        return store;
    }

    private static void mkdirs(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: its own rules apply
        }
    }

    private Path pathOf(String key) {
        BlobStore.checkKey(key);
        return root.resolve(shard(key)).resolve(key);
    }

    private static String shard(String key) {
        return key.length() >= 2 ? key.substring(0, 2) : "_" + key;
    }

    @Override
    public long put(String key, InputStream content, long maxBytes) throws IOException {
        Path target = pathOf(key);
        Path temp = tmp.resolve(UUID.randomUUID() + ".part");
        boolean done = false;
        try {
            long size = 0;
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                restrict(temp);
                byte[] buf = new byte[BUFFER];
                int n;
                while ((n = content.read(buf)) != -1) {
                    size += n;
                    if (size > maxBytes) throw new TooLargeException(maxBytes);
                    out.write(buf, 0, n);
                }
                out.flush();
                ch.force(true); // the bytes are on disk before the rename makes them visible
            }
            mkdirs(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the files folder does not support atomic renames", e);
            }
            syncDirectory(target.getParent()); // and the rename itself survives a crash
            done = true;
            return size;
        } finally {
            if (!done) Files.deleteIfExists(temp);
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory; the file itself was forced
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) throw e;
        }
    }

    @Override
    public Optional<Blob> open(String key) throws IOException {
        Path p = pathOf(key);
        try {
            InputStream in = Files.newInputStream(p);
            return Optional.of(new Blob(Files.size(p), in));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        return Files.deleteIfExists(pathOf(key));
    }

    @Override
    public List<String> list(String afterKey, int limit) throws IOException {
        // Shards in order, keys in order within each: the whole key order, as keys begin with their shard.
        TreeSet<String> shards = new TreeSet<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (!name.equals("tmp")) shards.add(name);
            }
        }
        List<String> out = new ArrayList<>();
        for (String shard : shards) {
            if (afterKey != null && shard.compareTo(shard(afterKey)) < 0) continue;
            TreeSet<String> keys = new TreeSet<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(root.resolve(shard))) {
                for (Path f : files) {
                    String key = f.getFileName().toString();
                    if (afterKey == null || key.compareTo(afterKey) > 0) keys.add(key);
                }
            }
            for (String k : keys) {
                if (out.size() >= limit) return out;
                out.add(k);
            }
        }
        return out;
    }

    @Override
    public void close() {
        // nothing held open
    }
}
