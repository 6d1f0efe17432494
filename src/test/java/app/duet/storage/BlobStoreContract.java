package app.duet.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of {@link BlobStore}, one body for every implementation: an implementation's test
 * extends this class once and says how to open its store ({@code DiskBlobStoreTest},
 * {@code PostgresBlobStoreTest}).
 */
public abstract class BlobStoreContract {
    /** Opens the implementation on this test's data; opened again on the same folder, it sees the same blobs. */
    protected abstract BlobStore openBlobs(Path dir);

    @TempDir
    protected Path dir;

    protected BlobStore blobs;

    @BeforeEach
    void open() {
        blobs = openBlobs(dir);
    }

    @AfterEach
    void close() {
        if (blobs != null) blobs.close();
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    byte[] read(String key) throws IOException {
        BlobStore.Blob blob = blobs.open(key).orElseThrow();
        try (InputStream in = blob.content()) {
            byte[] all = in.readAllBytes();
            assertThat(all).hasSize((int) blob.size());
            return all;
        }
    }

    @Test
    void a_blob_put_is_read_back_byte_for_byte_with_its_size() throws IOException {
        byte[] data = bytes(1024 * 1024 + 3, 1); // more than one chunk of any chunked implementation
        assertThat(blobs.put("key-1", new ByteArrayInputStream(data), 2L * 1024 * 1024)).isEqualTo(data.length);
        assertThat(read("key-1")).isEqualTo(data);
        assertThat(blobs.open("key-1").orElseThrow().size()).isEqualTo(data.length);
    }

    @Test
    void an_empty_blob_and_a_blob_of_exactly_the_bound_are_kept() throws IOException {
        assertThat(blobs.put("empty", InputStream.nullInputStream(), 10)).isZero();
        assertThat(read("empty")).isEmpty();
        assertThat(blobs.put("exact", new ByteArrayInputStream(bytes(10, 2)), 10)).isEqualTo(10);
        assertThat(read("exact")).isEqualTo(bytes(10, 2));
    }

    @Test
    void a_blob_deleted_while_open_is_read_whole_or_fails_never_short() throws IOException {
        byte[] small = bytes(100, 7), big = bytes(1024 * 1024 + 3, 8);
        blobs.put("small", new ByteArrayInputStream(small), 2L * 1024 * 1024);
        blobs.put("big", new ByteArrayInputStream(big), 2L * 1024 * 1024);
        BlobStore.Blob openSmall = blobs.open("small").orElseThrow();
        BlobStore.Blob openBig = blobs.open("big").orElseThrow();
        blobs.delete("small");
        blobs.delete("big");
        // a file served while a sweep or a recall deletes it: its response said a length
        try (InputStream in = openSmall.content()) {
            assertThat(in.readAllBytes()).isEqualTo(small);
        }
        try (InputStream in = openBig.content()) {
            byte[] got = in.readAllBytes();
            assertThat(got).as("read whole, if not refused").isEqualTo(big);
        } catch (IOException refused) {
            // cut off: the client sees a failed download, not a shorter file
        }
    }

    @Test
    void a_missing_key_opens_empty() throws IOException {
        assertThat(blobs.open("nothing-here")).isEmpty();
    }

    @Test
    void put_replaces_the_blob_of_the_same_key() throws IOException {
        blobs.put("k", new ByteArrayInputStream("first".getBytes(StandardCharsets.UTF_8)), 100);
        blobs.put("k", new ByteArrayInputStream("second!".getBytes(StandardCharsets.UTF_8)), 100);
        assertThat(new String(read("k"), StandardCharsets.UTF_8)).isEqualTo("second!");
    }

    @Test
    void a_blob_over_the_bound_is_refused_and_keeps_nothing_not_even_over_an_older_one() throws IOException {
        assertThatThrownBy(() -> blobs.put("big", new ByteArrayInputStream(bytes(1001, 3)), 1000))
                .isInstanceOf(BlobStore.TooLargeException.class);
        assertThat(blobs.open("big")).isEmpty();
        blobs.put("k", new ByteArrayInputStream(bytes(5, 4)), 1000);
        assertThatThrownBy(() -> blobs.put("k", new ByteArrayInputStream(bytes(600 * 1024, 5)), 300 * 1024))
                .isInstanceOf(BlobStore.TooLargeException.class);
        assertThat(read("k")).isEqualTo(bytes(5, 4));
        assertThat(blobs.list(null, 100)).containsExactly("k");
    }

    @Test
    void a_content_that_fails_midway_keeps_nothing() throws IOException {
        InputStream failing = new InputStream() {
            int left = 100_000;

            @Override
            public int read() throws IOException {
                if (left-- == 0) throw new IOException("connection dropped");
                return 7;
            }
        };
        assertThatThrownBy(() -> blobs.put("dropped", failing, 1_000_000)).isInstanceOf(IOException.class);
        assertThat(blobs.open("dropped")).isEmpty();
        assertThat(blobs.list(null, 100)).isEmpty();
    }

    @Test
    void delete_removes_a_blob_and_says_whether_there_was_one() throws IOException {
        blobs.put("gone", new ByteArrayInputStream(bytes(10, 6)), 100);
        assertThat(blobs.delete("gone")).isTrue();
        assertThat(blobs.open("gone")).isEmpty();
        assertThat(blobs.delete("gone")).isFalse();
    }

    @Test
    void list_pages_through_every_key_in_order() throws IOException {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String key = (char) ('a' + i % 5) + "k" + i + (i % 2 == 0 ? "-t" : "");
            keys.add(key);
            blobs.put(key, new ByteArrayInputStream(bytes(3, i)), 10);
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        while (true) {
            List<String> page = blobs.list(after, 7);
            if (page.isEmpty()) break;
            assertThat(page.size()).isLessThanOrEqualTo(7);
            seen.addAll(page);
            after = page.getLast();
        }
        assertThat(seen).isSorted().containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void blobs_outlive_a_reopen() throws IOException {
        blobs.put("kept", new ByteArrayInputStream(bytes(100, 7)), 1000);
        blobs.close();
        blobs = openBlobs(dir);
        assertThat(read("kept")).isEqualTo(bytes(100, 7));
    }

    @Test
    void a_key_that_could_name_a_path_is_refused() {
        for (String bad : List.of("../x", "a/b", "", ".", "a b", "x".repeat(101))) {
            assertThatThrownBy(() -> blobs.put(bad, InputStream.nullInputStream(), 10)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> blobs.open(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
