package app.duet.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A stand-in for the transport edge (a Jetty WebSocket session): it records what would go on the
 * wire and lets the test decide when a queued frame has been written (or failed), so a client
 * that stops reading can be simulated without a network.
 */
final class FakeSocket implements Socket {
    final List<String> sent = new ArrayList<>();
    private final List<Consumer<Throwable>> pending = new ArrayList<>();
    /** Complete each write at once, as a fast reader would. */
    boolean autoComplete;
    int pings;
    int disconnects;
    final List<Integer> closeCodes = new ArrayList<>();

    static FakeSocket fast() {
        FakeSocket s = new FakeSocket();
        s.autoComplete = true;
        return s;
    }

    static FakeSocket stuck() {
        return new FakeSocket();
    }

    @Override
    public synchronized void sendText(OutboundFrame frame, Consumer<Throwable> done) {
        sent.add(frame.text());
        if (autoComplete) done.accept(null);
        else pending.add(done);
    }

    @Override
    public synchronized void ping() {
        pings++;
    }

    @Override
    public synchronized void close(int code, String reason) {
        closeCodes.add(code);
    }

    @Override
    public synchronized void disconnect() {
        disconnects++;
    }

    /** The oldest queued frame reaches the client. */
    void writeOne() {
        Consumer<Throwable> done;
        synchronized (this) {
            done = pending.removeFirst();
        }
        done.accept(null);
    }

    /** The oldest queued frame cannot be written. */
    void failOne(Throwable failure) {
        Consumer<Throwable> done;
        synchronized (this) {
            done = pending.removeFirst();
        }
        done.accept(failure);
    }

    synchronized int pendingWrites() {
        return pending.size();
    }

    synchronized int pingCount() {
        return pings;
    }

    synchronized List<Integer> closes() {
        return List.copyOf(closeCodes);
    }

    synchronized List<String> sent() {
        return List.copyOf(sent);
    }
}
