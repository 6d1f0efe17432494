package app.duet.delivery.redis;

import app.duet.delivery.ConnectionRegistry;
import app.duet.delivery.PresenceLedger;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Presence across nodes. For each online user, a sorted set {@code duet:presence:USER} holds the
 * nodes where they have connections, each scored with the time its entry expires. The live node
 * refreshes its entries every {@code ttl / 4} ({@code duet-redis-presence}); a node that dies
 * stops refreshing, and its entries count for nothing once expired, so its users do not stay
 * online forever. Arriving and leaving are one script each (atomic in Redis): add or remove
 * this node, drop expired entries, count the rest: 1 after arriving means first anywhere, 0 after
 * leaving means last anywhere.
 *
 * <p>If Redis does not answer, a user is taken as arriving and leaving (contacts may hear
 * presence twice, never miss it), and as online only where this node sees them; the refresher
 * writes every local user back within {@code ttl / 4} once Redis is back (a restarted Redis starts empty).
 */
public final class RedisPresence implements PresenceLedger {
    private static final Logger log = LoggerFactory.getLogger(RedisPresence.class);
    private static final String ARRIVE = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
            redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return redis.call('ZCARD', KEYS[1])
            """;
    private static final String LEAVE = """
            redis.call('ZREM', KEYS[1], ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
            return redis.call('ZCARD', KEYS[1])
            """;

    private final RedisLink link;
    private final ConnectionRegistry registry;
    private final Clock clock;
    private final Duration ttl;
    private final ScheduledExecutorService refresher;
    private StatefulRedisConnection<String, String> connection;

    public RedisPresence(RedisLink link, ConnectionRegistry registry, Clock clock, Duration ttl) {
        if (ttl.toMillis() < 1000) throw new IllegalArgumentException("presence ttl must be at least a second");
        this.link = link;
        this.registry = registry;
        this.clock = clock;
        this.ttl = ttl;
        this.refresher = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("duet-redis-presence").daemon(true).unstarted(r));
    }

    @Override
    public void start() {
        connection = link.client().connect();
        long every = Math.max(250, ttl.toMillis() / 4);
        // Its failures are caught inside refresh(); the future is cancelled by shutdownNow() in close().
        var unused = refresher.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    private static String key(long userId) {
        return "duet:presence:" + userId;
    }

    @Override
    public boolean arrived(long userId) {
        long now = clock.millis();
        try {
            Long n = connection.sync().eval(ARRIVE, ScriptOutputType.INTEGER, new String[] {key(userId)},
                    link.nodeId(), Long.toString(now), Long.toString(now + ttl.toMillis()), Long.toString(ttl.toMillis()));
            return n == null || n <= 1;
        } catch (RuntimeException e) {
            log.warn("presence: Redis did not answer ({}); user {} taken as just online", e.toString(), userId);
            return true;
        }
    }

    @Override
    public boolean left(long userId) {
        try {
            Long n = connection.sync().eval(LEAVE, ScriptOutputType.INTEGER, new String[] {key(userId)},
                    link.nodeId(), Long.toString(clock.millis()));
            return n == null || n == 0;
        } catch (RuntimeException e) {
            log.warn("presence: Redis did not answer ({}); user {} taken as just offline", e.toString(), userId);
            return true;
        }
    }

    @Override
    public boolean isOnline(long userId) {
        if (registry.isOnline(userId)) return true;
        try {
            Long n = connection.sync().zcount(key(userId),
                    io.lettuce.core.Range.create((double) clock.millis(), Double.POSITIVE_INFINITY));
            return n != null && n > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Writes this node's entry again for every user connected here, pipelined. */
    void refresh() {
        try {
            long expires = clock.millis() + ttl.toMillis();
            RedisAsyncCommands<String, String> async = connection.async();
            List<RedisFuture<?>> sent = new ArrayList<>();
            for (long userId : registry.onlineUsers()) {
                sent.add(async.zadd(key(userId), (double) expires, link.nodeId()));
                sent.add(async.pexpire(key(userId), ttl.toMillis()));
            }
            for (RedisFuture<?> f : sent) f.get(RedisLink.COMMAND_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("presence: refreshing failed ({}); trying again", e.toString());
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        if (connection != null) {
            // This node's users leave with it; the others' entries stay.
            try {
                for (long userId : registry.onlineUsers()) connection.sync().zrem(key(userId), link.nodeId());
            } catch (RuntimeException e) {
                log.debug("presence: could not remove this node's entries ({}); they expire", e.toString());
            }
            connection.close();
        }
    }
}
