package app.duet.contacts;

import app.duet.limits.ExpiringKeys;
import app.duet.limits.Fallback;
import app.duet.limits.TokenBuckets;
import app.duet.limits.UserRate;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits new contact requests, each of which notifies its recipient: a {@link UserRate} per sender
 * ({@code burst} requests at once, refilled at {@code perMinute}), and a cooldown per
 * (sender, recipient) after the recipient declined, so a declined request cannot be sent again
 * at once. In memory, per node; with many nodes both are {@code shared} (Redis), and the
 * in-memory ones only stand in while Redis does not answer.
 *
 * <p>Bounded: the senders as {@link UserRate} bounds them, and at most {@link #MAX_ENTRIES}
 * cooldowns. An expired cooldown means the same as no entry, and they are swept when the map
 * fills; if it is still full, a new one is not recorded (the sender's bucket still limits them).
 */
public final class ContactRequestLimiter {
    static final int MAX_ENTRIES = 100_000;

    private record Pair(long from, long to) { }

    private final UserRate senders;
    private final Map<Pair, Long> cooldownUntil = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long cooldownMs;
    private final int maxEntries;
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
        this.senders = new UserRate(clock, burst, perMinute / 60.0, maxEntries, sharedBuckets);
        this.clock = clock;
        this.cooldownMs = declineCooldown.toMillis();
        this.maxEntries = maxEntries;
        this.sharedCooldowns = sharedCooldowns;
    }

    private static String pairKey(long from, long to) {
        return from + ":" + to;
    }

    /** @return whether {@code from} may send a new request now (and if so, it is counted) */
    boolean tryAcquire(long from) {
        return senders.tryAcquire(from);
    }

    /** Gives back what {@link #tryAcquire} took, for a request that turned out not to be a new one. */
    void refund(long from) {
        senders.refund(from);
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

    /** Cooldowns held in memory. */
    int cooldowns() {
        return cooldownUntil.size();
    }
}
