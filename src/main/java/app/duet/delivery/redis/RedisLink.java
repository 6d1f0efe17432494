package app.duet.delivery.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One node's Redis client, shared by the bus and the presence ledger, set up so that an outage is
 * short and loud rather than long and silent: commands fail at once while disconnected (nothing
 * piles up in Lettuce's queue), each waits at most {@link #COMMAND_TIMEOUT}, and the client
 * reconnects by itself, retrying every 50 ms doubling to 1 s.
 */
public final class RedisLink implements AutoCloseable {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final ClientResources resources;
    private final RedisClient client;
    private final String nodeId;

    /**
     * @param url    {@code redis://HOST:PORT} (Lettuce's URI syntax: a password, a database, {@code rediss://})
     * @param nodeId this node's name in Redis: unique among the running nodes
     */
    public RedisLink(String url, String nodeId) {
        this.nodeId = nodeId;
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, url);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
    }

    RedisClient client() { return client; }

    String nodeId() { return nodeId; }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        try {
            resources.shutdown(0, 2, TimeUnit.SECONDS).get(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // its threads are daemons: a slow shutdown does not hold the process
        }
    }
}
