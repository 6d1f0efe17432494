package app.duet.delivery;

import app.duet.limits.Fallback;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * This node's live connections, by user and by id, and the local end of the {@link EventBus}:
 * a bus message is handed to each matching connection's queue.
 *
 * <p>It also holds the per-user socket cap ({@code maxPerUser}): a handshake {@link #reserve}s a
 * place once authenticated (none left: the handshake is refused with 429), the socket takes that
 * place when it is {@link #admit}ted, and the handshake {@link #release}s it if no socket took it.
 * Admission checks the cap again, atomically, so that however many handshakes race, a user never
 * holds more than {@code maxPerUser} registered connections here. A user's counts change only
 * inside {@code byUser.compute} for that user.
 *
 * <p>With many nodes the cap holds over all of them: a reservation is also recorded in the
 * {@link SharedSocketCounts} (refused there when the other nodes hold the rest of the user's
 * places), and each change of a user's count here is recorded there, without waiting. If the
 * shared counts do not answer, this node's cap alone decides.
 */
public final class ConnectionRegistry implements Consumer<BusMessage>, OnlineStatus {

    /** A place for one more socket of a user, held from its handshake until the socket is admitted or the handshake ends. */
    public static final class Slot {
        private final long userId;
        private final AtomicBoolean used = new AtomicBoolean();

        private Slot(long userId) {
            this.userId = userId;
        }

        public long userId() { return userId; }
    }

    /** What {@link #admit} did with a connection. */
    public enum Admission {
        /** Registered; it is the user's first (they just came online). */
        FIRST,
        /** Registered; the user had others. */
        ANOTHER,
        /** Not registered: the user holds {@code maxPerUser} connections already. */
        REFUSED
    }

    /** One user's registered connections and handshakes in progress. */
    private static final class UserSockets {
        final Set<Connection> open = ConcurrentHashMap.newKeySet();
        int handshakes;

        boolean unused() { return open.isEmpty() && handshakes == 0; }
    }

    private final int maxPerUser;
    private final Map<Long, UserSockets> byUser = new ConcurrentHashMap<>();
    private final Map<String, Connection> byId = new ConcurrentHashMap<>();
    private final AtomicInteger onlineUsers = new AtomicInteger();
    private final SharedSocketCounts shared; // null: one node

    /** A registry without a per-user cap. */
    public ConnectionRegistry() {
        this(Integer.MAX_VALUE);
    }

    public ConnectionRegistry(int maxPerUser) {
        this(maxPerUser, null);
    }

    /** @param shared the counts of all nodes, so the cap holds over them; null for one node */
    public ConnectionRegistry(int maxPerUser, SharedSocketCounts shared) {
        if (maxPerUser < 1) throw new IllegalArgumentException("maxPerUser must be >= 1");
        this.maxPerUser = maxPerUser;
        this.shared = shared;
    }

    /** Holds a place for one more socket of the user, or returns null if they have none left (here, or over all nodes). */
    public Slot reserve(long userId) {
        Slot[] slot = {null};
        int[] count = {0};
        byUser.compute(userId, (user, u) -> {
            if (u == null) u = new UserSockets();
            if (u.open.size() + u.handshakes < maxPerUser) {
                u.handshakes++;
                slot[0] = new Slot(userId);
            }
            count[0] = u.open.size() + u.handshakes;
            return u.unused() ? null : u;
        });
        if (slot[0] != null && shared != null
                && !Fallback.ask(true, () -> shared.tryRecord(userId, count[0], maxPerUser), () -> true)) {
            release(slot[0]);
            return null;
        }
        return slot[0];
    }

    /** Gives back a place that no socket took; does nothing for one already taken or released. */
    public void release(Slot slot) {
        if (slot == null) return;
        int[] count = {-1};
        byUser.computeIfPresent(slot.userId, (user, u) -> {
            if (slot.used.compareAndSet(false, true)) {
                u.handshakes--;
                count[0] = u.open.size() + u.handshakes;
            }
            recordShared(user, count[0]); // inside: counts reach Redis in the order they were taken
            return u.unused() ? null : u;
        });
    }

    /**
     * Tells the other nodes this node's new count of the user's sockets (-1: unchanged). Called
     * inside the user's {@code byUser.compute}, so that counts are handed to Redis (asynchronously,
     * never waiting) in the order they were taken: a count read earlier cannot land after a later one.
     */
    private void recordShared(long userId, int count) {
        if (shared == null || count < 0) return;
        Fallback.run(true, () -> shared.record(userId, count), () -> { });
    }

    /**
     * Registers a connection if its user is below the cap, counting the place its handshake held
     * ({@code slot}, may be null or already released) as its own.
     */
    public Admission admit(Connection c, Slot slot) {
        if (slot != null && slot.userId != c.userId()) throw new IllegalArgumentException("slot of another user");
        Admission[] result = {Admission.REFUSED};
        int[] count = {0};
        boolean[] slotTaken = {false};
        byUser.compute(c.userId(), (user, u) -> {
            if (u == null) u = new UserSockets();
            if (slot != null && slot.used.compareAndSet(false, true)) {
                u.handshakes--;
                slotTaken[0] = true;
            }
            if (u.open.size() + u.handshakes < maxPerUser) {
                boolean first = u.open.isEmpty();
                byId.put(c.id(), c);
                u.open.add(c);
                if (first) onlineUsers.incrementAndGet();
                result[0] = first ? Admission.FIRST : Admission.ANOTHER;
            }
            count[0] = u.open.size() + u.handshakes;
            // The count changed unless a handshake's place became this socket's.
            if (!(slotTaken[0] && result[0] != Admission.REFUSED)) recordShared(user, count[0]);
            return u.unused() ? null : u;
        });
        return result[0];
    }

    /**
     * Registers a connection without a handshake's place (subject to the cap all the same).
     *
     * @return whether this is the user's first open connection (they just came online)
     */
    public boolean add(Connection c) {
        return admit(c, null) == Admission.FIRST;
    }

    /** @return whether this was the user's last open connection (they just went offline) */
    public boolean remove(Connection c) {
        c.markClosed();
        if (byId.remove(c.id()) == null) return false;
        boolean[] last = {false};
        int[] count = {-1};
        byUser.computeIfPresent(c.userId(), (user, u) -> {
            if (u.open.remove(c)) {
                count[0] = u.open.size() + u.handshakes;
                if (u.open.isEmpty()) {
                    last[0] = true;
                    onlineUsers.decrementAndGet();
                }
            }
            recordShared(user, count[0]);
            return u.unused() ? null : u;
        });
        return last[0];
    }

    @Override
    public boolean isOnline(long userId) {
        UserSockets u = byUser.get(userId);
        return u != null && !u.open.isEmpty();
    }

    /**
     * Gives {@code action} each user's places taken here (open sockets and handshakes in
     * progress), read and acted on atomically with the user's reservations: the refresh of the
     * shared counts uses it, so a refresh cannot write a count older than a reservation's.
     */
    public void forEachPlacesTaken(java.util.function.BiConsumer<Long, Integer> action) {
        for (Long userId : byUser.keySet()) {
            byUser.computeIfPresent(userId, (user, u) -> {
                action.accept(user, u.open.size() + u.handshakes);
                return u;
            });
        }
    }

    /** The users with at least one registered connection on this node (a snapshot). */
    public java.util.List<Long> onlineUsers() {
        return byUser.entrySet().stream().filter(e -> !e.getValue().open.isEmpty()).map(Map.Entry::getKey).toList();
    }

    /** The user's registered connections on this node. */
    public int connectionCount(long userId) {
        UserSockets u = byUser.get(userId);
        return u == null ? 0 : u.open.size();
    }

    public int connectionCount() { return byId.size(); }

    public int onlineUserCount() { return onlineUsers.get(); }

    /** Bytes waiting to be written to all open sockets (a gauge; one walk over the connections per scrape). */
    public long queuedBytes() {
        long sum = 0;
        for (Connection c : byId.values()) sum += c.queuedBytes();
        return sum;
    }

    public Collection<Connection> all() { return byId.values(); }

    @Override
    public void accept(BusMessage message) {
        switch (message) {
            case BusMessage.ToUsers m -> {
                for (long userId : m.userIds()) {
                    UserSockets u = byUser.get(userId);
                    if (u == null) continue;
                    for (Connection c : u.open) {
                        if (!c.id().equals(m.exceptConnectionId())) c.send(m.frame());
                    }
                }
            }
            case BusMessage.ToConnection m -> {
                Connection c = byId.get(m.connectionId());
                if (c != null) c.send(m.frame());
            }
            case BusMessage.ToEveryone m -> {
                for (Connection c : byId.values()) c.send(m.frame());
            }
            case BusMessage.CloseSession m -> {
                for (Connection c : byId.values()) {
                    if (c.sessionKey().equals(m.sessionKey())) c.close(m.closeCode(), m.reason());
                }
            }
        }
    }

    /** Closes every connection of one user on this node (an operator disabled them or revoked their sessions). */
    public void closeUser(long userId, int code, String reason) {
        UserSockets u = byUser.get(userId);
        if (u == null) return;
        for (Connection c : List.copyOf(u.open)) c.close(code, reason);
    }

    /** Closes every connection, for shutdown. */
    public void closeAll(int code, String reason) {
        for (Connection c : byId.values()) c.close(code, reason);
    }
}
