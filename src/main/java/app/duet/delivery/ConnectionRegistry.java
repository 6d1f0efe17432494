package app.duet.delivery;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * This node's live connections, by user and by id, and the local end of the {@link EventBus}:
 * a bus message is handed to each matching connection's queue.
 */
public final class ConnectionRegistry implements Consumer<BusMessage> {
    private final Map<Long, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final Map<String, Connection> byId = new ConcurrentHashMap<>();

    /** @return whether this is the user's first open connection (they just came online) */
    public boolean add(Connection c) {
        byId.put(c.id(), c);
        boolean[] first = {false};
        byUser.compute(c.userId(), (user, set) -> {
            if (set == null) {
                set = ConcurrentHashMap.newKeySet();
                first[0] = true;
            }
            set.add(c);
            return set;
        });
        return first[0];
    }

    /** @return whether this was the user's last open connection (they just went offline) */
    public boolean remove(Connection c) {
        c.markClosed();
        if (byId.remove(c.id()) == null) return false;
        boolean[] last = {false};
        byUser.computeIfPresent(c.userId(), (user, set) -> {
            set.remove(c);
            if (set.isEmpty()) {
                last[0] = true;
                return null;
            }
            return set;
        });
        return last[0];
    }

    public boolean isOnline(long userId) {
        return byUser.containsKey(userId);
    }

    public int connectionCount() { return byId.size(); }

    public int onlineUserCount() { return byUser.size(); }

    public Collection<Connection> all() { return byId.values(); }

    @Override
    public void accept(BusMessage message) {
        switch (message) {
            case BusMessage.ToUsers m -> {
                for (long userId : m.userIds()) {
                    Set<Connection> set = byUser.get(userId);
                    if (set == null) continue;
                    for (Connection c : set) {
                        if (!c.id().equals(m.exceptConnectionId())) c.send(m.frame());
                    }
                }
            }
            case BusMessage.ToConnection m -> {
                Connection c = byId.get(m.connectionId());
                if (c != null) c.send(m.frame());
            }
            case BusMessage.CloseSession m -> {
                for (Connection c : byId.values()) {
                    if (c.sessionKey().equals(m.sessionKey())) c.close(m.closeCode(), m.reason());
                }
            }
        }
    }

    /** Closes every connection, for shutdown. */
    public void closeAll(int code, String reason) {
        for (Connection c : byId.values()) c.close(code, reason);
    }
}
