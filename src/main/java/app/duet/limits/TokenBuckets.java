package app.duet.limits;

/** A token bucket per key. */
public interface TokenBuckets {
    /** @return whether a token was taken (the key may act now) */
    boolean tryTake(String key);

    /** Gives back a token taken by {@link #tryTake}, up to the burst. */
    void refund(String key);
}
