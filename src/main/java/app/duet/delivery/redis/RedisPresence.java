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
import java.util.function.LongConsumer;

/**
 * Presence across nodes. For each online user, a sorted set {@code duet:presence:USER} holds the
 * nodes where they have connections, each scored with the time its entry expires. The live node
 * refreshes its entries every {@code ttl / 4} ({@code duet-redis-presence}); a node that dies
 * stops refreshing, and its entries count for nothing once expired, so its users do not stay
 * online forever. Arriving and leaving are one script each (atomic in Redis): add or remove
 * this node, drop expired entries, count the rest: 1 after arriving means first anywhere, 0 after
 * leaving means last anywhere.
 *
 * <p>A node that dies leaves its entries behind. Every entry is also indexed in {@code duet:presence:due}
 * ({@code USER|NODE}, same score); on each refresh tick every live node sweeps that index for
 * expired entries (one script, atomic) and announces offline, once, each user left with no entry,
 * so contacts' open pages hear {@code presence: false} within {@code ttl + ttl / 4} of a node's death.
 *
 * <p>If Redis does not answer, a user is taken as arriving and leaving (contacts may hear
 * presence twice, never miss it), and as online only where this node sees them; the refresher
 * writes every local user back within {@code ttl / 4} once Redis is back (a restarted Redis starts empty).
 */
public final class RedisPresence implements PresenceLedger {
    private static final Logger log = LoggerFactory.getLogger(RedisPresence.class);
    /** Every node's entry of every user, member {@code USER|NODE}, scored like the entry: what the sweep finds expired. */
    static final String DUE = "duet:presence:due";
    /**
     * Lua: drops the expired entries of the user key KEYS[1] (user ARGV[1], now ARGV[2]) and their
     * members in {@link #DUE} (KEYS[2]); whoever drops them speaks for them, so the sweep does not.
     */
    private static final String CLEAN = """
            local function clean(key, due, user, now)
              for _, n in ipairs(redis.call('ZRANGEBYSCORE', key, '-inf', now)) do
                redis.call('ZREM', due, user .. '|' .. n)
              end
              redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
            end
            """;
    /** KEYS: user key, DUE; ARGV: user, now, node, expires, key ttl. */
    private static final String ARRIVE = CLEAN + """
            clean(KEYS[1], KEYS[2], ARGV[1], ARGV[2])
            redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
            redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1] .. '|' .. ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return redis.call('ZCARD', KEYS[1])
            """;
    /** KEYS: user key, DUE; ARGV: user, now, node. */
    private static final String LEAVE = CLEAN + """
            redis.call('ZREM', KEYS[1], ARGV[3])
            redis.call('ZREM', KEYS[2], ARGV[1] .. '|' .. ARGV[3])
            clean(KEYS[1], KEYS[2], ARGV[1], ARGV[2])
            return redis.call('ZCARD', KEYS[1])
            """;
    /**
     * KEYS: DUE; ARGV: now, at most this many, the user key prefix. Takes up to ARGV[2] expired
     * entries (of nodes that stopped refreshing: dead), and returns the users left with no entry
     * at all: they went offline with the dead node. Each expired member is taken by one sweep
     * only (ZREM answers 1 once), and cleaning takes a user's other expired members with it, so
     * a user is returned once however many nodes sweep.
     */
    private static final String SWEEP = CLEAN + """
            local offline = {}
            for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])) do
              if redis.call('ZREM', KEYS[1], m) == 1 then
                local user = string.sub(m, 1, string.find(m, '|', 1, true) - 1)
                local key = ARGV[3] .. user
                clean(key, KEYS[1], user, ARGV[1])
                if redis.call('ZCARD', key) == 0 then table.insert(offline, user) end
              end
            end
            return offline
            """;
    /** Expired entries one sweep takes at most; the rest wait for the next tick. */
    private static final int SWEEP_BATCH = 1000;

    private final RedisLink link;
    private final ConnectionRegistry registry;
    private final Clock clock;
    private final Duration ttl;
    private final ScheduledExecutorService refresher;
    private StatefulRedisConnection<String, String> connection;
    private volatile LongConsumer wentOffline = userId -> { };

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

    private static final String KEY_PREFIX = "duet:presence:";

    private static String key(long userId) {
        return KEY_PREFIX + userId;
    }

    /** A user key lives twice the entries' ttl, so that a dead node's last entry is swept before its key vanishes. */
    private long keyTtlMillis() {
        return 2 * ttl.toMillis();
    }

    private String member(long userId) {
        return userId + "|" + link.nodeId();
    }

    @Override
    public void whenOfflineElsewhere(LongConsumer listener) {
        this.wentOffline = listener;
    }

    @Override
    public boolean arrived(long userId) {
        long now = clock.millis();
        try {
            Long n = connection.sync().eval(ARRIVE, ScriptOutputType.INTEGER, new String[] {key(userId), DUE},
                    Long.toString(userId), Long.toString(now), link.nodeId(), Long.toString(now + ttl.toMillis()),
                    Long.toString(keyTtlMillis()));
            return n == null || n <= 1;
        } catch (RuntimeException e) {
            log.warn("presence: Redis did not answer ({}); user {} taken as just online", e.toString(), userId);
            return true;
        }
    }

    @Override
    public boolean left(long userId) {
        try {
            Long n = connection.sync().eval(LEAVE, ScriptOutputType.INTEGER, new String[] {key(userId), DUE},
                    Long.toString(userId), Long.toString(clock.millis()), link.nodeId());
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

    /**
     * Writes this node's entry again for every user connected here, pipelined; then sweeps the
     * entries other nodes stopped refreshing and tells {@link #whenOfflineElsewhere} of the users
     * that left with them.
     */
    void refresh() {
        try {
            long expires = clock.millis() + ttl.toMillis();
            RedisAsyncCommands<String, String> async = connection.async();
            List<RedisFuture<?>> sent = new ArrayList<>();
            for (long userId : registry.onlineUsers()) {
                sent.add(async.zadd(key(userId), (double) expires, link.nodeId()));
                sent.add(async.pexpire(key(userId), keyTtlMillis()));
                sent.add(async.zadd(DUE, (double) expires, member(userId)));
            }
            for (RedisFuture<?> f : sent) f.get(RedisLink.COMMAND_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            log.debug("presence: refreshing failed ({}); trying again", e.toString());
        }
        sweep();
    }

    /** Takes the expired entries of dead nodes; tells the listener of each user left with none. */
    void sweep() {
        List<Long> offline = new ArrayList<>();
        try {
            List<Object> users = connection.sync().eval(SWEEP, ScriptOutputType.MULTI, new String[] {DUE},
                    Long.toString(clock.millis()), Integer.toString(SWEEP_BATCH), KEY_PREFIX);
            for (Object u : users) offline.add(Long.parseLong(u.toString()));
        } catch (RuntimeException e) {
            log.debug("presence: sweeping failed ({}); trying again", e.toString());
            return;
        }
        for (long userId : offline) {
            try {
                wentOffline.accept(userId);
            } catch (RuntimeException e) {
                log.warn("presence: could not announce user {} offline after their node stopped ({})", userId, e.toString());
            }
        }
    }

    /** For tests: stops as a killed node would, refreshing nothing and removing nothing. */
    void halt() {
        refresher.shutdownNow();
        if (connection != null) connection.close();
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        if (connection != null) {
            // This node's users leave with it; the others' entries stay.
            try {
                for (long userId : registry.onlineUsers()) {
                    connection.sync().zrem(key(userId), link.nodeId());
                    connection.sync().zrem(DUE, member(userId));
                }
            } catch (RuntimeException e) {
                log.debug("presence: could not remove this node's entries ({}); they expire", e.toString());
            }
            connection.close();
        }
    }
}
