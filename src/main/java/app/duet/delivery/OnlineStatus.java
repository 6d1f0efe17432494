package app.duet.delivery;

/**
 * Whether a user has a live connection: what services show as {@code online} in contacts and
 * chat boxes. Implemented by this node's {@link ConnectionRegistry}; a Redis-backed presence set
 * takes its place when there are many nodes.
 */
@FunctionalInterface
public interface OnlineStatus {
    boolean isOnline(long userId);
}
