package app.duet.accounts;

import app.duet.limits.Fallback;
import app.duet.limits.FixedWindows;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} events per client address in each window of {@code window} (failed logins,
 * registrations). A limit of 0 turns it off. IPv6 addresses count by their /64, the block one
 * household or one server is given, so that one client cannot step around the limit.
 *
 * <p>Bounded: windows that have ended are forgotten when the map grows past {@link #MAX_TRACKED};
 * if it is still full of live windows, new addresses go uncounted rather than grow the heap.
 * In memory, per node; with many nodes the windows are {@code shared} (Redis, keyed the same way),
 * and the in-memory ones only stand in while Redis does not answer.
 */
final class AddressBudget {
    static final int MAX_TRACKED = 100_000;

    private record Window(long start, int count) { }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int limit;
    private final long windowMillis;
    private final FixedWindows shared; // null: one node

    AddressBudget(Clock clock, int limit, Duration window) {
        this(clock, limit, window, null);
    }

    /** @param shared the windows of all nodes, made with the same limit and window; null for one node */
    AddressBudget(Clock clock, int limit, Duration window, FixedWindows shared) {
        this.clock = clock;
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.shared = shared;
    }

    /** @return how long until this address's window ends if it has used up its budget, else zero */
    Duration exhaustedFor(String address) {
        if (limit == 0 || address == null) return Duration.ZERO;
        String key = key(address);
        return Fallback.ask(shared != null, () -> shared.exhaustedFor(key), () -> exhaustedForHere(key));
    }

    /** Counts one event against the address. */
    void record(String address) {
        if (limit == 0 || address == null) return;
        String key = key(address);
        Fallback.run(shared != null, () -> shared.record(key), () -> recordHere(key));
    }

    private Duration exhaustedForHere(String key) {
        Window w = windows.get(key);
        long left = w == null ? 0 : w.start + windowMillis - clock.millis();
        return w != null && w.count >= limit && left > 0 && left <= windowMillis ? Duration.ofMillis(left) : Duration.ZERO;
    }

    private void recordHere(String key) {
        long now = clock.millis();
        if (windows.size() >= MAX_TRACKED && !windows.containsKey(key)) {
            windows.values().removeIf(w -> now - w.start >= windowMillis || now < w.start);
            if (windows.size() >= MAX_TRACKED) return;
        }
        windows.compute(key, (k, w) -> w == null || now - w.start >= windowMillis || now < w.start
                ? new Window(now, 1) : new Window(w.start, w.count + 1));
    }

    int tracked() {
        return windows.size();
    }

    /** The address itself for IPv4; the first four groups (the /64) for IPv6. */
    static String key(String address) {
        if (address.indexOf(':') < 0) return address;
        return app.duet.IpLiteral.parse(address)
                .map(java.net.InetAddress::getAddress)
                .filter(bytes -> bytes.length == 16)
                .map(bytes -> java.util.HexFormat.of().formatHex(bytes, 0, 8) + "::/64")
                .orElse(address);
    }
}
