package app.duet.delivery.redis;

import app.duet.testing.RedisProcess;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A real Redis and two nodes' links to it ("node-1", "node-2"), plus a plain connection for the
 * test to look at keys with: the fixture of the Redis adapters' two-node unit tests.
 */
final class TwoNodesOnOneRedis implements AutoCloseable {
    final RedisProcess redis = RedisProcess.start();
    final RedisLink link1 = new RedisLink(redis.url(), "node-1");
    final RedisLink link2 = new RedisLink(redis.url(), "node-2");
    private final StatefulRedisConnection<String, String> peek = link1.client().connect();

    /** Commands for looking at (or planting) keys directly. */
    RedisCommands<String, String> peek() {
        return peek.sync();
    }

    /** Empties Redis, between tests. */
    void flush() {
        peek.sync().flushall();
    }

    @Override
    public void close() {
        peek.close();
        link1.close();
        link2.close();
        redis.close();
    }
}
