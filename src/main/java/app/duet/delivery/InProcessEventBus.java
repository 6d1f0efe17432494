package app.duet.delivery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The single-node bus: publishing calls the subscribers on the publishing thread. */
public final class InProcessEventBus implements EventBus {
    private final List<Consumer<BusMessage>> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public void publish(BusMessage message) {
        for (Consumer<BusMessage> s : subscribers) s.accept(message);
    }

    @Override
    public void subscribe(Consumer<BusMessage> subscriber) {
        subscribers.add(subscriber);
    }

    @Override
    public void close() {
        subscribers.clear();
    }
}
