package app.duet.delivery;

import app.duet.storage.Store;
import app.duet.storage.User;

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

    public void connected(Connection c) {
        if (registry.add(c)) events.presence(c.userId(), true, contactIds(c.userId()));
    }

    public void disconnected(Connection c) {
        if (registry.remove(c)) events.presence(c.userId(), false, contactIds(c.userId()));
    }

    private List<Long> contactIds(long userId) {
        return store.contacts(userId).stream().map(User::id).toList();
    }
}
