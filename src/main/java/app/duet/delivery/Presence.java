package app.duet.delivery;

import app.duet.storage.Store;
import app.duet.model.User;

import java.time.Clock;
import java.util.List;

/**
 * Online means "has at least one open connection" on any node. A user's first connection opening
 * and last one closing are told to their contacts; across nodes the {@link PresenceLedger} says
 * whether a first or last connection here is the first or last anywhere. A user's registration
 * and the ledger's answer happen under one of {@link #STRIPES} locks, so that on this node a
 * user's arrival and departure reach the ledger in the order they happened.
 */
public final class Presence {
    private static final int STRIPES = 64;

    private final ConnectionRegistry registry;
    private final Events events;
    private final Store store;
    private final LastSeenWriter lastSeen;
    private final PresenceLedger ledger;
    private final Clock clock;
    private final Object[] locks = new Object[STRIPES];

    /**
     * @param lastSeen writes "last seen" when a user's last connection closes
     * @param clock stamps it
     */
    public Presence(ConnectionRegistry registry, Events events, Store store, LastSeenWriter lastSeen, PresenceLedger ledger,
            Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.events = events;
        this.store = store;
        this.lastSeen = lastSeen;
        this.ledger = ledger;
        for (int i = 0; i < STRIPES; i++) locks[i] = new Object();
        ledger.whenOfflineElsewhere(this::wentOfflineElsewhere);
    }

    /** The ledger found the user's last connections were on a node that died: their contacts hear offline, unless they are back here. */
    private void wentOfflineElsewhere(long userId) {
        synchronized (lock(userId)) {
            if (registry.isOnline(userId)) return;
        }
        wentOffline(userId);
    }

    private Object lock(long userId) {
        return locks[(int) Math.floorMod(userId, (long) STRIPES)];
    }

    /** Holds a place for one more socket of the user during its handshake; null if they hold too many. */
    public ConnectionRegistry.Slot reserveSocket(long userId) {
        return registry.reserve(userId);
    }

    /** Gives back a handshake's place if no socket took it. */
    public void releaseSocket(ConnectionRegistry.Slot slot) {
        registry.release(slot);
    }

    public void connected(Connection c) {
        connected(c, null);
    }

    /**
     * Registers a new connection, in the place its handshake held ({@code slot}, may be null).
     *
     * @return false if refused: the user already holds as many connections as allowed
     */
    public boolean connected(Connection c, ConnectionRegistry.Slot slot) {
        boolean cameOnline;
        ConnectionRegistry.Admission admission;
        synchronized (lock(c.userId())) {
            admission = registry.admit(c, slot);
            cameOnline = admission == ConnectionRegistry.Admission.FIRST && ledger.arrived(c.userId());
        }
        if (cameOnline) events.presence(c.userId(), true, 0, contactIds(c.userId()));
        return admission != ConnectionRegistry.Admission.REFUSED;
    }

    public void disconnected(Connection c) {
        boolean wentOffline;
        synchronized (lock(c.userId())) {
            wentOffline = registry.remove(c) && ledger.left(c.userId());
        }
        if (wentOffline) wentOffline(c.userId());
    }

    /** Records when the user was last seen (extension "last seen", for contacts only) and tells their contacts. */
    private void wentOffline(long userId) {
        long now = clock.millis();
        lastSeen.record(userId, now);
        events.presence(userId, false, now, contactIds(userId));
    }

    private List<Long> contactIds(long userId) {
        return store.contacts(userId).stream().map(User::id).toList();
    }
}
