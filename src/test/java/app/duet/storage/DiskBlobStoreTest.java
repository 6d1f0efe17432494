package app.duet.storage;

import app.duet.storage.blobs.DiskBlobStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@link BlobStore} contract on local disk, and what only files on disk promise. */
class DiskBlobStoreTest extends BlobStoreContract {
    @Override
    protected BlobStore openBlobs(Path dir) {
        return DiskBlobStore.open(dir.resolve("files"));
    }

    @Test
    void blobs_are_private_files_in_the_folder_and_no_temp_file_is_left() throws IOException {
        blobs.put("AbCdEf", new ByteArrayInputStream(new byte[] {1, 2, 3}), 10);
        Path file = dir.resolve("files").resolve("Ab").resolve("AbCdEf");
        assertThat(file).exists().hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("files")))).isEqualTo("rwx------");
        try (Stream<Path> tmp = Files.list(dir.resolve("files").resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void a_temp_file_left_by_a_crash_is_removed_at_the_next_start() throws IOException {
        Path leftover = dir.resolve("files").resolve("tmp").resolve("x.part");
        Files.write(leftover, new byte[] {9});
        blobs.close();
        blobs = openBlobs(dir);
        assertThat(leftover).doesNotExist();
        assertThat(blobs.list(null, 10)).isEmpty();
    }
}
