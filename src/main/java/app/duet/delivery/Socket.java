package app.duet.delivery;

import java.util.function.Consumer;

/** The transport under a {@link Connection}: implemented over a Jetty WebSocket session by the web layer. */
public interface Socket {

    /**
     * Queues a text frame; {@code done} gets null once it is written, or the failure. Must not
     * block, and must not copy or change the frame's bytes: they are shared with other sockets.
     */
    void sendText(OutboundFrame frame, Consumer<Throwable> done);

    /** Sends a ping control frame. */
    void ping();

    /** Starts a clean close with a close frame. */
    void close(int code, String reason);

    /** Drops the TCP connection at once, without a close handshake. */
    void disconnect();
}
