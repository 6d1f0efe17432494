package app.duet.accounts;

import app.duet.DuetException;
import app.duet.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** bcrypt runs on the hasher's own bounded pool; when it is full a caller is refused at once, not queued forever. */
class PasswordHasherTest {

    @Test
    void hashes_verify_and_long_passwords_count_whole() {
        try (PasswordHasher h = new PasswordHasher(4, 1, 4)) {
            String hash = h.hash("correct horse");
            assertThat(h.verify("correct horse", hash)).isTrue();
            assertThat(h.verify("wrong horse", hash)).isFalse();
            String longHash = h.hash("p".repeat(100) + "A");
            assertThat(h.verify("p".repeat(100) + "B", longHash)).isFalse();
        }
    }

    @Test
    void bcrypt_runs_on_the_hashers_own_platform_threads() {
        try (PasswordHasher h = new PasswordHasher(4, 1, 4)) {
            h.hash("correct horse");

            assertThat(Thread.getAllStackTraces().keySet())
                    .anySatisfy(t -> assertThat(t.getName()).startsWith("duet-bcrypt-"));
        }
    }

    @Test
    void checks_beyond_the_pool_and_its_queue_are_refused_at_once_with_unavailable() throws Exception {
        int callers = 8;
        try (PasswordHasher h = new PasswordHasher(12, 1, 1);
             ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory())) {
            String hash = h.hash("correct horse"); // cost 12: a few hundred ms per check
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        return h.verify("correct horse", hash);
                    } catch (DuetException e) {
                        return e.code();
                    }
                }));
            }
            go.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : results) outcomes.add(f.get(60, TimeUnit.SECONDS));

            // One check runs and one waits; eight callers released together leave most with nowhere to go.
            assertThat(outcomes).contains(ErrorCode.UNAVAILABLE).contains(true).containsOnly(true, ErrorCode.UNAVAILABLE);
        }
    }
}
