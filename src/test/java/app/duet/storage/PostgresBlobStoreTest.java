package app.duet.storage;

import app.duet.storage.postgres.PostgresBlobStore;
import app.duet.storage.postgres.PostgresStore;
import app.duet.testing.TestPostgres;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The {@link BlobStore} contract in PostgreSQL (a database of its own per test, made by the store's migrations). */
class PostgresBlobStoreTest extends BlobStoreContract {
    private static final Map<Path, String> DATABASES = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();

    @Override
    protected BlobStore openBlobs(Path dir) {
        String url = TestPostgres.databaseUrl(DATABASES.computeIfAbsent(dir, d -> "blobs_" + NEXT.incrementAndGet()));
        PostgresStore.open(url).close(); // makes the tables
        return PostgresBlobStore.connect(url);
    }
}
