package app.duet.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open WebSocket of one user, with an outbound queue bounded in frames and in bytes.
 *
 * <p>Threads: {@link #send} is called by whatever thread publishes an event (the group committer,
 * request threads) and never blocks: the frame goes into the transport's own queue, and this class
 * only counts the frames, and their bytes, not yet written. A client that stops reading lets either
 * count pass its bound ({@code maxQueued} frames, {@code maxQueuedBytes} bytes); it is then
 * disconnected, so it can never hold back anyone else, nor hold more than its budget of memory.
 * The bytes counted are the frame's shared encoding ({@link OutboundFrame}): a frame sent to many
 * sockets is counted against each one's budget but held in memory once.
 *
 * <p>A connection made by {@link #awaitingOpen} holds its frames until {@link #open} sends the
 * first one ({@code hello}): it can be registered, and so miss no event, before the client hears
 * anything.
 */
public final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final String id;
    private final long userId;
    private final String sessionKey;
    private final Socket socket;
    private final int maxQueued;
    private final long maxQueuedBytes;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastHeardAt;
    /** Frames published before {@link #open}; null once open. Changed under {@code this}. */
    private volatile List<OutboundFrame> held;
    /** Bytes of {@code held}; changed under {@code this}. */
    private long heldBytes;

    public Connection(String id, long userId, String sessionKey, Socket socket, int maxQueued, long maxQueuedBytes, long now) {
        this.id = id;
        this.userId = userId;
        this.sessionKey = sessionKey;
        this.socket = socket;
        this.maxQueued = maxQueued;
        this.maxQueuedBytes = maxQueuedBytes;
        this.lastHeardAt = now;
    }

    public String id() { return id; }

    public long userId() { return userId; }

    public String sessionKey() { return sessionKey; }

    public boolean isClosed() { return closed.get(); }

    public int queuedFrames() { return queued.get(); }

    public long queuedBytes() { return queuedBytes.get(); }

    /** A connection that holds what is sent to it until {@link #open}. */
    public static Connection awaitingOpen(String id, long userId, String sessionKey, Socket socket, int maxQueued,
                                          long maxQueuedBytes, long now) {
        Connection c = new Connection(id, userId, sessionKey, socket, maxQueued, maxQueuedBytes, now);
        c.held = new ArrayList<>();
        return c;
    }

    /** Sends {@code first}, then whatever was published since the connection was created. */
    public void open(OutboundFrame first) {
        synchronized (this) {
            if (held == null) throw new IllegalStateException("connection " + id + " is open already");
            transmit(first);
            for (OutboundFrame f : held) transmit(f);
            held = null; // last: a sender that saw frames held waits on the lock and comes after them
            heldBytes = 0;
        }
    }

    /** Queues a frame; a full queue disconnects the client. Never blocks. */
    public void send(OutboundFrame frame) {
        if (closed.get()) return;
        if (held != null) {
            synchronized (this) {
                if (held != null) {
                    if (held.size() < maxQueued && heldBytes + frame.size() <= maxQueuedBytes) {
                        held.add(frame);
                        heldBytes += frame.size();
                    } else {
                        overflow();
                    }
                    return;
                }
            }
        }
        transmit(frame);
    }

    private void transmit(OutboundFrame frame) {
        if (closed.get()) return;
        int size = frame.size();
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            overflow();
            return;
        }
        if (queuedBytes.addAndGet(size) > maxQueuedBytes) {
            queuedBytes.addAndGet(-size);
            queued.decrementAndGet();
            overflow();
            return;
        }
        socket.sendText(frame, failure -> {
            queued.decrementAndGet();
            queuedBytes.addAndGet(-size);
            if (failure != null && closed.compareAndSet(false, true)) socket.disconnect();
        });
    }

    private void overflow() {
        if (!closed.compareAndSet(false, true)) return;
        log.warn("disconnecting connection {} of user {}: {} frames ({} bytes) waiting, it does not keep up",
                id, userId, queued.get(), queuedBytes.get());
        // The close frame would wait behind the stuck ones: drop the connection instead.
        socket.disconnect();
    }

    /** Records that the client said something (any frame, pongs included). */
    public void heard(long now) {
        lastHeardAt = now;
    }

    public long lastHeardAt() { return lastHeardAt; }

    public void ping() {
        if (!closed.get()) socket.ping();
    }

    public void close(int code, String reason) {
        if (closed.compareAndSet(false, true)) socket.close(code, reason);
    }

    /** Called when the transport reports the socket gone. */
    void markClosed() {
        closed.set(true);
    }
}
