package app.duet.delivery.redis;

import app.duet.limits.ExpiringKeys;
import app.duet.limits.FixedWindows;
import app.duet.limits.LoginLockouts;
import app.duet.limits.SharedLimits;
import app.duet.limits.TokenBuckets;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;

/**
 * The limits of all nodes in Redis, under {@code duet:limit:NAME:KEY}. Each change is one command
 * or one Lua script (atomic in Redis), and every key expires once it means nothing any more (a
 * full bucket, an ended window, a forgotten failure), so nothing grows without bound.
 *
 * <p>Time is Redis's own ({@code TIME} inside the scripts, {@code PX} expiries), never a node's
 * clock: nodes whose clocks disagree still share one bucket fairly. A command that fails throws
 * (Lettuce's {@code RedisException}); the limiters then decide alone ({@code limits.Fallback}).
 */
public final class RedisLimits implements SharedLimits, AutoCloseable {
    /** Milliseconds now, by Redis's clock (TIME: seconds and microseconds). */
    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;
    /** KEYS[1] bucket; ARGV burst, tokens per ms, ttl ms. 1 if a token was taken. */
    private static final String TAKE = NOW + """
            local burst = tonumber(ARGV[1])
            local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = burst
            if b[1] then
              tokens = math.min(burst, tonumber(b[1]) + math.max(0, now - tonumber(b[2])) * tonumber(ARGV[2]))
            end
            local granted = 0
            if tokens >= 1 then
              tokens = tokens - 1
              granted = 1
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return granted
            """;
    /** KEYS[1] bucket; ARGV burst. A missing bucket is full already. */
    private static final String REFUND = """
            local t = redis.call('HGET', KEYS[1], 'tokens')
            if t then redis.call('HSET', KEYS[1], 'tokens', tostring(math.min(tonumber(ARGV[1]), tonumber(t) + 1))) end
            return 0
            """;
    /** KEYS[1] counter; ARGV window ms. The window starts with the first event. */
    private static final String COUNT = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return n
            """;
    /** KEYS[1] window counter; ARGV[1] limit; returns the milliseconds left of a used-up window (0: not used up). */
    private static final String EXHAUSTED_FOR = """
            local n = redis.call('GET', KEYS[1])
            if n and tonumber(n) >= tonumber(ARGV[1]) then return math.max(1, redis.call('PTTL', KEYS[1])) end
            return 0
            """;
    /** KEYS[1] lockout hash; returns the milliseconds the lockout still runs (0: none). */
    private static final String LOCKED_FOR = NOW + """
            local u = redis.call('HGET', KEYS[1], 'lockedUntil')
            if u and tonumber(u) > now then return tonumber(u) - now end
            return 0
            """;
    /**
     * KEYS[1] lockout hash; ARGV max failures, lockout ms, max lockout ms, forget-after ms.
     * The rules of accounts.LoginThrottle; returns the failures in a row (0 once it locks).
     */
    private static final String FAIL = NOW + """
            local maxFailures, lockout, maxLockout, forget = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
            local h = redis.call('HMGET', KEYS[1], 'failures', 'lockouts', 'lockedUntil', 'lastFailureAt')
            local failures, lockouts, lockedUntil = 1, 0, 0
            if h[1] then
              local oldUntil, last = tonumber(h[3]), tonumber(h[4])
              if not (oldUntil <= now and now - math.max(last, oldUntil) > forget) then
                failures, lockouts, lockedUntil = tonumber(h[1]) + 1, tonumber(h[2]), oldUntil
              end
            end
            if failures >= maxFailures then
              lockedUntil = now + math.min(lockout * math.pow(2, math.min(lockouts, 10)), maxLockout)
              lockouts = lockouts + 1
              failures = 0
            end
            redis.call('HSET', KEYS[1], 'failures', failures, 'lockouts', lockouts,
                       'lockedUntil', string.format('%d', lockedUntil), 'lastFailureAt', string.format('%d', now))
            redis.call('PEXPIRE', KEYS[1], math.max(lockedUntil, now) - now + forget + 1000)
            return failures
            """;

    private final RedisLink link;
    private volatile StatefulRedisConnection<String, String> connection;

    public RedisLimits(RedisLink link) {
        this.link = link;
    }

    /** Connects (the wiring calls it at start, with the bus and presence). */
    public void start() {
        connection = link.client().connect();
    }

    private RedisCommands<String, String> redis() {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) throw new IllegalStateException("shared limits not started");
        return c.sync();
    }

    private long eval(String script, String key, String... args) {
        Long n = redis().eval(script, ScriptOutputType.INTEGER, new String[] {key}, args);
        return n == null ? 0 : n;
    }

    private static String prefix(String name) {
        return "duet:limit:" + name + ":";
    }

    @Override
    public TokenBuckets tokenBuckets(String name, int burst, double perSecond) {
        if (burst < 1 || perSecond <= 0) throw new IllegalArgumentException("a bucket needs a burst and a rate");
        String prefix = prefix(name);
        String perMs = Double.toString(perSecond / 1000.0);
        // A bucket untouched this long is full again: the same as no key.
        String ttl = Long.toString((long) Math.ceil(burst * 1000.0 / perSecond) + 1000);
        String max = Integer.toString(burst);
        return new TokenBuckets() {
            @Override
            public boolean tryTake(String key) {
                return eval(TAKE, prefix + key, max, perMs, ttl) == 1;
            }

            @Override
            public void refund(String key) {
                eval(REFUND, prefix + key, max);
            }
        };
    }

    @Override
    public FixedWindows fixedWindows(String name, int limit, Duration window) {
        String prefix = prefix(name);
        String ms = Long.toString(window.toMillis());
        String max = Integer.toString(limit);
        return new FixedWindows() {
            @Override
            public Duration exhaustedFor(String key) {
                return Duration.ofMillis(eval(EXHAUSTED_FOR, prefix + key, max));
            }

            @Override
            public void record(String key) {
                eval(COUNT, prefix + key, ms);
            }
        };
    }

    @Override
    public ExpiringKeys expiringKeys(String name, Duration ttl) {
        String prefix = prefix(name);
        long ms = ttl.toMillis();
        return new ExpiringKeys() {
            @Override
            public boolean setIfAbsent(String key) {
                return "OK".equals(redis().set(prefix + key, "1", SetArgs.Builder.nx().px(ms)));
            }

            @Override
            public void set(String key) {
                redis().set(prefix + key, "1", SetArgs.Builder.px(ms));
            }

            @Override
            public boolean exists(String key) {
                Long n = redis().exists(prefix + key);
                return n != null && n > 0;
            }
        };
    }

    @Override
    public LoginLockouts loginLockouts(String name, int maxFailures, Duration lockout) {
        String prefix = prefix(name);
        String[] rules = {Integer.toString(maxFailures), Long.toString(lockout.toMillis()),
                Long.toString(LoginLockouts.MAX_LOCKOUT.toMillis()), Long.toString(LoginLockouts.FORGET_AFTER.toMillis())};
        return new LoginLockouts() {
            @Override
            public Duration lockedFor(String key) {
                return Duration.ofMillis(eval(LOCKED_FOR, prefix + key));
            }

            @Override
            public Duration recordFailure(String key) {
                return LoginLockouts.delayAfter((int) eval(FAIL, prefix + key, rules));
            }

            @Override
            public void recordSuccess(String key) {
                redis().del(prefix + key);
            }
        };
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) c.close();
    }
}
