package app.duet.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where the bytes of uploaded files live, apart from the rows that name them. Keys are short
 * strings of {@code A-Z a-z 0-9 _ -} (an upload's id, or it with a suffix). Every implementation
 * passes the same contract suite ({@code BlobStoreContract} in the tests): on local disk in the data
 * folder ({@code DiskBlobStore}), or in PostgreSQL for many nodes ({@code PostgresBlobStore}).
 */
public interface BlobStore extends AutoCloseable {

    /** A blob bigger than the bound given to {@link #put}: nothing was kept. */
    final class TooLargeException extends IOException {
        public TooLargeException(long maxBytes) {
            super("the blob is larger than " + maxBytes + " bytes");
        }
    }

    /** A blob opened for reading: its size and its bytes (the caller closes the stream). */
    record Blob(long size, InputStream content) { }

    /**
     * Stores {@code content} (read to its end) under {@code key}, replacing any blob of that key,
     * and returns its size once it is durable; nothing is visible under the key until then.
     *
     * @throws TooLargeException if it holds more than {@code maxBytes} bytes (nothing is kept)
     * @throws IOException       if the content cannot be read or stored (nothing is kept)
     */
    long put(String key, InputStream content, long maxBytes) throws IOException;

    /** The blob, or empty if there is none under {@code key}. */
    Optional<Blob> open(String key) throws IOException;

    /** @return whether there was a blob under {@code key} (it is gone now) */
    boolean delete(String key) throws IOException;

    /** At most {@code limit} keys after {@code afterKey} (null: from the first), in key order, for sweeping. */
    List<String> list(String afterKey, int limit) throws IOException;

    /** Checks that a key is one this interface accepts. */
    static String checkKey(String key) {
        if (key == null || !key.matches("[A-Za-z0-9_\\-]{1,100}")) throw new IllegalArgumentException("bad blob key");
        return key;
    }

    @Override
    void close();
}
