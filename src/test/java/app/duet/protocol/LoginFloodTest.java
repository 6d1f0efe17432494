package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static app.duet.testing.ApiClient.uniqueUsername;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack of issue 6: 40 anonymous clients guess passwords for random usernames, about 25 a
 * second in all, at the real bcrypt cost. bcrypt used to run on the request's virtual thread and
 * pin the few carrier threads, so a signed-in user's requests took ~2 s instead of ~2 ms. Now it
 * runs on its own small pool and a signed-in user must not notice: the median stays under 50 ms
 * (generous, for a busy 2-core CI machine). The per-address budget is off here, or it would stop
 * the flood by itself after 100 failures.
 */
@Timeout(90)
class LoginFloodTest extends ProtocolTestBase {
    private static final int ATTACKERS = 40;
    private static final int ATTEMPTS_PER_SECOND = 25;
    private static final long FLOOD_MILLIS = 10_000;

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.bcryptCost(10).loginFailuresPerAddress(0);
    }

    @Test
    void a_signed_in_users_requests_stay_fast_while_anonymous_clients_flood_login() throws Exception {
        Session user = api.newUser();
        api.me(user); // warm up
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger refusedBusy = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLOOD_MILLIS);
        long periodNanos = TimeUnit.SECONDS.toNanos(1) * ATTACKERS / ATTEMPTS_PER_SECOND;
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());

        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon(true).factory())) {
            for (int i = 0; i < ATTACKERS; i++) {
                long offset = periodNanos * i / ATTACKERS;
                pool.submit(() -> {
                    long next = System.nanoTime() + offset;
                    while (next < end) {
                        sleepUntil(next);
                        int status = api.post("/api/login")
                                .json(Map.of("username", uniqueUsername("flood"), "password", "a guessed password")).send().status();
                        attempts.incrementAndGet();
                        if (status == 503) refusedBusy.incrementAndGet();
                        next += periodNanos; // open loop: the schedule does not wait for slow answers
                    }
                    return null;
                });
            }
            Thread.sleep(1_000); // let the flood build up
            while (System.nanoTime() < end - TimeUnit.MILLISECONDS.toNanos(500)) {
                long t0 = System.nanoTime();
                api.get("/api/me").as(user).send().expect(200);
                latencies.add((System.nanoTime() - t0) / 1e6);
                Thread.sleep(50);
            }
        }

        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2);
        double p90 = sorted.get(sorted.size() * 9 / 10);
        System.out.printf("login flood: %d attempts in %d s (%d refused busy); GET /api/me during it: n=%d median=%.1f ms p90=%.1f ms max=%.1f ms%n",
                attempts.get(), FLOOD_MILLIS / 1000, refusedBusy.get(), sorted.size(), median, p90, sorted.get(sorted.size() - 1));
        assertThat(attempts.get()).as("the flood really ran").isGreaterThan(ATTEMPTS_PER_SECOND * 5);
        assertThat(median).as("median latency of a signed-in user's request during the flood, ms").isLessThan(50);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
    }
}
