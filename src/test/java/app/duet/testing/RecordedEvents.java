package app.duet.testing;

import app.duet.delivery.BusMessage;
import app.duet.delivery.ConnectionRegistry;
import app.duet.delivery.Events;
import app.duet.delivery.InProcessEventBus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The real in-process bus and connection registry, with every published message also kept in a
 * list, so that a test of a domain service can assert on exactly what it announced.
 */
public final class RecordedEvents {
    private final List<BusMessage> published = Collections.synchronizedList(new ArrayList<>());
    private final ConnectionRegistry registry;
    private final Events events;

    public RecordedEvents() {
        this(new ConnectionRegistry());
    }

    public RecordedEvents(ConnectionRegistry registry) {
        this.registry = registry;
        InProcessEventBus bus = new InProcessEventBus();
        bus.subscribe(registry);
        bus.subscribe(published::add);
        this.events = new Events(bus);
    }

    public Events events() { return events; }

    public ConnectionRegistry registry() { return registry; }

    /** Everything published so far, in order (a synchronized list). */
    public List<BusMessage> published() { return published; }
}
