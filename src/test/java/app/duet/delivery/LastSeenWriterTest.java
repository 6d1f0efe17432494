package app.duet.delivery;

import app.duet.model.User;
import app.duet.storage.Store;
import app.duet.storage.sqlite.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** {@link LastSeenWriter} over a real SQLite store: stored before it returns, crowds in few transactions, its stop. */
class LastSeenWriterTest {
    private static final int CROWD = 400;

    @TempDir
    Path dir;

    private Store store;
    private User alice;
    private final List<User> contacts = new ArrayList<>();

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir);
        alice = store.createUser("alice", "Alice", "h", 1);
        for (int i = 0; i < CROWD; i++) {
            User u = store.createUser("user" + i, "User " + i, "h", 1);
            store.requestContact(alice.id(), u.id(), 1);
            store.requestContact(u.id(), alice.id(), 1);
            contacts.add(u);
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void a_time_is_stored_when_record_returns_and_the_latest_of_a_user_wins() {
        try (LastSeenWriter writer = new LastSeenWriter(store).start()) {
            writer.record(contacts.get(0).id(), 2_000);
            assertThat(store.contactsLastSeen(alice.id())).isEqualTo(Map.of(contacts.get(0).id(), 2_000L));

            writer.record(contacts.get(0).id(), 1_000); // reported later, happened earlier
            assertThat(store.contactsLastSeen(alice.id())).isEqualTo(Map.of(contacts.get(0).id(), 2_000L));
        }
    }

    @Test
    void a_crowd_going_offline_together_is_written_in_few_transactions() throws Exception {
        try (LastSeenWriter writer = new LastSeenWriter(store).start()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> closing = new ArrayList<>();
            for (User u : contacts) {
                closing.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    writer.record(u.id(), 10_000 + u.id());
                }));
            }
            go.countDown();
            for (Thread t : closing) t.join(30_000);

            Map<Long, Long> seen = store.contactsLastSeen(alice.id());
            assertThat(seen).hasSize(CROWD);
            for (User u : contacts) assertThat(seen).containsEntry(u.id(), 10_000 + u.id());
            System.out.printf("LastSeenWriterTest: %d users offline at once, written in %d batches%n", CROWD, writer.batches());
            assertThat(writer.batches()).as("transactions for %d users", CROWD).isLessThan(CROWD / 2);
        }
    }

    @Test
    void a_batch_larger_than_one_transaction_is_written_whole() {
        Map<Long, Long> batch = new java.util.HashMap<>();
        for (User u : contacts) batch.put(u.id(), 20_000 + u.id());
        for (long id = 1_000_000; batch.size() < 2 * LastSeenWriter.MAX_ROWS + 7; id++) batch.put(id, 1L); // no such users

        new LastSeenWriter(store).write(batch);

        Map<Long, Long> seen = store.contactsLastSeen(alice.id());
        assertThat(seen).hasSize(CROWD);
        for (User u : contacts) assertThat(seen).containsEntry(u.id(), 20_000 + u.id());
    }

    @Test
    void without_its_thread_a_time_is_written_by_the_caller() {
        LastSeenWriter writer = new LastSeenWriter(store); // never started
        writer.record(contacts.get(2).id(), 5_000);
        assertThat(store.contactsLastSeen(alice.id())).isEqualTo(Map.of(contacts.get(2).id(), 5_000L));

        writer.close();
        writer.record(contacts.get(3).id(), 6_000); // and after it stopped
        assertThat(store.contactsLastSeen(alice.id())).containsEntry(contacts.get(3).id(), 6_000L);
    }

    @Test
    void a_store_that_fails_is_logged_not_thrown() {
        try (LastSeenWriter writer = new LastSeenWriter(store).start()) {
            store.close();
            assertThatCode(() -> writer.record(contacts.get(0).id(), 9_000)).doesNotThrowAnyException();
        }
        store = SqliteStore.open(dir);
    }
}
