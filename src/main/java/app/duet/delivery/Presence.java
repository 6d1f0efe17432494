package app.duet.delivery;

import app.duet.storage.Store;
import app.duet.model.User;

import java.util.List;

/**
 * Online means "has at least one open connection". A user's first connection opening and last
 * one closing are told to their contacts.
 */
public final class Presence {
    private final ConnectionRegistry registry;
    private final Events events;
    private final Store store;

    public Presence(ConnectionRegistry registry, Events events, Store store) {
        this.registry = registry;
        this.events = events;
        this.store = store;
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
        ConnectionRegistry.Admission admission = registry.admit(c, slot);
        if (admission == ConnectionRegistry.Admission.FIRST) events.presence(c.userId(), true, contactIds(c.userId()));
        return admission != ConnectionRegistry.Admission.REFUSED;
    }

    public void disconnected(Connection c) {
        if (registry.remove(c)) events.presence(c.userId(), false, contactIds(c.userId()));
    }

    private List<Long> contactIds(long userId) {
        return store.contacts(userId).stream().map(User::id).toList();
    }
}
