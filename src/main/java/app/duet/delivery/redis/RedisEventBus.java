package app.duet.delivery.redis;

import app.duet.Metrics;
import app.duet.delivery.BusMessage;
import app.duet.delivery.EventBus;
import app.duet.delivery.Frames;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The bus between many nodes, over Redis pub/sub (one channel, {@value #CHANNEL}). Redis carries
 * signals only: the database is the record, and whatever the bus loses, clients fetch again.
 *
 * <p><b>Publishing</b> never stalls the caller (the group committer's publishing thread): the message is
 * delivered to this node's own subscriber at once (through {@link PairOrder}, like those from other
 * nodes), on the caller's thread (so this node's sockets
 * get its events even while Redis is away), then encoded ({@link BusCodec}) and queued for
 * {@code duet-redis-publish}, the one thread that publishes, in queue order, on one connection,
 * so messages published from one thread reach every other node in that order. The queue is
 * bounded ({@link #MAX_QUEUED} messages, {@link #MAX_QUEUED_BYTES} bytes); when full, the message
 * is dropped. Whatever is dropped or fails to publish (Redis down) is made good by a
 * {@code resync} to every socket of every other node, published as soon as publishing works again.
 *
 * <p><b>Receiving</b>: messages from other nodes (this node's own are skipped, delivered already)
 * go through {@link PairOrder}, which keeps each pair's seq order across publishers, to the
 * subscriber (the {@code ConnectionRegistry}), on Lettuce's event loop. Each message says when it
 * was published (by the publisher's wall clock); the time from then to its receipt here is the
 * bus lag ({@link Metrics#busLag}).
 *
 * <p><b>Outages</b>: Lettuce reconnects by itself and subscribes again; each time the
 * subscription is confirmed after the first, this node's sockets get {@code resync}: whatever was
 * published while it was away, they fetch from storage.
 */
public final class RedisEventBus implements EventBus {
    private static final Logger log = LoggerFactory.getLogger(RedisEventBus.class);
    static final String CHANNEL = "duet:bus";
    private static final byte[] CHANNEL_BYTES = CHANNEL.getBytes(StandardCharsets.UTF_8);
    static final int MAX_QUEUED = 100_000;
    static final long MAX_QUEUED_BYTES = 64L * 1024 * 1024;
    private static final int MAX_BATCH = 512;
    /** How long the publisher waits for Redis to come back before it gives a batch up. */
    static final Duration RETRY_FOR = Duration.ofSeconds(5);
    /** How long a pair's later message waits here for an earlier one from another node. */
    static final Duration ORDER_WINDOW = Duration.ofSeconds(1);

    private final RedisLink link;
    private final String nodeId;
    private final Metrics metrics;
    /** Wall time, not the configured clock: the lag compares two nodes' clocks, both set by NTP. */
    private final Clock wallClock = Clock.systemUTC();
    private final List<Consumer<BusMessage>> subscribers = new CopyOnWriteArrayList<>();
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Something this node published may not have reached the other nodes: tell them to resync. */
    private final AtomicBoolean othersMissedSome = new AtomicBoolean();
    private final AtomicBoolean subscribedOnce = new AtomicBoolean();
    private final ScheduledExecutorService timers;
    private final PairOrder order;
    private final Thread publisher;
    private volatile boolean closing;
    private StatefulRedisConnection<byte[], byte[]> pub;
    private StatefulRedisPubSubConnection<byte[], byte[]> sub;

    public RedisEventBus(RedisLink link, Metrics metrics) {
        this.link = link;
        this.nodeId = link.nodeId();
        this.metrics = metrics;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("duet-redis-order").daemon(true).unstarted(r));
        this.order = new PairOrder(this::deliverLocally, timers, ORDER_WINDOW, 1000, 200_000);
        this.publisher = Thread.ofPlatform().name("duet-redis-publish").daemon(true).unstarted(this::publishLoop);
    }

    /** Connects and subscribes; throws if Redis cannot be reached now (a node does not start without it). */
    @Override
    public void start() {
        pub = link.client().connect(ByteArrayCodec.INSTANCE);
        sub = link.client().connectPubSub(ByteArrayCodec.INSTANCE);
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                received(message);
            }

            @Override
            public void subscribed(byte[] channel, long count) {
                resubscribed();
            }
        });
        sub.sync().subscribe(CHANNEL_BYTES);
        publisher.start();
        log.info("Redis bus: node {} subscribed to {}", nodeId, CHANNEL);
    }

    @Override
    public void publish(BusMessage message) {
        order.accept(message); // this node's sockets first, in the pair's order with what came from other nodes
        if (closing) return;
        byte[] bytes = BusCodec.encode(nodeId, message, wallClock.instant());
        if (queuedBytes.addAndGet(bytes.length) > MAX_QUEUED_BYTES || !queue.offer(bytes)) {
            queuedBytes.addAndGet(-bytes.length);
            if (dropped.getAndIncrement() % 10_000 == 0) {
                log.warn("Redis bus: publish queue full ({} messages, {} bytes); dropping, the other nodes' sockets will resync",
                        queue.size(), queuedBytes.get());
            }
            othersMissedSome.set(true);
        }
    }

    @Override
    public void subscribe(Consumer<BusMessage> subscriber) {
        subscribers.add(subscriber);
    }

    /** Messages dropped because the publish queue was full. */
    public long dropped() { return dropped.get(); }

    private void deliverLocally(BusMessage message) {
        for (Consumer<BusMessage> s : subscribers) s.accept(message);
    }

    private void received(byte[] bytes) {
        BusCodec.Received r;
        try {
            r = BusCodec.decode(bytes);
        } catch (IllegalArgumentException e) {
            log.warn("Redis bus: ignoring a message that is not ours: {}", e.getMessage());
            return;
        }
        if (r.nodeId().equals(nodeId)) return; // delivered here when published
        if (r.publishedAt() != null) metrics.busLag(Duration.between(r.publishedAt(), wallClock.instant()));
        log.debug("Redis bus: received {} from {}", r.message(), r.nodeId());
        try {
            order.accept(r.message());
        } catch (RuntimeException e) {
            log.error("Redis bus: delivering a message failed", e);
        }
    }

    private void resubscribed() {
        if (!subscribedOnce.compareAndSet(false, true)) {
            log.warn("Redis bus: subscribed again after losing Redis; telling this node's sockets to resync");
            order.forgetAll();
            deliverLocally(new BusMessage.ToEveryone(Frames.resync()));
        }
    }

    private void publishLoop() {
        List<byte[]> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                byte[] first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) return;
                    if (othersMissedSome.get()) tellOthersToResync();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                for (byte[] b : batch) queuedBytes.addAndGet(-b.length);
                if (othersMissedSome.get()) tellOthersToResync();
                publishAll(batch);
            } catch (InterruptedException e) {
                if (!closing) log.warn("Redis bus: publisher interrupted");
            } catch (RuntimeException e) {
                log.error("Redis bus: publisher failed a batch", e);
                othersMissedSome.set(true);
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Publishes in order (commands on one connection are executed in order) and waits for them. If
     * Redis is away, waits up to {@link #RETRY_FOR} for the connection to come back and publishes
     * the rest again, so that a short outage loses nothing; after that, gives up on the batch and
     * the other nodes' sockets are told to resync.
     */
    private void publishAll(List<byte[]> batch) throws InterruptedException {
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        int from = 0;
        while (true) {
            int failed = publishFrom(batch, from);
            if (failed < 0) return;
            from = failed;
            while (!pub.isOpen() && System.nanoTime() < deadline && !closing) Thread.sleep(50);
            if (System.nanoTime() >= deadline || closing) {
                if (othersMissedSome.compareAndSet(false, true)) {
                    log.warn("Redis bus: could not publish {} messages; the other nodes' sockets will resync once it works again",
                            batch.size() - from);
                }
                return;
            }
        }
    }

    /** @return the index of the first message that failed, or -1 if all were published */
    private int publishFrom(List<byte[]> batch, int from) throws InterruptedException {
        List<RedisFuture<Long>> sent = new ArrayList<>(batch.size() - from);
        for (int i = from; i < batch.size(); i++) sent.add(pub.async().publish(CHANNEL_BYTES, batch.get(i)));
        int failed = -1;
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get(RedisLink.COMMAND_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                if (failed < 0) failed = from + i;
            }
        }
        return failed;
    }

    private void tellOthersToResync() {
        byte[] resync = BusCodec.encode(nodeId, new BusMessage.ToEveryone(Frames.resync()), wallClock.instant());
        try {
            pub.async().publish(CHANNEL_BYTES, resync).get(RedisLink.COMMAND_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            othersMissedSome.set(false);
            log.info("Redis bus: publishing works again; told the other nodes' sockets to resync");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            // still away: try again with the next message, or in 50 ms
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            if (publisher.isAlive()) publisher.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        if (sub != null) sub.close();
        if (pub != null) pub.close();
        subscribers.clear();
    }
}
