package app.duet.contacts;

import app.duet.limits.ExpiringKeys;
import app.duet.limits.Fallback;
import app.duet.limits.TokenBuckets;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits new contact requests, each of which notifies its recipient: a token bucket per sender
 * ({@code burst} requests at once, refilled at {@code perMinute}), and a cooldown per
 * (sender, recipient) after the recipient declined, so a declined request cannot be sent again
 * at once. In memory, per node; with many nodes both are {@code shared} (Redis), and the
 * in-memory ones only stand in while Redis does not answer.
 *
 * <p>Bounded: each map holds at most {@link #MAX_ENTRIES}. A full bucket (a sender who has not
 * asked for a while) and an expired cooldown mean the same as no entry, and are swept when a map
 * fills. If the buckets are still full after a sweep (that many users all asking within minutes),
 * a new sender is refused until room frees up; if the cooldowns are, a new one is not recorded
 * (the sender's bucket still limits them).
 */
public final class ContactRequestLimiter {
    static final int MAX_ENTRIES = 100_000;

    private record Bucket(double tokens, long at) { }

    private record Pair(long from, long to) { }

    private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<Pair, Long> cooldownUntil = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int burst;
    private final double perMilli;
    private final long cooldownMs;
    private final int maxEntries;
    private final TokenBuckets sharedBuckets; // null: one node
    private final ExpiringKeys sharedCooldowns; // null: one node

    public ContactRequestLimiter(Clock clock, int burst, double perMinute, Duration declineCooldown) {
        this(clock, burst, perMinute, declineCooldown, MAX_ENTRIES, null, null);
    }

    /**
     * @param sharedBuckets   the senders' buckets of all nodes, made with the same burst and rate; null for one node
     * @param sharedCooldowns the decline cooldowns of all nodes, made with the same duration; null for one node
     */
    public ContactRequestLimiter(Clock clock, int burst, double perMinute, Duration declineCooldown,
                                 TokenBuckets sharedBuckets, ExpiringKeys sharedCooldowns) {
        this(clock, burst, perMinute, declineCooldown, MAX_ENTRIES, sharedBuckets, sharedCooldowns);
    }

    ContactRequestLimiter(Clock clock, int burst, double perMinute, Duration declineCooldown, int maxEntries) {
        this(clock, burst, perMinute, declineCooldown, maxEntries, null, null);
    }

    private ContactRequestLimiter(Clock clock, int burst, double perMinute, Duration declineCooldown, int maxEntries,
                                  TokenBuckets sharedBuckets, ExpiringKeys sharedCooldowns) {
        this.clock = clock;
        this.burst = burst;
        this.perMilli = perMinute / 60_000.0;
        this.cooldownMs = declineCooldown.toMillis();
        this.maxEntries = maxEntries;
        this.sharedBuckets = sharedBuckets;
        this.sharedCooldowns = sharedCooldowns;
    }

    private static String pairKey(long from, long to) {
        return from + ":" + to;
    }

    /** @return whether {@code from} may send a new request now (and if so, it is counted) */
    boolean tryAcquire(long from) {
        return Fallback.ask(sharedBuckets != null, () -> sharedBuckets.tryTake(Long.toString(from)), () -> tryAcquireHere(from));
    }

    private boolean tryAcquireHere(long from) {
        long now = clock.millis();
        if (buckets.size() >= maxEntries && !buckets.containsKey(from)) {
            buckets.values().removeIf(b -> tokens(b, now) >= burst);
            if (buckets.size() >= maxEntries) return false;
        }
        boolean[] granted = {false};
        buckets.compute(from, (id, b) -> {
            double tokens = b == null ? burst : tokens(b, now);
            if (tokens >= 1) {
                granted[0] = true;
                tokens -= 1;
            }
            return new Bucket(tokens, now);
        });
        return granted[0];
    }

    /** Gives back what {@link #tryAcquire} took, for a request that turned out not to be a new one. */
    void refund(long from) {
        Fallback.run(sharedBuckets != null, () -> sharedBuckets.refund(Long.toString(from)), () -> refundHere(from));
    }

    private void refundHere(long from) {
        buckets.computeIfPresent(from, (id, b) -> new Bucket(Math.min(burst, b.tokens + 1), b.at));
    }

    /** {@code decliner} declined {@code from}'s request: {@code from} may not ask them again for the cooldown. */
    void declined(long from, long decliner) {
        if (cooldownMs <= 0) return;
        Fallback.run(sharedCooldowns != null, () -> sharedCooldowns.set(pairKey(from, decliner)), () -> declinedHere(from, decliner));
    }

    private void declinedHere(long from, long decliner) {
        long now = clock.millis();
        Pair key = new Pair(from, decliner);
        if (cooldownUntil.size() >= maxEntries && !cooldownUntil.containsKey(key)) {
            cooldownUntil.values().removeIf(until -> until <= now);
            if (cooldownUntil.size() >= maxEntries) return;
        }
        cooldownUntil.put(key, now + cooldownMs);
    }

    /** Whether {@code from} was declined by {@code to} less than the cooldown ago. */
    boolean coolingDown(long from, long to) {
        return Fallback.ask(sharedCooldowns != null, () -> sharedCooldowns.exists(pairKey(from, to)), () -> coolingDownHere(from, to));
    }

    private boolean coolingDownHere(long from, long to) {
        Pair key = new Pair(from, to);
        Long until = cooldownUntil.get(key);
        if (until == null) return false;
        if (until > clock.millis()) return true;
        cooldownUntil.remove(key, until);
        return false;
    }

    int size() {
        return buckets.size() + cooldownUntil.size();
    }

    private double tokens(Bucket b, long now) {
        long elapsed = Math.max(0, now - b.at); // a wall clock may step back
        return Math.min(burst, b.tokens + elapsed * perMilli);
    }
}
