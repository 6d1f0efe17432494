package app.duet.storage;

import app.duet.model.User;
import app.duet.storage.postgres.PostgresStore;
import app.duet.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link Store} contract on the PostgreSQL adapter, over a real PostgreSQL started once per test
 * JVM ({@link TestPostgres}); each test's folder names a database of its own.
 */
class PostgresStoreTest extends StoreContract {
    private static final Map<Path, String> DATABASES = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();

    /** The database that stands for {@code dir}: the same one every time it is asked for. */
    private static String databaseOf(Path dir) {
        return DATABASES.computeIfAbsent(dir, d -> "contract_" + NEXT.incrementAndGet());
    }

    @Override
    protected Store openStore(Path dir) {
        return PostgresStore.open(TestPostgres.databaseUrl(databaseOf(dir)));
    }

    @Override
    protected void makeSchemaNewerThanThisBuild(Path dir) throws Exception {
        try (Connection c = TestPostgres.connect(databaseOf(dir)); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO schema_version (version, applied_at) VALUES (1000, 0)");
        }
    }

    @Override
    protected void runSql(Path dir, String... statements) throws Exception {
        try (Connection c = TestPostgres.connect(databaseOf(dir)); Statement st = c.createStatement()) {
            for (String sql : statements) st.execute(sql);
        }
    }

    @Override
    protected List<String> messageSearchUndo() {
        return List.of("DROP INDEX messages_text_trgm");   // hidden_messages is version 5's
    }

    // ---- what only the PostgreSQL adapter promises

    @Test
    void nodes_starting_together_on_a_new_database_migrate_it_once() throws Exception {
        String url = TestPostgres.freshDatabaseUrl();
        int nodes = 6;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        List<Store> stores = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Store>> opened = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                opened.add(pool.submit(() -> {
                    go.await();
                    return PostgresStore.open(url);
                }));
            }
            go.countDown();
            for (Future<Store> f : opened) stores.add(f.get(60, TimeUnit.SECONDS));

            User alice = stores.get(0).createUser("alice", "Alice", "h", 1);
            assertThat(stores.get(nodes - 1).findUser(alice.id())).contains(alice);
        } finally {
            stores.forEach(Store::close);
            pool.shutdownNow();
        }
        String db = url.substring(url.lastIndexOf('/') + 1);
        try (Connection c = TestPostgres.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            List<Integer> versions = new ArrayList<>();
            while (rs.next()) versions.add(rs.getInt(1));
            assertThat(versions).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        }
    }

    @Test
    void a_database_that_cannot_be_reached_is_a_storage_exception_that_shows_no_password() {
        assertThatThrownBy(() -> PostgresStore.open("postgresql://duet:s3cret@127.0.0.1:1/duet"))
                .isInstanceOf(StorageException.class)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void message_text_with_nul_is_stored_escaped_and_plain_text_as_it_is() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "plain");
        send(alice, bob, "a\u0000b\\c");

        List<String> raw = new ArrayList<>();
        try (Connection c = TestPostgres.connect(databaseOf(dir)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT text FROM messages ORDER BY seq")) {
            while (rs.next()) raw.add(rs.getString(1));
        }
        assertThat(raw).containsExactly("plain", "a\\0b\\\\c");
    }
}
