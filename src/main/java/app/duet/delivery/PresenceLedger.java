package app.duet.delivery;

import java.util.function.LongConsumer;

/**
 * Where a user's presence is kept across nodes: {@link Presence} asks it whether a user's first
 * connection on this node makes them online (they hold none on any other node) and whether the
 * last one closing here makes them offline. One node needs nothing more than its own
 * {@link ConnectionRegistry} ({@link #singleNode}); many nodes share a ledger in Redis.
 */
public interface PresenceLedger extends OnlineStatus {

    /** The user's first connection on this node opened: true if they now hold connections on this node only (they came online). */
    boolean arrived(long userId);

    /** The user's last connection on this node closed: true if they hold none on any node (they went offline). */
    boolean left(long userId);

    /**
     * Registers who to tell when a user went offline elsewhere: their last connections were on a
     * node that stopped without saying so (killed), and the ledger found out. Called once, before
     * {@link #start}; one node never calls it.
     */
    default void whenOfflineElsewhere(LongConsumer listener) { }

    /** Starts whatever keeps the ledger fresh; called once by the wiring. */
    default void start() { }

    default void close() { }

    /** One node: the registry knows every connection; first and last here are first and last anywhere. */
    static PresenceLedger singleNode(OnlineStatus registry) {
        return new PresenceLedger() {
            @Override
            public boolean isOnline(long userId) { return registry.isOnline(userId); }

            @Override
            public boolean arrived(long userId) { return true; }

            @Override
            public boolean left(long userId) { return true; }
        };
    }
}
