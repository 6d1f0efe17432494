package app.duet.delivery;

/**
 * Each node's count of a user's sockets, seen by all nodes, so that the per-user cap holds over
 * all of them ({@code delivery.redis.RedisSocketCounts}). One node has none.
 */
public interface SharedSocketCounts {
    /**
     * Records that this node now holds {@code here} sockets of the user (open or in handshake),
     * unless with the other nodes' that makes more than {@code max}.
     *
     * @return whether it was recorded (false: over the cap)
     */
    boolean tryRecord(long userId, int here, int max);

    /** Records this node's count of the user's sockets, without waiting (0 removes this node's entry). */
    void record(long userId, int here);
}
