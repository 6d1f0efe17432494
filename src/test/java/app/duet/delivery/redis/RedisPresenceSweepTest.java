package app.duet.delivery.redis;

import app.duet.delivery.ConnectionRegistry;
import app.duet.testing.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that dies leaves its presence entries in Redis; the live nodes' sweep finds them expired
 * and reports each user left with no entry as offline, once among all sweepers (docs/ARCHITECTURE.md,
 * "Many nodes", Presence). With a 1 s ttl instead of the wiring's 30 s.
 */
@Timeout(60)
class RedisPresenceSweepTest {
    private static final Duration TTL = Duration.ofSeconds(1);

    private RedisProcess redis;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose.reversed()) c.close();
        if (redis != null) redis.close();
    }

    private RedisPresence node(String name, List<Long> offlineHeard) {
        RedisLink link = new RedisLink(redis.url(), name);
        toClose.add(link);
        RedisPresence p = new RedisPresence(link, new ConnectionRegistry(), Clock.systemUTC(), TTL);
        p.whenOfflineElsewhere(offlineHeard::add);
        p.start();
        toClose.add(p::close);
        return p;
    }

    @Test
    void a_dead_nodes_last_users_are_reported_offline_once_by_the_live_nodes_and_users_who_left_are_not() throws Exception {
        redis = RedisProcess.start();
        List<Long> heard = new CopyOnWriteArrayList<>();
        RedisPresence dying = node("node-dying", heard);
        node("node-b", heard);
        node("node-c", heard);

        assertThat(dying.arrived(7)).as("7 came online on the dying node").isTrue();
        assertThat(dying.arrived(9)).isTrue();
        assertThat(dying.left(9)).as("9 left properly: offline already told").isTrue();
        long haltedAt = System.nanoTime();
        dying.halt(); // as kill -9: no refresh, no removal

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (heard.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(heard).as("7 reported offline by a live node's sweep").containsExactly(7L);
        System.out.printf("MEASURE presence: a dead node's user reported offline %d ms after it stopped (ttl %d ms, refresh every %d ms)%n",
                (System.nanoTime() - haltedAt) / 1_000_000, TTL.toMillis(), TTL.toMillis() / 4);

        // Both live nodes keep sweeping: wait until the index holds nothing of the dead node's, then
        // for two more ticks of each; still one report.
        try (RedisClient client = RedisClient.create(redis.url()); StatefulRedisConnection<String, String> c = client.connect()) {
            while (c.sync().zcard(RedisPresence.DUE) > 0 && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(c.sync().zcard(RedisPresence.DUE)).isZero();
            assertThat(c.sync().exists("duet:presence:7")).isZero();
        }
        Thread.sleep(2 * TTL.toMillis() / 4 + 100); // lets further sweeps run: they must find nothing (not an assertion on timing)
        assertThat(heard).as("told once across two sweeping nodes").containsExactly(7L);
    }
}
