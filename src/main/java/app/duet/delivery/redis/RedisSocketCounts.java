package app.duet.delivery.redis;

import app.duet.delivery.ConnectionRegistry;
import app.duet.delivery.SharedSocketCounts;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Each node's count of a user's sockets, in a hash per user, {@code duet:sockets:USER}: field =
 * node id, value = {@code COUNT:EXPIRES_AT}, so that the per-user cap holds over all nodes. The
 * live node writes its counts again every {@code ttl / 4} ({@code duet-redis-sockets}); a dead
 * node's entries count for nothing once expired, so its users get their places back within the
 * ttl. Time is Redis's ({@code TIME} in the scripts), as for the other shared limits.
 */
public final class RedisSocketCounts implements SharedSocketCounts, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisSocketCounts.class);
    /** KEYS[1] the user's hash; ARGV node, count here, max, ttl ms, check (1: refuse over max). 1 if recorded. */
    private static final String RECORD = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local here, max, ttl = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
            if ARGV[5] == '1' then
              local others = 0
              local all = redis.call('HGETALL', KEYS[1])
              for i = 1, #all, 2 do
                if all[i] ~= ARGV[1] then
                  local count, expires = string.match(all[i + 1], '(%d+):(%d+)')
                  if tonumber(expires) > now then others = others + tonumber(count)
                  else redis.call('HDEL', KEYS[1], all[i]) end
                end
              end
              if others + here > max then return 0 end
            end
            if here == 0 then
              redis.call('HDEL', KEYS[1], ARGV[1])
            else
              redis.call('HSET', KEYS[1], ARGV[1], string.format('%d:%d', here, now + ttl))
              redis.call('PEXPIRE', KEYS[1], ttl)
            end
            return 1
            """;

    private final RedisLink link;
    private final Duration ttl;
    private final ScheduledExecutorService refresher;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile ConnectionRegistry registry;

    public RedisSocketCounts(RedisLink link, Duration ttl) {
        if (ttl.toMillis() < 1000) throw new IllegalArgumentException("socket count ttl must be at least a second");
        this.link = link;
        this.ttl = ttl;
        this.refresher = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("duet-redis-sockets").daemon(true).unstarted(r));
    }

    /** Connects, and writes this node's counts (from {@code registry}) again every ttl / 4. */
    public void start(ConnectionRegistry registry) {
        this.registry = registry;
        connection = link.client().connect();
        long every = Math.max(250, ttl.toMillis() / 4);
        // Its failures are caught inside refresh(); the future is cancelled by shutdownNow() in close().
        var unused = refresher.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    private static String key(long userId) {
        return "duet:sockets:" + userId;
    }

    private String[] args(int here, int max, boolean check) {
        return new String[] {link.nodeId(), Integer.toString(here), Integer.toString(max), Long.toString(ttl.toMillis()),
                check ? "1" : "0"};
    }

    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) throw new IllegalStateException("socket counts not started");
        return c;
    }

    @Override
    public boolean tryRecord(long userId, int here, int max) {
        Long n = connection().sync().eval(RECORD, ScriptOutputType.INTEGER, new String[] {key(userId)}, args(here, max, true));
        return n != null && n == 1;
    }

    @Override
    public void record(long userId, int here) {
        // Not waited for: a socket closing must not wait on Redis. A lost one is put right by the refresher.
        var unused = connection().async().eval(RECORD, ScriptOutputType.INTEGER, new String[] {key(userId)}, args(here, 0, false));
    }

    /** Writes this node's count again for every user connected here. */
    void refresh() {
        ConnectionRegistry r = registry;
        if (r == null) return;
        try {
            // Sockets and handshakes, each user's read under its lock and queued to Redis in that
            // order: writing only the open sockets here undercounted a handshake in flight, and let
            // a reservation on another node through over the cap.
            r.forEachPlacesTaken(this::record);
        } catch (RuntimeException e) {
            log.debug("socket counts: refreshing failed ({}); trying again", e.toString());
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) return;
        ConnectionRegistry r = registry;
        try {
            if (r != null) {
                for (long userId : r.onlineUsers()) {
                    c.sync().eval(RECORD, ScriptOutputType.INTEGER, new String[] {key(userId)}, args(0, 0, false));
                }
            }
        } catch (RuntimeException e) {
            log.debug("socket counts: could not remove this node's entries ({}); they expire", e.toString());
        }
        c.close();
    }
}
