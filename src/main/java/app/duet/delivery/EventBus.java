package app.duet.delivery;

import java.util.function.Consumer;

/**
 * Fan-out between the code that changed something and the nodes holding the affected
 * connections. The first implementation is in-process; a Redis pub/sub one can take its
 * place for many nodes. Messages published from one thread reach a subscriber in that order.
 */
public interface EventBus extends AutoCloseable {

    /** Connects to whatever carries the messages, if anything; the wiring calls it once, before anything publishes. */
    default void start() { }

    /** Must not block on slow consumers. */
    void publish(BusMessage message);

    /** Registers this node's local delivery. */
    void subscribe(Consumer<BusMessage> subscriber);

    @Override
    void close();
}
