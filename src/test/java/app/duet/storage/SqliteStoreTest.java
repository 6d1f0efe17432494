package app.duet.storage;

import app.duet.model.User;

import app.duet.storage.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The {@link Store} contract on the embedded adapter, over a real SQLite file in a temp folder. */
class SqliteStoreTest extends StoreContract {

    @Override
    protected Store openStore(Path dir) {
        return SqliteStore.open(dir);
    }

    @Override
    protected void makeSchemaNewerThanThisBuild(Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection(url(dir)); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO schema_version (version, applied_at) VALUES (1000, 0)");
        }
    }

    @Override
    protected void runSql(Path dir, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(url(dir)); Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000");
            for (String sql : statements) st.execute(sql);
        }
    }

    @Override
    protected List<String> messageSearchUndo() {
        return List.of("DROP TRIGGER messages_fts_insert", "DROP TRIGGER messages_fts_delete", "DROP TRIGGER messages_fts_update",
                "DROP TABLE messages_fts");   // hidden_messages is version 5's
    }

    private static String url(Path dir) {
        return "jdbc:sqlite:" + dir.resolve("duet.db").toAbsolutePath();
    }

    // ---- what only the SQLite adapter promises

    @Test
    void the_data_lives_in_duet_db_inside_the_data_folder() {
        assertThat(dir.resolve("duet.db")).isRegularFile();
    }

    @Test
    void a_missing_data_folder_is_created() {
        Path nested = dir.resolve("does/not/exist/yet");

        try (Store s = SqliteStore.open(nested)) {
            assertThat(s.isHealthy()).isTrue();
        }

        assertThat(Files.isRegularFile(nested.resolve("duet.db"))).isTrue();
    }

    @Test
    void the_database_is_in_write_ahead_log_mode() throws Exception {
        try (Connection c = DriverManager.getConnection(url(dir)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void messages_no_copy_holds_any_more_are_erased() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "1");
        send(bob, alice, "2");
        store.deleteChat(alice.id(), bob.id());
        send(alice, bob, "3"); // alice's new box starts here; bob's still holds 1..3

        assertThat(messageTexts()).containsExactly("1", "2", "3");

        store.deleteChat(bob.id(), alice.id()); // now only alice's copy (3) remains
        assertThat(messageTexts()).containsExactly("3");

        store.deleteChat(alice.id(), bob.id()); // no copy remains
        assertThat(messageTexts()).isEmpty();

        assertThat(send(alice, bob, "4").seq()).as("the pair's seq goes on").isEqualTo(4);
    }

    private List<String> messageTexts() throws Exception {
        List<String> texts = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url(dir)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT text FROM messages ORDER BY seq")) {
            while (rs.next()) texts.add(rs.getString(1));
        }
        return texts;
    }

    @Test
    void a_refused_newer_database_is_left_as_it_was() throws Exception {
        User alice = user("alice");
        store.close();
        store = null;
        makeSchemaNewerThanThisBuild(dir);
        try {
            SqliteStore.open(dir).close();
        } catch (StorageException expected) {
            // refused, as the contract says
        }

        try (Connection c = DriverManager.getConnection(url(dir)); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM schema_version WHERE version = 1000");
        }
        store = openStore(dir);

        assertThat(store.findUser(alice.id())).contains(alice);
    }

    @Test
    void a_read_that_does_not_move_the_mark_never_waits_for_the_writer() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);
        send(alice, bob, "1");
        send(alice, bob, "2");
        assertThat(store.markRead(bob.id(), alice.id(), 2)).contains(new ReadOutcome(2, true));

        // another connection holds the database's write lock, as a long write transaction would
        try (Connection other = DriverManager.getConnection(url(dir)); Statement st = other.createStatement()) {
            st.execute("PRAGMA busy_timeout = 0");
            st.execute("BEGIN IMMEDIATE");
            long t0 = System.nanoTime();
            var outcomes = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor().submit(() -> {
                List<Optional<ReadOutcome>> out = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    out.add(store.markRead(bob.id(), alice.id(), 2));  // at the mark
                    out.add(store.markRead(bob.id(), alice.id(), 1));  // below it
                    out.add(store.markRead(bob.id(), alice.id(), 99)); // past the last seq, which is the mark
                }
                out.add(store.markRead(alice.id(), carol.id(), 5)); // no such chat
                return out;
            });
            List<Optional<ReadOutcome>> got = outcomes.get(3, java.util.concurrent.TimeUnit.SECONDS);
            long ms = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            st.execute("ROLLBACK");
            System.out.printf("600 no-op reads with the writer held elsewhere: %d ms%n", ms);
            assertThat(got.subList(0, 600)).allSatisfy(o -> assertThat(o).contains(new ReadOutcome(2, false)));
            assertThat(got.getLast()).isEmpty();
        }
        assertThat(store.markRead(alice.id(), bob.id(), 2)).as("a read that moves still writes")
                .contains(new ReadOutcome(2, true));
    }

    // ---- privacy of the files: every message and password hash is in them

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void an_existing_data_folder_open_to_others_is_made_private_and_the_database_files_owner_only() throws Exception {
        Path data = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));

        try (Store s = SqliteStore.open(data)) {
            s.createUser("alice", "Alice", "hash", 1);
            assertThat(mode(data)).isEqualTo("rwx------");
            for (String f : List.of("duet.db", "duet.db-wal", "duet.db-shm")) {
                assertThat(data.resolve(f)).as(f).isRegularFile();
                assertThat(mode(data.resolve(f))).as(f).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void a_new_data_folder_is_private() throws Exception {
        Path data = dir.resolve("new");
        try (Store s = SqliteStore.open(data)) {
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve("duet.db"))).isEqualTo("rw-------");
        }
    }

    @Test
    void database_files_left_readable_by_others_are_made_owner_only() throws Exception {
        Path data = Files.createDirectory(dir.resolve("old"));
        SqliteStore.open(data).close();
        Files.setPosixFilePermissions(data.resolve("duet.db"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(data.resolve("duet.db-wal"), "");       // an empty WAL left by an older run
        Files.setPosixFilePermissions(data.resolve("duet.db-wal"), PosixFilePermissions.fromString("rw-rw-rw-"));

        try (Store s = SqliteStore.open(data)) {
            assertThat(mode(data.resolve("duet.db"))).isEqualTo("rw-------");
            assertThat(mode(data.resolve("duet.db-wal"))).isEqualTo("rw-------");
        }
    }

    @Test
    void a_data_folder_open_to_others_that_duet_does_not_own_is_refused_with_how_to_fix_it() throws Exception {
        Path data = Files.createDirectory(dir.resolve("theirs"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        UserPrincipal nobody;
        try {
            nobody = data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(data, nobody);
        } catch (Exception e) {
            nobody = null;
        }
        assumeTrue(nobody != null, "giving a folder to another user needs root");

        assertThatThrownBy(() -> SqliteStore.open(data))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(data.toAbsolutePath().toString())
                .hasMessageContaining("cannot make it private")
                .hasMessageContaining("chmod 700");
        assertThat(mode(data)).isEqualTo("rwxr-xr-x");
        assertThat(data.resolve("duet.db")).doesNotExist();
    }
}
